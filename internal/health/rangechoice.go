package health

import (
	"strconv"
	"strings"
	"time"
)

// A record may give several reference ranges, each for some people (referenceRange.age, and
// appliesTo: a sex, or another group such as "pre-menopausal"): creatinine 0.5–0.9 mg/dL for
// women aged 18–60 and 0.6–1.2 mg/dL for people of 60 and over. The range that applies to the
// person at the reading's date is the one that flags it and is shown (a woman of 66 with 1.1
// mg/dL was "High" against the first one listed, F358). When no single one can be chosen — a
// group CareKeeper cannot tell, an age or sex not known, none or two that apply — no range
// flags the reading, and the ranges are shown as written, each with whom it is for.

// rangeApplies says whether a reference range is for the person: yes, no, or not known.
type rangeApplies int

const (
	appliesUnknown rangeApplies = iota
	appliesYes
	appliesNo
)

// normalRange reports whether a range is a normal range (no type, or "normal"): a
// therapeutic or a critical range is not the one a reading is flagged by.
func (r refRange) normalRange() bool {
	if r.Type == nil || len(r.Type.Coding) == 0 && r.Type.Text == "" {
		return true
	}
	for _, c := range r.Type.Coding {
		if strings.EqualFold(c.Code, "normal") {
			return true
		}
	}
	return strings.EqualFold(strings.TrimSpace(r.Type.Text), "normal")
}

// therapeuticRange reports whether a range is typed as the target for someone on a treatment —
// INR 2–3 on warfarin: HL7 referencerange-meaning "therapeutic" (Therapeutic Desired Level) or
// "treatment" (Treatment Range), or in words "therapeutic …", "… target …", "treatment range".
// A reading outside it is flagged against it, and the range is said as a therapeutic range
// (F364; F418: a coded "treatment" range and one typed "Therapeutic target" were dropped).
func (r refRange) therapeuticRange() bool {
	if r.Type == nil {
		return false
	}
	for _, c := range r.Type.Coding {
		if strings.EqualFold(c.Code, "therapeutic") || strings.EqualFold(c.Code, "treatment") {
			return true
		}
	}
	words := strings.Fields(strings.ToLower(r.Type.Text))
	for _, w := range words {
		if w == "therapeutic" || w == "target" {
			return true
		}
	}
	return len(words) > 0 && words[0] == "treatment" && (len(words) == 1 || len(words) == 2 && words[1] == "range")
}

// chooses reports whether the range names whom it is for.
func (r refRange) chooses() bool { return r.Age != nil || len(r.AppliesTo) > 0 }

// sexOf is the sex a range's appliesTo names ("male", "female"), "" for none, and other
// true when it names some other group.
func (r refRange) sexOf() (sex string, other bool) {
	for _, c := range r.AppliesTo {
		s := ""
		for _, cd := range c.Coding {
			switch strings.ToLower(cd.Code) {
			case "248153007", "male", "m":
				s = "male"
			case "248152002", "female", "f":
				s = "female"
			}
		}
		if s == "" {
			switch strings.ToLower(strings.TrimSpace(c.Text)) {
			case "male", "males", "men", "man":
				s = "male"
			case "female", "females", "women", "woman":
				s = "female"
			}
		}
		switch {
		case s == "":
			other = true
		case sex != "" && sex != s:
			other = true // both sexes named: not one
		default:
			sex = s
		}
	}
	return sex, other
}

// ageYears is an age bound in years, and how many of its unit make a year; ok false for a
// unit of time not known.
func ageYears(q *Quantity) (v, perYear float64, ok bool) {
	if q == nil || !usable(q.Value) {
		return 0, 0, false
	}
	switch strings.ToLower(strings.Trim(firstNonEmpty(q.Code, q.Unit), "{} ")) {
	case "a", "yr", "yrs", "year", "years", "y":
		perYear = 1
	case "mo", "month", "months":
		perYear = 12
	case "wk", "week", "weeks":
		perYear = 365.25 / 7
	case "d", "day", "days":
		perYear = 365.25
	default:
		return 0, 0, false
	}
	return *q.Value / perYear, perYear, true
}

