package cli_test

import (
	"strings"
	"testing"
)

// F175: a reading a file dates decades ahead ('2 Sep 2062') is never the latest: Results says
// the newest reading of today or before, and counts the one ahead with its date. F203: a
// --code no result has is said as such for a person with results, and a code naming no code
// ("http://loinc.org|") is a usage error.
func TestResultsLatestIsNeverAfterToday(t *testing.T) {
	r := in(newVault(t))
	glucose := func(id, at, v string) string {
		return strings.Replace(observation(id, "2345-7", at, `"valueQuantity":{"value":`+v+`,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"},"referenceRange":[{"low":{"value":70,"unit":"mg/dL"},"high":{"value":99,"unit":"mg/dL"}}]`), `"code":"2345-7"`, `"code":"2345-7","display":"Glucose [Mass/volume] in Serum or Plasma"`, 1)
	}
	r.run(t, "import", bundleFile(t, glucose("g1", "2026-06-01", "100"), glucose("g2", "2026-09-02", "131"), glucose("g3", "2062-09-02", "64"))).ok(t)
	id := profileIDs(t, r)["Robin"]
	out := r.run(t, "results", "--profile", id).ok(t).stdout
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Glucose") {
			line = l
		}
	}
	if !strings.Contains(line, "131 mg/dL") || !strings.Contains(line, "2 Sep 2026") || strings.Contains(line, "Low") ||
		!strings.Contains(line, "3 readings; 1 reading dated after today, 2 Sep 2062") {
		t.Errorf("results: %q, want 131 mg/dL on 2 Sep 2026 as the latest and the 2062 reading said apart\n%s", line, out)
	}

	out = r.run(t, "results", "--profile", id, "--code", "nope").ok(t).stdout
	if !strings.Contains(out, "No result with the code nope; 1 other result in the records") || strings.Contains(out, "No results in the records") {
		t.Errorf("results --code nope:\n%s", out)
	}
	r.run(t, "results", "--profile", id, "--code", "http://loinc.org|").fails(t, 2, "names no code")
}
