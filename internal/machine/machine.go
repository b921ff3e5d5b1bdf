// Package machine identifies this computer, for telling a copied vault (or a copied file beside
// it) from the one made here.
package machine

import (
	"os"
	"strings"
)

// ID identifies this computer: systemd's machine id, else the host name. It is only ever
// stored hashed.
func ID() string {
	for _, f := range []string{"/etc/machine-id", "/var/lib/dbus/machine-id"} {
		if b, err := os.ReadFile(f); err == nil && len(strings.TrimSpace(string(b))) > 0 {
			return "id:" + strings.TrimSpace(string(b))
		}
	}
	h, _ := os.Hostname()
	return "host:" + h
}
