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
