package remind

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"
)

// AmountCaution is DailyAmountCaution with the doses of med taken on at's day on the person's
// clock, before at, as the model holds them: what 'dose log' asks before logging (F367).
func (m *Model) AmountCaution(med *Medicine, at time.Time) string {
	if med == nil {
		return ""
	}
	z := m.Zone(med.Profile)
	n := 0
	var last time.Time
	for _, d := range m.Doses[med.Key()] {
		if !d.Taken || d.When.After(at) || !sameDay(d.When, at, z.Loc) {
			continue
		}
		n++
		if d.When.After(last) {
			last = d.When
		}
	}
	if n == 0 {
		return ""
	}
	return DailyAmountCaution(med, n, z.Clock(last))
}

// DailyAmountCaution says, before another dose of an as-needed medicine whose record limits
// the amount a day ("1–2 tablets … at most 8 tablets a day"), when the today doses logged today
// (the last at last, a clock time on the person's clock) could already come to it at their
// most: "4 doses were logged today, the last at 11:00: at up to 2 tablets each, that may be 8
// tablets already. This medicine says at most 8 tablets a day." A most by weight against doses
// in tablets or capsules is counted by the strength the medicine's name gives ("Paracetamol
// 500 mg tablet", 2 tablets a dose, at most 4 g a day): "… at up to 2 tablets (1000 mg) each,
// that may be 8 tablets (4000 mg) already. This medicine says at most 4 g a day." (F367: it was
// said, not counted). "" when one more dose at its most stays within it, or when the two
// cannot be compared (no strength, or two of them, as in "30 mg/500 mg").
func DailyAmountCaution(med *Medicine, today int, last string) string {
	if med == nil || today <= 0 {
		return ""
	}
	l := med.Plan.Limit()
	if l.MaxAmount == "" || l.AmountPer != 24*time.Hour {
		return ""
	}
	dose := ""
	for _, ph := range med.Plan.Phases {
		if ph.AsNeeded && ph.Dose != "" {
			dose = ph.Dose
			break
		}
	}
	most, mostUnit, ok1 := amountOf(l.MaxAmount, false)
	high, doseUnit, ok2 := amountOf(dose, true)
	if !ok1 && most > 0 && mostUnit == "" {
		ok1 = true // a bare most: see below
	}
	if !ok1 || !ok2 || high <= 0 {
		return ""
	}
	mostInDoses := most                        // the most in the dose's unit
	also := func(float64) string { return "" } // an amount in the most's unit, beside one in the dose's
	switch {
	case mostUnit == doseUnit:
	case mostUnit == "" && doseUnit != "ml" && massMg[doseUnit] == 0:
		// A bare most ("at most 8 a day") beside doses of several tablets: counted as tablets,
		// the smaller of its two readings, so the caution comes early rather than late (F517).
	case doseUnit == "ml" && massMg[mostUnit] > 0:
		// A liquid's mL against a most in mg, by the strength per mL its name gives
		// ("Paracetamol 120 mg/5 mL": 24 mg a mL): said, not counted before (F367).
		mgPerML, ok := health.PerML(med.Name)
		if !ok {
			return ""
		}
		mostInDoses = most * massMg[mostUnit] / mgPerML
		also = func(n float64) string { return " (" + numWords(n*mgPerML) + " mg)" }
	default:
		perUnit, strength, sUnit, ok := strengthIn(med.Name, mostUnit) // one tablet's worth in the most's unit
		if !ok || (doseUnit != "tablet" && doseUnit != "capsule") {
			return ""
		}
		mostInDoses = most / perUnit
		also = func(n float64) string { return " (" + numWords(n*strength) + " " + sUnit + ")" } // as the name says it
	}
	if float64(today+1)*high <= mostInDoses*(1+1e-9) {
		return ""
	}
	logged := fmt.Sprintf("%d doses were logged today, the last at %s", today, last)
	if today == 1 {
		logged = "1 dose was logged today, the last at " + last
	}
	return fmt.Sprintf("%s: at up to %s%s each, that may be %s%s already. This medicine says at most %s a day.",
		logged, unitWords(high, doseUnit), also(high), unitWords(float64(today)*high, doseUnit), also(float64(today)*high), l.MaxAmount)
}

