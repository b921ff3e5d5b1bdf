package health

import (
	"testing"
	"time"
)

// F557 item 9: the GP's "Eliquis (apiksaban) 5 mg" and the hospital's "Eliquis 5 mg" — one
// brand, with and without its generic in brackets — were "Sources name it differently" in a
// warning colour. Brand against generic still is a difference.
func TestBrandWithItsGenericInBracketsIsOneName(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		a, b, want string
	}{
		{"Eliquis (apiksaban) 5 mg", "Eliquis 5 mg", ""},
		{"Keppra (lewetyracetam) 500 mg", "Keppra 500 mg", ""},
		{"Marevan (warfarin) 1 mg", "Warfarin 1 mg", "Sources name it differently"},
		{"Eliquis 5 mg", "Apixaban 5 mg", "Sources name it differently"},
	} {
		recs := []Resource{medJSON("gp", "active", "2026-06-03", "1364445", tc.a, ""), medJSON("letter", "active", "2026-12-04", "1364445", tc.b, "")}
		meds := Medicines(NewSet(recs, nil), MedOptions{Now: now})
		if len(meds) != 1 {
			t.Fatalf("%s / %s: %d rows", tc.a, tc.b, len(meds))
		}
		if got := meds[0].Difference; got != tc.want {
			t.Errorf("%s / %s: difference %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}
