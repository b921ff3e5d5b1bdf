package cli_test

import (
	"strings"
	"testing"
)

// F525 item 1: on a device that only views Lily (or no longer gets her), 'today' ended her
// antibiotic's line with "Set its times: 'carekeeper schedule set …'", a command refused there.
// It now says, as the app's Today does, "A device that manages Lily Moreno can set its times."
// (nothing more once she is no longer shared here); the managing device keeps the command.
func TestTodayOnADeviceThatOnlyViewsSaysWhoSetsTimes(t *testing.T) {
	var lily string
	desk, laptop := joinedPair(t, "folder", "Europe/London", "Europe/London", func(desk runner) {
		lily = importOnePerson(t, desk, `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"lily","name":[{"given":["Lily"],"family":"Moreno"}],"birthDate":"2019-04-14"}},
{"resource":{"resourceType":"MedicationRequest","id":"amox","status":"active","intent":"order","subject":{"reference":"Patient/lily"},
"authoredOn":"2026-11-01","medicationCodeableConcept":{"text":"Amoxicillin 250 mg/5 mL oral suspension"},
"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","14:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}]}]}}]}`)
	})
	other := otherDevice(t, desk)
	exchange := func() {
		desk.run(t, "household", "sync").ok(t)
		laptop.run(t, "household", "sync").ok(t)
	}
	desk.run(t, "share", "--profile", lily, "--device", other, "--role", "view").ok(t)
	exchange()
	const manages = "No reminders: Amoxicillin 250 mg/5 mL oral suspension"
	if out := laptop.run(t, "today").ok(t).stdout; !strings.Contains(out, manages) || strings.Contains(out, "schedule set") ||
		!strings.Contains(out, "A device that manages Lily Moreno can set its times.") {
		t.Errorf("today on the device that only views Lily:\n%s", out)
	}
	if out := desk.run(t, "today").ok(t).stdout; !strings.Contains(out, "--ref MedicationRequest/amox --times HH:MM") {
		t.Errorf("today on the device that manages Lily:\n%s", out)
	}
	desk.run(t, "share", "--profile", lily, "--device", other, "--role", "none").ok(t)
	exchange()
	if out := laptop.run(t, "today").ok(t).stdout; strings.Contains(out, "schedule set") || strings.Contains(out, "can set its times") {
		t.Errorf("today on the device Lily is no longer shared with:\n%s", out)
	}
}
