package cli_test

import (
	"context"
	"encoding/json"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// oldSettings writes a person's household settings as a CareKeeper before c143c64 did, with
// whether notifications are shown, private and the name they give inside them (F449's rest).
func oldSettings(t *testing.T, v *storage.Vault, profile string, off, private bool, label string) {
	t.Helper()
	s, err := remind.LoadSettings(v, profile)
	if err != nil {
		t.Fatal(err)
	}
	s.Off, s.Private, s.Label = off, private, label
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.UpdateState(context.Background(), storage.StateOp{Key: "remind/settings/" + profile, Value: b}); err != nil {
		t.Fatal(err)
	}
}

// TestOldNotificationsOffOfAnotherDeviceDoNotSilenceThisOne: a household whose settings for Ada
// already carry "notifications off" chosen on Kwame's laptop before they were each device's own
// (c143c64) kept them off on Ada's PC, which never chose: her insulin reminders silent. A device
// that never chose shows them; "private" and the name stay as the household's settings say (a
// device may have chosen them then: medicine names once hidden are never shown without a
// choice). A vault in no household chose everything it holds: its "off" is kept.
func TestOldNotificationsOffOfAnotherDeviceDoNotSilenceThisOne(t *testing.T) {
	for _, transport := range []string{"folder", "webdav"} {
		t.Run(transport, func(t *testing.T) {
			var ada string
			pc, laptop := joinedPair(t, transport, "Europe/London", "Europe/London", func(pc runner) {
				ada = addedProfile(t, pc, "--name", "Ada Okafor", "--birth-date", "1988-04-12")
			})
			v := openVault(t, laptop)
			oldSettings(t, v, ada, true, true, "Ada (PC)")
			v.Close()
			laptop.run(t, "household", "sync").ok(t)
			pc.run(t, "household", "sync").ok(t)
			for _, c := range []struct {
				where string
				r     runner
			}{{"Ada's PC", pc}, {"Kwame's laptop", laptop}} {
				v := openVault(t, c.r)
				s, err := remind.LoadSettings(v, ada)
				v.Close()
				if err != nil {
					t.Fatal(err)
				}
				if s.Off || !s.Private || s.Label != "Ada (PC)" {
					t.Errorf("%s: off %v, private %v, label %q; want shown, private, %q as the household's", c.where, s.Off, s.Private, s.Label, "Ada (PC)")
				}
			}
			// Chosen on the laptop now: off there, still shown on Ada's PC.
			v = openVault(t, laptop)
			s, err := remind.LoadSettings(v, ada)
			if err != nil {
				t.Fatal(err)
			}
			s.Off = true
			if err := remind.SaveSettings(context.Background(), v, ada, s); err != nil {
				t.Fatal(err)
			}
			v.Close()
			laptop.run(t, "household", "sync").ok(t)
			pc.run(t, "household", "sync").ok(t)
			for _, c := range []struct {
				where string
				r     runner
				off   bool
			}{{"Ada's PC", pc, false}, {"Kwame's laptop", laptop, true}} {
				v := openVault(t, c.r)
				s, err := remind.LoadSettings(v, ada)
				v.Close()
				if err != nil {
					t.Fatal(err)
				}
				if s.Off != c.off {
					t.Errorf("after the laptop chose: %s: off %v, want %v", c.where, s.Off, c.off)
				}
			}
		})
	}
	t.Run("no household", func(t *testing.T) {
		r := in(newVault(t))
		ada := addedProfile(t, r, "--name", "Ada Okafor", "--birth-date", "1988-04-12")
		v := openVault(t, r)
		defer v.Close()
		oldSettings(t, v, ada, true, false, "")
		s, err := remind.LoadSettings(v, ada)
		if err != nil {
			t.Fatal(err)
		}
		if !s.Off {
			t.Errorf("a vault in no household: its own old 'off' not kept")
		}
	})
}
