package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F481: apixaban ordered by the GP in April 2024 at 08:00 and 20:00, repeated by a discharge
// letter of 28 Nov 2026 without times, was reminded at CareKeeper's 07:30 and 18:30: the GP's
// order, written over 12 months ago, was not "taking" on its own, so only the letter's copy
// could carry the reminders. The copy keeps the medicine current; the order giving the times
// carries them. A stopped order, or one the person said they stopped, still does not.
func TestStaleOrderGivingTheTimesKeepsThemWhenACopyIsCurrent(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	now := time.Date(2026, 12, 7, 6, 0, 0, 0, berlin)
	const apixaban = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1364445","display":"apixaban 5 MG Oral Tablet"}]}`
	copyNoTimes := `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	for _, tc := range []struct {
		name, gpStatus, gpAuthored string
		want                       string // the times reminded today, and on which record
	}{
		{"the GP's order over a year old", "active", "2024-04-02", "08:00 20:00 on gp"},
		{"the GP's order of last month", "active", "2026-11-18", "08:00 20:00 on gp"},
		{"the GP's order stopped", "stopped", "2024-04-02", "07:30 18:30 on letter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			pid := addPerson(t, v, "Ingrid")
			gp, err := storage.NewRecord(pid, storage.ID{Source: "https://fhir.praxis.example.de", Type: "MedicationRequest", ID: "gp"}, []byte(
				`{"resourceType":"MedicationRequest","id":"gp","status":"`+tc.gpStatus+`","intent":"order","authoredOn":"`+tc.gpAuthored+`",`+apixaban+`,"dosageInstruction":`+twiceDaily+`}`))
			if err != nil {
				t.Fatal(err)
			}
			letter, err := storage.NewRecord(pid, storage.ID{Source: "ingrid-entlassung.xml", Type: "MedicationStatement", ID: "letter"}, []byte(
				`{"resourceType":"MedicationStatement","id":"letter","status":"active","effectivePeriod":{"start":"2026-11-28"},`+apixaban+`,"dosage":`+copyNoTimes+`}`))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{gp, letter}}); err != nil {
				t.Fatal(err)
			}
			m, err := Load(ctx, v, LoadOptions{Device: berlin, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			day := time.Date(2026, 12, 7, 0, 0, 0, 0, berlin)
			var got []string
			on := ""
			for _, r := range m.Reminders(pid, day, day.AddDate(0, 0, 1), now) {
				got = append(got, r.Due.In(berlin).Format("15:04"))
				on = map[string]string{"MedicationRequest/gp": "gp", "MedicationStatement/letter": "letter"}[r.Ref]
			}
			if g := strings.Join(got, " ") + " on " + on; g != tc.want {
				t.Errorf("reminded %q, want %q", g, tc.want)
			}
		})
	}
}
