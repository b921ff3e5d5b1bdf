//go:build (linux || freebsd || openbsd || netbsd) && !wayland && cgo

package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

// ck_has_display reports whether the X server named by $DISPLAY accepts a connection.
static int ck_has_display(void) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 0;
	XCloseDisplay(d);
	return 1;
}
*/
import "C"

// hasDisplay reports whether a window can be opened: GLFW panics without an X server.
func hasDisplay() bool { return C.ck_has_display() != 0 }
