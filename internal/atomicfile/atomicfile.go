// Package atomicfile is CareKeeper's one way to write a file: everything we write (exports,
// summaries, calendars, charts, backups, key files) goes through it, so every file is
// private and never half-written.
//
// A write goes to a temporary file beside its target (same directory, so the rename cannot
// cross a file system), created with mode 0600 and locked while it is being written; it is
// synced, renamed over the target (or linked, for Create, which never replaces a file), and
// the directory is synced. A target that existed keeps none of its old mode: the new file is
// 0600, whatever the old one was. On any error the target is untouched and the temporary
// file is removed.
//
// A process killed mid-write leaves its temporary file behind. Such leftovers are recognised
// by name (".<target>.carekeeper-tmp-<random>") and removed by RemoveStale on the next run:
// a leftover is stale when no process holds its lock (Unix: flock, released by the kernel
// when the writer dies, so there is no guessing with ages or pids); where there is no such
// lock (Windows), when it has not been modified for StaleAfter.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"carekeeper/internal/inputfile"
)

// marker is in the name of every temporary file and directory of ours.
const marker = ".carekeeper-tmp-"

// File is a file being written atomically. Write to it, then Commit (or Create); Abort
// discards it and is a no-op after a successful Commit, so `defer f.Abort()` is the idiom.
type File struct {
	f      *os.File
	path   string
	tmp    string
	closed bool
	done   bool
}

// New starts writing path: it creates the temporary file beside path (mode 0600, locked).
// Stale leftovers of ours in that directory are removed first. A target that exists and is
// not a regular file (after symbolic links) is refused: renaming over a device such as
// /dev/null, a FIFO or a socket would replace it with a plaintext file.
func New(path string) (*File, error) {
	if err := inputfile.Check(path); errors.Is(err, inputfile.ErrNotRegular) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	RemoveStale(dir) //nolint:errcheck // best effort: a leftover we cannot remove is no reason not to write
	track(dir)
	return newFile(path)
}

func newFile(path string) (*File, error) {
	dir := filepath.Dir(path)
	for try := 0; ; try++ {
		f, err := os.CreateTemp(dir, "."+filepath.Base(path)+marker+"*")
		if err != nil {
			return nil, pathError("create", path, err)
		}
		a := &File{f: f, path: path, tmp: f.Name()}
		// CreateTemp already uses 0600; Chmod guards against odd platform defaults. On
		// Windows it only controls the read-only bit.
		if err := f.Chmod(0o600); err != nil {
			a.Abort()
			return nil, pathError("create", path, err)
		}
		err = lockFile(f)
		if err == nil {
			// Another process's RemoveStale may have taken the file in the instant before
			// it was locked; then start again with a new one.
			if _, err = os.Stat(a.tmp); err == nil {
				return a, nil
			}
		}
		a.Abort()
		if try == 2 {
			return nil, pathError("create", path, err)
		}
	}
}

// Write writes to the temporary file.
func (a *File) Write(p []byte) (int, error) {
	n, err := a.f.Write(p)
	if err != nil {
		err = pathError("write", a.path, err)
	}
	return n, err
}

// WriteAt writes to the temporary file at offset off (a file written out of order).
func (a *File) WriteAt(p []byte, off int64) (int, error) {
	n, err := a.f.WriteAt(p, off)
	if err != nil {
		err = pathError("write", a.path, err)
	}
	return n, err
}

// pathError reports err against the target's path, never the temporary name: the
// underlying cause (no space, permission denied, ...) stays matchable with errors.Is.
func pathError(op, path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	if errors.Is(err, syscall.ENOSPC) {
		return &DiskFullError{Path: path, Err: err}
	}
	return &fs.PathError{Op: op, Path: path, Err: err}
}

// DiskFullError is a write that ran out of space. The target is untouched (the write went to
// a temporary file), so the message says so in plain words; errors.Is(err, syscall.ENOSPC)
// still holds.
type DiskFullError struct {
	Path string
	Err  error
}

func (e *DiskFullError) Error() string {
	return "the disk holding " + e.Path + " is full: free some space; nothing was lost"
}

func (e *DiskFullError) Unwrap() error { return e.Err }

// File is the temporary file, for callers that need more than io.Writer (reading back what
// they wrote, for instance). Do not close it.
func (a *File) File() *os.File { return a.f }

// TempName is the temporary file's path.
func (a *File) TempName() string { return a.tmp }

func (a *File) syncClose() error {
	if err := a.f.Sync(); err != nil {
		return err
	}
	a.closed = true
	return a.f.Close()
}

// Commit syncs the temporary file and renames it over the target, then syncs the directory.
// The rename is the commit point: after it nothing is reported as an error (the new file is
// in place, and the directory sync is best effort).
func (a *File) Commit() error {
	if a.done {
		return errors.New("atomicfile: already committed")
	}
	if err := a.syncClose(); err != nil {
		a.Abort()
		return pathError("write", a.path, err)
	}
	if err := os.Rename(a.tmp, a.path); err != nil {
		a.Abort()
		return pathError("replace", a.path, err)
	}
	a.done = true
	_ = SyncDir(filepath.Dir(a.path))
	return nil
}

