package health

import (
	"strings"
	"testing"
	"time"
)

// F512 item 3: Rafael's GP orders a prednisone taper starting 4 Dec (3, 2 and 1 tablets at
// 09:00); the discharge letter lists prednisone from 4 Dec in words alone ("3 tablets for 3
// days, then 2 …, then 1 …": no doseQuantity, no frequency). The Timeline said "Medicine
// started" twice on 4 Dec. The rule (wordsCopy), with F427's: a copy whose dosage is words
// alone that state no other amount is one row with the course it repeats, and says so
// (WordsOnly); a record with no dosage at all, or words of another amount, stays its own row.
func TestWordsOnlyCopyOfACourseIsOneRow(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	const pred = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"312617","display":"predniSONE 10 MG Oral Tablet"}],"text":"predniSONE 10 MG Oral Tablet"}`
	step := func(seq, n, from, to string) string {
		return `{"sequence":` + seq + `,"timing":{"repeat":{"boundsPeriod":{"start":"` + from + `","end":"` + to + `"},"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},` +
			`"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"tablet"}}]}`
	}
	gp := `{"resourceType":"MedicationRequest","id":"r-pred","status":"active","intent":"order","authoredOn":"2026-12-04",` + pred +
		`,"dosageInstruction":[` + step("1", "3", "2026-12-04", "2026-12-06") + `,` + step("2", "2", "2026-12-07", "2026-12-09") + `,` + step("3", "1", "2026-12-10", "2026-12-12") + `]}`
	letter := func(dosage string) string {
		return `{"resourceType":"MedicationRequest","id":"ccda-pred","status":"active","intent":"plan","authoredOn":"2026-12-04",` + pred + `,"dosageInstruction":` + dosage + `}`
	}
	const taper = "3 tablets for 3 days, then 2 tablets for 3 days, then 1 tablet for 3 days, then stop"
	words := func(text string) string {
		return `[{"text":"` + text + `","timing":{"repeat":{"boundsPeriod":{"start":"2026-12-04","end":"2026-12-12"}}}}]`
	}
	for _, tc := range []struct {
		name      string
		copy      string
		one       bool
		wordsOnly bool // the copy's facts say its dose is in words only
	}{
		{"the taper in words", letter(words(taper)), true, true},
		{"words of another amount", letter(words("4 tablets a day for 9 days")), false, true},
		{"no dosage at all (F427)", letter("[]"), false, false},
		{"another dose in structure", letter(`[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"tablet"}}]}]`), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, pair := range [][2]string{{gp, tc.copy}, {tc.copy, gp}} {
				if got := SameEvent("MedicationRequest", []byte(pair[0]), []byte(pair[1]), madrid); got != tc.one {
					t.Errorf("SameEvent = %v, want %v (%s first)", got, tc.one, map[bool]string{true: "the GP's", false: "the letter's"}[strings.Contains(pair[0], "r-pred")])
				}
			}
			f, ok := FactsOf("MedicationRequest", []byte(tc.copy), madrid)
			if !ok || f.WordsOnly() != tc.wordsOnly {
				t.Errorf("FactsOf ok %v, WordsOnly %v, want %v", ok, f.WordsOnly(), tc.wordsOnly)
			}
			if g, _ := FactsOf("MedicationRequest", []byte(gp), madrid); g.WordsOnly() {
				t.Error("the GP's order is in words only")
			}
		})
	}
	w := Where{Source: "https://fhir.cs-delicias.sermas.example.es", WordsOnly: true}
	if got := w.Words(madrid); got != "from fhir.cs-delicias.sermas.example.es (its dose in words only)" {
		t.Errorf("Where.Words = %q", got)
	}
}
