package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// F371: the CLI had no Timeline. 'timeline' gives the app's: each record in words by its day,
// newest first, under Upcoming or Past, the start day of a course prescribed earlier a line of
// its own, an allergy with its reaction and risk (F403), and --json.
func TestTimelineCommandSaysTheAppsTimeline(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	amox := `{"resourceType":"MedicationRequest","id":"amox","status":"active","intent":"order","authoredOn":"2026-12-05","subject":{"reference":"urn:uuid:p1"},` +
		`"medicationCodeableConcept":{"text":"Amoxicillin 500 mg capsule"},` +
		`"dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-08","end":"2026-12-14"},"frequency":3,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"capsule"}}]}]}`
	peanut := `{"resourceType":"AllergyIntolerance","id":"pn","patient":{"reference":"urn:uuid:p1"},"criticality":"high","code":{"text":"Peanut"},"onsetDateTime":"2021-06-01",` +
		`"reaction":[{"manifestation":[{"text":"Anaphylaxis"}]}]}`
	weight := observation("w1", "29463-7", "2026-12-01T09:00:00Z", `"valueQuantity":{"value":63.5,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}`)
	r.run(t, "import", bundleFile(t, amox, peanut, weight)).ok(t)
	robin := profileIDs(t, r)["Robin"]
	out := r.run(t, "timeline", "--profile", robin, "--at", "2026-12-06T12:00:00Z").ok(t).stdout
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"Upcoming",
		"8 Dec 2026 Medicine starts: Amoxicillin 500 mg capsule · Medicine · planned · imported from a file",
		"Past",
		"5 Dec 2026 Medicine prescribed, to start 8 Dec 2026: Amoxicillin 500 mg capsule · Medicine",
		"1 Dec 2026 09:00 Body weight: 63.5 kg · Result",
		"1 Jun 2021 Peanut — anaphylaxis; high risk · Allergy",
	}
	if len(lines) != len(want) {
		t.Fatalf("timeline:\n%s\nwant %d lines", out, len(want))
	}
	for i, w := range want {
		if got := strings.Join(strings.Fields(lines[i]), " "); !strings.HasPrefix(got, w) {
			t.Errorf("line %d: %q, want it to begin %q", i, got, w)
		}
	}
	var rows []struct {
		Ref, Date, Title, Kind, Plan string
		Upcoming                     bool
	}
	if err := json.Unmarshal([]byte(r.run(t, "timeline", "--profile", robin, "--at", "2026-12-06T12:00:00Z", "--from", "2026-12-05", "--json").ok(t).stdout), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Ref != "MedicationRequest/amox" || rows[0].Date != "2026-12-08" || !rows[0].Upcoming || rows[0].Plan != "planned" ||
		rows[1].Date != "2026-12-05" || rows[1].Upcoming {
		t.Errorf("--json --from 2026-12-05: %+v", rows)
	}
}
