package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/intake"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Importing into a chosen person checks first that the files are about them: a file whose
// Patient has another name or birth date (health.CompareIdentity) is asked about — import as
// a new person, into this person anyway, or cancel — so one person's records never land in
// another's without a word.

// mismatch is a file about someone else than the chosen person, in words.
type mismatch struct {
	path     string
	sentence string // "a.json is for Liz Conn (born 1986), not Mum (born 1950)"
}

// identityQuestion is the dialog asking what to do with files about someone else.
type identityQuestion struct {
	dialog             dialog.Dialog
	text               *widget.Label
	asNew, into, abort *widget.Button
}

// checkIdentity compares the files' Patients with profile in the background, then imports
// (asking first about the files that differ).
func (m *mainScreen) checkIdentity(paths []string, profile string) {
	v := m.v
	var (
		found []mismatch
		err   error
	)
	m.u.goVault(func() {
		var p *storage.Profile
		if p, err = v.Profile(profile); err != nil {
			return
		}
		person := health.Identity{Name: p.Name, BirthDate: p.BirthDate, Identifiers: p.Identifiers}
		for _, path := range paths {
			for _, id := range fileIdentities(path) {
				if mm := health.CompareIdentity(id, person); mm.Differs() {
					found = append(found, mismatch{path: path, sentence: mm.Sentence(filepath.Base(path))})
					break
				}
			}
		}
	}, func() {
		if !m.current() {
			return
		}
		if err != nil {
			showError(m.u.win, lang.L("Could not import"), err)
			return
		}
		if len(found) == 0 {
			m.runImport(jobsFor(paths, profile))
			return
		}
		m.askIdentity(paths, profile, found)
	})
}

// askIdentity asks whether the files in found go to a new person or to profile anyway (the
// other files go to profile), or whether nothing is imported.
func (m *mainScreen) askIdentity(paths []string, profile string, found []mismatch) {
	name := m.personName(profile)
	differs := map[string]bool{}
	var lines []string
	for _, f := range found {
		differs[f.path] = true
		lines = append(lines, f.sentence+".")
	}
	q := &identityQuestion{}
	lines = append(lines, count(len(found), "Import {{.Count}} files as a new person, or into {{.Name}} anyway?", map[string]any{"Name": name}))
	q.text = paragraph(strings.Join(lines, "\n"))
	jobs := func(other string) []importJob {
		var out []importJob
		for _, p := range paths {
			if differs[p] {
				out = append(out, importJob{path: p, profile: other})
			} else {
				out = append(out, importJob{path: p, profile: profile})
			}
		}
		return out
	}
	answer := func(run []importJob) func() {
		return func() {
			q.dialog.Hide()
			if m.identity == q {
				m.identity = nil
			}
			m.runImport(run)
		}
	}
	q.asNew = widget.NewButtonWithIcon(lang.L("Import as a new person"), theme.ContentAddIcon(), answer(jobs("")))
	q.asNew.Importance = widget.HighImportance
	q.into = widget.NewButton(fmt.Sprintf(lang.L("Into %s anyway"), name), answer(jobs(profile)))
	q.abort = widget.NewButton(lang.L("Cancel"), answer(nil)) // nothing is imported
	buttons := container.NewGridWithColumns(1, q.asNew, q.into, q.abort)
	text := container.New(columnLayout{width: 440}, q.text)
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(0, text.MinSize().Height))
	d := dialog.NewCustomWithoutButtons(lang.L("Whose records are these?"),
		container.NewBorder(nil, buttons, nil, nil, scroll), m.u.win)
	// Many files at 200 % text: the sentences scroll so that the answers stay on screen.
	if over := d.MinSize().Height - (m.u.win.Canvas().Size().Height - 40); over > 0 {
		scroll.SetMinSize(fyne.NewSize(0, max(text.MinSize().Height-over, 3*theme.TextSize())))
	}
	q.dialog = d
	m.identity = q
	fitDialog(d, m.u.win, 520, d.MinSize().Height)
	d.Show()
}

// fileIdentities reads who the Patients of a FHIR file are (none when the file cannot be read
// or has no Patient: the import then says what is wrong).
func fileIdentities(path string) []health.Identity {
	data, err := intake.Patients(context.Background(), path)
	if err != nil || data == nil {
		return nil
	}
	file, err := fhirjson.ParseFile(data)
	if err != nil {
		return nil
	}
	var out []health.Identity
	for _, e := range file.Entries {
		if e.Info.Type != "Patient" {
			continue
		}
		if id, ok := health.PatientIdentity(e.Resource); ok {
			out = append(out, id)
		}
	}
	return out
}
