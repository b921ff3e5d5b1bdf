package schedule

import (
	"encoding/json"
	"strings"
)

// RunsAtARate is Plan.Unclear of a medicine that runs over hours at a rate rather than being
// taken as doses: home oxygen at 2 L/min for 15 hours a day, an infusion pump. There is no
// moment of a dose to remind of, and no dose of it is missed. Stanisław's oxygen concentrator
// was a 07:30 dose with Taken and Skip, "missed" every morning he slept through (F551).
const RunsAtARate = "runs at a rate over hours"

// runsAtARate says whether the record's medicine runs at a rate rather than being taken as
// doses: it is oxygen (by its code or name), or every dosage gives a rate and no dose. Its
// words ("2 L/min, 15 hours a day") are what its dosages say of the rate, "" when none does.
func runsAtARate(res fhirMed, dosages []json.RawMessage) (bool, string) {
	var words []string
	allRates := len(dosages) > 0
	for _, raw := range dosages {
		var d struct {
			DoseAndRate []fhirDoseAndRate `json:"doseAndRate"`
			Timing      *struct {
				Repeat *struct {
					Duration     *float64 `json:"duration"`
					DurationUnit string   `json:"durationUnit"`
					Frequency    *int     `json:"frequency"`
					Period       *float64 `json:"period"`
					PeriodUnit   string   `json:"periodUnit"`
				} `json:"repeat"`
			} `json:"timing"`
		}
		if json.Unmarshal(raw, &d) != nil {
			return false, ""
		}
		rate, dose := "", false
		for _, dr := range d.DoseAndRate {
			dose = dose || dr.DoseQuantity != nil || dr.DoseRange != nil
			if rate == "" {
				rate = rateWords(dr)
			}
		}
		allRates = allRates && rate != "" && !dose
		if rate == "" {
			continue
		}
		if t := d.Timing; t != nil && t.Repeat != nil && t.Repeat.Duration != nil && *t.Repeat.Duration > 0 {
			rp := t.Repeat
			if u := unitWords[durationUnits[rp.DurationUnit]]; u != "" {
				rate += ", " + num(*rp.Duration) + " " + u
				if rp.Frequency != nil && *rp.Frequency == 1 && rp.Period != nil && *rp.Period == 1 && durationUnits[rp.PeriodUnit] == "d" {
					rate += " a day"
				}
			}
		}
		words = append(words, rate)
	}
	return allRates || isOxygen(res.Medication), strings.Join(words, "; ")
}

// rateWords says a doseAndRate's rate as written ("2 L/min", "1–2 L/min", "50 mL/1 h").
func rateWords(dr fhirDoseAndRate) string {
	q := func(q *fhirQuantity) string {
		if q == nil || q.Value == nil {
			return ""
		}
		return strings.TrimSpace(num(*q.Value) + " " + cmpOr(q.Unit, q.Code))
	}
	switch {
	case dr.RateQuantity != nil:
		return q(dr.RateQuantity)
	case dr.RateRange != nil && q(dr.RateRange.Low) != "" && q(dr.RateRange.High) != "":
		return num(*dr.RateRange.Low.Value) + "–" + q(dr.RateRange.High)
	case dr.RateRatio != nil && q(dr.RateRatio.Numerator) != "" && q(dr.RateRatio.Denominator) != "":
		return q(dr.RateRatio.Numerator) + "/" + q(dr.RateRatio.Denominator)
	}
	return ""
}

// oxygenCodes are oxygen's codes: SNOMED CT's substance, RxNorm's ingredient, ATC's medical
// gas.
var oxygenCodes = map[string]bool{"24099007": true, "7806": true, "V03AN01": true}

// oxygenNames are the first word of oxygen's name in the languages the app reads.
var oxygenNames = map[string]bool{"oxygen": true, "oxygène": true, "oxigeno": true, "oxígeno": true,
	"ossigeno": true, "sauerstoff": true, "tlen": true, "zuurstof": true, "o2": true}

// isOxygen says whether medicationCodeableConcept names oxygen.
func isOxygen(raw json.RawMessage) bool {
	var cc struct {
		Text   string `json:"text"`
		Coding []struct {
			Code    string `json:"code"`
			Display string `json:"display"`
		} `json:"coding"`
	}
	if !present(raw) || json.Unmarshal(raw, &cc) != nil {
		return false
	}
	first := func(s string) bool {
		f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == '-' })
		return len(f) > 0 && oxygenNames[f[0]]
	}
	for _, c := range cc.Coding {
		if oxygenCodes[c.Code] || first(c.Display) {
			return true
		}
	}
	return first(cc.Text)
}
