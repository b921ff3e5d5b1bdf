package health

import (
	"math"
	"strings"
	"testing"
)

// Blood pressure written in kPa (as some labs and C-CDA documents do) is shown in mmHg, not
// its kPa number read as mmHg ("16/80 mmHg" for 16 kPa / 80 mmHg); a half in a unit that is
// not a pressure is not paired into a blood pressure at all.
func TestResults_BloodPressureInKPa(t *testing.T) {
	comp := func(id, sysV, sysU, diaV, diaU string) Resource {
		j := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2020-03-04T09:00:00Z",` +
			`"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":` + sysV + `,"unit":"` + sysU + `"}},` +
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":` + diaV + `,"unit":"` + diaU + `"}}]}`
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(j)}
	}
	tests := []struct {
		name     string
		records  []Resource
		sys, dia float64 // 0: no blood pressure series
	}{
		{"panel, systolic in kPa", []Resource{comp("bp", "16", "kPa", "80", "mm[Hg]")}, 120.01, 80},
		{"panel, both in kPa", []Resource{comp("bp", "16", "kPa", "10.7", "kPa")}, 120.01, 80.26},
		{"panel in mmHg", []Resource{comp("bp", "128", "mmHg", "82", "mm[Hg]")}, 128, 82},
		{"panel, unit not a pressure", []Resource{comp("bp", "16", "kg", "80", "mm[Hg]")}, 0, 0},
		{"two records, systolic in kPa", []Resource{
			obsQ("s", "8480-6", "Systolic", "2020-03-05T09:00:00Z", "16", "kPa", "kPa", ""),
			obsQ("d", "8462-4", "Diastolic", "2020-03-05T09:00:00Z", "80", "mm[Hg]", "mm[Hg]", "")}, 120.01, 80},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var bp *Series
			for _, se := range Results(NewSet(tc.records, nil)) {
				if se.Pair {
					bp = se
				}
			}
			if tc.sys == 0 {
				if bp != nil {
					t.Fatalf("a blood pressure was made: %+v", bp.Points().Clone())
				}
				return
			}
			if bp == nil || bp.Len() != 1 {
				t.Fatalf("blood pressure series %+v", bp)
			}
			p := bp.At(0)
			if math.Abs(p.V-tc.sys) > 0.01 || math.Abs(p.V2-tc.dia) > 0.01 {
				t.Errorf("shown as %v/%v mmHg, want %v/%v", p.V, p.V2, tc.sys, tc.dia)
			}
		})
	}
}

// The timeline line of a blood pressure panel says its values as written when they are not
// in mmHg, never a kPa number as mmHg.
func TestDescribe_BloodPressureUnits(t *testing.T) {
	panel := func(sysU string) []byte {
		return []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}],"text":"Blood pressure"},` +
			`"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":16,"unit":"` + sysU + `"}},` +
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":80,"unit":"mm[Hg]"}}]}`)
	}
	for _, tc := range []struct{ unit, want, not string }{
		{"kPa", "16 kPa", "16/80"},
		{"mm[Hg]", "16/80 mmHg", "kPa"},
	} {
		got := Describe("Observation", panel(tc.unit))
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("systolic in %s: %q, want %q in it", tc.unit, got, tc.want)
		}
	}
}

// A record entered in error says so on its timeline line (the timeline showed a withdrawn
// glucose of 999 mg/dL as the person's; verify18), and without its value: "Entered in error:
// Glucose: 999 mg/dL" still put 999 mg/dL before the eye (words27; the details keep it, under
// "Written in error, not a result").
func TestDescribe_EnteredInError(t *testing.T) {
	for _, tc := range []struct{ typ, json, want string }{
		{"Observation", `{"resourceType":"Observation","status":"entered-in-error","code":{"text":"Glucose"},"valueQuantity":{"value":999,"unit":"mg/dL"}}`, "Entered in error: Glucose"},
		{"Condition", `{"resourceType":"Condition","verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"entered-in-error"}]},"code":{"text":"Diabetes"}}`, "Entered in error: Diabetes"},
		{"MedicationRequest", `{"resourceType":"MedicationRequest","status":"entered-in-error","medicationCodeableConcept":{"text":"Warfarin 5 mg"}}`, "Entered in error: Warfarin 5 mg"},
		{"Observation", `{"resourceType":"Observation","status":"final","code":{"text":"Glucose"},"valueQuantity":{"value":99,"unit":"mg/dL"}}`, "Glucose: 99 mg/dL"},
	} {
		if got := Describe(tc.typ, []byte(tc.json)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.typ, got, tc.want)
		}
	}
}
