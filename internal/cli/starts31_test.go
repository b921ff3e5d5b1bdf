package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// A medicine whose record starts it on a later day ("start on the 10th": boundsPeriod.start,
// or an order written for a later day) was listed "taking … once a day at 06:00" with no word
// of its start: the person might begin today (F342). 'medicines' says "to-start" and "starts
// 10 Dec 2026", 'today' names it in the days before, and no reminder comes before it.
func TestMedicineThatStartsOnALaterDay(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	now := time.Now().UTC()
	day := func(n int) string { return now.AddDate(0, 0, n).Format("2006-01-02") }
	f := filepath.Join(t.TempDir(), "grace.json")
	med := func(id, name, authored, bounds string) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","subject":{"reference":"Patient/p"},
"authoredOn":"` + authored + `","medicationCodeableConcept":{"text":"` + name + `"},
"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["06:00:00"]` + bounds + `}},"doseAndRate":[{"doseQuantity":{"value":50,"unit":"ug","system":"http://unitsofmeasure.org","code":"ug"}}]}]}}`
	}
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"p","name":[{"given":["Grace"],"family":"Okafor"}],"birthDate":"1948-02-29"}},
`+med("m1", "Levothyroxine 50 mcg tablet", day(-16), `,"boundsPeriod":{"start":"`+day(4)+`"}`)+`,
`+med("m2", "Vitamin D 50 mcg tablet", day(150), "")+`,
`+med("m3", "Folic acid 50 mcg tablet", day(-16), `,"boundsPeriod":{"start":"`+day(-3)+`"}`)+`]}`), 0o600)
	r.run(t, "import", f).ok(t)

	out := r.run(t, "medicines").ok(t).stdout
	for _, c := range []struct{ name, state, note string }{
		{"Levothyroxine", "to-start", "starts " + health.DayWords(day(4))},
		// an order written for a later day: its date is likely wrong, no start (F557 item 6)
		{"Vitamin D", "to-confirm", "record is dated " + health.DayWords(day(150)) + ", after today: that date may be wrong, and it is when the prescription was written, not a start. Are you taking it?"},
		{"Folic acid", "taking", ""},
	} {
		var line string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, c.name) {
				line = l
			}
		}
		if !strings.HasPrefix(line, c.state+" ") || (c.note != "" && !strings.HasSuffix(strings.TrimSpace(line), c.note)) || (c.note == "" && strings.Contains(line, "starts")) {
			t.Errorf("medicines, %s: want %q … %q, got %q", c.name, c.state, c.note, line)
		}
	}
	var mj []struct{ Name, Status, Starts string }
	if err := json.Unmarshal([]byte(r.run(t, "medicines", "--json").ok(t).stdout), &mj); err != nil {
		t.Fatal(err)
	}
	for _, m := range mj {
		want := map[string][2]string{"Levothyroxine 50 mcg tablet": {"to-start", day(4)}, "Vitamin D 50 mcg tablet": {"to-confirm", ""}, "Folic acid 50 mcg tablet": {"taking", ""}}[m.Name]
		if m.Status != want[0] || m.Starts != want[1] {
			t.Errorf("medicines --json %s: status %q starts %q, want %q %q", m.Name, m.Status, m.Starts, want[0], want[1])
		}
	}

	out = r.run(t, "today").ok(t).stdout
	if !strings.Contains(out, "Starts "+health.DayWords(day(4))+": Levothyroxine 50 mcg tablet (50 mcg), not before") || strings.Contains(out, "Starts "+health.DayWords(day(150))) {
		t.Errorf("today: want Levothyroxine's start (in the next days), not Vitamin D's:\n%s", out)
	}
	rem := r.run(t, "reminders", "--from", day(0), "--to", day(4)).ok(t).stdout
	if strings.Contains(rem, "Levothyroxine") || strings.Contains(rem, "Vitamin D") || !strings.Contains(rem, "Folic acid") {
		t.Errorf("reminders before the start:\n%s", rem)
	}
	rem = r.run(t, "reminders", "--from", day(4), "--to", day(5)).ok(t).stdout
	if !strings.Contains(rem, "Levothyroxine") {
		t.Errorf("reminders from the start:\n%s", rem)
	}
}
