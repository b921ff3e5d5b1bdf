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
