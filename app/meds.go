package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// medsPage lists the medicines, active and past, from every source and the person's own,
// with their schedule in plain words and how well doses were taken; choosing an active one
// edits its times, days, as-needed, supply and refill lead time.
type medsPage struct {
	s        *shell
	frame    *pageFrame
	list     *rowList
	rows     []row
	addBt    *widget.Button
	chart    *adherenceChart
	summary  *widget.Label
	adhBox   *fyne.Container
	edit     *medEditor
	addOwn   *ownMedDialog
	model    *remind.Model
	adhMeds  map[string]remind.Tally // by Medicine.Key: the last adherenceDays
	viewedAt time.Time
	confirm  *stillTaking // the last "still taking it?" question asked
	// fit gives each row its height, its words wrapped at the list's width (rowFit);
	// heights is its map of the rows' heights.
	fit     *rowFit
	heights map[int]float32
}

func newMedsPage(s *shell) *medsPage {
	p := &medsPage{s: s, list: newRowList(), chart: newAdherenceChart(), summary: lowText(""), heights: map[int]float32{}}
	p.list.list.CreateItem = newWrapRowItem
	p.fit = &rowFit{r: p.list, h: p.heights}
	p.addBt = widget.NewButtonWithIcon(lang.L("Add a medicine by hand…"), theme.ContentAddIcon(), p.openAddOwn)
	empty := newEmptyState(theme.ListIcon(), lang.L("No medicines yet"),
		lang.L("Medicines come from the prescriptions in the records. Import records from a portal or a file, or add one with “Add a medicine by hand…” above."),
		lang.L("Import records"), s.goFiles)
	p.adhBox = container.NewVBox(section(count(adherenceDays, "Doses taken on time, last {{.Count}} days")), p.chart, p.summary)
	p.adhBox.Hide()
	body := container.New(&medsBodyLayout{p: p}, p.adhBox, p.list.list)
	p.frame = newPageFrame(lang.L("Medicines"), container.NewVBox(p.addBt), body, empty)
	return p
}

func (p *medsPage) view() fyne.CanvasObject { return p.frame.content }

// medsBodyLayout puts the adherence chart above the medicines, or only its one-sentence
// summary when the chart would take more than a third of the room: at 200 % text on a 1024×600
// screen the heading, the 14 days and the summary stayed pinned over y 70–470 and the medicine
// list scrolled one half-row at a time in what was left (F73, vapp26). Each medicine's own
// chart is in its dialog.
type medsBodyLayout struct{ p *medsPage }

func (l *medsBodyLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	adh, list := objects[0], objects[1]
	m := list.MinSize()
	if adh.Visible() {
		a := l.p.summary.MinSize()
		m = fyne.NewSize(max(m.Width, a.Width), m.Height+a.Height+theme.Padding())
	}
	return m
}

func (l *medsBodyLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	adh, list := objects[0], objects[1]
	y := float32(0)
	if adh.Visible() {
		head, chart := l.p.adhBox.Objects[0], l.p.chart
		full := head.MinSize().Height + chart.MinSize().Height + l.p.summary.MinSize().Height + 2*theme.Padding()
		fold := full > size.Height/3
		for _, o := range []fyne.CanvasObject{head, chart} {
			if fold {
				o.Hide()
			} else {
				o.Show()
			}
		}
		adh.Resize(fyne.NewSize(size.Width, adh.MinSize().Height)) // the summary wraps at this width
		h := adh.MinSize().Height
		adh.Move(fyne.NewPos(0, 0))
		adh.Resize(fyne.NewSize(size.Width, h))
		y = h + theme.Padding()
	}
	list.Move(fyne.NewPos(0, y))
	list.Resize(fyne.NewSize(size.Width, max(size.Height-y, 0)))
	l.p.fit.heights(size.Width)
}

// newWrapRowItem is a list row (rows.go) whose name and words wrap at the list's width instead
// of being cut with "…": at 200 % text "Still active in the record since 2021 — still ta…" hid
// the question, and a long name its strength (F120). rowFit gives each row its height.
func newWrapRowItem() fyne.CanvasObject {
	o := newRowItem().(*fyne.Container)
	for _, x := range o.Objects[0].(*fyne.Container).Objects {
		l := x.(*widget.Label)
		l.Truncation = fyne.TextTruncateOff
		l.Wrapping = fyne.TextWrapWord
	}
	o.Objects[2].(*widget.Label).Wrapping = fyne.TextWrapWord
	o.Layout = &noteRowLayout{}
	return o
}

// adherenceRange is [from, to) of the adherence charts: the last adherenceDays calendar days
// in loc, today included.
func adherenceRange(now time.Time, loc *time.Location) (from, to time.Time) {
	y, m, d := now.In(loc).Date()
	to = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	from = time.Date(y, m, d+1-adherenceDays, 0, 0, 0, 0, loc)
	return from, to
}

