package health

import (
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// F154: HL7's Observation-unsat, a glucose test cancelled because the tube broke: its details
// said 'Data absent reason' and 'Glucose [Moles/volume] in Blood'; Timeline names it cancelled.
func TestCancelledTestInWords(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "hl7-examples", "Observation-unsat.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Describe("Observation", b), "Cancelled: Glucose"; got != want {
		t.Errorf("Describe %q, want %q", got, want)
	}
	got := map[string]string{}
	for _, f := range RecordFields("Observation", b, nil, Clock{}) {
		got[f.Label] = f.Value
	}
	for label, want := range map[string]string{
		"No result because":   "Specimen unsatisfactory for evaluation",
		"Test or measurement": "Glucose",
		"Status":              "Cancelled, no result",
		"Data absent reason":  "",
	} {
		if got[label] != want {
			t.Errorf("%q: %q, want %q", label, got[label], want)
		}
	}
}
