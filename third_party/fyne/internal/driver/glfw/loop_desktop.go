//go:build !wasm && !test_web_driver

package glfw

import (
	"errors"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// CareKeeper patch: GLFW's init is tried a few times (initTries, initPause apart: ~2 s) and its
// failure is returned (Init, init) instead of being dropped. go-gl's glfw.Init returns nil when
// GLFW's platform init fails: it logs the PlatformError ("X11: Failed to open display :0", seen
// on an X server slow under load that had answered a moment before) and the first cursor then
// panicked with "NotInitialized".
func (d *gLDriver) initGLFW() error {
	if err := initWithRetry(glfwInit, initTries, initPause); err != nil {
		return err
	}
	initCursors()
	return nil
}

// errNotInitialized: glfw.Init returned, but GLFW is not initialised (its platform init failed).
var errNotInitialized = errors.New("GLFW is not initialised (its platform init failed)")

// glfwInit initialises GLFW once and says whether it is initialised afterwards; a variable
// for tests.
var glfwInit = func() (err error) {
	if err := glfw.Init(); err != nil {
		return err
	}
	// glfwGetTime reports NotInitialized (go-gl panics with it) when the init failed.
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*glfw.Error)
			if !ok || e.Code.String() != "NotInitialized" {
				panic(r)
			}
			err = errNotInitialized
		}
	}()
	glfw.GetTime()
	return nil
}

// initTries and initPause: how often GLFW's init is tried, and the wait between tries (a
// variable for tests).
const initTries = 5

var initPause = func() { time.Sleep(500 * time.Millisecond) }

func (d *gLDriver) pollEvents() {
	glfw.PollEvents() // This call blocks while window is being resized, which prevents freeDirtyTextures from being called
}

// canWaitEvents: the main loop may block in waitEvents while no window is shown.
const canWaitEvents = true

// waitEvents blocks until GLFW has an event (postEmptyEvent posts one); a variable for tests.
var waitEvents = func() {
	glfw.WaitEvents()
}

// postEmptyEvent wakes waitEvents (safe from any goroutine while GLFW is initialised).
func postEmptyEvent() {
	glfw.PostEmptyEvent()
}

func (d *gLDriver) Terminate() {
	glfw.Terminate()
}
