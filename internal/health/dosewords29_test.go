package health

import (
	"strings"
	"testing"
	"time"
)

// F301: the HL7 C-CDA examples' medicines read 'Atenolol 25 mg tablet · 1 dose by mouth, twice a
// day' (a dose of value 1 without a unit) and 'Proventil … · 1 mg/actuat inhaled' (a strength per
// actuation as the dose's unit; the document's text says '2 puffs'). A tablet's bare 1 is
// '1 tablet'; a dose per actuation is counted in puffs.
func TestDoseOfAFormAndPerActuationInWords(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	recs := []Resource{
		medJSON("aten", "active", "2026-11-20", "197380", "Atenolol 25 MG Oral Tablet",
			`,"dosageInstruction":[{"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006","display":"Oral route"}]},"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1}}]}]`),
		medJSON("prov", "active", "2026-11-20", "573621", "Proventil 0.09 MG/ACTUAT inhalant solution",
			`,"dosageInstruction":[{"timing":{"repeat":{"frequency":4,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"mg/actuat","system":"http://unitsofmeasure.org","code":"mg/{actuat}"}}]}]`),
	}
	got := map[string]string{}
	for _, m := range Medicines(NewSet(recs, nil), MedOptions{Now: now}) {
		got[m.Name] = m.Dosage
	}
	for name, want := range map[string]string{"Atenolol 25 mg tablet": "1 tablet", "Proventil": "1 puff"} {
		found := false
		for n, d := range got {
			if strings.HasPrefix(n, name) {
				found = true
				if !strings.HasPrefix(d, want) || strings.Contains(d, "dose") || strings.Contains(d, "actuat") {
					t.Errorf("%s: dosage %q, want it to start %q", n, d, want)
				}
			}
		}
		if !found {
			t.Errorf("no %s in %v", name, got)
		}
	}
}
