package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// clinicCopy makes, from the Synthea fixture file (a portal's records of one person), the
// clinic's file of the same person: another server's, its medicine orders written as
// statements dated by their start day (as a C-CDA medication list dates them), its diagnoses
// and procedures dated by their day alone. change may alter a resource (by its type and the
// fixture's id) before it is written.
func clinicCopy(t *testing.T, fixture string, change func(typ, id string, res map[string]any)) string {
	t.Helper()
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Entry []struct {
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	day := func(v any) string { s, _ := v.(string); return s[:min(len(s), 10)] }
	var entries []map[string]any
	for _, e := range b.Entry {
		res, typ := e.Resource, e.Resource["resourceType"].(string)
		id, _ := res["id"].(string)
		out := map[string]any{"resourceType": typ, "id": "clinic-" + id[:8]}
		switch typ {
		case "Patient":
			out["name"], out["birthDate"], out["gender"] = res["name"], res["birthDate"], res["gender"]
		case "MedicationRequest":
			out["resourceType"], typ = "MedicationStatement", "MedicationStatement"
			out["status"] = res["status"]
			out["medicationCodeableConcept"] = res["medicationCodeableConcept"]
			out["subject"] = map[string]any{"reference": "Patient/clinic-p"}
			out["effectivePeriod"] = map[string]any{"start": day(res["authoredOn"])}
			if d, ok := res["dosageInstruction"]; ok {
				out["dosage"] = d
			}
		case "Condition":
			for _, k := range []string{"clinicalStatus", "verificationStatus", "code"} {
				out[k] = res[k]
			}
			out["subject"] = map[string]any{"reference": "Patient/clinic-p"}
			out["onsetDateTime"] = day(res["onsetDateTime"])
			if a, ok := res["abatementDateTime"]; ok {
				out["abatementDateTime"] = day(a)
			}
		case "Procedure":
			out["status"], out["code"] = res["status"], res["code"]
			out["subject"] = map[string]any{"reference": "Patient/clinic-p"}
			if p, ok := res["performedPeriod"].(map[string]any); ok {
				out["performedDateTime"] = day(p["start"])
			}
		default:
			continue
		}
		if typ == "Patient" {
			out["id"] = "clinic-p"
		}
		if change != nil {
			change(typ, id, out)
		}
		entries = append(entries, map[string]any{"fullUrl": "https://records.riverside-clinic.example/fhir/" + typ + "/" + out["id"].(string), "resource": out})
	}
	js, err := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": entries})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "riverside.json")
	if err := os.WriteFile(path, js, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// F427 (1): one course of a medicine, one diagnosis, one procedure from two sources — the
// portal's FHIR records (a real Synthea person, Ned Hintz) and the clinic's file of the same
// person (its orders written as statements dated by their start, as a C-CDA medication list
// dates them) — were two rows each of `timeline`. Each is one row naming both sources; the
// course the clinic gives another dose, and the diagnosis it dates another day, keep two rows.
// And a course prescribed on 6 Dec to start on 23 Dec (a portal's order) is on 23 Dec one row
// with the clinic's statement dated by that start: "Medicine starts: …", both sources.
func TestTimelineSaysOneCourseFromTwoSourcesOnce(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	matches, _ := filepath.Glob(filepath.Join(testutil.FixturesDir(t), "synthea", "Ned_Hintz_*.json"))
	if len(matches) != 1 {
		t.Fatalf("Ned Hintz's fixture: %v", matches)
	}
	r.run(t, "import", matches[0]).ok(t)
	ned := profileIDs(t, r)["Ned"]
	clinic := clinicCopy(t, matches[0], func(typ, id string, res map[string]any) {
		switch {
		case typ == "MedicationStatement" && strings.HasPrefix(id, "6ef08c76"):
			// the 2019 course: the clinic gives a dose, the portal none
			res["dosage"] = []any{map[string]any{"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 2, "unit": "tablet"}}}}}
		case typ == "Condition" && strings.HasPrefix(id, "6b8bcc89"):
			res["onsetDateTime"] = "2019-10-25" // the 2019 sinusitis, a day before the portal's
		}
	})
	r.run(t, "import", "--profile", ned, clinic).ok(t)
	// the course to come: the portal's order of 6 Dec, the clinic's statement dated by its start
	later := filepath.Join(t.TempDir(), "later.json")
	course := `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"197517","display":"Clarithromycin 500 mg tablet"}]},"subject":{"reference":"Patient/p"}`
	dosage := `[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-23","end":"2026-12-29"},"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	os.WriteFile(later, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+
		`{"fullUrl":"https://portal.example.org/fhir/MedicationRequest/clari","resource":{"resourceType":"MedicationRequest","id":"clari","status":"active","intent":"order",`+course+`,"authoredOn":"2026-12-06T10:00:00Z","dosageInstruction":`+dosage+`}},`+
		`{"fullUrl":"https://records.riverside-clinic.example/fhir/MedicationStatement/clari","resource":{"resourceType":"MedicationStatement","id":"clari","status":"active",`+
		strings.Replace(course, "Clarithromycin 500 mg tablet", "Clarithromycin 500 MG Oral Tablet", 1)+`,"effectivePeriod":{"start":"2026-12-23"},"dosage":`+dosage+`}}]}`), 0o600)
	r.run(t, "import", "--profile", ned, later).ok(t)

	out := r.run(t, "timeline", "--profile", ned, "--at", "2026-12-07T12:00:00Z").ok(t).stdout
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	got := strings.Join(lines, "\n")
	const both = "from records.riverside-clinic.example"
	for _, c := range []struct {
		prefix string
		n      int
		where  string // the first row's end
	}{
		{"23 Dec 2026 Medicine starts: Clarithromycin 500 mg tablet · Medicine · planned", 1, both + " and from portal.example.org"},
		{"6 Dec 2026 10:00 Medicine prescribed, to start 23 Dec 2026: Clarithromycin", 1, "from portal.example.org"},
		{"28 Mar 2017 21:15 Medicine started, since stopped: Amoxicillin 250 mg and clavulanate 125 mg tablet", 1, "imported from a file on "},
		{"28 Mar 2017 21:15 Viral sinusitis · Condition", 1, ""},
		{"26 Oct 2019 21:15 Medicine started, since stopped: Amoxicillin", 1, ""}, // the clinic's other dose: its own row
		{"26 Oct 2019 Medicine started, since stopped: Amoxicillin", 1, both},
		{"25 Oct 2019 Viral sinusitis", 1, both}, // another day: its own row
		{"26 Oct 2019 21:15 Viral sinusitis", 1, ""},
		{"16 Mar 2016 20:15 Body mass index 30+ - obesity", 1, "imported from a file on "},
	} {
		var rows []string
		for _, l := range lines {
			if strings.HasPrefix(l, c.prefix) {
				rows = append(rows, l)
			}
		}
		if len(rows) != c.n {
			t.Errorf("%d rows begin %q, want %d:\n%s", len(rows), c.prefix, c.n, got)
			continue
		}
		if c.where != "" && !strings.HasSuffix(rows[0], " · "+c.where) && !strings.Contains(rows[0], " · "+c.where) {
			t.Errorf("%q: want it to say %q", rows[0], c.where)
		}
		if c.n == 1 && (strings.Contains(c.prefix, "2017") || strings.Contains(c.prefix, "2016")) && !strings.HasSuffix(rows[0], " and "+both) {
			t.Errorf("%q: want both sources named", rows[0])
		}
	}
	// Nothing of the clinic's file is a row of its own on 28 Mar 2017 or 16 Mar 2016 (the
	// course, the sinusitis and the obesity are rows of both).
	for _, l := range lines {
		if (strings.HasPrefix(l, "28 Mar 2017") || strings.HasPrefix(l, "16 Mar 2016")) && strings.HasSuffix(l, "· "+both) {
			t.Errorf("a row of the clinic's alone: %q", l)
		}
	}
}
