package health

import (
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F285: the specification's lab health card named its results as LOINC writes them: 'Protein
// [Presence] in Urine · Negative', 'Anion gap 4 · 13 mmol/L' (the 4 is LOINC's method number,
// read as a value), 'pH of Urine · 5'. They read in words.
func TestLabCardResultNamesInWords(t *testing.T) {
	s := loadBundle(t, testutil.Fixture(t, "health-cards/generate-examples/src/fixtures/dr-bundle.json"))
	var names []string
	for _, se := range Results(s) {
		names = append(names, se.ShortName())
	}
	for _, tr := range TextResults(s) {
		names = append(names, tr.Name)
	}
	got := strings.Join(names, " | ")
	for _, want := range []string{"Anion gap", "Urine pH", "Protein in urine", "Glucose in urine", "Blood in urine", "White blood cells in urine"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("no %q in %s", want, got)
		}
	}
	for _, bad := range []string{"[Presence]", "Anion gap 4", "pH of Urine"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q in %s", bad, got)
		}
	}
}
