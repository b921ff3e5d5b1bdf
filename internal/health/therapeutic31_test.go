package health

import (
	"testing"
)

// F364: Jorge, on warfarin, has an INR of 3.4 against a range typed "therapeutic" (2–3) and,
// a week later, 2.5 against the same range untyped. Results shaded 2–3 and said "Values outside
// it are ringed and marked High or Low", yet 3.4 was not marked: since F350 a range of any type
// but "normal" flagged nothing. A therapeutic range alone is the target: a value outside it is
// flagged against it, and the range says it is a therapeutic range. Bands of another meaning
// (GCS) still flag nothing (TestRangesOfAnotherMeaningFlagNothing).
func TestTherapeuticRangeFlags(t *testing.T) {
	inr := func(id, at string, v, typ string) Resource {
		rng := `{"low":{"value":2},"high":{"value":3}` + typ + `}`
		return Resource{Key: Key{"clinic", "Observation", id}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"6301-6"}]},"effectiveDateTime":"` + at + `T10:00:00Z","valueQuantity":{"value":` + v + `,"unit":"{INR}","system":"http://unitsofmeasure.org","code":"{INR}"},"referenceRange":[` + rng + `]}`)}
	}
	const text = `,"type":{"text":"therapeutic"}`
	const coded = `,"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/referencerange-meaning","code":"therapeutic","display":"Therapeutic Desired Level"}]}`
	const treatment = `,"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/referencerange-meaning","code":"treatment","display":"Treatment Range"}]}`
	for _, tc := range []struct {
		name      string
		recs      []Resource
		flags     []Flag // oldest first
		ther      []bool
		bandLabel string
	}{
		{"typed in words, then untyped (lopez.json)", []Resource{inr("a", "2026-11-25", "3.4", text), inr("b", "2026-12-02", "2.5", "")},
			[]Flag{FlagHigh, FlagNone}, []bool{true, false}, "Reference range"},
		{"coded, both", []Resource{inr("a", "2026-11-25", "3.4", coded), inr("b", "2026-12-02", "1.6", coded)},
			[]Flag{FlagHigh, FlagLow}, []bool{true, true}, "Therapeutic range"},
		{"typed, in range", []Resource{inr("a", "2026-11-25", "2.4", text), inr("b", "2026-12-02", "2.5", text)},
			[]Flag{FlagNone, FlagNone}, []bool{true, true}, "Therapeutic range"},
		// F418: HL7's "treatment" (Treatment Range) is the same target, and so are the words
		// labs and GP systems write: "Therapeutic target", "Target range", "Treatment range".
		{"coded treatment (inr-treat.json)", []Resource{inr("a", "2026-11-30", "3.4", treatment), inr("b", "2026-12-04", "1.8", treatment)},
			[]Flag{FlagHigh, FlagLow}, []bool{true, true}, "Therapeutic range"},
		{"typed 'Therapeutic target' (pennington.json)", []Resource{inr("a", "2026-11-30", "3.4", `,"type":{"text":"Therapeutic target"},"text":"Target INR 2.0-3.0"`)},
			[]Flag{FlagHigh}, []bool{true}, "Therapeutic range"},
		{"typed 'Target range'", []Resource{inr("a", "2026-11-30", "1.7", `,"type":{"text":"Target range"}`)},
			[]Flag{FlagLow}, []bool{true}, "Therapeutic range"},
		{"typed 'treatment range'", []Resource{inr("a", "2026-11-30", "2.2", `,"type":{"text":"treatment range"}`)},
			[]Flag{FlagNone}, []bool{true}, "Therapeutic range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet(tc.recs, nil))
			if len(ss) != 1 || ss[0].Len() != len(tc.flags) {
				t.Fatalf("%d series", len(ss))
			}
			for i := range tc.flags {
				p := ss[0].At(i)
				if p.Flag != tc.flags[i] || p.Range.Therapeutic != tc.ther[i] || deref(p.Range.Low) != 2.0 || deref(p.Range.High) != 3.0 || p.Range.Text != "" {
					t.Errorf("reading %d: flag %q, therapeutic %v, range %v–%v %q; want %q, %v, 2–3", i, p.Flag, p.Range.Therapeutic, deref(p.Range.Low), deref(p.Range.High), p.Range.Text, tc.flags[i], tc.ther[i])
				}
			}
			if se := ss[0]; se.Range.Therapeutic != tc.ther[len(tc.ther)-1] {
				t.Errorf("series range therapeutic %v", se.Range.Therapeutic)
			}
			if b := bandOf(ss[0].Range); b.Label != tc.bandLabel {
				t.Errorf("band %q, want %q", b.Label, tc.bandLabel)
			}
		})
	}
}
