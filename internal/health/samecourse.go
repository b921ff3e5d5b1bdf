package health

import (
	"encoding/json"
	"strings"
	"time"
)

// noSet resolves nothing: a medicine record's facts for SameEvent are read from the record
// alone (a Medication it references elsewhere is not looked up: a medicine named only there
// has no name here, and is one thing with no other).
var noSet = NewSet(nil, nil)

// recordFactsOf reads what SameEvent compares of a medicine record (MedicationRequest,
// MedicationStatement: one kind, "medicine"), a diagnosis (Condition), a procedure or an
// allergy: its codes and normalised names, its day on the person's clock loc (and its
// instant when it has a time of day), and for a medicine which line of the Timeline it is,
// its course's start day and its dose. ok is false for a record made by mistake, not done,
// ruled out, with no code and no name, or dated by a month or a year alone (an allergy
// excepted: SameAllergy compares what it is, and its day is the Timeline's).
func recordFactsOf(typ string, js []byte, loc *time.Location) (EventFacts, bool) {
	f := EventFacts{typ: typ}
	named := func(c *Concept) {
		f.codes = sameCodesOf(c)
		if c == nil {
			return
		}
		for _, n := range append([]string{c.Text}, codingDisplays(c)...) {
			if n := normName(n); n != "" {
				f.names = append(f.names, "name:"+n)
			}
		}
	}
	dated := ""
	switch typ {
	case "MedicationRequest", "MedicationStatement":
		// What names the medicine and its day are read here; its line, start and dose (three
		// more readings of the record) only for two of one name on one day (course.read).
		f.typ = "medicine"
		m := new(medRecord) // read once: course.read takes its line, start and dose from it
		if json.Unmarshal(js, m) != nil || m.Status == "entered-in-error" {
			return f, false
		}
		c := m.MedicationCodeableConcept
		if c == nil && m.MedicationReference != nil && !strings.HasPrefix(m.MedicationReference.Reference, "#") {
			c = &Concept{Text: m.MedicationReference.Display} // a Medication elsewhere: its name here
		}
		if c != nil {
			named(c)
			for _, cd := range c.Coding {
				if g := genericOf(cd.Display); g != "" {
					f.names = append(f.names, "name:"+g)
				}
			}
		} else {
			f.lazy = &course{js: js, m: m, typ: typ, loc: loc} // a contained Medication: its names as Medicines reads them
			f.lazy.read()
			f.codes, f.names = f.lazy.codes, f.lazy.names
		}
		if f.lazy == nil {
			f.lazy = &course{js: js, m: m, typ: typ, loc: loc}
		}
		dated = m.AuthoredOn
		if p := m.Effective; dated == "" && p != nil {
			dated = p.Start
		}
		dated = firstNonEmpty(dated, m.EffectiveDateTime, m.DateAsserted)
	case "Condition":
		var j struct {
			Code               *Concept `json:"code"`
			ClinicalStatus     *Concept `json:"clinicalStatus"`
			VerificationStatus *Concept `json:"verificationStatus"`
			OnsetDateTime      string   `json:"onsetDateTime"`
			OnsetPeriod        *Period  `json:"onsetPeriod"`
			RecordedDate       string   `json:"recordedDate"`
			AbatementDateTime  string   `json:"abatementDateTime"`
		}
		if json.Unmarshal(js, &j) != nil {
			return f, false
		}
		v := j.VerificationStatus
		switch {
		case v.Has("entered-in-error"):
			return f, false
		case v.Has("refuted"):
			f.state = "ruled out"
		case v.Has("provisional"), v.Has("differential"), v.Has("unconfirmed"):
			f.state = "not confirmed"
		}
		// current or over: a source that does not say agrees with either
		switch c := j.ClinicalStatus; {
		case c.Has("inactive"), c.Has("remission"), c.Has("resolved"):
			f.line = "over " + DayIn(j.AbatementDateTime, loc)
		case c.Has("active"), c.Has("recurrence"), c.Has("relapse"):
			f.line = "current"
		}
		named(j.Code)
		if class := conditionClassOf(j.Code); class != "" {
			f.codes = append(f.codes, "class:"+class) // SNOMED 44054006 and ICD-10-CM E11.9 (F471)
		}
		dated = j.OnsetDateTime
		if p := j.OnsetPeriod; dated == "" && p != nil {
			dated = p.Start
		}
		dated = firstNonEmpty(dated, j.RecordedDate)
	case "Procedure":
		var j struct {
			Status            string   `json:"status"`
			Code              *Concept `json:"code"`
			PerformedDateTime string   `json:"performedDateTime"`
			PerformedPeriod   *Period  `json:"performedPeriod"`
		}
		if json.Unmarshal(js, &j) != nil || j.Status == "not-done" || j.Status == "entered-in-error" {
			return f, false
		}
		f.state = j.Status
		named(j.Code)
		dated = j.PerformedDateTime
		if p := j.PerformedPeriod; dated == "" && p != nil {
			dated = p.Start
		}
	case "AllergyIntolerance":
		var j allergyJSON
		if json.Unmarshal(js, &j) != nil || j.VerificationStatus.Has("entered-in-error") || j.VerificationStatus.Has("refuted") {
			return f, false
		}
		f.raw = js
		f.day = firstNonEmpty(j.OnsetDateTime, j.RecordedDate)
		return f, true
	}
	if len(f.codes) == 0 && len(f.names) == 0 {
		return f, false
	}
	if _, ok := ParseTime(dated); !ok || len(dated) < len("2006-01-02") {
		return f, false // a month or a year is not a day: two that month may be two
	}
	f.day = DayIn(dated, loc)
	f.at, _ = timeOf(dated)
	return f, true
}

