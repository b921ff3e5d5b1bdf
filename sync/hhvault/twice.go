package hhvault

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// TakenTwice is one dose of a medicine given on two devices of the household before they
// exchanged: an exchange brought a 'taken' answer for a dose the vault already held as taken
// (F221: Mum got her Metformin twice, and the sync said nothing; Today says it since 1322fbf).
// Kept in Last until 'household sync' has said it (Said) and the app has shown it (Shown), at
// most ReplacedKeptFor; the status says it for a day. Health data: kept only in the vault.
type TakenTwice struct {
	Person     string    `json:"person"`     // what reminders call the person
	Profile    string    `json:"profile"`    // their id
	Medicine   string    `json:"medicine"`   // "Metformin 500 mg"
	MedKey     string    `json:"medKey"`     // remind's key of the medicine
	Occurrence string    `json:"occurrence"` // remind's key of the dose
	Scheduled  time.Time `json:"scheduled,omitzero"`
	Takes      []Take    `json:"takes"` // in time order
	// Skips are the 'skipped' answers of the same dose, when one device skipped it and another
	// gave it before they exchanged (F327: it read 'taken' on both and the skip was said
	// nowhere). The dose counts as given.
	Skips []Take `json:"skips,omitempty"`
	// Planned is, for answers of different doses of one day (the medicine's times changed
	// between them: F261), how many doses that day's plan has: more were given. 0: one dose
	// answered more than once.
	Planned int    `json:"planned,omitempty"`
	Day     string `json:"day,omitempty"` // that day, YYYY-MM-DD on the person's clock
	// MinGap is, for two doses of a medicine taken as needed given on two devices closer
	// together than its record allows (F478: a child's ibuprofen at 16:00 on one parent's
	// laptop and 17:30 on the other's tablet, "at least 6 hours apart"), that least time.
	MinGap  time.Duration `json:"minGap,omitempty"`
	Zone    string        `json:"zone"` // the person's clock (IANA name) when it was learned
	Learned time.Time     `json:"learned"`
	Said    bool          `json:"said,omitempty"`
	Shown   bool          `json:"shown,omitempty"`
}

// Take is one 'taken' answer of a dose: when, and on which device (its id; "" for this device
// before it was in a household).
type Take struct {
	At     time.Time `json:"at"`
	Device string    `json:"device,omitempty"`
}

// dosesIn lists the profiles of the dose answers another device sends in ops that are new here
// (the only ones that can double a dose here), and those answers' keys. One the vault already
// holds, re-published in a snapshot of another device, is not new: it said again a dose given
// twice, or skipped and given, said long before.
func (r Replica) dosesIn(ops []household.Op, self string) ([]string, map[string]bool, error) {
	var out []string
	fresh := map[string]bool{}
	for _, o := range ops {
		if o.Kind != storage.KindDose || o.Deleted || o.Device == self || o.Profile == "" {
			continue
		}
		held, ok, err := r.V.Held(o.Kind, o.Key)
		if err != nil {
			return nil, nil, err
		}
		if ok && held.Stamp == o.Stamp && held.Device == o.Device {
			continue
		}
		fresh[o.Key] = true
		if !slices.Contains(out, o.Profile) {
			out = append(out, o.Profile)
		}
	}
	return out, fresh, nil
}

