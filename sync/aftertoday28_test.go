package sync_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cksync "carekeeper/sync"
)

// A reading dated decades ahead was taken without a word and became the Latest: 'Glucose
// 64 mg/dL Low 2 Sep 2062' (F175). Now the import line says it, as it says a birth date after
// today; year 0000 (not a FHIR year) and an offset past ±14:00 are refused in one line. Read
// whole and line by line. The clock is 5 Dec 2026, 23:30 in London: a reading of 6 Dec at
// 10:00 in Kiribati (+14:00) is today somewhere, not after it.
func TestImportReadingAfterTodaySaid(t *testing.T) {
	now := time.Date(2026, 12, 5, 23, 30, 0, 0, time.UTC)
	const pat = `{"resourceType":"Patient","id":"p1","name":[{"family":"Okafor","given":["Adaeze"]}],"birthDate":"1972-08-14"}`
	obs := func(id, when string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"text":"Glucose"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"` + when + `","valueQuantity":{"value":64,"unit":"mg/dL"}}`
	}
	imm := func(id, when string) string {
		return `{"resourceType":"Immunization","id":"` + id + `","status":"completed","vaccineCode":{"text":"COVID-19"},"patient":{"reference":"Patient/p1"},"occurrenceDateTime":"` + when + `"}`
	}
	proc := func(id, when string) string {
		return `{"resourceType":"Procedure","id":"` + id + `","status":"completed","code":{"text":"Knee surgery"},"subject":{"reference":"Patient/p1"},"performedDateTime":"` + when + `"}`
	}
	rx := func(id, when string) string {
		return `{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","medicationCodeableConcept":{"text":"Amlodypina 5 mg"},"subject":{"reference":"Patient/p1"},"authoredOn":"` + when + `"}`
	}
	ndjson := func(res ...string) string { return strings.Join(append([]string{pat}, res...), "\n") + "\n" }
	for _, c := range []struct {
		name, data, want, refused string
	}{
		{"2062", ndjson(obs("a", "2026-09-02"), obs("b", "2062-09-02")), "3 added; 1 reading dated after today, 2 Sep 2062: kept as the file gives it", ""},
		{"two, 9999 the latest", ndjson(obs("b", "2062-09-02T08:00:00+01:00"), obs("c", "9999-12-31")), "3 added; 2 readings dated after today (the latest 31 Dec 9999): kept as the file gives them", ""},
		{"a year ahead", ndjson(obs("d", "2027")), "2 added; 1 reading dated after today, 2027: kept as the file gives it", ""},
		{"a vaccination in 2030 (F312)", ndjson(imm("i", "2030-01-10")), "2 added; 1 vaccination dated after today, 10 Jan 2030: kept as the file gives it", ""},
		{"a vaccination and a procedure ahead (F312)", ndjson(imm("j", "2030-01-10"), imm("k", "2026-01-10"), proc("l", "2031-02-01T10:00:00Z")),
			"4 added; 2 records dated after today (the latest 1 Feb 2031): kept as the file gives them", ""},
		{"a reading and two vaccinations ahead (F312)", ndjson(obs("m", "2062-09-02"), imm("n", "2030-01-10"), imm("o", "2029-01-10")),
			"4 added; 1 reading dated after today, 2 Sep 2062: kept as the file gives it; 2 vaccinations dated after today (the latest 10 Jan 2030): kept as the file gives them", ""},
		{"a prescription written in 2035 (F557 item 6)", ndjson(rx("r", "2035-01-04"), rx("q", "2026-11-28")), "3 added; 1 prescription dated after today, 4 Jan 2035: kept as the file gives it", ""},
		{"today in Kiribati", ndjson(obs("e", "2026-12-06T10:00:00+14:00"), obs("f", "2026-12")), "3 added", ""},
		{"year 0000", ndjson(obs("g", "0000-01-01")), "", "line 2: not a real date: Observation.effectiveDateTime"},
		{"offset +14:30", ndjson(obs("h", "2026-03-10T08:15:00+14:30")), "", "line 2: not a real date: Observation.effectiveDateTime"},
	} {
		for _, stream := range []bool{false, true} {
			t.Run(c.name+map[bool]string{false: "/whole", true: "/line by line"}[stream], func(t *testing.T) {
				if stream {
					defer cksync.SetStreamMinBytes(1)()
				}
				v, _ := newVault(t)
				path := filepath.Join(t.TempDir(), "glucose.ndjson")
				if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
					t.Fatal(err)
				}
				sum, err := cksync.ImportFile(ctx, v, path, cksync.Options{Now: func() time.Time { return now }})
				if c.refused != "" {
					if err == nil || !strings.Contains(err.Error(), c.refused) {
						t.Fatalf("import: %v, want refused with %q", err, c.refused)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := sum.Describe(); got != c.want {
					t.Errorf("import line %q, want %q", got, c.want)
				}
			})
		}
	}
}
