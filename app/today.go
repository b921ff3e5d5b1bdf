package app

import (
	"carekeeper/internal/journey"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// todayPage is the day at a glance, a section per person (in the household view each
// person's own, never merged): the doses due now with Taken / Skip / Snooze (and an Undo for
// a few seconds after), then overdue ones, then the rest of the day, what was missed while
// away, as-needed medicines to log, refills due, the next appointments, a travel question when
// the device is in another time zone, and the person's insight cards below. A person who has
// died is shown with the date of death and gets no reminders or cards. Portal status lines
// (insights.go) are at the top.
type todayPage struct {
	s        *shell
	frame    *pageFrame
	insights *insightsPanel
	box      *fyne.Container // a section per person
	importBt *widget.Button
	// viewOnly says why Import records is off for the person shown when this computer may
	// only view them in its household (as on People).
	viewOnly *widget.Label

	// doses are the dose lines shown, with their buttons (tests and notification clicks use them).
	doses []*doseLine
	// pending are the answers given on Today still waiting out undoTime, by dose (StateKey),
	// and the as-needed doses logged (asNeededKey).
	pending map[string]*pendingAnswer
	// guides are the "Get your records in" panels shown (one per person without records);
	// first is the one shown while nobody is in the vault.
	guides []*guidance
	first  *guidance
	// stopMidnight stops the timer that recomputes Today when the day shown turns (F385).
	stopMidnight func() bool
	dayEnd       time.Time // the end of the day Today shows

	// scroll is the page's body. rows are the rows shown of the doses and as-needed medicines,
	// by their answer's key (StateKey, asNeededKey), and reveal the key of the row just
	// answered or undone: once Today is drawn again that row is scrolled into sight. At 200 %
	// text on a 1024×600 screen the row of a dose logged shrank to its confirmation and the
	// page moved under it: the confirmation and its Undo went out of sight (F525 item 9).
	scroll *container.Scroll
	rows   map[string]shownRow
	reveal string
}

// shownRow is a dose's row on Today and its buttons (Undo while an answer waits).
type shownRow struct{ row, buttons fyne.CanvasObject }

// outdated says the day Today shows has ended by now.
func (p *todayPage) outdated(now time.Time) bool { return !p.dayEnd.IsZero() && !now.Before(p.dayEnd) }

// The kinds of dose line on Today.
const (
	lineDue     = "due"     // due now (shown as a notification): Taken / Skip / Snooze
	lineOverdue = "overdue" // past its due window, still worth taking: Taken / Skip
	lineMissed  = "missed"  // missed (while away, or left unanswered): Taken / Skipped / Take now
	lineLater   = "later"   // later today: Take now (early)
	lineBefore  = "before"  // passed before its medicine was added (F258): Taken / Skipped, no Take now
)

// doseLine is one dose on Today and its buttons.
type doseLine struct {
	r    remind.Reminder
	kind string
	// Buttons by role: due {Taken, Skip, Snooze}; overdue {Taken, Skip}; missed {Taken,
	// Skipped, Take now}; later {Take now}. While an answer waits out its undo time only undo.
	taken, skip, snooze, now, undo *widget.Button
	// While an answer waits out its undo time: what was answered, and its icon.
	done *widget.Label
	icon *widget.Icon
}

func newTodayPage(s *shell) *todayPage {
	p := &todayPage{s: s, box: container.NewVBox(), insights: newInsightsPanel(s), pending: map[string]*pendingAnswer{}, rows: map[string]shownRow{}}
	p.importBt = widget.NewButtonWithIcon(lang.L("Import records…"), theme.DownloadIcon(), s.importRecords)
	p.viewOnly = lowText(lang.L(viewOnlyImportWords))
	p.viewOnly.Hide()
	body := container.NewVScroll(container.NewVBox(p.viewOnly, p.insights.view(), p.box))
	p.scroll = body
	// Nobody in the vault yet: the empty state is the "Get your records in" guide.
	p.first = newGuidance(s, "")
	p.frame = newPageFrame(lang.L("Today"), container.NewVBox(p.importBt), body, &emptyState{CanvasObject: container.NewVScroll(p.first.obj)})
	return p
}

func (p *todayPage) view() fyne.CanvasObject { return p.frame.content }

// todayView is what Today shows for one person.
type todayView struct {
	profile string
	name    string
	death   health.Death
	// zone is the clock every line of the person uses (remind.Zone): their zone, named while
	// it is not this computer's.
	zone      remind.Zone
	now       time.Time
	records   int // the person's records
	meds      []health.Medication
	noTimes   map[string]string   // of meds, those whose records give no times to remind by: why, by Ref (F391)
	check     []health.Medication // to confirm because another medicine gives one ingredient (no reminders meanwhile)
	lastVisit *health.Appointment
	bp        *health.Series
	// weight is the person's body weight series, to work out a dose given by weight (F407)
	weight *health.Series
	// bySize are the doses listed whose record gives them by body size ("10 mg/kg"), by
	// StateKey: Taken asks how much was given, as Log a dose does (F436).
	bySize map[string]string
	// noAmount are the doses listed whose record gives no amount, only how to work it out in
	// words (insulin by carbohydrate ratio), by StateKey: Taken asks how much was given (F457).
	noAmount map[string]string

	reminders bool // the engine runs (not in the demo, not while starting)
	planned   int  // medicines with reminder times
	due       []remind.Reminder
	overdue   []remind.Reminder
	later     []remind.Reminder
	missed    []remind.Reminder
	before    []remind.Reminder // today's doses whose time passed before the medicine was added (F258)
	asNeeded  []asNeededMed
	starting  []journey.TodayStarting // medicines that start in the next days, not before (F383)
	refills   []remind.Refill
	upcoming  []*remind.Appointment
	home      *time.Location // their home clock while they follow this computer's (remind.AppointmentZone)
	travel    bool
	// answered are today's doses answered on another computer of the household
	// ("08:00 Metformin: taken · answered by Anna's laptop at 08:05").
	answered []string
	// done are today's doses answered here ("08:00 · Metformin 500 mg (1 tablet) · taken at
	// 08:05", F108).
	done []doneLine
	// toConfirm counts the medicines the records call active that wait for the person's yes or
	// no on Medicines (not those of v.check), F106.
	toConfirm int
	// viewOnly: this device may only view the person (storage.ErrViewOnly): their doses show
	// without answer buttons.
	viewOnly bool
	// notShared: the household no longer shares the person with this device
	// (storage.Vault.NotShared): said in these words, and their doses show as for viewOnly.
	notShared string
}

// asNeededMed is an as-needed medicine's row as `today` says it (journey.AsNeededToday: the
// doses logged on the person's day up to now, the last, two given too close on two devices),
// with the medicine a dose is logged for.
type asNeededMed struct {
	med *remind.Medicine
	journey.TodayAsNeeded
}

func (p *todayPage) compute(d *pageData) func() {
	rem := p.s.u.rem
	eng := rem.engine()
	now := rem.now()
	model, err := remind.Load(d.ctx, d.v, remind.LoadOptions{Device: rem.device(), Now: now})
	if err != nil {
		model = nil
	}
	running := eng != nil && eng.Model() != nil
	var missed []remind.Reminder
	if running {
		missed = eng.Missed()
	}
	profiles := []string{d.profile}
	if d.profile == "" {
		profiles = profiles[:0]
		for _, pp := range d.people {
			profiles = append(profiles, pp.ID)
		}
	}
	names, self := p.s.u.deviceNames()
	hhLine := p.s.u.householdLineFor(d.profile) // on a person's page, their lines only (F469)
	removedLine := ""
	if removal, ok := hhvault.LoadRemoval(d.v); ok && !p.s.u.demo {
		var held []string
		for _, id := range profiles {
			if slices.Contains(removal.People, id) {
				held = append(held, d.personName(id))
			}
		}
		removedLine = remind.RemovedWords(removal.At, held, rem.device())
	}
	var views []todayView
	for _, prof := range profiles {
		set := personSet(d, prof)
		v := todayView{profile: prof, name: d.personName(prof), zone: remind.Zone{Loc: rem.device(), Device: rem.device()}, now: now,
			reminders: running, records: len(set.Records), viewOnly: d.v.ViewOnly(prof)}
		if model != nil {
			v.zone = model.Zone(prof)
		}
		v.home = remind.HomeAway(d.v, prof, rem.device(), now)
		if since, ok := d.v.NotShared(prof); ok {
			v.viewOnly, v.notShared = true, remind.NotSharedWords(v.name, since, rem.device())
		}
		v.death = health.DeathOf(set, d.now.In(v.zone.Loc)) // its day on the person's clock (F140)
		// The last visit that took place: not a booking for after the death (F30), nor one
		// never marked attended, missed or cancelled (F66).
		_, past, _ := health.Appointments(set, now.In(v.zone.Loc)) // the death on the person's clock (F465)
		v.lastVisit = health.LastVisit(past)
		if v.death.Deceased {
			views = append(views, v) // no doses, refills, appointments or cards
			continue
		}
		// The death as of now (a date of death after today is no death: its medicines are
		// still taken; health.Medications judged it with no clock and listed none). The
		// medicines being taken as the Medicines screen says them: as of now (a course that
		// ended is not) and with the person's answers (one they stopped is not; one to confirm
		// is a question there, not a medicine taken).
		choices, err := health.LoadChoices(d.ctx, d.v, prof)
		if err != nil {
			choices = nil
		}
		for _, m := range health.Medicines(set, health.MedOptions{Now: now, Choices: choices, Death: &v.death, Loc: v.zone.Loc}) {
			if m.State == health.MedTaking && m.Starts == "" {
				// one that starts on a later day is under Starting soon, not taken yet (F342)
				v.meds = append(v.meds, m)
			}
			if m.SameIngredient {
				v.check = append(v.check, m)
			} else if m.State == health.MedToConfirm {
				v.toConfirm++
			}
		}
		for _, se := range health.Results(set) {
			if se.Pair {
				v.bp = se
			}
			if c := se.Code[strings.LastIndexByte(se.Code, '|')+1:]; !se.Apart && (c == "29463-7" || c == "3141-9") && v.weight == nil {
				v.weight = se
			}
		}
		if model != nil {
			if per := model.Person(prof); per != nil {
				v.travel = per.AskTravel
			}
			v.starting = journey.StartingSoon(model, prof, now, v.zone.Loc)
			for _, med := range model.Medicines(prof) {
				switch {
				case med.Plan.AsNeeded:
				case med.Plan.Problem() == "":
					v.planned++
				}
			}
			// Only those being taken (not one to confirm, stopped, or a second record of a
			// medicine listed once), with the doses logged up to now, as 'today' lists them:
			// one rule for both (a dose logged after now was counted here, not there).
			for _, a := range journey.AsNeededToday(model, prof, now, v.zone.Loc, names, self) {
				v.asNeeded = append(v.asNeeded, asNeededMed{med: a.Med, TodayAsNeeded: a})
			}
			// A plan the person set says how the medicine is taken, as Medicines says it: the
			// record of a medicine added 'as needed' kept saying so after times were set (F222).
			for i := range v.meds {
				if med := remindingCopy(model, prof, v.meds[i]); med != nil && med.Overridden {
					// with the dose, as Medicines says it: the dose was gone once times were set (F438)
					v.meds[i].Dosage = health.HowTaken(med.WithWeight(v.meds[i].Dose), planWords(model, med, now, planSetOn(d.v, names, self, med)))
				} else if why := journey.NoTimesWhy(med); why != "" {
					// Nothing will remind: said where a parent reads what is being taken, not
					// only in the medicine's dialog (F391).
					if v.noTimes == nil {
						v.noTimes = map[string]string{}
					}
					v.noTimes[v.meds[i].Ref] = why
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
		if running {
			v.due, v.overdue, v.later, v.before = doseStates(eng, prof, now, v.zone.Loc)
			v.answered = answeredElsewhere(eng, prof, now, v.zone.Loc, names, self)
			v.done = answeredHere(eng, prof, now, v.zone, names, self)
		}
		for _, r := range missed {
			if r.Profile == prof {
				v.missed = append(v.missed, r)
			}
		}
		slices.SortStableFunc(v.missed, func(a, b remind.Reminder) int { return a.Due.Compare(b.Due) })
		if model != nil {
			for _, rs := range [][]remind.Reminder{v.due, v.overdue, v.later, v.missed, v.before} {
				for _, r := range rs {
					dose := occurrenceDose(model, r)
					if health.DoseBySize(dose) != "" {
						if v.bySize == nil {
							v.bySize = map[string]string{}
						}
						v.bySize[r.StateKey()] = dose
					}
					if w := r.Med.InstructionOnly(); dose == "" && w != "" {
						if v.noAmount == nil {
							v.noAmount = map[string]string{}
						}
						v.noAmount[r.StateKey()] = w
					}
				}
			}
		}
		views = append(views, v)
	}
	var insights func()
	if p.insights != nil {
		insights = p.insights.compute(d)
	}
	nobody := len(d.people) == 0
	// Importing for a person this computer may only view would be refused after the file was
	// chosen (storage.ErrViewOnly); for everyone it stays: the files decide whose records
	// they are.
	viewOnly := d.profile != "" && d.v.ViewOnly(d.profile)
	_, notShared := d.v.NotShared(d.profile) // said in the person's card
	notShared = notShared && d.profile != ""
	return func() {
		p.box.RemoveAll()
		p.doses = nil
		p.guides = nil
		p.rows = map[string]shownRow{}
		// The day of the person shown, on their clock (named when it is not this computer's);
		// in the household view this computer's, each person's card saying theirs.
		sub := now.In(rem.device()).Format("Monday 2 January 2006")
		dayLoc := rem.device()
		if len(views) == 1 && d.profile != "" {
			sub = views[0].zone.Day(now)
			dayLoc = views[0].zone.Loc
		}
		p.recomputeAtMidnight(now, dayLoc)
		if p.s.u.demo {
			sub += " · " + lang.L("Demo: a synthetic person, nothing here is real")
		}
		p.frame.sub.SetText(sub)
		p.frame.setEmpty(nobody)
		if nobody {
			p.importBt.Hide()
		} else {
			p.importBt.Show()
		}
		if viewOnly {
			p.importBt.Disable()
			p.viewOnly.Show()
		} else if notShared {
			p.importBt.Disable()
			p.viewOnly.Hide()
		} else {
			p.importBt.Enable()
			p.viewOnly.Hide()
		}
		if insights != nil {
			insights()
		}
		if hhLine != "" {
			p.box.Add(linkLine(hhLine, theme.ComputerIcon(), func() { p.s.show(scSettings) }))
		}
		if removedLine != "" {
			p.box.Add(linkLine(removedLine, theme.ComputerIcon(), func() { p.s.show(scSettings) }))
		}
		for _, v := range views {
			p.box.Add(p.section(v, d.profile == ""))
		}
		p.box.Refresh()
		p.showRevealed()
		p.focusClicked()
	}
}

// offsetIn is where o lies in in (its top left), and whether it is there.
func offsetIn(in, o fyne.CanvasObject) (fyne.Position, bool) {
	path := pathTo(in, o)
	var pos fyne.Position
	for _, x := range path[min(1, len(path)):] {
		pos = pos.Add(x.Position())
	}
	return pos, path != nil
}

// showRevealed scrolls the row of the answer just given or undone (reveal) into sight, as
// little as it takes: the person's eyes are on it.
func (p *todayPage) showRevealed() {
	key := p.reveal
	p.reveal = ""
	shown, ok := p.rows[key]
	if !ok || !p.scroll.Visible() || p.scroll.Size().Height <= 0 {
		return
	}
	// Lay the rows out as they are now. A row's words wrap once they have their width, and
	// only then say their height: laid out once, a row drawn anew was taken for one line high.
	for range 3 {
		h := p.scroll.Content.MinSize().Height
		p.box.Refresh()
		p.scroll.Refresh()
		if p.scroll.Content.MinSize().Height == h {
			break
		}
	}
	// Where the row lies in the body's content: found by walking down to it, as the driver's
	// AbsolutePositionForObject knows only objects already drawn (a row just made is at 0).
	inContent := func(o fyne.CanvasObject) (top, bottom float32, ok bool) {
		pos, ok := offsetIn(p.scroll.Content, o)
		return pos.Y, pos.Y + o.Size().Height, ok
	}
	top, bottom, ok := inContent(shown.row)
	_, end, okb := inContent(shown.buttons)
	if !ok || !okb {
		return
	}
	// The part of the body in sight: all of it, unless the screen's own scroll (a page taller
	// than the window) cuts it.
	off := p.scroll.Offset.Y
	from, to := off, off+p.scroll.Size().Height
	if sc := p.s.scroll; sc != nil && sc.Visible() {
		if at, ok := offsetIn(sc.Content, p.scroll); ok {
			// the body's top and bottom in the screen's scroll, against what it shows
			from = max(from, off+sc.Offset.Y-at.Y)
			to = min(to, off+sc.Offset.Y+sc.Size().Height-at.Y)
		}
	}
	pad := theme.Padding() // clear of the scroll's edge shadow
	from, to = from+pad, to-pad
	if bottom-top > to-from {
		// A row taller than the view (its words wrap at large text): its buttons, under the
		// words, and as much of the words above them as fits.
		top, bottom = max(top, end-(to-from)), end
	}
	switch {
	case top < from:
		off -= from - top
	case bottom > to:
		off += min(top-from, bottom-to)
	default:
		return
	}
	p.scroll.ScrollToOffset(fyne.NewPos(0, max(0, off)))
	p.frame.scrolled() // the header folds away or comes back as when the wheel scrolls
}

// recomputeAtMidnight marks Today for recomputing when the day it shows ends on loc's clock
// (the person's midnight; this computer's in the household view), and recomputes it then if
// it is shown: at 00:03 it said the day before as "Today" (F385).
func (p *todayPage) recomputeAtMidnight(now time.Time, loc *time.Location) {
	if p.stopMidnight != nil {
		p.stopMidnight()
		p.stopMidnight = nil
	}
	if loc == nil {
		loc = time.Local
	}
	y, m, d := now.In(loc).Date()
	next := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	p.dayEnd = next
	s := p.s
	// A timer may come late (a computer asleep at midnight): show also looks at dayEnd.
	p.stopMidnight = s.u.auto.clock.AfterFunc(next.Sub(now), func() {
		s.u.post(func() {
			if !s.isCurrent() {
				return
			}
			s.stale[scToday] = true
			if s.current == scToday {
				s.refresh(scToday)
			}
		})
	})
}

// personSet is the records of one person (the household view loads everyone's).
func personSet(d *pageData, profile string) *health.Set {
	if d.profile != "" {
		if profile == d.profile {
			return d.set
		}
		return health.NewSet(nil, d.set.Shared) // only the person shown was read
	}
	var mine []health.Resource
	for _, r := range d.set.Records {
		if r.Profile == profile {
			mine = append(mine, r)
		}
	}
	return health.NewSet(mine, d.set.Shared)
}

// hasReminders reports whether a view has something from the reminders (own medicines and
// appointments exist without imported records).
func (v *todayView) hasReminders() bool {
	return v.planned > 0 || len(v.asNeeded) > 0 || len(v.upcoming) > 0 || len(v.due) > 0 ||
		len(v.overdue) > 0 || len(v.missed) > 0 || len(v.before) > 0
}

// section is one person's part of Today: their name (in the household view, or when they
// died), then their day, then their cards.
func (p *todayPage) section(v todayView, household bool) fyne.CanvasObject {
	out := container.NewVBox()
	if household || v.death.Deceased {
		title := v.name
		if w := v.death.Words(); w != "" {
			title += " · " + w
		} else if there, here := personDay(v.zone, v.now); household && there != here {
			// The page's heading is this computer's day; a person already on the next day (or
			// still on the one before) has their own: "Aroha · Monday 7 December there" (F408).
			title += " · " + fmt.Sprintf(lang.L("%s there"), v.now.In(v.zone.Loc).Format("Monday 2 January"))
		}
		h := heading2(title)
		// wrapped: on one line, a name and the day there at large text were wider than the
		// window, and so was every line of the page under it (F566)
		h.Wrapping = fyne.TextWrapWord
		out.Add(h)
	}
	if note := v.death.FutureNote(); note != "" {
		out.Add(lowText(note)) // as `today` says it: an error in a record, not a death
	}
	if v.death.Deceased {
		box := container.NewVBox(lowText(fmt.Sprintf(lang.L("%s has died. CareKeeper sends no reminders for them and keeps their records as they are."), v.name)))
		if v.lastVisit != nil {
			box.Add(lowText(lang.L("Last visit") + ": " + v.zone.Date(v.lastVisit.Start) + " · " + v.lastVisit.Title))
		}
		out.Add(widget.NewCard("", "", box))
		return out
	}
	if v.records == 0 && !v.hasReminders() {
		g := newGuidance(p.s, v.profile)
		p.guides = append(p.guides, g)
		out.Add(widget.NewCard("", "", g.obj))
		return out
	}
	out.Add(p.card(v))
	if cards := p.insights.cardsOf(v.profile); cards != nil {
		out.Add(section(lang.L("Insights")))
		out.Add(cards)
	}
	return out
}

func (p *todayPage) card(v todayView) fyne.CanvasObject {
	box := container.NewVBox()
	if v.travel && !v.viewOnly {
		box.Add(p.travelQuestion(v))
	}
	if note := v.zone.Note(v.now); note != "" {
		box.Add(lowText(note)) // every time below is on the person's clock
	}

	if len(v.check) > 0 {
		// Two records give one ingredient: neither reminds until the person says which they
		// take, so Today says why those doses are not here (F45).
		box.Add(section(lang.L("Medicines to check")))
		box.Add(lowText(lang.L("Two records give the same medicine. They have no reminders until you say on the Medicines screen which one is being taken.")))
		for _, m := range v.check {
			box.Add(linkLine(m.Name+" — "+m.Question, theme.WarningIcon(), func() { p.s.show(scMeds) }))
		}
	}
	if v.notShared != "" {
		// The household no longer shares the person with this computer: their doses, worked
		// out from what was left here, are nobody's to give from here, and whether they were
		// given is not known here. None is listed as due, overdue or later (F525 item 13).
		box.Add(section(lang.L("Doses")))
		box.Add(lowText(v.notShared))
		box.Add(lowText(fmt.Sprintf(lang.L("%s's doses are no longer followed on this computer."), v.name)))
	} else {
		p.doseSections(box, v)
	}
	p.laterSections(box, v)
	return widget.NewCard("", "", box)
}

// doseSections are the doses of a person followed here: due now, overdue, later today, those
// answered today, missed, those before the medicine was added, as-needed medicines to log,
// medicines starting soon and refills due.
func (p *todayPage) doseSections(box *fyne.Container, v todayView) {
	box.Add(section(lang.L("Doses due now")))
	if v.viewOnly && v.reminders {
		box.Add(lowText(lang.L(viewOnlyWords)))
	}
	switch {
	case !v.reminders:
		box.Add(lowText(lang.L("Reminders are starting…")))
	case len(v.due) == 0 && len(v.overdue) == 0 && v.planned == 0:
		box.Add(lowText(lang.L("No dose reminders yet. Set the times for a medicine on the Medicines screen, or add a medicine there by hand.")))
	case len(v.due) == 0:
		box.Add(lowText(lang.L("Nothing due right now.")))
	}
	for _, r := range v.due {
		box.Add(p.doseRow(r, lineDue, v))
	}
	if len(v.overdue) > 0 {
		box.Add(section(lang.L("Overdue")))
		for _, r := range v.overdue {
			box.Add(p.doseRow(r, lineOverdue, v))
		}
	}
	if len(v.later) > 0 {
		box.Add(section(lang.L("Later today")))
		for _, r := range v.later {
			box.Add(p.doseRow(r, lineLater, v))
		}
	}
	if len(v.done) > 0 {
		// The day's doses answered here stay on Today: "did I take it already?" (F108).
		box.Add(section(lang.L("Taken or skipped today")))
		for _, d := range v.done {
			box.Add(container.NewBorder(nil, nil, widget.NewIcon(answeredIcon(d.skipped)), nil, lowText(d.text)))
		}
	}
	if len(v.answered) > 0 {
		box.Add(section(lang.L("Answered on other computers")))
		for _, a := range v.answered {
			box.Add(lowText(a))
		}
	}
	if len(v.missed) > 0 {
		box.Add(section(lang.L("Missed")))
		if !v.viewOnly {
			box.Add(lowText(lang.L("Say what happened to each: taken at the time, skipped, or take it now.")))
		}
		for _, r := range v.missed {
			box.Add(p.doseRow(r, lineMissed, v))
		}
	}
	if len(v.before) > 0 {
		// Times that passed before the medicine was added (a medicine of one's own added at
		// 22:36 with 08:00 and 20:00): nobody was reminded, so they are not "missed", and
		// "Take now" could mean an extra dose (F258).
		box.Add(section(lang.L("Before it was added")))
		if !v.viewOnly {
			box.Add(lowText(lang.L("These times had passed when the medicine was added: say if each was taken or skipped, or leave them.")))
		}
		for _, r := range v.before {
			box.Add(p.doseRow(r, lineBefore, v))
		}
	}
	if len(v.asNeeded) > 0 {
		box.Add(section(lang.L("As needed")))
		for _, a := range v.asNeeded {
			if v.viewOnly {
				box.Add(lowText(a.med.Label() + " · " + lang.L("as needed")))
				continue
			}
			box.Add(p.asNeededRow(v, a))
		}
	}
	if len(v.starting) > 0 {
		// As `today` says it: "Starts 10 Dec 2026: Levothyroxine 50 mcg tablet (50 mcg), not
		// before" (F383, F342).
		box.Add(section(lang.L("Starting soon")))
		for _, st := range v.starting {
			box.Add(lowText(fmt.Sprintf(lang.L("Starts %s: %s, not before"), health.DayWords(st.Starts), st.Name)))
		}
	}
	if len(v.refills) > 0 {
		box.Add(section(lang.L("Refills due")))
		for _, rf := range v.refills {
			rf := rf
			text := rf.Med.Label() + " " + v.zone.RefillWords(rf.RunOut, v.now, rf.DoseChanged) + ". " + lang.L("Order a refill.")
			bt := widget.NewButtonWithIcon(lang.L("Update supply…"), theme.DocumentCreateIcon(), func() {
				p.s.show(scMeds)
				p.s.pages[scMeds].(*medsPage).openEditor(rf.Med)
			})
			box.Add(newTextRow(nil, bt, lowText(text)))
		}
	}
}

// laterSections are the parts of a person's day on Today after their doses: the next
// appointments, the last visit, the medicines being taken and the latest blood pressure.
func (p *todayPage) laterSections(box *fyne.Container, v todayView) {
	box.Add(section(lang.L("Next appointments")))
	switch {
	case len(v.upcoming) > 0:
	case v.viewOnly: // this computer cannot add one for them
		box.Add(lowText(lang.L("No appointments planned.")))
	default:
		box.Add(lowText(lang.L("No appointments planned. Add one on the Appointments screen.")))
	}
	for _, a := range v.upcoming {
		line := remind.AppointmentZone(v.zone, v.home, a.Start).When(a.Start) + " · " + a.Label()
		if a.Location != "" {
			line += " · " + a.Location
		}
		box.Add(linkLine(line, theme.CalendarIcon(), func() { p.s.show(scAppts) }))
		if s := a.SkippedWords(v.zone.Loc); s != "" { // its record's time the clocks skip (F535)
			w := lowText(sentence(s))
			w.Importance = widget.WarningImportance
			box.Add(w)
		}
		if a.Note != "" {
			box.Add(lowText(lang.L("Preparation") + ": " + a.Note))
		}
	}
	if v.lastVisit != nil {
		box.Add(lowText(lang.L("Last visit") + ": " + v.zone.Date(v.lastVisit.Start) + " · " + v.lastVisit.Title))
	}

	box.Add(section(lang.L("Medicines being taken")))
	if len(v.meds) == 0 && v.toConfirm == 0 {
		box.Add(lowText(lang.L("No current medicines in the records.")))
	}
	if v.toConfirm > 0 {
		// Still active in the records, but nothing recent shows they are taken: a question
		// for the person, not "no medicines" (F106).
		box.Add(linkLine(count(v.toConfirm, "{{.Count}} medicines in the records to confirm: are they still taken? Answer on Medicines."),
			theme.QuestionIcon(), func() { p.s.show(scMeds) }))
	}
	for _, m := range v.meds {
		line := m.Name
		if m.Dosage != "" {
			line += " — " + m.Dosage
		}
		icon := theme.ListIcon()
		if why := v.noTimes[m.Ref]; journey.NothingToSet(why) {
			// not the person's to time: no warning, no offer (F532, F551)
			line += "\n" + fmt.Sprintf(lang.L("No reminders: %s."), why)
		} else if why != "" {
			if p.s.v.ViewOnly(v.profile) {
				// this device only views the person: it cannot set times (F512 item 5)
				line += "\n" + fmt.Sprintf(lang.L("No reminders: %s. A device that manages %s can set its times."), why, v.name)
			} else {
				line += "\n" + fmt.Sprintf(lang.L("No reminders: %s. Set its times on Medicines."), why)
			}
			icon = theme.WarningIcon()
		}
		box.Add(linkLine(line, icon, func() { p.s.show(scMeds) }))
	}
	if v.bp != nil {
		box.Add(section(lang.L("Latest blood pressure")))
		// the latest taken, as Results' Latest: one dated later today (21:00 at 09:00) is
		// not yet (F352)
		l, _ := health.LatestAsOfIn(v.bp, v.now, v.zone.Loc)
		line := health.Pressure(l.V, l.V2) + " · " + health.DateWords(l.In(v.zone.Loc))
		box.Add(linkLine(line, theme.GridIcon(), func() { p.s.show(scResults) }))
	}
}

// personDay is now's day on the person's clock and on this computer's, "2006-01-02".
func personDay(z remind.Zone, now time.Time) (there, here string) {
	loc, device := z.Loc, z.Device
	if loc == nil {
		loc = time.Local
	}
	if device == nil {
		device = time.Local
	}
	return now.In(loc).Format("2006-01-02"), now.In(device).Format("2006-01-02")
}

// viewOnlyWords replace the answer buttons of a person this device may only view.
const viewOnlyWords = remind.ViewOnlyWords

// viewOnlyImportWords say why Today's Import records is off for a person shared to view.
const viewOnlyImportWords = "Shared with you to view: import their records on a computer that manages this person."

// doseRow is one dose with the buttons for its kind of line, or, while an answer to it waits
// out its undo time, what was answered and Undo; a person this device may only view gets no
// buttons.
func (p *todayPage) doseRow(r remind.Reminder, kind string, v todayView) fyne.CanvasObject {
	loc := v.zone.Loc
	l := &doseLine{r: r, kind: kind}
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	text := clock(r.Due) + " · " + r.Title
	if kind == lineMissed || kind == lineBefore || !sameDay(r.Due, p.s.u.rem.now(), loc) {
		text = health.DateTimeWords(r.Due.In(loc)) + " · " + r.Title
	}
	if s := r.SkippedDoseWords(loc); s != "" {
		// "03:00 · Berodual N (02:30 does not exist that night: …)", as `today`, `reminders`
		// and the notification say it (F557 item 2)
		text += " (" + s + ")"
	}
	if v.viewOnly {
		if r.At.After(r.Due) {
			text += " · " + fmt.Sprintf(lang.L("snoozed until %s"), clock(r.At))
		}
		return container.NewBorder(nil, nil, widget.NewIcon(theme.ListIcon()), nil, lowText(text))
	}
	p.doses = append(p.doses, l)
	if a := p.pending[r.StateKey()]; a != nil {
		l.undo = widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), func() { p.undo(r.StateKey()) })
		l.done = lowText(text + " · " + a.words)
		l.icon = widget.NewIcon(answeredIcon(a.skipped))
		switch {
		case a.putOff:
			// A snooze puts the dose off, it does not settle it: no ✓, not the green of
			// "taken at …", and until when at once (F162).
			l.icon.SetResource(theme.HistoryIcon())
		case !a.skipped: // a dose skipped is not the green of one taken either (F450)
			l.done.Importance = widget.SuccessImportance
		}
		row := newTextRow(l.icon, l.undo, l.done)
		p.rows[r.StateKey()] = shownRow{row, l.undo}
		return row
	}
	switch kind {
	case lineMissed:
		l.taken = widget.NewButtonWithIcon(lang.L("Taken"), theme.ConfirmIcon(), func() { p.take(r, r.Due, v) })
		l.skip = widget.NewButton(lang.L("Skipped"), func() { p.skip(r) })
		l.now = widget.NewButton(lang.L("Take now"), func() { p.take(r, time.Time{}, v) })
	case lineBefore:
		l.taken = widget.NewButtonWithIcon(lang.L("Taken"), theme.ConfirmIcon(), func() { p.take(r, r.Due, v) })
		l.skip = widget.NewButton(lang.L("Skipped"), func() { p.skip(r) })
	case lineLater:
		l.now = widget.NewButton(lang.L("Take now"), func() { p.take(r, time.Time{}, v) })
	case lineOverdue:
		l.taken = widget.NewButtonWithIcon(lang.L("Taken"), theme.ConfirmIcon(), func() { p.askWhenTaken(r, v) })
		l.taken.Importance = widget.HighImportance
		l.skip = widget.NewButton(lang.L("Skip"), func() { p.skip(r) })
	default:
		l.taken = widget.NewButtonWithIcon(lang.L("Taken"), theme.ConfirmIcon(), func() { p.take(r, time.Time{}, v) })
		l.taken.Importance = widget.HighImportance
		l.skip = widget.NewButton(lang.L("Skip"), func() { p.skip(r) })
		l.snooze = widget.NewButtonWithIcon(lang.L("Snooze"), theme.HistoryIcon(), func() { p.snooze(r, v.zone) })
	}
	if r.At.After(r.Due) {
		text += " · " + fmt.Sprintf(lang.L("snoozed until %s"), clock(r.At))
	}
	buttons := container.NewHBox()
	for _, b := range []*widget.Button{l.taken, l.skip, l.snooze, l.now} {
		if b != nil {
			buttons.Add(b)
		}
	}
	row := newTextRow(widget.NewIcon(theme.ListIcon()), buttons, lowText(text))
	p.rows[r.StateKey()] = shownRow{row, buttons}
	return row
}

// asNeededRow offers to log a dose of an as-needed medicine.
func (p *todayPage) asNeededRow(v todayView, a asNeededMed) fyne.CanvasObject {
	// How much a dose is and the record's limits, as Medicines says them: "Paracetamol 500 mg
	// tablet (2 tablets) · as needed, at least 4 hours apart, at most 4 doses a day" (F206).
	text := a.Name + " · " + lang.L("as needed")
	if a.For != "" {
		// what for, as Medicines and `today` say it: "as needed for wheezing" (F383, F360)
		text = a.Name + " · " + fmt.Sprintf(lang.L("as needed for %s"), a.For)
	}
	if a.Limits != "" {
		text += ", " + a.Limits
	}
	switch {
	case a.Today > 0 && a.TodayAmount != "":
		// how much they gave, as `today` says it: "3 doses taken today (8 puffs)" — the dose
		// counted read the same for 2 + 2 + 4 puffs as for three doses of 2 (dom41's brief item 3)
		text += " · " + count(a.Today, "{{.Count}} doses taken today ({{.Amount}}), the last at {{.Time}}",
			map[string]any{"Time": v.zone.Clock(a.Last), "Amount": a.TodayAmount})
	case a.Today > 0:
		// "2 doses taken today, the last at 20:15": a second dose logged by a double press shows
		text += " · " + count(a.Today, "{{.Count}} doses taken today, the last at {{.Time}}", map[string]any{"Time": v.zone.Clock(a.Last)})
	case !a.Last.IsZero():
		text += " · " + fmt.Sprintf(lang.L("last taken %s"), v.zone.When(a.Last))
	}
	if a.TooClose != "" {
		// Given on two devices before they exchanged, closer than the record allows (F478).
		text += " · " + a.TooClose
	}
	if a.Over != "" {
		text += " · " + a.Over // more in the last day than the record allows (F538)
	}
	med := a.med
	if w := p.pending[asNeededKey(med)]; w != nil {
		// Logged, waiting out its undo time: what was logged, and Undo (F71).
		undo := widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), func() { p.undo(asNeededKey(med)) })
		done := lowText(med.Label() + " · " + w.words)
		done.Importance = widget.SuccessImportance
		row := newTextRow(widget.NewIcon(theme.ConfirmIcon()), undo, done)
		p.rows[asNeededKey(med)] = shownRow{row, undo}
		return row
	}
	bt := widget.NewButtonWithIcon(lang.L("Log a dose"), theme.ContentAddIcon(), func() { p.logDose(med, v, amountCaution(a, v.zone)) })
	label := lowText(text)
	if a.TooClose != "" || a.Over != "" {
		label.Importance = widget.WarningImportance
	}
	row := newTextRow(nil, bt, label)
	p.rows[asNeededKey(med)] = shownRow{row, bt}
	return row
}