// CommitAll commits files that belong together (a summary's PDF and its FHIR file): every one
// is synced first, and only when all are written are they renamed over their targets, so a
// full disk leaves none of them. On an error every file not yet in place is discarded, and one
// already renamed in this call is removed again (a rename fails only if the directory changed
// under us).
func CommitAll(files ...*File) error {
	for _, a := range files {
		if a.done {
			return errors.New("atomicfile: already committed")
		}
	}
	for _, a := range files {
		if err := a.syncClose(); err != nil {
			for _, b := range files {
				b.Abort()
			}
			return pathError("write", a.path, err)
		}
	}
	for i, a := range files {
		if err := os.Rename(a.tmp, a.path); err != nil {
			for _, b := range files[:i] {
				os.Remove(b.path)
			}
			for _, b := range files[i:] {
				b.Abort()
			}
			return pathError("replace", a.path, err)
		}
		a.done = true
	}
	dirs := map[string]bool{}
	for _, a := range files {
		if d := filepath.Dir(a.path); !dirs[d] {
			dirs[d] = true
			_ = SyncDir(d)
		}
	}
	return nil
}

// Create is Commit for a target that must not exist: it fails with an error matching
// fs.ErrExist (and leaves the existing file alone) when it does.
func (a *File) Create() error {
	if a.done {
		return errors.New("atomicfile: already committed")
	}
	if err := a.syncClose(); err != nil {
		a.Abort()
		return pathError("write", a.path, err)
	}
	exists := &fs.PathError{Op: "create", Path: a.path, Err: fs.ErrExist}
	if err := os.Link(a.tmp, a.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			a.Abort()
			return exists
		}
		// Hard links unsupported (e.g. FAT): check, then rename. This has a small race
		// window, acceptable for a single-user app.
		if _, statErr := os.Lstat(a.path); statErr == nil {
			a.Abort()
			return exists
		} else if !errors.Is(statErr, fs.ErrNotExist) {
			a.Abort()
			return pathError("create", a.path, statErr)
		}
		if err := os.Rename(a.tmp, a.path); err != nil {
			a.Abort()
			return pathError("create", a.path, err)
		}
	}
	a.done = true
	os.Remove(a.tmp) // after a link: the extra name (best effort; ErrNotExist after a rename)
	_ = SyncDir(filepath.Dir(a.path))
	return nil
}

// Abort discards the temporary file. It does nothing after a successful Commit or Create.
func (a *File) Abort() {
	if a.done {
		return
	}
	a.done = true
	if !a.closed {
		a.closed = true
		a.f.Close()
	}
	os.Remove(a.tmp)
}

// Write writes path atomically with what fn writes.
func Write(path string, fn func(w io.Writer) error) error {
	a, err := New(path)
	if err != nil {
		return err
	}
	defer a.Abort()
	if err := fn(a); err != nil {
		return err
	}
	return a.Commit()
}

// WriteFile writes data to path atomically, replacing path if it exists.
func WriteFile(path string, data []byte) error {
	return Write(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// CreateFile writes data to path atomically; it fails with fs.ErrExist if path exists.
func CreateFile(path string, data []byte) error {
	a, err := New(path)
	if err != nil {
		return err
	}
	defer a.Abort()
	if _, err := a.Write(data); err != nil {
		return err
	}
	return a.Create()
}

// Dir is a temporary directory beside a target directory, locked while it is being filled.
type Dir struct {
	Path string
	lock *os.File
	done bool
}

// NewDir creates a temporary directory (mode 0700) beside target, to be filled and then
// renamed into place with Commit.
func NewDir(target string) (*Dir, error) {
	parent := filepath.Dir(filepath.Clean(target))
	RemoveStale(parent) //nolint:errcheck // best effort
	track(parent)
	p, err := os.MkdirTemp(parent, "."+filepath.Base(target)+marker+"*")
	if err != nil {
		return nil, pathError("create", target, err)
	}
	d := &Dir{Path: p}
	if d.lock, err = lockDir(p); err != nil {
		d.Abort()
		return nil, pathError("create", target, err)
	}
	return d, nil
}

// Commit renames the directory to target, which must not exist or be an empty directory
// (it is replaced). A target that holds anything gives ErrNotEmpty.
func (d *Dir) Commit(target string) error {
	if entries, err := os.ReadDir(target); err == nil {
		if len(entries) > 0 {
			return fmt.Errorf("%s: %w", target, ErrNotEmpty)
		}
		os.Remove(target) // an empty directory is replaced
	} else if !errors.Is(err, fs.ErrNotExist) {
		if st, serr := os.Stat(target); serr == nil && !st.IsDir() {
			return fmt.Errorf("%s: %w", target, ErrNotEmpty)
		}
		return err
	}
	if err := os.Rename(d.Path, target); err != nil {
		if errors.Is(err, fs.ErrExist) || isNotEmpty(err) {
			return fmt.Errorf("%s: %w", target, ErrNotEmpty)
		}
		return pathError("rename", target, err)
	}
	d.done = true
	d.unlock()
	_ = SyncDir(filepath.Dir(filepath.Clean(target)))
	return nil
}

// ErrNotEmpty means a directory was to be put where something already is.
var ErrNotEmpty = errors.New("that folder is not empty: choose an empty or new folder")

func (d *Dir) unlock() {
	if d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// Abort removes the directory and everything in it, unless it was committed.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	d.unlock()
	os.RemoveAll(d.Path)
}

// SyncDir fsyncs a directory, so a rename in it survives a power loss. It does nothing on
// Windows, where directories cannot be synced (NTFS journals renames).
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// ours reports whether name is one of our temporary names.
func ours(name string) bool { return strings.HasPrefix(name, ".") && strings.Contains(name, marker) }