func (p *medsPage) compute(d *pageData) func() {
	rem := p.s.u.rem
	now := rem.now()
	model, err := remind.Load(d.ctx, d.v, remind.LoadOptions{Device: rem.device(), Now: now})
	if err != nil {
		model = nil
	}
	// Each person's days on their clock (F138): a prescription written at 23:30 in Los Angeles
	// began that day, not the next (UTC's).
	zones := zonesOf(d, rem.device())
	meds := medicinesByPerson(d, now, zones, model)
	// Where a medicine came from, as the Timeline says it: "imported from a file on 3 Dec
	// 2026", the portal's name, "entered by you" (a file's name said little). Without the
	// portals' names, a portal is named by its server.
	portals, _ := portalNames(d)
	names, self := p.s.u.deviceNames()
	from := func(profile string, m health.Medication) string {
		var ws []health.Where
		for _, k := range m.SourceKeys {
			w := recordWhere(d.v, k, portals)
			// "entered on Walter's PC" of one added on another household device (F426)
			w.Device = hhvault.EnteredOn(d.v, names, self, storage.ID{Source: k.Source, Type: k.Type, ID: k.ID})
			ws = append(ws, w)
		}
		return health.WordsOf(ws, zoneIn(zones, profile, rem.device()).Loc)
	}
	death := d.shownDeath()
	adh := map[string]remind.Tally{}
	var person *remind.Adherence
	var loc *time.Location
	if model != nil {
		for _, pr := range model.People {
			if d.profile != "" && pr.Profile != d.profile {
				continue
			}
			from, to := adherenceRange(now, pr.Loc)
			a := model.Adherence(pr.Profile, from, to, now, remind.Day)
			for _, m := range a.Meds {
				adh[m.Med.Key()] = m.Total
			}
			if pr.Profile == d.profile {
				person, loc = &a, pr.Loc
			}
		}
	}
	// remindMed finds the reminder side of a medicine from the records.
	matched := map[*remind.Medicine]bool{}
	// remindMed is the record the reminders run on, as journey.Medicines (`medicines`) takes it:
	// the one that is Taking, else the newest. The newest alone gave a GP summary's "07:30 and
	// 18:30 are CareKeeper's times" while the order's 08:00 and 20:00 reminded (F423).
	remindMed := func(m health.Medication) *remind.Medicine {
		if model == nil {
			return nil
		}
		var found *remind.Medicine
		for _, k := range m.Records {
			prof := profileOf(d.set, k)
			for _, med := range model.Medicines(prof) {
				if med.ID.Source == k.Source && med.ID.Type == k.Type && med.ID.ID == k.ID && (found == nil || (med.Taking && !found.Taking)) {
					found = med
				}
			}
		}
		return found
	}
	// matchAll marks the reminder side of every record of a medicine as listed: the same
	// medicine from a file and a portal is one row, not a second "Taking" row below it.
	matchAll := func(m health.Medication) {
		if model == nil {
			return
		}
		for _, k := range m.Records {
			for _, med := range model.Medicines(profileOf(d.set, k)) {
				if med.ID.Source == k.Source && med.ID.Type == k.Type && med.ID.ID == k.ID {
					matched[med] = true
				}
			}
		}
	}
	var rows []row
	counts := map[health.MedState]int{}
	add := func(pm personMed) {
		m := pm.Medication
		counts[m.ShownState()]++ // one that starts on a later day is not "being taken" yet (F342)
		var state string
		switch m.State {
		case health.MedTaking:
			state = lang.L(m.StateWords()) // "Starts 10 Dec 2026" before its start (F342)
		case health.MedToConfirm:
			state = lang.L(m.Question)
		case health.MedStopped:
			state = lang.L("Stopped by you")
		default:
			state = lang.L("Stopped")
			if m.Status != "" && m.Status != "stopped" && m.Status != "active" {
				state = health.CodeWords("", m.Status, "") // "On hold", not "On-hold"
			}
			switch {
			case m.AtDeath || m.UntilDeath != "":
				// "Ended at death, 4 Dec 2026", as the summary and the CLI say it (it was
				// not stopped); "Until death, 21 Jan 1996" when its records go on past the
				// death (F325).
				w := m.EndWords()
				state = lang.L(strings.ToUpper(w[:1]) + w[1:])
			case m.Ended != "":
				state += " " + health.DayWords(m.Ended)
			}
		}
		sub := state
		med := remindMed(m)
		matchAll(m)
		if med != nil && m.State == health.MedTaking {
			sub += " · " + health.HowTaken(med.WithWeight(m.Dose), planWords(model, med, now, planSetOn(d.v, names, self, med))) // what a dose by weight comes to (F436)
			if t, ok := adh[med.Key()]; ok && t.Scheduled > 0 {
				sub += " · " + fmt.Sprintf(lang.L("on time %s"), percent(t))
			}
		} else if w := health.HowTaken(m.Dose, m.Timing); w != "" {
			sub += " · " + w
		}
		if m.Reason != "" {
			sub += " · " + lang.L("for") + " " + m.Reason
		}
		sub += " · " + from(pm.profile, m)
		if m.Differs {
			sub = lang.L(m.Difference) + " · " + sub
		}
		right := health.DayWords(m.Started)
		switch {
		case m.State == health.MedTaking || m.State == health.MedToConfirm:
			// Being taken (or perhaps): since its first record; "16 Jul 2021 – 3 Jul 2024" read
			// as taken until 2024 (F107).
			right = fmt.Sprintf(lang.L("since %s"), m.SinceWords()) // "…; this dose since 30 Nov 2026" (F417)
		case m.LastDay() != m.Started:
			// Ending at the death when records are dated after it (F325).
			right += " – " + health.DayWords(m.LastDay())
		}
		k := m.Records[0]
		icon := theme.ConfirmIcon()
		switch m.State {
		case health.MedToConfirm:
			icon = theme.QuestionIcon()
		case health.MedStopped, health.MedPast:
			icon = theme.HistoryIcon()
		}
		tap := func() { p.s.showRecord(k) }
		switch {
		case d.v.ViewOnly(pm.profile):
			// a device that only views the person sets no times and answers no question: the
			// record, as for a past medicine (F512 item 5)
		case m.State == health.MedToConfirm:
			tap = func() { p.askStillTaking(pm.profile, m) }
		case med != nil && m.State == health.MedTaking:
			tap = func() { p.openEditor(med) }
		}
		if cs := m.Courses(); m.State == health.MedPast && len(cs) > 1 {
			// Courses years apart are rows of their own, each opening its record: two
			// antibiotic courses read as one '28 Mar 2017 – 26 Oct 2019', and the 2017 one
			// could not be opened (F177).
			for _, c := range cs {
				k := c.Record
				rows = append(rows, row{Title: whose(d, pm.profile, m.Name), Sub: sub, Right: c.Words(), Icon: icon,
					Warn: m.Differs, OnTap: func() { p.s.showRecord(k) }})
			}
			return
		}
		rows = append(rows, row{Title: whose(d, pm.profile, m.Name), Sub: sub, Right: right, Icon: icon,
			Warn: m.Differs || m.State == health.MedToConfirm, OnTap: tap})
	}
	var later []personMed // stopped and past, after the person's own
	for _, pm := range meds {
		if pm.State == health.MedTaking || pm.State == health.MedToConfirm {
			add(pm)
		} else {
			later = append(later, pm)
		}
	}

	// The person's own medicines and any the records list in a form the merge above missed
	// (not the stopped and past ones, listed below: an order whose dates ended was also
	// listed here as being taken).
	for _, pm := range later {
		matchAll(pm.Medication)
	}
	if model != nil {
		for _, med := range model.Medicines(d.profile) {
			if matched[med] {
				continue
			}
			med := med
			sub := lang.L("Taking") + " · " + planWords(model, med, now, planSetOn(d.v, names, self, med))
			if t, ok := adh[med.Key()]; ok && t.Scheduled > 0 {
				sub += " · " + fmt.Sprintf(lang.L("on time %s"), percent(t))
			}
			if on := hhvault.EnteredOn(d.v, names, self, med.ID); med.Own && on != "" {
				sub += " · " + fmt.Sprintf(lang.L("added on %s"), on) // not "by you" of another device's (F426)
			} else if med.Own {
				sub += " · " + lang.L("added by you")
			}
			tap := func() { p.openEditor(med) }
			if d.v.ViewOnly(med.Profile) {
				k := health.Key{Source: med.ID.Source, Type: med.ID.Type, ID: med.ID.ID}
				tap = func() { p.s.showRecord(k) }
			}
			rows = append(rows, row{Title: whose(d, med.Profile, med.Label()), Sub: sub, Icon: theme.ConfirmIcon(), OnTap: tap})
		}
	}
	counts[health.MedTaking] += len(rows) - counts[health.MedTaking] - counts[health.MedToConfirm] - counts[health.MedToStart] // the person's own
	for _, pm := range later {
		add(pm)
	}
	// A device that only views the person shown: nothing to set or add here, and which
	// device does it (F512 item 5: "Add a medicine by hand…" and "Choose a medicine to set its
	// times" were offered for Lucía on a tablet that only views her).
	var viewOnly string
	if one := d.onePerson(); one != "" && d.v.ViewOnly(one) {
		viewOnly = viewOnlyMedsWords(d.personName(one), p.s.managers(one))
	}
	var medNames []string
	for _, pm := range meds {
		medNames = append(medNames, pm.Name)
	}
	return func() {
		p.s.u.sayUndrawn(nil, medNames) // a name no font here draws: what to install (F563)
		p.rows = rows
		p.model = model
		p.adhMeds = adh
		p.viewedAt = now
		text := fmt.Sprintf(lang.L("%d being taken"), counts[health.MedTaking])
		if n := counts[health.MedToStart]; n > 0 {
			text += ", " + fmt.Sprintf(lang.L("%d to start"), n) // "Starts 8 Dec 2026" on its row
		}
		if n := counts[health.MedToConfirm]; n > 0 {
			text += ", " + fmt.Sprintf(lang.L("%d to confirm"), n)
		}
		if n := counts[health.MedStopped] + counts[health.MedPast]; n > 0 {
			text += ", " + fmt.Sprintf(lang.L("%d stopped or in the past"), n)
		}
		if death.Deceased {
			// No times, supply or refill reminders to set, nor a medicine to add, for a person
			// who died.
			p.frame.sub.SetText(text + ". " + fmt.Sprintf(lang.L("%s: their medicines ended then, and CareKeeper sends no reminders for them."), death.Words()))
			p.addBt.Hide()
		} else if viewOnly != "" {
			p.frame.sub.SetText(text + ". " + viewOnly)
			p.addBt.Hide()
		} else {
			p.frame.sub.SetText(text + ". " + lang.L("Choose a medicine to set its times, supply and refill reminder."))
			p.addBt.Show()
		}
		p.list.set(rows)
		p.fit.heights(p.list.list.Size().Width)
		p.frame.setEmpty(len(rows) == 0)
		if person != nil && person.Total.Scheduled > 0 {
			p.chart.set(person.Buckets, remind.Day, loc)
			p.summary.SetText(adherenceSummary(person.Total))
			p.adhBox.Show()
		} else {
			p.adhBox.Hide()
		}
	}
}

