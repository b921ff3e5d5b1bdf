// Package buildinfo holds the version of this build. Release builds set it with one linker
// flag (scripts/dist.sh): -X carekeeper/internal/buildinfo.Stamp=version=1.2.3;build=45;commit=abc
package buildinfo

import (
	"runtime/debug"
	"strings"
)

var (
	Version = "0.0.0-dev"
	Build   = "0"
	Commit  = ""
	// Stamp, when set by the linker, overrides the three above.
	Stamp = ""
)

func init() {
	for _, part := range strings.Split(Stamp, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || v == "" {
			continue
		}
		switch k {
		case "version":
			Version = v
		case "build":
			Build = v
		case "commit":
			Commit = v
		}
	}
}

// CommitID is Commit, or the VCS revision Go recorded in a development build.
func CommitID() string {
	if Commit != "" {
		return Commit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return "unknown"
}

// String is "1.2.3 (build 45, commit abc)".
func String() string {
	c := CommitID()
	if len(c) > 12 {
		c = c[:12]
	}
	return Version + " (build " + Build + ", commit " + c + ")"
}