// noteTwice records, after ops were applied, each dose taken here that an answer from another
// device made taken more than once.
func (r Replica) noteTwice(ctx context.Context, ops []household.Op, profiles []string, fresh map[string]bool) error {
	if len(profiles) == 0 {
		return nil
	}
	self := r.V.Device()
	incoming := map[storage.ID]bool{}
	for _, o := range ops {
		if o.Kind == storage.KindDose && !o.Deleted && o.Device != self && fresh[o.Key] {
			if id, ok := storage.ParseRecordKey(o.Key); ok {
				incoming[id] = true
			}
		}
	}
	now := time.Now().UTC()
	apart := PeopleNames(r.V)
	var notes []TakenTwice
	for _, p := range profiles {
		m, err := remind.Load(ctx, r.V, remind.LoadOptions{Profile: p, Device: r.device()})
		if err != nil {
			return err
		}
		for _, med := range m.Meds {
			byOcc := map[string][]remind.Dose{}
			skips := map[string][]remind.Dose{}
			var occs []string
			for _, d := range m.Doses[med.Key()] {
				if !d.Taken && d.Occurrence != "" && d.Profile == p {
					skips[d.Occurrence] = append(skips[d.Occurrence], d)
				}
				if !d.Taken || d.Occurrence == "" || d.Profile != p {
					continue
				}
				if _, seen := byOcc[d.Occurrence]; !seen {
					occs = append(occs, d.Occurrence)
				}
				byOcc[d.Occurrence] = append(byOcc[d.Occurrence], d)
			}
			doubled := map[string]bool{} // days said by one dose answered twice
			here := func(d remind.Dose) bool { return !incoming[d.ID] && (d.Device == "" || d.Device == self) }
			for _, occ := range occs {
				ds := byOcc[occ]
				all := append(slices.Clone(ds), skips[occ]...)
				// One answer came in now, another was given here (a device that just joined
				// is not told every dose its household ever doubled: Today says them); or it
				// was given on one device and skipped on another (F327).
				twice := len(ds) >= 2 && slices.ContainsFunc(ds, func(d remind.Dose) bool { return incoming[d.ID] }) && slices.ContainsFunc(ds, here)
				mixed := len(skips[occ]) > 0 && slices.ContainsFunc(all, func(d remind.Dose) bool { return incoming[d.ID] }) && slices.ContainsFunc(all, here)
				if !twice && !mixed {
					continue
				}
				n := TakenTwice{Profile: p, Person: "the person", Medicine: med.Label(), MedKey: med.Key(), Occurrence: occ,
					Zone: m.Zone(p).Loc.String(), Learned: now}
				if per := m.Person(p); per != nil {
					n.Person = personWords(per, apart)
				}
				for _, d := range ds {
					if n.Scheduled.IsZero() {
						n.Scheduled = d.Scheduled
					}
					dev := d.Device
					if dev == self {
						dev = ""
					}
					n.Takes = append(n.Takes, Take{At: d.When.UTC(), Device: dev})
				}
				for _, d := range skips[occ] {
					dev := d.Device
					if dev == self {
						dev = ""
					}
					n.Skips = append(n.Skips, Take{At: d.When.UTC(), Device: dev})
				}
				slices.SortStableFunc(n.Takes, func(a, b Take) int { return a.At.Compare(b.At) })
				slices.SortStableFunc(n.Skips, func(a, b Take) int { return a.At.Compare(b.At) })
				notes = append(notes, n)
				if twice {
					doubled[dayOf(ds[0], m.Zone(p).Loc)] = true
				}
			}
			// More doses given in one day than its plan has, on two devices: the times were
			// changed between the two answers, so each answered a dose of its own (F261: a
			// once-a-day Warfarin given at 18:30 on Desk and 17:00 on Phone).
			loc := m.Zone(p).Loc
			byDay := map[string][]remind.Dose{}
			var days []string
			for _, occ := range occs {
				d := byOcc[occ][0]
				day := dayOf(d, loc)
				if _, seen := byDay[day]; !seen {
					days = append(days, day)
				}
				byDay[day] = append(byDay[day], d)
			}
			for _, day := range days {
				ds := byDay[day]
				if doubled[day] || len(ds) < 2 || !slices.ContainsFunc(ds, func(d remind.Dose) bool { return incoming[d.ID] }) ||
					!slices.ContainsFunc(ds, func(d remind.Dose) bool { return !incoming[d.ID] && (d.Device == "" || d.Device == self) }) {
					continue
				}
				start, err := time.ParseInLocation("2006-01-02", day, loc)
				if err != nil {
					continue
				}
				planned := len(m.DoseTimes(med, start, start.AddDate(0, 0, 1)))
				if planned == 0 {
					// The day's plan lost its dose to a change of time made after the new time
					// had passed (18:00 moved to 17:00 at 17:20): the plan's doses of a day are
					// the next day's. Two doses given that day were not said (the sync said
					// only "received 1, applied 1" after 17:00).
					planned = len(m.DoseTimes(med, start.AddDate(0, 0, 1), start.AddDate(0, 0, 2)))
				}
				if planned == 0 || len(ds) <= planned {
					continue
				}
				n := TakenTwice{Profile: p, Person: "the person", Medicine: med.Label(), MedKey: med.Key(), Occurrence: "day:" + day,
					Zone: loc.String(), Learned: now, Planned: planned, Day: day}
				if per := m.Person(p); per != nil {
					n.Person = personWords(per, apart)
				}
				for _, d := range ds {
					dev := d.Device
					if dev == self {
						dev = ""
					}
					n.Takes = append(n.Takes, Take{At: d.When.UTC(), Device: dev})
				}
				slices.SortStableFunc(n.Takes, func(a, b Take) int { return a.At.Compare(b.At) })
				notes = append(notes, n)
			}
			// Doses taken as needed, one given here and one that came in now, closer together
			// than the record's least time between doses (F478): neither device could know.
			if gap := med.Plan.Limit().MinGap; gap > 0 {
				for _, pair := range m.TooClosePairs(med, func(d remind.Dose) bool { return d.Profile == p }) {
					a, b := pair[0], pair[1]
					if !(incoming[a.ID] && here(b) || incoming[b.ID] && here(a)) {
						continue
					}
					n := TakenTwice{Profile: p, Person: "the person", Medicine: med.Label(), MedKey: med.Key(),
						Occurrence: "gap:" + a.ID.ID + ":" + b.ID.ID, Zone: m.Zone(p).Loc.String(), Learned: now, MinGap: gap}
					if per := m.Person(p); per != nil {
						n.Person = personWords(per, apart)
					}
					for _, d := range []remind.Dose{a, b} {
						dev := d.Device
						if dev == self {
							dev = ""
						}
						n.Takes = append(n.Takes, Take{At: d.When.UTC(), Device: dev})
					}
					notes = append(notes, n)
				}
			}
		}
	}
	if len(notes) == 0 {
		return nil
	}
	l := LoadLast(r.V)
	l.Twice = pending(l.Twice, now, twiceMarks)
	for _, n := range notes {
		// An apply tried again notes the same once; a third answer of the dose replaces the note.
		i := slices.IndexFunc(l.Twice, func(o TakenTwice) bool {
			return o.Profile == n.Profile && o.MedKey == n.MedKey && o.Occurrence == n.Occurrence
		})
		switch {
		case i < 0:
			l.Twice = append(l.Twice, n)
		case len(l.Twice[i].Takes) != len(n.Takes) || len(l.Twice[i].Skips) != len(n.Skips):
			l.Twice[i] = n
		}
	}
	return saveLast(ctx, r.V, l)
}

