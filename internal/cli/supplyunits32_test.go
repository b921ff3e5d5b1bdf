package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F398: a prescription's supply in an amount the doses do not share was counted dose by dose:
// HL7's Timoptic (medrx0330: 10 mL of eye drops for 30 days, 1 drop twice a day) "runs out
// around 20 Jan 2015" — 10 mL read as 10 drops — and Vagistat-3 (medrx0339: quantity 1, a pack,
// for a 3-day course) "may have run out: … they last 0 days". A supply in another amount than
// the doses is counted by its days; one in the doses' own amount (150 mL of 5 mL doses) in
// doses; one of no unit for days is a pack; a course that ends by the supply's end needs no
// refill. A supply of tablets is counted as before.
func TestSupplyInAnotherUnitThanTheDoses(t *testing.T) {
	for _, c := range []struct {
		name, at string
		dosage   map[string]any
		supply   map[string]any
		want     string // the Refill line of 'today --at', "" for none
	}{
		{"10 mL of eye drops for 30 days", "2015-02-10T12:00:00Z",
			map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"09:00:00", "21:00:00"}}}, "doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1, "unit": "OPDROP"}}}},
			map[string]any{"quantity": map[string]any{"value": 10, "unit": "mL", "code": "mL"}, "expectedSupplyDuration": map[string]any{"value": 30, "unit": "days", "code": "d"}},
			"Refill: Timolol eye drops runs out around 14 Feb 2015"},
		{"10 mL of eye drops, two days in", "2015-01-17T12:00:00Z",
			map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"09:00:00", "21:00:00"}}}, "doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1, "unit": "OPDROP"}}}},
			map[string]any{"quantity": map[string]any{"value": 10, "unit": "mL", "code": "mL"}, "expectedSupplyDuration": map[string]any{"value": 30, "unit": "days", "code": "d"}},
			""},
		{"150 mL of 5 mL doses", "2015-01-20T12:00:00Z",
			map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"08:00:00", "14:00:00", "20:00:00"}}}, "doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 5, "unit": "mL"}}}},
			map[string]any{"quantity": map[string]any{"value": 150, "unit": "mL"}},
			"Refill: Timolol eye drops runs out around 25 Jan 2015"},
		{"a pack for a 3-day course", "2015-01-17T12:00:00Z",
			map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"21:00:00"}, "boundsPeriod": map[string]any{"start": "2015-01-16", "end": "2015-01-18"}}}, "doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1, "unit": "VAGTAB"}}}},
			map[string]any{"quantity": map[string]any{"value": 1}, "expectedSupplyDuration": map[string]any{"value": 3, "unit": "days", "code": "d"}},
			""},
		{"60 tablets for 30 days", "2015-02-10T12:00:00Z",
			map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"09:00:00", "21:00:00"}}}, "doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1, "unit": "TAB"}}}},
			map[string]any{"quantity": map[string]any{"value": 60, "unit": "TAB"}, "expectedSupplyDuration": map[string]any{"value": 30, "unit": "days", "code": "d"}},
			"Refill: Timolol eye drops runs out around 14 Feb 2015"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := in(newVault(t)).with("TZ", "UTC")
			c.supply["validityPeriod"] = map[string]any{"start": "2015-01-15", "end": "2016-01-15"}
			b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
				map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "pat1", "name": []any{map[string]any{"given": []string{"Donald"}, "family": "Duck"}}, "birthDate": "1950-01-01"}},
				map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "medrx0330", "status": "active", "intent": "order",
					"medicationCodeableConcept": map[string]any{"text": "Timolol eye drops"}, "subject": map[string]any{"reference": "Patient/pat1"},
					"authoredOn": "2015-01-15", "dosageInstruction": []any{c.dosage}, "dispenseRequest": c.supply}},
			}})
			f := filepath.Join(t.TempDir(), "rx.json")
			if err := os.WriteFile(f, b, 0o600); err != nil {
				t.Fatal(err)
			}
			importJSON(t, r, f)
			out := r.run(t, "today", "--at", c.at).ok(t).stdout
			var got []string
			for _, l := range strings.Split(out, "\n") {
				if strings.Contains(l, "Refill:") {
					got = append(got, strings.TrimSpace(l))
				}
			}
			if want := []string{c.want}; c.want == "" && len(got) != 0 || c.want != "" && (len(got) != 1 || got[0] != c.want) {
				t.Errorf("today --at %s: refill lines %q, want %q:\n%s", c.at, got, want, out)
			}
		})
	}
}
