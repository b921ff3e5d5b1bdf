package remind

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F557 item 2: a nightly dose at 02:30 on the night Warsaw's clocks go from 02:00 to 03:00 is
// reminded at 03:00; its notification says why, the night before's says nothing.
func TestDoseAtATimeTheClocksSkipSaysSoInItsNotification(t *testing.T) {
	waw := mustLoc(t, "Europe/Warsaw")
	v := openVault(t)
	pid := addPerson(t, v, "Stanisław")
	addMed(t, v, pid, "ber", "Berodual N", `[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["02:30:00"]}}}]`)
	m, err := Load(context.Background(), v, LoadOptions{Device: waw})
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2027, 3, 27, 0, 0, 0, 0, waw)
	rs := m.Reminders(pid, from, from.AddDate(0, 0, 2), from)
	if len(rs) != 2 {
		t.Fatalf("reminders %+v", rs)
	}
	for i, want := range []string{"Taken, or snooze? You can also answer in CareKeeper.",
		"02:30 does not exist that night: the clocks go forward an hour. Taken, or snooze? You can also answer in CareKeeper."} {
		txt := notificationText(m.Person(pid), rs[i:i+1], false)
		if txt.Body != want || (i == 1 && !strings.Contains(txt.Title, "03:00")) {
			t.Errorf("notification %d: %+v, want body %q", i, txt, want)
		}
	}
}
