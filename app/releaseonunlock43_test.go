package app

import (
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestUnlock_HandsMemoryBack: the app hands memory back to the system after an unlock (issue
// 13): the key derivation's 64 MiB once the vault is open, and the garbage of loading the
// records once the first screen with records is shown. The other tests do without it
// (newTestUI): each release is a forced full collection.
func TestUnlock_HandsMemoryBack(t *testing.T) {
	// The app's own window releases with the real functions.
	w := New(test.NewTempApp(t), t.TempDir())
	if reflect.ValueOf(w.release.kdf).Pointer() != reflect.ValueOf(releaseKDFMemory).Pointer() ||
		reflect.ValueOf(w.release.settled).Pointer() != reflect.ValueOf(releaseMemory).Pointer() {
		t.Error("the app's window does not release memory with releaseKDFMemory and releaseMemory")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	u.lock()
	u.idle()
	var kdf, settled atomic.Int32
	done := make(chan struct{})
	u.release = memoryRelease{
		kdf: func() { releaseKDFMemory(); kdf.Add(1) },
		settled: func() {
			releaseMemory()
			if settled.Add(1) == 1 {
				close(done)
			}
		},
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
	if kdf.Load() != 1 {
		t.Errorf("the key derivation's memory released %d times at the unlock, want once", kdf.Load())
	}
	select {
	case <-done: // it runs in the background once Mum's first screen is shown
	case <-time.After(time.Minute):
		t.Fatal("the memory was not released after the first screen with records")
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if n := after.NumForcedGC - before.NumForcedGC; n < 2 {
		t.Errorf("%d forced collections at the unlock, want 2 (the releases)", n)
	}
	if settled.Load() != 1 {
		t.Errorf("released %d times after the first screen, want once", settled.Load())
	}
}
