package remind

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/schedule"
	"carekeeper/internal/textline"
)

// Kinds of reminders.
const (
	KindDose        = "dose"
	KindRefill      = "refill"
	KindAppointment = "appointment"
)

// Reminder is one reminder due at a time: a dose occurrence, a refill or an appointment.
type Reminder struct {
	At      time.Time // when it fires
	Profile string
	Person  string
	Kind    string
	Title   string // with health detail: "Metformin 500 mg (1 tablet)", "Refill Metformin 500 mg", "Dentist"
	Ref     string // "MedicationRequest/<id>", "Appointment/<id>"
	// For doses: the occurrence.
	Occurrence string
	Due        time.Time // the dose's time, the run-out date, or the appointment's start
	Med        *Medicine
	Appt       *Appointment
	sk         string
}

// StateKey is the state key that records whether the reminder was sent (or, for a dose,
// what became of the occurrence).
func (r *Reminder) StateKey() string {
	if r.sk == "" && r.Kind == KindDose && r.Med != nil {
		return occKey(r.Profile, r.Med.Key(), r.Occurrence)
	}
	return r.sk
}

// Reminders returns every reminder due in [from, to), sorted by time, then person and title.
// Refill dates are projected as seen at now. profile "" is everyone.
func (m *Model) Reminders(profile string, from, to, now time.Time) []Reminder {
	// Build in (person, kind, title) order, then sort stably by time only: ties keep that order.
	people := slices.Clone(m.People)
	slices.SortStableFunc(people, func(a, b *Person) int { return cmp.Compare(a.Name, b.Name) })
	meds := slices.Clone(m.Meds)
	slices.SortStableFunc(meds, func(a, b *Medicine) int { return cmp.Compare(a.Label(), b.Label()) })
	appts := slices.Clone(m.Appts)
	slices.SortStableFunc(appts, func(a, b *Appointment) int { return cmp.Compare(a.Title, b.Title) })
	occs := make(map[*Medicine][]schedule.Occurrence, len(meds))
	total := 2*len(appts) + len(meds)
	for _, med := range meds {
		if p := m.person[med.Profile]; p != nil && !p.Deceased && med.Taking && (profile == "" || med.Profile == profile) {
			occs[med] = m.occurrences(med, from, to)
			total += len(occs[med])
		}
	}
	out := make([]Reminder, 0, total)
	for _, p := range people {
		if (profile != "" && p.Profile != profile) || p.Deceased {
			continue
		}
		for _, a := range appts {
			if a.Profile == p.Profile {
				out = m.appendAppointment(out, a, from, to)
			}
		}
		for _, med := range meds {
			if med.Profile == p.Profile {
				out = m.appendDoses(out, med, occs[med])
			}
		}
		var refills []Reminder
		for _, med := range meds {
			if med.Profile != p.Profile {
				continue
			}
			if r, ok := m.refillReminder(med, now); ok && !r.At.Before(from) && r.At.Before(to) {
				refills = append(refills, r)
			}
		}
		slices.SortStableFunc(refills, func(a, b Reminder) int { return cmp.Compare(a.Title, b.Title) })
		out = append(out, refills...)
	}
	return sortByTime(out)
}

// sortByTime sorts stably by time alone and returns the sorted slice (indices, not the large
// structs, are sorted; the structs are moved once). Times and indices are packed into one
// integer when they fit (milliseconds since the earliest, index in the low 24 bits), which
// sorts several times faster than a comparison function.
func sortByTime(out []Reminder) []Reminder {
	if len(out) < 2 {
		return out
	}
	base := out[0].At
	sorted := true
	for i := 1; i < len(out); i++ {
		if out[i].At.Before(out[i-1].At) {
			sorted = false
		}
		if out[i].At.Before(base) {
			base = out[i].At
		}
	}
	if sorted {
		return out
	}
	const idxBits = 24
	var perm []int
	if len(out) < 1<<idxBits {
		packed := make([]uint64, len(out))
		ok := true
		for i := range out {
			ms := out[i].At.Sub(base).Milliseconds()
			if ms >= 1<<(64-idxBits) || out[i].At.Sub(base)%time.Millisecond != 0 {
				ok = false
				break
			}
			packed[i] = uint64(ms)<<idxBits | uint64(i)
		}
		if ok {
			radixSort(packed)
			perm = make([]int, len(out))
			for k, p := range packed {
				perm[k] = int(p & (1<<idxBits - 1))
			}
		}
	}
	if perm == nil {
		perm = make([]int, len(out))
		for i := range perm {
			perm[i] = i
		}
		slices.SortStableFunc(perm, func(a, b int) int { return out[a].At.Compare(out[b].At) })
	}
	sortedOut := make([]Reminder, len(out))
	for k, i := range perm {
		sortedOut[k] = out[i]
	}
	return sortedOut
}

