//go:build release

package clinic

import "aead.dev/minisign"

// extraKeys: release builds trust only the built-in provisioning keys.
func extraKeys() []minisign.PublicKey { return nil }
