package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F397 (rest): an import never changes a birth date (19ffd04), but nothing did: Lily's file
// gave 14 Apr 2009 for a child born 2019, and there was no command to put it right, while
// the app's Edit person changed People alone (her Patient record, the export and the IPS
// kept 2009). 'profile set --birth-date' changes it on People and in her Patient record at
// once, and the file imported again keeps the new date and says so.
func TestProfileSetBirthDateChangesItEverywhere(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	file := func(birth string) string {
		f := filepath.Join(t.TempDir(), "lily.json")
		b := fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"http://example.org/fhir/Patient/lily","resource":{"resourceType":"Patient","id":"lily","name":[{"family":"Moreno","given":["Lily","Rose"]}],"birthDate":%q}},
{"fullUrl":"http://example.org/fhir/Observation/w1","resource":{"resourceType":"Observation","id":"w1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/lily"},"effectiveDateTime":"2026-11-20","valueQuantity":{"value":20.9,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}]}`, birth)
		if err := os.WriteFile(f, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	wrong := file("2009-04-14")
	r.run(t, "import", wrong).ok(t)
	var people []struct{ ID, Name, BirthDate string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("%d people (%v)", len(people), err)
	}
	lily := people[0].ID

	out := r.run(t, "profile", "set", "--profile", lily, "--birth-date", "2019-04-14").ok(t).stdout
	if want := "Lily Rose Moreno's birth date is now 14 Apr 2019 (it was 14 Apr 2009), on People and in their records"; !strings.Contains(out, want) {
		t.Errorf("profile set says %q, want %q", out, want)
	}
	born := func(t *testing.T) (people, record, export string) {
		t.Helper()
		var ps []struct{ BirthDate string }
		json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps)
		var recs []struct{ BirthDate string }
		json.Unmarshal([]byte(r.run(t, "records", "--type", "Patient", "--json").ok(t).stdout), &recs)
		ex := filepath.Join(t.TempDir(), "lily-export.json")
		r.run(t, "export", "--profile", lily, "--out", ex).ok(t)
		b, _ := os.ReadFile(ex)
		var bundle struct {
			Entry []struct {
				Resource struct{ ResourceType, BirthDate string }
			}
		}
		json.Unmarshal(b, &bundle)
		for _, e := range bundle.Entry {
			if e.Resource.ResourceType == "Patient" {
				export = e.Resource.BirthDate
			}
		}
		if len(ps) != 1 || len(recs) != 1 {
			t.Fatalf("%d people, %d Patient records", len(ps), len(recs))
		}
		return ps[0].BirthDate, recs[0].BirthDate, export
	}
	if p, rec, ex := born(t); p != "2019-04-14" || rec != "2019-04-14" || ex != "2019-04-14" {
		t.Errorf("after profile set: People %s, Patient record %s, export %s; want 2019-04-14 everywhere", p, rec, ex)
	}
	// The file with the old date again: kept, and said.
	line := r.run(t, "import", wrong).ok(t).stdout
	if want := "the file gives Lily Rose Moreno's birth date as 14 Apr 2009; here it is 14 Apr 2019: kept 14 Apr 2019"; !strings.Contains(line, want) {
		t.Errorf("the old file again says %q, want %q", line, want)
	}
	if p, rec, ex := born(t); p != "2019-04-14" || rec != "2019-04-14" || ex != "2019-04-14" {
		t.Errorf("after the old file again: People %s, Patient record %s, export %s", p, rec, ex)
	}
	// The same date again changes nothing; a bad one is refused.
	if out := r.run(t, "profile", "set", "--profile", lily, "--birth-date", "2019-04-14").ok(t).stdout; !strings.Contains(out, "already 14 Apr 2019: nothing changed") {
		t.Errorf("the same date again: %q", out)
	}
	r.run(t, "profile", "set", "--profile", lily, "--birth-date", "2019-02-30").fails(t, 2, "--birth-date must be a real date")
	r.run(t, "profile", "set", "--profile", lily, "--birth-date", "2999-01-01").fails(t, 2, "--birth-date is after today")

	// A person added by hand (no Patient record yet): People changes.
	var added struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "add", "--name", "Tom Baker", "--birth-date", "1950-03-03", "--json").ok(t).stdout), &added)
	if out := r.run(t, "profile", "set", "--profile", added.ID, "--birth-date", "1950-03-30").ok(t).stdout; !strings.Contains(out, "Tom Baker's birth date is now 30 Mar 1950 (it was 3 Mar 1950)") {
		t.Errorf("a person added by hand: %q", out)
	}
	if list := r.run(t, "profile", "list").ok(t).stdout; !strings.Contains(list, "30 Mar 1950") {
		t.Errorf("profile list:\n%s", list)
	}
}
