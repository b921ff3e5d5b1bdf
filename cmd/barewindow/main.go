//go:build barewindow

// Command barewindow opens a bare Fyne 2.7 window (a label in it) and nothing else: the
// baseline the app's resident memory is compared with (scripts/bench-memory.sh). It is built
// only with the barewindow tag, since only the app itself may depend on Fyne.
package main

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("org.carekeeper.barewindow")
	w := a.NewWindow("Bare Fyne window")
	w.SetContent(widget.NewLabel("A bare Fyne window"))
	w.Resize(fyne.NewSize(1200, 760))
	w.ShowAndRun()
}