// personMed is one medicine of one person.
type personMed struct {
	profile string
	health.Medication
}

// medicinesByPerson is each person's medicines as the domain judges them now (taking, to
// confirm, stopped, past), with the person's answers; in the household view one person
// after another, never merged across people.
// personIn is the person of model (nil without a model).
func personIn(model *remind.Model, profile string) *remind.Person {
	if model == nil {
		return nil
	}
	return model.Person(profile)
}

func medicinesByPerson(d *pageData, now time.Time, zones map[string]remind.Zone, model *remind.Model) []personMed {
	byPerson := map[string][]health.Resource{}
	for _, r := range d.set.Records {
		byPerson[r.Profile] = append(byPerson[r.Profile], r)
	}
	var out []personMed
	for _, pr := range d.people {
		if d.profile != "" && pr.ID != d.profile {
			continue
		}
		recs := byPerson[pr.ID]
		if len(recs) == 0 {
			continue
		}
		choices, err := health.LoadChoices(d.ctx, d.v, pr.ID)
		if err != nil {
			choices = nil
		}
		loc := zoneIn(zones, pr.ID, time.Local).Loc
		opt := health.MedOptions{Now: now, Choices: choices, Loc: loc}
		if per := personIn(model, pr.ID); per != nil {
			opt.Weight = per.Weight // "10 mg/kg" and "1.7 mL" compared at it, as `medicines` does (F443)
		}
		for _, m := range health.Medicines(health.NewSet(recs, d.set.Shared), opt) {
			out = append(out, personMed{pr.ID, m})
		}
	}
	return out
}