// logDose logs a dose of an as-needed medicine taken now, to be undone for undoTime like an
// answer to a dose. Sooner than its record allows, or over its most doses a day, it asks
// first, in the words of remind.DoseCaution ("The last dose was at 14:10, 1 hour ago. This
// medicine says at least 4 hours between doses. Log another dose anyway?", F71). A dose its
// record gives by body size ("15 mg/kg") is not an amount: how much was given is asked first,
// with what the rule comes to at the person's last weight, and that amount is recorded (F407).
func (p *todayPage) logDose(med *remind.Medicine, v todayView, amount string) {
	u := p.s.u
	eng := u.rem.engine()
	if eng == nil {
		return
	}
	z := v.zone
	at := u.rem.now() // taken when tapped, even if saved after the undo time
	profile, ref := med.Profile, med.Ref
	log := func(dose string) {
		words := fmt.Sprintf(lang.L("taken at %s"), z.Clock(at))
		if dose != "" {
			words = fmt.Sprintf(lang.L("%s taken at %s"), dose, z.Clock(at))
		}
		p.answerKey(asNeededKey(med), words, func(ctx context.Context, eng *remind.Engine, _ time.Time) error {
			return eng.TakeAsNeeded(ctx, profile, ref, at, dose)
		})
	}
	msg := eng.DoseCaution(profile, ref, at)
	if amount != "" {
		msg = strings.TrimSpace(msg + " " + amount)
	}
	ask := func(dose string) {
		if msg == "" {
			log(dose)
			return
		}
		d := dialog.NewConfirm(lang.L("Another dose?"), msg+" "+lang.L(remind.AnotherDose), func(ok bool) {
			if ok {
				log(dose)
			}
		}, u.win)
		d.SetConfirmText(lang.L("Log it anyway"))
		d.SetDismissText(lang.L("Do not log it"))
		// "Do not log it" is the one focused, and "Log it anyway" not the main button: Enter
		// logged a second rescue dose of a medicine whose record says not to give one (F437).
		d.SetConfirmImportance(widget.MediumImportance)
		d.Show()
		focusDialogButton(u.win, lang.L("Do not log it"))
	}
	rule := med.AsNeededDose()
	if health.DoseBySize(rule) == "" {
		ask("")
		return
	}
	words := health.DoseBySizeWords(v.name, rule, v.weight, u.rem.now(), z.Loc)
	p.askAmount(med.Label()+": "+strings.ToLower(words[:1])+words[1:], amountUnitsOf(rule), ask)
}

