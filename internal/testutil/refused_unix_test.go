//go:build unix

package testutil

import (
	"errors"
	"net"
	"syscall"
	"testing"
)

// RefusedAddr's port refuses connections, and no one else can listen on it while the test
// runs (a closed listener's port could be taken between closing and dialling it).
func TestRefusedAddr(t *testing.T) {
	addr := RefusedAddr(t)
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			t.Fatalf("a connection to %s was accepted", addr)
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("dial %s: %v, want connection refused", addr, err)
		}
	}
	_, port, _ := net.SplitHostPort(addr)
	for _, a := range []string{addr, ":" + port} {
		if l, err := net.Listen("tcp", a); err == nil {
			l.Close()
			t.Errorf("another listener took %s", a)
		}
	}
}
