package health

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// MedState is where a medicine stands for the person, as the screen and the CLI say it.
type MedState string

// The medicine states.
const (
	// MedTaking: active, not ended, and recent or confirmed by the person. Only these get
	// reminders.
	MedTaking MedState = "taking"
	// MedToConfirm: the record still says active, but nothing shows it was prescribed,
	// dispensed or taken in the last StaleAfter and the person has not confirmed it.
	MedToConfirm MedState = "to-confirm"
	// MedStopped: the person said they no longer take it (the record may still say active).
	MedStopped MedState = "stopped"
	// MedPast: the records say it ended (stopped, completed, an end date passed, or the
	// person died).
	MedPast MedState = "past"
)

// StaleAfter is how long an "active" order stays current without a new prescription, a
// dispense or a logged dose: after it, the person is asked whether they still take it.
const StaleAfter = 365 * 24 * time.Hour

// Choice is what the person said about a medicine whose record is stale: still taking it
// (Taking) or not.
type Choice struct {
	Taking bool      `json:"taking"`
	At     time.Time `json:"at"`
}

// Choices are a person's choices by medicine reference ("MedicationRequest/<id>").
type Choices map[string]Choice

// MedicineFacts are what decide a medicine record's state (MedicineState).
type MedicineFacts struct {
	Status string    // MedicationRequest/MedicationStatement status
	End    time.Time // when the order or statement ends (validity, effective or bounds period end); zero: open
	// EndZoned is set when End is a time of day with its zone, whose day depends on the
	// person's clock; a date's End is the next midnight, its own day whatever the clock.
	EndZoned bool
	// Latest is the newest sign that it is current: authoredOn / dateAsserted / effective
	// start, a dispense, or a dose logged in CareKeeper. Zero: none.
	Latest time.Time
	// Own is set for a medicine the person entered in CareKeeper (always current until
	// they stop it).
	Own    bool
	Choice *Choice // what the person said, if anything
	// Start is when the record says taking it begins: the earliest start of its first
	// dosages (boundsPeriod.start), else when it was written or began (authoredOn,
	// effective start), as the reminders count from; Start is as the record gives it
	// ("2026-12-10" or a time with its zone). "": none.
	Start string
	// Written is an order's authoredOn as the record gives it: when it was written, not a
	// start (WrittenAfter).
	Written string
}

// WrittenAfter says the record's only start is the day its order was written (authoredOn, no
// start of its dosages) and that is more than a day after now: no order is written in the
// future, so its date is likely wrong, and it says nothing of when taking it starts. Stanisław's amlodipine
// "authored" 4 Jan 2035 read "to-start … starts 4 Jan 2035" and got no reminder for eight
// years (F557 item 6).
func (f MedicineFacts) WrittenAfter(now time.Time) bool {
	if f.Written == "" || f.Start != f.Written {
		return false
	}
	// more than a day ahead: a day of slack for the clocks of the record and of the person
	// (an order written this evening in Sydney is tomorrow's in UTC)
	t, ok := ParseTime(f.Written)
	return ok && t.After(now.Add(24*time.Hour))
}

// Seen moves Latest forward to t when t is newer (a dispense or a logged dose).
func (f *MedicineFacts) Seen(t time.Time) {
	if t.After(f.Latest) {
		f.Latest = t
	}
}

// MedicineState decides where a medicine stands at now for a person (death from DeathOf /
// PatientDeath): medicines end at death; an ended or stopped record is past; a choice of the
// person decides a current record; else it is being taken when recent (within StaleAfter),
// and to be confirmed when older.
func MedicineState(f MedicineFacts, death Death, now time.Time) MedState {
	if death.Deceased {
		return MedPast
	}
	if !activeStatus(f.Status) && !f.Own {
		return MedPast
	}
	if !f.End.IsZero() && f.End.Before(now) {
		return MedPast
	}
	if f.Choice != nil {
		if f.Choice.Taking {
			return MedTaking
		}
		return MedStopped
	}
	if !f.Own && f.WrittenAfter(now) {
		// dated after today: the person says whether they take it (F557 item 6)
		return MedToConfirm
	}
	if f.Own || (!f.Latest.IsZero() && now.Sub(f.Latest) <= StaleAfter) {
		return MedTaking
	}
	return MedToConfirm
}

