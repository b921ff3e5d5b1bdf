package remind

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/storage"
)

// Dose states (DoseStatus.State), as a person thinks of a dose.
const (
	DoseUpcoming = "upcoming" // its time has not come
	DoseDue      = "due"      // from its time until the due window ends
	DoseOverdue  = "overdue"  // late, still worth taking: until the next dose (at most MaxOverdue)
	DoseMissed   = "missed"   // not answered by then, or the device was off for its whole due window
	DoseTaken    = "taken"
	DoseSkipped  = "skipped"
)

// MaxOverdue is how long after its time an unanswered dose can stay overdue: it is missed at
// the next dose of the medicine, and at the latest this long after its time.
const MaxOverdue = 12 * time.Hour

// DoseStatus is one dose occurrence with its state at a moment.
type DoseStatus struct {
	Reminder
	State string
	// DueUntil ends the due window: the dose's time plus the person's window (Settings.
	// OnTimeMinutes, 60 by default), or the next dose of the medicine when that comes first.
	DueUntil time.Time
	// MissedAt is when the dose, unanswered, counts as missed: the next dose of the medicine,
	// at most MaxOverdue after its time (never before DueUntil).
	MissedAt time.Time
	Acted    time.Time // when it was taken or skipped
	Snoozed  time.Time // snoozed until (zero: not snoozed)
	// Away: the device was off (or no engine ran) for the whole due window, so it was never
	// shown; it is missed.
	Away bool
	// AnsweredBy is, in a household, the id of the device whose answer is shown, Answered when
	// it was given (AnsweredAt); "" for an answer given here before the household, or none.
	AnsweredBy string
	Answered   time.Time
	// Takes is every 'taken' answer the dose log holds for the dose, in time order, when it
	// holds more than one: one dose given on two devices of a household before they
	// exchanged (F221). Each is kept; TakenTwiceWords says them. nil for one answer or none.
	Takes []Answer
	// Skips are the 'skipped' answers the dose log holds for a dose that counts as taken: one
	// device skipped it and another gave it before they exchanged (F327), in time order.
	// SkippedAndGivenWords says them. nil when none.
	Skips []Answer
	// Early: the dose's time came before reminders started for its medicine in the household
	// (it was added after it: its record written, on whichever device, or this engine first
	// saw it, whichever came first — the same on every device, F421; or, for a plan set when
	// the plans before it were not kept, the plan's change). It was never notified and no
	// caregiver is alerted for it, but
	// it is one of the day's doses: Today shows it with its state by the clock (a dose two
	// minutes late is due), to be answered like any other. A dose of the plan in force before
	// a change is that plan's, reminded as it was (F164).
	Early bool
	// notHere: the dose's time came before this device's reminders began for the medicine
	// (Medicine.remindedHere), Early or not: never notified nor alerted here.
	notHere bool
}

// window returns when the due window of a dose at `at` ends and when it counts as missed (at
// the medicine's next dose, of the plan in force then).
func (m *Model) window(med *Medicine, at time.Time) (dueUntil, missedAt time.Time) {
	w := DefaultSettings().OnTimeMinutes
	p := m.person[med.Profile]
	if p != nil {
		w = p.Settings.OnTimeMinutes
	}
	dueUntil = at.Add(time.Duration(w) * time.Minute)
	missedAt = at.Add(MaxOverdue)
	if p != nil {
		occ := m.occurrences(med, at.Add(time.Second), missedAt)
		if len(occ) > 0 {
			missedAt = occ[0].At
		}
	}
	if missedAt.Before(dueUntil) {
		dueUntil = missedAt
	}
	return dueUntil, missedAt
}

