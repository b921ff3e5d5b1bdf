//go:build barewindow

// Command barewindow opens a bare Fyne 2.7 window (a label in it) and nothing else: the
// baseline the app's resident memory is compared with (scripts/bench-memory.sh). It is built
// only with the barewindow tag, since only the app itself may depend on Fyne.
//
// Like the app once its first screen is shown (app/unlock.go, releaseMemory), it gives back the
// pages of its own binary that start-up mapped (internal/binpages), two seconds after it has
// started: the app's figure above this one is then not the start-up pages of the two binaries.
package main

import (
	"time"

	"carekeeper/internal/binpages"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("org.carekeeper.barewindow")
	w := a.NewWindow("Bare Fyne window")
	w.SetContent(widget.NewLabel("A bare Fyne window"))
	w.Resize(fyne.NewSize(1200, 760))
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			time.Sleep(2 * time.Second)
			binpages.Release()
		}()
	})
	w.ShowAndRun()
}