// BeingTaken reports whether reminders may run for a medicine: MedicineState is MedTaking.
// This is the gate for dose and refill reminders.
func BeingTaken(f MedicineFacts, death Death, now time.Time) bool {
	return MedicineState(f, death, now) == MedTaking
}

// RecordFacts reads the facts of a MedicationRequest or MedicationStatement resource: its
// status, its end (dispenseRequest.validityPeriod.end, effectivePeriod.end, or the end of
// the dosages' course, dosagesEnd) and its date (authoredOn, dateAsserted,
// effective). Add dispenses and logged doses with Seen, and the person's choice.
func RecordFacts(resource []byte) MedicineFacts {
	var j struct {
		Status            string  `json:"status"`
		AuthoredOn        string  `json:"authoredOn"`
		DateAsserted      string  `json:"dateAsserted"`
		EffectiveDateTime string  `json:"effectiveDateTime"`
		EffectivePeriod   *Period `json:"effectivePeriod"`
		DispenseRequest   *struct {
			ValidityPeriod *Period `json:"validityPeriod"`
		} `json:"dispenseRequest"`
		Dosage  []courseDosage `json:"dosageInstruction"`
		DosageS []courseDosage `json:"dosage"`
		Meta    struct {
			Source string `json:"source"`
		} `json:"meta"`
	}
	if json.Unmarshal(resource, &j) != nil {
		return MedicineFacts{}
	}
	f := MedicineFacts{Status: j.Status}
	for _, s := range []string{j.AuthoredOn, j.DateAsserted, j.EffectiveDateTime} {
		if t, ok := ParseTime(s); ok {
			f.Seen(t)
		}
	}
	f.Start = recordStart(j.AuthoredOn, j.EffectivePeriod, j.EffectiveDateTime, j.Dosage, j.DosageS)
	f.Written = j.AuthoredOn
	var ends []string
	if p := j.EffectivePeriod; p != nil {
		if t, ok := ParseTime(p.Start); ok {
			f.Seen(t)
		}
		ends = append(ends, p.End)
	}
	if j.DispenseRequest != nil && j.DispenseRequest.ValidityPeriod != nil {
		ends = append(ends, j.DispenseRequest.ValidityPeriod.End)
	}
	// A course given by its length (boundsDuration: 'for 7 days') or its number of doses
	// ('5 doses') ends when that has run out, counted from its start (the bounds' start, else
	// when it was written or began): it read 'taking' weeks after, with no reminder (F220).
	for _, ds := range [][]courseDosage{j.Dosage, j.DosageS} {
		if len(ds) == 0 {
			continue
		}
		start := j.AuthoredOn
		if p := j.EffectivePeriod; start == "" && p != nil {
			start = p.Start
		}
		if start == "" {
			start = j.EffectiveDateTime
		}
		if end, zoned, ok := dosagesEnd(ds, start); ok && (f.End.IsZero() || end.After(f.End)) {
			f.End, f.EndZoned = end, zoned
		}
	}
	for _, e := range ends {
		if t, ok := ParseTime(e); ok && (f.End.IsZero() || t.After(f.End)) {
			if len(e) == 10 {
				t = t.AddDate(0, 0, 1) // a date ends at the end of that day
			}
			_, f.EndZoned = timeOf(e)
			f.End = t
		}
	}
	return f
}

// StartDay is the day (YYYY-MM-DD) of Start on the clock loc (a date is its own day
// whatever the clock); "" without a start.
func (f MedicineFacts) StartDay(loc *time.Location) string {
	t, ok := ParseTime(f.Start)
	switch {
	case !ok:
		return ""
	case len(f.Start) > 10:
		if loc == nil {
			loc = time.Local
		}
		return t.In(loc).Format("2006-01-02")
	case len(f.Start) == 10:
		return f.Start
	}
	return ""
}

