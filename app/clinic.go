package app

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"log"
	"path/filepath"
	"strconv"
	"strings"

	"carekeeper/internal/clinic"
	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newClinicLoader makes the loader of the clinic configuration; tests inject one with
// temporary places and test keys.
var newClinicLoader = clinic.NewLoader

// loadClinic looks up the clinic configuration (machine-wide, then per user) at start. A
// configuration that fails verification is not used: the app carries on without clinic
// settings and Settings → About says why.
func (u *UI) loadClinic() {
	l, err := newClinicLoader()
	if err != nil {
		log.Printf("carekeeper: clinic configuration: %v", err)
		u.clinic = &clinic.Found{}
		return
	}
	f, err := l.Load()
	if err != nil {
		// The configuration was accepted; only remembering its serial failed.
		log.Printf("carekeeper: clinic configuration: %v", err)
	}
	if f == nil {
		f = &clinic.Found{}
	}
	u.clinic = f
	u.applyClinicPolicies()
}

// clinicConfig is the configuration in force, or nil.
func (u *UI) clinicConfig() *clinic.Config {
	if u.clinic == nil {
		return nil
	}
	return u.clinic.Config
}

// clinicPolicies are the clinic's policies (zero: none).
func (u *UI) clinicPolicies() clinic.Policies {
	if c := u.clinicConfig(); c != nil {
		return c.Policies
	}
	return clinic.Policies{}
}

// clinicPortals are the portals the clinic offers in "Connect a portal".
func (u *UI) clinicPortals() []clinic.Portal {
	if c := u.clinicConfig(); c != nil {
		return c.Portals
	}
	return nil
}

// clinicName is the clinic's display name ("" without a configuration).
func (u *UI) clinicName() string {
	c := u.clinicConfig()
	if c == nil {
		return ""
	}
	if c.Branding != nil && c.Branding.Name != "" {
		return c.Branding.Name
	}
	return c.ClinicName
}

// applyClinicPolicies applies what needs applying at once: the auto-lock limit.
func (u *UI) applyClinicPolicies() {
	if u.auto != nil && u.auto.u != nil && u.vault != nil {
		u.auto.start()
	}
}

// clinicColor parses the branding colour (#RRGGBB).
func clinicColor(c *clinic.Config) (color.Color, bool) {
	if c == nil || c.Branding == nil || len(c.Branding.PrimaryColor) != 7 {
		return nil, false
	}
	v, err := strconv.ParseUint(c.Branding.PrimaryColor[1:], 16, 32)
	if err != nil {
		return nil, false
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, true
}

// clinicBadge is the clinic's name (with its colour and logo) shown quietly beside
// CareKeeper's own name in the top bar; nil without a configuration.
func (u *UI) clinicBadge() fyne.CanvasObject {
	name := u.clinicName()
	if name == "" {
		return nil
	}
	box := container.NewHBox()
	if col, ok := clinicColor(u.clinicConfig()); ok {
		sw := canvas.NewRectangle(col)
		sw.CornerRadius = 3
		sw.SetMinSize(fyne.NewSize(6, 20))
		box.Add(container.NewCenter(sw))
	}
	if len(u.clinic.Logo) > 0 {
		img := canvas.NewImageFromReader(bytes.NewReader(u.clinic.Logo), "clinic-logo.png")
		if img != nil {
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSquareSize(22))
			box.Add(img)
		}
	}
	l := widget.NewLabel(fmt.Sprintf(lang.L("with %s"), name))
	box.Add(l)
	return box
}

// clinicSection is the About section's part on the clinic: who set the app up and what that
// means, configurations that were refused and why, and importing one.
type clinicSection struct {
	s       *shell
	content *fyne.Container
	head    *widget.Label // "Set up by …", nil without a configuration
}

func newClinicSection(s *shell) *clinicSection {
	c := &clinicSection{s: s, content: container.NewVBox()}
	c.fill()
	return c
}

