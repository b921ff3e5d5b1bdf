package health

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EventFacts are what SameEvent compares of one record, read once (FactsOf): the Timeline
// reads them only for records of one person, one type and one day or instant.
type EventFacts struct {
	typ   string
	codes []string  // system|code of the vaccine or the reading
	day   string    // a vaccination's day on the person's clock
	at    time.Time // a reading's instant (it has a time of day and a zone)
	value string    // a reading's value (and each component's), in one comparable string
	// a vaccination's dose number, lot and amount ("" when not given)
	dose, lot, amount string
	// Named: a vaccination whose record names its vaccine (not a code alone, as health
	// cards carry them), the one a row takes its title from.
	Named bool
	// Medicines, diagnoses, procedures and allergies (samecourse.go): names are the
	// normalised names ("name:clarithromycin 500 mg tablet"), state a diagnosis's or
	// procedure's state in words compared.
	names []string
	state string
	line  string  // a diagnosis's: current or over
	lazy  *course // a medicine's line, start and dose, read when compared
	// startLine: the facts are of a course's start-day line (Event.Starts, StartLine)
	startLine bool
	raw       []byte // an allergy's record (SameAllergy)
}

type sameEventJSON struct {
	Status string `json:"status"`
	// Observation
	EffectiveDateTime string            `json:"effectiveDateTime"`
	EffectiveInstant  string            `json:"effectiveInstant"`
	Component         []sameValueJSON   `json:"component"`
	HasMember         []json.RawMessage `json:"hasMember"`
	sameValueJSON
	// Immunization
	VaccineCode        *Concept  `json:"vaccineCode"`
	OccurrenceDateTime string    `json:"occurrenceDateTime"`
	LotNumber          string    `json:"lotNumber"`
	DoseQuantity       *Quantity `json:"doseQuantity"`
	ProtocolApplied    []struct {
		DoseNumberPositiveInt *int   `json:"doseNumberPositiveInt"`
		DoseNumberString      string `json:"doseNumberString"`
	} `json:"protocolApplied"`
}

type sameValueJSON struct {
	Code                 *Concept  `json:"code"`
	ValueQuantity        *Quantity `json:"valueQuantity"`
	ValueString          *string   `json:"valueString"`
	ValueCodeableConcept *Concept  `json:"valueCodeableConcept"`
	ValueBoolean         *bool     `json:"valueBoolean"`
	ValueInteger         *int64    `json:"valueInteger"`
	DataAbsentReason     *Concept  `json:"dataAbsentReason"`
}

// FactsOf reads what SameEvent compares of a record of type typ (its JSON js), its day on
// the person's clock loc. ok is false for a record that is one thing with no other: another
// type than Immunization or Observation, a vaccination not given or entered in error, one
// with no vaccine code or no day; a reading cancelled or entered in error, with no code,
// dated by its day alone or by a period, or with no value (a panel).
func FactsOf(typ string, js []byte, loc *time.Location) (EventFacts, bool) {
	switch typ {
	case "MedicationRequest", "MedicationStatement", "Condition", "Procedure", "AllergyIntolerance":
		return recordFactsOf(typ, js, loc)
	case "Immunization", "Observation":
	default:
		return EventFacts{}, false
	}
	var j sameEventJSON
	if json.Unmarshal(js, &j) != nil {
		return EventFacts{}, false
	}
	f := EventFacts{typ: typ}
	switch typ {
	case "Immunization":
		if j.Status == "not-done" || j.Status == "entered-in-error" {
			return f, false
		}
		f.codes = sameCodesOf(j.VaccineCode)
		if _, ok := ParseTime(j.OccurrenceDateTime); !ok || len(j.OccurrenceDateTime) < len("2006-01-02") {
			return f, false // a month or a year is not a day: two vaccinations that month may be two
		}
		f.day = DayIn(j.OccurrenceDateTime, loc)
		f.lot = strings.ToLower(strings.TrimSpace(j.LotNumber))
		if j.DoseQuantity != nil {
			f.amount = sameQuantityOf(j.DoseQuantity)
		}
		var doses []string
		for _, p := range j.ProtocolApplied {
			switch {
			case p.DoseNumberPositiveInt != nil:
				doses = append(doses, strconv.Itoa(*p.DoseNumberPositiveInt))
			case strings.TrimSpace(p.DoseNumberString) != "":
				doses = append(doses, strings.ToLower(strings.TrimSpace(p.DoseNumberString)))
			}
		}
		f.dose = strings.Join(doses, ",")
		f.Named = VaccineNamed(j.VaccineCode)
	case "Observation":
		if j.Status == "cancelled" || j.Status == "entered-in-error" {
			return f, false
		}
		f.codes = sameCodesOf(j.sameValueJSON.Code)
		raw := j.EffectiveDateTime
		if raw == "" {
			raw = j.EffectiveInstant
		}
		t, ok := timeOf(raw)
		if !ok {
			return f, false // a day alone (or a period): two readings that day may be two
		}
		f.at = t
		if len(j.HasMember) > 0 {
			return f, false
		}
		v, ok := sameValueOf(j.sameValueJSON)
		var comps []string
		for _, c := range j.Component {
			cv, ok := sameValueOf(c)
			cc := sameCodesOf(c.Code)
			if !ok || len(cc) == 0 {
				return f, false
			}
			comps = append(comps, strings.Join(cc, "+")+"="+cv)
		}
		if !ok && len(comps) == 0 {
			return f, false // no value: nothing says the two are one reading
		}
		slices.Sort(comps)
		f.value = v + "|" + strings.Join(comps, ";")
	}
	if len(f.codes) == 0 {
		return f, false
	}
	return f, true
}

