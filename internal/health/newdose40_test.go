package health

import (
	"strings"
	"testing"
	"time"
)

// F525 item 10: Aoife's Keppra — the school nurse's letter says she has taken it since 1 Jun
// 2026, and her GP ordered it again on 20 Nov 2026 by weight; the Timeline said "Medicine
// started: Keppra" on both days. A record prescribing again, at another dose, a course under
// way says since when (NewDose); one of the same dose is listed again (ListedAgain, F497); a
// course stopped before starts anew.
func TestNewDoseOfACourseUnderWay(t *testing.T) {
	syd, _ := time.LoadLocation("Australia/Sydney")
	const keppra = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"311289","display":"levetiracetam 100 MG/ML Oral Solution"}],"text":"Keppra (levetiracetam) 100 mg/mL oral solution"}`
	rec := func(id, status, start, dose string) string {
		return `{"resourceType":"MedicationRequest","id":"` + id + `","status":"` + status + `","intent":"order",` + keppra + `,"authoredOn":"` + start + `",` +
			`"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":` + dose + `}]}]}`
	}
	const ml2 = `{"value":2,"unit":"mL"}`
	const byWeight = `{"value":10,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}`
	for _, c := range []struct {
		name           string
		records        []string
		again, newDose []string
	}{
		{"by weight after the nurse's 2 mL", []string{rec("nurse", "active", "2026-06-01", ml2), rec("gp", "active", "2026-11-20", byWeight)},
			[]string{"", ""}, []string{"", "2026-06-01"}},
		{"the same dose again", []string{rec("nurse", "active", "2026-06-01", ml2), rec("gp", "active", "2026-11-20", ml2)},
			[]string{"", "2026-06-01"}, []string{"", ""}},
		{"stopped before: a new start", []string{rec("nurse", "stopped", "2026-06-01", ml2), rec("gp", "active", "2026-11-20", byWeight)},
			[]string{"", ""}, []string{"", ""}},
		{"a third order at the first dose: since the first start", []string{rec("nurse", "active", "2026-06-01", ml2), rec("gp", "active", "2026-11-20", byWeight), rec("gp2", "active", "2026-12-01", ml2)},
			[]string{"", "", ""}, []string{"", "2026-06-01", "2026-06-01"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var fs []EventFacts
			for _, r := range c.records {
				f, ok := FactsOf("MedicationRequest", []byte(r), syd)
				if !ok {
					t.Fatalf("FactsOf: not a record: %s", r)
				}
				fs = append(fs, f)
			}
			if got := ListedAgain(fs); strings.Join(got, ",") != strings.Join(c.again, ",") {
				t.Errorf("ListedAgain = %q, want %q", got, c.again)
			}
			if got := NewDose(fs); strings.Join(got, ",") != strings.Join(c.newDose, ",") {
				t.Errorf("NewDose = %q, want %q", got, c.newDose)
			}
		})
	}
	var e Event
	e.SetNewDoseSince("2026-06-01")
	if e.NewDoseSince() != "2026-06-01" || e.ListedSince() != "" {
		t.Errorf("an event marked a new dose since 1 Jun: NewDoseSince %q, ListedSince %q", e.NewDoseSince(), e.ListedSince())
	}
}
