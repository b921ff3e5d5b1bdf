package schedule

import (
	"encoding/json"
	"errors"
	"time"
)

// Floating is the location of dates and times that carry no UTC offset: a FHIR date
// ("2026-03-01"), a dateTime without an offset, or a date the person typed. Their clock
// readings are wall-clock times in whatever zone is passed to Occurrences. Create them with
// time.Date(y, m, d, h, min, 0, 0, schedule.Floating).
var Floating = time.FixedZone("floating", 0)

// IsFloating reports whether t is a wall-clock time without a zone (see Floating).
func IsFloating(t time.Time) bool { return t.Location() == Floating }

// Timing is FHIR R4 Timing as far as reminders need it.
type Timing struct {
	// Events are timing.event: instants, or Floating wall-clock times. With no repeat they are
	// the doses; a single event with an "every N hours" repeat is its first dose.
	Events []time.Time `json:"-"`
	// Code is timing.code (v3 GTSAbbreviation): QD BID TID QID QOD AM PM BED Q1H Q2H Q3H Q4H
	// Q6H Q8H WK MO. Used when the repeat gives no frequency, period or times.
	Code                    string         `json:"code,omitempty"`
	Frequency, FrequencyMax int            `json:"-"`
	Period, PeriodMax       float64        `json:"-"`
	PeriodUnit              string         `json:"periodUnit,omitempty"` // s min h d wk mo a
	TimeOfDay               []Clock        `json:"timeOfDay,omitempty"`
	DayOfWeek               []time.Weekday `json:"dayOfWeek,omitempty"`
	When                    []string       `json:"when,omitempty"`   // EventTiming codes
	Offset                  int            `json:"offset,omitempty"` // minutes, with When (before the event for AC*)
	// BoundsStart is boundsPeriod.start, or when there are no bounds the resource's authoredOn
	// (MedicationRequest), effective[x] start (MedicationStatement) or whenHandedOver
	// (MedicationDispense). Zero on a later phase: it starts where the previous phase ends.
	BoundsStart time.Time `json:"-"`
	// BoundsEnd is exclusive: the first instant after the schedule (a FHIR end date
	// "2026-03-10" becomes Floating 2026-03-11T00:00; an end dateTime gets one second added,
	// FHIR ends being inclusive).
	BoundsEnd time.Time `json:"-"`
	// BoundsDuration/BoundsDurationUnit are boundsDuration (unit s min h d wk mo a), resolved
	// against the phase's start by Occurrences and Span (a taper phase's start is only known
	// there).
	BoundsDuration     float64 `json:"boundsDuration,omitempty"`
	BoundsDurationUnit string  `json:"boundsDurationUnit,omitempty"`
	Count, CountMax    int     `json:"-"`
}

// timingJSON carries the fields whose JSON form is custom (times keep Floating, numbers omit
// zero).
type timingJSON struct {
	Events       []string `json:"events,omitempty"`
	Frequency    int      `json:"frequency,omitempty"`
	FrequencyMax int      `json:"frequencyMax,omitempty"`
	Period       float64  `json:"period,omitempty"`
	PeriodMax    float64  `json:"periodMax,omitempty"`
	BoundsStart  string   `json:"boundsStart,omitempty"`
	BoundsEnd    string   `json:"boundsEnd,omitempty"`
	Count        int      `json:"count,omitempty"`
	CountMax     int      `json:"countMax,omitempty"`
}

const floatingLayout = "2006-01-02T15:04:05.999999999"

func fmtTime(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case IsFloating(t):
		return t.Format(floatingLayout)
	default:
		return t.Format(time.RFC3339Nano)
	}
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation(floatingLayout, s, Floating)
	if err != nil {
		return time.Time{}, errors.New("schedule: bad time in stored plan")
	}
	return t, nil
}

