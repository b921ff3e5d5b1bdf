package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// writeAppointment adds an Appointment record of profile starting at start (RFC 3339, its own
// offset).
func writeAppointment(t *testing.T, v *storage.Vault, profile, id, title, start string) {
	t.Helper()
	res := `{"resourceType":"Appointment","id":"` + id + `","status":"booked","description":"` + title + `","start":"` + start + `","participant":[{"actor":{"reference":"Patient/p1"},"status":"accepted"}]}`
	rec, err := storage.NewRecord(profile, storage.ID{Source: "clinic", Type: "Appointment", ID: id}, []byte(res))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
}

// F523: Margaret (home: Sydney) visits Perth and her doses follow the tablet's Perth clock;
// Today then said her Balmain INR check, 09:30 Sydney time, as "11 Dec 2026, 06:30" with no
// zone. A clinic at home keeps its hours: the appointment is said on her home clock with the
// time here beside it, as before the answer.
func TestToday_AppointmentAtHomeWhileFollowingThisComputer(t *testing.T) {
	perth, _ := time.LoadLocation("Australia/Perth")
	rig := newRemindRig(t, at(1, 0), medFixture{"Margaret", "m1", "Warfarin 1 mg", twiceDaily})
	u := rig.u
	mg := rig.people["Margaret"]
	rig.clock.setZone(perth)
	st, err := remind.LoadSettings(u.vault, mg)
	if err != nil {
		t.Fatal(err)
	}
	st.ChooseHomeZone("Australia/Sydney", perth, at(1, 0))
	st.Travel = &remind.TravelAnswer{DeviceZone: "Australia/Perth", FollowLocal: true, At: at(1, 0)}
	if err := remind.SaveSettings(context.Background(), u.vault, mg, st); err != nil {
		t.Fatal(err)
	}
	writeAppointment(t, u.vault, mg, "inr", "INR check", "2026-03-05T09:30:00+11:00")
	u.main.loadPeople(mg)
	u.idle()
	rig.advance(at(1, 1))
	rig.showToday()
	all := strings.Join(shownTexts(u.win), "\n")
	if want := "5 Mar 2026, 09:30 Sydney time (06:30 here) · INR check"; !strings.Contains(all, want) {
		t.Errorf("Today does not say %q:\n%s", want, all)
	}
	// her doses are still on Perth's clock
	if z := personZone(u.vault, mg, perth, at(1, 1)); z.Loc.String() != "Australia/Perth" {
		t.Errorf("her doses follow %v", z.Loc)
	}
	p := rig.showAppts()
	if len(p.list.rows) != 1 || p.list.rows[0].Right != "5 Mar 2026, 09:30 Sydney time" || !strings.Contains(p.list.rows[0].Sub, "06:30 here") {
		t.Errorf("Appointments: %+v", p.list.rows)
	}
}

// app/appts.go formatted an appointment's opening with Format("… 15:04"): on the hour New
// York's clocks say twice (1 Nov 2026, 01:30) it did not say which. It says EDT or EST, as
// health.DateWallClock and the zone's At do.
func TestAppointment_OnTheRepeatedHourSaysWhich(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	start := time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC)
	rig := newRemindRig(t, start, medFixture{"Ann", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	ann := rig.people["Ann"]
	rig.clock.setZone(ny)
	writeAppointment(t, u.vault, ann, "a1", "Blood test", "2026-11-01T01:30:00-05:00") // the second 01:30, EST
	u.main.loadPeople(ann)
	u.idle()
	rig.advance(start.Add(time.Minute))
	p := rig.showAppts()
	if len(p.list.rows) != 1 {
		t.Fatalf("Appointments: %+v", p.list.rows)
	}
	p.list.rows[0].OnTap()
	u.idle()
	said := strings.Join(overlayTexts(u.win), "\n")
	if !strings.Contains(said, "Sunday 1 November 2026, 01:30 EST") {
		t.Errorf("the appointment opens as:\n%s", said)
	}
}
