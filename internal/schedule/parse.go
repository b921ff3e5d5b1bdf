package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ErrNotMedication is returned by PlanFromResource for JSON that is not a MedicationRequest,
// MedicationStatement or MedicationDispense.
var ErrNotMedication = errors.New("schedule: not a MedicationRequest, MedicationStatement or MedicationDispense")

type fhirMed struct {
	ResourceType      string            `json:"resourceType"`
	AuthoredOn        string            `json:"authoredOn"`
	EffectiveDateTime string            `json:"effectiveDateTime"`
	EffectivePeriod   *fhirPeriod       `json:"effectivePeriod"`
	WhenHandedOver    string            `json:"whenHandedOver"`
	DosageInstruction []json.RawMessage `json:"dosageInstruction"`
	Dosage            []json.RawMessage `json:"dosage"`
	Category          json.RawMessage   `json:"category"` // a list (MedicationRequest) or one (MedicationStatement)
	Medication        json.RawMessage   `json:"medicationCodeableConcept"`
}

type fhirPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type fhirQuantity struct {
	Value *float64 `json:"value"`
	Unit  string   `json:"unit"`
	Code  string   `json:"code"`
}

type fhirDosage struct {
	Sequence                *int              `json:"sequence"`
	Text                    string            `json:"text"`
	Timing                  *fhirTiming       `json:"timing"`
	AsNeededBoolean         *bool             `json:"asNeededBoolean"`
	AsNeededCodeableConcept json.RawMessage   `json:"asNeededCodeableConcept"`
	ModifierExtension       json.RawMessage   `json:"modifierExtension"`
	DoseAndRate             []fhirDoseAndRate `json:"doseAndRate"`
	MaxDosePerPeriod        json.RawMessage   `json:"maxDosePerPeriod"`
}

type fhirDoseAndRate struct {
	DoseQuantity *fhirQuantity `json:"doseQuantity"`
	DoseRange    *fhirRange    `json:"doseRange"`
	// a rate: of a medicine that runs over hours (F551)
	RateQuantity *fhirQuantity `json:"rateQuantity"`
	RateRatio    *struct {
		Numerator   *fhirQuantity `json:"numerator"`
		Denominator *fhirQuantity `json:"denominator"`
	} `json:"rateRatio"`
	RateRange *fhirRange `json:"rateRange"`
}

type fhirRange struct {
	Low  *fhirQuantity `json:"low"`
	High *fhirQuantity `json:"high"`
}

type fhirTiming struct {
	Event             []string        `json:"event"`
	Repeat            *fhirRepeat     `json:"repeat"`
	ModifierExtension json.RawMessage `json:"modifierExtension"`
	Code              *struct {
		Coding []struct {
			System string `json:"system"`
			Code   string `json:"code"`
		} `json:"coding"`
		Text string `json:"text"`
	} `json:"code"`
}

