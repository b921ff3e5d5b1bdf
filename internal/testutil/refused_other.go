//go:build !unix

package testutil

import (
	"net"
	"testing"
)

// RefusedAddr returns a loopback TCP address where connections are refused. Here (not Unix)
// the port is only free a moment ago: nothing keeps another process from taking it.
func RefusedAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}
