package health

import (
	"testing"
	"time"
)

// F417 rest: Walter's warfarin, 3 tablets a day by the order of 16 Nov and 5/4 tablets by
// weekday by the order of 30 Nov, was one row "since 16 Nov 2026" beside the dose of 30 Nov.
// The row says since when it is taken and since when at that dose; a renewal at the same dose,
// or another source writing one dose its own way, says nothing more.
func TestMedicineSaysSinceWhenItsDose(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	dose := func(n int) string {
		return `,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["18:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":` +
			string(rune('0'+n)) + `,"unit":"tablet"}}]}]`
	}
	from := func(r Resource, src string) Resource { r.Key.Source = src; return r }
	const gp = "https://gp.example/fhir"
	for _, tc := range []struct {
		name      string
		rs        []Resource
		doseSince string
		words     string
	}{
		{"another dose by a newer order", []Resource{
			from(medJSON("w1", "active", "2026-11-16", "855318", "Warfarin sodium 1 mg tablet", dose(3)), gp),
			from(medJSON("w2", "active", "2026-11-30", "855318", "Warfarin sodium 1 mg tablet", dose(5)), gp),
		}, "2026-11-30", "16 Nov 2026; this dose since 30 Nov 2026"},
		{"renewed at the same dose", []Resource{
			from(medJSON("w1", "active", "2026-11-16", "855318", "Warfarin sodium 1 mg tablet", dose(3)), gp),
			from(medJSON("w2", "active", "2026-11-30", "855318", "Warfarin sodium 1 mg tablet", dose(3)), gp),
		}, "", "16 Nov 2026"},
		{"changed, then renewed", []Resource{
			from(medJSON("w1", "active", "2026-10-02", "855318", "Warfarin sodium 1 mg tablet", dose(3)), gp),
			from(medJSON("w2", "active", "2026-11-16", "855318", "Warfarin sodium 1 mg tablet", dose(5)), gp),
			from(medJSON("w3", "active", "2026-11-30", "855318", "Warfarin sodium 1 mg tablet", dose(5)), gp),
		}, "2026-11-16", "2 Oct 2026; this dose since 16 Nov 2026"},
		{"another source, another dose", []Resource{
			from(medJSON("w1", "active", "2026-11-16", "855318", "Warfarin sodium 1 mg tablet", dose(3)), "https://hospital.example/fhir"),
			from(medJSON("w2", "active", "2026-11-30", "855318", "Warfarin sodium 1 mg tablet", dose(5)), gp),
		}, "", "16 Nov 2026"},
	} {
		meds := Medicines(NewSet(tc.rs, nil), MedOptions{Now: now})
		if len(meds) != 1 {
			t.Fatalf("%s: %d rows", tc.name, len(meds))
		}
		if m := meds[0]; m.DoseSince != tc.doseSince || m.SinceWords() != tc.words {
			t.Errorf("%s: doseSince %q, words %q; want %q, %q", tc.name, m.DoseSince, m.SinceWords(), tc.doseSince, tc.words)
		}
	}
}
