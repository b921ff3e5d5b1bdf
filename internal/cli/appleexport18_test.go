package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Apple Health samples imported into a person added by hand (no Patient) had no subject, so
// the person's export, imported into another install, belonged to nobody. The person's Patient
// is made at import: the export names them, and each install files every sample under one
// person (a new one, or the one of that name and birth date added by hand), again and again
// without a second person or a copy.
func TestAppleExportOfHandAddedPersonRoundTrip(t *testing.T) {
	a := in(newVault(t))
	a.run(t, "profile", "add", "--name", "Ann Lee", "--birth-date", "1980-02-03").ok(t)
	ann := profileIDs(t, a)["Ann"]
	xml := filepath.Join(t.TempDir(), "export.xml")
	x := `<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" startDate="2025-11-22 07:00:00 -0800" endDate="2025-11-22 07:00:00 -0800" value="70"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" startDate="2025-11-22 07:05:00 -0800" endDate="2025-11-22 07:05:00 -0800" value="64"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" startDate="2025-11-22 08:00:00 -0800" endDate="2025-11-22 08:10:00 -0800" value="5400"/>
</HealthData>
`
	if err := os.WriteFile(xml, []byte(x), 0o600); err != nil {
		t.Fatal(err)
	}
	a.run(t, "import", "--profile", ann, xml).ok(t)
	// Importing again makes no second Patient and changes nothing.
	if out := a.run(t, "import", "--json", "--profile", ann, xml).ok(t).stdout; strings.Contains(out, `"added":{"`) {
		t.Errorf("importing the export again added records: %s", out)
	}
	exported := filepath.Join(t.TempDir(), "ann.json")
	a.run(t, "export", "--profile", ann, "--out", exported).ok(t)

	observations := func(r runner, profile string) int {
		t.Helper()
		args := []string{"records", "--json", "--type", "Observation"}
		if profile != "" {
			args = append(args, "--profile", profile)
		}
		var rs []json.RawMessage
		out := r.run(t, args...).ok(t).stdout
		if err := json.Unmarshal([]byte(out), &rs); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return len(rs)
	}
	if n := observations(a, ann); n != 3 {
		t.Fatalf("%d observations for Ann in the first install, want 3", n)
	}
	// Back into the install it came from: Ann's own records, nothing added.
	if out := a.run(t, "import", "--json", exported).ok(t).stdout; strings.Contains(out, `"added":{"`) || strings.Contains(out, `"new_people":["`) {
		t.Errorf("the export imported back added records or people: %s", out)
	}
	check := func(what string, r runner, wantPeople int) {
		t.Helper()
		ids := profileIDs(t, r)
		if len(ids) != wantPeople || ids["Ann"] == "" {
			t.Fatalf("%s: people %v", what, ids)
		}
		if all, hers := observations(r, ""), observations(r, ids["Ann"]); all != 3 || hers != 3 {
			t.Errorf("%s: %d of %d observations filed under Ann, want 3 of 3", what, hers, all)
		}
	}
	for _, tc := range []struct {
		name   string
		before []string // a person added by hand first, if any
	}{
		{"a new install", nil},
		{"an install where Ann was added by hand", []string{"profile", "add", "--name", "Ann Lee", "--birth-date", "1980-02-03"}},
	} {
		b := in(newVault(t))
		if tc.before != nil {
			b.run(t, tc.before...).ok(t)
		}
		b.run(t, "import", exported).ok(t)
		check(tc.name, b, 1)
		b.run(t, "import", exported).ok(t)
		check(tc.name+", imported twice", b, 1)
	}
}
