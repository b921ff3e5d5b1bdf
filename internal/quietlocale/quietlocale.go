// Package quietlocale stops Fyne's locale parser from logging an error for the POSIX locale
// written with a codeset ("C.UTF-8", "POSIX.utf8"), which it cannot parse. Such a value
// means the same as plain "C", which Fyne treats as "no preference" without complaint.
//
// main imports it for its side effect. Its path sorts before fyne.io/…, and it depends on
// nothing Fyne needs, so Go initialises it before Fyne's lang package reads the locale.
package quietlocale

import (
	"os"
	"strings"
)

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		base, _, _ := strings.Cut(v, ".")
		if (base == "C" || base == "POSIX") && v != base {
			os.Setenv(name, base)
		}
	}
}