// dayOf is the person's day of a dose's time (its scheduled time, else when it was given).
func dayOf(d remind.Dose, loc *time.Location) string {
	t := d.Scheduled
	if t.IsZero() {
		t = d.When
	}
	return t.In(loc).Format("2006-01-02")
}

// twiceMarks gives a TakenTwice's marks (marks).
func twiceMarks(n *TakenTwice) (time.Time, *bool, *bool) { return n.Learned, &n.Said, &n.Shown }

// TwiceWords: "Metformin 500 mg for Mum Smith was given twice: at 08:02 on this computer and at
// 08:10 on Dad's tablet (the 08:00 dose of 6 Dec 2026)" — times on the person's clock, its name
// said while it is not this computer's (names: the household's device ids to names; here: this
// computer's zone, the one its commands were given — time.Local when nil).
func TwiceWords(t TakenTwice, names map[string]string, here *time.Location) string {
	if here == nil {
		here = time.Local
	}
	z := remind.Zone{Device: here}
	if loc, err := time.LoadLocation(t.Zone); t.Zone != "" && err == nil {
		z.Loc = loc
	}
	on := func(a Take) string {
		where := names[a.Device]
		switch {
		case where != "":
		case a.Device == "":
			where = "this computer"
		default:
			where = "another device of the household"
		}
		return fmt.Sprintf("at %s on %s", z.Clock(a.At), where)
	}
	var parts []string
	for _, a := range t.Takes {
		parts = append(parts, on(a))
	}
	if len(t.Skips) > 0 && len(t.Takes) > 0 && t.Planned == 0 {
		// F327: "Metformin 500 mg for Mum was skipped at 08:02 on this computer and given at
		// 08:10 on Dad's tablet (the 08:00 dose of 6 Dec 2026): it counts as given"
		var skipped []string
		for _, a := range t.Skips {
			skipped = append(skipped, on(a))
		}
		given := "given " + strings.Join(parts, " and ")
		if len(parts) > 1 {
			given = "given twice, " + strings.Join(parts, " and ")
			if len(parts) > 2 {
				given = "given " + countOf(len(parts), "time", "times") + ", " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
			}
		}
		line := fmt.Sprintf("%s for %s was skipped %s and %s", t.Medicine, t.Person, strings.Join(skipped, " and "), given)
		if !t.Scheduled.IsZero() {
			line += " (the " + z.Clock(t.Scheduled) + " dose of " + z.Date(t.Scheduled)
			if z.Differs(t.Scheduled) {
				line += "; times are " + z.Name(t.Scheduled)
			}
			line += ")"
		}
		return line + ": it counts as given"
	}
	if t.MinGap > 0 && len(t.Takes) == 2 {
		// F478: "Children's ibuprofen 100 mg/5 mL for Sofia was given at 16:00 on Maria's laptop
		// and at 17:30 on Kenji's tablet, 1 hour 30 minutes apart: this medicine says at least 6
		// hours between doses"
		line := fmt.Sprintf("%s for %s was given %s and %s, %s", t.Medicine, t.Person,
			parts[0], parts[1], remind.TooCloseApart(t.Takes[1].At.Sub(t.Takes[0].At), t.MinGap))
		if z.Differs(t.Takes[0].At) {
			line += " (times are " + z.Name(t.Takes[0].At) + ")"
		}
		return line
	}
	times := "twice"
	if len(parts) > 2 {
		times = countOf(len(parts), "time", "times")
	}
	and := strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	if t.Planned > 0 { // different doses of one day, more than its plan has
		ref := t.Takes[0].At
		loc := here
		if z.Loc != nil {
			loc = z.Loc
		}
		if day, err := time.ParseInLocation("2006-01-02", t.Day, loc); err == nil {
			ref = day.Add(12 * time.Hour)
		}
		line := fmt.Sprintf("%s for %s was given %s on %s, when %s a day is planned: %s", t.Medicine, t.Person,
			times, z.Date(ref), countOf(t.Planned, "dose", "doses"), and)
		if z.Differs(ref) {
			line += " (times are " + z.Name(ref) + ")"
		}
		return line
	}
	line := fmt.Sprintf("%s for %s was given %s: %s", t.Medicine, t.Person, times, and)
	ref := t.Scheduled
	if ref.IsZero() && len(t.Takes) > 0 {
		ref = t.Takes[0].At
	}
	var dose []string
	if !t.Scheduled.IsZero() {
		dose = append(dose, "the "+z.Clock(t.Scheduled)+" dose of "+z.Date(t.Scheduled))
	}
	if z.Differs(ref) {
		dose = append(dose, "times are "+z.Name(ref))
	}
	if len(dose) > 0 {
		line += " (" + strings.Join(dose, "; ") + ")"
	}
	return line
}

