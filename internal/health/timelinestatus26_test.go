package health

import "testing"

// F68: the Timeline's line of an appointment that was cancelled or not attended says so — it
// read "Foot care" (under Upcoming, "planned") and "Eye screening", as visits.
func TestDescribeAppointmentStatus(t *testing.T) {
	for _, c := range []struct{ typ, res, want string }{
		{"Appointment", `{"resourceType":"Appointment","status":"cancelled","description":"Foot care"}`, "Cancelled: Foot care"},
		{"Appointment", `{"resourceType":"Appointment","status":"noshow","description":"Eye screening"}`, "Did not attend: Eye screening"},
		{"Appointment", `{"resourceType":"Appointment","status":"fulfilled","description":"Diabetes clinic"}`, "Diabetes clinic"},
		{"Encounter", `{"resourceType":"Encounter","status":"cancelled","class":{"code":"AMB"}}`, "Cancelled: Outpatient visit"},
	} {
		if got := Describe(c.typ, []byte(c.res)); got != c.want {
			t.Errorf("%s: %q, want %q", c.res, got, c.want)
		}
	}
}
