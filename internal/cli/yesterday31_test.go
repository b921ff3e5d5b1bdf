package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A bedtime dose a few minutes late at midnight: 'today' at 00:05 no longer listed the 23:50
// dose at all, while it is still due (its window is an hour) and the app's Today keeps it
// answerable (F376). A dose of the day before still due or overdue stays listed, said as
// yesterday's ("23:50 yesterday  due"), until it is missed.
func TestTodayKeepsYesterdaysLateDoseAfterMidnight(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	// Days ahead of the import, so that no dose is before the medicines were added.
	d1 := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")
	d2 := time.Now().UTC().AddDate(0, 0, 2).Format("2006-01-02")
	f := filepath.Join(t.TempDir(), "ned.json")
	med := func(id, name string, freq int, times string) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","subject":{"reference":"Patient/ned"},
"authoredOn":"2026-11-01","medicationCodeableConcept":{"text":"` + name + `"},
"dosageInstruction":[{"timing":{"repeat":{"frequency":` + string(rune('0'+freq)) + `,"period":1,"periodUnit":"d","timeOfDay":[` + times + `]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}`
	}
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"ned","name":[{"family":"Owl","given":["Ned"]}],"birthDate":"1950-01-01"}},
`+med("n1", "Zopiclone 7.5 MG Oral Tablet", 1, `"23:50:00"`)+`,
`+med("n2", "Levodopa 100 MG / Carbidopa 25 MG Oral Tablet", 4, `"00:10:00","06:10:00","12:10:00","18:10:00"`)+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	const zop, levo = "Zopiclone 7.5 mg tablet (1 tablet)", "Levodopa 100 mg and carbidopa 25 mg tablet (1 tablet)"
	for _, c := range []struct {
		at        string
		want, not []string // lines (trimmed, spaces squeezed) listed / not listed
	}{
		{d1 + "T23:55:00Z", []string{"23:50 due " + zop, "18:10 overdue " + levo}, nil},
		// 15 minutes late, after midnight: still due, and the 18:10 dose overdue until 00:10.
		{d2 + "T00:05:00Z", []string{"23:50 yesterday due " + zop, "18:10 yesterday overdue " + levo, "00:10 upcoming " + levo, "23:50 upcoming " + zop}, nil},
		// After its hour it is overdue (worth taking until the next dose), 18:10's is missed.
		{d2 + "T00:55:00Z", []string{"23:50 yesterday overdue " + zop, "00:10 due " + levo}, []string{"18:10 yesterday"}},
		// Past 12 hours it is missed: yesterday's list, not today's.
		{d2 + "T11:55:00Z", []string{"06:10 overdue " + levo}, []string{"yesterday"}},
	} {
		out := r.run(t, "today", "--at", c.at).ok(t).stdout
		var lines []string
		for _, l := range strings.Split(out, "\n") {
			lines = append(lines, strings.Join(strings.Fields(l), " "))
		}
		has := func(w string) bool {
			for _, l := range lines {
				if l == w {
					return true
				}
			}
			return false
		}
		for _, w := range c.want {
			if !has(w) {
				t.Errorf("today --at %s: want the line %q, got\n%s", c.at, w, out)
			}
		}
		for _, w := range c.not {
			if strings.Contains(out, w) {
				t.Errorf("today --at %s: want no %q, got\n%s", c.at, w, out)
			}
		}
	}
	var views []struct {
		Doses []struct {
			Name, At, State string
			Yesterday       bool
		}
	}
	if err := json.Unmarshal([]byte(r.run(t, "today", "--at", d2+"T00:05:00Z", "--json").ok(t).stdout), &views); err != nil || len(views) != 1 {
		t.Fatalf("today --json: %v %d", err, len(views))
	}
	var found bool
	for _, d := range views[0].Doses {
		if d.At == d1+"T23:50:00Z" {
			found = d.State == "due" && d.Yesterday && d.Name == zop
		} else if d.Yesterday && d.At[:10] != d1 {
			t.Errorf("today --json: %s %s said as yesterday's", d.At, d.Name)
		}
	}
	if !found {
		t.Errorf("today --json at 00:05: want %s's 23:50 Zopiclone due with \"yesterday\":true, got %+v", d1, views[0].Doses)
	}
}

// A dose of the day before whose time came before its medicine was imported is not listed
// after midnight, whether or not reminders have run since: 'today' listed "23:50 yesterday
// overdue Zopiclone" until the app or the daemon first ran, then never again (F393). The
// person's clock is chosen so that the import is in the evening and the dose a few minutes
// before it.
func TestTodayLeavesOutYesterdaysDoseFromBeforeTheImport(t *testing.T) {
	utc := time.Now().UTC()
	off := (20 - utc.Hour() + 24) % 24 // hours east of UTC that make it 20:xx on the person's clock
	if off > 14 {
		off -= 24
	}
	zone := "UTC"
	switch {
	case off > 0:
		zone = fmt.Sprintf("Etc/GMT-%d", off)
	case off < 0:
		zone = fmt.Sprintf("Etc/GMT+%d", -off)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	local := utc.In(loc)
	dose := local.Add(-3 * time.Minute).Format("15:04")
	r := in(newVault(t)).with("TZ", zone)
	f := filepath.Join(t.TempDir(), "ned.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"ned","name":[{"family":"Owl","given":["Ned"]}],"birthDate":"1950-01-01"}},
{"resource":{"resourceType":"MedicationRequest","id":"n1","status":"active","intent":"order","subject":{"reference":"Patient/ned"},
"authoredOn":"2026-11-01","medicationCodeableConcept":{"text":"Zopiclone 7.5 MG Oral Tablet"},
"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["`+dose+`:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	after := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 5, 0, 0, loc).UTC().Format(time.RFC3339)
	if out := r.run(t, "today", "--at", after).ok(t).stdout; strings.Contains(out, "yesterday") {
		t.Errorf("today --at %s (the %s dose of the day before came before the import): want no dose of yesterday, got\n%s", after, dose, out)
	}
}