// stillTaking is the "still taking it?" question: yes, no, or not sure yet (F176: it had only
// yes and no, and Escape did nothing — a caregiver who tapped to read the row, or must ask
// first, had to guess an answer that turns reminders on or stops the medicine).
type stillTaking struct {
	d              *dialog.CustomDialog
	yes, no, later *widget.Button
}

// askStillTaking asks about a medicine whose record is old but still active: Yes keeps it
// (its reminders start), No stops it, Not sure yet leaves it to confirm. The words do not speak
// as the person: the one answering is often their caregiver.
func (p *medsPage) askStillTaking(profile string, m health.Medication) {
	s := p.s
	answer := func(taking bool) {
		ctx, v, now := s.u.ctx, s.v, s.u.rem.now()
		var err error
		s.u.goVault(func() { err = journey.SetMedicineChoice(ctx, v, profile, m.Ref, taking, now) }, func() {
			if !s.isCurrent() {
				return
			}
			if err != nil {
				showError(s.u.win, lang.L("Could not save the answer"), err)
				return
			}
			s.u.rem.reload()
			s.restale()
			s.refresh(scMeds)
		})
	}
	q := &stillTaking{d: dialog.NewCustomWithoutButtons(m.Name,
		lowText(lang.L(m.Question)+"\n\n"+lang.L("Yes keeps it with the medicines being taken and turns its reminders on. No moves it to the stopped ones. Not sure yet leaves it to confirm.")),
		s.u.win)}
	q.yes = widget.NewButtonWithIcon(lang.L("Yes, still taken"), theme.ConfirmIcon(), func() { q.d.Hide(); answer(true) })
	q.yes.Importance = widget.HighImportance
	q.no = widget.NewButton(lang.L("No, stopped"), func() { q.d.Hide(); answer(false) })
	q.later = widget.NewButton(lang.L("Not sure yet"), q.d.Hide)
	q.d.SetButtons([]fyne.CanvasObject{q.later, q.no, q.yes})
	escapePresses(q.d, q.later) // Escape is "Not sure yet": nothing answered (F355)
	fitDialog(q.d, s.u.win, 560, 340)
	p.confirm = q
	q.d.Show()
}

// planWords says a medicine's plan in words, on whose clock, and whether the person set it:
// "(set by you)", or "(set on Ada's PC)" for times set on another device of the household
// (setOn: planSetOn; F438).
func planWords(model *remind.Model, med *remind.Medicine, now time.Time, setOn string) string {
	r := schedule.DefaultRoutine()
	if pr := model.Person(med.Profile); pr != nil {
		r = pr.Settings.Routine
	}
	w := med.Plan.DescribeDoses(r, health.DoseWords)
	// The times are the person's clock: named where it is not this computer's (F89).
	if z := model.Zone(med.Profile); z.Differs(now) && !med.Plan.AsNeeded && med.Plan.Problem() == "" {
		w += ", " + z.Name(now)
	}
	switch {
	case med.Overridden && setOn != "":
		w += " (" + fmt.Sprintf(lang.L("set on %s"), setOn) + ")"
	case med.Overridden:
		w += " (" + lang.L("set by you") + ")"
	}
	return w
}

// planSetOn names the household device the times of a medicine were set on, when they were
// set on another device than this one ("" otherwise). names and self are UI.deviceNames'.
func planSetOn(v *storage.Vault, names map[string]string, self string, med *remind.Medicine) string {
	if v == nil || !med.Overridden {
		return ""
	}
	return hhvault.PlanSetOn(v, names, self, med.Profile, med.ID)
}

// timesLabel names the Times box: "Times", or "Times, Dublin time" while the person's clock is
// not this computer's (F89).
func timesLabel(model *remind.Model, profile string, now time.Time) string {
	l := lang.L("Times")
	if model != nil {
		if z := model.Zone(profile); z.Differs(now) {
			l += ", " + z.Name(now)
		}
	}
	return l
}

// Plan editing.

// Plan modes in the editor.
var planModes = []string{"As the record says", "At set times", "Every few hours", "Only as needed"}

