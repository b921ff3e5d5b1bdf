//go:build !no_glfw && !mobile && !wasm && !test_web_driver

// CareKeeper patch test (README.carekeeper.md): a failed GLFW init is tried again a few times
// and then returned by Init, never dropped (the first cursor then panicked "NotInitialized").

package glfw

import (
	"errors"
	"testing"
)

var errRefused = errors.New("X11: Failed to open display :0")

func TestInitWithRetry(t *testing.T) {
	for _, tt := range []struct {
		fails, wantTries int // tries that fail before one succeeds
		wantErr          bool
	}{
		{0, 1, false},
		{2, 3, false},
		{initTries - 1, initTries, false},
		{initTries, initTries, true},
		{1000, initTries, true},
	} {
		tries, pauses := 0, 0
		err := initWithRetry(func() error {
			if tries++; tries <= tt.fails {
				return errRefused
			}
			return nil
		}, initTries, func() { pauses++ })
		if tries != tt.wantTries || pauses != tt.wantTries-1 {
			t.Errorf("%d failing: %d tries, %d pauses; want %d and %d", tt.fails, tries, pauses, tt.wantTries, tt.wantTries-1)
		}
		if (err != nil) != tt.wantErr || err != nil && err != errRefused {
			t.Errorf("%d failing: error %v, want an error %v", tt.fails, err, tt.wantErr)
		}
	}
}

func TestInitReturnsTheError(t *testing.T) {
	saved, savedPause := glfwInit, initPause
	t.Cleanup(func() { glfwInit, initPause = saved, savedPause })
	tries, pauses := 0, 0
	glfwInit = func() error { tries++; return errRefused }
	initPause = func() { pauses++ }

	d := &gLDriver{done: make(chan struct{})}
	var err, again error
	runOnMain(func() { err, again = d.Init(), d.Init() }) // as the app calls it, on the main goroutine
	if !errors.Is(err, errRefused) {
		t.Fatalf("Init() = %v, want GLFW's error", err)
	}
	if tries != initTries || pauses != initTries-1 {
		t.Errorf("%d tries, %d pauses; want %d and %d", tries, pauses, initTries, initTries-1)
	}
	if again != err || tries != initTries {
		t.Errorf("second Init() = %v after %d tries; want the same error, no new try", again, tries)
	}
}
