package health

import (
	"math"
	"testing"
)

// F358: creatinine 1.1 mg/dL on 1 Dec 2026 for a woman born on 6 Dec 1960 (65), whose record
// gives 0.5–0.9 mg/dL for women aged 18–60 and 0.6–1.2 mg/dL for people aged 60 and over, was
// "High" against the first range listed. The range for the person flags the reading; when
// none can be chosen for them, no range flags it and the ranges are shown as written.
func TestRangeChosenForThePerson(t *testing.T) {
	const (
		women  = `{"low":{"value":0.5,"unit":"mg/dL"},"high":{"value":0.9,"unit":"mg/dL"},"appliesTo":[{"coding":[{"system":"http://snomed.info/sct","code":"248152002","display":"Female"}]}],"age":{"low":{"value":18,"unit":"a"},"high":{"value":60,"unit":"a"}}}`
		over60 = `{"low":{"value":0.6,"unit":"mg/dL"},"high":{"value":1.2,"unit":"mg/dL"},"age":{"low":{"value":60,"unit":"a"}}}`
		men    = `{"low":{"value":0.7,"unit":"mg/dL"},"high":{"value":1.0,"unit":"mg/dL"},"appliesTo":[{"text":"male"}]}`
		womenT = `{"low":{"value":0.5,"unit":"mg/dL"},"high":{"value":0.9,"unit":"mg/dL"},"appliesTo":[{"text":"female"}]}`
		premen = `{"low":{"value":0.4,"unit":"mg/dL"},"high":{"value":0.8,"unit":"mg/dL"},"appliesTo":[{"text":"Pre-menopausal"}]}`
		ther   = `{"low":{"value":2,"unit":"mg/dL"},"high":{"value":3,"unit":"mg/dL"},"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/referencerange-meaning","code":"therapeutic"}]}}`
		plain  = `{"low":{"value":0.6,"unit":"mg/dL"},"high":{"value":1.0,"unit":"mg/dL"}}`
		infant = `{"low":{"value":0.2,"unit":"mg/dL"},"high":{"value":0.4,"unit":"mg/dL"},"age":{"high":{"value":12,"unit":"mo"}}}`
	)
	patient := func(gender, birth string) Resource {
		return Resource{Key: Key{"clinic", "Patient", "x"}, Profile: "p", JSON: []byte(`{"resourceType":"Patient","gender":"` + gender + `","birthDate":"` + birth + `"}`)}
	}
	obs := func(ranges string) Resource {
		return Resource{Key: Key{"clinic", "Observation", "o"}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2160-0"}]},"effectiveDateTime":"2026-12-01T08:00:00Z","valueQuantity":{"value":1.1,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"},"referenceRange":[` + ranges + `]}`)}
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name      string
		person    Resource
		ranges    string
		flag      Flag
		low, high float64 // NaN: none
		text      string
	}{
		{"a woman of 65: the range of 60 and over", patient("female", "1960-12-06"), women + "," + over60, FlagNone, 0.6, 1.2, ""},
		{"a woman of 40: the women's range", patient("female", "1986-01-01"), women + "," + over60, FlagHigh, 0.5, 0.9, ""},
		{"a man of 40: no range is his", patient("male", "1986-01-01"), women + "," + over60, FlagNone, nan, nan, "0.5–0.9 mg/dL (females aged 18–60); 0.6–1.2 mg/dL (people aged 60 and over)"},
		{"age not known", patient("female", ""), women + "," + over60, FlagNone, nan, nan, "0.5–0.9 mg/dL (females aged 18–60); 0.6–1.2 mg/dL (people aged 60 and over)"},
		{"by sex: a man", patient("male", "1986-01-01"), womenT + "," + men, FlagHigh, 0.7, 1.0, ""},
		{"by sex: sex not known", patient("unknown", "1986-01-01"), womenT + "," + men, FlagNone, nan, nan, "0.5–0.9 mg/dL (females); 0.7–1 mg/dL (males)"},
		{"a group CareKeeper cannot tell", patient("female", "1986-01-01"), premen + "," + womenT, FlagNone, nan, nan, "0.4–0.8 mg/dL (Pre-menopausal); 0.5–0.9 mg/dL (females)"},
		// F518: a therapeutic range beside the normal one may be the person's target (INR 2–3 on
		// warfarin): 1.1, above the normal range and under the target, is flagged by neither.
		{"a therapeutic range beside the normal one", patient("female", "1986-01-01"), ther + "," + plain, FlagNone, nan, nan, "0.6–1 mg/dL (normal range); 2–3 mg/dL (therapeutic range)"},
		{"ranges for no one in particular: the first", patient("female", "1986-01-01"), plain + "," + over60, FlagHigh, 0.6, 1.0, ""},
		{"an infant's range in months, an adult", patient("female", "1986-01-01"), infant + "," + womenT, FlagHigh, 0.5, 0.9, ""},
		{"one range, for others", patient("male", "1986-01-01"), womenT, FlagNone, nan, nan, "0.5–0.9 mg/dL (females)"},
		{"one range, for no one in particular", patient("male", "1986-01-01"), plain, FlagHigh, 0.6, 1.0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet([]Resource{tc.person, obs(tc.ranges)}, nil))
			if len(ss) != 1 || ss[0].Len() != 1 {
				t.Fatalf("%d series", len(ss))
			}
			p := ss[0].Latest()
			if p.Flag != tc.flag {
				t.Errorf("flag %q, want %q", p.Flag, tc.flag)
			}
			same := func(got *float64, want float64) bool {
				if math.IsNaN(want) {
					return got == nil
				}
				return got != nil && math.Abs(*got-want) < 1e-9
			}
			if !same(p.Range.Low, tc.low) || !same(p.Range.High, tc.high) || p.Range.Text != tc.text {
				t.Errorf("range %v–%v %q, want %v–%v %q", deref(p.Range.Low), deref(p.Range.High), p.Range.Text, tc.low, tc.high, tc.text)
			}
		})
	}
}
