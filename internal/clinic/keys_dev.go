//go:build !release

package clinic

import (
	"os"
	"path/filepath"

	"aead.dev/minisign"
)

// extraKeys, in development builds only, also trusts the provisioning keys named in
// $CAREKEEPER_CLINIC_TEST_KEYS (a list of .pub files), for tests and demos with throw-away
// keys. Release builds (-tags release) trust only the built-in keys.
func extraKeys() []minisign.PublicKey {
	var out []minisign.PublicKey
	for _, p := range filepath.SplitList(os.Getenv("CAREKEEPER_CLINIC_TEST_KEYS")) {
		if p == "" {
			continue
		}
		if k, err := minisign.PublicKeyFromFile(p); err == nil {
			out = append(out, k)
		}
	}
	return out
}
