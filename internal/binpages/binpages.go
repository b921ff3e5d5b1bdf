// Package binpages gives back the running binary's own code and read-only data pages once
// start-up is over, so that a command's resident set holds only the parts of the binary it
// uses from then on.
//
// Why: the app binary (`carekeeper`, Fyne linked) runs every CLI command too. Go runs every
// linked package's initialisation first, Fyne's, its fonts' and GLFW's included, and the
// kernel maps the binary's page cache in whole folios (64 KiB to 2 MiB), so by the time the
// command starts several MB of the binary are mapped that the command never touches again.
// They are clean pages of the file, shared with the page cache, but they count in the
// command's resident set, and a command's peak is that set plus the unlock's 64 MiB of
// Argon2id (docs/footprint.md). Unmapping them costs nothing: the pages stay in the page
// cache, and a page touched again is mapped again by a minor fault.
package binpages

// Release unmaps the resident pages of the running binary's read-only mappings (its code and
// constant data) that hold only the file's own contents, and returns how many bytes were
// resident in them. A mapping holding a private copy of a page (a debugger's breakpoint, a
// relocation of a position-independent build) is left as it is: unmapping would lose that
// copy. Writable mappings (the binary's variables) are never touched. It does nothing and
// returns 0 where the system offers no such thing (anything but Linux) or on any error.
//
// Call it once, early in a command, after the package initialisation it is meant to undo.
func Release() int64 {
	return release()
}