// recordStart is when a medicine record says taking it begins (MedicineFacts.Start): the
// earliest boundsPeriod.start of its first dosages (a dosage without one starts when the
// record does), else authoredOn, else the effective start.
func recordStart(authored string, eff *Period, effAt string, dss ...[]courseDosage) string {
	def := authored
	if p := eff; def == "" && p != nil {
		def = p.Start
	}
	if def == "" {
		def = effAt
	}
	start, at := "", time.Time{}
	consider := func(s string) {
		if t, ok := ParseTime(s); ok && (start == "" || t.Before(at)) {
			start, at = s, t
		}
	}
	any := false
	for _, ds := range dss {
		if len(ds) == 0 {
			continue
		}
		minSeq := ds[0].seq()
		for _, d := range ds {
			minSeq = min(minSeq, d.seq())
		}
		for _, d := range ds {
			if d.seq() != minSeq {
				continue
			}
			any = true
			if b := d.Timing.Repeat.BoundsPeriod; b != nil && b.Start != "" {
				consider(b.Start)
			} else {
				consider(def)
			}
		}
	}
	if !any {
		consider(def)
	}
	return start
}

// dosagesEnd is when the dosages' course ends: dosages of one sequence run together and end
// with the last of them, a higher sequence starts where the one before ended (a taper: 4
// tablets a day for 3 days, then 2 a day for 3 days, ends after the sixth day, not the third,
// F323). Each dosage ends at its bounds' end (a date: at the end of that day) or when its
// length (boundsDuration) or number of doses (count) has run out, counted from its bounds'
// start, else from where it starts (start for the first sequence); the later of the two. ok is
// false when a step of the last sequence has no end, or no start to count from.
func dosagesEnd(ds []courseDosage, start string) (end time.Time, zoned, ok bool) {
	order := slices.Clone(ds)
	slices.SortStableFunc(order, func(a, b courseDosage) int { return cmp.Compare(a.seq(), b.seq()) })
	from, fromZoned := time.Time{}, len(start) > 10
	if t, ok := ParseTime(start); ok {
		from = t
	}
	for gi := 0; gi < len(order); {
		gj := gi
		for gj < len(order) && order[gj].seq() == order[gi].seq() {
			gj++
		}
		var groupEnd time.Time
		groupZoned := false
		for _, d := range order[gi:gj] {
			r := d.Timing.Repeat
			s, sZoned := from, fromZoned
			if b := r.BoundsPeriod; b != nil && b.Start != "" {
				if t, ok := ParseTime(b.Start); ok {
					s, sZoned = t, len(b.Start) > 10
				}
			}
			var e time.Time
			var eZoned bool
			if !s.IsZero() {
				if t, ok := r.courseEnd(s); ok {
					e, eZoned = t, sZoned
				}
			}
			if b := r.BoundsPeriod; b != nil {
				if t, ok := ParseTime(b.End); ok {
					if len(b.End) == 10 {
						t = t.AddDate(0, 0, 1) // a date ends at the end of that day
					}
					if t.After(e) {
						_, zoned := timeOf(b.End)
						e, eZoned = t, zoned
					}
				}
			}
			if e.IsZero() {
				return time.Time{}, false, false
			}
			if e.After(groupEnd) {
				groupEnd, groupZoned = e, eZoned
			}
		}
		from, fromZoned = groupEnd, groupZoned
		gi = gj
	}
	return from, fromZoned, !from.IsZero()
}

func (d courseDosage) seq() int {
	if d.Sequence == nil {
		return 0
	}
	return *d.Sequence
}

type courseDosage struct {
	Sequence *int `json:"sequence"`
	Timing   struct {
		Repeat courseRepeat `json:"repeat"`
	} `json:"timing"`
}

type courseRepeat struct {
	BoundsPeriod   *Period `json:"boundsPeriod"`
	BoundsDuration *struct {
		Value float64 `json:"value"`
		Unit  string  `json:"unit"`
		Code  string  `json:"code"`
	} `json:"boundsDuration"`
	Count      int     `json:"count"`
	Frequency  int     `json:"frequency"`
	Period     float64 `json:"period"`
	PeriodUnit string  `json:"periodUnit"`
}