// classify gives the state at now of a dose with its stored occurrence state (ok: one exists)
// and whether the dose log has an answer for it.
func classify(ds *DoseStatus, s occState, ok bool, now time.Time) {
	switch {
	case ok && s.Status == StatusTaken:
		ds.State, ds.Acted = DoseTaken, s.Acted
	case ok && s.Status == StatusSkipped:
		ds.State, ds.Acted = DoseSkipped, s.Acted
	case ok && s.Status == StatusMissed:
		ds.State, ds.Away = DoseMissed, true
	case now.Before(ds.Due):
		ds.State = DoseUpcoming
	case ok && s.Status == StatusSnoozed && now.Before(s.Until):
		ds.State, ds.Snoozed = DoseDue, s.Until
	case now.Before(ds.DueUntil):
		ds.State = DoseDue
	case now.Before(ds.MissedAt):
		ds.State = DoseOverdue
	default:
		ds.State = DoseMissed
	}
}

// PickedBeforeImport reports whether a dose missed or overdue is at a time CareKeeper picked
// (the record gives none) whose due window closed before its medicine was imported into a vault no app or
// daemon has reminded from yet: nobody was asked to take it, as of an Early one, which
// DoseStates leaves out (F46, F94). Today leaves it out too: 'today' listed "07:30 overdue"
// until the engine first ran, then nothing (F421).
func (ds DoseStatus) PickedBeforeImport() bool {
	return ds.Med != nil && (ds.State == DoseMissed || ds.State == DoseOverdue) &&
		ds.Med.UnseenBefore(ds.DueUntil) && ds.Med.planAt(ds.Due).PickedTimes() // its window closed before (F507)
}

// DoseStates lists the doses of a person (everyone's for "") due in [from, to), sorted by
// time, each with its state at now. The app's Today, the `today` command and the engine's
// DueNow and Missed all read doses this way. Only medicines being taken of living people
// have doses due: exactly the dose reminders of Reminders, so `today` and `reminders` agree
// (a medicine no longer taken keeps the doses answered in the window, withEarlierAnswers). A
// dose before reminders started for its medicine (Medicine.Since) is Early.
func (m *Model) DoseStates(profile string, from, to, now time.Time) []DoseStatus {
	return m.doseStates(m.occ, profile, from, to, now)
}

func (m *Model) doseStates(occ map[string]occState, profile string, from, to, now time.Time) []DoseStatus {
	var out []DoseStatus
	answered := map[string]map[string]Dose{} // med key → occurrence → the latest answer in the log
	var moved *movedDays
	var takes map[string]map[string][]Answer // med key → occurrence → its taken answers
	for _, r := range m.Reminders(profile, from, to, now) {
		if r.Kind != KindDose {
			continue
		}
		ds := DoseStatus{Reminder: r}
		ds.DueUntil, ds.MissedAt = m.window(r.Med, r.Due)
		s, ok := occ[r.StateKey()]
		// A dose the reminders have a state for was shown (or found missed while away): it is
		// the engine's (Engine.Missed, DueNow), never also Early, whatever the medicine's first
		// sight says — Today listed 'Missed: 00:34' twice, once each way (F241).
		ds.Early = !ok && r.Due.Before(r.Med.remindedFrom())
		ds.notHere = !ok && r.Due.Before(r.Med.remindedHere())
		// The dose log holds every device's answers (a set): taken from one and skipped from
		// another both stay, and the dose counts as taken.
		if !ok || s.Status != StatusTaken {
			byOcc := answered[r.Med.Key()]
			if byOcc == nil {
				byOcc = map[string]Dose{}
				for _, d := range m.Doses[r.Med.Key()] {
					if d.Occurrence == "" {
						continue
					}
					if have, dup := byOcc[d.Occurrence]; !dup || d.Taken || !have.Taken {
						byOcc[d.Occurrence] = d // the latest answer, a taken one before any skip
					}
				}
				answered[r.Med.Key()] = byOcc
			}
			if d, found := byOcc[r.Occurrence]; found && (!ok || !s.acked() || d.Taken) {
				s, ok = occState{Status: StatusTaken, Due: r.Due, Acted: d.When}, true
				if !d.Taken {
					s.Status = StatusSkipped
				}
				ds.AnsweredBy, ds.Answered = d.Device, d.Answered
			}
		}
		if !ok || !s.acked() {
			// Taken today under times since moved: it counts for this time of the day (F85).
			if moved == nil {
				moved = m.movedDays(occ)
			}
			if d, found := moved.answer(r); found {
				if moved.listed(r, d) {
					// A dose taken before the plan changed that day counts for this time of
					// the new plan, and is listed at its own time (F85, F164).
					continue
				}
				s, ok = occState{Status: StatusTaken, Due: r.Due, Acted: d.When}, true
				ds.AnsweredBy, ds.Answered = d.Device, d.Answered
			}
		}
		classify(&ds, s, ok, now)
		if ds.State == DoseTaken && r.Occurrence != "" {
			if takes == nil {
				takes = map[string]map[string][]Answer{}
			}
			ds.Takes = m.takesOf(takes, r.Med.Key(), r.Occurrence)
			ds.Skips = m.skipsOf(r.Med.Key(), r.Occurrence)
			if amount := m.givenAmount(r.Med.Key(), r.Occurrence); amount != "" {
				ds.Title = doseTitle(r.Med, amount, "")
			}
		}
		if ds.Early && !ok && (ds.State == DoseMissed || ds.State == DoseOverdue) && r.Med.planAt(r.Due).PickedTimes() &&
			!ds.DueUntil.After(r.Med.remindedFrom()) {
			// A time CareKeeper picked (the record gives none) whose due window had closed
			// before the medicine was in CareKeeper: no one was asked to take it then, so it
			// was not missed nor is it overdue (F46, F94). One still due when it came in is a
			// dose to answer, due and then overdue: offered 'due' at 08:25 after an import at
			// 08:21, it vanished unanswered at 08:31 (F507).
			continue
		}
		out = append(out, ds)
	}
	if moved == nil {
		moved = m.movedDays(occ)
	}
	return m.withEarlierAnswers(out, moved, profile, from, to)
}

