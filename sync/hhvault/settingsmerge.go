package hhvault

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// A person's reminder settings travel as one value (remind/settings/<profile>): an alert delay
// changed on Kenji's laptop, made before it had the tablet's answer "follow Perth time",
// carried the laptop's "not asked yet" with it, and the tablet's answer was replaced — "Away
// from home … follow the local time, set here at 18:57, was replaced by not asked yet" — and
// asked again, her reminders back on Sydney time (F524). A setting the other device did not
// change is not its answer: of two changes made apart, each setting the other left as it was
// is kept, setting by setting (the top-level fields of the value), and this device writes the
// two together as its own change, which the household then takes (made having seen theirs, it
// replaces nothing unseen: F494). A setting both changed goes as before: the later change wins,
// and it is said.

// settingsMerges are, for the ops from other devices that replace this device's own change to
// a person's settings made without having seen it, the values keeping this device's changed
// settings beside theirs: to write after the ops are applied. Read before they are (the value
// held here and its base, the value last taken from another device).
func (r Replica) settingsMerges(ops []household.Op) ([]storage.StateOp, error) {
	self := r.V.Device()
	winner := map[string]household.Op{}
	var keys []string
	for _, o := range ops {
		if o.Kind != storage.KindState || !strings.HasPrefix(o.Key, settingsPrefix) || o.Device == self || o.Deleted {
			continue
		}
		if w, ok := winner[o.Key]; ok && !household.Wins(o, w) {
			continue
		}
		if _, ok := winner[o.Key]; !ok {
			keys = append(keys, o.Key)
		}
		winner[o.Key] = o
	}
	slices.Sort(keys)
	var out []storage.StateOp
	for _, k := range keys {
		o := winner[k]
		c, found, err := r.V.Held(storage.KindState, k)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		held := toOp(c)
		if held.Device != self || held.Deleted || !household.Wins(o, held) || household.Saw(o, held) {
			continue
		}
		base, err := r.V.GetState(baseKey(k))
		if err != nil {
			continue // no value taken from another device: nothing tells what each changed
		}
		merged, ok := mergeSettings(base, held.Value, o.Value)
		if ok {
			out = append(out, storage.StateOp{Key: k, Value: merged})
		}
	}
	return out, nil
}

// mergeSettings is there with each top-level setting here changed (from base) and there did
// not; ok is false when there is nothing of here's to keep (there as it is) or a value is not
// an object.
func mergeSettings(base, here, there []byte) ([]byte, bool) {
	var b, h, t map[string]json.RawMessage
	if json.Unmarshal(base, &b) != nil || json.Unmarshal(here, &h) != nil || json.Unmarshal(there, &t) != nil || b == nil || h == nil || t == nil {
		return nil, false
	}
	changed := false
	for _, k := range unionKeys(b, h, t) {
		bv, hv, tv := b[k], h[k], t[k]
		if sameJSON(hv, bv) || !sameJSON(tv, bv) || sameJSON(hv, tv) {
			continue // not changed here, or changed there too (theirs, the later), or the same
		}
		changed = true
		if hv == nil {
			delete(t, k)
		} else {
			t[k] = hv
		}
	}
	if !changed {
		return nil, false
	}
	out, err := json.Marshal(t)
	if err != nil {
		return nil, false
	}
	return out, true
}

func unionKeys(ms ...map[string]json.RawMessage) []string {
	var out []string
	for _, m := range ms {
		for k := range m {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// sameJSON compares two JSON values as values (nil: absent).
func sameJSON(a, b json.RawMessage) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var x, y bytes.Buffer
	if json.Compact(&x, a) != nil || json.Compact(&y, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// writeMerges writes the merged settings as this device's change (after the ops were applied).
func (r Replica) writeMerges(ctx context.Context, merges []storage.StateOp) error {
	if len(merges) == 0 {
		return nil
	}
	if err := r.V.UpdateState(ctx, merges...); err != nil {
		return fmt.Errorf("keeping this device's reminder settings beside the household's: %w", err)
	}
	return nil
}