func (p *clinicSection) fill() {
	u := p.s.u
	box := p.content
	box.RemoveAll()
	p.head = nil
	if c := u.clinicConfig(); c != nil {
		head := widget.NewLabelWithStyle(fmt.Sprintf(lang.L("Set up by %s"), c.ClinicName), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		box.Add(head)
		p.head = head
		where := lang.L("Installed for everyone on this computer by the clinic's IT.")
		if !u.clinic.Machine {
			where = lang.L("Imported by you.")
		}
		box.Add(lowText(where))
		lines := c.Explain()
		box.Add(lowText("• " + strings.Join(lines, "\n• ")))
	} else {
		box.Add(lowText(lang.L("No clinic has set up this CareKeeper.")))
	}
	if u.clinic != nil && len(u.clinic.Rejected) > 0 {
		var lines []string
		for _, r := range u.clinic.Rejected {
			lines = append(lines, fmt.Sprintf(lang.L("%s was not used: %s."), r.Path, strings.TrimSuffix(r.Reason, ".")))
		}
		w := lowText(lang.L("Clinic configurations that were refused (CareKeeper carries on without them):") + "\n• " + strings.Join(lines, "\n• "))
		w.Importance = widget.WarningImportance
		box.Add(w)
	}
	imp := widget.NewButtonWithIcon(lang.L("Import a configuration…"), theme.DownloadIcon(), p.onImportClinic)
	box.Add(container.NewHBox(imp))
	box.Refresh()
}

// onImportClinic asks for a clinic.json (its .minisig beside it), verifies and installs it.
func (p *clinicSection) onImportClinic() {
	u := p.s.u
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		p.importClinic(path)
	}, u.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".json"}))
	d.SetTitleText(lang.L("Import a clinic configuration (clinic.json with clinic.json.minisig beside it)"))
	d.SetOnClosed(u.forgetFileDialogFolder)
	fitDialog(d, u.win, 860, 600)
	d.Show()
}

// importClinic verifies and installs a configuration, then loads the configurations again.
func (p *clinicSection) importClinic(path string) {
	u := p.s.u
	var (
		c   *clinic.Config
		err error
	)
	u.goVault(func() {
		var l *clinic.Loader
		if l, err = newClinicLoader(); err == nil {
			c, err = l.Import(path)
		}
	}, func() {
		if err != nil {
			reason := err.Error()
			if r, ok := err.(*clinic.Rejection); ok {
				reason = r.Reason
			}
			dialog.NewInformation(lang.L("The clinic configuration was not used"),
				sentence(fmt.Sprintf(lang.L("%s was refused: %s"), filepath.Base(path), reason)), u.win).Show()
			return
		}
		u.loadClinic()
		p.fill()
		dialog.NewInformation(lang.L("Clinic configuration imported"),
			fmt.Sprintf(lang.L("CareKeeper is now set up by %s. Settings → About says what that means."), c.ClinicName), u.win).Show()
	})
}

// privateForNew turns on private notifications for the people in profiles, when the clinic's
// policy asks for them (new people only: a person's own later choice is kept). It runs on a
// background goroutine.
func privateForNew(ctx context.Context, v *storage.Vault, policy clinic.Policies, profiles []string) error {
	if !policy.PrivateNotifications {
		return nil
	}
	for _, id := range profiles {
		st, err := remind.LoadSettings(v, id)
		if err != nil {
			return err
		}
		if st.Private {
			continue
		}
		st.Private = true
		if err := remind.SaveSettings(ctx, v, id, st); err != nil {
			return err
		}
	}
	return nil
}

// profileIDs are the ids of the people in the vault.
func profileIDs(v *storage.Vault) map[string]bool {
	out := map[string]bool{}
	ps, err := v.Profiles()
	if err != nil {
		return out
	}
	for _, p := range ps {
		out[p.ID] = true
	}
	return out
}
