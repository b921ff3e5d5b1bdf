package atomicfile

import (
	"os"
	"time"
)

// Windows has no flock; a file being written cannot be removed anyway, and a leftover is
// recognised by age.
func lockFile(*os.File) error { return nil }

func lockDir(string) (*os.File, error) { return nil, nil }

func abandoned(p string, _ bool) bool {
	info, err := os.Stat(p)
	return err == nil && time.Since(info.ModTime()) >= StaleAfter
}

func isNotEmpty(error) bool { return false }
