// Package handoff runs a command given to the app binary in carekeeper-cli when that sits
// beside it, from the same build (handoff_unix.go). main imports it for its side effect: it
// does so while Go initialises the program's packages, before Fyne's, its fonts' and GLFW's
// (its path sorts before fyne.io/… and it depends on the standard library only, so Go
// initialises it first, as internal/quietlocale). From main, after them, a command paid the
// app binary's package initialisation first: `carekeeper version` took 28 ms of CPU against
// carekeeper-cli's 10 (30 runs each; docs/footprint.md, session 34).
package handoff

import (
	"os"
	"runtime/debug"
	"strings"
)

func init() {
	// --background: the app started at login (main.go); no argument: the app.
	if len(os.Args) > 1 && !(len(os.Args) == 2 && os.Args[1] == "--background") {
		handOff()
	}
}

// CLIName is the command line without the app (cmd/carekeeper-cli), which `make build` and
// the Linux packages put beside this binary. A command given to this binary runs in it
// (handoff_unix.go): it links neither Fyne nor OpenGL, so the same command holds ~9–25 MB
// less (docs/footprint.md, "The app binary running a command itself").
const CLIName = "carekeeper-cli"

// sameBuild reports whether two binaries come from the same build of CareKeeper: the same
// module version, Go version and platform, the same source revision (or, in a release, the
// same build stamp) and the same versions of the modules both link. A carekeeper-cli left
// from another build is not used: the command then runs in this binary, as before.
func sameBuild(a, b *debug.BuildInfo) bool {
	if a == nil || b == nil || a.Main.Path != b.Main.Path || a.Main.Version != b.Main.Version || a.GoVersion != b.GoVersion {
		return false
	}
	if buildKey(a) != buildKey(b) {
		return false
	}
	mods := make(map[string]string, len(a.Deps))
	for _, m := range a.Deps {
		mods[m.Path] = moduleKey(m)
	}
	for _, m := range b.Deps {
		if k, ok := mods[m.Path]; ok && k != moduleKey(m) {
			return false
		}
	}
	return true
}

// buildKey is what identifies a build among the settings Go records: the platform, the
// version-control state and the build stamp the linker sets (scripts/dist.sh). The rest of
// -ldflags differs legitimately (the app's release build adds Fyne's metadata).
func buildKey(bi *debug.BuildInfo) string {
	var k strings.Builder
	for _, s := range bi.Settings {
		switch s.Key {
		case "GOOS", "GOARCH", "vcs", "vcs.revision", "vcs.time", "vcs.modified":
			k.WriteString(s.Key + "=" + s.Value + "\n")
		case "-ldflags":
			for _, f := range strings.Fields(s.Value) {
				if _, stamp, ok := strings.Cut(f, "buildinfo.Stamp="); ok {
					k.WriteString("stamp=" + strings.Trim(stamp, `"'`) + "\n")
				}
			}
		}
	}
	return k.String()
}

func moduleKey(m *debug.Module) string {
	if m.Replace != nil {
		m = m.Replace
	}
	return m.Path + "@" + m.Version + " " + m.Sum
}
