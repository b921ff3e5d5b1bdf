package app

import (
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// checkInForm is a symptom check-in for one of a person's guides: the guide's symptoms as a
// checklist, how much the condition bothers them (0–10) and a note. Saving stores it as a
// QuestionnaireResponse in the vault.
type checkInForm struct {
	s        *shell
	profile  string
	guide    *guides.Guide
	checks   []*widget.Check
	severity *widget.Slider
	sevL     *widget.Label
	note     *widget.Entry
	message  messageLabel
	saveBt   *widget.Button
	content  fyne.CanvasObject
	onSaved  func(journey.CheckIn)
	saved    *journey.CheckIn // the last check-in saved
	title    string           // the dialog's title, naming whose check-in it is (openCheckIn)
}

func newCheckInForm(s *shell, profile string, g *guides.Guide) *checkInForm {
	f := &checkInForm{s: s, profile: profile, guide: g, message: newMessageLabel()}
	noticed, bother := lang.L("Which of these have you noticed lately?"), lang.L("How much does it bother you today? (0 = not at all, 10 = very much)")
	if n := s.theirName(profile); n != "" { // a carer's check-in for another (F505)
		noticed = fmt.Sprintf(lang.L("Which of these has %s noticed lately?"), n)
		bother = fmt.Sprintf(lang.L("How much does it bother %s today? (0 = not at all, 10 = very much)"), n)
	}
	box := container.NewVBox(section(noticed))
	for _, sym := range g.Symptoms {
		c := widget.NewCheck(sym.Text, nil)
		f.checks = append(f.checks, c)
		box.Add(c)
	}
	f.severity = widget.NewSlider(0, 10)
	f.severity.Step = 1
	f.sevL = widget.NewLabel("")
	f.severity.OnChanged = func(v float64) { f.sevL.SetText(severityWords(int(v))) }
	f.severity.SetValue(0)
	f.sevL.SetText(severityWords(0))
	f.note = widget.NewMultiLineEntry()
	f.note.SetPlaceHolder(lang.L("Anything else you want to remember (optional)"))
	f.note.SetMinRowsVisible(2)
	f.note.Wrapping = fyne.TextWrapWord
	f.saveBt = widget.NewButton(lang.L("Save check-in"), f.save)
	f.saveBt.Importance = widget.HighImportance
	q := section(bother)
	q.Wrapping = fyne.TextWrapWord // at 200 % text it was wider than a 1024-wide window (F91)
	box.Add(q)
	box.Add(container.NewBorder(nil, nil, nil, f.sevL, f.severity))
	box.Add(f.note)
	box.Add(f.message.Label)
	box.Add(container.NewHBox(f.saveBt))
	f.content = box
	return f
}

// severityWords is a severity with its meaning.
func severityWords(v int) string {
	w := lang.L("not at all")
	switch {
	case v >= 8:
		w = lang.L("very much")
	case v >= 5:
		w = lang.L("quite a lot")
	case v >= 1:
		w = lang.L("a little")
	}
	return fmt.Sprintf("%d · %s", v, w)
}

// save stores the check-in.
func (f *checkInForm) save() {
	s := f.s
	var symptoms []string
	for i, c := range f.checks {
		if c.Checked {
			symptoms = append(symptoms, f.guide.Symptoms[i].Key)
		}
	}
	nc := journey.NewCheckIn{Profile: f.profile, Slug: f.guide.Slug, At: s.u.auto.clock.Now(), Symptoms: symptoms,
		Severity: int(f.severity.Value), Note: strings.TrimSpace(f.note.Text)}
	f.saveBt.Disable()
	f.message.setHint(lang.L("Saving…"))
	ctx, v, dev := s.u.ctx, s.v, s.u.rem.device()
	var (
		ci  journey.CheckIn
		z   remind.Zone
		err error
	)
	s.u.goVault(func() {
		ci, err = journey.AddCheckIn(ctx, v, nc)
		z = personZone(v, nc.Profile, dev, nc.At) // the time said on the person's clock (F78)
	}, func() {
		f.saveBt.Enable()
		if !s.isCurrent() {
			return
		}
		if err != nil {
			f.message.setError(lang.L("Could not save the check-in") + ": " + errorText(err))
			return
		}
		f.saved = &ci
		f.message.setHint(fmt.Sprintf(lang.L("Saved at %s. The check-ins are charted with the guide."), savedClock(z, ci.At)))
		for _, c := range f.checks {
			c.SetChecked(false)
		}
		f.severity.SetValue(0)
		f.note.SetText("")
		s.restale() // Today's check-in card and the charts change
		if f.onSaved != nil {
			f.onSaved(ci)
		}
	})
}

// openCheckIn opens the check-in of a guide for a person, in a dialog (from a card).
func (s *shell) openCheckIn(profile, slug string) {
	g := guides.BySlug(slug)
	if g == nil {
		dialog.NewInformation(lang.L("Check-in"), lang.L("This guide is no longer available."), s.u.win).Show()
		return
	}
	f := newCheckInForm(s, profile, g)
	// The dialog names whose check-in it is (a carer fills it in for several people), and
	// stays open once saved, saying so ('Saved at 17:08 …'): it closed without a word (F232).
	f.title = fmt.Sprintf(lang.L("Check-in: %s"), g.Title)
	if name := labelOf(s.people, profile); name != "" {
		f.title = fmt.Sprintf(lang.L("Check-in for %s: %s"), name, g.Title)
	}
	f.onSaved = func(journey.CheckIn) {
		f.saveBt.Disable() // saved once; Close closes it
	}
	d := dialog.NewCustom(f.title, lang.L("Close"), container.NewVScroll(f.content), s.u.win)
	fitDialog(d, s.u.win, 620, 600)
	s.checkIn = f
	d.Show()
}

// savedClock is when a check-in was saved, on the person's clock: "21:58", and "21:58 Dublin
// time" while their clock is not this computer's (it said this computer's time).
func savedClock(z remind.Zone, at time.Time) string {
	if z.Differs(at) {
		return z.Clock(at) + " " + z.Name(at)
	}
	return z.Clock(at)
}
