package household

import (
	"context"
	"fmt"
	"time"

	"carekeeper/internal/hlc"
)

// SetPollEvery shortens Join's polling for tests; the returned func restores it.
func SetPollEvery(d time.Duration) func() {
	old := pollEvery
	pollEvery = d
	return func() { pollEvery = old }
}

func (h *Household) DebugState() string {
	return fmt.Sprintf("parked=%v bad=%v seen=%v keys=%d", h.st.Parked, h.st.Bad, func() map[string]string {
		m := map[string]string{}
		for d, q := range h.st.Seen {
			m[d[:8]] = fmt.Sprint(q.Low, q.Extra)
		}
		return m
	}(), len(h.st.Keys))
}

// RoleAt is dev's role for profile in force at stamp at, as this device decides it.
func (h *Household) RoleAt(dev, profile string, at hlc.Stamp) Role {
	return h.st.roleAt(dev, profile, at)
}

// ForceShare writes a role grant without checking that this device may (a modified device).
func (h *Household) ForceShare(ctx context.Context, profile, device string, role Role, now time.Time) error {
	h.addControl(kindRole, device+"/"+profile, role, now)
	if err := h.reconcile(now); err != nil {
		return err
	}
	return h.save(ctx)
}

// Held is how many changes this device keeps aside.
func (h *Household) HeldCount() int { return len(h.st.Held) }

func (h *Household) DebugHeld() string {
	var out []string
	for _, ho := range h.st.Held {
		out = append(out, fmt.Sprintf("%s %s %s %s", ho.Op.Key, ho.Op.Stamp, ho.Op.Device[:6], ho.File[2:8]))
	}
	return fmt.Sprint(out)
}

// SetMaxHeld bounds the changes kept aside for tests; the returned func restores it.
func SetMaxHeld(n int) func() {
	old := maxHeld
	maxHeld = n
	return func() { maxHeld = old }
}

// ForceWrap wraps every key of scope this device holds to device, and ForceRotate makes a new
// key of scope wrapped to every member, without checking that this device may (a modified one).
func (h *Household) ForceWrap(ctx context.Context, scope, device string, now time.Time) error {
	rec, ok := h.st.deviceRec(device)
	if !ok {
		return fmt.Errorf("no device %s", device)
	}
	for id, km := range h.st.Keys {
		if km.Scope != scope {
			continue
		}
		w, err := wrapKey(rec.KEM, wrapInfo(h.st.Household, id, device), km.Key)
		if err != nil {
			return err
		}
		op := Op{Kind: kindWrap, Key: id + "/" + device, Value: w, Stamp: h.clock.Now(now), Device: h.st.Device}
		h.st.mergeControl(op)
		h.st.Pending = append(h.st.Pending, op)
	}
	return h.save(ctx)
}

func (h *Household) ForceRotate(ctx context.Context, scope string, now time.Time) error {
	key := make([]byte, 32)
	kid := randomID()
	h.st.Keys[kid] = keyMaterial{Scope: scope, Key: key}
	members := h.st.members()
	h.addControl(kindKey, kid, keyRec{Scope: scope, Members: members}, now)
	for _, dev := range members {
		rec, _ := h.st.deviceRec(dev)
		w, err := wrapKey(rec.KEM, wrapInfo(h.st.Household, kid, dev), key)
		if err != nil {
			return err
		}
		op := Op{Kind: kindWrap, Key: kid + "/" + dev, Value: w, Stamp: h.clock.Now(now), Device: h.st.Device}
		h.st.mergeControl(op)
		h.st.Pending = append(h.st.Pending, op)
	}
	return h.save(ctx)
}

// CurrentKey is the id of scope's current key as this device decides it.
func (h *Household) CurrentKey(scope string) string {
	kid, _, _, _ := h.st.currentKey(scope)
	return kid
}

// ForgeSnapshot publishes ops as a snapshot segment of scope stamped now, whatever this device
// may do (a modified one re-publishing invented changes under another's name).
func (h *Household) ForgeSnapshot(ctx context.Context, scope string, ops []Op, now time.Time) error {
	kid, _, _, _ := h.st.currentKey(scope)
	f, err := h.sealAt(kid, h.st.Keys[kid].Key, ops, h.clock.Now(now), nil)
	if err != nil {
		return err
	}
	h.st.Outbox = append(h.st.Outbox, f)
	if err := h.save(ctx); err != nil {
		return err
	}
	return h.flushOutbox(ctx)
}

// Stamp is this device's household clock now.
func (h *Household) Stamp(now time.Time) hlc.Stamp { return h.clock.Now(now) }
