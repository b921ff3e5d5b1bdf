package health

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DoseBySize says a dose is written as a rule by body weight or body surface ("15 mg/kg",
// "250 mg/m2"), not an amount to give: "weight" or "surface", "" for an amount ("7.5 mL",
// "1 tablet"). A child's "15 mg/kg" was logged as the amount given (F407).
func DoseBySize(dose string) string {
	l := strings.ToLower(dose)
	for _, per := range []string{"/kg", "per kg", "/[kg", "/{kg"} {
		if strings.Contains(l, per) {
			return "weight"
		}
	}
	for _, per := range []string{"/m2", "/m²", "/[m2", "per m2"} {
		if strings.Contains(l, per) {
			return "surface"
		}
	}
	return ""
}

// perKg reads "15 mg/kg", "10–15 mg/kg", "0.5 mL per kg": the amounts and the unit per kg.
var perKg = regexp.MustCompile(`(?i)^\s*(\d+(?:\.\d+)?)(?:\s*[–-]\s*(\d+(?:\.\d+)?))?\s*([^\s/]+)\s*(?:/\s*|per\s+)[\[{]?kg[\]}]?\s*$`)

// DoseBySizeWords is what to tell a person about to log a dose of a medicine whose record gives
// the dose by body size, before asking how much was given: the rule is not an amount, and, for
// a dose by weight, what it comes to at the person's last weight taken by now (se, their body
// weight series; nil when none):
//
//	"The record gives the dose by body weight, 15 mg/kg: not an amount. Lily's last weight is
//	20.9 kg, on 20 Nov 2026: 15 mg/kg × 20.9 kg = 313.5 mg."
//
// With no weight taken by now it says so ("No weight is recorded for Lily."); by body surface
// it works nothing out. "" when dose is an amount.
func DoseBySizeWords(name, dose string, se *Series, now time.Time, loc *time.Location) string {
	switch DoseBySize(dose) {
	case "surface":
		return fmt.Sprintf("The record gives the dose by body surface, %s: not an amount.", dose)
	case "weight":
	default:
		return ""
	}
	out := fmt.Sprintf("The record gives the dose by body weight, %s: not an amount.", dose)
	kg, when, ok := lastWeightKg(se, now, loc)
	if !ok {
		return out + fmt.Sprintf(" No weight is recorded for %s.", name)
	}
	last := se.Value("", se.At(UpToNowIn(se.Points(), now, loc)-1).V)
	if w := ValueOf(se.Code, "", kg, "kg"); w != last {
		last += " (" + w + ")" // weighed in pounds: "46 lb (20.9 kg)"
	}
	out += fmt.Sprintf(" %s's last weight is %s, on %s", name, last, when)
	m := perKg.FindStringSubmatch(dose)
	if m == nil {
		return out + "."
	}
	kg = math.Round(kg*10) / 10 // the weight as said, so the sum reads right
	lo, _ := strconv.ParseFloat(m[1], 64)
	sum := amountNum(lo * kg)
	if m[2] != "" {
		hi, _ := strconv.ParseFloat(m[2], 64)
		sum += "–" + amountNum(hi*kg)
	}
	return out + fmt.Sprintf(": %s × %s kg = %s %s.", dose, amountNum(kg), sum, m[3])
}

// DoseAtWeightWords is DoseBySizeWords for a dose at set times, worked out at the weight w its
// reminders use (remind.Medicine.Weight: the last by the day its order was written) with a later
// weight newer said beside it as they say it: "The record gives the dose by body weight, 10
// mg/kg: not an amount. Worked out at 17 kg, Tobi's weight on 20 Nov 2026: 10 mg/kg × 17 kg =
// 170 mg = 1.7 mL. Weighed 18.4 kg on 6 Dec 2026 since: ask the care team whether the dose
// should change." The question asked on Taken summed at the last weight, "10 mg/kg × 18.4 kg =
// 184 mg", beside a reminder of 170 mg (F446). name is the person's, med the medicine's (for
// its strength per mL).
func DoseAtWeightWords(name, dose, med string, se *Series, w, newer *Weight, loc *time.Location) string {
	if DoseBySize(dose) != "weight" {
		return DoseBySizeWords(name, dose, nil, time.Time{}, time.UTC)
	}
	out := fmt.Sprintf("The record gives the dose by body weight, %s: not an amount.", dose)
	if w == nil || w.Kg <= 0 {
		return out + fmt.Sprintf(" No weight is recorded for %s.", name)
	}
	kg := amountNum(w.Kg)
	out += fmt.Sprintf(" Worked out at %s, %s's weight on %s", weightAsRecorded(se, w, loc), name, w.Day)
	if a := WeightAmount(dose, med, w); a != "" {
		out += fmt.Sprintf(": %s × %s kg = %s", strings.TrimSpace(dose), kg, strings.TrimSuffix(a, " at "+kg+" kg on "+w.Day))
	}
	out += "."
	if newer != nil {
		out += " Weighed " + weightAsRecorded(se, newer, loc) + " on " + newer.Day + " since: ask the care team whether the dose should change."
	}
	return out
}

// weightAsRecorded is the weighing of w as its reading says it, with kg beside a weight in
// another unit: "48.9 lb (22.2 kg)"; "22.2 kg" for one in kg or not found in se. A child
// weighed in pounds was told "at 22.2 kg", a number never seen on the scale (F461).
func weightAsRecorded(se *Series, w *Weight, loc *time.Location) string {
	kg := amountNum(w.Kg) + " kg"
	if se == nil || se.Pair {
		return kg
	}
	for i := se.Len() - 1; i >= 0; i-- {
		p := se.At(i)
		v, ok := ConvertUnit(p.V, UCUMOf("", se.Unit), "kg", se.Code)
		if !ok || p.DateIn(loc) != w.Day || math.Round(v*10)/10 != w.Kg {
			continue
		}
		if said := se.Value("", p.V); said != ValueOf(se.Code, "", v, "kg") {
			return said + " (" + kg + ")"
		}
		return kg
	}
	return kg
}

// lastWeightKg is the last body weight of se taken by now, in kg, and its date in words.
func lastWeightKg(se *Series, now time.Time, loc *time.Location) (float64, string, bool) {
	if se == nil || se.Pair || se.Len() == 0 {
		return 0, "", false
	}
	n := UpToNowIn(se.Points(), now, loc)
	if n == 0 {
		return 0, "", false
	}
	p := se.At(n - 1)
	kg, ok := ConvertUnit(p.V, UCUMOf("", se.Unit), "kg", se.Code)
	if !ok || kg <= 0 {
		return 0, "", false
	}
	return kg, p.DateIn(loc), true
}

// amountNum is a worked-out amount to one decimal place: "313.5", "209".
func amountNum(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// Weight is a person's last body weight taken by a time: in kg, and its day in words.
type Weight struct {
	Kg  float64
	Day string // "20 Nov 2026"
	// Said is the weighing as its reading gives it when that is not kg ("48.9 lb"), "" for one
	// in kg: a child weighed in pounds is dosed "at 48.9 lb (22.2 kg)", not at a number nobody
	// saw on the scale (F461).
	Said string
}

// words is the weight as recorded with kg beside it ("48.9 lb (22.2 kg)"), or "22.2 kg".
func (w *Weight) words() string {
	kg := strconv.FormatFloat(kgSaid(w.Kg), 'f', -1, 64) + " kg"
	if w.Said != "" {
		return w.Said + " (" + kg + ")"
	}
	return kg
}

// kgSaid is a body weight rounded as it is said and dosed by: to 10 g under 20 kg, else to
// 100 g. A baby of 5.12 kg was dosed at 5.1 kg, "15 mg/kg: 76.5 mg … at 5120 g (5.1 kg)", where
// 15 mg/kg of 5.12 kg is 76.8 mg (F508); an adult's 82.46 kg is 82.5 kg.
func kgSaid(kg float64) float64 {
	if kg < 20 {
		return math.Round(kg*100) / 100
	}
	return math.Round(kg*10) / 10
}

// BodyWeight is the body weight series among a person's result series (LOINC 29463-7 or
// 3141-9, one not told apart by specimen), nil when none.
func BodyWeight(series []*Series) *Series {
	for _, se := range series {
		if c := se.Code[strings.LastIndexByte(se.Code, '|')+1:]; !se.Apart && (c == "29463-7" || c == "3141-9") {
			return se
		}
	}
	return nil
}

// LastWeight is the last body weight of se (BodyWeight) taken by now on the person's clock
// loc; ok false when there is none.
func LastWeight(se *Series, now time.Time, loc *time.Location) (w Weight, ok bool) {
	kg, day, ok := lastWeightKg(se, now, loc)
	if !ok {
		return Weight{}, false
	}
	w = Weight{Kg: kgSaid(kg), Day: day} // the weight as said, so the sum reads right
	p := se.At(UpToNowIn(se.Points(), now, loc) - 1)
	if said := se.Value("", p.V); said != ValueOf(se.Code, "", kg, "kg") {
		w.Said = said
	}
	return w, true
}

// perML is a liquid's strength in its name: "100 mg/mL", "250 mg/5 mL", "100 MG/ML".
var perML = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*(mg|g|mcg|micrograms?|µg)\s*(?:/|per|in)\s*(\d+(?:[.,]\d+)?)?\s*ml\b`)

// massAmount is an amount of a weight in a name: "100 mg", "62.5 MG", "2 g".
var massAmount = regexp.MustCompile(`(?i)\d+(?:[.,]\d+)?\s*(?:mg|g|mcg|micrograms?|µg)\b`)

// massInMg is a unit of weight in mg; 0 for another unit.
var massInMg = map[string]float64{"mg": 1, "g": 1000, "mcg": 0.001, "microgram": 0.001, "micrograms": 0.001, "µg": 0.001, "ug": 0.001}

// WeightDose is what a dose given by body weight ("10 mg/kg", "10–15 mg/kg") comes to at the
// person's last weight w, in the rule's unit and, when the medicine's name gives its strength per
// mL ("Levetiracetam 100 mg/mL oral solution"), in mL: "10 mg/kg: 170 mg = 1.7 mL at 17 kg on
// 20 Nov 2026". A reminder saying "10 mg/kg" beside a bottle in mL left the sum to the parent
// (F436). No weight (w nil): "10 mg/kg: no weight is recorded". "" when dose is not a rule by
// weight it can read.
func WeightDose(dose, name string, w *Weight) string {
	if a := WeightAmount(dose, name, w); a != "" {
		return strings.TrimSpace(dose) + ": " + a
	}
	return ""
}

// WeightAmount is WeightDose without the rule: "170 mg = 1.7 mL at 17 kg on 20 Nov 2026", "no
// weight is recorded"; "" when dose is not a rule by weight it can read.
func WeightAmount(dose, name string, w *Weight) string {
	if DoseBySize(dose) != "weight" {
		return ""
	}
	m := perKg.FindStringSubmatch(dose)
	if m == nil {
		return ""
	}
	if w == nil || w.Kg <= 0 {
		return "no weight is recorded"
	}
	lo, _ := strconv.ParseFloat(m[1], 64)
	hi := lo
	if m[2] != "" {
		hi, _ = strconv.ParseFloat(m[2], 64)
	}
	unit := strings.Trim(m[3], "[]{}")
	amount := func(f func(float64) string, lo, hi float64) string {
		if hi == lo {
			return f(lo)
		}
		return f(lo) + "–" + f(hi)
	}
	out := amount(amountNum, lo*w.Kg, hi*w.Kg) + " " + unit
	if mg := massInMg[strings.ToLower(unit)]; mg > 0 {
		if mgPerML, ok := mgPerMLOf(name); ok {
			ml := func(v float64) string {
				return strconv.FormatFloat(math.Round(v*mg/mgPerML*100)/100, 'f', -1, 64)
			}
			out += " = " + amount(ml, lo*w.Kg, hi*w.Kg) + " mL"
		}
	}
	return out + " at " + w.words() + " on " + w.Day
}

// WeightGiven is the amount a dose by weight of one value ("10 mg/kg", not a range) comes to at
// the weight w, in the rule's unit ("170 mg"): what a dose taken as reminded records. ok false
// for a range, another dose, or no weight.
func WeightGiven(dose string, w *Weight) (string, bool) {
	m := perKg.FindStringSubmatch(dose)
	if DoseBySize(dose) != "weight" || m == nil || m[2] != "" || w == nil || w.Kg <= 0 {
		return "", false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil || v <= 0 {
		return "", false
	}
	return amountNum(v*w.Kg) + " " + strings.Trim(m[3], "[]{}"), true
}

// mgPerMLOf is the strength in mg per mL a liquid's name gives ("Levetiracetam 100 mg/mL oral
// solution": 100; "Buccolam 5 mg/1 mL": 5). One strength in the name, or none is used: "250
// mg/62.5 mg/5 mL" is two medicines in one liquid, and a rule is of one of them.
func mgPerMLOf(name string) (float64, bool) {
	s := perML.FindAllStringSubmatch(name, -1)
	if len(s) != 1 || len(massAmount.FindAllString(name, -1)) != 1 {
		return 0, false
	}
	n, err1 := strconv.ParseFloat(strings.ReplaceAll(s[0][1], ",", "."), 64)
	per := 1.0
	var err2 error
	if s[0][3] != "" {
		per, err2 = strconv.ParseFloat(strings.ReplaceAll(s[0][3], ",", "."), 64)
	}
	from := massInMg[strings.ToLower(s[0][2])]
	if err1 != nil || err2 != nil || n <= 0 || per <= 0 || from <= 0 {
		return 0, false
	}
	return n * from / per, true
}

// doseAmount reads a dose as one amount: "1.7 mL", "170 mg", "10 mg/kg" (at the weight w), in
// mg when it is a weight or a volume of a liquid whose name gives one strength per mL, else in
// its own unit (lower case, "tablet" for "tablets"); ok false for a range or words.
func doseAmount(dose, name string, w *Weight) (float64, string, bool) {
	dose = strings.TrimSpace(dose)
	if m := perKg.FindStringSubmatch(dose); m != nil {
		if m[2] != "" || w == nil || w.Kg <= 0 {
			return 0, "", false
		}
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return 0, "", false
		}
		dose = strconv.FormatFloat(v*w.Kg, 'f', -1, 64) + " " + strings.Trim(m[3], "[]{}")
	}
	n, unit, ok := strings.Cut(dose, " ")
	if !ok {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n, ",", "."), 64)
	if err != nil || v <= 0 {
		return 0, "", false
	}
	unit = strings.ToLower(strings.Trim(strings.TrimSpace(unit), "[]{}"))
	if mg := massInMg[unit]; mg > 0 {
		return v * mg, "mg", true
	}
	if unit == "ml" {
		if mgPerML, ok := mgPerMLOf(name); ok {
			return v * mgPerML, "mg", true
		}
		return v, "ml", true
	}
	return v, countUnit(unit), true
}

// countUnit is a dose's unit as the one word of the form it counts ("tablet" of "tabl.",
// "tabletki", "TAB"), else the unit without a plural s: a GP's "1 tabl." and a discharge
// letter's "1 tablet" are one dose (F549).
func countUnit(unit string) string {
	if cw, ok := countWordOf(unit); ok {
		return cw[0]
	}
	return strings.TrimSuffix(unit, "s")
}

// SameAmount says two doses of one medicine (name) are the same amount written two ways: "5 mg"
// and "1 mL" of "Buccolam 5 mg/1 mL", "1.7 mL" and "10 mg/kg" of a 100 mg/mL solution at 17 kg
// (w, the person's last weight; nil: a rule by weight is compared as written), within 2 % (a
// worked-out dose rounded to 0.1 mL). Two sources writing one dose so were said to differ, and
// the newer moved the reminders of the other (F443).
func SameAmount(a, b, name string, w *Weight) bool {
	if strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) {
		return true
	}
	if bareCount(a, b) || bareCount(b, a) {
		return true
	}
	x, ux, ok1 := doseAmount(a, name, w)
	y, uy, ok2 := doseAmount(b, name, w)
	if !ok1 || !ok2 || ux != uy {
		return false
	}
	return math.Abs(x-y) <= 0.02*math.Max(x, y)
}

// bareCount says a dose given as a bare number (a C-CDA's doseQuantity with no unit: "2", so
// many of the product's own units) is the count other gives of such units: "2" and "2 puffs"
// of an inhaler are one dose, and a discharge letter's copy of the GP's order moved its 09:00
// reminder to CareKeeper's 07:30 as a change of dose (F499). Never a mass, a volume or a rate.
func bareCount(bare, other string) bool {
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(bare), ",", "."), 64)
	if err != nil || v <= 0 {
		return false
	}
	n, unit, ok := strings.Cut(strings.TrimSpace(other), " ")
	if !ok {
		return false
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(n, ",", "."), 64)
	unit = countUnit(strings.ToLower(strings.Trim(strings.TrimSpace(unit), "[]{}")))
	return err == nil && x == v && countUnits[unit]
}

// countUnits are the units a dose counts the product in (singular, lower case).
var countUnits = map[string]bool{"tablet": true, "tab": true, "tbl": true, "capsule": true, "cap": true, "puff": true,
	"actuation": true, "actuat": true, "inhalation": true, "spray": true, "drop": true, "dose": true, "patch": true,
	"suppository": true, "sachet": true, "lozenge": true, "pessary": true, "each": true, "application": true, "ampoule": true, "vial": true}

// NewWeightWords says a weight taken after the one a dose by weight was worked out at (the
// order's): "weighed 18.4 kg on 6 Dec 2026 since: ask the care team whether the dose should
// change". The reminder keeps the amount the prescriber worked out; a home weighing does not
// silently make a new dose (F446). "" for nil.
func NewWeightWords(w *Weight) string {
	if w == nil {
		return ""
	}
	return "weighed " + w.words() + " on " + w.Day + " since: ask the care team whether the dose should change"
}

// PerML is a liquid's strength from its name in mg per mL ("Paracetamol 120 mg/5 mL oral
// suspension": 24); ok false without exactly one strength, or one not per mL.
func PerML(name string) (float64, bool) {
	s := perML.FindAllStringSubmatch(name, -1)
	if len(s) != 1 || len(massAmount.FindAllString(name, -1)) != 1 {
		return 0, false
	}
	n, err1 := strconv.ParseFloat(strings.ReplaceAll(s[0][1], ",", "."), 64)
	per := 1.0
	var err2 error
	if s[0][3] != "" {
		per, err2 = strconv.ParseFloat(strings.ReplaceAll(s[0][3], ",", "."), 64)
	}
	from := massInMg[strings.ToLower(s[0][2])]
	if err1 != nil || err2 != nil || n <= 0 || per <= 0 || from == 0 {
		return 0, false
	}
	return n * from / per, true
}
