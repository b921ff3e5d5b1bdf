package health

import (
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// F350: HL7's Observation-glasgow (a Glasgow Coma Scale of 13) gives three bands, each typed
// by what it means — up to 8 "Severe TBI", 9–12 "Moderate TBI", 13 and over "Mild TBI" — and
// no normal range: 13 was "High" over the first band, "The lab's reference range: up to 8".
// Bands of another meaning flag nothing and are said as the record gives them. (A therapeutic
// range alone flags, as a therapeutic range: F364, TestTherapeuticRangeFlags.)
func TestRangesOfAnotherMeaningFlagNothing(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	gcs := Resource{Key: Key{"clinic", "Observation", "glasgow"}, Profile: "p", JSON: testutil.ReadFile(t, filepath.Join(dir, "Observation-glasgow.json"))}
	patient := Resource{Key: Key{"clinic", "Patient", "example"}, Profile: "p", JSON: testutil.ReadFile(t, filepath.Join(dir, "Patient-example.json"))}
	for _, tc := range []struct {
		name string
		recs []Resource
		text string
	}{
		{"Glasgow Coma Scale bands", []Resource{patient, gcs}, "≤ 8 (Severe TBI); 9–12 (Moderate TBI); ≥ 13 (Mild TBI)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet(tc.recs, nil))
			if len(ss) != 1 || ss[0].Len() != 1 {
				t.Fatalf("%d series", len(ss))
			}
			p := ss[0].Latest()
			if p.Flag != FlagNone || p.Range.Low != nil || p.Range.High != nil || p.Range.Text != tc.text {
				t.Errorf("flag %q, range %v–%v %q; want no flag, %q", p.Flag, deref(p.Range.Low), deref(p.Range.High), p.Range.Text, tc.text)
			}
		})
	}
}
