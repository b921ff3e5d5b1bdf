package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two people's Apple Health exports with the same day's steps and the same scale reading:
// importing B's no longer updates A's records and moves them to B; results for each person
// show their own.
func TestAppleTwoPeopleResults(t *testing.T) {
	r := in(newVault(t))
	r.run(t, "profile", "add", "--name", "Ann").ok(t)
	r.run(t, "profile", "add", "--name", "Ben").ok(t)
	ids := profileIDs(t, r)
	export := filepath.Join(t.TempDir(), "export.xml")
	x := `<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" startDate="2025-11-22 07:00:00 -0800" endDate="2025-11-22 07:00:00 -0800" value="70"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" startDate="2025-11-22 08:00:00 -0800" endDate="2025-11-22 08:10:00 -0800" value="5400"/>
</HealthData>
`
	if err := os.WriteFile(export, []byte(x), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", "--profile", ids["Ann"], export).ok(t)
	if out := r.run(t, "import", "--profile", ids["Ben"], export).ok(t); strings.Contains(out.stdout+out.stderr, "Updated") || strings.Contains(out.stdout+out.stderr, "updated") {
		t.Errorf("Ben's import updated records:\n%s%s", out.stdout, out.stderr)
	}
	for _, name := range []string{"Ann", "Ben"} {
		out := r.run(t, "results", "--json", "--profile", ids[name]).ok(t).stdout
		var series []resultSeries
		if err := json.Unmarshal([]byte(out), &series); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(series) != 2 || len(series[0].Values) != 1 || len(series[1].Values) != 1 {
			t.Errorf("%s's results: %s", name, out)
		}
	}
}
