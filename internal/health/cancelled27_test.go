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

// F154: Results left a cancelled test out without a word; it is listed with the results in
// words, saying it has no result and why, never as a reading.
func TestCancelledTestListedWithoutAResult(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "hl7-examples", "Observation-unsat.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewSet([]Resource{{Key: Key{LocalSource, "Observation", "unsat"}, Profile: "p1", JSON: b}}, nil)
	if se := Results(s); len(se) != 0 {
		t.Errorf("%d series of a cancelled test", len(se))
	}
	tr := TextResults(s)
	if len(tr) != 1 {
		t.Fatalf("%d results in words, want 1", len(tr))
	}
	for _, c := range []struct{ what, got, want string }{
		{"text", tr[0].Text, "No result: Specimen unsatisfactory for evaluation"},
		{"kind", tr[0].Kind(), "test cancelled"},
		{"flag", string(tr[0].Flag), ""},
		{"day", tr[0].T.Format("2006-01-02"), "2013-04-02"},
	} {
		if c.got != c.want {
			t.Errorf("%s %q, want %q", c.what, c.got, c.want)
		}
	}
}
