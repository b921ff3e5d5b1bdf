package health

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A lab may give a reference range only in words, one line per age and sex (HL7's
// Observation-f004: "12-14 y Male: 4.4 - 5.2 x 10^12/L ; … ; 65-74 y Male: 4.3 - 5.3 x
// 10^12/L ; 65-74 y Female: 4.1 - 4.9 x 10^12/L"). The line that applies to the person at
// the reading's date is the range shown (Range.Text "4.3 - 5.3 x 10^12/L", Range.For "males
// aged 65–74"); when no single line can be chosen — a line CareKeeper cannot read, no birth
// date or sex where the lines need them, an age or sex no line gives, two lines that apply —
// the text is shown as the lab wrote it (F153).

// rangeLine is one line of such a text: ages [minAge, maxAge] in whole years (maxAge < 0: no
// upper bound), a sex ("" for anyone), and the range as written.
type rangeLine struct {
	minAge, maxAge int
	ages           bool // the line names ages
	sex            string
	rng            string
}

// rangeLineRE reads "65-74 y Male: …", "≥75 y Female: …", "18+ y: …", "Male: …", "Adult
// Female: …", "65-74 years, male: …".
var rangeLineRE = regexp.MustCompile(`(?i)^\s*(?:(?:(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})|(>=|≥|>|<|<=|≤)\s*(\d{1,3})|(\d{1,3})\s*\+|(\d{1,3})\s*(?:and|or)\s*(?:over|older|above))\s*(?:y|yr|yrs|year|years)(?:\s+old)?\b)?\s*,?\s*(adult\s+)?(males?|females?|men|women|m|f)?\s*[:=]\s*(\S.*?)\s*$`)

// parseRangeLines reads every line of a range in words; false when one cannot be read or none
// names an age or a sex (then there is nothing to choose by).
func parseRangeLines(text string) ([]rangeLine, bool) {
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '\n' })
	var out []rangeLine
	chooses := false
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		m := rangeLineRE.FindStringSubmatch(p)
		if m == nil {
			return nil, false
		}
		l := rangeLine{maxAge: -1, rng: strings.Join(strings.Fields(m[9]), " ")}
		atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
		switch {
		case m[1] != "":
			l.minAge, l.maxAge, l.ages = atoi(m[1]), atoi(m[2]), true
		case m[3] != "":
			n := atoi(m[4])
			switch m[3] {
			case ">=", "≥":
				l.minAge = n
			case ">":
				l.minAge = n + 1
			case "<":
				l.maxAge = n - 1
			case "<=", "≤":
				l.maxAge = n
			}
			l.ages = true
		case m[5] != "":
			l.minAge, l.ages = atoi(m[5]), true
		case m[6] != "":
			l.minAge, l.ages = atoi(m[6]), true
		case m[7] != "":
			l.minAge, l.ages = 18, true // "Adult Male"
		}
		switch strings.ToLower(m[8]) {
		case "male", "males", "men", "m":
			l.sex = "male"
		case "female", "females", "women", "f":
			l.sex = "female"
		}
		if l.maxAge >= 0 && l.maxAge < l.minAge {
			return nil, false
		}
		if l.ages || l.sex != "" {
			chooses = true
		}
		out = append(out, l)
	}
	return out, chooses && len(out) > 0
}

// ageAt is a person's age in whole years at t: the least and the most it can be (a birth
// date of a year or a month alone leaves it open); ok is false without a birth date.
func ageAt(birth string, t time.Time) (least, most int, ok bool) {
	years := func(b time.Time) int {
		n := t.Year() - b.Year()
		if t.Month() < b.Month() || t.Month() == b.Month() && t.Day() < b.Day() {
			n--
		}
		return n
	}
	switch {
	case len(birth) >= 10:
		b, err := time.Parse("2006-01-02", birth[:10])
		if err != nil {
			return 0, 0, false
		}
		n := years(b)
		return n, n, true
	case len(birth) == 7:
		b, err := time.Parse("2006-01", birth)
		if err != nil {
			return 0, 0, false
		}
		return years(b.AddDate(0, 1, -1)), years(b), true
	case len(birth) == 4:
		b, err := time.Parse("2006", birth)
		if err != nil {
			return 0, 0, false
		}
		return years(b.AddDate(1, 0, -1)), years(b), true
	}
	return 0, 0, false
}

