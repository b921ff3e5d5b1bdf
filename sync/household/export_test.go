package household

import (
	"fmt"
	"time"
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
