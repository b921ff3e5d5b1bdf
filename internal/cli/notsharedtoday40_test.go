package cli_test

import (
	"strings"
	"testing"
	"time"
)

// F540 item 8: on the tablet whose share of Maxime was withdrawn ('share --role none'), 'today'
// said he was no longer shared and then listed "07:30 overdue Flovent … 20:00 upcoming
// Flovent" as if due. It now says his doses are no longer followed here, as the app's Today
// does, and lists none; his appointments stay.
func TestTodayOfAPersonNoLongerSharedListsNoDoses(t *testing.T) {
	var maxime string
	soon := time.Now().AddDate(0, 0, 2).Format("2006-01-02") // within Today's week
	desk, laptop := joinedPair(t, "folder", "America/Toronto", "America/Toronto", func(desk runner) {
		maxime = importOnePerson(t, desk, `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"mx","name":[{"given":["Maxime"],"family":"Leblanc-Nguyen"}],"birthDate":"2015-02-11"}},
{"resource":{"resourceType":"MedicationRequest","id":"flut","status":"active","intent":"order","subject":{"reference":"Patient/mx"},
"authoredOn":"2026-09-01","medicationCodeableConcept":{"text":"Flovent HFA 125 mcg"},
"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["07:30:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puff"}}]}]}},
{"resource":{"resourceType":"Appointment","id":"asthma","status":"booked","description":"Asthma clinic","start":"`+soon+`T09:00:00-05:00","end":"`+soon+`T09:30:00-05:00","participant":[{"actor":{"reference":"Patient/mx"},"status":"accepted"}]}}]}`)
	})
	other := otherDevice(t, desk)
	exchange := func() {
		desk.run(t, "household", "sync").ok(t)
		laptop.run(t, "household", "sync").ok(t)
	}
	desk.run(t, "share", "--profile", maxime, "--device", other, "--role", "view").ok(t)
	exchange()
	if out := laptop.run(t, "today").ok(t).stdout; !strings.Contains(out, "Flovent HFA 125 mcg") {
		t.Fatalf("today on the device that views Maxime lists no Flovent:\n%s", out)
	}
	desk.run(t, "share", "--profile", maxime, "--device", other, "--role", "none").ok(t)
	exchange()
	out := laptop.run(t, "today").ok(t).stdout
	if strings.Contains(out, "Flovent") || !strings.Contains(out, "Maxime Leblanc-Nguyen's doses are no longer followed on this computer.") ||
		!strings.Contains(out, "Appointment: Asthma clinic") {
		t.Errorf("today on the device Maxime is no longer shared with:\n%s", out)
	}
}
