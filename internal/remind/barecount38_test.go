package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// F499: Rafael's GP orders tiotropium, 2 puffs at 09:00, and salbutamol as needed with at most
// 8 puffs a day (vchk38's gen.py); the discharge C-CDA of 3 Dec repeats both with a dose of
// "2" and no unit, as C-CDA inhaler doses are sent, and no times. The bare "2" was read as a
// newer order's other dose: the letter's copy took the reminders — tiotropium at CareKeeper's
// 07:30, salbutamol without its daily limit. "2" of an inhaler is 2 puffs: the GP's order keeps
// them. A bare number against a mass or another count is still another dose.
func TestBareDoseOfACopyIsTheOrdersCount(t *testing.T) {
	madrid := mustLoc(t, "Europe/Madrid")
	now := time.Date(2026, 12, 7, 8, 21, 0, 0, madrid)
	const tio = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1552002","display":"tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray"}],"text":"Spiriva Respimat 2,5 microgramos"}`
	const salb = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"745679","display":"albuterol 0.09 MG/ACTUAT Metered Dose Inhaler"}],"text":"Ventolin 100 microgramos/inhalación"}`
	puffs := func(n string) string {
		return `"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"puffs","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"PUFF"}}]`
	}
	bare := func(n, unit string) string {
		if unit != "" {
			unit = `,"unit":"` + unit + `"`
		}
		return `"doseAndRate":[{"doseQuantity":{"value":` + n + unit + `}}]`
	}
	gpTio := `{"resourceType":"MedicationRequest","id":"r-tio","status":"active","intent":"order","authoredOn":"2026-03-10",` + tio +
		`,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},` + puffs("2") + `}]}`
	letterTio := func(dose string) string {
		return `{"resourceType":"MedicationRequest","id":"ccda-tio","status":"active","intent":"plan","authoredOn":"2026-12-03",` + tio +
			`,"dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-03"},"frequency":1,"period":1,"periodUnit":"d"}},` + dose + `}]}`
	}
	gpSalb := `{"resourceType":"MedicationRequest","id":"r-salb","status":"active","intent":"order","authoredOn":"2026-03-10",` + salb +
		`,"dosageInstruction":[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}},"maxDosePerPeriod":{"numerator":{"value":8,"unit":"puffs"},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}},` + puffs("2") + `}]}`
	letterSalb := `{"resourceType":"MedicationRequest","id":"ccda-salb","status":"active","intent":"plan","authoredOn":"2026-12-03",` + salb +
		`,"dosageInstruction":[{"asNeededBoolean":true,"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-03"},"frequency":1,"period":4,"periodUnit":"h"}},` + bare("2", "") + `}]}`
	for _, tc := range []struct {
		name, letterDose string
		want             string // tiotropium's reminders today, and on which record
	}{
		{"a bare 2", bare("2", ""), "09:00 on MedicationRequest/r-tio"},
		{"3 puffs: another dose", puffs("3"), "07:30 on MedicationRequest/ccda-tio"},
		{"a bare 3: another dose", bare("3", ""), "07:30 on MedicationRequest/ccda-tio"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			pid := addPerson(t, v, "Rafael")
			var recs []storage.Record
			for _, r := range []struct{ src, id, js string }{
				{"https://fhir.cs-delicias.sermas.example.es", "r-tio", gpTio},
				{"https://fhir.cs-delicias.sermas.example.es", "r-salb", gpSalb},
				{"rafael-alta-12oct.xml", "ccda-tio", letterTio(tc.letterDose)},
				{"rafael-alta-12oct.xml", "ccda-salb", letterSalb},
			} {
				rec, err := storage.NewRecord(pid, storage.ID{Source: r.src, Type: "MedicationRequest", ID: r.id}, []byte(r.js))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, rec)
			}
			if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
				t.Fatal(err)
			}
			m, err := Load(ctx, v, LoadOptions{Device: madrid, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			day := time.Date(2026, 12, 7, 0, 0, 0, 0, madrid)
			var got []string
			on := ""
			for _, r := range m.Reminders(pid, day, day.AddDate(0, 0, 1), now) {
				if r.Kind == KindDose && strings.Contains(r.Ref, "tio") {
					got = append(got, r.Due.In(madrid).Format("15:04"))
					on = r.Ref
				}
			}
			if g := strings.Join(got, " ") + " on " + on; g != tc.want {
				t.Errorf("tiotropium reminded %q, want %q", g, tc.want)
			}
			if tc.name == "a bare 2" {
				var limit string
				for _, med := range m.Medicines(pid) {
					if med.Taking && strings.Contains(med.Ref, "salb") {
						limit = med.Ref + " " + med.Describe
					}
				}
				if !strings.Contains(limit, "r-salb") || !strings.Contains(limit, "at most 8 puffs a day") { // as the record gives it (F538)
					t.Errorf("salbutamol reminded by %q, want the GP's with its daily limit", limit)
				}
			}
		})
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{{"2", "2 puffs", true}, {"2", "2 {tbl}", true}, {"2", "3 puffs", false}, {"2", "2 mg", false}, {"2", "2 mL", false}, {"2", "2 units", false}} {
		if got := health.SameAmount(c.a, c.b, "Spiriva Respimat 2,5 microgramos", nil); got != c.same {
			t.Errorf("SameAmount(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