// withEarlierAnswers adds to a person's doses in [from, to) the doses answered there for times
// their plan no longer has (the times were changed after: twice a day, the 20:00 dose taken,
// then 'every 8 hours' from 21:56) that count for none of its times (F85): the day still shows
// "20:00 taken" (F123). out is sorted by time, and stays so.
func (m *Model) withEarlierAnswers(out []DoseStatus, moved *movedDays, profile string, from, to time.Time) []DoseStatus {
	inOut := map[string]bool{}
	for _, ds := range out {
		inOut[ds.Med.Key()+" "+ds.Occurrence] = true
	}
	n := len(out)
	for _, med := range m.Meds {
		p := m.person[med.Profile]
		// A medicine no longer taken (stopped today, or another record's) keeps the doses
		// answered on the day: a dose given is a fact (F293: 'medicines stop' took the 18:00
		// warfarin given at 04:00 off Today).
		if p == nil || p.Deceased || (profile != "" && med.Profile != profile) {
			continue
		}
		log := m.Doses[med.Key()]
		i := sort.Search(len(log), func(i int) bool { return !log[i].When.Before(from.AddDate(0, 0, -1)) })
		byOcc := map[string]Dose{}
		var order []string
		for _, d := range log[i:] {
			if d.When.After(to.AddDate(0, 0, 7)) {
				break
			}
			if d.Occurrence == "" || d.Scheduled.Before(from) || !d.Scheduled.Before(to) || inOut[med.Key()+" "+d.Occurrence] {
				continue
			}
			have, dup := byOcc[d.Occurrence]
			if !dup {
				order = append(order, d.Occurrence)
			}
			if !dup || d.Taken || !have.Taken {
				byOcc[d.Occurrence] = d // the latest answer, a taken one before any skip
			}
		}
		for _, k := range order {
			d := byOcc[k]
			if d.Taken && moved.counted(med, d) {
				continue // it is the answer of one of the plan's times
			}
			amount := d.Amount
			if amount == "" || !d.Taken {
				amount = planDose(med.Plan)
			}
			ds := DoseStatus{Reminder: Reminder{At: d.Scheduled, Due: d.Scheduled, Profile: med.Profile, Person: p.Name, Kind: KindDose,
				Title: doseTitle(med, amount, instructionOnly(med)), Ref: med.Ref, Occurrence: d.Occurrence, Med: med},
				State: DoseTaken, DueUntil: d.Scheduled, MissedAt: d.Scheduled, Acted: d.When, AnsweredBy: d.Device, Answered: d.Answered}
			if !d.Taken {
				ds.State = DoseSkipped
			}
			out = append(out, ds)
		}
	}
	if len(out) > n {
		slices.SortStableFunc(out, func(a, b DoseStatus) int { return a.Due.Compare(b.Due) })
	}
	return out
}

