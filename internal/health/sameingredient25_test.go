package health

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// F45: a child's amoxicillin from a FHIR file (250 mg/5 mL every 8 hours) and from a visit
// summary of the same day (80 mg/mL every 12 hours) were two rows being taken, each with its
// reminders and not a word: followed, they give amoxicillin five times a day. Each is now to
// confirm, asking with what the other gives (and does not remind until answered). Another
// person's, a stopped one, a different ingredient and a name without a strength are left alone.
func TestMedicinesSameIngredientTwiceIsSaid(t *testing.T) {
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	every := func(h int) string {
		return `,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":` + strconv.Itoa(h) + `,"periodUnit":"h"}}}]`
	}
	other := medJSON("amox-other", "active", "2026-12-01", "308182", "Amoxicillin 250 MG/5 ML Oral Suspension", every(8))
	other.Profile = "q"
	set := NewSet([]Resource{
		medJSON("amox-a", "active", "2026-12-01", "308182", "Amoxicillin 250 MG/5 ML Oral Suspension", every(8)),
		medJSON("amox-b", "active", "2026-12-01", "308189", "amoxicillin 80 MG/ML Oral Suspension", every(12)),
		medJSON("ibu", "active", "2026-12-01", "197803", "Ibuprofen 100 MG/5 ML Oral Suspension", every(6)),
		medJSON("amox-old", "stopped", "2025-03-01", "308191", "Amoxicillin 500 MG Oral Capsule", every(8)),
		medJSON("vit", "active", "2026-12-01", "1", "Vitamin D", ""),
		medJSON("vit2", "active", "2026-12-01", "2", "Vitamin D drops", ""),
		other,
	}, nil)
	got := map[string]string{}
	for _, m := range Medicines(set, MedOptions{Now: now}) {
		if m.SameIngredient {
			got[m.Profile+" "+m.Name] = m.Question
		} else {
			got[m.Profile+" "+m.Name] = ""
		}
	}
	for name, want := range map[string]string{
		"p Amoxicillin 250 mg/5 mL oral suspension": "Another record also gives Amoxicillin 80 mg/mL oral suspension, once every 12 hours — is this one being taken?",
		"p Amoxicillin 80 mg/mL oral suspension":    "Another record also gives Amoxicillin 250 mg/5 mL oral suspension, once every 8 hours — is this one being taken?",
		"p Ibuprofen 100 mg/5 mL oral suspension":   "",
		"p Amoxicillin 500 mg capsule":              "",
		"p Vitamin D":                               "",
		"p Vitamin D drops":                         "",
		"q Amoxicillin 250 mg/5 mL oral suspension": "",
	} {
		d, ok := got[name]
		if !ok {
			t.Errorf("no row %q in %q", name, strings.Join(keys(got), "; "))
			continue
		}
		if d != want {
			t.Errorf("%s: question %q, want %q", name, d, want)
		}
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