// medEditor edits one medicine's plan, supply and the person's refill lead time.
type medEditor struct {
	med     *remind.Medicine
	dialog  *dialog.ConfirmDialog
	mode    *widget.RadioGroup
	times   *timesPicker
	days    []*widget.Check
	every   *widget.Entry
	supply  *widget.Entry
	offered string // what the supply box offered: saved as it is, the supply is not changed (F380)
	lead    *widget.Entry
	problem *widget.Label
	chart   *adherenceChart
}

var weekdayOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// openEditor edits a medicine's reminders.
func (p *medsPage) openEditor(med *remind.Medicine) {
	if med == nil {
		return
	}
	p.s.u.auto.poke()
	e := &medEditor{med: med, times: newTimesPicker(nil), every: widget.NewEntry(), supply: widget.NewEntry(), lead: widget.NewEntry(),
		problem: lowText(""), chart: newAdherenceChart()}
	var labels []string
	for _, m := range planModes {
		labels = append(labels, lang.L(m))
	}
	choices := labels
	if med.Own {
		// A medicine the person entered has no record to follow: no "As the record says"
		// (it would turn its reminders off), no "The record says" row (F158).
		choices = labels[1:]
	}
	e.mode = widget.NewRadioGroup(choices, func(string) { e.enable() })
	e.mode.Required = true
	e.every.SetPlaceHolder(lang.L("hours, e.g. 8"))
	e.supply.SetPlaceHolder(med.SupplyHint()) // in what it is counted: tablets, units (F432)
	e.lead.SetPlaceHolder("7")
	// The days wrap onto a second row when one is too narrow: at 200 % text on a 1024×600
	// screen Sat and Sun were hidden behind a sideways scroll (F50).
	dayBox := newFlow()
	for _, wd := range weekdayOrder {
		c := widget.NewCheck(wd.String()[:3], nil)
		e.days = append(e.days, c)
		dayBox.Add(c)
	}
	routine, loc := schedule.DefaultRoutine(), time.Local
	lead := remind.DefaultSettings().RefillLeadDays
	if p.model != nil {
		if pr := p.model.Person(med.Profile); pr != nil {
			routine, loc, lead = pr.Settings.Routine, pr.Loc, pr.Settings.RefillLeadDays
		}
	}
	e.lead.SetText(strconv.Itoa(lead))
	// Fill in the plan followed now.
	mode := 0
	if med.Overridden {
		switch t := firstTiming(med.Plan); {
		case med.Plan.AsNeeded:
			mode = 3
		case t.Period > 0 && (t.PeriodUnit == "h" || t.PeriodUnit == "min"):
			mode = 2
			hours := t.Period
			if t.PeriodUnit == "min" {
				hours /= 60
			}
			e.every.SetText(strconv.FormatFloat(hours, 'f', -1, 64))
		default:
			mode = 1
		}
	}
	if ts, days := planTimesDays(med.Plan); len(ts) > 0 {
		e.times = newTimesPicker(ts)
		for i, wd := range weekdayOrder {
			e.days[i].SetChecked(slices.Contains(days, wd))
		}
	}
	// The box offers what is counted as left now, not the supply as dispensed or entered: the
	// 60 handed over 27 days ago was offered, and Save wrote 60 as of today (F380).
	supplyWords := ""
	if m := p.supplyModel(); m != nil {
		e.offered, supplyWords = m.SupplyOffer(med, p.s.u.rem.now())
		e.supply.SetText(e.offered)
	}
	if med.Own && mode == 0 {
		mode = 1 // at set times
		if med.Plan.AsNeeded {
			mode = 3
		}
	}
	// A record whose times do not match how many times a day it says reminds of nothing:
	// its own times are offered, under At set times, with why and its course's end; "The
	// record says" gives its words, not "set the times yourself" (F391).
	record := med.RecordPlan.DescribeDoses(routine, health.DoseWords)
	var offered *widget.Label
	if times, why := journey.RecordTimesOffer(med); times != nil {
		var ts []string
		for _, c := range times {
			ts = append(ts, c.String())
		}
		e.times = newTimesPicker(ts)
		mode = 1
		offered = lowText(why + " " + lang.L("Its times are filled in under At set times: Save to be reminded at them."))
		offered.Importance = widget.WarningImportance
		if len(med.RecordPlan.Phases) == 1 && med.RecordPlan.Phases[0].Text != "" {
			record = med.RecordPlan.Phases[0].Text
		}
	}
	e.mode.SetSelected(labels[mode])
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("The record says"), lowText(record)),
		widget.NewFormItem(lang.L("Reminders"), e.mode),
		widget.NewFormItem(timesLabel(p.model, med.Profile, p.s.u.rem.now()), e.times.content),
		widget.NewFormItem(lang.L("Days"), dayBox),
		widget.NewFormItem(lang.L("Every"), e.every),
		widget.NewFormItem(lang.L("Supply on hand"), supplyItem(e.supply, supplyWords)),
		widget.NewFormItem(lang.L("Refill reminder"), container.NewBorder(nil, nil, nil, widget.NewLabel(lang.L("days before it runs out")), e.lead)),
	}
	if med.Own {
		items = items[1:]
	}
	form := widget.NewForm(items...)
	hint := lowText(lang.L("Pick the times from the lists (or type them: 08:00, 8 pm). No days ticked means every day. The refill lead time applies to all of this person's medicines."))
	content := container.NewVBox(form, hint, e.problem)
	if offered != nil {
		content = container.NewVBox(offered, form, hint, e.problem)
	}
	if t, ok := p.adhMeds[med.Key()]; ok && p.model != nil {
		from, to := adherenceRange(p.viewedAt, loc)
		a := p.model.Adherence(med.Profile, from, to, p.viewedAt, remind.Day)
		for _, m := range a.Meds {
			if m.Med.Key() == med.Key() {
				e.chart.set(m.Buckets, remind.Day, loc)
			}
		}
		content.Add(section(count(adherenceDays, "Doses taken on time, last {{.Count}} days")))
		content.Add(e.chart)
		content.Add(lowText(adherenceSummary(t)))
	}
	e.problem.Importance = widget.DangerImportance
	e.problem.Hide()
	d := dialog.NewCustomConfirm(med.Label(), lang.L("Save"), lang.L("Cancel"), container.NewVScroll(content), func(ok bool) {
		p.onEditorClosed(e, ok)
	}, p.s.u.win)
	for _, en := range []*widget.Entry{e.every, e.supply, e.lead} {
		en.OnSubmitted = func(string) { e.dialog.Confirm() }
	}
	e.times.onSubmit = func() { e.dialog.Confirm() }
	// A time that cannot be read is said as it is typed, in words (F208).
	e.times.onChange = func() {
		if err := e.times.Problem(); err != nil && e.modeIndex() == 1 {
			e.problem.SetText(sentence(err.Error()))
			e.problem.Show()
		} else {
			e.problem.Hide()
		}
	}
	e.dialog = d
	p.edit = e
	fitDialog(d, p.s.u.win, 640, 620)
	e.enable()
	d.Show()
	p.s.u.win.Canvas().Focus(e.times.pickers[0])
}

