package health

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Allergy is an allergy or intolerance the records give, in words the app's Conditions and
// the command line say alike: "Peanut — anaphylaxis; high risk".
type Allergy struct {
	Key     Key
	Profile string
	Name    string
	// Reactions are the reactions the records name ("anaphylaxis"), each once.
	Reactions []string
	// Risk is the risk of a severe reaction in words: "high risk", "low risk", "risk not
	// assessed", "" when the records do not say.
	Risk string
	High bool // the records call the risk high: said first and marked
	// Past: the records say it is no longer there (inactive or resolved).
	Past bool
	// Unconfirmed: the records say it is suspected, not confirmed.
	Unconfirmed bool
	// Since is the day it began (or was recorded) on the person's clock, "" if not known.
	Since  string
	Origin string
}

// Line is the allergy in one line: "Peanut — anaphylaxis; high risk". Conditions, the
// Timeline's row and the visit summary say it alike (F403).
func (a Allergy) Line() string {
	if d := a.Detail(); d != "" {
		return a.Name + " — " + d
	}
	return a.Name
}

// Detail is the allergy's reactions and risk: "anaphylaxis; high risk" ("" when the records
// say neither).
func (a Allergy) Detail() string {
	var det []string
	if len(a.Reactions) > 0 {
		det = append(det, strings.Join(a.Reactions, ", "))
	}
	if a.Risk != "" {
		det = append(det, a.Risk)
	}
	return strings.Join(det, "; ")
}

// allergyJSON is what an AllergyIntolerance record says that its words need.
type allergyJSON struct {
	Code               *Concept `json:"code"`
	Criticality        string   `json:"criticality"`
	RecordedDate       string   `json:"recordedDate"`
	OnsetDateTime      string   `json:"onsetDateTime"`
	VerificationStatus *Concept `json:"verificationStatus"`
	ClinicalStatus     *Concept `json:"clinicalStatus"`
	Reaction           []struct {
		Manifestation []Concept `json:"manifestation"`
	} `json:"reaction"`
}

// reactionsAndRisk sets a's Reactions (each once, in a sentence's case) and Risk from j.
func (j *allergyJSON) reactionsAndRisk(a *Allergy) {
	for _, re := range j.Reaction {
		for _, m := range re.Manifestation {
			if l := lowerFirst(m.Label()); l != "" && !slices.Contains(a.Reactions, l) {
				a.Reactions = append(a.Reactions, l)
			}
		}
	}
	switch j.Criticality {
	case "high":
		a.Risk, a.High = "high risk", true
	case "low":
		a.Risk = "low risk"
	case "unable-to-assess":
		a.Risk = "risk not assessed"
	}
}

// AllergyDetail is an AllergyIntolerance record's reactions and risk in words (Allergy.Detail):
// "anaphylaxis; high risk"; "" when it says neither or cannot be read.
func AllergyDetail(resource []byte) string {
	var j allergyJSON
	if json.Unmarshal(resource, &j) != nil {
		return ""
	}
	var a Allergy
	j.reactionsAndRisk(&a)
	return a.Detail()
}

// Status is how sure and how current the allergy is, with since when: "Current · since 1 Jun
// 2021", "Suspected, not confirmed · since …", "Past"; "Until death" for a person who died.
func (a Allergy) Status(death Death) string {
	s := "Current"
	switch {
	case a.Past:
		s = "Past"
	case death.Deceased:
		s = "Until death"
	case a.Unconfirmed:
		s = "Suspected, not confirmed"
	}
	if a.Since != "" {
		s += " · since " + a.Since
	}
	return s
}

// noKnownAllergyCodes are the SNOMED CT codes of "no known (drug, food, environmental)
// allergy": not an allergy to list.
var noKnownAllergyCodes = []string{"716186003", "409137002", "429625007", "428607008"}