// rangeLineFor is the one line of a range in words that applies to a person born on birth,
// of sex ("male", "female", "" unknown), at t: its range as written and who it is for in
// words ("males aged 65–74"); ok is false when no single line can be chosen.
func rangeLineFor(text, birth, sex string, t time.Time) (rng, forWhom string, ok bool) {
	lines, ok := parseRangeLines(text)
	if !ok {
		return "", "", false
	}
	least, most, known := ageAt(birth, t)
	var found *rangeLine
	for i := range lines {
		l := &lines[i]
		if l.ages {
			in := func(age int) bool { return age >= l.minAge && (l.maxAge < 0 || age <= l.maxAge) }
			switch {
			case !known || in(least) != in(most):
				return "", "", false // their age may or may not be this line's
			case !in(least):
				continue // not their age
			}
		}
		if l.sex != "" && l.sex != sex {
			if sex == "" {
				return "", "", false // the lines need a sex the records do not give
			}
			continue
		}
		if found != nil {
			return "", "", false // two lines apply
		}
		found = l
	}
	if found == nil {
		return "", "", false
	}
	who := map[string]string{"male": "males", "female": "females", "": "people"}[found.sex]
	switch {
	case !found.ages:
	case found.maxAge < 0:
		who += " aged " + strconv.Itoa(found.minAge) + " and over"
	case found.minAge == 0:
		who += " aged up to " + strconv.Itoa(found.maxAge)
	default:
		who += " aged " + strconv.Itoa(found.minAge) + "–" + strconv.Itoa(found.maxAge)
	}
	return found.rng, who, true
}

// personFacts are what the reader knows of a person to choose a range's line: their birth
// date and sex.
type personFacts struct {
	birth, sex string
	sexes      int // Patient records giving a sex: two that differ leave it unknown
}

// Sex tells the reader a person's sex as their Patient record gives it (FHIR gender: "male",
// "female"; anything else is unknown): a range given in words by sex is read for it. Two
// records that disagree leave it unknown.
func (b *ObservationReader) Sex(profile, gender string) {
	g := strings.ToLower(strings.TrimSpace(gender))
	if g != "male" && g != "female" {
		return
	}
	f := b.facts(profile)
	switch {
	case f.sexes == 0:
		f.sex = g
	case f.sex != g:
		f.sex = ""
	}
	f.sexes++
}

func (b *ObservationReader) facts(profile string) *personFacts {
	if b.people == nil {
		b.people = map[string]*personFacts{}
	}
	f := b.people[profile]
	if f == nil {
		f = &personFacts{}
		b.people[profile] = f
	}
	return f
}

// patient reads a Patient record's birth date and sex for its person (a birth date given to
// Born wins).
func (b *ObservationReader) patient(r *Resource) {
	var p struct {
		BirthDate string `json:"birthDate"`
		Gender    string `json:"gender"`
	}
	if !decode(r, &p) {
		return
	}
	if p.BirthDate != "" {
		b.Born(r.Profile, p.BirthDate)
	}
	b.Sex(r.Profile, p.Gender)
}

// rangeFor is a range read from a record, its words narrowed to the line that applies to the
// person at t (rangeLineFor) when one can be chosen.
func (b *ObservationReader) rangeFor(profile string, r Range, t time.Time) Range {
	if r.Text == "" || r.Low != nil || r.High != nil {
		return r
	}
	f := b.people[profile]
	if f == nil {
		f = &personFacts{}
	}
	if rng, who, ok := rangeLineFor(r.Text, f.birth, f.sex, t); ok {
		r.Text, r.For = rng, who
	}
	return r
}
