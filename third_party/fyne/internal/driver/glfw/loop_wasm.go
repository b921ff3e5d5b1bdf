//go:build wasm || test_web_driver

package glfw

import (
	"github.com/fyne-io/gl-js"
	"github.com/fyne-io/glfw-js"
)

func (d *gLDriver) initGLFW() error {
	return glfw.Init(gl.ContextWatcher) // CareKeeper patch: the error is returned (driver.go, init)
}

func (d *gLDriver) pollEvents() {
	glfw.PollEvents() // This call blocks while window is being resized, which prevents freeDirtyTextures from being called
}

// canWaitEvents: the browser drives the loop; it never blocks waiting for events.
const canWaitEvents = false

func waitEvents() {}

func postEmptyEvent() {}

func (d *gLDriver) Terminate() {
	glfw.Terminate()
}