// applies says whether the range is for a person of the facts at t.
func (r refRange) applies(f *personFacts, t time.Time) rangeApplies {
	out := appliesYes
	if a := r.Age; a != nil {
		least, most, known := ageAt(f.birth, t)
		if !known {
			return appliesUnknown
		}
		// The person's age is in [least, most+1) years; the range's ages are [low, high]
		// inclusive of the whole unit of high (an age of 60 a is up to the 61st birthday).
		lo, hi := 0.0, -1.0
		if a.Low != nil {
			v, _, ok := ageYears(a.Low)
			if !ok {
				return appliesUnknown
			}
			lo = v
		}
		if a.High != nil {
			v, per, ok := ageYears(a.High)
			if !ok {
				return appliesUnknown
			}
			hi = v + 1/per
		}
		inside := lo <= float64(least) && (hi < 0 || float64(most+1) <= hi)
		outside := float64(most+1) <= lo || hi >= 0 && float64(least) >= hi
		switch {
		case outside:
			return appliesNo
		case !inside:
			return appliesUnknown
		}
	}
	sex, other := r.sexOf()
	switch {
	case other:
		return appliesUnknown
	case sex == "":
	case f.sex == "":
		return appliesUnknown
	case sex != f.sex:
		out = appliesNo
	}
	return out
}

// forWhom says whom a range is for: "females aged 18–60", "people aged 60 and over",
// "pre-menopausal".
func (r refRange) forWhom() string {
	sex, other := r.sexOf()
	var words []string
	if other {
		for _, c := range r.AppliesTo {
			if l := c.Label(); l != "" {
				words = append(words, l)
			}
		}
	}
	who := map[string]string{"male": "males", "female": "females", "": "people"}[sex]
	if a := r.Age; a != nil {
		num := func(q *Quantity) string {
			if q == nil || !usable(q.Value) {
				return ""
			}
			u := ""
			if _, per, ok := ageYears(q); ok && per != 1 {
				u = " " + Unit(firstNonEmpty(q.Code, q.Unit))
			}
			return strconv.FormatFloat(*q.Value, 'f', -1, 64) + u
		}
		lo, hi := num(a.Low), num(a.High)
		switch {
		case lo != "" && hi != "":
			who += " aged " + lo + "–" + hi
		case lo != "":
			who += " aged " + lo + " and over"
		case hi != "":
			who += " aged up to " + hi
		}
	}
	if sex != "" || r.Age != nil || len(words) == 0 {
		words = append([]string{who}, words...)
	}
	return strings.Join(words, ", ")
}

// chooseRange is the range of a record's ranges that applies to the person at t (f: their
// birth date and sex): the first normal range when none says whom it is for; a single range
// unless it is for others. When no single range can be chosen, chosen is nil and text says
// each as written, with whom it is for.
func chooseRange(rr []refRange, f *personFacts, t time.Time) (chosen []refRange, text string) {
	if len(rr) == 1 && rr[0].chooses() && rr[0].applies(f, t) == appliesNo {
		return nil, rangeWords(rr[0]) + " (" + rr[0].forWhom() + ")"
	}
	var normal []refRange
	for _, r := range rr {
		if r.normalRange() {
			normal = append(normal, r)
		}
	}
	if len(normal) == 0 && len(rr) == 1 && rr[0].therapeuticRange() && !rr[0].chooses() {
		return rr, "" // the one range is the therapeutic target: it flags (F364)
	}
	if len(normal) == 0 && len(rr) > 0 {
		// Bands of another meaning ("Severe TBI" up to 8, "Mild TBI" 13 and over, a
		// therapeutic range): none is the normal range a reading is high or low against
		// (F350: a Glasgow Coma Scale of 13 was "High" over the first band, 8). Said as the
		// record gives them.
		parts := make([]string, 0, len(rr))
		for _, r := range rr {
			p := rangeWords(r)
			if l := r.Type.Label(); l != "" {
				p += " (" + l + ")"
			}
			parts = append(parts, p)
		}
		return nil, strings.Join(parts, "; ")
	}
	if len(rr) <= 1 {
		return rr, ""
	}
	anyChooses := false
	for _, r := range normal {
		anyChooses = anyChooses || r.chooses()
	}
	if !anyChooses {
		return normal[:1], ""
	}
	found, sure := -1, true
	for i, r := range normal {
		switch r.applies(f, t) {
		case appliesUnknown:
			sure = false
		case appliesYes:
			if found >= 0 {
				sure = false
			}
			found = i
		}
	}
	if sure && found >= 0 {
		return normal[found : found+1], ""
	}
	parts := make([]string, 0, len(normal))
	for _, r := range normal {
		p := rangeWords(r)
		if w := r.forWhom(); w != "" && r.chooses() {
			p += " (" + w + ")"
		}
		parts = append(parts, p)
	}
	return nil, strings.Join(parts, "; ")
}

