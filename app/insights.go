package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// insightsPanel shows the journey cards of each person and a line per portal with its last
// sync. Today embeds it: build it once, put view() (the portal lines) into the screen, call
// compute from Today's compute (background goroutine), run the function it returns on the UI
// goroutine, and put each person's cardsOf into their section.
type insightsPanel struct {
	s      *shell
	boxes  map[string]*fyne.Container // the cards of each person
	status *fyne.Container            // the portal lines
	all    *fyne.Container

	cards []shownCard // the cards shown, for tests
}

// shownCard is a card on screen with what acting on it needs.
type shownCard struct {
	profile string
	card    journey.Card
	box     *fyne.Container // the person's cards it is in
	obj     fyne.CanvasObject
	why     *widget.Label
	whyBt   *widget.Button
	actBt   *widget.Button
	dismiss *widget.Button
	snooze  *widget.Button
	open    *widget.Button
}

// insightEngine computes the cards; tests may replace its options.
var insightEngine = &journey.Engine{}

func newInsightsPanel(s *shell) *insightsPanel {
	p := &insightsPanel{s: s, boxes: map[string]*fyne.Container{}, status: container.NewVBox()}
	p.all = container.NewVBox(p.status)
	return p
}

// view is the panel's content (build it once): the portal lines.
func (p *insightsPanel) view() fyne.CanvasObject { return p.all }

// cardsOf is the cards of one person (after compute's apply), nil when none were computed.
func (p *insightsPanel) cardsOf(profile string) *fyne.Container { return p.boxes[profile] }

// personCards is the cards of one person.
type personCards struct {
	profile, name string
	cards         []journey.Card
	err           error
}

// compute reads the cards and the portals in the background and returns what to apply on
// the UI goroutine.
func (p *insightsPanel) compute(d *pageData) func() {
	profiles := []string{d.profile}
	if d.profile == "" {
		profiles = profiles[:0]
		for _, pp := range d.people {
			profiles = append(profiles, pp.ID)
		}
	}
	// With several people, or a household, the one looking may be a carer: the cards name the
	// person rather than say "Your hemoglobin …" to them (F505, as shell.theirName).
	eng := *insightEngine
	eng.Load.NameThePerson = carerMayLook(d.people, p.s.u.hh.live.Load() != nil)
	var groups []personCards
	for _, prof := range profiles {
		if prof == "" {
			continue
		}
		cs, err := eng.Cards(d.ctx, d.v, prof, d.now)
		groups = append(groups, personCards{profile: prof, name: d.personName(prof), cards: cs, err: err})
	}
	portals, perr := cksync.Portals(d.ctx, d.v)
	now := d.now
	return func() {
		p.applyStatus(portals, perr, now)
		p.boxes = map[string]*fyne.Container{}
		p.cards = nil
		for _, g := range groups {
			box := container.NewVBox()
			p.boxes[g.profile] = box
			if g.err != nil && !errors.Is(g.err, context.Canceled) {
				box.Add(lowText(lang.L("Could not work out the insights") + ": " + errorText(g.err)))
				continue
			}
			if len(g.cards) == 0 {
				box.Add(lowText(lang.L("No news for now. Insights about results, reminders and check-ins appear here.")))
				continue
			}
			for _, c := range g.cards {
				p.addCard(box, g.profile, c)
			}
		}
	}
}

// applyStatus shows one line per portal: its last sync and what to do when it needs signing in.
func (p *insightsPanel) applyStatus(portals []cksync.Portal, err error, now time.Time) {
	p.status.RemoveAll()
	if err != nil || len(portals) == 0 {
		p.status.Hide()
		return
	}
	p.status.Show()
	p.status.Add(section(lang.L("Portals")))
	for _, pt := range portals {
		pt := pt
		line := pt.Name + " · " + portalStatusWords(&pt, now)
		icon := theme.ConfirmIcon()
		if pt.Status == cksync.StatusSignInAgain || !pt.Connected {
			icon = theme.WarningIcon()
			b := widget.NewButtonWithIcon(lang.L("Sign in again"), theme.LoginIcon(), func() {
				p.s.show(scFiles)
				if pp := p.s.portalsPage(); pp != nil {
					pp.signIn(pt.ID)
				}
			})
			if !pt.Connected && pt.Status != cksync.StatusSignInAgain {
				b.SetText(lang.L("Sign in"))
			}
			p.status.Add(newTextRow(widget.NewIcon(icon), b, lowText(line)))
			continue
		}
		if pt.Status == cksync.StatusIncomplete || pt.Status == cksync.StatusOffline || pt.Status == cksync.StatusRetryLater {
			icon = theme.WarningIcon()
		}
		p.status.Add(linkLine(line, icon, func() { p.s.show(scFiles) }))
	}
}