// givenAmount is what the latest 'taken' answer of a dose occurrence recorded as given ("1
// tablet"), "" if none says: a dose given keeps the amount it was given with when a newer
// record changes the dose — "09:30 taken Metformin 500 mg tablet (2 tablets)" read for the one
// tablet given before the portal doubled it (F372).
func (m *Model) givenAmount(medKey, occ string) string {
	log := m.Doses[medKey]
	for i := len(log) - 1; i >= 0; i-- {
		if d := log[i]; d.Occurrence == occ && d.Taken {
			return d.Amount
		}
	}
	return ""
}

// Answer is one 'taken' answer of a dose: when, and on which device of the household ("" for
// one given before the household).
type Answer struct {
	When   time.Time
	Device string
}

// takesOf is the taken answers of a dose occurrence in the log, when more than one.
func (m *Model) takesOf(cache map[string]map[string][]Answer, medKey, occ string) []Answer {
	byOcc, ok := cache[medKey]
	if !ok {
		byOcc = map[string][]Answer{}
		seen := map[storage.ID]bool{}
		for _, d := range m.Doses[medKey] {
			if d.Occurrence == "" || !d.Taken || seen[d.ID] {
				continue
			}
			seen[d.ID] = true
			byOcc[d.Occurrence] = append(byOcc[d.Occurrence], Answer{When: d.When, Device: d.Device})
		}
		cache[medKey] = byOcc
	}
	as := byOcc[occ]
	if len(as) < 2 {
		return nil
	}
	as = slices.Clone(as)
	slices.SortStableFunc(as, func(a, b Answer) int { return a.When.Compare(b.When) })
	return as
}

// skipsOf is the skipped answers of a dose occurrence in the log, in time order.
func (m *Model) skipsOf(medKey, occ string) []Answer {
	var as []Answer
	seen := map[storage.ID]bool{}
	for _, d := range m.Doses[medKey] {
		if d.Occurrence != occ || d.Taken || seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		as = append(as, Answer{When: d.When, Device: d.Device})
	}
	slices.SortStableFunc(as, func(a, b Answer) int { return a.When.Compare(b.When) })
	return as
}

// SkippedAndGivenWords says a dose skipped on one device and given on another, each answer's
// time and where, as 'household sync' says it: "skipped at 08:02 on this computer and given at
// 08:10 on Dad's tablet: it counts as given" ("given twice, at … and at …" when given twice;
// names, self and loc as TakenTwiceWords). "" for a dose not both skipped and taken (F327).
func SkippedAndGivenWords(ds DoseStatus, names map[string]string, self string, loc *time.Location) string {
	if len(ds.Skips) == 0 || ds.State != DoseTaken {
		return ""
	}
	takes := ds.Takes
	if len(takes) == 0 {
		takes = []Answer{{When: ds.Acted, Device: ds.AnsweredBy}}
	}
	on := func(as []Answer) []string {
		var parts []string
		for _, a := range as {
			parts = append(parts, fmt.Sprintf("at %s on %s", a.When.In(loc).Format("15:04"), deviceWords(a.Device, names, self)))
		}
		return parts
	}
	given := on(takes)
	g := "given " + given[0]
	switch {
	case len(given) == 2:
		g = "given twice, " + given[0] + " and " + given[1]
	case len(given) > 2:
		g = fmt.Sprintf("given %d times, %s and %s", len(given), strings.Join(given[:len(given)-1], ", "), given[len(given)-1])
	}
	return "skipped " + strings.Join(on(ds.Skips), " and ") + " and " + g + ": it counts as given"
}

