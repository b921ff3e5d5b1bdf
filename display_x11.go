//go:build (linux || freebsd || openbsd || netbsd) && !wayland && cgo

package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

// ck_display_state: 0 when the X server named by $DISPLAY accepts a connection and has GLX
// (GLFW makes the window's OpenGL context with it), 1 when no connection can be made, 2 when
// the server has no GLX.
static int ck_display_state(void) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) return 1;
	int op, ev, er;
	int glx = XQueryExtension(d, "GLX", &op, &ev, &er);
	XCloseDisplay(d);
	return glx ? 0 : 2;
}
*/
import "C"

import (
	"fmt"
	"os"
)

// displayProblem is the line to print when no window can be opened, or "". Without an X server
// GLFW panics, and without GLX Fyne logs an error and the app runs on with no window.
func displayProblem() string {
	name := os.Getenv("DISPLAY")
	if name == "" {
		return noDisplay
	}
	switch C.ck_display_state() {
	case 1:
		return displayFailed()
	case 2:
		return fmt.Sprintf("carekeeper: the display %s has no OpenGL (GLX), which the window needs", name)
	}
	return ""
}

// displayFailed is the line to print when the display named by $DISPLAY cannot be opened.
func displayFailed() string {
	return fmt.Sprintf("carekeeper: cannot open the display %s (is a desktop session running?)", os.Getenv("DISPLAY"))
}