// askAmount asks how much of a medicine dosed by body size was given, saying the rule and what
// it comes to (words: the medicine and health.DoseBySizeWords), and goes on with the amount
// typed: "10 mL", "300 mg". Log stays off until it is an amount with its unit, not a rule per kg.
func (p *todayPage) askAmount(words, units string, then func(dose string)) {
	u := p.s.u
	given := widget.NewEntry()
	// No example amount: "e.g. 10 mL" beside a 100 mg/mL medicine given as 1.7 mL is the slip
	// this box is there to stop (10 mL = 1000 mg, F436).
	given.SetPlaceHolder(fmt.Sprintf(lang.L("how much, with its unit: %s"), units))
	if units == "units" {
		given.SetPlaceHolder(lang.L("how many units")) // not "with its unit: units"
	}
	need := newMessageLabel() // why Log it is off, once something is typed: in sight under the scroll (F351)
	// The box and the line under it stay in sight under the words, which scroll: at 200 % text
	// on a 1024×600 screen the box was scrolled away by the line saying why Log it is off.
	box := container.NewVBox(widget.NewForm(widget.NewFormItem(lang.L("Amount given"), given)), need.Label)
	d := formDialogWith(lang.L("How much was given?"), lang.L("Log it"), lang.L("Cancel"), nil, func(ok bool) {
		if ok {
			then(strings.Join(strings.Fields(given.Text), " "))
		}
	}, u.win, box, paragraph(words), nil)
	d.onValidation = func() {
		err := amountGivenProblem(given.Text, units)
		if err != nil {
			d.confirm.Disable()
		}
		if err != nil && strings.TrimSpace(given.Text) != "" {
			need.setError(err.Error())
		} else {
			need.setError("")
		}
	}
	given.OnChanged = func(string) { d.recheck() }
	given.OnSubmitted = func(string) { d.Submit() }
	d.recheck()
	fitForm(d, u.win, 480)
	d.Show()
	u.win.Canvas().Focus(given)
}

