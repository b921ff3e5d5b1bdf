// Package buildinfo holds the version of this build. Release builds set the variables with
// -ldflags "-X carekeeper/internal/buildinfo.Version=1.2.3 -X ...Build=45 -X ...Commit=abc".
package buildinfo

import "runtime/debug"

var (
	Version = "0.0.0-dev"
	Build   = "0"
	Commit  = ""
)

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