// radixSort sorts in place, least significant byte first, skipping bytes that are the same in
// every value (the high bytes usually are).
func radixSort(a []uint64) {
	if len(a) < 2 {
		return
	}
	var or, and uint64 = 0, ^uint64(0)
	for _, v := range a {
		or |= v
		and &= v
	}
	varying := or ^ and
	buf := make([]uint64, len(a))
	src, dst := a, buf
	for shift := uint(0); shift < 64; shift += 8 {
		if (varying>>shift)&0xff == 0 {
			continue
		}
		var count [257]int
		for _, v := range src {
			count[(v>>shift)&0xff+1]++
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, v := range src {
			b := (v >> shift) & 0xff
			dst[count[b]] = v
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
}

func sortReminders(out []Reminder) {
	// Sort indices, not the (large) structs, then permute once.
	idx := make([]int32, len(out))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(i, j int32) int {
		a, b := &out[i], &out[j]
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Person, b.Person); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Ref, b.Ref); c != 0 {
			return c
		}
		if c := cmp.Compare(a.StateKey(), b.StateKey()); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	sorted := make([]Reminder, len(out))
	for k, i := range idx {
		sorted[k] = out[i]
	}
	copy(out, sorted)
}

func (m *Model) appendDoses(out []Reminder, med *Medicine, occs []schedule.Occurrence) []Reminder {
	p := m.person[med.Profile]
	if p == nil {
		return out
	}
	lastDose, lastPhase, title := "", 0, ""
	for i, o := range occs {
		if i == 0 || o.Dose != lastDose || o.Phase != lastPhase {
			lastDose, lastPhase, title = o.Dose, o.Phase, m.occurrenceTitle(med, o)
		}
		out = append(out, Reminder{At: o.At, Due: o.At, Profile: med.Profile, Person: p.Name, Kind: KindDose,
			Title: title, Ref: med.Ref, Occurrence: o.Key, Med: med})
	}
	return out
}

// occurrenceTitle is the title of a dose occurrence of med: its own amount, or the words of
// its own dosage instruction when the plan gives none (instructionAt).
func (m *Model) occurrenceTitle(med *Medicine, o schedule.Occurrence) string {
	if o.Dose != "" {
		return doseTitle(med, o.Dose, "")
	}
	return doseTitle(med, "", instructionAt(med, o.At, o.Phase))
}

// doseTitle is a dose's title: the medicine's label with the dose, or with instr, the words of
// a plan that gives no amount, when dose is "".
func doseTitle(med *Medicine, dose, instr string) string {
	t := med.Label()
	if n, err := strconv.ParseFloat(dose, 64); err == nil { // a bare "1" from a record without a unit
		dose += map[bool]string{true: " dose", false: " doses"}[n == 1]
	}
	if w := health.WeightDose(dose, t, med.Weight); w != "" {
		// "(10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Nov 2026)": what the rule comes to at the
		// weight it was worked out at, not the rule alone (F436); a later weight beside it (F446)
		if n := health.NewWeightWords(med.NewWeight); n != "" && med.Weight != nil {
			w += "; " + n
		}
		return t + " (" + w + ")"
	}
	if dose != "" && !nameGivesDose(t, dose) {
		t += " (" + health.DoseWords(dose) + ")"
	}
	if dose == "" && instr != "" {
		t += " (" + instr + ")"
	}
	return t
}

// instructionOnly is the record's instruction for a medicine whose plan gives no amount but
// says how much in words: an insulin by carbohydrate ratio, "1 unit per 15 g carbohydrate at
// meals and snacks; add 1 unit per 50 mg/dL above 150 mg/dL" (F457: its reminder said the
// name alone, which reads as "the usual"). "" when any step of the plan gives an amount, or no
// step has words. The record's own words stay when the person set the times. Of a plan in
// several steps with words of their own, each step's words once, "; " between: the medicine
// whole (its dose on Medicines); a dose says its own step's (instructionAt).
func instructionOnly(med *Medicine) string { return instructionOf(med, med.Plan, -1) }

// instructionAt is the instruction of the dose due at t of step phase (Occurrence.Phase) of
// the plan followed then: that step's own words when it gives no amount, "" when it gives one
// or has none. A bedtime correction's dose no longer says the mealtime ratio of the first step.
func instructionAt(med *Medicine, t time.Time, phase int) string {
	return instructionOf(med, med.planAt(t), phase)
}

func instructionOf(med *Medicine, plan schedule.Plan, phase int) string {
	words := func(ph schedule.Phase) string {
		return strings.TrimRight(strings.Join(strings.Fields(ph.Text), " "), ".")
	}
	for _, p := range []schedule.Plan{plan, med.RecordPlan} {
		if phase >= 0 && phase < len(p.Phases) && len(p.Phases) == len(plan.Phases) {
			if p.Phases[phase].Dose != "" {
				return ""
			}
			if w := words(p.Phases[phase]); w != "" {
				return w
			}
			if planDose(p) != "" || slices.ContainsFunc(p.Phases, func(ph schedule.Phase) bool { return words(ph) != "" }) {
				return "" // the step has neither, another has its own
			}
			continue
		}
		if planDose(p) != "" {
			return ""
		}
		var ws []string
		for _, ph := range p.Phases {
			if w := words(ph); w != "" && !slices.Contains(ws, w) {
				ws = append(ws, w)
			}
		}
		if len(ws) > 0 {
			return strings.Join(ws, "; ")
		}
	}
	return ""
}

// InstructionOnly is the record's instruction of a medicine whose plan gives no amount but
// says how much in words ("1 unit per 15 g carbohydrate at meals and snacks; …"), "" otherwise:
// the app's Taken asks how much was given of such a dose (F457).
func (med *Medicine) InstructionOnly() string { return instructionOnly(med) }

// AsNeededDose is the dose an as-needed medicine's record gives ("15 mg/kg", "2 tablets"), ""
// when it gives none.
func (med *Medicine) AsNeededDose() string {
	for _, ph := range med.Plan.Phases {
		if ph.AsNeeded && ph.Dose != "" {
			return ph.Dose
		}
	}
	return ""
}

// nameGivesDose reports whether the medicine's name says the dose whole: "500 mg" in
// "Metformin 500 mg tablet". A dose that is only part of a number or of a ratio in the name is
// not said by it: "5 mg" in "Warfarin 2.5 mg tablet", "5 mL" in "Amoxicillin 250 mg/5 mL".
func nameGivesDose(name, dose string) bool {
	for from := 0; ; {
		i := strings.Index(name[from:], dose)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(dose)
		before := strings.TrimRight(name[:i], " ")
		startsWord := i == 0 || name[i-1] == ' '
		afterRatio := strings.HasSuffix(before, "/")
		endsWord := end == len(name) || name[end] == ' ' || name[end] == ',' || name[end] == ')'
		if startsWord && !afterRatio && endsWord {
			return true
		}
		from = i + 1
	}
}

func (m *Model) appendAppointment(out []Reminder, a *Appointment, from, to time.Time) []Reminder {
	p := m.person[a.Profile]
	if p == nil {
		return out
	}
	for _, off := range p.Settings.AppointmentOffsets {
		at := offsetBefore(a.Start, off, p.Loc)
		if at.Before(from) || !at.Before(to) {
			continue
		}
		out = append(out, Reminder{At: at, Due: a.Start, Profile: a.Profile, Person: p.Name, Kind: KindAppointment,
			Title: a.Label(), Ref: a.Ref, Appt: a,
			sk: "remind/appt/" + a.Profile + "/" + a.Key() + "/" + strconv.Itoa(off)})
	}
	return out
}

// offsetBefore is start minus off minutes; whole days go back on the wall clock (AddDate), so
// "the day before" is the same local time across a DST change.
func offsetBefore(start time.Time, off int, loc *time.Location) time.Time {
	if off > 0 && off%(24*60) == 0 {
		return start.In(loc).AddDate(0, 0, -off/(24*60))
	}
	return start.Add(-time.Duration(off) * time.Minute)
}

// RunOut projects when a medicine's supply runs out: the supply at AsOf (dispensed, prescribed
// or counted by the person) is used along the schedule from AsOf, dose by dose — a dose logged
// as skipped uses nothing, a dose logged beyond the schedule (as needed, or off its times)
// uses one more — and it runs out at the first scheduled dose it cannot cover. A person who
// logs nothing is assumed to take every dose, so the answer does not depend on the day it is
// asked (now is not used; it is kept for callers). ok is false when there is no supply
// information, no schedule to project with, or no run-out within five years.
func (m *Model) RunOut(med *Medicine, now time.Time) (time.Time, bool) {
	_, runOut, ok := m.useSupply(med, time.Time{})
	return runOut, ok
}

// useSupply walks a medicine's supply along its schedule from AsOf, as RunOut says. left is
// what is left at `at` (units, or days for a supply given only in days): the scheduled doses
// up to `at` used, those after it not; zero at: left is what the supply is at AsOf less the
// doses logged beyond the schedule. runOut is the first scheduled dose the supply cannot cover.
func (m *Model) useSupply(med *Medicine, at time.Time) (left float64, runOut time.Time, ok bool) {
	s := med.Supply
	p := m.person[med.Profile]
	if s == nil || p == nil {
		return 0, time.Time{}, false
	}
	if s.Quantity <= 0 {
		if s.Days <= 0 {
			return 0, time.Time{}, false
		}
		// days of taking it: from the course's start when that is later (3 days' supply
		// prescribed on the 15th for a course of the 16th–18th), and none to refill when the
		// course ends by then (F398)
		start, end := med.Plan.Span(p.Loc, p.Settings.Routine)
		base := s.AsOf
		if start.After(base) {
			base = start
		}
		runOut = base.Add(time.Duration(s.Days * 24 * float64(time.Hour)))
		if !end.IsZero() && !end.After(runOut) {
			return 0, time.Time{}, false
		}
		left = s.Days
		if !at.IsZero() && at.After(s.AsOf) {
			left = max(0, runOut.Sub(at).Hours()/24)
		}
		return left, runOut, true
	}
	per := unitsPerDose(planDose(med.Plan))
	left = s.Quantity
	changed, scale := m.doseChange(med)
	skipped := map[string]bool{}
	given := map[string]float64{} // what a dose answered 'taken' says was given ("1 tablet")
	moved := m.movedDays(m.occ)
	for _, d := range m.Doses[med.Key()] {
		if d.When.Before(s.AsOf) {
			continue
		}
		switch {
		case !d.Taken && d.Occurrence != "":
			skipped[d.Occurrence] = true
		case d.Taken && !m.scheduled(med, d) && !moved.counted(med, d):
			// beyond the schedule (not a dose taken before its time was moved, F85)
			if d.Amount != "" {
				left -= unitsPerDose(d.Amount)
			} else {
				left -= per
			}
		case d.Taken && d.Occurrence != "" && d.Amount != "":
			given[d.Occurrence] = unitsPerDose(d.Amount) // the latest answer
		}
	}
	leftAt, counted := left, at.IsZero()
	from := s.AsOf
	for range 60 { // up to five years ahead, a month at a time
		to := from.AddDate(0, 1, 0)
		for _, o := range m.occurrences(med, from, to) {
			if skipped[o.Key] {
				continue
			}
			if !counted && o.At.After(at) {
				leftAt, counted = left, true
			}
			u := per
			if o.Dose != "" {
				u = unitsPerDose(o.Dose)
			}
			if g, ok := given[o.Key]; ok {
				u = g // what was given, whatever the record says now (F374)
			} else if o.At.Before(changed) {
				u *= scale // the dose in force before the record changed it (F374)
			}
			if left < u {
				if !counted {
					leftAt = left
				}
				return max(0, leftAt), o.At, true
			}
			left -= u
		}
		from = to
	}
	return 0, time.Time{}, false
}

// doseChange tells when the record changed the dose a supply is counted with, and the share of
// today's dose that was in force before: a dispense of 60 tablets for 30 days was handed over
// for 2 a day, and a newer record (meta.lastUpdated after the hand-over) says 2 tablets twice
// a day — until its lastUpdated a dose was 1 tablet, not 2 (the new dose counted back to the
// hand-over said the 60 "would have run out" 12 days before, F374). Nothing changed, or no
// way to tell when: zero time.
func (m *Model) doseChange(med *Medicine) (changed time.Time, scale float64) {
	s := med.Supply
	if s == nil || !med.updated.After(s.AsOf) || !m.doseDiffers(med) {
		return time.Time{}, 1
	}
	return med.updated, s.Quantity / m.supplyUnits(med, s.AsOf, s.supplyEnd())
}

// doseDiffers reports whether a supply given as units for some days does not fit the schedule
// in force now (60 tablets for 30 days, and 2 tablets twice a day would use them in 15).
func (m *Model) doseDiffers(med *Medicine) bool {
	s := med.Supply
	if s == nil || s.Quantity <= 0 || s.Days <= 0 {
		return false
	}
	want := m.supplyUnits(med, s.AsOf, s.supplyEnd())
	return want > 0 && math.Abs(want-s.Quantity) > max(1, s.Quantity/10)
}

func (s *Supply) supplyEnd() time.Time {
	return s.AsOf.Add(time.Duration(s.Days * 24 * float64(time.Hour)))
}

// doseChangeUnknown says, for a supply that does not fit the schedule now and a record that
// does not say when its dose changed, what is known: "the 60 tablets handed over on 9 Nov 2026 were
// for 30 days, and at the dose now they last 15" ("" when it fits, or the change is dated).
// Counted with today's dose from the hand-over the run-out may be a day long past that the
// data does not support (F374).
func (m *Model) doseChangeUnknown(med *Medicine) string {
	s := med.Supply
	if s == nil || med.updated.After(s.AsOf) || !m.doseDiffers(med) {
		return ""
	}
	if med.SupplyUnit() == "units" && m.supplyUnits(med, s.AsOf, s.supplyEnd()) < s.Quantity {
		// Insulin lasting longer than the days on its hand-over: those are how long a pen keeps
		// once opened (28 days), not a dose that changed (F442: "The 1500 handed over … were
		// for 28 days, and at the dose now they last 187 days" of a dose that never changed).
		return ""
	}
	per := unitsPerDose(planDose(med.Plan))
	for _, d := range m.Doses[med.Key()] {
		if d.Taken && d.Amount != "" && !d.When.Before(s.AsOf) && unitsPerDose(d.Amount) != per {
			return "" // the answers say what was given before the change (useSupply counts it)
		}
	}
	z := m.Zone(med.Profile)
	when := " handed over on "
	if s.Source == SupplyPrescribed {
		when = " prescribed on "
	}
	per = m.supplyUnits(med, s.AsOf, s.supplyEnd()) / s.Days
	qty := med.SupplyCount(s.Quantity) // "the 60 tablets", "the 1500 units" (F442)
	return "the " + qty + when + z.Date(s.AsOf) + " were for " + plural(int(math.Round(s.Days)), "day") +
		", and at the dose now they last " + plural(int(math.Floor(s.Quantity/per)), "day")
}

// doseChangeWords says that the dose a supply is counted with changed, and when, for a record
// that dates its change (doseChange): "the dose went from 2 to 4 tablets a day on 6 Dec 2026".
// The run-out counts each day with the dose then in force; the card said nothing of it, and a
// carer who knew the old dose read its date as wrong (F374). "" when nothing changed or nothing
// dates it (doseChangeUnknown says that case).
func (m *Model) doseChangeWords(med *Medicine) string {
	changed, _ := m.doseChange(med)
	s := med.Supply
	if changed.IsZero() || s == nil || s.Days <= 0 {
		return ""
	}
	now := m.supplyUnits(med, s.AsOf, s.supplyEnd()) / s.Days
	unit := ""
	if f := strings.Fields(planDose(med.Plan)); len(f) > 1 && !amountUnit(f[1]) {
		unit = f[1]
	}
	to := health.FormatNumber(now)
	if unit != "" {
		to = health.DoseWords(to + " " + unit)
	}
	return "the dose went from " + health.FormatNumber(s.Quantity/s.Days) + " to " + to + " a day on " + m.Zone(med.Profile).Date(changed)
}

// supplyUnits is how many units the schedule in force now uses in [from, to).
func (m *Model) supplyUnits(med *Medicine, from, to time.Time) float64 {
	per := unitsPerDose(planDose(med.Plan))
	n := 0.0
	for _, o := range m.occurrences(med, from, to) {
		if o.Dose != "" {
			n += unitsPerDose(o.Dose)
		} else {
			n += per
		}
	}
	return n
}

// SupplyLeft is what CareKeeper counts as left of a medicine at now, counted as RunOut counts
// (every scheduled dose until now used, skipped ones not, extra ones too): in units ("6"
// tablets), or in days for a supply given only in days (days is true). ok is false when there
// is no supply to count from.
func (m *Model) SupplyLeft(med *Medicine, now time.Time) (left float64, days, ok bool) {
	left, _, ok = m.useSupply(med, now)
	if !ok {
		return 0, false, false
	}
	return left, med.Supply.Quantity <= 0, true
}

// SupplyOffer is what a medicine's "Supply on hand" box offers and the line beside it: the
// whole units CareKeeper counts as left at now ("6") and where they are counted from ("about 6
// left, counted from the 60 tablets handed over on 9 Nov 2026"). A supply given only in days offers no
// number ("" and "about 3 days left, counted from the 30 days' supply handed over on 9 Nov
// 2026"); no supply, nothing. Saving the box as offered is no change of the supply (F380).
func (m *Model) SupplyOffer(med *Medicine, now time.Time) (box, words string) {
	left, days, ok := m.SupplyLeft(med, now)
	if !ok {
		return "", ""
	}
	s := med.Supply
	if w := m.doseChangeUnknown(med); w != "" {
		// No count to offer that the data supports (F374): the box is left for the person.
		return "", w + ": count how many are left and enter them"
	}
	z := m.Zone(med.Profile)
	from := med.SupplyCount(s.Quantity) // "the 60 tablets handed over", not "the 60" (F442)
	if days {
		from = health.FormatNumber(s.Days) + " days' supply"
	}
	switch s.Source {
	case SupplyDispensed:
		from = "the " + from + " handed over on " + z.Date(s.AsOf)
	case SupplyPrescribed:
		from = "the " + from + " prescribed on " + z.Date(s.AsOf)
	default:
		from = "the " + from + " entered on " + z.Date(s.AsOf)
	}
	if days {
		n := int(math.Floor(left))
		return "", "about " + plural(n, "day") + " left, counted from " + from
	}
	n := math.Floor(left + 1e-9)
	box = health.FormatNumber(n)
	if s.Entered && n == s.Quantity {
		return box, med.SupplyCount(n) + " on hand, entered on " + z.Date(s.AsOf)
	}
	return box, "about " + box + " left, counted from " + from
}

// SupplySetWords says a supply set to quantity at now, in what it is counted in, and when it
// then runs out: "Supply set to 60 tablets on 6 Dec 2026: runs out around 5 Jan 2027" (F380;
// F432: "Supply set to 5 on …" of insulin counted 5 units).
func (m *Model) SupplySetWords(med *Medicine, quantity float64, now time.Time) string {
	z := m.Zone(med.Profile)
	words := "Supply set to " + health.FormatNumber(quantity) + " " + med.SupplyUnit() + " on " + z.Date(now)
	set := *med
	set.Supply = &Supply{Quantity: quantity, AsOf: now.UTC(), Entered: true}
	if quantity > 0 {
		if runOut, ok := m.RunOut(&set, now); ok {
			return words + ": " + z.RunOutWords(runOut, now)
		}
	}
	return words
}

// scheduled reports whether a logged dose answers one of the plan's occurrences.
func (m *Model) scheduled(med *Medicine, d Dose) bool {
	p := m.person[med.Profile]
	if d.Occurrence == "" || d.Scheduled.IsZero() || p == nil {
		return false
	}
	for _, o := range m.occurrences(med, d.Scheduled.Add(-time.Minute), d.Scheduled.Add(time.Minute)) {
		if o.Key == d.Occurrence {
			return true
		}
	}
	return false
}

// unitsPerDose reads "2 tablet" as 2; amounts in mass or volume ("500 mg") count as one unit.
func unitsPerDose(dose string) float64 {
	f := strings.Fields(dose)
	if len(f) == 0 {
		return 1
	}
	n, err := strconv.ParseFloat(f[0], 64)
	if err != nil || n <= 0 || math.IsInf(n, 0) {
		return 1
	}
	if len(f) > 1 && amountUnit(f[1]) {
		return 1
	}
	return n
}

// amountUnit reports whether a dose's unit is a mass or a volume ("500 mg"), not a count of
// tablets or puffs.
func amountUnit(u string) bool {
	switch strings.ToLower(strings.Trim(u, ".")) {
	case "mg", "g", "mcg", "ug", "µg", "ml", "l", "iu", "[iu]", "meq", "mmol", "%", "mg/ml":
		return true
	}
	return false
}

func (m *Model) refillReminder(med *Medicine, now time.Time) (Reminder, bool) {
	p := m.person[med.Profile]
	if p == nil || p.Deceased || !med.Taking {
		return Reminder{}, false
	}
	runOut, ok := m.RunOut(med, now)
	if !ok {
		return Reminder{}, false
	}
	day := runOut.In(p.Loc).AddDate(0, 0, -p.Settings.RefillLeadDays)
	r := p.Settings.Routine.Breakfast
	at := time.Date(day.Year(), day.Month(), day.Day(), int(r)/60, int(r)%60, 0, 0, p.Loc)
	return Reminder{At: at, Due: runOut, Profile: med.Profile, Person: p.Name, Kind: KindRefill,
		Title: "Refill " + med.Label() + " (runs out " + runOut.In(p.Loc).Format("Mon 2 Jan") + ")",
		Ref:   med.Ref, Med: med,
		sk: "remind/refill/" + med.Profile + "/" + med.Key() + "/" + url.PathEscape(med.Supply.AsOf.UTC().Format(time.RFC3339))}, true
}

// Refill is a medicine's projected run-out.
type Refill struct {
	Med      *Medicine
	RunOut   time.Time
	RemindAt time.Time
	// DoseChanged, when the supply does not fit today's dose and nothing says when it changed,
	// says so ("the 60 tablets handed over on 9 Nov 2026 were for 30 days, and at the dose now they
	// last 15"): RunOut is counted with today's dose from the hand-over (Zone.RefillWords).
	DoseChanged string
	// DoseChange, when the record dates a change of the dose after the supply was handed over,
	// says it ("the dose went from 2 to 4 tablets a day on 6 Dec 2026"): RunOut counts each day
	// with the dose then in force (F374).
	DoseChange string
}

// Refills lists the projected run-out dates of a person's medicines (everyone's for "").
func (m *Model) Refills(profile string, now time.Time) []Refill {
	var out []Refill
	for _, med := range m.Medicines(profile) {
		if r, ok := m.refillReminder(med, now); ok {
			out = append(out, Refill{Med: med, RunOut: r.Due, RemindAt: r.At, DoseChanged: m.doseChangeUnknown(med), DoseChange: m.doseChangeWords(med)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].RunOut.Before(out[j].RunOut) })
	return out
}

// RefillsPassed are the refill reminders of a person (everyone's for "") whose day came
// before from, while [from, to) holds now: the supply runs out soon, or may have run out
// already, and nobody ordered. They are listed at now, their run-out said as Today says it
// ("Refill Metformin 500 mg tablet (would have run out on 29 Nov 2026, counted from its
// schedule: check how many are left)"). 'reminders' from today listed none of them while Today
// and the order card said it (F374, F380). Reminders does not hold them (its window is when
// reminders fire; the engine fires one whose day passed at once, Engine.buildAgenda).
func (m *Model) RefillsPassed(profile string, from, to, now time.Time) []Reminder {
	if now.Before(from) || !now.Before(to) {
		return nil
	}
	var out []Reminder
	for _, rf := range m.Refills(profile, now) {
		if !rf.RemindAt.Before(from) {
			continue // Reminders lists it
		}
		r, ok := m.refillReminder(rf.Med, now)
		if !ok {
			continue
		}
		r.At = now
		r.Title = "Refill " + rf.Med.Label() + " (" + m.Zone(rf.Med.Profile).RefillWords(rf.RunOut, now, rf.DoseChanged) + ")"
		out = append(out, r)
	}
	return out
}

// Upcoming lists appointments starting at or after now (a person's, or everyone's for "").
func (m *Model) Upcoming(profile string, now time.Time) []*Appointment {
	var out []*Appointment
	for _, a := range m.Appts {
		if p := m.person[a.Profile]; p != nil && p.Deceased {
			continue
		}
		if (profile == "" || a.Profile == profile) && !a.Start.Before(now) {
			out = append(out, a)
		}
	}
	return out
}

// Text is what a notification for a group of reminders of one person at one time says.
type Text struct{ Title, Body string }

// oneLine is t as a notification shows it: one line each, without the control characters
// and bidi overrides a record may hold (a name "…\r\nInjected: line" made a second line of a
// file's choosing, F42); runs of white space fold to one space.
func (t Text) oneLine() Text {
	return Text{Title: textline.Clean(t.Title), Body: textline.Clean(t.Body)}
}

// notificationText words a group of a person's reminders due at the same time (all of one kind).
// private leaves out medicine names, places and notes.
func notificationText(p *Person, rs []Reminder, private bool) Text {
	return notificationWords(p, rs, private).oneLine()
}

func notificationWords(p *Person, rs []Reminder, private bool) Text {
	if len(rs) == 0 {
		return Text{}
	}
	name := p.notifyName(private)
	if name == "" {
		name = "CareKeeper"
	}
	r := rs[0]
	switch r.Kind {
	case KindDose:
		// On the person's clock, named with this computer's beside it where they differ:
		// "Mum — 03:49 Lagos time (20:49 here) medicines" (F89).
		z := Zone{Loc: p.Loc, Device: p.device}
		t := Text{Title: name + " — " + z.ClockHere(r.Due) + " medicines"}
		if private {
			t.Body = "Open CareKeeper for details."
			return t
		}
		titles := make([]string, len(rs))
		for i, x := range rs {
			titles[i] = x.Title
		}
		t.Title += ": " + strings.Join(titles, ", ")
		t.Body = "Taken, or snooze? You can also answer in CareKeeper."
		if s := r.SkippedDoseWords(z.orLocal().Loc); s != "" { // F557 item 2
			t.Body = s + ". " + t.Body
		}
		return t
	case KindRefill:
		if private {
			return Text{Title: name + " — a refill is due soon", Body: "Open CareKeeper for details."}
		}
		return Text{Title: name + " — " + r.Title, Body: "Order a refill in time."}
	default:
		z := Zone{Loc: p.Loc, Device: p.device}
		when := r.Due.In(z.orLocal().Loc).Format("Mon 2 Jan ") + health.WallClock(r.Due, z.orLocal().Loc) // F482
		if here := z.Here(r.Due); here != "" {
			when += " " + z.Name(r.Due) + " (" + here + ")"
		}
		if private {
			return Text{Title: name + " — appointment " + when, Body: "Open CareKeeper for details."}
		}
		t := Text{Title: name + " — " + r.Title + ", " + when}
		var body []string
		if r.Appt != nil && r.Appt.Location != "" {
			body = append(body, "At "+r.Appt.Location+".")
		}
		if r.Appt != nil && r.Appt.Note != "" {
			body = append(body, r.Appt.Note)
		}
		if r.Appt != nil {
			if s := r.Appt.SkippedWords(z.orLocal().Loc); s != "" { // F535
				body = append(body, strings.ToUpper(s[:1])+s[1:]+".")
			}
		}
		t.Body = strings.Join(body, " ")
		return t
	}
}

func missedText(n int) Text {
	if n == 1 {
		return Text{Title: "CareKeeper", Body: "1 reminder was missed while away — open CareKeeper"}
	}
	return Text{Title: "CareKeeper", Body: fmt.Sprintf("%d reminders were missed while away — open CareKeeper", n)}
}
