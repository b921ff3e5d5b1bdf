package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// F468: Kenji picked up 60 metformin tablets (30 days) on 28 Nov 2026, in the pharmacy's file,
// whose dispense names no order (a pharmacy's record does not know the prescriber's order id);
// the refill still said the order's supply "would have run out on 26 Nov 2026". A dispense no
// order explains counts for the order of the same medicine (by a code, else by its name), as
// the Medicines row counts it; one of another medicine does not.
func TestDispenseNamingNoOrderCountsForTheOrderOfTheSameMedicine(t *testing.T) {
	const order = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"861007","display":"metformin hydrochloride 500 MG Oral Tablet"}]}`
	for _, c := range []struct {
		name, medication string
		counted          bool
	}{
		{"the same code", `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"861007"}],"text":"Metformin HCl 500mg tab"}`, true},
		{"the same name", `"medicationCodeableConcept":{"text":"metformin hydrochloride 500 MG Oral Tablet"}`, true},
		{"another medicine", `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"314076"}],"text":"lisinopril 10 MG Oral Tablet"}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := openVault(t)
			pid := addPerson(t, v, "Kenji")
			ctx := context.Background()
			res := `{"resourceType":"MedicationRequest","id":"j-m1","status":"active","intent":"order",` + order + `,"subject":{"reference":"Patient/p1"},"authoredOn":"2026-10-12",` +
				`"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}],` +
				`"dispenseRequest":{"quantity":{"value":90,"unit":"tablet"},"expectedSupplyDuration":{"value":45,"unit":"d"}}}`
			disp := `{"resourceType":"MedicationDispense","id":"d-jr-1","status":"completed",` + c.medication + `,"subject":{"reference":"Patient/p1"},` +
				`"quantity":{"value":60,"unit":"tablet"},"daysSupply":{"value":30,"unit":"day"},"whenHandedOver":"2026-11-28T15:10:00-08:00"}`
			var recs []storage.Record
			for _, r := range []struct{ typ, id, js string }{{"MedicationRequest", "j-m1", res}, {"MedicationDispense", "d-jr-1", disp}} {
				rec, err := storage.NewRecord(pid, storage.ID{Source: "pharmacy", Type: r.typ, ID: r.id}, []byte(r.js))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, rec)
			}
			if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)
			m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			med := m.Medicine(pid, "MedicationRequest/j-m1")
			if med == nil {
				t.Fatal("no medicine")
			}
			runOut, ok := m.RunOut(med, now)
			handed := time.Date(2026, 11, 28, 23, 10, 0, 0, time.UTC)
			if counted := ok && med.Supply != nil && med.Supply.AsOf.Equal(handed); counted != c.counted {
				t.Errorf("counted from the dispense %v, want %v (supply %+v, run-out %v)", counted, c.counted, med.Supply, runOut)
			}
			if c.counted && (!runOut.After(time.Date(2026, 12, 27, 0, 0, 0, 0, time.UTC)) || runOut.After(time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC))) {
				t.Errorf("run-out %v, want 28-29 Dec 2026 (60 tablets from 28 Nov, 2 a day)", runOut)
			}
		})
	}
}