// amountGivenProblem says what is not an amount given: empty, no number first, a number with
// no unit ("10": mL or mg?), or a rule by body size ("15 mg/kg").
func amountGivenProblem(s, units string) error {
	s = strings.TrimSpace(s)
	switch m := amountNumber.FindStringSubmatch(s); {
	case s == "":
		return fmt.Errorf(lang.L("Say how much was given, with its unit: %s."), units)
	case health.DoseBySize(s) != "":
		return fmt.Errorf(lang.L("%s is not an amount: say how much was given, with its unit: %s."), s, units)
	case m == nil:
		return fmt.Errorf(lang.L("Start with how much, then its unit: %s."), units)
	case strings.TrimSpace(m[3]) == "" && units == "units":
		return fmt.Errorf(lang.L("Say the unit too: %s units?"), s)
	case strings.TrimSpace(m[3]) == "":
		return fmt.Errorf(lang.L("Say the unit too: %s mL? %s mg?"), s, s)
	}
	return nil
}

var unitsWord = regexp.MustCompile(`(?i)\bunits?\b`)

// amountUnitsOf is the units an amount given is asked in: "units" of a medicine dosed in
// units (insulin by carbohydrate ratio, "1 unit per 15 g …"), else "mL or mg".
func amountUnitsOf(words string) string {
	if unitsWord.MatchString(words) {
		return "units"
	}
	return "mL or mg"
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
	// Which zones, in words, and who is away: "Is Joseph with this computer, on New York
	// time, or at home on Dublin time? Until you answer, times are Dublin time." — a carer
	// on another clock than the person is not the one to travel (F256).
	home := v.zone.Name(v.now)
	here := remind.Zone{Loc: v.zone.Device}.Name(v.now)
	keep := widget.NewButton(fmt.Sprintf(lang.L("At home: keep %s"), home), answer(false))
	follow := widget.NewButton(fmt.Sprintf(lang.L("With this computer: follow %s"), here), answer(true))
	q := lowText(fmt.Sprintf(lang.L("Is %s with this computer, on %s, or at home on %s? Until you answer, times are %s."),
		v.name, here, home, home))
	q.Importance = widget.WarningImportance
	// The answers wrap under each other when they do not fit side by side: at 200 % text on a
	// 1024×600 screen they made Today wider than the window, every line cut at its edge (F422).
	return container.NewVBox(q, newFlow(keep, follow))
}

