package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F423: June's GP summary (C-CDA, dated later) repeats her FHIR orders as "twice a day" with no
// times and a dose of "1" (a tablet) or "1 [drp]": her clarithromycin then reminded at 07:30
// and 18:30 "(1 dose)", CareKeeper's picked times, instead of the order's 08:00 and 20:00 "(1
// tablet)". A count with no unit is of the product's form, "[drp]" reads "drop", and of two
// records of one medicine giving one dose, the one whose times the record gives keeps the
// reminders. (Data made by vchk33: testdata/june-gp.xml, june-orders.json.)
func TestCCDARepeatingAnOrderKeepsItsTimes(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	// Her clarithromycin's course ends on 29 Dec 2026: the files' dates move so that the day
	// looked at comes after now (laterdates43_test.go).
	shift := weeksAfterNow(t, "2026-12-23")
	dir := t.TempDir()
	file := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(shiftDates(string(b), shift)), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	r.run(t, "import", file("june-orders.json")).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("%d people", len(people))
	}
	want := []string{
		shiftDay("2026-12-23", shift) + ", 08:00  June Pennington  dose  Clarithromycin 500 mg tablet (1 tablet)",
		shiftDay("2026-12-23", shift) + ", 08:00  June Pennington  dose  Timolol 0.5% eye drops (1 drop)",
		shiftDay("2026-12-23", shift) + ", 20:00  June Pennington  dose  Clarithromycin 500 mg tablet (1 tablet)",
		shiftDay("2026-12-23", shift) + ", 20:00  June Pennington  dose  Timolol 0.5% eye drops (1 drop)",
	}
	reminders := func() string {
		return r.run(t, "reminders", "--profile", people[0].ID, "--from", shiftDates("2026-12-23", shift), "--to", shiftDates("2026-12-24", shift)).ok(t).stdout
	}
	for _, w := range want {
		if out := reminders(); !strings.Contains(out, w) {
			t.Fatalf("before the GP summary, reminders:\n%s\nwant %q", out, w)
		}
	}
	if line := r.run(t, "import", file("june-gp.xml")).ok(t).stdout; !strings.Contains(line, "for June Pennington") {
		t.Fatalf("the GP summary went to someone else: %q", line)
	}
	out := reminders()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("after the GP summary, reminders:\n%s\nwant %q", out, w)
		}
	}
	if strings.Contains(out, "07:30") || strings.Contains(out, "(1 dose)") {
		t.Errorf("after the GP summary, reminders:\n%s", out)
	}
}
