//go:build (linux || freebsd || openbsd || netbsd) && !wayland && cgo

package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

// ck_iconify asks the window manager to minimise window w (ICCCM WM_CHANGE_STATE via
// XIconifyWindow) on a connection of its own.
static int ck_iconify(unsigned long w) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 0;
	Status s = XIconifyWindow(d, (Window)w, DefaultScreen(d));
	XFlush(d);
	XCloseDisplay(d);
	return s != 0;
}
*/
import "C"

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// minimizeWindow minimises w on X11 (Fyne 2.7 has no minimise call). It reports false when it
// could not, e.g. on Wayland.
func minimizeWindow(w fyne.Window) bool {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return false
	}
	done := false
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok && x.WindowHandle != 0 {
			done = C.ck_iconify(C.ulong(x.WindowHandle)) != 0
		}
	})
	return done
}
