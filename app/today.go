package app

import (
	"context"
	"fmt"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// todayPage is the day at a glance, for the chosen person or (household view) for everyone,
// each labelled: doses due now with Taken / Skip / Snooze, what was missed while away, doses
// later today, as-needed medicines to log, refills due, the next appointments with place and
// preparation, a travel question when the device is in another time zone, and the insights
// panel (journey cards and sync status, insights.go).
type todayPage struct {
	s        *shell
	frame    *pageFrame
	insights *insightsPanel
	box      *fyne.Container // a card per person (a heading and a card each in the household view)

	// doses are the dose lines shown, with their buttons (tests and notification clicks use them).
	doses []*doseLine
}

// The kinds of dose line on Today.
const (
	lineDue    = "due"    // shown as a notification, waiting: Taken / Skip / Snooze
	lineMissed = "missed" // missed while away: Taken / Skipped / Take now
	lineLater  = "later"  // later today: Take now (early)
)

// doseLine is one dose on Today and its buttons.
type doseLine struct {
	r    remind.Reminder
	kind string
	// Buttons by role: due {Taken, Skip, Snooze}; missed {Taken, Skipped, Take now}; later {Take now}.
	taken, skip, snooze, now *widget.Button
}

func newTodayPage(s *shell) *todayPage {
	p := &todayPage{s: s, box: container.NewVBox(), insights: newInsightsPanel(s)}
	empty := newEmptyState(theme.HomeIcon(), lang.L("Nothing here yet"),
		lang.L("Import the health records you downloaded from a patient portal, or connect a portal, and your medicines and appointments appear here. You can also add your own medicines on the Medicines screen."),
		lang.L("Import records"), s.goFiles)
	body := container.NewVScroll(container.NewVBox(p.insights.view(), p.box))
	p.frame = newPageFrame(lang.L("Today"), nil, body, empty)
	return p
}

func (p *todayPage) view() fyne.CanvasObject { return p.frame.content }

// todayView is what Today shows for one person.
type todayView struct {
	profile   string
	name      string
	loc       *time.Location
	meds      []health.Medication
	lastVisit *health.Appointment
	bp        *health.Series

	reminders bool // the engine runs (not in the demo, not while starting)
	planned   int  // medicines with reminder times
	due       []remind.Reminder
	missed    []remind.Reminder
	later     []remind.Reminder
	asNeeded  []asNeededMed
	refills   []remind.Refill
	upcoming  []*remind.Appointment
	travel    bool
}

type asNeededMed struct {
	med  *remind.Medicine
	last time.Time // the last dose logged, zero if none
}

func (p *todayPage) compute(d *pageData) func() {
	rem := p.s.u.rem
	eng := rem.engine()
	now := rem.now()
	model, err := remind.Load(d.ctx, d.v, remind.LoadOptions{Device: rem.device(), Now: now})
	if err != nil {
		model = nil
	}
	var due, missed, agenda []remind.Reminder
	running := eng != nil && eng.Model() != nil
	if running {
		due, missed, agenda = eng.DueNow(), eng.Missed(), eng.Agenda()
	}
	profiles := []string{d.profile}
	if d.profile == "" {
		profiles = profiles[:0]
		for _, pp := range d.people {
			profiles = append(profiles, pp.ID)
		}
	}
	var views []todayView
	for _, prof := range profiles {
		set := d.set
		if d.profile == "" {
			var mine []health.Resource
			for _, r := range d.set.Records {
				if r.Profile == prof {
					mine = append(mine, r)
				}
			}
			set = health.NewSet(mine, d.set.Shared)
		}
		v := todayView{profile: prof, name: d.personName(prof), loc: rem.device(), reminders: running}
		v.meds, _ = health.Medications(set)
		_, past := health.Appointments(set, now)
		if len(past) > 0 {
			v.lastVisit = &past[0]
		}
		for _, se := range health.Results(set) {
			if se.Pair {
				v.bp = se
			}
		}
		if model != nil {
			if per := model.Person(prof); per != nil {
				v.loc, v.travel = per.Loc, per.AskTravel
			}
			for _, med := range model.Medicines(prof) {
				switch {
				case med.Plan.AsNeeded:
					a := asNeededMed{med: med}
					for _, dose := range model.Doses[med.Key()] {
						if dose.Occurrence == "" && dose.Taken {
							a.last = dose.When
						}
					}
					v.asNeeded = append(v.asNeeded, a)
				case med.Plan.Problem() == "":
					v.planned++
				}
			}
			for _, rf := range model.Refills(prof, now) {
				if !rf.RemindAt.After(now) {
					v.refills = append(v.refills, rf)
				}
			}
			v.upcoming = model.Upcoming(prof, now)
			if len(v.upcoming) > 3 {
				v.upcoming = v.upcoming[:3]
			}
		}
		for _, r := range due {
			if r.Profile == prof {
				v.due = append(v.due, r)
			}
		}
		for _, r := range missed {
			if r.Profile == prof {
				v.missed = append(v.missed, r)
			}
		}
		for _, r := range agenda {
			if r.Profile == prof && r.Kind == remind.KindDose && sameDay(r.At, now, v.loc) {
				v.later = append(v.later, r)
			}
		}
		views = append(views, v)
	}
	total := len(d.set.Records)
	var insights func()
	if p.insights != nil {
		insights = p.insights.compute(d)
	}
	return func() {
		p.box.RemoveAll()
		p.doses = nil
		p.frame.sub.SetText(now.In(rem.device()).Format("Monday 2 January 2006"))
		p.frame.setEmpty(total == 0 && !anyReminders(views))
		for _, v := range views {
			if d.profile == "" {
				p.box.Add(heading2(v.name))
			}
			p.box.Add(p.card(v, d))
		}
		p.box.Refresh()
		if insights != nil {
			insights()
		}
		p.focusClicked()
	}
}

// anyReminders reports whether a view has something from the reminders (own medicines and
// appointments exist without imported records).
func anyReminders(views []todayView) bool {
	for _, v := range views {
		if v.planned > 0 || len(v.asNeeded) > 0 || len(v.upcoming) > 0 || len(v.due) > 0 || len(v.missed) > 0 {
			return true
		}
	}
	return false
}

func (p *todayPage) card(v todayView, d *pageData) fyne.CanvasObject {
	box := container.NewVBox()
	if v.travel {
		box.Add(p.travelQuestion(v))
	}

	box.Add(section(lang.L("Doses due")))
	switch {
	case !v.reminders && p.s.u.demo:
		box.Add(lowText(lang.L("Dose reminders are off in the demo. Create your own vault to get them.")))
	case !v.reminders:
		box.Add(lowText(lang.L("Reminders are starting…")))
	case len(v.due) == 0 && v.planned == 0:
		box.Add(lowText(lang.L("No dose reminders yet. Set the times for a medicine on the Medicines screen, or add your own medicine there.")))
	case len(v.due) == 0:
		box.Add(lowText(lang.L("Nothing due right now.")))
	}
	for _, r := range v.due {
		box.Add(p.doseRow(r, lineDue, v.loc))
	}

	if len(v.missed) > 0 {
		box.Add(section(lang.L("Missed while away")))
		box.Add(lowText(lang.L("Say what happened to each: taken at the time, skipped, or take it now.")))
		for _, r := range v.missed {
			box.Add(p.doseRow(r, lineMissed, v.loc))
		}
	}
	if len(v.later) > 0 {
		box.Add(section(lang.L("Later today")))
		for _, r := range v.later {
			box.Add(p.doseRow(r, lineLater, v.loc))
		}
	}
	if len(v.asNeeded) > 0 {
		box.Add(section(lang.L("As needed")))
		for _, a := range v.asNeeded {
			box.Add(p.asNeededRow(v, a))
		}
	}
	if len(v.refills) > 0 {
		box.Add(section(lang.L("Refills due")))
		for _, rf := range v.refills {
			rf := rf
			text := fmt.Sprintf(lang.L("%s runs out around %s. Order a refill."), rf.Med.Label(), rf.RunOut.In(v.loc).Format("Mon 2 Jan"))
			bt := widget.NewButtonWithIcon(lang.L("Update supply…"), theme.DocumentCreateIcon(), func() {
				p.s.show(scMeds)
				p.s.pages[scMeds].(*medsPage).openEditor(rf.Med)
			})
			box.Add(container.NewBorder(nil, nil, nil, bt, lowText(text)))
		}
	}

	box.Add(section(lang.L("Next appointments")))
	if len(v.upcoming) == 0 {
		box.Add(lowText(lang.L("No appointments planned. Add one on the Appointments screen.")))
	}
	for _, a := range v.upcoming {
		line := a.Start.In(v.loc).Format("Mon 2 Jan 15:04") + " · " + a.Title
		if a.Location != "" {
			line += " · " + a.Location
		}
		box.Add(linkButton(line, theme.CalendarIcon(), func() { p.s.show(scAppts) }))
		if a.Note != "" {
			box.Add(lowText(lang.L("Preparation") + ": " + a.Note))
		}
	}
	if v.lastVisit != nil {
		box.Add(lowText(lang.L("Last visit") + ": " + v.lastVisit.Start.Local().Format("2 Jan 2006") + " · " + v.lastVisit.Title))
	}

	box.Add(section(lang.L("Medicines being taken")))
	if len(v.meds) == 0 {
		box.Add(lowText(lang.L("No current medicines in the records.")))
	}
	for _, m := range v.meds {
		line := m.Name
		if m.Dosage != "" {
			line += " — " + m.Dosage
		}
		box.Add(linkButton(line, theme.ListIcon(), func() { p.s.show(scMeds) }))
	}
	if v.bp != nil {
		box.Add(section(lang.L("Latest blood pressure")))
		l := v.bp.Latest()
		line := fmt.Sprintf("%s / %s mmHg · %s", health.FormatNumber(l.V), health.FormatNumber(l.V2), l.T.Local().Format("2 Jan 2006"))
		box.Add(linkButton(line, theme.GridIcon(), func() { p.s.show(scResults) }))
	}
	return widget.NewCard("", "", box)
}

// doseRow is one dose with the buttons for its kind of line.
func (p *todayPage) doseRow(r remind.Reminder, kind string, loc *time.Location) fyne.CanvasObject {
	l := &doseLine{r: r, kind: kind}
	var text string
	switch kind {
	case lineMissed:
		text = r.Due.In(loc).Format("Mon 2 Jan 15:04") + " · " + r.Title
		l.taken = widget.NewButtonWithIcon(lang.L("Taken"), theme.ConfirmIcon(), func() { p.take(r, r.Due) })
		l.skip = widget.NewButton(lang.L("Skipped"), func() { p.skip(r) })
		l.now = widget.NewButton(lang.L("Take now"), func() { p.take(r, time.Time{}) })
	case lineLater:
		text = r.Due.In(loc).Format("15:04") + " · " + r.Title
		if !r.At.Equal(r.Due) {
			text += " · " + fmt.Sprintf(lang.L("snoozed until %s"), r.At.In(loc).Format("15:04"))
		}
		l.now = widget.NewButton(lang.L("Take now"), func() { p.take(r, time.Time{}) })
	default:
		text = r.Due.In(loc).Format("15:04") + " · " + r.Title
		l.taken = widget.NewButtonWithIcon(lang.L("Taken"), theme.ConfirmIcon(), func() { p.take(r, time.Time{}) })
		l.taken.Importance = widget.HighImportance
		l.skip = widget.NewButton(lang.L("Skip"), func() { p.skip(r) })
		l.snooze = widget.NewButtonWithIcon(lang.L("Snooze"), theme.HistoryIcon(), func() { p.snooze(r) })
	}
	buttons := container.NewHBox()
	for _, b := range []*widget.Button{l.taken, l.skip, l.snooze, l.now} {
		if b != nil {
			buttons.Add(b)
		}
	}
	p.doses = append(p.doses, l)
	return container.NewBorder(nil, nil, widget.NewIcon(theme.ListIcon()), buttons, lowText(text))
}

// asNeededRow offers to log a dose of an as-needed medicine.
func (p *todayPage) asNeededRow(v todayView, a asNeededMed) fyne.CanvasObject {
	text := a.med.Label() + " · " + lang.L("as needed")
	if !a.last.IsZero() {
		text += " · " + fmt.Sprintf(lang.L("last taken %s"), a.last.In(v.loc).Format("Mon 2 Jan 15:04"))
	}
	med, profile := a.med, v.profile
	bt := widget.NewButtonWithIcon(lang.L("Log a dose"), theme.ContentAddIcon(), func() {
		p.act(func(ctx context.Context, eng *remind.Engine, now time.Time) error {
			return eng.TakeAsNeeded(ctx, profile, med.Ref, now, "")
		})
	})
	return container.NewBorder(nil, nil, nil, bt, lowText(text))
}

// travelQuestion asks a person whose home zone differs from the device's which times to follow.
func (p *todayPage) travelQuestion(v todayView) fyne.CanvasObject {
	profile := v.profile
	answer := func(follow bool) func() {
		return func() {
			p.act(func(ctx context.Context, eng *remind.Engine, _ time.Time) error {
				return eng.AnswerTravel(ctx, profile, follow)
			})
		}
	}
	keep := widget.NewButton(lang.L("Keep home times"), answer(false))
	follow := widget.NewButton(lang.L("Follow local time"), answer(true))
	q := lowText(lang.L("You are in a different time zone: keep home times or follow local time?"))
	q.Importance = widget.WarningImportance
	return container.NewVBox(q, container.NewHBox(keep, follow))
}

func (p *todayPage) take(r remind.Reminder, at time.Time) {
	p.act(func(ctx context.Context, eng *remind.Engine, now time.Time) error {
		if at.IsZero() {
			at = now
		}
		return eng.Take(ctx, r, at)
	})
}

func (p *todayPage) skip(r remind.Reminder) {
	p.act(func(ctx context.Context, eng *remind.Engine, _ time.Time) error { return eng.Skip(ctx, r, "") })
}

func (p *todayPage) snooze(r remind.Reminder) {
	p.act(func(ctx context.Context, eng *remind.Engine, _ time.Time) error { return eng.Snooze(ctx, r) })
}

// act runs a reminder action in the background (it writes the vault durably), then refreshes.
func (p *todayPage) act(fn func(ctx context.Context, eng *remind.Engine, now time.Time) error) {
	u := p.s.u
	u.auto.poke()
	eng := u.rem.engine()
	if eng == nil {
		return
	}
	ctx, now := u.ctx, u.rem.now()
	var err error
	u.goVault(func() { err = fn(ctx, eng, now) }, func() {
		if err != nil && p.s.isCurrent() {
			showError(u.win, lang.L("Could not save that"), err)
		}
		u.rem.refresh()
	})
}

// focusClicked focuses the Taken button of the reminder whose notification was clicked.
func (p *todayPage) focusClicked() {
	rem := p.s.u.rem
	if rem.focusTag == "" {
		return
	}
	at, who := tagTime(rem.focusTag), tagProfile(rem.focusTag)
	for _, l := range p.doses {
		if l.r.Profile == who && (l.r.Due.Unix() == at.Unix() || l.r.At.Unix() == at.Unix()) {
			b := l.taken
			if b == nil {
				b = l.now
			}
			p.s.u.win.Canvas().Focus(b)
			rem.focusTag = ""
			return
		}
	}
}
