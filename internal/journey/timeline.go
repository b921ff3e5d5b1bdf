package journey

import (
	"context"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// TimelineRow is one line of a person's Timeline in words, as the app's Timeline says it:
// "6 Dec 2026 13:30 · Body weight: 47 kg · Result · entered by you".
type TimelineRow struct {
	Event health.Event
	Day   string // "6 Dec 2026", "March 2020", on the person's clock
	Clock string // "13:30", "" for a record dated by its day alone
	Title string // health.Describe, or "Medicine starts: …" on a course's start day
	Kind  string // "Result", "Visit", "Insurance claim"
	// Plan is what is not a thing done: "planned", "dated later today, not taken yet",
	// "booked for after the death", "dated after the death"; "" otherwise.
	Plan  string
	Where string // "entered by you", "from Riverside Clinic", "imported from a file on 3 Dec 2026"
	// Upcoming: still to come at now (the app's Timeline lists it under Upcoming).
	Upcoming bool
	// Death is the line at the person's death ("Emeka Okafor died"), between what is dated
	// after it and what came before, as the app's Timeline has it (F442); Event is the day.
	Death bool
	At    time.Time // when it happened (a day alone: its start on the person's clock)
	// Also are the other records of the one thing this row is (OneRowEach): the same
	// vaccination from a health card and the GP's file, a weighing keyed twice; Where names
	// where each came from.
	Also []health.Event
}

// TimelineOptions choose the rows of Timeline: the records dated in [From, To) (zero: open),
// Portals name the connected portals (source → name).
type TimelineOptions struct {
	From, To time.Time
	Portals  map[string]string
	// EnteredOn names the household device a record entered in CareKeeper was entered on when
	// it is not this one ("" for this device's own): hhvault.EnteredOn. nil: outside a household.
	EnteredOn func(storage.ID) string
}

// Timeline is profile's Timeline, newest first, as the app's shows it (kinds, words, where
// from, the start day of a course prescribed earlier, a reading not taken yet, what is dated
// after a death), its days and times on loc's clock: for `carekeeper timeline` (F371). A
// reading the person entered and deleted is not on it; a record its source deleted is.
func Timeline(ctx context.Context, v *storage.Vault, profile string, now time.Time, loc *time.Location, opt TimelineOptions) ([]TimelineRow, error) {
	person, err := checkProfile(v, profile)
	if err != nil {
		return nil, err
	}
	if loc == nil {
		loc = time.UTC
	}
	var events []health.Event
	q := storage.Query{Profile: profile, From: opt.From, To: opt.To}
	err = v.Timeline(ctx, q, func(e *storage.Entry) error {
		if !health.InTimeline(e.ID.Type) || (!e.Deleted.IsZero() && e.ID.Source == storage.AppSource) {
			return nil
		}
		w := health.Where{Source: e.ID.Source, File: e.File, Portal: opt.Portals[e.ID.Source]}
		if opt.EnteredOn != nil && e.ID.Source == storage.AppSource {
			w.Device = opt.EnteredOn(e.ID) // "Entered on Clare's laptop", as the app's filter (F426)
		}
		origin := w.Group()
		events = append(events, health.Event{Date: e.Date, Kind: health.KindOf(e.ID.Type), Key: health.Key{Source: e.ID.Source, Type: e.ID.Type, ID: e.ID.ID},
			Profile: e.Profile, Origin: origin, Precision: e.Precision})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, s := range StartDays(ctx, v, events) {
		if t, ok := health.ParseTime(s.Date); ok && (opt.From.IsZero() || !t.Before(opt.From)) && (opt.To.IsZero() || t.Before(opt.To)) {
			events = append(events, s)
		}
	}
	death, err := PersonDeath(ctx, v, profile, now.In(loc))
	if err != nil {
		return nil, err
	}
	// One row of one thing from two sources, or keyed twice (F441, F427): the records compared
	// are read once, here, and kept for the rows.
	read := map[health.Key]*storage.Record{}
	getRec := func(k health.Key) *storage.Record {
		if r, ok := read[k]; ok {
			return r
		}
		r, err := v.Get(storage.ID{Source: k.Source, Type: k.Type, ID: k.ID})
		if err != nil {
			r = nil
		}
		read[k] = r
		return r
	}
	// The medicine records dated before the days chosen: what a course listed again in them
	// began with (F497).
	var earlier []health.Event
	if !opt.From.IsZero() {
		for _, typ := range []string{"MedicationRequest", "MedicationStatement"} {
			err = v.Timeline(ctx, storage.Query{Profile: profile, Type: typ, To: opt.From}, func(e *storage.Entry) error {
				earlier = append(earlier, health.Event{Date: e.Date, Kind: health.KindOf(e.ID.Type), Key: health.Key{Source: e.ID.Source, Type: e.ID.Type, ID: e.ID.ID},
					Profile: e.Profile, Precision: e.Precision})
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	events, also := oneRowEach(events, earlier, func(e *health.Event) []byte {
		if r := getRec(e.Key); r != nil && r.Meta.Deleted.IsZero() {
			return r.Resource
		}
		return nil
	}, func(string) *time.Location { return loc })
	where := func(rec *storage.Record) health.Where {
		w := health.Where{Source: rec.ID.Source, File: rec.Meta.File, Imported: rec.Meta.ImportedAt, Portal: opt.Portals[rec.ID.Source]}
		if rec.Meta.Card != nil {
			w.CardIssuer, w.CardChecked = rec.Meta.Card.Issuer, rec.Meta.Card.Verified
		}
		if opt.EnteredOn != nil {
			w.Device = opt.EnteredOn(rec.ID) // not "entered by you" of another device's (F426)
		}
		return w
	}
	names, err := CourseNames(ctx, v, profile)
	if err != nil {
		return nil, err
	}
	rows := make([]TimelineRow, 0, len(events))
	for _, e := range events {
		r := TimelineRow{Event: e, Day: health.DayWords(e.Day(loc)), Clock: e.Clock(loc), Title: health.TypeName(e.Key.Type), Kind: e.KindName(), Where: e.Origin}
		if rec := getRec(e.Key); rec != nil {
			r.Title = health.DescribeAs(rec.ID.Type, rec.Resource, names[e.Key])
			ws := []health.Where{where(rec)}
			for _, o := range also[RowKey(&e)] {
				if orec := getRec(o.Key); orec != nil {
					w := where(orec)
					w.WordsOnly = WordsOnly(orec.ID.Type, orec.Resource, loc)
					ws = append(ws, w)
				}
			}
			r.Where, r.Also = health.OneThingWords(ws, loc), also[RowKey(&e)]
		}
		delete(read, e.Key)
		r.At = e.Instant(loc)
		r.Upcoming = Upcoming(e, death, now, loc)
		r.Title, r.Plan = RowWords(e, r.Title, death, now, loc)
		rows = append(rows, r)
	}
	if r, ok := deathRow(death, person.Name, loc, opt); ok {
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].At.After(rows[j].At) })
	return rows, nil
}

// deathRow is the line at a death the records date, within the days chosen: above what is dated
// after the death and below the rest (a death given as a day is at the end of that day on the
// person's clock loc, health.Death.End, as DiedBefore reads it and the app's Timeline, F465).
func deathRow(d health.Death, name string, loc *time.Location, opt TimelineOptions) (TimelineRow, bool) {
	d = d.In(loc)
	at, day := d.End(), d.Date
	if at.IsZero() {
		return TimelineRow{}, false
	}
	if !opt.From.IsZero() && at.Before(opt.From) || !opt.To.IsZero() && !at.Before(opt.To) {
		return TimelineRow{}, false
	}
	return TimelineRow{Event: health.Event{Date: day, Kind: health.KindOther, Key: health.Key{Type: "Patient"}}, Day: health.DayWords(day),
		Clock: d.Clock(), Title: name + " died", Kind: "Death", Death: true, At: at}, true // its time, as the app's line says it (F471)
}

// RowWords are what a Timeline row of e says, whose record says title (health.Describe), as of
// now on loc's clock: its title — "Medicine starts: Amoxicillin …" on the start day of a
// course prescribed earlier, or of one its record dates by a start still to come (F371,
// F427), "Medicine started: …" once begun — and what it is not yet: "planned", "booked for
// after the death", "dated after the death", and of a reading "dated later today, not taken
// yet" or "dated after today" (F352); "" otherwise. The app's Timeline and `carekeeper
// timeline` say them alike.
func RowWords(e health.Event, title string, death health.Death, now time.Time, loc *time.Location) (string, string) {
	if loc == nil {
		loc = time.UTC
	}
	if e.Starts {
		// "Medicine prescribed, to start 8 Dec 2026: Amoxicillin …" on its start day
		_, name, _ := strings.Cut(title, ": ")
		title = "Medicine started: " + name
		if e.Day(loc) > now.In(loc).Format("2006-01-02") {
			title = "Medicine starts: " + name
		}
	}
	if e.Instant(loc).After(now) && strings.HasPrefix(title, "Medicine started: ") {
		// a course whose record dates it by its start (a C-CDA's), still to come (F427)
		title = "Medicine starts: " + strings.TrimPrefix(title, "Medicine started: ")
	}
	if since := e.ListedSince(); since != "" {
		// a discharge letter's list of what she goes on taking: nothing starts (F497)
		for _, p := range []string{"Medicine started: ", "Medicine starts: "} {
			if name, ok := strings.CutPrefix(title, p); ok {
				title = "Medicine listed again: " + name + " (taken since " + health.DayWords(since) + ")"
			}
		}
	}
	if since := e.NewDoseSince(); since != "" {
		// a new prescription of a course under way, at another dose: nothing starts (F525 item 10)
		for _, p := range []string{"Medicine started: ", "Medicine starts: "} {
			if name, ok := strings.CutPrefix(title, p); ok {
				title = "New prescription: " + name + " (taken since " + health.DayWords(since) + ", at another dose)"
			}
		}
	}
	plan := ""
	if _, ok := health.ParseTime(e.Date); ok {
		// when it happens on the person's clock (a day alone from the start of that day there),
		// judged by the death on that clock: a reading at 23:30 in Los Angeles on the day of
		// death is not after it (F465)
		w := death.In(loc).PlanWords(e.Key.Type, e.Instant(loc), now)
		if (w == "" || w == "planned") && !death.Deceased {
			// still to come as Upcoming says it, on the person's clock: a record dated by its
			// day alone from the start of that day there, not at midnight UTC (in Los Angeles
			// at 19:00 on 6 Dec, a visit of 7 Dec was in the past; F371)
			w = ""
			if Upcoming(e, death, now, loc) {
				w = "planned"
			}
		}
		if w != "" && !(w == "planned" && strings.HasPrefix(title, "Cancelled: ")) {
			if w == "planned" && e.Kind == health.KindResult {
				// not planned: not taken yet, as Results says it (F352)
				w = "dated after today"
				if dayStart(e.Instant(loc).In(loc)).Equal(dayStart(now.In(loc))) {
					w = "dated later today, not taken yet"
				}
			}
			plan = w
		}
	}
	return title, plan
}

// WordsOnly says a record one Timeline row is made of besides the row's own (OneRowEach's
// also) is a medicine's that gives its dose in words alone: its Where says "(its dose in words
// only)" (health.EventFacts.WordsOnly, F512 item 3). The app's Timeline sets Where.WordsOnly
// by it as `carekeeper timeline` does.
func WordsOnly(typ string, js []byte, loc *time.Location) bool {
	f, ok := health.FactsOf(typ, js, loc)
	return ok && f.WordsOnly()
}

// CourseNames are the names of profile's medicines by record (health.CourseNames): what a
// Timeline row of a medicine record is titled with (health.DescribeAs), so that one course
// has one name on the Timeline, as on Today, Medicines and the summary — the GP's "Spiriva
// Respimat 2.5 micrograms" on 1 Sep and the discharge letter's "Tiotropium bromide …" on
// 3 Dec were one inhaler under two names (F512).
func CourseNames(ctx context.Context, v *storage.Vault, profile string) (map[health.Key]string, error) {
	s, err := readSet(ctx, v, profile, MedicineTypes)
	if err != nil {
		return nil, err
	}
	return health.CourseNames(s), nil
}

// Upcoming says a Timeline row of e is still to come at now: when it happens (Event.Instant:
// a record dated by its day alone from the start of that day on the person's clock loc) is
// after now, and the person is alive — what is dated after a death is not to come, it says
// "dated after the death". The app's Timeline lists it under Upcoming, `carekeeper timeline`
// too; before, the app went by the UTC date and the CLI by the person's (F371).
func Upcoming(e health.Event, death health.Death, now time.Time, loc *time.Location) bool {
	if loc == nil {
		loc = time.UTC
	}
	return !death.Deceased && e.Instant(loc).After(now)
}

// Words are the row in one line: "Body weight: 47 kg · Result · entered by you".
func (r TimelineRow) Words() string {
	if r.Death {
		return r.Title
	}
	w := r.Title + " · " + r.Kind
	if r.Plan != "" {
		w += " · " + r.Plan
	}
	return w + " · " + r.Where
}

// dayStart is t's day at midnight UTC (a calendar day to compare).
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// RowKey is the key of e's row in OneRowEach's also: its record's key, kept apart for a
// course's start-day line (Event.Starts) — a record's own line (prescribed on 6 Dec) and its
// start day's (23 Dec) are two rows, each with its own other records.
func RowKey(e *health.Event) health.Key {
	k := e.Key
	if e.Starts {
		k.ID += "\x00starts"
	}
	return k
}

// OneRowEach makes one event of the events that are one thing (health.SameEvent): a
// vaccination from a health card and the GP's file on one day, a weighing keyed twice (F441,
// F427), one course of a medicine from a portal and a clinic file — a FHIR order's start-day
// line and a C-CDA statement dated by its start —, one diagnosis, procedure or allergy from
// two sources (F427, F433). Only events of one person, one kind (a medicine's records being
// one kind) and one day (an instant for a reading) are compared, so get (the JSON of an
// event's record; nil: not to merge, as a record its source deleted) is called for those
// alone. The event kept is the one naming its vaccine, else a record's own line (not a start
// day's), else the one with a time of day, else the first; the others are returned by the
// kept one's RowKey, in their order. events keep their order; loc is a person's clock.
//
// A medicine record that lists again a course begun earlier, not stopped since (a discharge
// letter's list of what she goes on taking), is marked with the day that course began
// (health.ListedAgain, Event.SetListedSince): RowWords says "Medicine listed again: …" on it,
// not "Medicine started: …" (F497). Every medicine record's get is called for it.
func OneRowEach(events []health.Event, get func(*health.Event) []byte, loc func(profile string) *time.Location) ([]health.Event, map[health.Key][]health.Event) {
	return oneRowEach(events, nil, get, loc)
}

// oneRowEach is OneRowEach, the medicine records of earlier (dated before events: what a
// course listed again among events began with) read too.
func oneRowEach(events, earlier []health.Event, get func(*health.Event) []byte, loc func(profile string) *time.Location) ([]health.Event, map[health.Key][]health.Event) {
	markListedAgain(events, earlier, get, loc)
	type bucket struct{ profile, typ, when string }
	buckets := map[bucket][]int{}
	for i := range events {
		e := &events[i]
		b := bucket{e.Profile, e.Key.Type, e.Date}
		switch e.Key.Type {
		case "Observation":
		case "MedicationRequest", "MedicationStatement":
			b.typ, b.when = "medicine", e.Day(loc(e.Profile))
		case "Immunization", "Condition", "Procedure", "AllergyIntolerance":
			b.when = e.Day(loc(e.Profile))
		default:
			continue
		}
		if e.Starts && b.typ != "medicine" {
			continue
		}
		buckets[b] = append(buckets[b], i)
	}
	var drop map[int]bool
	var also map[health.Key][]health.Event
	for b, idx := range buckets {
		if len(idx) < 2 {
			continue
		}
		l := loc(b.profile)
		type fact struct {
			i int
			f health.EventFacts
		}
		var groups [][]fact
		for _, i := range idx {
			js := get(&events[i])
			if js == nil {
				continue
			}
			f, ok := health.FactsOf(events[i].Key.Type, js, l)
			if !ok {
				continue
			}
			if events[i].Starts {
				f = f.StartLine()
			}
			joined := false
			for g := range groups {
				same := true
				for _, m := range groups[g] {
					same = same && m.f.Same(f)
				}
				if same {
					groups[g] = append(groups[g], fact{i, f})
					joined = true
					break
				}
			}
			if !joined {
				groups = append(groups, []fact{{i, f}})
			}
		}
		for _, g := range groups {
			if len(g) < 2 {
				continue
			}
			keep := 0
			rank := func(x fact) int {
				r := 0
				if !x.f.WordsOnly() {
					r += 8 // the record giving the dose in structure, not a letter's words (F512)
				}
				if x.f.Named {
					r += 4
				}
				if !events[x.i].Starts {
					r += 2
				}
				if events[x.i].Day(l) != "" && events[x.i].Clock(l) != "" {
					r++
				}
				return r
			}
			for k := range g {
				if rank(g[k]) > rank(g[keep]) {
					keep = k
				}
			}
			if drop == nil {
				drop, also = map[int]bool{}, map[health.Key][]health.Event{}
			}
			kept := RowKey(&events[g[keep].i])
			for k, m := range g {
				if k != keep {
					drop[m.i] = true
					also[kept] = append(also[kept], events[m.i])
				}
			}
		}
	}
	if len(drop) == 0 {
		return events, nil
	}
	out := make([]health.Event, 0, len(events)-len(drop))
	for i, e := range events {
		if !drop[i] {
			out = append(out, e)
		}
	}
	return out, also
}

// markListedAgain marks the medicine events whose record lists again a course begun earlier
// (health.ListedAgain): its own line and its start day's (Event.Starts). earlier are more
// records compared, not marked.
func markListedAgain(events, earlier []health.Event, get func(*health.Event) []byte, loc func(profile string) *time.Location) {
	type rec struct {
		profile string
		key     health.Key
	}
	byPerson := map[string][]health.EventFacts{}
	index := map[rec]int{}
	var people []string
	for _, list := range [][]health.Event{earlier, events} {
		for i := range list {
			e := &list[i]
			if e.Key.Type != "MedicationRequest" && e.Key.Type != "MedicationStatement" || e.Starts {
				continue
			}
			r := rec{e.Profile, e.Key}
			if _, ok := index[r]; ok {
				continue
			}
			js := get(e)
			if js == nil {
				continue
			}
			f, ok := health.FactsOf(e.Key.Type, js, loc(e.Profile))
			if !ok {
				continue
			}
			if _, ok := byPerson[e.Profile]; !ok {
				people = append(people, e.Profile)
			}
			index[r] = len(byPerson[e.Profile])
			byPerson[e.Profile] = append(byPerson[e.Profile], f)
		}
	}
	days, doses := map[string][]string{}, map[string][]string{}
	for _, p := range people {
		days[p], doses[p] = health.ListedAgain(byPerson[p]), health.NewDose(byPerson[p])
	}
	for i := range events {
		if j, ok := index[rec{events[i].Profile, events[i].Key}]; ok {
			events[i].SetListedSince(days[events[i].Profile][j])
			if d := doses[events[i].Profile][j]; d != "" {
				events[i].SetNewDoseSince(d)
			}
		}
	}
}