var (
	amountNumber = regexp.MustCompile(`^\s*(\d+(?:[.,]\d+)?)(?:\s*[–-]\s*(\d+(?:[.,]\d+)?))?\s*(.*)$`)
	strengthRe   = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*(mg|g|mcg|micrograms?|µg|ug)\b`)
)

// massMg is a unit of weight in mg ("g" 1000, "mcg" 0.001); 0 for another unit.
var massMg = map[string]float64{"mg": 1, "g": 1000, "mcg": 0.001, "microgram": 0.001, "µg": 0.001, "ug": 0.001}

// amountOf reads "8 tablets", "1–2 TAB" or "4000 mg" as a number (the higher of a range when
// high) and its unit in one form ("tablet", "mg"); ok false when it does not start with one.
func amountOf(s string, high bool) (float64, string, bool) {
	m := amountNumber.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	v := m[1]
	if high && m[2] != "" {
		v = m[2]
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
	if err != nil {
		return 0, "", false
	}
	unit := strings.ToLower(strings.TrimSpace(m[3]))
	if unit != "mcg" {
		unit = strings.TrimSuffix(unit, "s")
	}
	switch unit {
	case "tab", "tablet", "{tbl}":
		unit = "tablet"
	case "cap", "capsule", "{cap}":
		unit = "capsule"
	case "milligram":
		unit = "mg"
	case "gram":
		unit = "g"
	}
	return n, unit, unit != ""
}

// strengthIn is one tablet's strength as the medicine's name gives it ("Paracetamol 500 mg
// tablet") in unit (a unit of weight: 0.5 in g), and as the name writes it (500, "mg"); not ok
// without one strength in a weight.
func strengthIn(name, unit string) (in, n float64, named string, ok bool) {
	ms := strengthRe.FindAllStringSubmatch(name, -1)
	to := massMg[unit]
	if len(ms) != 1 || to == 0 {
		return 0, 0, "", false
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(ms[0][1], ",", "."), 64)
	named = strings.ToLower(ms[0][2])
	from := massMg[strings.TrimSuffix(named, "s")]
	if err != nil || n <= 0 || from == 0 {
		return 0, 0, "", false
	}
	return n * from / to, n, named, true
}

// unitWords is n of unit as people write it: "2 tablets", "1 tablet", "4000 mg".
func unitWords(n float64, unit string) string {
	if unit == "ml" {
		unit = "mL"
	}
	if unit == "tablet" || unit == "capsule" {
		if n != 1 {
			unit += "s"
		}
	}
	return numWords(n) + " " + unit
}

func numWords(n float64) string {
	return strconv.FormatFloat(math.Round(n*1000)/1000, 'f', -1, 64)
}

var (
	// limitWords are an instruction's words of its most a day, not its dose: "(no more than 8
	// tablets in 24 hours)", "maximum 4 g a day".
	limitWords = regexp.MustCompile(`(?i)\(?\b(?:no more than|not more than|not to exceed|at most|maximum(?: of)?|max\.?|up to a maximum of)\s+[^;()]*?\b(?:a|per|in|each|every)\s+(?:day|24\s*hours?|24\s*hrs?|24h)\)?`)
	// asNeededWords say when, not how much: "if needed", "if required".
	asNeededWords = regexp.MustCompile(`(?i)\bif\s+(?:needed|required|necessary)\b`)
	// countWords are numbers written as words.
	countWords = map[string]string{"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "a": "1", "an": "1",
		"half": "0.5", "half a": "0.5", "half an": "0.5", "½": "0.5"}
)

// countedUnits are the units of AmountInWords said in the plural for more than one.
var countedUnits = map[string]bool{"tablet": true, "capsule": true, "puff": true, "drop": true, "spray": true, "sachet": true,
	"patch": true, "lozenge": true, "pill": true, "inhalation": true, "unit": true, "microgram": true}

// AmountInWords is the one amount an instruction in words gives to take each time, written as
// a dose: "2 tablets" of "Paracetamol 500 mg: two tablets up to four times a day if needed for
// pain (no more than 8 tablets in 24 hours)" (the most a day and the name's strength are not
// the dose). "" when the words give none, a range ("1–2 tablets", "one or two tablets"),
// several amounts, or how to work it out (a ratio, a scale). Margaret's paracetamol logged
// three times at 22:02 was recorded with no amount, and read on the other devices as three
// doses of nothing in particular (F525 item 6).
func AmountInWords(words, name string) string {
	w := limitWords.ReplaceAllString(words, "")
	w = asNeededWords.ReplaceAllString(w, "")
	if workedOut.MatchString(w) {
		return ""
	}
	strengths := map[string]bool{}
	for _, m := range strengthRe.FindAllStringSubmatch(name, -1) {
		strengths[strings.ReplaceAll(m[1], ",", ".")+" "+strings.ToLower(strings.TrimSuffix(m[2], "s"))] = true
	}
	var found, ofName []string
	for _, ix := range amountInWords.FindAllStringSubmatchIndex(w, -1) {
		before := strings.TrimRight(w[:ix[0]], " ")
		if strings.HasSuffix(before, "-") || strings.HasSuffix(before, "–") || strings.HasSuffix(strings.ToLower(before), " or") ||
			strings.HasSuffix(strings.ToLower(before), " to") {
			return "" // the top of a range: "1–2 tablets", "one or two tablets"
		}
		n := strings.ToLower(w[ix[2]:ix[3]])
		if d, ok := countWords[n]; ok {
			n = d
		}
		n = strings.ReplaceAll(n, ",", ".")
		unit := strings.ToLower(w[ix[4]:ix[5]])
		v, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return ""
		}
		a := numWords(v) + " " + unit
		if strengths[numWords(v)+" "+unit] {
			ofName = append(ofName, a)
			continue
		}
		if !slices.Contains(found, a) {
			found = append(found, a)
		}
	}
	if len(found) == 0 && len(ofName) == 1 {
		found = ofName
	}
	if len(found) != 1 {
		return ""
	}
	v, unit, _ := strings.Cut(found[0], " ")
	switch unit {
	case "tab":
		unit = "tablet"
	case "cap":
		unit = "capsule"
	case "ml":
		unit = "mL"
	}
	if f, _ := strconv.ParseFloat(v, 64); f > 1 && countedUnits[unit] {
		unit += "s"
		if unit == "patchs" {
			unit = "patches"
		}
	}
	return v + " " + unit
}
