package household

import "time"

// SetPollEvery shortens Join's polling for tests; the returned func restores it.
func SetPollEvery(d time.Duration) func() {
	old := pollEvery
	pollEvery = d
	return func() { pollEvery = old }
}
