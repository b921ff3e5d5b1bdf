// Command carekeeper-cli is CareKeeper's command line without the desktop app: every command
// of 'carekeeper COMMAND' (see 'carekeeper-cli help'), in a binary that links neither Fyne nor
// OpenGL, so it runs on a machine without a display and starts with a third of the resident
// memory (docs/footprint.md: a reading command peaks at ~75 MB here, ~84–100 MB in the app
// binary, almost all of both the unlock's 64 MiB of Argon2id). Installed beside the app
// binary (make build, the Linux packages), it is what runs 'carekeeper COMMAND': the app
// binary replaces itself with it (internal/handoff), so the two must behave alike.
package main

import (
	"context"
	"os"
	"os/signal"
	_ "time/tzdata" // as the app binary (app_main.go): the same dates without a time zone database

	"carekeeper/internal/binpages"
	"carekeeper/internal/cli"
)

func main() {
	// As in the app binary (main.go): what the packages' initialisation mapped of this
	// binary is given back before the command runs.
	binpages.Release()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code, hidden := cli.RunHidden(ctx, os.Args[1:])
	if !hidden {
		code = cli.Run(ctx, cli.OSEnv(), os.Args[1:])
	}
	stop()
	os.Exit(code)
}
