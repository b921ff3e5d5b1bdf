package health

import (
	"math"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
)

// TextResult is a result written only as text ("4.1 mmol/L" as a valueString, as C-CDA
// documents and some labs give them) or given as a coded answer ("Negative" as a
// valueCodeableConcept: a health card's COVID-19 test, a urinalysis): shown as written, never
// turned into a chart point.
type TextResult struct {
	Profile  string
	Code     string // "system|code" ("" when the result has only a name)
	Name     string
	Text     string // the value as written; a coded answer's plain label (as Describe says it)
	T        time.Time
	DateOnly bool
	// Precision is how precisely the record dates the result ("2020-03": March 2020).
	Precision fhirjson.Precision
	Key       Key
	Flag      Flag // from the record's own interpretation (High/Low), else none
	// Answer: the value is a coded answer (valueCodeableConcept: "Negative"), not text.
	Answer bool
	// Cancelled: the test was cancelled and has no result; Text says so and why (F154).
	Cancelled bool
	// DateValue is, for a result given as a date (valueDateTime: an estimated due date), that
	// date as the record gives it ("2027-03-30"); Text says it in words ("30 Mar 2027").
	DateValue string
}

// DueDateCodes are the LOINC codes of a pregnancy's estimated due date: by any method, from
// the last menstrual period, from the ovulation date. Such a result is listed whatever its
// category (Zofia's was an exam's) — the one date of her pregnancy her records gave was on
// the Timeline only (F557 item 3).
var DueDateCodes = map[string]bool{"11778-8": true, "11779-6": true, "11780-4": true}

// IsDueDate says a result's code is a pregnancy's estimated due date (DueDateCodes).
func IsDueDate(c *Concept) bool {
	for _, cd := range c.Coding {
		if cd.System == LOINC && DueDateCodes[cd.Code] {
			return true
		}
	}
	return false
}

// Kind says in words what kind of value the result has, as the results list shows it beside
// the value: "answer" (a coded answer: "Negative") or "written as text" ("4.1 mmol/L" as a
// text value, which is never charted).
func (tr TextResult) Kind() string {
	if tr.Cancelled {
		return "test cancelled"
	}
	if tr.Answer {
		return "answer"
	}
	if tr.DateValue != "" {
		return "a date"
	}
	return "written as text"
}

// In is the result's time as shown in loc: a date-only result on its own day in every zone
// (InZone).
func (tr TextResult) In(loc *time.Location) time.Time { return InZone(tr.T, tr.DateOnly, loc) }

// DateIn is the result's date in words as precisely as the record gives it (Point.DateIn).
func (tr TextResult) DateIn(loc *time.Location) string {
	return readingDate(tr.T, tr.Precision, tr.DateOnly, loc)
}

// TextResults are the person's laboratory (or uncategorised) results whose value is text only
// or a coded answer (by its label, the words Describe gives the timeline), by person, then name, then date, newest last. Observations with a number are in Results; the
// vital signs, social history and status observations are not results.
func TextResults(s *Set) []TextResult { return readObservations(s).Text() }

// addCancelled adds a cancelled test as a result in words: "No result: Specimen
// unsatisfactory for evaluation" (its dataAbsentReason), else "No result" (F154).
func (b *ObservationReader) addCancelled(r *Resource, o *obsText, at string, t time.Time) {
	text := "No result"
	if why := strings.Join(strings.Fields(o.DataAbsentReason.Label()), " "); why != "" {
		text += ": " + why
	}
	o.ValueString, o.ValueCodeableConcept, o.ValueQuantity, o.Component = text, nil, nil, nil
	n := len(b.text)
	b.addText(r, o, at, t)
	if len(b.text) > n {
		b.text[n].Cancelled = true
		b.text[n].Flag = ""
	}
}

// addText adds a readable observation whose value is text only, if it is a result (dated
// at, t).
func (b *ObservationReader) addText(r *Resource, o *obsText, at string, t time.Time) {
	text := strings.Join(strings.Fields(o.ValueString), " ")
	answer := false
	if text == "" {
		text = strings.Join(strings.Fields(o.ValueCodeableConcept.Label()), " ")
		answer = text != ""
	}
	var date string
	if vd := strings.TrimSpace(o.ValueDateTime); text == "" && vd != "" {
		// a result given as a date: "30 Mar 2027" (F557 item 3)
		text, date = DayWords(vd), vd
	}
	if text == "" || o.ValueQuantity != nil || len(o.Component) > 0 {
		return
	}
	lab := len(o.Category) == 0 || date != "" && IsDueDate(&o.Code)
	for _, c := range o.Category {
		if c.Has("laboratory") {
			lab = true
		}
	}
	if !lab {
		return
	}
	tr := TextResult{Profile: r.Profile, Name: o.Code.Label(), Text: text, T: t, DateOnly: len(at) <= len("2006-01-02"), Precision: readingPrecision(at), Key: r.Key, Answer: answer, DateValue: date}
	if len(o.Code.Coding) > 0 {
		cd := o.Code.Coding[0]
		for _, c := range o.Code.Coding {
			if c.System == LOINC {
				cd = c
				break
			}
		}
		tr.Code = cd.System + "|" + cd.Code
		if n := commonShort[cd.Code]; n != "" && cd.System == LOINC {
			tr.Name = n // "Protein in urine", not LOINC's "Protein [Presence] in Urine" (F285)
		}
	}
	if tr.Name == "" {
		tr.Name = "Result"
	}
	tr.Flag = FlagOf(math.NaN(), Range{}, interpretationCode(o.Interpretation))
	b.text = append(b.text, tr)
}

// Text is TextResults of the observations added.
func (b *ObservationReader) Text() []TextResult {
	b.dateUndated()
	out := b.text
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Profile != b.Profile {
			return a.Profile < b.Profile
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.T.Before(b.T)
	})
	// The same result from two sources (a file and a portal) is one line: the same person,
	// code, name, time and words.
	type sig struct {
		profile, code, name, text string
		t                         int64
	}
	seen := map[sig]bool{}
	kept := out[:0]
	for _, tr := range out {
		k := sig{tr.Profile, tr.Code, tr.Name, tr.Text, tr.T.UnixNano()}
		if seen[k] {
			continue
		}
		seen[k] = true
		kept = append(kept, tr)
	}
	b.text = kept
	return kept
}
