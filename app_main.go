package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // dates show correctly on systems without a time zone database (Windows)

	"carekeeper/app"
	"carekeeper/internal/desktop"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// appID is CareKeeper's application ID (also in FyneApp.toml). Fyne keeps its preferences
// under it; we store nothing there but Fyne's own window and dialog settings.
const appID = "org.carekeeper.app"

// noDisplay is what a run without arguments says where no window can be opened (a server, an
// SSH session): one line, not a GLFW panic.
const noDisplay = "carekeeper: no display found; use `carekeeper help` for the command line"

// runApp opens the desktop window on the vault in $CAREKEEPER_DATA, or in the per-user data
// directory, and returns the exit code when the app quits. background starts it hidden in the
// tray (or minimised without a tray).
func runApp(background bool) int {
	if msg := displayProblem(); msg != "" { // display_*.go
		fmt.Fprintln(os.Stderr, msg)
		return 1
	}
	dir := os.Getenv("CAREKEEPER_DATA")
	if dir == "" {
		d, err := storage.DefaultDir()
		if err != nil {
			fmt.Fprintln(os.Stderr, "carekeeper:", err)
			return 1
		}
		dir = d
	}
	log.SetOutput(&quietFyne{w: os.Stderr}) // before Fyne loads its preferences
	a := fyneapp.NewWithID(appID)
	// GLFW can still fail to open a display that answered displayProblem a moment ago (an X
	// server slow under load); the patched driver tries for ~2 s, then says why, and the app
	// says the same one line as for a missing display (it panicked at the first cursor).
	if d, ok := a.Driver().(interface{ Init() error }); ok {
		if err := d.Init(); err != nil {
			fmt.Fprintln(os.Stderr, displayFailed())
			return 1
		}
	}
	ui := app.New(a, dir)
	// Closing the window hides it in the tray only where a tray host exists (else it asks).
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	ui.SetTray(desktop.TrayAvailable(ctx))
	cancel()
	ui.SetMinimize(minimizeWindow)
	ui.SetScreen(screenSize)

	// Ctrl+C in a terminal, a logout or a shut-down (SIGTERM), or the terminal closing (SIGHUP)
	// quits like closing the window: answers to doses waiting out their undo time are saved and
	// the vault is closed cleanly below (ui.Close) once the event loop has stopped.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()

	ui.Run(background)
	signal.Stop(sig)
	if err := ui.Close(); err != nil { // normally already closed with the window
		fmt.Fprintln(os.Stderr, "carekeeper: closing the vault:", err)
		return 1
	}
	return 0
}
