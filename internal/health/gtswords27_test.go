package health

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F135 (timing): a prescription timed by a code alone (HL7 R4 example medrx0311: timing.code
// GTS "QD") says when in words on Medicines and in 'medicines': "once a day", not "QD".
func TestMedicineTimingCodeInWords(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	for _, tc := range []struct{ file, want string }{
		{"MedicationRequest-medrx0311.json", "once a day"},
	} {
		res := testutil.ReadFile(t, filepath.Join(dir, tc.file))
		s := NewSet([]Resource{{Key: Key{Source: "clinic", Type: "MedicationRequest", ID: "x"}, Profile: "p", JSON: res}}, nil)
		meds := Medicines(s, MedOptions{Now: time.Date(2015, 2, 1, 0, 0, 0, 0, time.UTC)})
		if len(meds) != 1 {
			t.Fatalf("%s: %d medicines", tc.file, len(meds))
		}
		if got := meds[0].Timing; got != tc.want || strings.Contains(HowTaken(meds[0].Dose, got), "QD") {
			t.Errorf("%s: timing %q (%q), want %q", tc.file, got, HowTaken(meds[0].Dose, got), tc.want)
		}
	}
}

// F136: a taper and a dose per meal are said one instruction at a time, each dose with its own
// time, in the record's words: HL7 examples medrx0303 (prednisone 4, 2, then 1 tablet) and
// medrx0321 (insulin before each meal).
func TestMedicineInstructionsPaired(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	for _, tc := range []struct{ file, want string }{
		{"MedicationRequest-medrx0303.json", "Take 4 tablets daily for 7 days starting January 16, 2015; then take 2 tablets daily for 7 days starting January 23, 2015; then take 1 tablets daily for 7 days starting January 31, 2015"},
		{"MedicationRequest-medrx0321.json", "inject 10 units subcut 10 minutes before breakfast; 15 units before lunch; 20 units before dinner"},
	} {
		res := testutil.ReadFile(t, filepath.Join(dir, tc.file))
		s := NewSet([]Resource{{Key: Key{Source: "clinic", Type: "MedicationRequest", ID: "x"}, Profile: "p", JSON: res}}, nil)
		meds := Medicines(s, MedOptions{Now: time.Date(2015, 2, 1, 0, 0, 0, 0, time.UTC)})
		if len(meds) != 1 {
			t.Fatalf("%s: %d medicines", tc.file, len(meds))
		}
		if got := HowTaken(meds[0].Dose, meds[0].Timing); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.file, got, tc.want)
		}
	}
}