// supplyModel is the reminders' model the supply is counted with: the page's, or the
// engine's when the page has not loaded yet (Today's "Update supply…" opens the editor at once).
func (p *medsPage) supplyModel() *remind.Model {
	if p.model != nil {
		return p.model
	}
	if eng := p.s.u.rem.engine(); eng != nil {
		return eng.Model()
	}
	return nil
}

// supplyItem is the supply box with the line saying what it offers and where that is counted
// from ("about 6 left, counted from the 60 handed over on 9 Nov 2026").
func supplyItem(box *widget.Entry, words string) fyne.CanvasObject {
	if words == "" {
		return box
	}
	return container.NewVBox(box, lowText(sentence(words)))
}

// planTimesDays are the times and days At set times offers for a plan: those of its first step,
// with every dosage taken alongside it (the same sequence). Warfarin's 5 tablets Mon, Wed, Fri and
// 4 tablets Tue, Thu, Sat, Sun at 18:00 offered Mon, Wed, Fri alone, and Save as offered dropped
// four doses a week (F429). No days: every day (a dosage of the step taken every day, or days
// that make the whole week).
func planTimesDays(p schedule.Plan) ([]string, []time.Weekday) {
	var times []string
	var days []time.Weekday
	everyDay := false
	for i, ph := range p.Phases {
		if ph.AsNeeded || len(ph.Timing.TimeOfDay) == 0 || (i > 0 && ph.Sequence != p.Phases[0].Sequence) {
			continue
		}
		for _, c := range ph.Timing.TimeOfDay {
			if t := c.String(); !slices.Contains(times, t) {
				times = append(times, t)
			}
		}
		if len(ph.Timing.DayOfWeek) == 0 {
			everyDay = true
		}
		for _, d := range ph.Timing.DayOfWeek {
			if !slices.Contains(days, d) {
				days = append(days, d)
			}
		}
	}
	if everyDay || len(days) == 7 {
		days = nil
	}
	slices.Sort(times)
	return times, days
}

// firstTiming is the timing of a plan's first phase.
func firstTiming(p schedule.Plan) schedule.Timing {
	if len(p.Phases) == 0 {
		return schedule.Timing{}
	}
	return p.Phases[0].Timing
}

// enable turns the fields on that the chosen mode uses.
func (e *medEditor) enable() {
	mode := e.modeIndex()
	set := func(on bool, ws ...fyne.Disableable) {
		for _, w := range ws {
			if on {
				w.Enable()
			} else {
				w.Disable()
			}
		}
	}
	set(mode == 1, e.times)
	for _, c := range e.days {
		set(mode == 1, c)
	}
	set(mode == 2, e.every)
}

func (e *medEditor) modeIndex() int {
	for i, m := range planModes {
		if lang.L(m) == e.mode.Selected {
			return i
		}
	}
	return 0
}

// plan is the plan the editor describes: nil for "as the record says". It keeps the record's
// dose when the record gives one: a medicine's times moved in the editor lost it, and its
// reminders said "Metformin 500 mg tablet" without "(1 tablet)".
func (e *medEditor) plan(now time.Time) (*schedule.Plan, error) {
	p, err := e.planOf(now)
	if p != nil && err == nil {
		p = schedule.KeepRecordDoses(p, e.med.RecordPlan) // by day of the week too (F425)
	}
	return p, err
}