type fhirRepeat struct {
	BoundsDuration    *fhirQuantity   `json:"boundsDuration"`
	BoundsRange       json.RawMessage `json:"boundsRange"`
	BoundsPeriod      *fhirPeriod     `json:"boundsPeriod"`
	Count             *int            `json:"count"`
	CountMax          *int            `json:"countMax"`
	Frequency         *int            `json:"frequency"`
	FrequencyMax      *int            `json:"frequencyMax"`
	Period            *float64        `json:"period"`
	PeriodMax         *float64        `json:"periodMax"`
	PeriodUnit        string          `json:"periodUnit"`
	DayOfWeek         []string        `json:"dayOfWeek"`
	TimeOfDay         []string        `json:"timeOfDay"`
	When              []string        `json:"when"`
	Offset            *int            `json:"offset"`
	ModifierExtension json.RawMessage `json:"modifierExtension"`
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

var durationUnits = map[string]string{
	"s": "s", "min": "min", "h": "h", "d": "d", "wk": "wk", "mo": "mo", "a": "a",
	"second": "s", "seconds": "s", "minute": "min", "minutes": "min", "hour": "h", "hours": "h",
	"day": "d", "days": "d", "week": "wk", "weeks": "wk", "month": "mo", "months": "mo",
	"year": "a", "years": "a",
}

// PlanFromResource reads the dosage of a MedicationRequest (dosageInstruction), a
// MedicationStatement (dosage) or a MedicationDispense (dosageInstruction). Dosages with the
// same sequence run together; a higher sequence starts when the previous one ends. Without
// bounds, the first phase starts at authoredOn / effective[x] start / whenHandedOver.
// Anything not understood gives a Plan with Unclear set (and a nil error). An error means the
// input is not JSON or not one of those resources; it never quotes the input.
func PlanFromResource(resource []byte) (Plan, error) {
	var res fhirMed
	if err := json.Unmarshal(resource, &res); err != nil {
		return Plan{}, jsonError(err)
	}
	var dosages []json.RawMessage
	var startStr string
	switch res.ResourceType {
	case "MedicationRequest":
		dosages, startStr = res.DosageInstruction, res.AuthoredOn
	case "MedicationStatement":
		dosages, startStr = res.Dosage, res.EffectiveDateTime
		if startStr == "" && res.EffectivePeriod != nil {
			startStr = res.EffectivePeriod.Start
		}
	case "MedicationDispense":
		dosages, startStr = res.DosageInstruction, res.WhenHandedOver
	default:
		return Plan{}, ErrNotMedication
	}
	plan := planOf(dosages, startStr)
	if !plan.AsNeeded && careTeamGives(res, dosages) {
		plan.Unclear = GivenByCareTeam // whatever else its timing says (F532)
	} else if rate, words := runsAtARate(res, dosages); !plan.AsNeeded && rate {
		plan.Unclear, plan.Rate = RunsAtARate, words // oxygen for 15 hours a day: no dose at 07:30 (F551)
	}
	return plan, nil
}

// planOf reads dosages, the first starting at startStr when they give no start.
func planOf(dosages []json.RawMessage, startStr string) Plan {
	if len(dosages) == 0 {
		return Plan{Unclear: reasonNoDosage}
	}
	var defStart time.Time
	if startStr != "" {
		t, err := parseFHIRTime(startStr, false)
		if err != nil {
			return Plan{Unclear: reasonBadDate}
		}
		defStart = t
	}
	plan := Plan{Phases: make([]Phase, 0, len(dosages))}
	unordered, anySeq := false, false
	for _, raw := range dosages {
		ph, seqGiven, why := parseDosage(raw)
		if why != "" {
			return Plan{Phases: plan.Phases, Unclear: why}
		}
		if !seqGiven {
			unordered = true
		}
		anySeq = anySeq || seqGiven
		plan.Phases = append(plan.Phases, ph)
	}
	if unordered && len(plan.Phases) > 1 && (anySeq || !onOwnDays(plan.Phases) && !atOwnTimes(plan.Phases)) {
		return Plan{Phases: plan.Phases, Unclear: reasonUnordered}
	}
	// The default start belongs to the first sequence group.
	minSeq := plan.Phases[0].Sequence
	for _, ph := range plan.Phases {
		minSeq = min(minSeq, ph.Sequence)
	}
	for i := range plan.Phases {
		tm := &plan.Phases[i].Timing
		if plan.Phases[i].Sequence == minSeq && tm.BoundsStart.IsZero() {
			tm.BoundsStart = defStart
			// "Every 8 hours" from authoredOn 2017-03-28T20:15: when the order was written is
			// not when a dose is taken. Its day is kept, the first dose is CareKeeper's
			// (breakfast that day, pickedStart), not 20:15 and then 04:15 at night (F188).
			if ru, why := tm.rule(DefaultRoutine()); why == "" && ru.kind == rkInterval && !ru.anchored && !defStart.IsZero() && !IsFloating(defStart) {
				y, m, d := defStart.Date()
				tm.BoundsStart = time.Date(y, m, d, 0, 0, 0, 0, Floating)
			}
		}
	}
	allPRN := true
	for _, ph := range plan.Phases {
		allPRN = allPRN && ph.AsNeeded
	}
	if allPRN {
		plan.AsNeeded = true
		return plan
	}
	plan.Unclear = problemOf(plan.Phases)
	return plan
}

// onOwnDays says dosages given without a sequence hold together, each on days of the week of
// its own: warfarin's 3 mg on Mon, Wed and Fri and 2 mg on the other days, both at 17:00, as GP
// systems write a weekday dose — no day is in two of them, so none can come first. Margaret's
// warfarin reminded of nothing: "several dosages without an order" (F519).
func onOwnDays(phases []Phase) bool {
	var seen uint8
	for _, ph := range phases {
		if ph.AsNeeded || len(ph.Timing.DayOfWeek) == 0 {
			return false
		}
		for _, d := range ph.Timing.DayOfWeek {
			if seen&(1<<d) != 0 {
				return false
			}
			seen |= 1 << d
		}
	}
	return true
}

// atOwnTimes says dosages given without a sequence hold together, each at times of day of its
// own, every day: a mealtime insulin's 4 units at 07:30, 6 at 13:30 and 6 at 18:30, each
// dosage with its own time and amount, as Polish e-prescriptions and most GP systems write a
// meal-time regimen — no time is in two of them, so none comes first. Zofia's NovoRapid
// reminded of nothing: "several dosages without saying which comes first" (F548).
func atOwnTimes(phases []Phase) bool {
	seen := map[Clock]bool{}
	for _, ph := range phases {
		tm := ph.Timing
		if ph.AsNeeded || len(tm.TimeOfDay) == 0 || len(tm.DayOfWeek) > 0 || len(tm.When) > 0 {
			return false
		}
		for _, t := range tm.TimeOfDay {
			if seen[t] {
				return false
			}
			seen[t] = true
		}
	}
	return true
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("schedule: resource is not valid JSON (at byte %d)", se.Offset)
	case errors.As(err, &te):
		return fmt.Errorf("schedule: resource field %q has an unexpected type", te.Field)
	}
	return errors.New("schedule: resource is not valid JSON")
}

