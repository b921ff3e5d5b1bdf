package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// guidance is "Get your records in": the three ways records come into CareKeeper, each with
// where to get them and the button that does it. Today shows it after the vault is created
// (nobody in it yet) and for each person who has no records yet.
type guidance struct {
	obj                       fyne.CanvasObject
	importBt, portalBt, medBt *widget.Button
}

// guideWidth is the width the guide's text wraps at (or the window's, when narrower).
const guideWidth = 560

// newGuidance guides records in for profile ("": nobody in the vault yet).
func newGuidance(s *shell, profile string) *guidance {
	g := &guidance{}
	g.importBt = widget.NewButtonWithIcon(lang.L("Import a file…"), theme.DownloadIcon(), func() { s.m.pickFiles(profile) })
	g.importBt.Importance = widget.HighImportance
	g.portalBt = widget.NewButtonWithIcon(lang.L("Connect a portal…"), theme.LoginIcon(), func() {
		s.show(scFiles)
		if p := s.portalsPage(); p != nil {
			p.openConnect("")
		}
	})
	medText := lang.L("Type in a medicine and pick the times it is taken; CareKeeper reminds you.")
	g.medBt = widget.NewButtonWithIcon(lang.L("Add a medicine…"), theme.ContentAddIcon(), func() {
		if profile != "" {
			s.choose(profile)
		}
		s.show(scMeds)
		s.pages[scMeds].(*medsPage).openAddOwn()
	})
	if profile == "" {
		medText = lang.L("Start with the person you look after (or yourself), then add their medicines by hand.")
		g.medBt.SetText(lang.L("Add a person…"))
		g.medBt.OnTapped = func() {
			s.show(scPeople)
			s.pages[scPeople].(*peoplePage).openEditor(nil)
		}
	}
	way := func(icon fyne.Resource, title, text string, bt *widget.Button) fyne.CanvasObject {
		head := container.NewBorder(nil, nil, widget.NewIcon(icon), nil, section(title))
		return container.New(&upToColumn{width: guideWidth}, head, paragraph(text), container.NewHBox(bt))
	}
	intro := lang.L("CareKeeper shows your medicines, results and appointments once your records are in. There are three ways:")
	g.obj = container.New(&upToColumn{width: guideWidth},
		heading2(lang.L("Get your records in")),
		paragraph(intro),
		way(theme.DownloadIcon(), lang.L("Import a file"),
			lang.L("In your patient portal, look for \"Download my record\" (or \"Export\", \"Health summary\", \"FHIR\"). It saves a file; import it here. You can choose several files at once."),
			g.importBt),
		way(theme.LoginIcon(), lang.L("Connect a portal"),
			lang.L("Sign in to your clinic's patient portal from CareKeeper, and your records come straight to this computer and stay up to date."),
			g.portalBt),
		way(theme.ListIcon(), lang.L("Add by hand"), medText, g.medBt),
	)
	return g
}

// importRecords asks for files to import into the person shown (one click from Today, the
// People screen and the empty screens).
func (s *shell) importRecords() { s.m.pickFiles(s.profile) }
