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
