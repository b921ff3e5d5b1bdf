package hhvault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// A device removed from its household (revoked on another device, perhaps lost) keeps its
// copy of the household's people, but the household's other devices now remind them and raise
// their caregiver alerts: a removed laptop reminding and alerting from its stale copy would
// remind twice, about doses it no longer hears the answers to. So when an exchange learns of
// the removal (household.ErrRevoked), the vault records it under RemovedKey (device-local
// state, never exchanged): when, and the people the household shares (another device may see
// them). The daemon and the app hold the reminders and alerts of those people
// (remind.Options.HoldPeople) and say so; the device owner's own people, never shared, are
// still reminded here.

// RemovedKey is the state key of this device's removal from its household.
const RemovedKey = "household/removed"

// Removal is this device's removal from its household.
type Removal struct {
	At     time.Time `json:"at"`     // when it was removed (the removal's time, as its writer stamped it)
	People []string  `json:"people"` // profile ids the household's other devices follow: held here
}

// LoadRemoval reads the recorded removal; ok is false while the device is not removed (or is
// in no household).
func LoadRemoval(v *storage.Vault) (r Removal, ok bool) {
	b, err := v.GetState(RemovedKey)
	if err != nil {
		return Removal{}, false
	}
	if json.Unmarshal(b, &r) != nil {
		return Removal{}, false
	}
	return r, true
}

// Holds is a set of the removal's people, for remind.Options.HoldPeople: nil when this device
// was not removed.
func (r Removal) Holds() map[string]bool {
	if len(r.People) == 0 {
		return nil
	}
	m := make(map[string]bool, len(r.People))
	for _, p := range r.People {
		m[p] = true
	}
	return m
}

// HoldPeople is remind.Options.HoldPeople: the people whose reminders and caregiver alerts are
// held on this device because it was removed from its household, or because the household no
// longer shares them with it (storage.Vault.NotShared: the household's other devices remind
// them, and no answer reaches this one), and everyone when this vault was moved elsewhere (the
// vault it was moved to reminds them: F150, every reminder came twice) (nil: none).
func HoldPeople(v *storage.Vault) map[string]bool {
	r, _ := LoadRemoval(v)
	held := r.Holds()
	ps, err := v.Profiles()
	if err != nil {
		return held
	}
	moved := MovedAway(v) != nil
	for _, p := range ps {
		if _, ok := v.NotShared(p.ID); ok || moved {
			if held == nil {
				held = map[string]bool{}
			}
			held[p.ID] = true
		}
	}
	return held
}

// recordRemoval records h's removal of this device once (the people are those shared when it
// was first learned: a person added here afterwards is this device's own).
func recordRemoval(ctx context.Context, v *storage.Vault, h *household.Household) error {
	at, gone := h.Removed()
	if !gone {
		return nil
	}
	if old, ok := LoadRemoval(v); ok && old.At.Equal(at) {
		return nil
	}
	// The people the household shares that this vault holds (the household also knows of
	// people never shared with this device).
	r := Removal{At: at, People: []string{}}
	for _, id := range h.SharedPeople() {
		if _, err := v.Profile(id); err == nil {
			r.People = append(r.People, id)
		} else if !errors.Is(err, storage.ErrNotFound) {
			return err
		}
	}
	b, _ := json.Marshal(r)
	if err := v.UpdateState(ctx, storage.StateOp{Key: RemovedKey, Value: b}); err != nil {
		return fmt.Errorf("recording that this device was removed from the household: %w", err)
	}
	return nil
}

// IsRemoved reports whether err says this device was removed from its household.
func IsRemoved(err error) bool { return errors.Is(err, household.ErrRevoked) }