// codingDisplays are a concept's codings' displays.
func codingDisplays(c *Concept) []string {
	var out []string
	for _, cd := range c.Coding {
		out = append(out, cd.Display)
	}
	return out
}

// StartLine are the facts of the line on a course's start day (Event.Starts) of the medicine
// record whose facts f are: a course prescribed on 6 Dec to start on 23 Dec is, on 23 Dec, the
// start of the course another source dates by its start (F427).
func (f EventFacts) StartLine() EventFacts {
	f.startLine = f.typ == "medicine"
	return f
}

// course is what SameEvent compares of a medicine record beyond its name and day, read once
// when first compared: which Timeline line its record's own is ("start", "prescribed",
// "stopped", "finished"), its course's start day on the person's clock, its dose.
type course struct {
	js          []byte
	m           *medRecord // the record as recordFactsOf read it
	typ         string
	loc         *time.Location
	done, ok    bool
	line, start string
	med         *medEntry
	// end is when the record says the course ends (MedicineFacts.End; zero: open), endZoned
	// a time of day with its zone (else a date's end, the next midnight)
	end          time.Time
	endZoned     bool
	status       string
	codes, names []string
}

func (c *course) read() bool {
	if c.done {
		return c.ok
	}
	c.done = true
	if c.m == nil {
		c.m = new(medRecord)
		if json.Unmarshal(c.js, c.m) != nil {
			return false
		}
	}
	m := *c.m
	switch m.Status {
	case "stopped", "cancelled":
		c.line = "stopped"
	case "completed":
		c.line = "finished"
	default:
		c.line = "start"
		if laterStart(c.js) != "" {
			c.line = "prescribed" // its own line is on the order's day, before its start
		}
	}
	c.med = newMedEntry(noSet, &Resource{Key: Key{Type: c.typ}, JSON: c.js}, m, c.loc)
	for _, k := range c.med.keys {
		k = strings.TrimPrefix(k, "\x00") // no person: the caller compares one person's
		switch {
		case strings.HasPrefix(k, "name:"):
			c.names = append(c.names, k)
		case strings.HasPrefix(k, "ingredient:"), strings.HasPrefix(k, "record:"):
			// a brand and its generic share an ingredient, and so do two strengths: not one medicine
		default:
			sys, code, _ := strings.Cut(k, "|")
			c.codes = append(c.codes, strings.TrimSuffix(sys, "/")+"|"+code)
		}
	}
	rf := RecordFacts(c.js)
	c.start, c.end, c.endZoned, c.status = rf.StartDay(c.loc), rf.End, rf.EndZoned, m.Status
	c.ok = c.start != ""
	return c.ok
}

