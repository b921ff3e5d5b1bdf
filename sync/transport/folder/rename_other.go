//go:build !linux

package folder

import "os"

func renameNoReplace(r *os.Root, dir, tmp, base string) error {
	return checkThenRename(r, dir, tmp, base)
}