// portalStatusWords says how a portal is doing: "last synced 2 Mar 09:00 · up to date".
func portalStatusWords(p *cksync.Portal, now time.Time) string {
	var parts []string
	switch {
	case p.LastSync.IsZero():
		parts = append(parts, lang.L("never synced"))
	default:
		parts = append(parts, lang.L("last synced")+" "+agoWords(p.LastSync, now))
	}
	st := p.Status
	if st == "" {
		st = cksync.StatusNotConnected
	}
	switch st {
	case cksync.StatusOffline:
		parts = append(parts, lang.L("CareKeeper could not reach the portal. Check the address and your connection."))
	case cksync.StatusSignInAgain:
		parts = append(parts, lang.L("The portal asks you to sign in again."))
	case cksync.StatusRetryLater:
		parts = append(parts, lang.L("The portal is busy; CareKeeper tries again later."))
	case cksync.StatusIncomplete:
		parts = append(parts, lang.L("Not everything came at the last sync; CareKeeper tries again at the next one."))
	default:
		parts = append(parts, langOf(st))
	}
	if p.LastError != "" && p.Status != cksync.StatusOK {
		parts = append(parts, lang.L("Details")+": "+sentence(p.LastError))
	}
	if w := p.Warning(); w != "" && p.Connected {
		parts = append(parts, sentence(langOf(w)))
	}
	return strings.Join(parts, " · ")
}

// agoWords is a time relative to now in words, with the date for older ones.
func agoWords(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute && d > -time.Minute:
		return lang.L("just now")
	case d < time.Hour && d > 0:
		return count(int(d/time.Minute), "{{.Count}} minutes ago")
	case d < 24*time.Hour && d > 0:
		return count(int(d/time.Hour), "{{.Count}} hours ago")
	}
	return t.Local().Format("2 Jan 2006 15:04")
}

// addCard shows one card: title, body, why, the link to its data, its action, dismiss and snooze.
func (p *insightsPanel) addCard(box *fyne.Container, profile string, c journey.Card) {
	sc := &shownCard{profile: profile, card: c, box: box}
	title := widget.NewLabelWithStyle(c.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	body := lowText(c.Body)
	sc.why = lowText(lang.L("Why am I seeing this?") + "\n• " + strings.Join(c.Why, "\n• "))
	// In the text colour: a low-importance label is drawn in the disabled colour, #e3e3e3 on
	// white in the light theme (1.3:1), and this is the one place that explains a card (F51).
	sc.why.Hide()
	sc.whyBt = widget.NewButtonWithIcon(lang.L("Why am I seeing this?"), theme.QuestionIcon(), func() {
		if sc.why.Visible() {
			sc.why.Hide()
		} else {
			sc.why.Show()
		}
		sc.box.Refresh()
	})
	sc.whyBt.Importance = widget.LowImportance
	if len(c.Why) == 0 {
		sc.whyBt.Hide()
	}
	buttons := newFlow(sc.whyBt)
	if target, ok := p.linkTarget(c); ok {
		sc.open = widget.NewButtonWithIcon(lang.L("Show the data"), theme.SearchIcon(), target)
		sc.open.Importance = widget.LowImportance
		buttons.Add(sc.open)
	}
	if c.Action != nil {
		a := *c.Action
		label := a.Label
		if label == "" {
			label = lang.L("Do it")
		}
		sc.actBt = widget.NewButton(label, func() { p.act(sc, a) })
		sc.actBt.Importance = widget.HighImportance
		buttons.Add(sc.actBt)
	}
	sc.snooze = widget.NewButtonWithIcon(lang.L("Snooze a week"), theme.HistoryIcon(), func() { p.hide(sc, true) })
	sc.snooze.Importance = widget.LowImportance
	sc.dismiss = widget.NewButtonWithIcon(lang.L("Dismiss"), theme.CancelIcon(), func() { p.hide(sc, false) })
	sc.dismiss.Importance = widget.LowImportance
	buttons.Add(sc.snooze)
	buttons.Add(sc.dismiss)
	icon := theme.InfoIcon()
	if c.Severity == journey.SeverityAttention {
		icon = theme.WarningIcon()
	}
	inner := container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(icon), nil, title), body, sc.why, buttons)
	sc.obj = widget.NewCard("", "", inner)
	p.cards = append(p.cards, *sc)
	box.Add(sc.obj)
}

