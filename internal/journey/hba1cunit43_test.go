package journey

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// F582: Ólafur's HbA1c from Reykjavík is in mmol/mol, his Boston lab's in %. His Boston
// endocrinologist's printout said the latest, MGH's 7.1 %, as "54 mmol/mol" with a range of
// "20–38 mmol/mol" the lab never wrote. The latest is said as the lab wrote it with the
// series' unit beside it, as Results says it, and so is its range.
func TestSummarySaysTheLatestReadingInItsLabsUnit(t *testing.T) {
	v, p := newPerson(t, "Ólafur Sigurðsson")
	a1c := func(id, loinc, when string, value float64, unit, rng string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + loinc + `","display":"HbA1c"}]},` +
			`"effectiveDateTime":"` + when + `","valueQuantity":{"value":` + strconv.FormatFloat(value, 'f', -1, 64) + `,"unit":"` + unit + `"}` + rng + `}`
	}
	writeAt(t, v, p, "file-rvk", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
		a1c("r1", "59261-8", "2024-03-02", 64, "mmol/mol", `,"referenceRange":[{"low":{"value":20,"unit":"mmol/mol"},"high":{"value":42,"unit":"mmol/mol"}}]`),
		a1c("r2", "59261-8", "2024-06-01", 61, "mmol/mol", ""),
		a1c("r3", "59261-8", "2024-08-01", 58, "mmol/mol", ""),
	)
	writeAt(t, v, p, "file-mgh", time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC),
		a1c("m1", "4548-4", "2024-09-02", 7.6, "%", `,"referenceRange":[{"low":{"value":4.0,"unit":"%"},"high":{"value":5.6,"unit":"%"}}]`),
		a1c("m2", "4548-4", "2024-11-30", 7.1, "%", `,"referenceRange":[{"low":{"value":4.0,"unit":"%"},"high":{"value":5.6,"unit":"%"}}]`),
	)
	ny, _ := time.LoadLocation("America/New_York")
	words := summaryWords(t, v, p, time.Date(2024, 9, 1, 0, 0, 0, 0, ny), time.Date(2024, 12, 7, 12, 0, 0, 0, ny), ny)
	for _, want := range []string{"Latest: 7.1% (54 mmol/mol) on 30 Nov 2024", "range 4–5.6% (20–38 mmol/mol)"} {
		if !strings.Contains(words, want) {
			t.Errorf("summary:\n%s\nwant %q", words, want)
		}
	}
}
