package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/journey"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// summaryPeriods are the periods a visit summary can cover.
var summaryPeriods = []struct {
	label string
	days  int
}{{"Last 3 months", 91}, {"Last 6 months", 182}, {"Last year", 365}, {"Last 3 years", 3 * 365}}

// summaryDialog prepares a visit summary: a person and a period → a PDF (and optionally a FHIR
// Bundle in the shape of the International Patient Summary, beside it).
type summaryDialog struct {
	s       *shell
	person  *widget.Select
	period  *widget.Select
	bundle  *widget.Check
	message messageLabel
	bar     *widget.ProgressBarInfinite
	saveBt  *widget.Button
	cancel  context.CancelFunc
	dialog  *dialog.CustomDialog
	written []string // the files written by the last save
	done    func()   // tests: called after a save ends
	fit     func()   // sizes the dialog to its content, within the window
}

// openVisitSummary asks for the person and period, then where to save the PDF.
func (s *shell) openVisitSummary() {
	if len(s.people) == 0 {
		dialog.NewInformation(lang.L("Prepare a visit summary"), lang.L("Import records or add a person first."), s.u.win).Show()
		return
	}
	d := &summaryDialog{s: s, message: newMessageLabel(), bar: widget.NewProgressBarInfinite()}
	d.bar.Stop()
	d.bar.Hide()
	names := personLabels(s.people)
	d.person = widget.NewSelect(names, nil)
	d.person.SetSelectedIndex(0)
	for i, p := range s.people {
		if p.ID == s.profile {
			d.person.SetSelectedIndex(i)
		}
	}
	var periods []string
	for _, p := range summaryPeriods {
		periods = append(periods, lang.L(p.label))
	}
	d.period = widget.NewSelect(periods, nil)
	d.period.SetSelectedIndex(1)
	// A check box's text does not wrap: a short one, and what it is in a line that does (the
	// whole sentence made the dialog wider than a 1024×600 window at 200 % text, F430).
	d.bundle = widget.NewCheck(lang.L("Also save a FHIR file"), nil)
	bundleHelp := lowText(lang.L("An International Patient Summary, for another health app."))
	help := lowText("")
	// Of a person who died no visit is to come: the period is counted back from the death
	// (journey ends it there) and nothing asks their questions (F212).
	sayHelp := func() {
		words := lang.L("A printable summary for the next visit: conditions, medicines with how regularly they were taken, allergies, immunizations, recent results with trends, home measurements, check-ins and the questions for the doctor. The files are not encrypted: keep them safe.")
		if i := d.person.SelectedIndex(); i >= 0 && i < len(s.people) && s.deaths[s.people[i].ID].Deceased {
			words = lang.L("A printable summary of the records of a person who died: the period ends at the death (\"Last 6 months\" are the last six months of their life). Conditions, medicines with how regularly they were taken, allergies, immunizations, results with trends, home measurements and check-ins. The files are not encrypted: keep them safe.")
		}
		help.SetText(words)
		if d.fit != nil {
			// a longer explanation (a person who died) gets its room: its last line, the
			// warning that the files are not encrypted, was drawn under the Person row (F297)
			d.fit()
		}
	}
	sayHelp()
	d.person.OnChanged = func(string) { sayHelp() }
	form := widget.NewForm(widget.NewFormItem(lang.L("Person"), boxed(d.person, nil)), widget.NewFormItem(lang.L("Period"), boxed(d.period, nil)))
	d.saveBt = widget.NewButtonWithIcon(lang.L("Save as PDF…"), theme.DocumentSaveIcon(), d.chooseFile)
	d.saveBt.Importance = widget.HighImportance
	closeBt := widget.NewButton(lang.L("Close"), func() { d.dialog.Hide() })
	// The form scrolls in a dialog that fits the window: at 200 % text on a 1024×600 screen the
	// dialog was wider and taller than the window, its buttons drawn over the Period box and
	// nothing scrolled (F430).
	width := min(520, s.u.win.Canvas().Size().Width-80) // the column, within the window
	content := container.New(columnLayout{width: width}, help, form, d.bundle, bundleHelp, d.message.Label, d.bar)
	d.dialog = dialog.NewCustomWithoutButtons(lang.L("Prepare a visit summary"), container.NewVScroll(content), s.u.win)
	d.dialog.SetButtons([]fyne.CanvasObject{closeBt, d.saveBt})
	d.fit = func() {
		fitDialog(d.dialog, s.u.win, width, content.MinSize().Height+d.dialog.MinSize().Height)
		d.dialog.Refresh()
	}
	escapePresses(d.dialog, closeBt)
	d.dialog.SetOnClosed(func() {
		if d.cancel != nil {
			d.cancel()
		}
	})
	s.summary = d
	d.dialog.Show()
	d.fit()
}

