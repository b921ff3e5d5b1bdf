package hhvault

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"carekeeper/internal/hlc"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// F524: Margaret's tablet answered "follow Perth time"; Kenji's laptop, before it had that
// answer, changed her caregivers' alert. The laptop's settings carried its "not asked yet" and
// replaced the tablet's answer ("… follow the local time, set here at 18:57, was replaced by
// not asked yet"), and she was asked again, her reminders back on Sydney time. A setting the
// other device did not change now stays as set here, beside the one it changed, nothing is said
// replaced, and this device sends the two together; a setting both changed is the later one's,
// and said, as before.
func TestSettingsChangedApartKeepEachOthers(t *testing.T) {
	ctx := context.Background()
	const here, there = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
	for _, tc := range []struct {
		name      string
		alsoThere bool // the laptop changed the travel answer too
	}{{"the laptop changed only the alert", false}, {"both changed the travel answer", true}} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			p, err := v.AddProfile("Margaret Mary O'Brien", "1942-08-14")
			if err != nil {
				t.Fatal(err)
			}
			if err := v.StartChanges(ctx, here); err != nil {
				t.Fatal(err)
			}
			key := "remind/settings/" + p.ID
			s := remind.DefaultSettings()
			s.Zone = "Australia/Sydney"
			b, _ := json.Marshal(s)
			first := household.Op{Kind: storage.KindState, Profile: p.ID, Key: key, Value: b, Stamp: hlc.Stamp{Wall: 1_700_000_000_000}, Device: there, After: &household.OpID{}}
			if _, err := (Replica{V: v}).Apply(ctx, []household.Op{first}); err != nil {
				t.Fatal(err)
			}
			// The tablet: "With this computer: follow Perth time".
			mine := s
			mine.Travel = &remind.TravelAnswer{DeviceZone: "Australia/Perth", FollowLocal: true, At: time.Date(2026, 12, 7, 10, 57, 0, 0, time.UTC)}
			b, _ = json.Marshal(mine)
			if err := v.UpdateState(ctx, storage.StateOp{Key: key, Value: b}); err != nil {
				t.Fatal(err)
			}
			ours, _, err := (Replica{V: v}).Held(ctx, storage.KindState, key)
			if err != nil {
				t.Fatal(err)
			}
			// The laptop, from the first value, without the tablet's answer: the alert after 1 minute.
			theirs := s
			theirs.AlertAfterMinutes = 1
			if tc.alsoThere {
				theirs.Travel = &remind.TravelAnswer{DeviceZone: "Australia/Perth", FollowLocal: false, At: time.Date(2026, 12, 7, 10, 58, 0, 0, time.UTC)}
			}
			b, _ = json.Marshal(theirs)
			op := household.Op{Kind: storage.KindState, Profile: p.ID, Key: key, Value: b, Stamp: hlc.Stamp{Wall: ours.Stamp.Wall + 60_000}, Device: there, After: ours.After}
			if _, err := (Replica{V: v}).Apply(ctx, []household.Op{op}); err != nil {
				t.Fatal(err)
			}
			got, err := v.GetState(key)
			if err != nil {
				t.Fatal(err)
			}
			now := settingsOf(got)
			if now.AlertAfterMinutes != 1 {
				t.Errorf("alert after %d minutes, want the laptop's 1", now.AlertAfterMinutes)
			}
			wantFollow := !tc.alsoThere
			if now.Travel == nil || now.Travel.FollowLocal != wantFollow {
				t.Errorf("travel answer %+v, want follow local %v", now.Travel, wantFollow)
			}
			var said []string
			for _, r := range LoadLast(v).Replaced {
				said = append(said, ReplacedWords(r, "Kenji's laptop", nil))
			}
			if tc.alsoThere != (len(said) == 1) || len(said) > 1 {
				t.Errorf("said replaced: %q", said)
			}
			// What this device sends: its own change, made having seen the laptop's.
			held, _, err := (Replica{V: v}).Held(ctx, storage.KindState, key)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.alsoThere && (held.Device != here || !household.Saw(held, op)) {
				t.Errorf("held %+v: want this device's change made after the laptop's", held)
			}
			if tc.alsoThere && held.Device != there {
				t.Errorf("held %+v: want the laptop's change (nothing of this device's kept)", held)
			}
		})
	}
}