// parseDosage reads one Dosage; why is non-empty when it cannot be understood.
func parseDosage(raw json.RawMessage) (ph Phase, seqGiven bool, why string) {
	var d fhirDosage
	if err := json.Unmarshal(raw, &d); err != nil {
		return ph, false, reasonFieldType
	}
	if present(d.ModifierExtension) {
		return ph, false, reasonModifier
	}
	if d.Sequence != nil {
		ph.Sequence, seqGiven = *d.Sequence, true
	}
	ph.Text = d.Text
	ph.AsNeeded = (d.AsNeededBoolean != nil && *d.AsNeededBoolean) || present(d.AsNeededCodeableConcept)
	ph.For = reasonWords(d.AsNeededCodeableConcept)
	ph.Dose = doseString(d.DoseAndRate)
	var maxPer time.Duration
	ph.MaxDoses, maxPer, ph.MaxAmount, ph.MaxInDoseUnit = maxDosesOrAmount(d.MaxDosePerPeriod, d.DoseAndRate)
	ph.MaxPer = maxPer
	if d.Timing == nil {
		if ph.AsNeeded {
			return ph, seqGiven, ""
		}
		return ph, seqGiven, reasonNoTiming
	}
	tm, why := parseTiming(d.Timing)
	ph.Timing = tm
	if ph.AsNeeded {
		why = "" // as-needed: no reminders, whatever the timing says
	}
	return ph, seqGiven, why
}

// plainReasons are the plain words of clinical terms a code's display gives as the reason for
// an as-needed medicine (a record's own text is said as written).
var plainReasons = map[string]string{
	"dyspnea": "shortness of breath", "dyspnoea": "shortness of breath", "pyrexia": "fever",
	"pruritus": "itching", "emesis": "vomiting", "cephalgia": "headache", "cephalalgia": "headache",
	"xerostomia": "dry mouth", "epistaxis": "nosebleed", "dyspepsia": "indigestion",
}

