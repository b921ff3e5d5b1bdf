package app

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/intake"
	"carekeeper/internal/shc"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Settings → Card issuers you trust: the health card issuers whose signatures an import checks
// (the same list as `carekeeper cards trust|fetch|issuers`): add one from the key file (JWKS)
// it publishes, remove one after asking. Issuers a clinic configuration trusts are listed too,
// and cannot be removed here.

// cardIssuersSection is the Settings section listing the trusted issuers.
type cardIssuersSection struct {
	s       *shell
	content fyne.CanvasObject
	list    *fyne.Container
	empty   *widget.Label // what this is for, shown while nobody is trusted
	addBt   *widget.Button
	add     *addIssuerDialog      // the last one opened
	confirm *dialog.ConfirmDialog // the last removal asked about
	shown   []shc.Issuer          // the issuers listed, the vault's first
}

// issuersIntro says what trusting an issuer does; it is shown above an empty list.
const issuersIntro = "Health cards (vaccination and test records as QR codes or .smart-health-card " +
	"files) are signed by whoever issued them. Cards from an issuer you trust here import as " +
	"\"signature verified\"; cards from others import as \"signature not checked\". To trust an " +
	"issuer, add the key file it publishes at its address followed by /.well-known/jwks.json."

func newCardIssuersSection(s *shell) *cardIssuersSection {
	c := &cardIssuersSection{s: s, list: container.NewVBox(), empty: paragraph(lang.L(issuersIntro))}
	c.addBt = widget.NewButtonWithIcon(lang.L("Add an issuer…"), theme.ContentAddIcon(), c.openAdd)
	c.content = container.NewVBox(c.empty, c.list, container.NewHBox(c.addBt))
	return c
}

// load reads the trusted issuers (on the vault goroutine) and returns what shows them.
func (c *cardIssuersSection) load(d *pageData) func() {
	saved, err := shc.Issuers(d.ctx, d.v)
	var clinicList []shc.Issuer
	if cfg := c.s.u.clinicConfig(); cfg != nil {
		clinicList = intake.ClinicIssuers(cfg.HealthCardIssuers)
	}
	return func() {
		if err != nil {
			c.s.m.showError(lang.L("Could not read the trusted card issuers"), err)
			return
		}
		c.show(append(saved, clinicList...))
	}
}

// reload reads the list again after a change.
func (c *cardIssuersSection) reload() {
	u := c.s.u
	var d pageData
	var apply func()
	u.goVault(func() {
		d = pageData{ctx: u.ctx, v: u.vault}
		apply = c.load(&d)
	}, func() {
		if u.vault == d.v && c.s.isCurrent() {
			apply()
		}
	})
}

// issuerWords are an issuer's two lines: its name (or address), and its address, since when it
// is trusted and its keys.
func issuerWords(is shc.Issuer) (title, sub string) {
	title = is.Name
	var parts []string
	if title == "" {
		title = is.Iss
	} else {
		parts = append(parts, is.Iss)
	}
	switch {
	case is.Source == "clinic":
		parts = append(parts, "trusted by your clinic's setup")
	case !is.Saved.IsZero():
		parts = append(parts, "trusted since "+health.DateWords(is.Saved.Local()))
	}
	parts = append(parts, health.Count(len(is.Keys), "key", "keys"))
	return title, strings.Join(parts, " · ")
}

func (c *cardIssuersSection) show(list []shc.Issuer) {
	c.shown = list
	c.list.RemoveAll()
	if len(list) == 0 {
		c.empty.Show()
	} else {
		c.empty.Hide()
	}
	for _, is := range list {
		title, sub := issuerWords(is)
		name := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Wrapping = fyne.TextWrapWord
		line := lowText(sub)
		line.Wrapping = fyne.TextWrapWord
		var right fyne.CanvasObject
		if is.Source != "clinic" {
			is := is
			right = container.NewCenter(widget.NewButtonWithIcon(lang.L("Remove…"), theme.DeleteIcon(), func() { c.askRemove(is) }))
		}
		c.list.Add(container.NewBorder(nil, nil, nil, right, container.NewVBox(name, line)))
	}
	c.list.Refresh()
}

