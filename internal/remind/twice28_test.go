package remind

import (
	"testing"
	"time"
)

// F221: a dose taken on two (or more) devices says each time and where, on the person's clock.
func TestTakenTwiceWords(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, time.UTC) }
	names := map[string]string{"desk": "Desk", "phone": "Phone", "self": "Claudias Laptop"} // this device named too (F489)
	for _, tc := range []struct {
		name  string
		takes []Answer
		want  string
	}{
		{"once", []Answer{{at(6, 0), "desk"}}, ""},
		{"none", nil, ""},
		{"two devices", []Answer{{at(23, 30).AddDate(0, 0, -1), "desk"}, {at(23, 45).AddDate(0, 0, -1), "phone"}}, "taken twice — at 00:30 on Desk and at 00:45 on Phone"},
		{"here and unnamed", []Answer{{at(6, 0), ""}, {at(6, 5), "tablet"}, {at(6, 9), "self"}}, "taken 3 times — at 07:00 on this computer, at 07:05 on another computer and at 07:09 on this computer"},
	} {
		ds := DoseStatus{State: DoseTaken, Takes: tc.takes}
		if got := TakenTwiceWords(ds, names, "self", cet); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
