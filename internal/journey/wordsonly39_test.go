package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F502: Rafael's GP orders a prednisone taper (3 tablets on 4–6 Dec, 2 on 7–9 Dec, 1 on 10–12
// Dec, each at 09:00); the discharge letter lists prednisone 10 mg for 4–12 Dec with only words,
// "3 tablets for 3 days, then 2 tablets for 3 days, then 1 tablet for 3 days, then stop" (no
// doseQuantity, no frequency), as tapers come in letters. Medicines said "Sources give different
// doses" and the visit summary said the letter's words, not the steps. Words alone state no
// other dose; the row and the summary say the GP's steps, from the copy that reminds. A copy
// giving another dose in structure is still a difference.
func TestWordsOnlyCopyIsNoOtherDose(t *testing.T) {
	ctx := context.Background()
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 8, 25, 0, 0, madrid)
	const pred = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"312617","display":"predniSONE 10 MG Oral Tablet"}],"text":%s}`
	step := func(seq, n, from, to string) string {
		return `{"sequence":` + seq + `,"timing":{"repeat":{"boundsPeriod":{"start":"` + from + `","end":"` + to + `"},"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},` +
			`"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"tablet","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"TAB"}}]}`
	}
	gp := `{"resourceType":"MedicationRequest","id":"r-pred","status":"active","intent":"order","authoredOn":"2026-12-03",` + strings.Replace(pred, "%s", `"Prednisona 10 mg comprimidos"`, 1) +
		`,"dosageInstruction":[` + step("1", "3", "2026-12-04", "2026-12-06") + `,` + step("2", "2", "2026-12-07", "2026-12-09") + `,` + step("3", "1", "2026-12-10", "2026-12-12") + `]}`
	letter := func(dosage string) string {
		return `{"resourceType":"MedicationRequest","id":"ccda-pred","status":"active","intent":"plan","authoredOn":"2026-12-04",` + strings.Replace(pred, "%s", `"predniSONE 10 MG Oral Tablet"`, 1) +
			`,"dosageInstruction":[` + dosage + `]}`
	}
	const words = `{"text":"Prednisone 10 mg: 3 tablets for 3 days, then 2 tablets for 3 days, then 1 tablet for 3 days, then stop","route":{"coding":[{"code":"C38288","display":"Oral","system":"http://ncimeta.nci.nih.gov"}],"text":"Oral"},"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-04","end":"2026-12-12"}}}}`
	const other = `{"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-04","end":"2026-12-12"},"frequency":1,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"tablet"}}]}`
	steps := "3 tablets on 4–6 Dec 2026, then 2 tablets on 7–9 Dec 2026, then 1 tablet on 10–12 Dec 2026"
	for _, tc := range []struct {
		name, letter   string
		wantDifference string
		wantSummary    string // in the summary's line of the medicine
	}{
		{"the letter's words only", letter(words), "Sources name it differently", steps}, // no dose difference: only the names (Prednisona, predniSONE)
		{"the letter's other dose", letter(other), "Sources give different doses", ""},
		{"the letter's words of another dose", letter(strings.Replace(words, "3 tablets for 3 days, then 2 tablets for 3 days, then 1 tablet for 3 days, then stop", "4 tablets a day for 9 days", 1)), "Sources give different doses", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, pid := newPerson(t, "Rafael Herrera Ortiz")
			writeAt(t, v, pid, "https://fhir.cs-delicias.sermas.example.es", now.Add(-time.Hour), gp)
			writeAt(t, v, pid, "rafael-alta-12oct.xml", now.Add(-time.Hour), tc.letter)
			opt := LoadOptions{Device: madrid}
			rows, err := Medicines(ctx, v, pid, now, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 {
				t.Fatalf("%d rows, want one medicine", len(rows))
			}
			if r := rows[0]; r.Difference != tc.wantDifference {
				t.Errorf("difference %q, want %q", r.Difference, tc.wantDifference)
			}
			if tc.wantSummary == "" {
				return
			}
			if r := rows[0]; !strings.Contains(r.Timing, "3 tablets, once a day at 09:00; then 2 tablets, once a day at 09:00; then 1 tablet") {
				t.Errorf("the row says %q %q, want the GP's steps", r.Dose, r.Timing)
			}
			// F512 item 3: one course started on 4 Dec, the letter's copy said on its row
			tl, err := Timeline(ctx, v, pid, now, madrid, TimelineOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var started []string
			for _, r := range tl {
				if strings.Contains(r.Title, "Medicine") {
					started = append(started, r.Day+" "+r.Title+" · "+r.Where)
				}
			}
			wantRows := "4 Dec 2026 Medicine started: Prednisona 10 mg comprimidos · from fhir.cs-delicias.sermas.example.es and from rafael-alta-12oct.xml (its dose in words only)\n" +
				"3 Dec 2026 Medicine prescribed, to start 4 Dec 2026: Prednisona 10 mg comprimidos · from fhir.cs-delicias.sermas.example.es"
			if g := strings.Join(started, "\n"); g != wantRows {
				t.Errorf("timeline:\n%s\nwant\n%s", g, wantRows)
			}
			s, err := BuildSummary(ctx, v, pid, now.AddDate(0, 0, -14), now, now, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Medicines) != 1 || !strings.Contains(s.Medicines[0].HowWords(), tc.wantSummary) {
				var got []string
				for _, m := range s.Medicines {
					got = append(got, m.Name+" — "+m.HowWords())
				}
				t.Errorf("summary %q, want the steps %q", got, tc.wantSummary)
			}
		})
	}
}