// AllergiesIn are the allergies of s on loc's clock: current ones first, those of high risk
// first among them, then by name; past ones after. Records entered in error or refuted, and
// "no known allergy", are left out. A child's peanut allergy with anaphylaxis was on no
// screen but a Timeline row (F403).
func AllergiesIn(s *Set, loc *time.Location) []Allergy {
	var out []Allergy
	var raw [][]byte // each one's record, for SameAllergy
	for _, r := range s.OfType("AllergyIntolerance") {
		if r.Deleted {
			continue
		}
		var j allergyJSON
		if !decode(r, &j) || j.VerificationStatus.Has("entered-in-error") || j.VerificationStatus.Has("refuted") {
			continue
		}
		none := false
		for _, c := range noKnownAllergyCodes {
			none = none || j.Code.Has(c)
		}
		if none {
			continue
		}
		a := Allergy{Key: r.Key, Profile: r.Profile, Name: cmp.Or(j.Code.Label(), "Unnamed allergy"), Origin: r.Origin(),
			Past:        j.ClinicalStatus.Has("inactive") || j.ClinicalStatus.Has("resolved"),
			Unconfirmed: j.VerificationStatus.Has("unconfirmed") || j.VerificationStatus.Has("provisional") || j.VerificationStatus.Has("presumed")}
		j.reactionsAndRisk(&a)
		if d := cmp.Or(j.OnsetDateTime, j.RecordedDate); d != "" {
			a.Since = DayInWords(d, loc)
		}
		merged := false
		for i := range out {
			if out[i].Profile == a.Profile && out[i].Origin != a.Origin && SameAllergy(raw[i], r.JSON) {
				out[i] = out[i].with(a)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, a)
			raw = append(raw, r.JSON)
		}
	}
	rank := func(a Allergy) int {
		switch {
		case a.Past:
			return 2
		case a.High:
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b Allergy) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)))
	})
	return out
}

// with is a merged with b, the same allergy from another source (SameAllergy): one entry naming
// b's name too when it differs ("Penicillin (also recorded as Penicillin G)"), with the reactions
// of both (F433).
func (a Allergy) with(b Allergy) Allergy {
	a.Name = AllergyNames(a.Name, b.Name)
	for _, r := range b.Reactions {
		if !slices.Contains(a.Reactions, r) {
			a.Reactions = append(a.Reactions, r)
		}
	}
	a.Since = cmp.Or(a.Since, b.Since)
	a.Unconfirmed = a.Unconfirmed && b.Unconfirmed // confirmed by either
	return a
}

// AllergyNames names one allergy two sources name differently: the shorter name (the class,
// "Penicillin") first, the other after it: "Penicillin (also recorded as Penicillin G)"; a
// alone when they are one name. a may already name others so.
func AllergyNames(a, b string) string {
	if strings.EqualFold(a, b) || strings.Contains(strings.ToLower(a), strings.ToLower(b)+")") || strings.Contains(strings.ToLower(a), "as "+strings.ToLower(b)+",") {
		return a
	}
	first, also, ok := strings.Cut(a, " (also recorded as ")
	also = strings.TrimSuffix(also, ")")
	names := []string{first, b}
	if ok {
		names = append(names, strings.Split(also, ", ")...)
	}
	slices.SortStableFunc(names, func(x, y string) int { return cmp.Compare(len(x), len(y)) })
	return names[0] + " (also recorded as " + strings.Join(names[1:], ", ") + ")"
}

// lowerFirst writes a word in lower case as it reads inside a sentence ("Anaphylaxis" →
// "anaphylaxis"), leaving a word of capitals alone ("HIV").
func lowerFirst(s string) string {
	s = strings.TrimSpace(s)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// AllergyCounts says how many allergies there are: "1 allergy, of high risk", "2 allergies, 1
// of high risk, 1 past", "" for none.
func AllergyCounts(as []Allergy) string {
	cur, past, high := 0, 0, 0
	for _, a := range as {
		switch {
		case a.Past:
			past++
		case a.High:
			high++
			cur++
		default:
			cur++
		}
	}
	if cur+past == 0 {
		return ""
	}
	s := fmt.Sprintf("%d allergies", cur)
	if cur == 1 {
		s = "1 allergy"
	}
	switch {
	case high == 1 && cur == 1:
		s += ", of high risk"
	case high > 0:
		s += fmt.Sprintf(", %d of high risk", high)
	}
	if past > 0 {
		s += fmt.Sprintf(", %d past", past)
	}
	return s
}