// chooseFile asks where to save the PDF.
func (d *summaryDialog) chooseFile() {
	u := d.s.u
	name := "visit-summary-"
	now := u.auto.clock.Now()
	day := now.In(u.rem.device())
	if i := d.person.SelectedIndex(); i >= 0 && i < len(d.s.people) {
		name += fileNamePart(d.s.people[i].Name) // whose it is: one name for everyone saved Mum's over Dad's (F212)
		// the day on the person's clock, as the summary dates itself (F303)
		day = now.In(personZone(d.s.v, d.s.people[i].ID, u.rem.device(), now).Loc)
	}
	u.saveFile(name+day.Format("2006-01-02")+".pdf", "", d.save)
}

// fileNamePart is a person's name for a file name, followed by "-": letters and digits kept,
// every other run of characters one "-", at most 40 letters; "" for a name with none.
func fileNamePart(name string) string {
	var b strings.Builder
	n, dash := 0, false
	for _, r := range name {
		if n >= 40 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			n, dash = n+1, false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return b.String() + "-"
}

// period is the chosen [from, to).
func (d *summaryDialog) periodRange(now time.Time) (time.Time, time.Time) {
	days := summaryPeriods[1].days
	if i := d.period.SelectedIndex(); i >= 0 {
		days = summaryPeriods[i].days
	}
	to := now.Add(time.Minute)
	return to.AddDate(0, 0, -days), to
}

// save writes the PDF to path (and the Bundle beside it, path with .json), with progress.
func (d *summaryDialog) save(path string) {
	s := d.s
	i := d.person.SelectedIndex()
	if i < 0 || i >= len(s.people) || s.u.vault == nil {
		return
	}
	profile := s.people[i].ID
	now := s.u.auto.clock.Now()
	// The summary's days are the person's (their clock, this computer's while they follow
	// it), as Today and Results say them (F78).
	dev := s.u.rem.device()
	from, to := d.periodRange(now)
	withBundle := d.bundle.Checked
	ctx, cancel := context.WithCancel(s.u.ctx)
	d.cancel = cancel
	d.saveBt.Disable()
	d.bar.Show()
	d.bar.Start()
	d.message.setHint(lang.L("Preparing the summary…"))
	v := s.v
	var (
		written []string
		err     error
	)
	s.u.goVault(func() {
		if err = hhvault.NotInSharedFolder(v, path, strings.TrimSuffix(path, filepath.Ext(path))+".json"); err != nil {
			return // plaintext stays out of the household's shared folder (F163)
		}
		var sum *journey.Summary
		if sum, err = journey.BuildSummary(ctx, v, profile, from, to, now, journey.LoadOptions{Device: dev}); err != nil {
			return
		}
		if err = atomicfile.Write(path, func(w io.Writer) error { return journey.WritePDF(w, sum) }); err != nil {
			return
		}
		written = append(written, path)
		if withBundle {
			// written as it is made, as the CLI writes it: one person's 100,000 readings
			// made a 98 MB Bundle, held whole twice over while it grew
			jpath := strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
			if err = atomicfile.Write(jpath, sum.WriteBundle); err != nil {
				return
			}
			written = append(written, jpath)
		}
	}, func() {
		cancel()
		d.bar.Stop()
		d.bar.Hide()
		d.saveBt.Enable()
		d.written = written
		switch {
		case errors.Is(err, context.Canceled):
			d.message.setHint(lang.L("Cancelled."))
		case err != nil:
			d.message.setError(lang.L("Could not write the summary") + ": " + errorText(err))
		default:
			var names []string
			for _, w := range written {
				names = append(names, filepath.Base(w))
			}
			d.message.setHint(fmt.Sprintf(lang.L("Saved %s."), strings.Join(names, lang.L(" and "))))
		}
		if d.done != nil {
			d.done()
		}
	})
}
