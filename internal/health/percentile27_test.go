package health

import "testing"

// F113: a child's growth percentile (BMI for age, head circumference, weight for length) is a
// rank among children of that age and sex, not a percentage of anything: Results named a BMI
// percentile 'Body mass index (BMI)' and wrote it '32.1%' beside the BMI itself.
func TestGrowthPercentileWords(t *testing.T) {
	obs := func(code, display string, v float64) Resource {
		return Resource{Key: Key{LocalSource, "Observation", code}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","status":"final",` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"` + code + `","display":"` + display + `"}],"text":"` + display + `"},` +
			`"effectiveDateTime":"2025-02-06T10:00:00Z","valueQuantity":{"value":` + Number(v, "") + `,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}`)}
	}
	for _, tc := range []struct {
		code, display string
		v             float64
		name, value   string
	}{
		{"59576-9", "Body mass index (BMI) [Percentile] Per age and sex", 32.1, "BMI for age (percentile)", "32nd percentile"},
		{"8289-1", "Head Occipital-frontal circumference Percentile", 71, "Head circumference for age (percentile)", "71st percentile"},
		{"77606-2", "Weight-for-length Per age and sex", 2.6, "Weight for length (percentile)", "3rd percentile"},
		{"59576-9", "Body mass index (BMI) [Percentile] Per age and sex", 12.4, "BMI for age (percentile)", "12th percentile"},
		{"59576-9", "Body mass index (BMI) [Percentile] Per age and sex", 99.7, "BMI for age (percentile)", "99.7 percentile"},
		{"59574-4", "Body mass index (BMI) [Percentile]", 85, "BMI (percentile)", "85th percentile"},
		{"4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", 7.2, "HbA1c", "7.2%"},
	} {
		t.Run(tc.code+" "+tc.value, func(t *testing.T) {
			se := Results(NewSet([]Resource{obs(tc.code, tc.display, tc.v)}, nil))
			if len(se) != 1 {
				t.Fatalf("%d series", len(se))
			}
			s := se[0]
			if got := s.ShortName(); got != tc.name {
				t.Errorf("ShortName %q, want %q", got, tc.name)
			}
			if got := s.PlainName(); got != tc.name {
				t.Errorf("PlainName %q, want %q", got, tc.name)
			}
			if got := s.ReadingWords(s.Latest()); got != tc.value {
				t.Errorf("ReadingWords %q, want %q", got, tc.value)
			}
		})
	}
}

// F113: the Timeline's words for a percentile reading say the rank too.
func TestGrowthPercentileDescribe(t *testing.T) {
	js := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"59576-9","display":"Body mass index (BMI) [Percentile] Per age and sex"}],"text":"Body mass index (BMI) [Percentile] Per age and sex"},"effectiveDateTime":"2025-02-06T10:00:00Z","valueQuantity":{"value":32.1,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}`
	got := Describe("Observation", []byte(js))
	if want := "BMI for age (percentile): 32nd percentile"; got != want {
		t.Errorf("Describe %q, want %q", got, want)
	}
}
