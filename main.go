// Command carekeeper is CareKeeper: with no arguments it opens the desktop app; with a
// command it works headless (see 'carekeeper help').
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"

	"carekeeper/internal/cli"
)

func main() {
	// A desktop app should stay small: keep the Go heap near 96 MiB unless told otherwise.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
	if len(os.Args) > 1 {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code, hidden := cli.RunHidden(ctx, os.Args[1:])
		if !hidden {
			code = cli.Run(ctx, cli.OSEnv(), os.Args[1:])
		}
		stop()
		os.Exit(code)
	}
	os.Exit(runApp())
}