func (e *medEditor) planOf(now time.Time) (*schedule.Plan, error) {
	switch e.modeIndex() {
	case 1:
		var t schedule.Timing
		for _, s := range strings.Split(e.times.Text(), ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			c, err := schedule.ReadClock(s)
			if err != nil {
				return nil, timeWords(s)
			}
			t.TimeOfDay = append(t.TimeOfDay, c)
		}
		if len(t.TimeOfDay) == 0 {
			return nil, errors.New(lang.L("give at least one time, e.g. 08:00"))
		}
		for i, c := range e.days {
			if c.Checked {
				t.DayOfWeek = append(t.DayOfWeek, weekdayOrder[i])
			}
		}
		return &schedule.Plan{Phases: []schedule.Phase{{Timing: t}}}, nil
	case 2:
		return schedule.ParseEveryHours(e.every.Text, now)
	case 3:
		return &schedule.Plan{AsNeeded: true, Phases: []schedule.Phase{{AsNeeded: true}}}, nil
	}
	return nil, nil
}

func (p *medsPage) onEditorClosed(e *medEditor, ok bool) {
	if p.edit == e {
		p.edit = nil
	}
	if !ok || !p.s.isCurrent() {
		return
	}
	u := p.s.u
	now := u.rem.now()
	plan, err := e.plan(now)
	var supply float64 = -1
	if typed := strings.TrimSpace(e.supply.Text); err == nil && typed != "" && typed != strings.TrimSpace(e.offered) {
		if supply, err = strconv.ParseFloat(strings.TrimSpace(e.supply.Text), 64); err != nil || supply < 0 {
			err = errors.New(lang.L("the supply is a number of doses, e.g. 28"))
		}
	}
	lead := -1
	if err == nil {
		if lead, err = strconv.Atoi(strings.TrimSpace(e.lead.Text)); err != nil || lead < 0 || lead > 90 {
			err = errors.New(lang.L("the refill reminder is a number of days from 0 to 90"))
		}
	}
	if err != nil {
		// The editor opens again with what was typed and the reason under it: it closed and
		// said 'Could not save the plan', and everything had to be entered again (F208).
		e.problem.SetText(sentence(err.Error()))
		e.problem.Show()
		p.edit = e
		e.dialog.Show()
		return
	}
	med, v, ctx := e.med, p.s.v, u.ctx
	// A changed supply is said with its new run-out ("Supply set to 60 on 6 Dec 2026: runs out
	// around 5 Jan 2027"): it moves the refill reminder (F380).
	set := ""
	if m := p.supplyModel(); supply >= 0 && m != nil {
		set = m.SupplySetWords(med, supply, now)
	}
	u.goVault(func() {
		err = saveMedPlan(ctx, v, med, plan, supply, lead, now)
	}, func() {
		if err != nil {
			p.s.m.showError(lang.L("Could not save the plan"), err)
			return
		}
		u.rem.reload()
		p.s.stale[scMeds] = true
		p.s.refresh(p.s.current)
		if set != "" {
			dialog.NewInformation(med.Label(), sentence(set), u.win).Show()
		}
	})
}

// saveMedPlan stores a medicine's plan, the supply when one was typed (supply < 0: the box
// left as it was offered, no change), and the person's refill lead time.
func saveMedPlan(ctx context.Context, v *storage.Vault, med *remind.Medicine, plan *schedule.Plan, supply float64, lead int, now time.Time) error {
	if plan != nil || med.Overridden {
		if err := remind.SetPlan(ctx, v, med, plan, now); err != nil {
			return err
		}
	}
	if supply >= 0 {
		if err := remind.SetSupply(ctx, v, med, supply, now); err != nil {
			return err
		}
	}
	st, err := remind.LoadSettings(v, med.Profile)
	if err != nil {
		return err
	}
	if lead >= 0 && st.RefillLeadDays != lead {
		st.RefillLeadDays = lead
		return remind.SaveSettings(ctx, v, med.Profile, st)
	}
	return nil
}

// Own medicines.

// ownMedDialog adds a medicine the person takes that no record lists: its name, and its
// strength, form, instructions and times picked from lists (or typed when not listed).
type ownMedDialog struct {
	dialog       *formDialog
	people       []storage.Profile // those the Person list offers: the living (shell.livingPeople)
	person       *widget.Select
	name         *widget.Entry
	strength     *widget.SelectEntry
	form         *widget.Select
	instructions *widget.SelectEntry
	times        *timesPicker
}

// Choices offered for a medicine of one's own.
var (
	medStrengths    = []string{"1 mg", "5 mg", "10 mg", "20 mg", "25 mg", "50 mg", "100 mg", "250 mg", "500 mg", "1000 mg", "400 IU", "1000 IU", "2000 IU", "5 ml"}
	medForms        = []string{"tablet", "capsule", "liquid", "drops", "spray", "inhaler", "injection", "cream", "patch", "other"}
	medInstructions = []string{"with food", "before food", "after food", "with water", "at bedtime", "in the morning", "when needed"}
)

