// Command carekeeper is CareKeeper: with no arguments it opens the desktop app; with a
// command it works headless (see 'carekeeper help').
package main

import (
	"context"
	"os"
	"os/signal"

	"carekeeper/internal/binpages"
	"carekeeper/internal/cli"
	_ "carekeeper/internal/handoff"     // a command runs in carekeeper-cli, before Fyne's initialisation
	_ "carekeeper/internal/quietlocale" // before Fyne reads the locale
)

func main() {
	// --background: started at login (see internal/desktop.Autostart): the window starts
	// hidden in the tray, or minimised where there is no tray.
	background := len(os.Args) == 2 && os.Args[1] == "--background"
	if len(os.Args) > 1 && !background {
		// internal/handoff gave the command to carekeeper-cli when it is beside us, before the
		// packages below were initialised. Here the command runs in this binary: the pages of it that Fyne's, its fonts' and
		// GLFW's initialisation mapped are given back (docs/footprint.md, "The app binary").
		binpages.Release()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code, hidden := cli.RunHidden(ctx, os.Args[1:])
		if !hidden {
			code = cli.Run(ctx, cli.OSEnv(), os.Args[1:])
		}
		stop()
		os.Exit(code)
	}
	os.Exit(runApp(background))
}
