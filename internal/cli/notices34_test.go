package cli_test

import (
	"context"
	"testing"

	"carekeeper/internal/remind"
)

// F449: Kwame unticked "Show notifications for this person" for Ada on his laptop (he does not
// want her reminders there), and Ada's own PC stopped reminding her too, her insulin included,
// with nothing on her PC saying so; "Private" ticked on his laptop made her PC's notifications
// private. Whether a person's notifications are shown, private, and the name they give are each
// device's own now; the household's settings (the alert delay here) still travel.
func TestNotificationsOffOnOneDeviceStayOnTheOthers(t *testing.T) {
	for _, transport := range []string{"folder", "webdav"} {
		t.Run(transport, func(t *testing.T) {
			var ada string
			pc, laptop := joinedPair(t, transport, "Europe/London", "Europe/London", func(pc runner) {
				ada = addedProfile(t, pc, "--name", "Ada Okafor", "--birth-date", "1988-04-12")
			})
			v := openVault(t, laptop)
			s, err := remind.LoadSettings(v, ada)
			if err != nil {
				t.Fatal(err)
			}
			s.Off, s.Private, s.Label, s.AlertAfterMinutes = true, true, "Ada (PC)", 45
			if err := remind.SaveSettings(context.Background(), v, ada, s); err != nil {
				t.Fatal(err)
			}
			v.Close()
			laptop.run(t, "household", "sync").ok(t)
			pc.run(t, "household", "sync").ok(t)
			for _, c := range []struct {
				where        string
				r            runner
				off, private bool
				label        string
			}{{"Ada's PC", pc, false, false, ""}, {"Kwame's laptop", laptop, true, true, "Ada (PC)"}} {
				v := openVault(t, c.r)
				s, err := remind.LoadSettings(v, ada)
				v.Close()
				if err != nil {
					t.Fatal(err)
				}
				if s.Off != c.off || s.Private != c.private || s.Label != c.label {
					t.Errorf("%s: off %v, private %v, label %q; want %v, %v, %q", c.where, s.Off, s.Private, s.Label, c.off, c.private, c.label)
				}
				if s.AlertAfterMinutes != 45 {
					t.Errorf("%s: the household's alert delay %d, want 45 from the laptop", c.where, s.AlertAfterMinutes)
				}
			}
		})
	}
}
