//go:build unix

package handoff

import (
	"debug/buildinfo"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
)

// handOff replaces this process with carekeeper-cli when that sits beside this binary and
// comes from the same build: the same process (its id, arguments, environment, terminal,
// standard input, output and error) then runs the command in the binary without the app.
// It returns only when there is no such binary or it cannot be started; the command then
// runs here.
func handOff() {
	self, err := os.Executable()
	if err != nil {
		return
	}
	cli := filepath.Join(filepath.Dir(self), CLIName)
	if cli == self {
		return
	}
	theirs, err := buildinfo.ReadFile(cli)
	if err != nil {
		return
	}
	ours, ok := debug.ReadBuildInfo()
	if !ok || !sameBuild(ours, theirs) {
		return
	}
	_ = syscall.Exec(cli, os.Args, os.Environ())
}