func (p *medsPage) openAddOwn() {
	s := p.s
	s.u.auto.poke()
	people, names := s.livingPeople()
	if len(people) == 0 {
		dialog.NewInformation(lang.L("Add a person first"), lang.L("Add the person who takes the medicine on the People screen."), s.u.win).Show()
		return
	}
	d := &ownMedDialog{people: people, name: widget.NewEntry(), strength: widget.NewSelectEntry(medStrengths), instructions: widget.NewSelectEntry(nil),
		times: newTimesPicker(nil)}
	d.person = widget.NewSelect(names, nil)
	d.person.SetSelectedIndex(0)
	for i, pr := range people {
		if pr.ID == s.profile {
			d.person.SetSelectedIndex(i)
		}
	}
	d.name.SetPlaceHolder(lang.L("e.g. Vitamin D"))
	d.name.Validator = func(t string) error {
		if strings.TrimSpace(t) == "" {
			return errors.New(lang.L("a name is needed"))
		}
		return nil
	}
	d.strength.SetPlaceHolder(lang.L("e.g. 1000 IU (optional)"))
	var forms, instr []string
	for _, f := range medForms {
		forms = append(forms, lang.L(f))
	}
	for _, in := range medInstructions {
		instr = append(instr, lang.L(in))
	}
	d.form = widget.NewSelect(forms, nil)
	d.form.PlaceHolder = lang.L("(optional)")
	d.instructions.SetOptions(instr)
	d.instructions.SetPlaceHolder(lang.L("e.g. with food (optional)"))
	times := widget.NewFormItem(lang.L("Times"), d.times.content)
	times.HintText = lang.L("when to remind you; none for only when needed")
	// The times are read on the chosen person's clock: named where it is not this computer's
	// ("Times, Dublin time"), as Medicines and notifications name it (F89).
	model, now := p.model, s.u.rem.now()
	times.Text = timesLabel(model, people[d.person.SelectedIndex()].ID, now)
	d.dialog = newFormDialog(lang.L("Add a medicine by hand"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Person"), boxed(d.person, nil)),
		widget.NewFormItem(lang.L("Medicine"), d.name),
		widget.NewFormItem(lang.L("Strength"), d.strength),
		widget.NewFormItem(lang.L("Form"), boxed(d.form, nil)),
		widget.NewFormItem(lang.L("Instructions"), d.instructions),
		times,
	}, func(ok bool) { p.onAddOwnClosed(d, ok) }, s.u.win)
	d.name.OnSubmitted = func(string) { d.dialog.Submit() }
	d.person.OnChanged = func(string) {
		if i := d.person.SelectedIndex(); i >= 0 && i < len(people) {
			times.Text = timesLabel(model, people[i].ID, now)
			d.dialog.form.Refresh()
		}
	}
	// Add follows the times too (they are not an entry the form tracks), and the box says
	// in words why a time cannot be read: a red ! alone left Add on (F208).
	hint := times.HintText
	d.dialog.onValidation = func() {
		if err := d.times.Problem(); err != nil {
			d.dialog.confirm.Disable()
			if times.HintText != err.Error() {
				times.HintText = err.Error()
				d.dialog.form.Refresh()
			}
		} else if times.HintText != hint {
			times.HintText = hint
			d.dialog.form.Refresh()
		}
	}
	d.times.onChange = d.dialog.recheck
	d.dialog.recheck()
	fitForm(d.dialog, s.u.win, 520)
	p.addOwn = d
	d.dialog.Show()
	s.u.win.Canvas().Focus(d.name)
}

// parseTimes reads "08:00, 8 pm"; "" is no times.
func parseTimes(text string) ([]schedule.Clock, error) {
	var out []schedule.Clock
	for _, s := range strings.Split(text, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		c, err := schedule.ReadClock(s) // '8pm', '8:30am', '20.00' too (F208)
		if err != nil {
			return nil, timeWords(s)
		}
		out = append(out, c)
	}
	return out, nil
}

func (p *medsPage) onAddOwnClosed(d *ownMedDialog, ok bool) {
	if p.addOwn == d {
		p.addOwn = nil
	}
	s := p.s
	if !ok || !s.isCurrent() || d.person.SelectedIndex() < 0 {
		return
	}
	profile := d.people[d.person.SelectedIndex()].ID
	med := remind.OwnMedicine{Name: strings.TrimSpace(d.name.Text), Strength: strings.TrimSpace(d.strength.Text),
		Form: d.form.Selected, Instructions: strings.TrimSpace(d.instructions.Text)}
	times, err := parseTimes(d.times.Text())
	if err != nil { // Add is off while a time cannot be read; never 'as needed' for it (F208)
		s.m.showError(lang.L("Could not add the medicine"), err)
		return
	}
	med.AsNeeded = len(times) == 0 // "none for only when needed", as the box says (F127)
	u := s.u
	v, ctx, now, dev := s.v, u.ctx, u.rem.now(), u.rem.device()
	err = nil
	u.goVault(func() {
		var ref string
		if ref, err = remind.AddOwnMedicineDetails(ctx, v, profile, med, now); err != nil || len(times) == 0 {
			return
		}
		var m *remind.Model
		if m, err = remind.Load(ctx, v, remind.LoadOptions{Device: dev, Profile: profile, Now: now}); err != nil {
			return
		}
		plan := &schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: times}}}}
		err = remind.SetPlan(ctx, v, m.Medicine(profile, ref), plan, now)
	}, func() {
		if err != nil {
			s.m.showError(lang.L("Could not add the medicine"), err)
			return
		}
		u.rem.reload()
		s.load()
	})
}

// viewOnlyMedsWords say, on a device that only views the person, where their medicines'
// times, supply and refill reminders are set: the devices that manage them, by name.
func viewOnlyMedsWords(name string, managers []string) string {
	switch len(managers) {
	case 0:
		return fmt.Sprintf(lang.L("Shared with you to view: the times, supply and refill reminders of these medicines are set on a computer that manages %s."), name)
	case 1:
		return fmt.Sprintf(lang.L("Shared with you to view: the times, supply and refill reminders of these medicines are set on %s, which manages %s."), managers[0], name)
	}
	last := len(managers) - 1
	return fmt.Sprintf(lang.L("Shared with you to view: the times, supply and refill reminders of these medicines are set on %s and %s, which manage %s."), strings.Join(managers[:last], ", "), managers[last], name)
}
