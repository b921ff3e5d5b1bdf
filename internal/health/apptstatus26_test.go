package health

import (
	"testing"
	"time"
)

// F66 and the "booked in the past" item: only a visit the records say took place is a past
// visit. A booking whose date passed and was never marked attended, a no-show and a cancelled
// appointment (past or to come) are listed with what the records say of them, and a name alone
// as a participant ("Lagos Eye Centre") is kept.
func TestAppointmentStatusWords(t *testing.T) {
	appt := func(id, status, day, who string) Resource {
		return Resource{Key: Key{LocalSource, "Appointment", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Appointment","id":"` + id +
			`","status":"` + status + `","description":"` + id + `","start":"` + day + `T10:00:00+01:00","participant":[{"actor":{"display":"` + who + `"}}]}`)}
	}
	s := NewSet([]Resource{
		appt("Eye screening", "noshow", "2026-09-01", "Lagos Eye Centre"),
		appt("Diabetes clinic", "fulfilled", "2026-10-12", "LUTH Diabetes Clinic"),
		appt("Kidney function review", "cancelled", "2026-11-02", "LUTH Renal Unit"),
		appt("Blood pressure check", "booked", "2026-11-25", "Ikeja Family Practice"),
		appt("Diabetes clinic review", "booked", "2026-12-09", "LUTH Diabetes Clinic"),
		appt("Foot care", "cancelled", "2026-12-15", "Ikeja Podiatry"),
		{Key: Key{LocalSource, "Encounter", "e1"}, Profile: "p1", JSON: []byte(`{"resourceType":"Encounter","status":"planned","class":{"code":"AMB"},"period":{"start":"2026-11-30T09:00:00Z"}}`)},
	}, nil)
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	up, past, _ := Appointments(s, now)
	if len(up) != 1 || up[0].Title != "Diabetes clinic review" {
		t.Errorf("upcoming %+v", up)
	}
	want := map[string]string{
		"Foot care":              "cancelled",
		"Outpatient visit":       "planned, not marked as having taken place",
		"Blood pressure check":   "booked, not marked as attended",
		"Kidney function review": "cancelled",
		"Diabetes clinic":        "",
		"Eye screening":          "did not attend (no show)",
	}
	if len(past) != len(want) {
		t.Fatalf("past %+v", past)
	}
	for _, a := range past {
		w, ok := want[a.Title]
		if got := a.StatusWords(now); !ok || got != w {
			t.Errorf("%s: %q, want %q", a.Title, got, w)
		}
		if a.Happened != (w == "") {
			t.Errorf("%s: happened %v", a.Title, a.Happened)
		}
		if a.Title == "Eye screening" && a.With != "Lagos Eye Centre" {
			t.Errorf("the place is lost: %+v", a)
		}
	}
	if last := LastVisit(past); last == nil || last.Title != "Diabetes clinic" {
		t.Errorf("last visit %+v", last)
	}
}

// An appointment the record gives as not confirmed ("proposed", "pending") says so, to come
// or past; a booked one to come says nothing (F337).
func TestTentativeAppointmentStatusWords(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status string
		start  time.Time
		want   string
	}{
		{"proposed", now.AddDate(0, 0, 4), "not confirmed yet"},
		{"pending", now.AddDate(0, 0, 2), "not confirmed yet"},
		{"booked", now.AddDate(0, 0, 3), ""},
		{"proposed", now.AddDate(0, 0, -4), "never confirmed"},
		{"booked", now.AddDate(0, 0, -4), "booked, not marked as attended"},
	} {
		a := Appointment{Status: c.status, Start: c.start}
		if got := a.StatusWords(now); got != c.want {
			t.Errorf("%s on %s: %q, want %q", c.status, c.start.Format("2 Jan"), got, c.want)
		}
	}
}
