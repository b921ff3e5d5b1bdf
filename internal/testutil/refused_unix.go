//go:build unix

package testutil

import (
	"fmt"
	"syscall"
	"testing"
)

// RefusedAddr returns a loopback TCP address ("127.0.0.1:PORT") where every connection is
// refused (ECONNREFUSED) until the test ends: a socket is bound to the port and never
// listens. A port chosen by listening and closing again is free for anyone: another test,
// process or outgoing connection may take it before the test dials it, and the test then
// reaches that instead. The bound socket (without SO_REUSEADDR) keeps the port from every
// other bind and from the kernel's choice of local ports for outgoing connections.
func RefusedAddr(tb testing.TB) string {
	tb.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		tb.Fatalf("RefusedAddr: socket: %v", err)
	}
	syscall.CloseOnExec(fd)
	tb.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		tb.Fatalf("RefusedAddr: bind: %v", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		tb.Fatalf("RefusedAddr: getsockname: %v", err)
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		tb.Fatalf("RefusedAddr: bound to %T", sa)
	}
	return fmt.Sprintf("127.0.0.1:%d", in4.Port)
}
