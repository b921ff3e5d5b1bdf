package schedule

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// Limit is what a medicine's record says about how often an as-needed dose may be taken: at
// least MinGap between two doses ("every 4 hours as needed": timing.repeat frequency/period in
// hours or minutes, or a code such as Q4H), at most MaxDoses in Per (dosageInstruction.
// maxDosePerPeriod counted in doses of the dose given, or "up to twice a day as needed":
// frequency, or frequencyMax, a period of days or weeks). Zero fields: the record does not say.
type Limit struct {
	MinGap   time.Duration
	MaxDoses int
	Per      time.Duration
	// MaxAmount in AmountPer is maxDosePerPeriod as written when it cannot be counted in doses
	// (the dose is a range, "1–2 tablets", or in another unit): "8 tablets" a day (F367).
	MaxAmount string
	AmountPer time.Duration
	// MostInDoseUnit is MaxDoses as the record writes it, in the unit of Dose (the dose of the
	// phase it comes from): 8 of "2 {puff}" doses. Zero: the record counts doses, or gives a
	// most of another unit (F538).
	MostInDoseUnit float64
	Dose           string
}

// MostWords say the most in Per as the record gives it: "8 puffs a day" when it counts what a
// dose is made of (a puff, a tablet), else "4 doses a day"; "" when there is none. Maxime's
// "maximum 8 puffs a day" was said "at most 4 doses a day" (F538).
func (l Limit) MostWords() string {
	if l.MaxDoses <= 0 || l.Per <= 0 {
		return ""
	}
	if l.CountsForm() {
		return amountWords(l.MostInDoseUnit, DoseUnit(l.Dose)) + " " + PerWords(l.Per)
	}
	return countWords(l.MaxDoses, "dose") + " " + PerWords(l.Per)
}

// CountsForm reports whether the most counts what a dose is made of (8 puffs of 2-puff doses),
// not doses nor an amount: the doses logged are then summed in it (F538).
func (l Limit) CountsForm() bool {
	return l.MostInDoseUnit > 0 && l.MaxDoses > 0 && countedForm(DoseUnit(l.Dose))
}

// DoseUnit is the unit of a dose as a phase writes it, in lower case without UCUM's braces or
// a plural s: "puff" of "2 {puff}", "tablet" of "1-2 TAB", "mg" of "500 mg".
func DoseUnit(dose string) string {
	f := strings.Fields(strings.ToLower(dose))
	if len(f) < 2 {
		return ""
	}
	u := strings.Trim(strings.Join(f[1:], " "), "{}")
	switch u {
	case "tab", "tabs", "tbl", "tablets":
		return "tablet"
	case "cap", "caps", "capsules":
		return "capsule"
	case "ms", "mcg", "mg", "g", "ml":
		return u
	}
	return strings.TrimSuffix(u, "s")
}

// countedForm: a unit a dose is counted out in (2 puffs, 2 tablets), not an amount (mg, mL).
func countedForm(u string) bool {
	switch u {
	case "tablet", "capsule", "puff", "drop", "gtt", "patch", "sachet", "spray", "suppository", "lozenge", "pill", "actuation", "application", "unit", "piece":
		return true
	}
	return false
}

// Words say the limit as a person reads it after "as needed": "at least 4 hours apart, at
// most 3 doses a day"; "" when the record says nothing (F165).
func (l Limit) Words() string {
	var ws []string
	if l.MinGap > 0 {
		ws = append(ws, "at least "+SpanWords(l.MinGap)+" apart")
	}
	if l.MaxDoses > 0 && l.Per > 0 {
		ws = append(ws, "at most "+l.MostWords())
	} else if l.MaxAmount != "" && l.AmountPer > 0 {
		ws = append(ws, "at most "+l.MaxAmount+" "+PerWords(l.AmountPer))
	}
	return strings.Join(ws, ", ")
}

