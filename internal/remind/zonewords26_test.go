package remind_test

import (
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// The words of a person's clock (F57): the zone named, the computer's time beside it, and
// nothing of the kind while both clocks read the same.
func TestZoneWords(t *testing.T) {
	load := func(n string) *time.Location {
		l, err := time.LoadLocation(n)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	ny, dub, kol := load("America/New_York"), load("Europe/Dublin"), load("Asia/Kolkata")
	at := time.Date(2026, 12, 4, 19, 30, 0, 0, ny) // 00:30 on 5 Dec in Dublin
	for _, c := range []struct {
		z                     remind.Zone
		when, day, note, name string
	}{
		{remind.Zone{Loc: dub, Device: ny}, "5 Dec 2026, 00:30 Dublin time (4 Dec, 19:30 here)", "Saturday 5 December 2026, Dublin time",
			"Times are Dublin time: it is Saturday 5 December, 00:30 there, 5 hours ahead of this computer.", "Dublin time"},
		{remind.Zone{Loc: ny, Device: dub}, "4 Dec 2026, 19:30 New York time (5 Dec, 00:30 here)", "Friday 4 December 2026, New York time",
			"Times are New York time: it is Friday 4 December, 19:30 there, 5 hours behind this computer.", "New York time"},
		{remind.Zone{Loc: kol, Device: dub}, "5 Dec 2026, 06:00 Kolkata time (00:30 here)", "Saturday 5 December 2026, Kolkata time",
			"Times are Kolkata time: it is Saturday 5 December, 06:00 there, 5 hours 30 minutes ahead of this computer.", "Kolkata time"},
		{remind.Zone{Loc: load("Etc/GMT-3"), Device: time.UTC}, "5 Dec 2026, 03:30 UTC+03:00 (00:30 here)", "Saturday 5 December 2026, UTC+03:00",
			"Times are UTC+03:00: it is Saturday 5 December, 03:30 there, 3 hours ahead of this computer.", "UTC+03:00"},
		// One clock: no zone named.
		{remind.Zone{Loc: dub, Device: dub}, "5 Dec 2026, 00:30", "Saturday 5 December 2026", "", "Dublin time"},
		{remind.Zone{Loc: load("Europe/London"), Device: dub}, "5 Dec 2026, 00:30", "Saturday 5 December 2026", "", "London time"},
	} {
		if got := c.z.When(at); got != c.when {
			t.Errorf("When %q, want %q", got, c.when)
		}
		if got := c.z.Day(at); got != c.day {
			t.Errorf("Day %q, want %q", got, c.day)
		}
		if got := c.z.Note(at); got != c.note {
			t.Errorf("Note %q, want %q", got, c.note)
		}
		if got := c.z.Name(at); got != c.name {
			t.Errorf("Name %q, want %q", got, c.name)
		}
	}
}
