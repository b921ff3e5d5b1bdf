package health

import (
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F215 (name): HL7's medrx0329 (a contained Medication of salicylic acid twice and white
// petrolatum, no code) and medrx0323 (Clinimix, TPN electrolytes, Intralipid) were "Unnamed
// medicine" on Medicines; they are named by what is in them, as Timeline names them.
func TestMixtureNamedByIngredients(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	for _, tc := range []struct{ file, want string }{
		{"MedicationRequest-medrx0329.json", "Salicyclic Acid + White Petrolatum"},
		{"MedicationRequest-medrx0323.json", "Clinimix"},
	} {
		s := NewSet([]Resource{{Key: Key{"clinic", "MedicationRequest", "x"}, Profile: "p", JSON: testutil.ReadFile(t, filepath.Join(dir, tc.file))}}, nil)
		m := Medicines(s, MedOptions{})
		if len(m) != 1 || !strings.HasPrefix(m[0].Name, tc.want) || strings.Contains(m[0].Name, "Unnamed") {
			t.Errorf("%s: %+v, want %q", tc.file, m, tc.want)
		}
	}
}
