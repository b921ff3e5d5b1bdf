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

// SendAnything makes this device behave like a modified one: it sends its changes of people
// it may only view (the others must refuse them).
func (h *Household) SendAnything() { h.sendAll = true }

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
