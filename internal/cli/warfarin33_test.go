package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F417: the INR clinic changed Walter's warfarin on 30 Nov (5 tablets Mon/Wed/Fri, 4 on other
// days, "frequency 1 per week" on those days as GP systems write it), and the 16 Nov order
// (3 tablets a day) stays "active" beside it. Reminders and today gave the superseded 3 tablets
// every day: the older plan could be followed, the newer was read as unclear. The newer order
// with another dose carries the reminders; its days are followed; and a newer order that cannot
// be followed leaves no reminder of the older dose.
func TestNewerOrderOfAnotherDoseSupersedesTheOlder(t *testing.T) {
	order := func(id, authored string, dosages ...any) map[string]any {
		return map[string]any{"fullUrl": "https://gp.example.nhs.uk/fhir/MedicationRequest/" + id, "resource": map[string]any{
			"resourceType": "MedicationRequest", "id": id, "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"coding": []any{map[string]any{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "855318", "display": "Warfarin sodium 1 mg tablet"}}},
			"subject":                   map[string]any{"reference": "Patient/wp48"}, "authoredOn": authored, "dosageInstruction": dosages}}
	}
	dosage := func(seq int, tablets float64, repeat map[string]any) map[string]any {
		d := map[string]any{"timing": map[string]any{"repeat": repeat},
			"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": tablets, "unit": "tablet", "system": "http://unitsofmeasure.org", "code": "{tbl}"}}}}
		if seq > 0 {
			d["sequence"] = seq
		}
		return d
	}
	daily := map[string]any{"frequency": 1, "period": 1, "periodUnit": "d", "timeOfDay": []string{"18:00:00"}}
	days := func(ds ...string) map[string]any {
		return map[string]any{"frequency": 1, "period": 1, "periodUnit": "wk", "dayOfWeek": ds, "timeOfDay": []string{"18:00:00"}}
	}
	patient := map[string]any{"fullUrl": "https://gp.example.nhs.uk/fhir/Patient/wp48", "resource": map[string]any{"resourceType": "Patient", "id": "wp48",
		"name": []any{map[string]any{"family": "Pennington", "given": []string{"Walter", "George"}}}, "birthDate": "1948-02-17"}}
	old := order("warf-1116", "2026-11-16T10:05:00Z", dosage(0, 3, daily))
	for _, tt := range []struct {
		name   string
		newer  map[string]any
		sunday string // today on Sunday 6 Dec
		monday string // the reminder of Monday 7 Dec
	}{
		{"by weekday", order("warf-1130", "2026-11-30T11:40:00Z", dosage(1, 5, days("mon", "wed", "fri")), dosage(1, 4, days("tue", "thu", "sat", "sun"))),
			"Warfarin sodium 1 mg tablet (4 tablets)", "Warfarin sodium 1 mg tablet (5 tablets)"},
		// 4 tablets "3 times a day" at two times: unclear, so no reminder, but never the old 3 tablets
		{"newer unclear", order("warf-1130", "2026-11-30T11:40:00Z", dosage(0, 4, map[string]any{"frequency": 3, "period": 1, "periodUnit": "d", "timeOfDay": []string{"09:00:00", "18:00:00"}})),
			"", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := newVault(t)
			r := in(dir).with("TZ", "Europe/London")
			b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{patient, old, tt.newer}})
			f := filepath.Join(t.TempDir(), "walter.json")
			if err := os.WriteFile(f, b, 0o600); err != nil {
				t.Fatal(err)
			}
			r.run(t, "import", f).ok(t)
			today := r.run(t, "today", "--at", "2026-12-06T12:00:00Z").ok(t).stdout
			rem := r.run(t, "reminders", "--from", "2026-12-07T00:00:00Z", "--to", "2026-12-08T00:00:00Z").ok(t).stdout
			if strings.Contains(today, "3 tablets") || strings.Contains(rem, "3 tablets") {
				t.Errorf("the superseded 3 tablets a day is reminded:\n%s\n%s", today, rem)
			}
			if tt.sunday != "" && !strings.Contains(today, tt.sunday) {
				t.Errorf("today on Sunday: %q, want %q", today, tt.sunday)
			}
			if tt.monday != "" && !strings.Contains(rem, tt.monday) {
				t.Errorf("Monday's reminders: %q, want %q", rem, tt.monday)
			}
			var meds []struct{ Ref, Schedule, Since, DoseSince string }
			if err := json.Unmarshal([]byte(r.run(t, "medicines", "--at", "2026-12-06T12:00:00Z", "--json").ok(t).stdout), &meds); err != nil {
				t.Fatal(err)
			}
			if len(meds) != 1 || meds[0].Ref != "MedicationRequest/warf-1130" || strings.Contains(meds[0].Schedule, "once a day") {
				t.Errorf("medicines: %+v, want the 30 Nov order's plan", meds)
			}
			// Taken since 16 Nov; the dose the row says since the 30 Nov order (F417 rest: the row
			// said "16 Nov 2026" alone beside the dose of 30 Nov).
			if len(meds) == 1 && (meds[0].Since != "2026-11-16" || meds[0].DoseSince != "2026-11-30") {
				t.Errorf("medicines --json since %q doseSince %q, want 2026-11-16 and 2026-11-30", meds[0].Since, meds[0].DoseSince)
			}
			if txt := r.run(t, "medicines", "--at", "2026-12-06T12:00:00Z").ok(t).stdout; !strings.Contains(txt, "16 Nov 2026; this dose since 30 Nov 2026") {
				t.Errorf("medicines: %q, want \"16 Nov 2026; this dose since 30 Nov 2026\"", txt)
			}
		})
	}
}