// reasonWords is an asNeededCodeableConcept in words, as a person reads it after "as needed
// for": its text, else its first coding's display, the first letter in lower case unless the
// word is an abbreviation ("Wheezing" → "wheezing", "COPD" stays), without SNOMED's semantic
// tag ("Fever (finding)" → "fever"); "" when it gives none.
func reasonWords(raw json.RawMessage) string {
	if !present(raw) {
		return ""
	}
	var c struct {
		Text   string `json:"text"`
		Coding []struct {
			Display string `json:"display"`
		} `json:"coding"`
	}
	if json.Unmarshal(raw, &c) != nil {
		return ""
	}
	w := strings.Join(strings.Fields(c.Text), " ")
	fromCode := false
	for _, cd := range c.Coding {
		if w == "" {
			w, fromCode = strings.Join(strings.Fields(cd.Display), " "), true
		}
	}
	for _, tag := range []string{" (finding)", " (disorder)", " (symptom)", " (situation)", " (observable entity)"} {
		w = strings.TrimSuffix(w, tag) // SNOMED's semantic tag: "Fever (finding)" is "fever"
	}
	if p := plainReasons[strings.ToLower(w)]; fromCode && p != "" {
		// a code's display in a clinician's word: "as needed for dyspnea" (F512)
		w = p
	}
	ws := strings.Fields(w)
	for i, x := range ws {
		// "Restless Legs" is "restless legs"; an abbreviation ("COPD") stays.
		if r := []rune(x); len(r) > 1 && unicode.IsUpper(r[0]) && strings.ToLower(string(r[1:])) == string(r[1:]) {
			r[0] = unicode.ToLower(r[0])
			ws[i] = string(r)
		}
	}
	return strings.Join(ws, " ")
}

// AsNeededWords says an as-needed dosage (one FHIR Dosage) as Describe says an as-needed plan:
// "as needed for wheezing, at least 6 hours apart"; "" for a dosage not taken as needed, or
// one that cannot be read (F360: one wording on every screen).
func AsNeededWords(dosage json.RawMessage) string {
	ph, _, _ := parseDosage(dosage)
	if !ph.AsNeeded {
		return ""
	}
	return Plan{Phases: []Phase{ph}, AsNeeded: true}.asNeededWords()
}

func present(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null")) && !bytes.Equal(raw, []byte("[]"))
}