// askRemove asks before the person stops trusting an issuer.
func (c *cardIssuersSection) askRemove(is shc.Issuer) {
	title, _ := issuerWords(is)
	msg := paragraph(fmt.Sprintf(lang.L("Stop trusting %s? New cards from this issuer will import as \"signature not checked\". Cards already imported keep what they showed."), title))
	d := dialog.NewCustomConfirm(lang.L("Remove a card issuer"), lang.L("Remove"), lang.L("Cancel"),
		container.New(columnLayout{width: 440}, msg), func(ok bool) {
			if ok {
				c.remove(is.Iss)
			}
		}, c.s.u.win)
	c.confirm = d
	fitDialog(d, c.s.u.win, 520, d.MinSize().Height)
	d.Show()
}

func (c *cardIssuersSection) remove(iss string) {
	u := c.s.u
	v, ctx := u.vault, u.ctx
	var err error
	u.goVault(func() { err = shc.RemoveIssuer(ctx, v, iss) }, func() {
		if err != nil {
			showError(u.win, lang.L("Could not remove the card issuer"), err)
			return
		}
		c.reload()
	})
}

// addIssuerDialog asks for an issuer's address, a name and its key file.
type addIssuerDialog struct {
	dialog  *dialog.FormDialog
	iss     *widget.Entry
	name    *widget.Entry
	file    *widget.Label
	path    string // the key file chosen
	problem *widget.Label
}

func (c *cardIssuersSection) openAdd() {
	a := &addIssuerDialog{iss: widget.NewEntry(), name: widget.NewEntry(), file: widget.NewLabel(lang.L("No file chosen")),
		problem: widget.NewLabel("")}
	a.iss.SetPlaceHolder("https://…")
	a.iss.Validator = func(s string) error { _, err := issuerURL(s); return err }
	a.name.SetPlaceHolder(lang.L("e.g. State vaccination registry (optional)"))
	a.file.Truncation = fyne.TextTruncateEllipsis
	a.problem.Importance = widget.DangerImportance
	a.problem.Wrapping = fyne.TextWrapWord
	a.problem.Hide()
	choose := widget.NewButtonWithIcon(lang.L("Choose…"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			a.setFile(r.URI().Path())
			r.Close()
		}, c.s.u.win)
		c.s.u.showFileDialog(d, lang.L("Choose"))
	})
	a.dialog = dialog.NewForm(lang.L("Trust a card issuer"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Address"), a.iss),
		widget.NewFormItem(lang.L("Name"), a.name),
		widget.NewFormItem(lang.L("Key file"), container.NewBorder(nil, nil, nil, choose, a.file)),
		widget.NewFormItem("", a.problem),
	}, func(ok bool) {
		if ok {
			c.addIssuer(a)
		}
	}, c.s.u.win)
	c.add = a
	fitDialog(a.dialog, c.s.u.win, 560, a.dialog.MinSize().Height)
	a.dialog.Show()
	c.s.u.win.Canvas().Focus(a.iss)
}

func (a *addIssuerDialog) setFile(path string) {
	a.path = path
	a.file.SetText(filepath.Base(path))
}

// issuerURL checks an issuer's address: https, with a host, as it appears on its cards.
func issuerURL(s string) (string, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", errors.New("the issuer's address starts with https://, as on its cards")
	}
	return s, nil
}

// addIssuer reads the key file and trusts the issuer; a problem is said in the dialog, shown
// again with what was typed.
func (c *cardIssuersSection) addIssuer(a *addIssuerDialog) {
	u := c.s.u
	fail := func(msg string) {
		a.problem.SetText(msg)
		a.problem.Show()
		a.dialog.Show()
	}
	iss, err := issuerURL(a.iss.Text)
	if err != nil {
		fail(err.Error())
		return
	}
	if a.path == "" {
		fail(lang.L("Choose the issuer's key file (jwks.json)."))
		return
	}
	is := shc.Issuer{Iss: iss, Name: strings.TrimSpace(a.name.Text), Source: "person", Saved: time.Now().UTC()}
	path, v, ctx := a.path, u.vault, u.ctx
	u.goVault(func() {
		var data []byte
		if data, err = inputfile.Read(path, 1<<20); err != nil {
			return
		}
		if is.Keys, err = shc.ParseJWKS(data); err != nil {
			return
		}
		err = shc.SaveIssuer(ctx, v, is)
	}, func() {
		if err != nil {
			fail(lang.L("This key file cannot be used: ") + errorText(err))
			return
		}
		c.reload()
	})
}