// take answers a dose as taken at at (zero: now). A dose its record gives by body size ("10
// mg/kg") is not an amount: how much was given is asked first, with what the rule comes to at
// the weight its reminder uses (F446), and that amount is recorded, as Log a dose does (F436, F407).
func (p *todayPage) take(r remind.Reminder, at time.Time, v todayView) {
	z := v.zone
	now := p.s.u.rem.now()
	if at.IsZero() {
		at = now // taken when tapped, even if saved after the undo time
	}
	rule := v.bySize[r.StateKey()]
	if instr := v.noAmount[r.StateKey()]; instr != "" && rule == "" && r.Med != nil {
		// "18:30 · Insulin lispro … (1 unit per 15 g carbohydrate …)" was recorded taken at
		// once, with no amount: how much was given is what the day's record needs (F457).
		words := fmt.Sprintf(lang.L("%s: the record gives no amount, only how to work it out: “%s”."), r.Med.Label(), instr)
		p.askAmount(words, amountUnitsOf(instr), func(dose string) {
			said := fmt.Sprintf(lang.L("%s taken at %s"), dose, z.Clock(at))
			p.answer(r, said, func(ctx context.Context, eng *remind.Engine, _ time.Time) error {
				return eng.TakeGiven(ctx, r, at, dose)
			})
		})
		return
	}
	if rule == "" || r.Med == nil {
		words := fmt.Sprintf(lang.L("taken at %s"), z.Clock(at)) // on the clock of the dose line
		p.answer(r, words, func(ctx context.Context, eng *remind.Engine, _ time.Time) error { return eng.Take(ctx, r, at) })
		return
	}
	// At the weight its reminder works the dose out at, a later one beside it, as the reminder
	// says it: the question summed at the last weight, "10 mg/kg × 18.4 kg = 184 mg", under a
	// reminder of 170 mg = 1.7 mL at 17 kg (F446).
	words := health.DoseAtWeightWords(v.name, rule, r.Med.Label(), v.weight, r.Med.Weight, r.Med.NewWeight, z.Loc)
	if r.Med.Weight == nil && v.weight != nil {
		// A weight the reminders have not read yet (they reload after Add measurement, an
		// import or an exchange): the last one, as before.
		words = health.DoseBySizeWords(v.name, rule, v.weight, now, z.Loc)
	}
	p.askAmount(r.Med.Label()+": "+strings.ToLower(words[:1])+words[1:], amountUnitsOf(rule), func(dose string) {
		said := fmt.Sprintf(lang.L("%s taken at %s"), dose, z.Clock(at))
		p.answer(r, said, func(ctx context.Context, eng *remind.Engine, _ time.Time) error {
			return eng.TakeGiven(ctx, r, at, dose)
		})
	})
}

