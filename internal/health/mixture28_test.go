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

// F215 (rate): HL7's medrx0322 ("KCl 20 mEq in 1 L 0.9%NS IV at 100 ml/hr": doseQuantity 20
// mEq, every hour, rateRatio 100 mL/h) read "20 mEq into a vein, once an hour", ten times the
// dose. An infusion is said in the prescriber's words, else with its rate, never "once an hour".
func TestInfusionSaysItsRate(t *testing.T) {
	b := testutil.ReadFile(t, filepath.Join(testutil.FixturesDir(t), "hl7-examples", "MedicationRequest-medrx0322.json"))
	for _, tc := range []struct {
		name string
		json []byte
		want string
	}{
		{"as written", b, "KCl 20 mEq in 1 L 0.9%NS IV at 100 ml/hr"},
		{"from its structure", withoutDosageText(t, b), "20 mEq into a vein, at 100 mL an hour"},
	} {
		s := NewSet([]Resource{{Key: Key{"clinic", "MedicationRequest", "x"}, Profile: "p", JSON: tc.json}}, nil)
		m := Medicines(s, MedOptions{})
		if len(m) != 1 {
			t.Fatalf("%s: %d medicines", tc.name, len(m))
		}
		if got := HowTaken(m[0].Dose, m[0].Timing); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
