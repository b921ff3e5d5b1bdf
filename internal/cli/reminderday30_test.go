package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F331: 'reminders --from DAY --to DAY' without --profile read the days at this computer's
// midnight (UTC), not the person's (Tokyo): her 06:00 of the day was left out and the next
// day's 06:00 listed. A day is on each person's own clock, as with --profile.
func TestRemindersDayIsEachPersonsDay(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	authored := time.Now().AddDate(0, -1, 0).Format("2006-01-02")
	file := filepath.Join(t.TempDir(), "mum.json")
	os.WriteFile(file, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+
		`{"resource":{"resourceType":"Patient","id":"mum","name":[{"family":"Sato","given":["Emi"]}],"birthDate":"1950-04-09"}},`+
		`{"resource":{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","authoredOn":"`+authored+`",`+
		`"subject":{"reference":"Patient/mum"},"medicationCodeableConcept":{"text":"Levothyroxine 50 mcg tablet"},`+
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["06:00:00","22:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`), 0o600)
	mum, _ := importJSON(t, r, file)["profile"].(string)
	r.run(t, "profile", "set", "--profile", mum, "--zone", "Asia/Tokyo").ok(t)
	day := time.Now().AddDate(0, 0, 2)
	from, to := day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02")
	mine := r.run(t, "reminders", "--profile", mum, "--from", from, "--to", to, "--json").ok(t).stdout
	all := r.run(t, "reminders", "--from", from, "--to", to, "--json").ok(t).stdout
	if all != mine {
		t.Errorf("everyone's reminders of %s:\n%s\nwant hers:\n%s", from, all, mine)
	}
	for _, at := range []string{from + "T06:00:00+09:00", from + "T22:00:00+09:00"} {
		if !strings.Contains(all, at) {
			t.Errorf("no dose at %s in\n%s", at, all)
		}
	}
	if next := to + "T06:00:00+09:00"; strings.Contains(all, next) {
		t.Errorf("the next day's dose %s is listed:\n%s", next, all)
	}
}