// MarshalJSON keeps Floating times floating ("2026-03-01T00:00:00", no offset).
func (t Timing) MarshalJSON() ([]byte, error) {
	type plain Timing
	aux := struct {
		plain
		timingJSON
	}{plain: plain(t)}
	j := &aux.timingJSON
	for _, e := range t.Events {
		j.Events = append(j.Events, fmtTime(e))
	}
	j.Frequency, j.FrequencyMax, j.Period, j.PeriodMax = t.Frequency, t.FrequencyMax, t.Period, t.PeriodMax
	j.BoundsStart, j.BoundsEnd = fmtTime(t.BoundsStart), fmtTime(t.BoundsEnd)
	j.Count, j.CountMax = t.Count, t.CountMax
	return json.Marshal(aux)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *Timing) UnmarshalJSON(b []byte) error {
	type plain Timing
	var aux struct {
		plain
		timingJSON
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*t = Timing(aux.plain)
	j := aux.timingJSON
	t.Events = nil
	for _, s := range j.Events {
		e, err := parseTime(s)
		if err != nil {
			return err
		}
		t.Events = append(t.Events, e)
	}
	var err error
	if t.BoundsStart, err = parseTime(j.BoundsStart); err != nil {
		return err
	}
	if t.BoundsEnd, err = parseTime(j.BoundsEnd); err != nil {
		return err
	}
	t.Frequency, t.FrequencyMax, t.Period, t.PeriodMax = j.Frequency, j.FrequencyMax, j.Period, j.PeriodMax
	t.Count, t.CountMax = j.Count, j.CountMax
	return nil
}

// Phase is one step of a medicine's plan (Dosage entries sharing a sequence run together).
type Phase struct {
	Sequence int    `json:"sequence,omitempty"`
	Text     string `json:"text,omitempty"` // Dosage.text
	Dose     string `json:"dose,omitempty"` // e.g. "500 mg", "1–2 TAB" (doseAndRate)
	Timing   Timing `json:"timing"`
	AsNeeded bool   `json:"asNeeded,omitempty"`
	// For is what an as-needed dose is for, in words (asNeededCodeableConcept: "wheezing");
	// "" when the record does not say.
	For string `json:"for,omitempty"`
	// MaxDoses in MaxPer is the most the record allows (maxDosePerPeriod, in doses of Dose;
	// zero: not said). See Plan.Limit.
	MaxDoses int           `json:"maxDoses,omitempty"`
	MaxPer   time.Duration `json:"maxPer,omitempty"`
	// MaxAmount (in MaxPer) is maxDosePerPeriod as written when it is not counted in doses:
	// "8 tablets" with a dose of 1–2 tablets (F367). See Plan.Limit.
	MaxAmount string `json:"maxAmount,omitempty"`
	// MaxInDoseUnit is, beside MaxDoses, the most as the record writes it in Dose's own unit
	// (8 for at most 8 puffs a day of 2-puff doses): what the amounts logged are summed against,
	// a dose of 4 puffs being two of the record's (F538).
	MaxInDoseUnit float64 `json:"maxInDoseUnit,omitempty"`
}

// Plan is how a medicine is taken: from a record's dosageInstruction, or set by the person.
// It round-trips through encoding/json so overrides can be stored.
type Plan struct {
	Phases   []Phase `json:"phases,omitempty"`
	AsNeeded bool    `json:"asNeeded,omitempty"` // nothing but as-needed: no reminders, loggable
	// Unclear, when non-empty, says why the plan cannot be turned into times ("set the times
	// yourself"). It never holds health data.
	Unclear string `json:"unclear,omitempty"`
	// Rate is, of a plan that runs at a rate (Unclear RunsAtARate), the rate as its record
	// gives it, with how long it runs ("2 L/min, 15 hours a day"); "" when it gives none.
	Rate string `json:"rate,omitempty"`
}

// Occurrence is one due dose.
type Occurrence struct {
	At time.Time // the instant it is due, in the zone passed to Occurrences
	// Key is a stable id: the planned local wall time "2006-01-02T15:04" for clock-based
	// schedules (unchanged by DST shifts), RFC 3339 UTC for interval ("every N hours")
	// schedules and for events with an offset. Unique within one plan: when two phases fall
	// due at the same time, the later phase's key gets "#<phase index>".
	Key   string
	Phase int // index into Plan.Phases
	Dose  string
}

// Problem returns why the plan cannot be turned into times, or "" when it can. It is
// p.Unclear when set; otherwise it checks every phase (use it on plans the person edits).
func (p Plan) Problem() string {
	if p.Unclear != "" {
		return p.Unclear
	}
	if p.AsNeeded {
		return ""
	}
	if len(p.Phases) == 0 {
		return reasonNoDosage
	}
	return problemOf(p.Phases)
}

// OnlyDose is the plan's dose when all its phases give the same one ("" otherwise): what a
// plan the person sets with new times keeps of the record's ("1 tablet"), F260.
func (p Plan) OnlyDose() string {
	d := ""
	for _, ph := range p.Phases {
		switch {
		case ph.Dose == "":
		case d == "":
			d = ph.Dose
		case d != ph.Dose:
			return ""
		}
	}
	return d
}
