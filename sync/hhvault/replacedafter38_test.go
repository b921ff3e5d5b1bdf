package hhvault

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/hlc"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// F494: a setting changed on another device after this device's change had arrived there
// replaced nothing unseen; "set here …, was replaced by …" is said only for a change made
// there without having seen this one (its After is not this change, nor one after it). A
// change from an older CareKeeper, which does not say what it held, is said as before.
func TestReplacedOnlyWhenMadeWithoutSeeingOurs(t *testing.T) {
	ctx := context.Background()
	const here, there = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
	for _, tc := range []struct {
		name  string
		after func(ours household.Op) *household.OpID
		said  bool
	}{
		{"made after ours had arrived there", func(ours household.Op) *household.OpID { id := ours.ID(); return &id }, false},
		{"made after a later change than ours", func(ours household.Op) *household.OpID {
			return &household.OpID{Stamp: hlc.Stamp{Wall: ours.Stamp.Wall + 1}, Device: there}
		}, false},
		{"made apart, from the change ours replaced", func(ours household.Op) *household.OpID { return ours.After }, true},
		{"made apart, holding nothing", func(household.Op) *household.OpID { return &household.OpID{} }, true},
		{"from an older CareKeeper", func(household.Op) *household.OpID { return nil }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := openVault(t)
			p, err := v.AddProfile("Mum Smith", "1950-01-01")
			if err != nil {
				t.Fatal(err)
			}
			if err := v.StartChanges(ctx, here); err != nil {
				t.Fatal(err)
			}
			key := "remind/settings/" + p.ID
			// What this device took from the other first, then its own change over it.
			s := remind.DefaultSettings()
			b, _ := json.Marshal(s)
			first := household.Op{Kind: storage.KindState, Profile: p.ID, Key: key, Value: b, Stamp: hlc.Stamp{Wall: 1_700_000_000_000}, Device: there, After: &household.OpID{}}
			if _, err := (Replica{V: v}).Apply(ctx, []household.Op{first}); err != nil {
				t.Fatal(err)
			}
			s.AlertAfterMinutes = 20
			b, _ = json.Marshal(s)
			if err := v.UpdateState(ctx, storage.StateOp{Key: key, Value: b}); err != nil {
				t.Fatal(err)
			}
			ours, ok, err := (Replica{V: v}).Held(ctx, storage.KindState, key)
			if err != nil || !ok || ours.Device != here || ours.After == nil || *ours.After != first.ID() {
				t.Fatalf("held here: %+v %v %v (want After %v)", ours, ok, err, first.ID())
			}
			s.AlertAfterMinutes = 45
			b, _ = json.Marshal(s)
			theirs := household.Op{Kind: storage.KindState, Profile: p.ID, Key: key, Value: b,
				Stamp: hlc.Stamp{Wall: ours.Stamp.Wall + 60_000}, Device: there, After: tc.after(ours)}
			if n, err := (Replica{V: v}).Apply(ctx, []household.Op{theirs}); err != nil || n != 1 {
				t.Fatalf("apply: %d %v", n, err)
			}
			var lines []string
			for _, r := range LoadLast(v).Replaced {
				lines = append(lines, ReplacedWords(r, "Anna's laptop", nil))
			}
			said := len(lines) == 1 && strings.HasPrefix(lines[0], "Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here ")
			if said != tc.said || (!tc.said && len(lines) > 0) {
				t.Errorf("replaced lines %q, want said: %v", lines, tc.said)
			}
		})
	}
}