func parseTiming(ft *fhirTiming) (Timing, string) {
	var t Timing
	if present(ft.ModifierExtension) {
		return t, reasonModifier
	}
	for _, e := range ft.Event {
		at, err := parseFHIRTime(e, false)
		if err != nil {
			return t, reasonBadDate
		}
		t.Events = append(t.Events, at)
	}
	if t.Events = uniqueInstants(t.Events); len(t.Events) > maxEvents {
		return t, reasonManyEvents
	}
	if ft.Code != nil {
		for _, c := range ft.Code.Coding {
			if c.System == "" || strings.HasSuffix(c.System, "v3-GTSAbbreviation") || strings.HasSuffix(c.System, "v3/GTSAbbreviation") {
				t.Code = c.Code
				break
			}
		}
		if t.Code == "" {
			t.Code = "?" // a code we cannot read: Unclear unless the repeat says it all
		}
	}
	rp := ft.Repeat
	if rp == nil {
		if t.Code == "" && len(t.Events) == 0 {
			return t, reasonNoTiming
		}
		return t, ""
	}
	if present(rp.ModifierExtension) {
		return t, reasonModifier
	}
	if present(rp.BoundsRange) {
		return t, reasonBoundsRange
	}
	if rp.BoundsPeriod != nil {
		var err error
		if t.BoundsStart, err = parseFHIRTime(rp.BoundsPeriod.Start, false); err != nil {
			return t, reasonBadDate
		}
		if t.BoundsEnd, err = parseFHIRTime(rp.BoundsPeriod.End, true); err != nil {
			return t, reasonBadDate
		}
	}
	if q := rp.BoundsDuration; q != nil {
		u := durationUnits[cmpOr(q.Code, q.Unit)]
		if q.Value == nil || u == "" {
			return t, reasonDuration
		}
		t.BoundsDuration, t.BoundsDurationUnit = *q.Value, u
	}
	t.Count = deref(rp.Count)
	t.CountMax = deref(rp.CountMax)
	t.Frequency = deref(rp.Frequency)
	t.FrequencyMax = deref(rp.FrequencyMax)
	if rp.Period != nil {
		t.Period = *rp.Period
	}
	if rp.PeriodMax != nil {
		t.PeriodMax = *rp.PeriodMax
	}
	t.PeriodUnit = rp.PeriodUnit
	for _, d := range rp.DayOfWeek {
		wd, ok := weekdays[d]
		if !ok {
			return t, reasonBadWeekday
		}
		t.DayOfWeek = append(t.DayOfWeek, wd)
	}
	for _, s := range rp.TimeOfDay {
		c, err := ParseClock(s)
		if err != nil {
			return t, reasonBadClock
		}
		t.TimeOfDay = append(t.TimeOfDay, c)
	}
	t.When = rp.When
	t.Offset = deref(rp.Offset)
	return t, ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func doseString(dr []fhirDoseAndRate) string {
	for _, d := range dr {
		if q := d.DoseQuantity; q != nil && q.Value != nil {
			return strings.TrimSpace(num(*q.Value) + " " + doseUnitOf(q))
		}
		if r := d.DoseRange; r != nil && r.Low != nil && r.High != nil && r.Low.Value != nil && r.High.Value != nil {
			return strings.TrimSpace(num(*r.Low.Value) + "–" + num(*r.High.Value) + " " + doseUnitOf(r.High))
		}
	}
	return ""
}

// doseUnitOf is the unit a dose is kept in: as the record writes it, unless that is a word
// CareKeeper does not know and the UCUM code beside it is one of its own ("[iU]", "[drp]",
// "{tbl}"): Zofia's "8 j." and Stanisław's "20 kropli" (units and drops in Polish) were said in
// the record's Polish on Today while Medicines, reading the code, said "8 units" and "20 drops"
// (F557 item 1). Every language's abbreviation reads alike so.
func doseUnitOf(q *fhirQuantity) string {
	if q.Unit == "" || q.Code == "" || q.Unit == q.Code || !strings.ContainsAny(q.Code[:1], "[{") {
		return cmpOr(q.Unit, q.Code)
	}
	switch u := DoseUnit("1 " + q.Unit); {
	case countedForm(u), u == "mg", u == "g", u == "mcg", u == "ml", u == "ms", u == "dose":
		return q.Unit
	}
	return q.Code
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// parseFHIRTime reads a FHIR date or dateTime. Dates, partial dates and dateTimes without an
// offset are Floating. For an end (isEnd), the result is exclusive: a date's next day, a
// dateTime plus one second (FHIR period ends are inclusive).
func parseFHIRTime(s string, isEnd bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	bad := errors.New("schedule: bad date")
	switch len(s) {
	case 4, 7, 10:
		layout := "2006-01-02"[:len(s)]
		t, err := time.ParseInLocation(layout, s, Floating)
		if err != nil {
			return time.Time{}, bad
		}
		if isEnd {
			switch len(s) {
			case 4:
				t = t.AddDate(1, 0, 0)
			case 7:
				t = t.AddDate(0, 1, 0)
			default:
				t = t.AddDate(0, 0, 1)
			}
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.ParseInLocation(floatingLayout, s, Floating)
		if err != nil {
			return time.Time{}, bad
		}
	}
	if isEnd {
		t = t.Add(time.Second)
	}
	return t, nil
}

// maxEvents caps timing.event: more explicit dates than this are not a dosing schedule.
const maxEvents = 10_000

// uniqueInstants drops repeated instants, keeping the first of each in order: the same
// dateTime written twice, or with two UTC offsets, is one dose. (Floating times are
// compared by their clock readings.)
func uniqueInstants(ts []time.Time) []time.Time {
	if len(ts) < 2 {
		return ts
	}
	type key struct {
		at       time.Time
		floating bool
	}
	seen := make(map[key]bool, len(ts))
	out := ts[:0]
	for _, t := range ts {
		k := key{t.UTC(), IsFloating(t)}
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}
