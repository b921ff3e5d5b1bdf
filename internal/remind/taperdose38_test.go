package remind

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"carekeeper/storage"
)

// F509: Rafael's prednisone taper (3 tablets 4–6 Dec, 2 tablets 7–9 Dec, 1 tablet 10–12 Dec,
// each at 09:00; vchk38's gen.py) — the 7 Dec dose, reminded "(2 tablets)", was recorded as
// taken "(3 tablets)", the first step's amount, and so said by Today, the Timeline and the
// household's other device. A dose answered records the dose of the step in force at it.
func TestTaperDoseRecordsTheStepInForce(t *testing.T) {
	ctx := context.Background()
	madrid := mustLoc(t, "Europe/Madrid")
	now := time.Date(2026, 12, 7, 8, 50, 0, 0, madrid)
	v := openVault(t)
	pid := addPerson(t, v, "Rafael")
	step := func(seq int, n, start, end string) string {
		return `{"sequence":` + string(rune('0'+seq)) + `,"text":"` + n + ` comprimidos","timing":{"repeat":{"boundsPeriod":{"start":"` + start + `","end":"` + end + `"},"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},` +
			`"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"tablet","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}`
	}
	rec, err := storage.NewRecord(pid, storage.ID{Source: "https://fhir.cs-delicias.sermas.example.es", Type: "MedicationRequest", ID: "r-pred"}, []byte(
		`{"resourceType":"MedicationRequest","id":"r-pred","status":"active","intent":"order","authoredOn":"2026-12-03","medicationCodeableConcept":{"text":"Prednisona 10 mg comprimidos"},`+
			`"dosageInstruction":[`+step(1, "3", "2026-12-04", "2026-12-06")+`,`+step(2, "2", "2026-12-07", "2026-12-09")+`,`+step(3, "1", "2026-12-10", "2026-12-12")+`]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, v, LoadOptions{Device: madrid, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pid, "MedicationRequest/r-pred")
	if med == nil {
		t.Fatal("not loaded")
	}
	for _, c := range []struct {
		day  int
		want string
	}{{6, "3 tablet"}, {7, "2 tablet"}, {9, "2 tablet"}, {10, "1 tablet"}} {
		day := time.Date(2026, 12, c.day, 0, 0, 0, 0, madrid)
		rs := m.Reminders(pid, day, day.AddDate(0, 0, 1), now)
		if len(rs) != 1 {
			t.Fatalf("%d Dec: %d reminders", c.day, len(rs))
		}
		r := rs[0]
		d, err := RecordDose(ctx, v, med, DoseAction{Profile: pid, Ref: med.Ref, Occurrence: r.Occurrence, Scheduled: r.Due, When: r.Due.Add(-10 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := v.Get(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ma struct {
			Dosage struct{ Text string } `json:"dosage"`
		}
		if err := json.Unmarshal(got.Resource, &ma); err != nil {
			t.Fatal(err)
		}
		if d.Amount != c.want || ma.Dosage.Text != c.want {
			t.Errorf("%d Dec (reminded %q): recorded %q / %q, want %q", c.day, r.Title, d.Amount, ma.Dosage.Text, c.want)
		}
	}
}
