package atomicfile

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"
)

// A write that runs out of space says so in plain words, names the target (never the
// temporary file) and stays matchable as ENOSPC; other errors keep their path form.
func TestPathErrorDiskFull(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"no space", &fs.PathError{Op: "write", Path: "/out/.x.carekeeper-tmp-1", Err: syscall.ENOSPC},
			"the disk holding /out/export.json is full: free some space; nothing was lost"},
		{"bare no space", syscall.ENOSPC,
			"the disk holding /out/export.json is full: free some space; nothing was lost"},
		{"permission", &fs.PathError{Op: "write", Path: "/out/.x.carekeeper-tmp-1", Err: syscall.EACCES},
			"write /out/export.json: permission denied"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := pathError("write", "/out/export.json", c.err)
			if err.Error() != c.want {
				t.Fatalf("got %q, want %q", err, c.want)
			}
			if errors.Is(c.err, syscall.ENOSPC) != errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("ENOSPC lost or added: %v", err)
			}
		})
	}
}