// courseEnd is when a course of a length (boundsDuration) or of a number of doses (count, at
// frequency per period) started at start ends; ok false when the timing gives neither.
func (r courseRepeat) courseEnd(start time.Time) (time.Time, bool) {
	if d := r.BoundsDuration; d != nil && d.Value > 0 {
		unit := d.Code
		if unit == "" {
			unit = d.Unit
		}
		return addUnits(start, d.Value, unit)
	}
	if r.Count > 0 && r.Period > 0 {
		freq := r.Frequency
		if freq < 1 {
			freq = 1
		}
		periods := (r.Count + freq - 1) / freq
		return addUnits(start, float64(periods)*r.Period, r.PeriodUnit)
	}
	return time.Time{}, false
}

// addUnits adds n of a UCUM time unit (min, h, d, wk, mo, a; FHIR's words too) to t.
func addUnits(t time.Time, n float64, unit string) (time.Time, bool) {
	whole := n == float64(int(n))
	switch strings.ToLower(unit) {
	case "min", "minute", "minutes":
		return t.Add(time.Duration(n * float64(time.Minute))), true
	case "h", "hour", "hours":
		return t.Add(time.Duration(n * float64(time.Hour))), true
	case "d", "day", "days":
		if whole {
			return t.AddDate(0, 0, int(n)), true
		}
		return t.Add(time.Duration(n * 24 * float64(time.Hour))), true
	case "wk", "week", "weeks":
		if whole {
			return t.AddDate(0, 0, 7*int(n)), true
		}
		return t.Add(time.Duration(n * 7 * 24 * float64(time.Hour))), true
	case "mo", "month", "months":
		if whole {
			return t.AddDate(0, int(n), 0), true
		}
	case "a", "year", "years":
		if whole {
			return t.AddDate(int(n), 0, 0), true
		}
	}
	return time.Time{}, false
}

// Question is the wording of a medicine to confirm: "Still active in the record since 2008 —
// still taking it?" (since is the medicine's first date, YYYY-MM-DD or "").
func Question(since string) string {
	if len(since) >= 4 {
		return "Still active in the record since " + since[:4] + " — still taking it?"
	}
	return "Still active in the record — still taking it?"
}

// ChoicePrefix starts the state keys of medicine choices: ChoicePrefix + profile + "/" +
// path-escaped ref.
const ChoicePrefix = "health/medicine/"

// ChoiceKey is the state key of a person's choice about one medicine record.
func ChoiceKey(profile, ref string) string { return ChoicePrefix + profile + "/" + url.PathEscape(ref) }

// EncodeChoice is the state value of a choice.
func EncodeChoice(c Choice) []byte {
	b, _ := json.Marshal(c)
	return b
}

// StateScanner is the part of the vault the choices are read from (*storage.Vault has it).
type StateScanner interface {
	ScanState(ctx context.Context, prefix string, fn func(key string, value []byte) error) error
}

// LoadChoices reads a person's medicine choices (journey.SetMedicineChoice writes them).
func LoadChoices(ctx context.Context, v StateScanner, profile string) (Choices, error) {
	out := Choices{}
	pfx := ChoicePrefix + profile + "/"
	err := v.ScanState(ctx, pfx, func(k string, b []byte) error {
		ref, err := url.PathUnescape(strings.TrimPrefix(k, pfx))
		if err != nil {
			return nil
		}
		var c Choice
		if json.Unmarshal(b, &c) == nil {
			out[ref] = c
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the medicine choices: %w", err)
	}
	return out, nil
}

// For is the newest choice about any of refs (nil when none).
func (c Choices) For(refs ...string) *Choice {
	var out *Choice
	for _, r := range refs {
		if ch, ok := c[r]; ok && (out == nil || ch.At.After(out.At)) {
			ch := ch
			out = &ch
		}
	}
	return out
}
