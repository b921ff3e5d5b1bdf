package health

import (
	"testing"
	"time"
)

// F491: a combination medicine's question named the two other records in a new order at each
// opening ("Other records also give Lisinopril … and Hydrochlorothiazide …" then the other way
// round): they came from a map. They are named in the list's order, by name.
func TestSameIngredientOthersNamedInOneOrder(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	s := NewSet([]Resource{
		medJSON("combo", "active", "2026-11-01", "", "Lisinopril 10 MG / Hydrochlorothiazide 12.5 MG Oral Tablet", ""),
		medJSON("lis", "active", "2026-11-01", "", "Lisinopril 20 MG Oral Tablet", ""),
		medJSON("hct", "active", "2026-11-01", "", "Hydrochlorothiazide 25 MG Oral Tablet", ""),
	}, nil)
	want := ""
	for range 50 {
		for _, m := range Medicines(s, MedOptions{Now: now}) {
			if m.Refs[0] != "MedicationRequest/combo" {
				continue
			}
			if want == "" {
				want = m.Question
				if want != "Other records also give Hydrochlorothiazide 25 mg tablet and Lisinopril 20 mg tablet — is this one being taken?" {
					t.Fatalf("question %q", want)
				}
			} else if m.Question != want {
				t.Fatalf("question %q, then %q", want, m.Question)
			}
		}
	}
}
