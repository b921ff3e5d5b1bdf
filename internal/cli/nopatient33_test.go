package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F363/F401 (rest): a person added by hand has no Patient record, so their own records named
// only "the person" (or them by name), and an export of them carried no one: imported on a new
// computer, Tom's appointment was "under no one" and Tom himself was gone. The export now
// gives such a person a Patient record first (made once, kept, with People's name and birth
// date), and every record of theirs names it; re-imported into the vault that wrote it, it is
// the record already there.
func TestPersonAddedByHandIsInTheirExport(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	f := filepath.Join(t.TempDir(), "maria.json")
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"http://example.org/fhir/Patient/maria","resource":{"resourceType":"Patient","id":"maria","name":[{"family":"Lopez","given":["Maria"]}],"birthDate":"1948-05-03"}}]}`), 0o600)
	r.run(t, "import", f).ok(t)
	var tom struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "add", "--name", "Tom Baker", "--birth-date", "1950-03-03", "--json").ok(t).stdout), &tom)
	r.run(t, "appointment", "add", "--profile", tom.ID, "--start", "2027-01-10T09:30", "--title", "Ear check").ok(t)

	type person struct{ ID, Name, BirthDate string }
	for _, c := range []struct {
		name string
		args []string
	}{
		{"the whole vault's export", nil},
		{"Tom's export", []string{"--profile", tom.ID}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "export.json")
			r.run(t, append([]string{"export", "--out", out}, c.args...)...).ok(t)
			r2 := in(newVault(t)).with("TZ", "UTC")
			line := r2.run(t, "import", out).ok(t).stdout
			if strings.Contains(line, "names no one") {
				t.Errorf("import says %q", line)
			}
			var people []person
			json.Unmarshal([]byte(r2.run(t, "profile", "list", "--json").ok(t).stdout), &people)
			var there person
			for _, p := range people {
				if p.Name == "Tom Baker" {
					there = p
				}
			}
			if there.BirthDate != "1950-03-03" {
				t.Fatalf("on the new computer: %+v, want Tom Baker born 1950-03-03", people)
			}
			if table := r2.run(t, "records", "--type", "Appointment").ok(t).stdout; strings.Count(table, "Appointment") != 1 || !strings.Contains(table, there.ID) {
				t.Errorf("Tom's appointment on the new computer:\n%s\nwant his (%s)", table, there.ID)
			}
		})
	}
	// Back into the vault that wrote it: nothing new, one Patient for Tom.
	out := filepath.Join(t.TempDir(), "tom.json")
	r.run(t, "export", "--profile", tom.ID, "--out", out).ok(t)
	if line := r.run(t, "import", out).ok(t).stdout; !strings.Contains(line, "nothing new") {
		t.Errorf("Tom's export back into this vault: %q", line)
	}
	if table := r.run(t, "records", "--type", "Patient").ok(t).stdout; strings.Count(table, "Patient") != 2 {
		t.Errorf("want Maria's and Tom's Patient records:\n%s", table)
	}
}