// TwiceWarnings are the status's lines for the doses given twice learned within the last day,
// times on now's zone (this computer's).
func TwiceWarnings(h *household.Household, last Last, now time.Time) []string {
	names := map[string]string{}
	for _, d := range h.Devices() {
		names[d.ID] = d.Name
	}
	var out []string
	for _, t := range last.Twice {
		if now.Sub(t.Learned) < DeletedShownFor {
			out = append(out, TwiceWords(t, names, now.Location()))
		}
	}
	return out
}

// TwiceSummedFrom is how many doses answered on two devices the status says in one line
// (TwiceStatus); fewer are said each on its own.
const TwiceSummedFrom = 3

// TwiceStatus are the status's lines for the doses answered on two devices learned within the
// last day: each on its own (TwiceWarnings) when details is set or they are fewer than
// TwiceSummedFrom, else one line that counts them by medicine (13 lines, one a dose, kept for a
// day, buried everything else the status said): "13 doses were answered as given on two
// devices before they exchanged: Metformin 500 mg for Mum Smith (9) and Amlodipine 5 mg for Mum
// Smith (4); if both answers of a dose were real, it was given twice ('household status
// --details' lists each)".
func TwiceStatus(h *household.Household, last Last, now time.Time, details bool) []string {
	var recent []TakenTwice
	for _, t := range last.Twice {
		if now.Sub(t.Learned) < DeletedShownFor {
			recent = append(recent, t)
		}
	}
	if details || len(recent) < TwiceSummedFrom {
		return TwiceWarnings(h, last, now)
	}
	type group struct {
		what string
		n    int
	}
	var twice, extra, close []*group
	var skipped int
	add := func(gs []*group, what string) []*group {
		for _, g := range gs {
			if g.what == what {
				g.n++
				return gs
			}
		}
		return append(gs, &group{what, 1})
	}
	for _, t := range recent {
		what := t.Medicine + " for " + t.Person
		switch {
		case t.MinGap > 0:
			close = add(close, what)
		case t.Planned > 0:
			extra = add(extra, what)
		case len(t.Skips) > 0 && len(t.Takes) < 2:
			skipped++
		default:
			twice = add(twice, what)
		}
	}
	list := func(gs []*group) string {
		slices.SortStableFunc(gs, func(a, b *group) int { return b.n - a.n })
		var parts []string
		for i, g := range gs {
			if i == 3 {
				parts = append(parts, countOf(len(gs)-3, "other medicine", "other medicines"))
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", g.what, g.n))
		}
		return andList(parts)
	}
	total := func(gs []*group) int {
		n := 0
		for _, g := range gs {
			n += g.n
		}
		return n
	}
	var said []string
	if n := total(twice); n > 0 {
		were := "doses were"
		if n == 1 {
			were = "dose was"
		}
		said = append(said, fmt.Sprintf("%d %s answered as given on two devices before they exchanged: %s; if both answers of a dose were real, it was given twice",
			n, were, list(twice)))
	}
	if n := total(extra); n > 0 {
		said = append(said, fmt.Sprintf("on %s a medicine was given more times than its plan has, on two devices: %s", countOf(n, "day", "days"), list(extra)))
	}
	if skipped > 0 {
		said = append(said, fmt.Sprintf("%s skipped on one device and given on another: each counts as given", countOf(skipped, "dose was", "doses were")))
	}
	if n := total(close); n > 0 {
		said = append(said, fmt.Sprintf("%s taken as needed were given on two devices closer together than the record allows: %s", countOf(n, "time two doses", "times two doses"), list(close)))
	}
	line := strings.Join(said, "; ")
	return []string{strings.ToUpper(line[:1]) + line[1:] + " ('household status --details' lists each)"}
}

// TakeTwice returns the doses given twice not yet said by 'household sync' (said: true) or not
// yet shown by the app (said: false), and marks them so: each is told once by each.
func TakeTwice(ctx context.Context, v *storage.Vault, said bool) ([]TakenTwice, error) {
	return take(ctx, v, said, func(l *Last) *[]TakenTwice { return &l.Twice }, twiceMarks)
}
