//go:build traywatcher

package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

// closeWindow asks a window to close the way a window manager's close button does.
static int closeWindow(unsigned long w) {
	Display *d = XOpenDisplay(NULL);
	if (!d) return 1;
	XEvent ev = {0};
	ev.xclient.type = ClientMessage;
	ev.xclient.window = w;
	ev.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = XInternAtom(d, "WM_DELETE_WINDOW", False);
	ev.xclient.data.l[1] = CurrentTime;
	XSendEvent(d, w, False, NoEventMask, &ev);
	XFlush(d);
	XCloseDisplay(d);
	return 0;
}
*/
import "C"

import (
	"fmt"
	"os"
	"strconv"
)

// closeWindow sends WM_DELETE_WINDOW to the X window id (there is no window manager under
// Xvfb to do it).
func closeWindow(id string) {
	w, err := strconv.ParseUint(id, 0, 64)
	if err != nil || C.closeWindow(C.ulong(w)) != 0 {
		fmt.Fprintln(os.Stderr, "traywatcher: cannot close window", id)
		os.Exit(1)
	}
}