// lineOf is the medicine record's line, its day and instant as facts f say it (a start-day
// line is on its start day, with no time of day).
func (f EventFacts) lineOf() (line, day string, at time.Time) {
	c := f.lazy
	if f.startLine && c.line == "prescribed" {
		return "start", c.start, time.Time{}
	}
	return c.line, f.day, f.at
}

// sameRecord says two medicine records, diagnoses, procedures or allergies are one thing on the
// Timeline (Same): one medicine (a code or a normalised name shared), the same line (started,
// prescribed, stopped, finished), course start and day, and the same dose and times of day (a
// source giving no times agrees); one diagnosis or procedure (a code or a name shared) on one
// day, in the same state; one allergy (SameAllergy). Two records with a time of day each are
// one only at the same instant. Anything else is two: another medicine, day, start or dose.
func (a EventFacts) sameRecord(b EventFacts) bool {
	if a.typ == "AllergyIntolerance" {
		return a.day == b.day && SameAllergy(a.raw, b.raw)
	}
	if !shareACode(a.codes, b.codes) && !shareACode(a.names, b.names) {
		return false
	}
	if a.typ != "medicine" {
		if a.day != b.day || a.state != b.state || !a.at.IsZero() && !b.at.IsZero() && !a.at.Equal(b.at) {
			return false
		}
		return a.line == b.line || a.line == "" || b.line == ""
	}
	if !a.lazy.read() || !b.lazy.read() {
		return false
	}
	la, da, ta := a.lineOf()
	lb, db, tb := b.lineOf()
	if la != lb || da != db || !ta.IsZero() && !tb.IsZero() && !ta.Equal(tb) || a.lazy.start != b.lazy.start {
		return false
	}
	x, y := a.lazy.med, b.lazy.med
	if x.timesKey != "" && y.timesKey != "" && x.timesKey != y.timesKey {
		return false
	}
	return sameDose(x, y) || wordsCopy(x, y) || wordsCopy(y, x)
}

// wordsCopy says a is a copy of b's course in words alone (F512 item 3): a discharge letter's
// prednisone "3 tablets for 3 days, then 2 …, then 1 …" with no amount and no timing, beside the
// GP's taper of 3, 2 and 1 tablets that starts the same day. The rule, keeping F427's: a record
// that gives no dose never takes another's silently — one with no dosage at all, or whose
// words state an amount b does not give (wordsAgree), is its own row; one whose dosage is words
// alone that agree is one row with b, and the row says so (EventFacts.WordsOnly: "… (its dose
// in words only)", Where.WordsOnly), its dose being b's.
func wordsCopy(a, b *medEntry) bool {
	return a.wordsOnly && strings.TrimSpace(a.dosage) != "" && !b.wordsOnly && wordsAgree(a, b.amounts)
}

// WordsOnly says f (FactsOf) is of a medicine record whose dosage is words alone — no amount,
// rate or timing in structure (a discharge letter's taper in a sentence): a Timeline row it is
// one with says where it came from "in words only".
func (f EventFacts) WordsOnly() bool {
	return f.typ == "medicine" && f.lazy != nil && f.lazy.read() && f.lazy.med.wordsOnly && strings.TrimSpace(f.lazy.med.dosage) != ""
}

// sameDose says two medicine records give one dose, their times of day aside: the same
// structured words, or one amount written two ways with the same route and timing (F443).
func sameDose(x, y *medEntry) bool {
	return x.doseKey == y.doseKey ||
		x.amount != "" && y.amount != "" && x.howKey == y.howKey && SameAmount(x.amount, y.amount, x.name, nil)
}
