package health

import (
	"testing"
	"time"
)

// F465: a death given as a day alone was judged by the UTC day (DiedBefore compared t.UTC()'s
// day with it). For a man in Los Angeles who died on 5 Dec, a reading at 23:30 there on 5 Dec
// (07:30 UTC on 6 Dec) was "dated after the death"; for a woman in Tokyo one at 00:30 on 6 Dec
// (15:30 UTC on 5 Dec) was not. The day is now the person's: its end on their clock.
func TestDeathOfADayAloneIsOnThePersonsClock(t *testing.T) {
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	at := func(s string) time.Time {
		tt, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tt
	}
	for _, c := range []struct {
		zone, died string
		when       string
		dateOnly   bool
		after      bool
	}{
		{"America/Los_Angeles", "2026-12-05", "2026-12-05T23:30:00-08:00", false, false}, // was "after"
		{"America/Los_Angeles", "2026-12-05", "2026-12-06T00:30:00-08:00", false, true},
		{"America/Los_Angeles", "2026-12-05", "2026-12-05T00:00:00Z", true, false}, // a date alone: its own day
		{"America/Los_Angeles", "2026-12-05", "2026-12-06T00:00:00Z", true, true},
		{"Asia/Tokyo", "2026-12-05", "2026-12-06T00:30:00+09:00", false, true}, // was "before"
		{"Asia/Tokyo", "2026-12-05", "2026-12-05T23:30:00+09:00", false, false},
		{"Asia/Tokyo", "2026-12-05", "2026-12-06T00:00:00Z", true, true},
		{"Asia/Tokyo", "2026-12-05", "2026-12-05T00:00:00Z", true, false},
		// a death at a time of day: its instant, whatever the clock
		{"America/Los_Angeles", "2026-12-05T20:00:00-08:00", "2026-12-05T21:00:00-08:00", false, true},
		{"America/Los_Angeles", "2026-12-05T20:00:00-08:00", "2026-12-05T19:00:00-08:00", false, false},
		// a death at midnight UTC is a time of day, not a day alone
		{"America/Los_Angeles", "2026-12-06T00:00:00Z", "2026-12-05T17:00:00-08:00", false, true},
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		d := PatientDeath([]byte(`{"resourceType":"Patient","deceasedDateTime":"`+c.died+`"}`), now.In(loc))
		tt := at(c.when)
		if got := d.DatedAfter(tt, c.dateOnly, now); got != c.after {
			t.Errorf("%s, died %s: %s (date alone %v) dated after the death %v, want %v", c.zone, c.died, c.when, c.dateOnly, got, c.after)
		}
		if !c.dateOnly {
			if got := d.DiedBefore(tt, now); got != c.after {
				t.Errorf("%s, died %s: DiedBefore(%s) %v, want %v", c.zone, c.died, c.when, got, c.after)
			}
			want := map[bool]string{true: "dated after the death", false: ""}[c.after]
			if got := d.PlanWords("Observation", tt, now); got != want {
				t.Errorf("%s, died %s: PlanWords(%s) %q, want %q", c.zone, c.died, c.when, got, want)
			}
		}
		// The last instant of the life: the readings are judged there; one at it is of the life.
		if u := d.Until(now); d.DiedBefore(u, now) || !d.DiedBefore(u.Add(time.Nanosecond), now) {
			t.Errorf("%s, died %s: Until %v is not the end of the life", c.zone, c.died, u)
		}
		// The same death read on another clock and taken to the person's (In) says the same.
		if got := PatientDeath([]byte(`{"resourceType":"Patient","deceasedDateTime":"`+c.died+`"}`), now).In(loc).DatedAfter(tt, c.dateOnly, now); got != c.after {
			t.Errorf("%s, died %s: In(%s): %s dated after the death %v, want %v", c.zone, c.died, c.zone, c.when, got, c.after)
		}
	}
	// Appointments: a visit at 23:30 in Los Angeles on the day of death took place; one the
	// next day did not, and a booking of that day is for after the death.
	la, _ := time.LoadLocation("America/Los_Angeles")
	set := NewSet([]Resource{
		{Key: Key{"f", "Patient", "p"}, Profile: "lou", JSON: []byte(`{"resourceType":"Patient","id":"p","deceasedDateTime":"2026-12-05"}`)},
		{Key: Key{"f", "Encounter", "e1"}, Profile: "lou", JSON: []byte(`{"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"EMER"},"period":{"start":"2026-12-05T23:30:00-08:00"}}`)},
		{Key: Key{"f", "Encounter", "e2"}, Profile: "lou", JSON: []byte(`{"resourceType":"Encounter","id":"e2","status":"finished","class":{"code":"AMB"},"period":{"start":"2026-12-06"}}`)},
		{Key: Key{"f", "Appointment", "a1"}, Profile: "lou", JSON: []byte(`{"resourceType":"Appointment","id":"a1","status":"booked","description":"Podiatry","start":"2026-12-06T09:00:00-08:00"}`)},
	}, nil)
	_, past, afterDeath := AppointmentsOn(set, now, func(string) *time.Location { return la })
	happened := map[string]bool{}
	for _, a := range past {
		happened[a.Key.ID] = a.Happened && !a.AfterDeath
	}
	if !happened["e1"] || happened["e2"] || len(afterDeath) != 1 || afterDeath[0].Key.ID != "a1" {
		t.Errorf("past %+v\nafter the death %+v", past, afterDeath)
	}
}

// F471 item 7: the line at Kenji Sr.'s death said "14 Sep 2026 · Kenji Nakamura died" though the
// hospice gave 21:40 and the line was placed by it. It says the time, on his clock; a day alone
// none.
func TestDeathHeadingSaysItsTime(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC).In(la)
	for died, want := range map[string]string{
		"2026-09-14T21:40:00-07:00": "14 Sep 2026, 21:40 · Kenji Nakamura died",
		"2026-09-15T04:40:00Z":      "14 Sep 2026, 21:40 · Kenji Nakamura died",
		"2026-09-14":                "14 Sep 2026 · Kenji Nakamura died",
	} {
		d := PatientDeath([]byte(`{"resourceType":"Patient","deceasedDateTime":"`+died+`"}`), now)
		if got := d.Heading("Kenji Nakamura"); got != want {
			t.Errorf("%s: %q, want %q", died, got, want)
		}
	}
}
