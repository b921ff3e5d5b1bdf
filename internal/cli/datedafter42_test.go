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

// F557 item 6: Stanisław's amlodipine prescription, "authored" 4 Jan 2035 (a typo: when it was
// written, not a start), was listed "to-start Amlodypina 5 mg 4 Jan 2035 … starts 4 Jan 2035"
// and reminded from 2035: eight years of no reminder, nothing missed, as if true. Its date is
// said to be after today and maybe wrong, the person is asked whether they take it (no
// reminder, nothing missed until then), and once they say yes it reminds from that day.
func TestPrescriptionDatedAfterTodayIsNoStart(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	now := time.Now().UTC()
	day := func(n int) string { return now.AddDate(0, 0, n).Format("2006-01-02") }
	f := filepath.Join(t.TempDir(), "future.json")
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"p","name":[{"given":["Stanisław"],"family":"Wójcik"}],"birthDate":"1944-03-12"}},
{"resource":{"resourceType":"MedicationRequest","id":"fut","status":"active","intent":"order","subject":{"reference":"Patient/p"},
"authoredOn":"`+day(2950)+`","medicationCodeableConcept":{"text":"Amlodypina 5 mg"},
"dosageInstruction":[{"text":"1 tabl. rano","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tabl.","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"TAB"}}]}]}}]}`), 0o600)
	r.run(t, "import", f).ok(t)
	dated := "dated " + health.DayWords(day(2950)) + ", after today: that date may be wrong"

	line := func(out, name string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, name) {
				return l
			}
		}
		return ""
	}
	l := line(r.run(t, "medicines").ok(t).stdout, "Amlodypina")
	if !strings.HasPrefix(l, "to-confirm ") || !strings.Contains(l, dated) || !strings.Contains(l, "not a start. Are you taking it?") || strings.Contains(l, "starts") {
		t.Errorf("medicines: want to-confirm, its date after today and a question, no start:\n%s", l)
	}
	if out := r.run(t, "today").ok(t).stdout; strings.Contains(out, "Amlodypina") {
		t.Errorf("today: want no dose and no start of it:\n%s", out)
	}
	if rem := r.run(t, "reminders", "--from", day(0), "--to", day(3)).ok(t).stdout; strings.Contains(rem, "Amlodypina") {
		t.Errorf("reminders before the person answered:\n%s", rem)
	}

	var mj []struct{ Profile string }
	if err := json.Unmarshal([]byte(r.run(t, "medicines", "--json").ok(t).stdout), &mj); err != nil || len(mj) != 1 {
		t.Fatalf("medicines --json: %v %+v", err, mj)
	}
	r.run(t, "medicines", "confirm", "--profile", mj[0].Profile, "--ref", "MedicationRequest/fut").ok(t)
	l = line(r.run(t, "medicines").ok(t).stdout, "Amlodypina")
	if !strings.HasPrefix(l, "taking ") || !strings.Contains(l, "its record is "+dated) || strings.Contains(l, "starts") {
		t.Errorf("medicines after yes: want taking, its date said, no start:\n%s", l)
	}
	if rem := r.run(t, "reminders", "--from", day(1), "--to", day(2)).ok(t).stdout; !strings.Contains(rem, "09:00") || !strings.Contains(rem, "Amlodypina") {
		t.Errorf("reminders after yes: want 09:00 Amlodypina tomorrow:\n%s", rem)
	}
}
