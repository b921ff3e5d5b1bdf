//go:build !unix

package handoff

// handOff does nothing here: Windows has no exec, and the Windows package holds the app
// alone. The command runs in this binary.
func handOff() {}