// askWhenTaken asks when an overdue dose was given, at its time or just now, and records that:
// Taken recorded the time it was tapped, so the 08:00 dose answered at 18:59 was recorded
// "late", given at 18:59, a minute before the 19:00 one (F442). Cancel and Escape record
// nothing.
func (p *todayPage) askWhenTaken(r remind.Reminder, v todayView) {
	u := p.s.u
	now := u.rem.now() // as Taken: the time it was tapped
	due := v.zone.DayClock(r.Due, now)
	msg := paragraph(fmt.Sprintf(lang.L("%s was due at %s. Was it given then, or just now?"), r.Title, due))
	var d *dialog.CustomDialog
	atDue := widget.NewButton(fmt.Sprintf(lang.L("Given at %s"), due), func() { d.Hide(); p.take(r, r.Due, v) })
	justNow := widget.NewButton(fmt.Sprintf(lang.L("Given just now, %s"), v.zone.Clock(now)), func() { d.Hide(); p.take(r, now, v) })
	cancel := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { d.Hide() })
	// The answers one under the other, in a scroll, in a dialog fitted to the window: side by
	// side with Cancel they were wider than the window at 200 % text on a 1024×600 screen, and
	// one under the other in a dialog as narrow as they are, the sentence took five lines and
	// Cancel was drawn over the last answer.
	d = dialog.NewCustomWithoutButtons(lang.L("When was it given?"), container.NewVScroll(container.NewVBox(msg, newFlow(atDue, justNow))), u.win)
	d.SetButtons([]fyne.CanvasObject{cancel})
	escapePresses(d, cancel)
	fitDialog(d, u.win, 480, 300*textScale())
	d.Show()
	u.win.Canvas().Focus(cancel)
}