// targetBesideNormal is the index of the one therapeutic range of a record that gives it beside
// normal ranges, for no named group; -1 when there is none, more than one, or a band of another
// meaning.
func targetBesideNormal(rr []refRange) int {
	found := -1
	for i, r := range rr {
		switch {
		case r.normalRange():
		case r.therapeuticRange() && !r.chooses():
			if found >= 0 {
				return -1
			}
			found = i
		default:
			return -1
		}
	}
	return found
}

// withTarget is the range that judges a reading v whose record gives a therapeutic range t
// beside its normal range n (both in v's unit). Labs print both on an INR — 0.9–1.2 "not on
// anticoagulants" and 2.0–3.0 "target on warfarin" — and the record does not say which is the
// person's: a reading inside either is not flagged (Margaret's 2.4 on warfarin was "High"
// against the normal range listed first, F518), one above or below both is flagged against the
// nearer, and one between them is flagged by neither, both said in words. The record's
// interpretation still decides first (FlagOf).
func withTarget(v float64, n, t Range, words string) Range {
	inside := func(r Range) bool { return (r.Low == nil || v >= *r.Low) && (r.High == nil || v <= *r.High) }
	above := func(r Range) bool { return r.High != nil && v > *r.High }
	below := func(r Range) bool { return r.Low != nil && v < *r.Low }
	switch {
	case n.Text != "" || t.Text != "" || n.Low == nil && n.High == nil || t.Low == nil && t.High == nil:
		return n // not both in numbers: as before
	case inside(t):
		return t
	case inside(n):
		return n
	case above(t) && above(n):
		if *t.High >= *n.High {
			return t
		}
		return n
	case below(t) && below(n):
		if *t.Low <= *n.Low {
			return t
		}
		return n
	}
	return Range{Text: words}
}

// recordRange is the record's range for a reading of the value q (of result code) at t, for
// the person of profile: the one range that applies to them (chooseRange), in the value's
// unit (rangeOf), a range in words read for them (rangeFor).
func (b *ObservationReader) recordRange(profile string, rr []refRange, q *Quantity, code string, t time.Time) Range {
	f := b.people[profile]
	if f == nil {
		f = &personFacts{}
	}
	chosen, text := chooseRange(rr, f, t)
	if text != "" {
		return Range{Text: text}
	}
	r := rangeOf(chosen, q, code)
	r.Therapeutic = len(chosen) == 1 && chosen[0].therapeuticRange() && (r.Low != nil || r.High != nil)
	if i := targetBesideNormal(rr); i >= 0 && len(chosen) == 1 && chosen[0].normalRange() && q != nil && usable(q.Value) {
		tr := rangeOf(rr[i:i+1], q, code)
		tr.Therapeutic = true
		return withTarget(*q.Value, b.rangeFor(profile, r, t), tr, rangeWords(chosen[0])+" (normal range); "+rangeWords(rr[i])+" (therapeutic range)")
	}
	return b.rangeFor(profile, r, t)
}
