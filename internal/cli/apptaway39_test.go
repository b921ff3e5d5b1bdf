package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F523's CLI part: Margaret (home Sydney) visiting Perth, her doses following the tablet's
// clock: 'today' said her Balmain INR check, 09:30 Sydney time, as "11 Dec 2026, 06:30" with no
// zone once she followed Perth's clock (the app's Today was fixed in 74bdc20). It says it on her
// home clock with the time here, as the app does.
func TestTodayAppointmentAtHomeWhileFollowingThisComputer(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Australia/Perth")
	id := importOnePerson(t, r, `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"mg","name":[{"given":["Margaret"],"family":"O'Brien"}],"birthDate":"1942-08-14"}},
{"resource":{"resourceType":"Appointment","id":"inr","status":"booked","description":"INR check","start":"2026-12-11T09:30:00+11:00","end":"2026-12-11T09:45:00+11:00","participant":[{"actor":{"reference":"Patient/mg"},"status":"accepted"}]}}]}`)
	perth, err := time.LoadLocation("Australia/Perth")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 10, 18, 0, 0, 0, perth)
	v := openVault(t, r)
	st, err := remind.LoadSettings(v, id)
	if err != nil {
		t.Fatal(err)
	}
	st.ChooseHomeZone("Australia/Sydney", perth, at)
	st.Travel = &remind.TravelAnswer{DeviceZone: "Australia/Perth", FollowLocal: true, At: at}
	if err := remind.SaveSettings(context.Background(), v, id, st); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	out := r.run(t, "today", "--at", "2026-12-11T05:00:00+08:00").ok(t).stdout
	if want := "Appointment: INR check, 11 Dec 2026, 09:30 Sydney time (06:30 here)"; !strings.Contains(out, want) {
		t.Errorf("today does not say %q:\n%s", want, out)
	}
}