// occurrenceDose is the dose of a listed dose as its plan gives it at its time ("10 mg/kg",
// "1 tablet"), read from model (the page's own, loaded on the vault's goroutine); "" when none.
func occurrenceDose(model *remind.Model, r remind.Reminder) string {
	if r.Kind != remind.KindDose || r.Med == nil {
		return ""
	}
	med := model.Medicine(r.Profile, r.Med.Key())
	if med == nil {
		return ""
	}
	for _, o := range model.DoseTimes(med, r.Due.Add(-time.Minute), r.Due.Add(time.Minute)) {
		if o.Key == r.Occurrence {
			return o.Dose
		}
	}
	return ""
}

func (p *todayPage) skip(r remind.Reminder) {
	p.keep(r.StateKey(), &pendingAnswer{words: lang.L("skipped"), skipped: true,
		save: func(ctx context.Context, eng *remind.Engine, _ time.Time) error { return eng.Skip(ctx, r, "") }})
}

// snooze puts a dose off from when it was tapped, saying until when at once: "snoozed until
// 20:10" (F162).
func (p *todayPage) snooze(r remind.Reminder, z remind.Zone) {
	eng := p.s.u.rem.engine()
	if eng == nil {
		return
	}
	from := p.s.u.rem.now()
	words := fmt.Sprintf(lang.L("snoozed until %s"), z.Clock(eng.SnoozeUntil(r.Profile, from)))
	p.putOff(r, words, func(ctx context.Context, eng *remind.Engine, _ time.Time) error { return eng.SnoozeFrom(ctx, r, from) })
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

// doseStates sorts a person's doses by their state at now (the reminder engine's dose
// states, remind.DoseStates): due now, overdue (from up to remind.MaxOverdue ago), and later
// today. A snoozed dose waits under later today until its snooze ends. before are today's
// doses whose time passed, unanswered, before the engine first saw their medicine
// (remind.DoseStatus.Early): never reminded, so not missed (F258; the missed are the engine's,
// Engine.Missed).
func doseStates(eng *remind.Engine, profile string, now time.Time, loc *time.Location) (due, overdue, later, before []remind.Reminder) {
	y, m, d := now.In(loc).Date()
	from, end := now.Add(-remind.MaxOverdue), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	if start := time.Date(y, m, d, 0, 0, 0, 0, loc); start.Before(from) {
		from = start // the day's early doses
	}
	for _, ds := range eng.DoseStates(profile, from, end) {
		r := ds.Reminder
		if !ds.Snoozed.IsZero() {
			r.At = ds.Snoozed
		}
		switch {
		case ds.Early && !sameDay(ds.Due, now, loc):
			// before the medicine was first seen, on another day: not one of today's doses
		case ds.State == remind.DoseDue && now.Before(ds.Snoozed):
			later = append(later, r)
		case ds.State == remind.DoseDue:
			due = append(due, r)
		case ds.State == remind.DoseOverdue:
			overdue = append(overdue, r)
		case ds.State == remind.DoseUpcoming && sameDay(ds.Due, now, loc):
			later = append(later, r)
		case ds.State == remind.DoseMissed && ds.Early:
			before = append(before, r)
		}
	}
	return due, overdue, later, before
}

// answeredHere words today's doses answered on this computer (or before the household), on
// the person's clock: "08:00 · Metformin 500 mg (1 tablet) · taken at 08:05", "20:00 · … ·
// skipped" (F108). Those answered on another computer are answeredElsewhere's.
func answeredHere(eng *remind.Engine, profile string, now time.Time, z remind.Zone, names map[string]string, self string) []doneLine {
	y, m, d := now.In(z.Loc).Date()
	var out []doneLine
	for _, ds := range eng.DoseStates(profile, time.Date(y, m, d, 0, 0, 0, 0, z.Loc), time.Date(y, m, d+1, 0, 0, 0, 0, z.Loc)) {
		if (ds.State != remind.DoseTaken && ds.State != remind.DoseSkipped) || remind.AnsweredElsewhere(ds, names, self) != "" ||
			(names != nil && (len(ds.Takes) > 1 || remind.SkippedAndGivenWords(ds, names, self, z.Loc) != "")) {
			continue // answered elsewhere, given on two devices, or skipped on one and given on another: answeredElsewhere says it
		}
		what := fmt.Sprintf(lang.L("taken at %s"), z.Clock(ds.Acted))
		if ds.State == remind.DoseSkipped {
			what = lang.L("skipped")
		}
		out = append(out, doneLine{text: z.Clock(ds.Due) + " · " + ds.Title + " · " + what, skipped: ds.State == remind.DoseSkipped})
	}
	return out
}

// doneLine is a dose of the day answered here, in words, and whether it was skipped.
type doneLine struct {
	text    string
	skipped bool
}

// answeredIcon marks a dose answered: the ✓ of a dose taken, the skip sign of one skipped (a
// skipped dose read as taken beside the ✓ and green of one, F450).
func answeredIcon(skipped bool) fyne.Resource {
	if skipped {
		return theme.MediaSkipNextIcon()
	}
	return theme.ConfirmIcon()
}

// answeredElsewhere words today's doses answered on another computer of the household
// (remind.AnsweredElsewhere and TakenWords, as `carekeeper today` says them).
func answeredElsewhere(eng *remind.Engine, profile string, now time.Time, loc *time.Location, names map[string]string, self string) []string {
	if names == nil {
		return nil
	}
	y, m, d := now.In(loc).Date()
	var out []string
	// the whole day: a dose of later today taken early on another computer was neither under
	// "Later today" nor here (F567 item 7); a dose not answered yet has no words below
	for _, ds := range eng.DoseStates(profile, time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)) {
		if both := remind.SkippedAndGivenWords(ds, names, self, loc); both != "" {
			// Skipped on one device and given on another before they exchanged: both answers,
			// and which counts, as `today` says it (F383, F327).
			out = append(out, fmt.Sprintf("%s %s: %s", ds.Due.In(loc).Format("15:04"), ds.Med.Label(), both))
			continue
		}
		if twice := remind.TakenTwiceWords(ds, names, self, loc); twice != "" {
			// One dose given on two devices before they exchanged: both answers are kept,
			// and Today says so (F221).
			out = append(out, fmt.Sprintf("%s %s: %s", ds.Due.In(loc).Format("15:04"), ds.Med.Label(), twice))
			continue
		}
		who := remind.AnsweredElsewhere(ds, names, self)
		if who == "" {
			continue
		}
		what := lang.L("taken")
		if ds.State == remind.DoseSkipped {
			what = lang.L("skipped")
		}
		// When it was taken, not only when it was answered there (F537), as `today` says it.
		words := remind.TakenWords(ds.State, ds.Due, ds.Acted, who, ds.AnsweredAt(), loc)
		if strings.HasPrefix(words, "taken at ") {
			out = append(out, fmt.Sprintf("%s %s: %s", ds.Due.In(loc).Format("15:04"), ds.Med.Label(), words))
			continue
		}
		out = append(out, fmt.Sprintf("%s %s: %s · %s", ds.Due.In(loc).Format("15:04"), ds.Med.Label(), what, words))
	}
	return out
}

