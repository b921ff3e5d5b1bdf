package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F549: Stanisław's apixaban, "1 tabl." at 08:00 and 20:00 by his GP, was reminded at
// CareKeeper's 07:30 and 18:30 once his discharge letter repeated it "every 12 hours" with a
// dose of a bare 1 (a C-CDA doseQuantity with no unit, its text in Polish): the bare 1 read as
// another dose than "1 tabl.", so the newer letter's copy, giving no times, won. A bare number
// is not a dose change of the same number with a unit; a different number still is (F417).
func TestBareDoseOfACopyKeepsTheOrdersTimes(t *testing.T) {
	warsaw := mustLoc(t, "Europe/Warsaw")
	now := time.Date(2026, 12, 7, 6, 0, 0, 0, warsaw)
	const apixaban = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1364445","display":"apixaban 5 MG Oral Tablet"}]}`
	gpDosage := `[{"text":"1 tabletka 2 razy dziennie","timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tabl.","code":"TAB"}}]}]`
	for _, tc := range []struct {
		name, letterDose string
		want             string // the times reminded today, and on which record
	}{
		{"the same number, bare", `{"value":1}`, "08:00 20:00 on gp"},
		{"the same number, the same unit", `{"value":1,"unit":"tabl.","code":"TAB"}`, "08:00 20:00 on gp"},
		{"another number, bare", `{"value":2}`, "07:30 18:30 on letter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			pid := addPerson(t, v, "Stanisław")
			gp, err := storage.NewRecord(pid, storage.ID{Source: "https://fhir.przychodnia.example.pl", Type: "MedicationRequest", ID: "gp"}, []byte(
				`{"resourceType":"MedicationRequest","id":"gp","status":"active","intent":"order","authoredOn":"2026-06-03",`+apixaban+`,"dosageInstruction":`+gpDosage+`}`))
			if err != nil {
				t.Fatal(err)
			}
			letter, err := storage.NewRecord(pid, storage.ID{Source: "szpital-stanislaw.xml", Type: "MedicationStatement", ID: "letter"}, []byte(
				`{"resourceType":"MedicationStatement","id":"letter","status":"active","effectivePeriod":{"start":"2026-12-04"},`+apixaban+
					`,"dosage":[{"text":"1 tabletka co 12 godzin — bez zmian","timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":`+tc.letterDose+`}]}]}`))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{gp, letter}}); err != nil {
				t.Fatal(err)
			}
			m, err := Load(ctx, v, LoadOptions{Device: warsaw, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			day := time.Date(2026, 12, 7, 0, 0, 0, 0, warsaw)
			var got []string
			on := ""
			for _, r := range m.Reminders(pid, day, day.AddDate(0, 0, 1), now) {
				got = append(got, r.Due.In(warsaw).Format("15:04"))
				on = map[string]string{"MedicationRequest/gp": "gp", "MedicationStatement/letter": "letter"}[r.Ref]
			}
			if g := strings.Join(got, " ") + " on " + on; g != tc.want {
				t.Errorf("reminded %q, want %q", g, tc.want)
			}
		})
	}
}