// linkTarget is what "Show the data" does for a card: the one record it is about, else the
// screen its kind of data lives on.
func (p *insightsPanel) linkTarget(c journey.Card) (func(), bool) {
	if len(c.Links) == 1 {
		id := c.Links[0]
		return func() { p.s.showRecord(health.Key{Source: id.Source, Type: id.Type, ID: id.ID}) }, true
	}
	typ := ""
	if len(c.Links) > 0 {
		typ = c.Links[0].Type
	}
	sc, ok := map[string]screen{
		"Observation": scResults, "Appointment": scAppts, "Encounter": scAppts, "MedicationRequest": scMeds,
		"MedicationStatement": scMeds, "MedicationAdministration": scMeds, "Condition": scConditions,
		"QuestionnaireResponse": scConditions,
	}[typ]
	if !ok {
		switch {
		case strings.Contains(c.Kind, "portal"):
			sc, ok = scFiles, true
		case strings.Contains(c.Kind, "refill"), strings.Contains(c.Kind, "adherence"), strings.Contains(c.Kind, "reminder"), strings.Contains(c.Kind, "snooze"):
			sc, ok = scMeds, true
		case strings.Contains(c.Kind, "appointment"):
			sc, ok = scAppts, true
		case strings.Contains(c.Kind, "checkin"), strings.Contains(c.Kind, "check-in"):
			sc, ok = scConditions, true
		}
	}
	if !ok {
		return nil, false
	}
	return func() { p.s.show(sc) }, true
}

// hide dismisses a card (or snoozes it for a week) and takes it off the screen.
func (p *insightsPanel) hide(sc *shownCard, snooze bool) {
	s := p.s
	v, ctx := s.v, s.u.ctx
	until := s.u.auto.clock.Now().Add(7 * 24 * time.Hour)
	var err error
	sc.dismiss.Disable()
	sc.snooze.Disable()
	s.u.goVault(func() {
		if snooze {
			err = journey.Snooze(ctx, v, sc.profile, sc.card.ID, until)
		} else {
			err = journey.Dismiss(ctx, v, sc.profile, sc.card.ID)
		}
	}, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			sc.dismiss.Enable()
			sc.snooze.Enable()
			showError(s.u.win, lang.L("Could not hide the card"), err)
			return
		}
		sc.box.Remove(sc.obj)
		for i := range p.cards {
			if p.cards[i].card.ID == sc.card.ID && p.cards[i].profile == sc.profile {
				p.cards = append(p.cards[:i], p.cards[i+1:]...)
				break
			}
		}
		sc.box.Refresh()
	})
}

// act does a card's action, on the person's say-so.
func (p *insightsPanel) act(sc *shownCard, a journey.Action) {
	s := p.s
	if a.Profile == "" {
		a.Profile = sc.profile
	}
	switch a.Kind {
	case journey.ActionMoveReminder:
		msg := fmt.Sprintf(lang.L("Move this reminder from %s to %s? You can change it back in Medicines."), a.From, a.To)
		d := dialog.NewConfirm(lang.L("Move the reminder?"), msg, func(ok bool) {
			if ok {
				p.applyTiming(sc, a)
			}
		}, s.u.win)
		d.SetConfirmText(lang.L("Move it"))
		d.SetDismissText(lang.L("Keep the time"))
		d.Show()
	case journey.ActionCheckIn:
		s.openCheckIn(a.Profile, a.Slug)
	case journey.ActionAddMeasurement:
		s.show(scResults)
		s.openMeasureOf(a.Profile, a.Measure)
	case journey.ActionSignIn:
		s.show(scFiles)
		if pp := s.portalsPage(); pp != nil && a.Portal != "" {
			pp.signIn(a.Portal)
		}
	default:
		p.s.show(scToday)
	}
}

// applyTiming moves the reminder, then takes the card away.
func (p *insightsPanel) applyTiming(sc *shownCard, a journey.Action) {
	s := p.s
	v, ctx, now := s.v, s.u.ctx, s.u.auto.clock.Now()
	var err error
	s.u.goVault(func() { err = journey.ApplyTiming(ctx, v, a, now, nil) }, func() {
		if !s.isCurrent() {
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not move the reminder"), err)
			return
		}
		p.hide(sc, false)
		s.restale()
	})
}