// amountCaution says, before another dose of an as-needed medicine whose record limits the
// amount a day, when the doses logged today could already come to it at their most, in
// remind.DailyAmountCaution's words, as 'dose log' asks (F367): "4 doses were logged today, the
// last at 11:00: at up to 2 tablets each, that may be 8 tablets already. This medicine says at
// most 8 tablets a day."; a most in mg against doses in tablets counted by the tablet's
// strength.
func amountCaution(a asNeededMed, z remind.Zone) string {
	if a.Today == 0 {
		return ""
	}
	return remind.DailyAmountCaution(a.med, a.Today, z.Clock(a.Last))
}

var amountNumber = regexp.MustCompile(`^\s*(\d+(?:\.\d+)?)(?:\s*[–-]\s*(\d+(?:\.\d+)?))?\s*(.*)$`)

// remindingCopy is the record of a medicine the reminders run on, among its copies: the
// person's plan, else one being taken whose times can be followed, else one being taken, else
// the row's own. The row's own alone (the hospital letter's, with no times) said "No
// reminders: the records give no times to take it" of Rafael's prednisone that the GP's copy
// reminded at 09:00 (F502).
func remindingCopy(model *remind.Model, profile string, m health.Medication) *remind.Medicine {
	rank := func(r *remind.Medicine) int {
		switch {
		case r == nil:
			return 0
		case r.Overridden:
			return 4
		case r.Taking && r.Plan.Problem() == "":
			return 3
		case r.Taking:
			return 2
		}
		return 1
	}
	best := model.Medicine(profile, m.Ref)
	for _, ref := range m.Refs {
		if r := model.Medicine(profile, ref); rank(r) > rank(best) {
			best = r
		}
	}
	return best
}
