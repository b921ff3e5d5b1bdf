package journey

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// F512 item 2: Walter's GP orders "Spiriva Respimat 2.5 micrograms" (RxNorm's tiotropium
// 1552002 in its coding), 2 puffs at 08:15; the hospital's discharge letter (a C-CDA, imported
// as the import writes it: its text the code's display) lists "tiotropium bromide 0.0025
// MG/ACTUAT Inhalation Spray" with a dose of "2" and no unit, and albuterol, an inhaler only
// the letter gives, also "2". Today said "Spiriva Respimat 2.5 micrograms (2 puffs)",
// Medicines and the summary "Tiotropium bromide 2.5 mcg per puff inhalation spray", the
// Timeline each record's own name; the albuterol was "(2 doses)" on Today and "2 puffs" on
// Medicines. One course has one name, the product's, and one count unit everywhere.
func TestOneCourseOneNameAndCountEverywhere(t *testing.T) {
	ctx := context.Background()
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, london)
	const tio = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1552002","display":"tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray"}],"text":%s}`
	const albuterol = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"745679","display":"albuterol 0.09 MG/ACTUAT Metered Dose Inhaler"}],"text":"albuterol 0.09 MG/ACTUAT Metered Dose Inhaler"}`
	med := func(text string) string { return strings.Replace(tio, "%s", text, 1) }
	gp := `{"resourceType":"MedicationRequest","id":"w-tio","status":"active","intent":"order","authoredOn":"2026-09-01",` + med(`"Spiriva Respimat 2.5 micrograms"`) +
		`,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:15:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puffs","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"PUFF"}}]}]}`
	letterTio := `{"resourceType":"MedicationRequest","id":"ccda-tio","status":"active","intent":"plan","authoredOn":"2026-12-03",` + med(`"tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray"`) +
		`,"dosageInstruction":[{"text":"Tiotropium 2.5 mcg: 2 inhalations every 24 hours","timing":{"repeat":{"boundsPeriod":{"start":"2026-12-03"},"frequency":1,"period":24,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":2}}]}]}`
	letterAlb := `{"resourceType":"MedicationRequest","id":"ccda-alb","status":"active","intent":"plan","authoredOn":"2026-12-03",` + albuterol +
		`,"dosageInstruction":[{"asNeededBoolean":true,"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-03"},"frequency":1,"period":4,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":2}}]}]}`
	for _, tc := range []struct {
		name     string
		gpText   string // the GP's own name of the inhaler ("" : the code's display, as the letter)
		wantName string
	}{
		{"the GP names the product", `"Spiriva Respimat 2.5 micrograms"`, "Spiriva Respimat 2.5 micrograms"},
		{"both name it by the code", `"tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray"`, "Tiotropium bromide 2.5 mcg per puff inhalation spray"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, pid := newPerson(t, "Walter Brandt")
			writeAt(t, v, pid, "https://fhir.gp-harbour.example.org", now.Add(-time.Hour), strings.Replace(gp, `"Spiriva Respimat 2.5 micrograms"`, tc.gpText, 1))
			writeAt(t, v, pid, "discharge.xml", now.Add(-time.Hour), letterTio, letterAlb)
			opt := LoadOptions{Device: london}
			const albName = "Albuterol 90 mcg per puff inhaler"

			var names []string
			views, err := Today(ctx, v, pid, now, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range views[0].Doses {
				names = append(names, "today "+d.Reminder.Title)
			}
			for _, a := range views[0].AsNeeded {
				names = append(names, "as needed "+a.Name)
			}
			rows, err := Medicines(ctx, v, pid, now, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				names = append(names, "medicines "+r.Name+": "+r.Dose)
			}
			tl, err := Timeline(ctx, v, pid, now, london, TimelineOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tl {
				if strings.Contains(r.Title, "Medicine") {
					names = append(names, "timeline "+r.Title)
				}
			}
			s, err := BuildSummary(ctx, v, pid, now.AddDate(0, 0, -14), now, now, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range s.Medicines {
				names = append(names, "summary "+m.Name)
			}
			slices.Sort(names)
			want := []string{
				"as needed " + albName + " (2 puffs)",
				"medicines " + albName + ": 2 puffs",
				"medicines " + tc.wantName + ": 2 puffs",
				"summary " + albName,
				"summary " + tc.wantName,
				"timeline Medicine listed again: " + tc.wantName + " (taken since 1 Sep 2026)",
				"timeline Medicine started: " + albName,
				"timeline Medicine started: " + tc.wantName,
				"today " + tc.wantName + " (2 puffs)",
			}
			if strings.Join(names, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