// deviceWords names a device of the household as 'household sync' does: "this computer" for
// this one (self, or "" for an answer given before the household), else its name.
func deviceWords(device string, names map[string]string, self string) string {
	switch w := names[device]; {
	case device == "" || device == self:
		return "this computer"
	case w != "":
		return w
	}
	return "another computer"
}

// TakenTwiceWords says a dose taken more than once, each time and where, on the person's
// clock: "taken twice — at 00:30 on Desk and at 00:45 on Phone" (names: the household's device
// ids to names; self: this device's id, said "this computer"). "" for a dose taken once (F221).
func TakenTwiceWords(ds DoseStatus, names map[string]string, self string, loc *time.Location) string {
	if len(ds.Takes) < 2 {
		return ""
	}
	var parts []string
	for _, a := range ds.Takes {
		// this device is "this computer" even where names holds its name: 'today' said
		// "at 22:04 on Claudias Laptop" on Claudia's laptop, where the app said "this
		// computer" (F489)
		parts = append(parts, fmt.Sprintf("at %s on %s", a.When.In(loc).Format("15:04"), deviceWords(a.Device, names, self)))
	}
	times := "twice"
	if len(parts) > 2 {
		times = fmt.Sprintf("%d times", len(parts))
	}
	return fmt.Sprintf("taken %s — %s and %s", times, strings.Join(parts[:len(parts)-1], ", "), parts[len(parts)-1])
}

// AnsweredElsewhere names the other device of the household that answered a dose: its name
// in names (the household's device ids to names), "another computer" for a device not named
// there, and "" when the dose has no answer from another device (names nil: no household;
// self: this device's id).
func AnsweredElsewhere(ds DoseStatus, names map[string]string, self string) string {
	if names == nil || ds.AnsweredBy == "" || ds.AnsweredBy == self || (ds.State != DoseTaken && ds.State != DoseSkipped) {
		return ""
	}
	if n := names[ds.AnsweredBy]; n != "" {
		return n
	}
	return "another computer"
}

// AnsweredAt is when the dose's answer was given: Answered, else (not known) the time the
// answer says the dose was taken or skipped (Acted). A dose of 08:00 said taken at its time
// from Maria's laptop at 10:15 was "answered by Maria's laptop at 08:00" (F471).
func (ds DoseStatus) AnsweredAt() time.Time {
	if !ds.Answered.IsZero() {
		return ds.Answered
	}
	return ds.Acted
}

// AnsweredWords says who answered a dose and when the answer was given (DoseStatus.AnsweredAt),
// as Today shows it in the app and on the command line: "answered by Anna's laptop at 08:05"
// (at in loc).
func AnsweredWords(device string, at time.Time, loc *time.Location) string {
	return fmt.Sprintf("answered by %s at %s", device, at.In(loc).Format("15:04"))
}

// TakenWords says when a dose answered taken was taken, when its clock is not the answer's nor
// the dose's own time: "taken at 07:40" (acted) for the 07:30 dose (due); "" otherwise. With
// device, the dose answered on another device, the answer's time follows: "taken at 07:40 —
// answered on Ordinateur de la famille at 09:17". Today said only "answered by … at 09:17" of
// puffs taken at 07:40: the carer read 09:17 as when they were taken (F537).
func TakenWords(state string, due, acted time.Time, device string, answered time.Time, loc *time.Location) string {
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	taken := ""
	if state == DoseTaken && !acted.IsZero() && clock(acted) != clock(due) {
		taken = "taken at " + clock(acted)
		if y, m, d := acted.In(loc).Date(); y != due.In(loc).Year() || m != due.In(loc).Month() || d != due.In(loc).Day() {
			taken = "taken at " + acted.In(loc).Format("2 Jan, ") + clock(acted)
		}
	}
	switch {
	case device == "":
		return taken
	case taken == "" || answered.IsZero() || clock(answered) == clock(acted):
		return AnsweredWords(device, answered, loc)
	}
	return fmt.Sprintf("%s — answered on %s at %s", taken, device, clock(answered))
}
