package app

import (
	"fmt"
	"io"
	"time"

	"carekeeper/internal/atomicfile"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// recoveryPDF writes the recovery code as a one-page A4 PDF to print and keep: the code in
// large type and what it is for. It holds no health data and no name.
func recoveryPDF(w io.Writer, code string, made time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("CareKeeper recovery code", true)
	pdf.SetCreator("CareKeeper", true)
	pdf.SetCreationDate(made)
	pdf.SetModificationDate(made)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 22)
	pdf.CellFormat(0, 14, "CareKeeper recovery code", "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 12)
	pdf.MultiCell(0, 6, "If you forget your passphrase, this code is the only way back into your records. "+
		"Keep this page somewhere safe, away from the computer (with your important papers). "+
		"Anyone who has this code and the computer can open the records.", "", "L", false)
	pdf.Ln(10)
	pdf.SetFont("Courier", "B", 20)
	pdf.SetFillColor(240, 240, 240)
	pdf.MultiCell(0, 12, code, "1", "C", true)
	pdf.Ln(10)
	pdf.SetFont("Helvetica", "", 12)
	pdf.MultiCell(0, 6, "To use it: open CareKeeper, choose \"Forgot passphrase? Use recovery code\" on the unlock screen, "+
		"type this code, then choose a new passphrase. The code stays the same.", "", "L", false)
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "I", 10)
	pdf.CellFormat(0, 6, fmt.Sprintf("Made on %s.", made.Format("2 Jan 2006")), "", 1, "L", false, 0, "")
	return pdf.Output(w)
}

// onSavePDF asks where to save the recovery code as a PDF, to print it.
func (c *recoveryCodeCard) onSavePDF() {
	c.u.saveFile("carekeeper-recovery-code.pdf", "", c.savePDF)
}

// savePDF writes the recovery code PDF to path (0600, atomically).
func (c *recoveryCodeCard) savePDF(path string) {
	code := c.code.Text
	err := atomicfile.Write(path, func(w io.Writer) error { return recoveryPDF(w, code, time.Now()) })
	if err != nil {
		showError(c.u.win, lang.L("Could not save the recovery code"), err)
		return
	}
	c.savedTo = path
	dialog.NewInformation(lang.L("Recovery code saved"),
		lang.L("Print the PDF, keep the page somewhere safe, then delete the file from this computer."), c.u.win).Show()
}
