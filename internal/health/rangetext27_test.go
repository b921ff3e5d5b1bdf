package health

import (
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// F153: HL7's Observation-f004 (red blood cells 4.12 ×10¹²/L) gives its reference range only
// as text, by age and sex; Results said 'No reference range in the records'. The range is
// kept as the lab wrote it (spaces folded), never drawn nor used to flag.
func TestRangeGivenAsText(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "hl7-examples", "Observation-f004.json"))
	if err != nil {
		t.Fatal(err)
	}
	withNumbers := []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},` +
		`"effectiveDateTime":"2013-04-02","valueQuantity":{"value":7.2,"unit":"g/dL","system":"http://unitsofmeasure.org","code":"g/dL"},` +
		`"referenceRange":[{"low":{"value":7.5},"high":{"value":10},"text":"7.5 - 10 g/dL"}]}`)
	for _, tc := range []struct {
		name, json string
		text       string
		numbers    bool
	}{
		{"a range only in words", string(b), "12-14 y Male: 4.4 - 5.2 x 10^12/L ; 12-14 y Female: 4.2 - 4.8 x 10^12/L ; 15-17 y Male: 4.6 - 5.4 x 10^12/L ; 15-17 y Female: 4.2 - 4.8 x 10^12/L ; 18-64 y Male: 4.6 - 5.4 x 10^12/L ; 18-64 y Female: 4.0 - 4.8 x 10^12/L ; 65-74 y Male: 4.3 - 5.3 x 10^12/L ; 65-74 y Female: 4.1 - 4.9 x 10^12/L", false},
		{"numbers and words", string(withNumbers), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			se := Results(NewSet([]Resource{{Key: Key{LocalSource, "Observation", "o"}, Profile: "p1", JSON: []byte(tc.json)}}, nil))
			if len(se) != 1 {
				t.Fatalf("%d series", len(se))
			}
			r := se[0].Range
			if r.Text != tc.text || (r.Low != nil || r.High != nil) != tc.numbers || r.Typical {
				t.Errorf("range %+v, want text %q, numbers %v", r, tc.text, tc.numbers)
			}
		})
	}
}