// sameCodesOf are a concept's codes as system|code (a system's trailing "/" dropped).
func sameCodesOf(c *Concept) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, cd := range c.Coding {
		if code := strings.TrimSpace(cd.Code); code != "" {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cd.System), "/")+"|"+code)
		}
	}
	return out
}

// sameQuantityOf is a quantity as compared: its comparator, value and unit ("<|5|mmol/l").
func sameQuantityOf(q *Quantity) string {
	if q.Value == nil {
		return ""
	}
	return q.Comparator + "|" + strconv.FormatFloat(*q.Value, 'g', -1, 64) + "|" + strings.ToLower(strings.TrimSpace(q.UnitLabel()))
}

// sameValueOf is a reading's (or component's) value as compared; ok is false when it has none.
func sameValueOf(v sameValueJSON) (string, bool) {
	switch {
	case v.ValueQuantity != nil && v.ValueQuantity.Value != nil:
		return "q" + sameQuantityOf(v.ValueQuantity), true
	case v.ValueString != nil:
		return "s|" + strings.TrimSpace(*v.ValueString), true
	case v.ValueCodeableConcept != nil:
		cs := sameCodesOf(v.ValueCodeableConcept)
		slices.Sort(cs)
		if len(cs) == 0 {
			t := strings.ToLower(strings.TrimSpace(v.ValueCodeableConcept.Text))
			return "t|" + t, t != ""
		}
		return "c|" + strings.Join(cs, ","), true
	case v.ValueBoolean != nil:
		return "b|" + strconv.FormatBool(*v.ValueBoolean), true
	case v.ValueInteger != nil:
		return "i|" + strconv.FormatInt(*v.ValueInteger, 10), true
	}
	return "", false
}

// Same says a and b (FactsOf) are one thing (SameEvent).
func (a EventFacts) Same(b EventFacts) bool {
	if a.typ != b.typ || a.typ == "" {
		return false
	}
	switch a.typ {
	case "Observation", "Immunization":
	default:
		return a.sameRecord(b) // a medicine's course, a diagnosis, a procedure, an allergy
	}
	if !shareACode(a.codes, b.codes) {
		return false
	}
	if a.typ == "Observation" {
		return a.at.Equal(b.at) && a.value == b.value
	}
	both := func(x, y string) bool { return x == "" || y == "" || x == y }
	return a.day == b.day && both(a.dose, b.dose) && both(a.lot, b.lot) && both(a.amount, b.amount)
}

func shareACode(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// SameEvent says two records of type typ of ONE person (the caller's to know) are one thing
// the Timeline shows once: a vaccination from a health card and the GP's file, a weighing
// keyed twice (F441, F427). Two vaccinations are one when they share a vaccine code and a day
// on the person's clock loc, and neither gives a dose number, lot or amount the other gives
// otherwise. Two readings are one when they share a code and are taken at the same instant
// (both with a time of day) with the same value and unit (each component's alike). A wrong
// merge would hide a vaccination or a reading: anything else is two — a day alone, a month,
// two days, two doses, another value, a vaccination not given, a record entered in error.
func SameEvent(typ string, a, b []byte, loc *time.Location) bool {
	fa, ok := FactsOf(typ, a, loc)
	if !ok {
		return false
	}
	fb, ok := FactsOf(typ, b, loc)
	return ok && fa.Same(fb)
}

// OneThingWords say where the records of one Timeline row came from (Where.Words), each
// place once: "from a health card by vaccines.example.nhs.uk and from gp.example.nhs.uk";
// records from one place are said with how many: "entered by you (recorded twice)".
func OneThingWords(ws []Where, loc *time.Location) string {
	var out []string
	for _, w := range ws {
		if t := w.Words(loc); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	s := strings.Join(out, ", ")
	if n := len(out); n > 1 {
		s = strings.Join(out[:n-1], ", ") + " and " + out[n-1]
	}
	switch {
	case len(out) == len(ws):
	case len(ws) == 2:
		s += " (recorded twice)"
	default:
		s += " (" + strconv.Itoa(len(ws)) + " records)"
	}
	return s
}