// SpanWords: "4 hours", "30 minutes", "1 hour 30 minutes", "24 hours", "7 days" (whole minutes).
func SpanWords(d time.Duration) string {
	m := int(d / time.Minute)
	if m > 48*60 && m%(24*60) == 0 {
		return countWords(m/(24*60), "day")
	}
	var parts []string
	if h := m / 60; h > 0 {
		parts = append(parts, countWords(h, "hour"))
	}
	if mm := m % 60; mm > 0 || len(parts) == 0 {
		parts = append(parts, countWords(mm, "minute"))
	}
	return strings.Join(parts, " ")
}

// PerWords: "a day", "a week", "in 12 hours".
func PerWords(d time.Duration) string {
	switch d {
	case 24 * time.Hour:
		return "a day"
	case 7 * 24 * time.Hour:
		return "a week"
	}
	return "in " + SpanWords(d)
}

func countWords(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Limit is the strictest of the limits of the plan's as-needed phases (a plan with only
// scheduled doses has none).
func (p Plan) Limit() Limit {
	var l Limit
	for _, ph := range p.Phases {
		if !ph.AsNeeded {
			continue
		}
		f, per, unit := ph.Timing.Frequency, ph.Timing.Period, ph.Timing.PeriodUnit
		if c, ok := gtsCodes[ph.Timing.Code]; ok && f == 0 && per == 0 && unit == "" {
			f, per, unit = c.freq, float64(c.period), c.unit
		}
		f = max(f, ph.Timing.FrequencyMax, 1)
		if secs, ok := unitSeconds[unit]; ok && per > 0 {
			gap := time.Duration(math.Round(per*secs/float64(f))) * time.Second
			l.MinGap = max(l.MinGap, gap)
		}
		n, in, inUnit := ph.MaxDoses, ph.MaxPer, ph.MaxInDoseUnit
		if n == 0 && per > 0 && (unit == "d" || unit == "wk") && len(ph.Timing.TimeOfDay) == 0 && len(ph.Timing.When) == 0 {
			n, in = f, time.Duration(per*map[string]float64{"d": 24, "wk": 7 * 24}[unit]*float64(time.Hour))
		}
		if n > 0 && in > 0 && (l.MaxDoses == 0 || float64(n)/in.Hours() < float64(l.MaxDoses)/l.Per.Hours()) {
			l.MaxDoses, l.Per = n, in
			l.MostInDoseUnit, l.Dose = 0, ""
			if inUnit > 0 && n == ph.MaxDoses {
				l.MostInDoseUnit, l.Dose = inUnit, ph.Dose
			}
		}
		if ph.MaxAmount != "" && ph.MaxPer > 0 && l.MaxAmount == "" {
			l.MaxAmount, l.AmountPer = ph.MaxAmount, ph.MaxPer
		}
	}
	return l
}

// maxDosesOrAmount reads maxDosePerPeriod (a Ratio in R4, a list of them in R5) as a number of
// doses of dose (a doseQuantity) in a time: "720 mg a day" with doses of 240 mg is 3 a day; a
// numerator without a unit counts doses. Nothing when the period is not a time. When the most
// cannot be counted in doses (the dose is a range, "1–2 tablets", with max 8 tablet a day; or
// in another unit, 4000 mg), it is that most as written, "8 tablets", with its time (F367: it
// was dropped).
// doseUnits are the units in which a record counts doses themselves, not an amount: GP systems
// write "at most 1 dose in 24 hours" as a numerator of 1 "dose" (UCUM's annotation "{dose}").
var doseUnits = map[string]bool{"dose": true, "doses": true, "{dose}": true, "{doses}": true, "{dose(s)}": true}

func maxDosesOrAmount(raw json.RawMessage, dose []fhirDoseAndRate) (int, time.Duration, string, float64) {
	if !present(raw) {
		return 0, 0, "", 0
	}
	var r struct {
		Numerator, Denominator *fhirQuantity
	}
	if json.Unmarshal(raw, &r) != nil {
		var rs []struct{ Numerator, Denominator *fhirQuantity }
		if json.Unmarshal(raw, &rs) != nil || len(rs) == 0 {
			return 0, 0, "", 0
		}
		r.Numerator, r.Denominator = rs[0].Numerator, rs[0].Denominator
	}
	num, den := r.Numerator, r.Denominator
	if num == nil || num.Value == nil || *num.Value <= 0 || den == nil {
		return 0, 0, "", 0
	}
	perValue := 1.0
	if den.Value != nil {
		perValue = *den.Value
	}
	unit := durationUnits[strings.ToLower(cmpOr(den.Code, den.Unit))]
	hours := map[string]float64{"s": 1.0 / 3600, "min": 1.0 / 60, "h": 1, "d": 24, "wk": 7 * 24}[unit]
	if hours == 0 || perValue <= 0 {
		return 0, 0, "", 0
	}
	per := time.Duration(perValue * hours * float64(time.Hour))
	numUnit := strings.ToLower(cmpOr(num.Code, num.Unit))
	var q *fhirQuantity
	amount := func() (int, time.Duration, string, float64) {
		if numUnit == "" {
			return 0, 0, "", 0
		}
		return 0, per, amountWords(*num.Value, cmpOr(num.Unit, num.Code)), 0
	}
	ranged := false
	for _, d := range dose {
		if d.DoseRange != nil {
			ranged = true
			break
		}
		if d.DoseQuantity != nil && d.DoseQuantity.Value != nil {
			q = d.DoseQuantity
			break
		}
	}
	n := *num.Value
	inUnit := 0.0 // the most in the dose's unit, when counted by it
	switch {
	case numUnit == "" && unsureOfWhat(q, ranged):
		// A bare number with a dose given only in words, or of several tablets: 8 doses or 8
		// tablets? A discharge letter's paracetamol "two tablets … (no more than 8 tablets in
		// 24 hours)" with a bare 8 was said "at most 8 doses a day" — 16 tablets, 8 g (F517).
		// Said as the record gives it: "at most 8 a day".
		return 0, per, amountWords(n, ""), 0
	case numUnit == "" || doseUnits[numUnit]: // doses ("max 1 dose in 24 hours", F437)
	case ranged || q == nil || *q.Value <= 0 || !sameUnit(numUnit, q):
		return amount()
	default:
		inUnit = n
		n /= *q.Value
	}
	if n < 1 || n > 1000 {
		return 0, 0, "", 0
	}
	return int(math.Floor(n + 1e-9)), per, "", inUnit
}

// unsureOfWhat reports whether a most written without a unit may count either doses or the
// things a dose is made of: the dose is not given as an amount (words only, or a range), or it
// is several of a counted form (2 tablets). A dose of one tablet, or of an amount (5 mL,
// 240 mg), leaves a bare number only doses to count.
func unsureOfWhat(q *fhirQuantity, ranged bool) bool {
	if ranged || q == nil || q.Value == nil {
		return true
	}
	if *q.Value == 1 {
		return false
	}
	return countedForm(DoseUnit("1 " + strings.Trim(cmpOr(q.Unit, q.Code), "{} ")))
}

// AmountWords: "8 tablets", "4000 mg", "1 tablet", "10 puffs" (a unit as DoseUnit gives it, or
// as a record writes it).
func AmountWords(v float64, unit string) string { return amountWords(v, unit) }

// amountWords: "8 tablets", "4000 mg", "1 tablet".
func amountWords(v float64, unit string) string {
	u := strings.Trim(strings.TrimSpace(unit), "{}")
	n := strconv.FormatFloat(v, 'f', -1, 64)
	if u == "" {
		return n
	}
	switch strings.ToLower(u) {
	case "tablet", "capsule", "puff", "drop", "patch", "sachet", "spray", "suppository", "lozenge", "pill", "unit", "dose", "actuation", "application":
		if v != 1 {
			u = strings.ToLower(u) + "s"
		} else {
			u = strings.ToLower(u)
		}
	case "tab", "tabs":
		u = map[bool]string{true: "tablet", false: "tablets"}[v == 1]
	case "cap", "caps":
		u = map[bool]string{true: "capsule", false: "capsules"}[v == 1]
	}
	return n + " " + u
}

func sameUnit(u string, q *fhirQuantity) bool {
	return u == strings.ToLower(q.Code) || u == strings.ToLower(q.Unit)
}
