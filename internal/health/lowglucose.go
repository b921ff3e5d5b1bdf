package health

// glucoseCodes are the LOINC codes of a glucose concentration in blood, serum or plasma, or
// by a finger-prick meter, fasting or not (mass and substance): the readings a low blood sugar
// is read from.
var glucoseCodes = map[string]bool{
	"2339-0": true, "15074-8": true, // blood
	"2345-7": true, "14749-6": true, // serum or plasma
	"41653-7": true, "14743-9": true, // capillary blood by glucometer
	"1558-6": true, "14771-0": true, // fasting, serum or plasma
	// interstitial fluid: a continuous glucose monitor's sensor readings (the HL7 CGM IG's
	// codes), how most people with type 1 diabetes measure — Ren's night hypo, 2.6 mmol/L for
	// an hour, was no low anywhere (F521)
	"105272-9": true, "99504-3": true,
}

// Low blood sugar, in mg/dL: under 70 (3.9 mmol/L) is low, under 54 (3.0 mmol/L) very low —
// the levels the ADA and ISPAD count as level 1 and level 2 hypoglycaemia, for children too.
const (
	GlucoseLowMgDL     = 70.0
	GlucoseVeryLowMgDL = 54.0
)

// LowGlucose says whether a reading of the LOINC code (bare, or "system|code") is a low blood
// sugar: "very low" under 54 mg/dL (3.0 mmol/L), "low" under 70 mg/dL (3.9 mmol/L), "" for
// another reading, a glucose at or over 70, or a unit CareKeeper cannot convert. A value
// written as a limit ("<40") counts when the limit is under the level.
func LowGlucose(code string, q Quantity) string {
	code = codeOnly(code)
	if !glucoseCodes[code] || q.Value == nil || !usable(q.Value) {
		return ""
	}
	if q.Comparator == ">" || q.Comparator == ">=" {
		return ""
	}
	mg, ok := ConvertUnit(*q.Value, firstNonEmpty(UCUMOf(q.Code, q.Unit), q.Unit), "mg/dL", code)
	if !ok {
		return ""
	}
	return LowGlucoseMgDL(mg)
}

// LowGlucoseMgDL is LowGlucose of a value in mg/dL (a few hundredths of rounding kept: 3.9
// mmol/L is 70.3 mg/dL, not low).
func LowGlucoseMgDL(mg float64) string {
	switch {
	case mg < GlucoseVeryLowMgDL-0.5:
		return "very low"
	case mg < GlucoseLowMgDL-0.5:
		return "low"
	}
	return ""
}

// IsGlucose says whether a LOINC code (bare, or "system|code") is a glucose reading LowGlucose
// reads.
func IsGlucose(code string) bool { return glucoseCodes[codeOnly(code)] }

// IsHbA1c says whether a LOINC code (bare, or "system|code") is an HbA1c (4548-4, or one
// read as it: by HPLC, by electrophoresis, IFCC's in mmol/mol).
func IsHbA1c(code string) bool {
	c := codeOnly(code)
	return c == "4548-4" || sameAnalyte[c] == "4548-4"
}

// GlucoseTargetRange is the international consensus target range of glucose for a person with
// diabetes (Battelino et al., Diabetes Care 2019: 3.9–10.0 mmol/L, 70–180 mg/dL) in s's unit,
// for a glucose series whose records give no range of their own: the band Results and the
// summary may shade for a person with diabetes, said as "the usual target for people with
// diabetes". ok false for another series, one with its own range, or a unit it cannot convert
// (F521: Ren's sensor readings had no band at all).
func GlucoseTargetRange(s *Series) (low, high float64, ok bool) {
	if s == nil || s.Pair || !IsGlucose(s.Code) || s.Range.Low != nil || s.Range.High != nil {
		return 0, 0, false
	}
	lo, ok1 := ConvertUnit(70, "mg/dL", s.Unit, s.Code)
	hi, ok2 := ConvertUnit(180, "mg/dL", s.Unit, s.Code)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if s.UnitWords() == "mmol/L" {
		lo, hi = 3.9, 10 // as the consensus writes them, not 3.885 and 9.99
	}
	return lo, hi, true
}
