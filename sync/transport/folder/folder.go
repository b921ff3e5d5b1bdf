// Package folder is a transport over a local folder that Syncthing, Nextcloud, Dropbox,
// OneDrive or iCloud Drive keeps in sync with the other devices of a household.
//
// Every operation goes through an os.Root, so no name, and no symbolic link inside the
// folder, reaches outside it. Create writes the data to a temporary file in the target's own
// directory, named "~syncthing~ck-<random>.tmp": Syncthing skips both its temporary prefixes
// on every system, and Nextcloud's and Dropbox's clients skip "~*.tmp", so no engine carries
// a half-written file; the household layer's strict names never match it either. The file is
// synced, then hard-linked to its name, which fails when the name exists, so two creators
// can never replace each other's file (on a file system without hard links, renameat2 with
// RENAME_NOREPLACE on Linux; elsewhere a check then rename, best effort); then the
// temporary name is removed and the directory synced. Files are 0600, directories 0700.
package folder

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/inputfile"
	"carekeeper/sync/transport"
)

// Folder is a transport.Transport over one local directory.
type Folder struct{ dir string }

var (
	_ transport.Transport = (*Folder)(nil)
	_ transport.Sweeper   = (*Folder)(nil)
)

// New returns the transport over dir, which must be an existing directory.
func New(dir string) (*Folder, error) {
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, transport.NotThere("the shared folder " + dir + " does not exist")
		}
		return nil, fmt.Errorf("the shared folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("the shared folder %s is not a folder", dir)
	}
	return &Folder{dir: dir}, nil
}

// Dir is the folder's path.
func (f *Folder) Dir() string { return f.dir }

// TempPrefix and TempSuffix frame the names of Create's temporary files.
const (
	TempPrefix = "~syncthing~ck-"
	TempSuffix = ".tmp"
)

func (f *Folder) open() (*os.Root, error) {
	r, err := os.OpenRoot(f.dir)
	if err != nil {
		return nil, f.wrap("open", "", err)
	}
	return r, nil
}

// begin checks name (a directory's when dir) and ctx, then opens the folder: the common start
// of every operation.
func (f *Folder) begin(ctx context.Context, name string, dir bool) (*os.Root, error) {
	if err := transport.CheckName(name, dir); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.open()
}

// wrap says which operation on which name failed, mapping the file system's errors to the
// transport's.
func (f *Folder) wrap(op, name string, err error) error {
	what := "the shared folder " + f.dir
	if name != "" {
		what += ": " + op + " " + name
	} else {
		what += ": " + op
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", what, transport.ErrNotExist)
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %w", what, transport.ErrExist)
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// List returns the entries directly in dir, sorted by name. Directories and regular files
// (or links to them inside the folder) are listed; anything else (links out of the folder,
// dangling links, FIFOs, sockets) is left out.
func (f *Folder) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	r, err := f.begin(ctx, dir, true)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	d, err := r.Open(orDot(dir))
	if err != nil {
		return nil, f.wrap("list", dir, err)
	}
	defer d.Close()
	des, err := d.ReadDir(-1)
	if err != nil {
		return nil, f.wrap("list", dir, err)
	}
	out := make([]transport.Entry, 0, len(des))
	for _, de := range des {
		info, err := r.Stat(path.Join(dir, de.Name())) // follows links inside the root only
		if err != nil {
			continue
		}
		switch {
		case info.IsDir():
			out = append(out, transport.Entry{Name: de.Name(), Dir: true})
		case info.Mode().IsRegular():
			out = append(out, transport.Entry{Name: de.Name(), Size: info.Size()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func orDot(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

// Read returns the whole regular file name, refusing more than limit bytes
// (transport.ErrTooLarge); it never blocks on a FIFO.
func (f *Folder) Read(ctx context.Context, name string, limit int64) ([]byte, error) {
	r, err := f.begin(ctx, name, false)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fh, err := r.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, f.wrap("read", name, err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, f.wrap("read", name, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("the shared folder %s: read %s: not a regular file", f.dir, name)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("the shared folder %s: read %s: %d bytes: %w", f.dir, name, info.Size(), transport.ErrTooLarge)
	}
	b, err := inputfile.ReadAll(fh, info.Size(), limit)
	if err != nil {
		var tl *inputfile.TooLargeError
		if errors.As(err, &tl) {
			return nil, fmt.Errorf("the shared folder %s: read %s: %w", f.dir, name, transport.ErrTooLarge)
		}
		return nil, f.wrap("read", name, err)
	}
	return b, nil
}

// Create writes data to the new file name once (see the package doc); transport.ErrExist
// when name is there, transport.ErrNotExist when its directory is not.
func (f *Folder) Create(ctx context.Context, name string, data []byte) error {
	r, err := f.begin(ctx, name, false)
	if err != nil {
		return err
	}
	defer r.Close()
	dir := path.Dir(name)
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := path.Join(dir, TempPrefix+hex.EncodeToString(rnd[:])+TempSuffix)
	fh, err := r.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return f.wrap("create", name, err)
	}
	_, err = fh.Write(data)
	if err == nil {
		err = fh.Sync()
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = place(r, dir, path.Base(tmp), path.Base(name))
	}
	r.Remove(tmp) // after a link the extra name; after a failure the temporary file
	if err != nil {
		return f.wrap("create", name, err)
	}
	syncDir(r, dir)
	return nil
}

// place gives the complete temporary file tmp (in dir) the name base, failing with
// fs.ErrExist when base exists.
func place(r *os.Root, dir, tmp, base string) error {
	err := r.Link(path.Join(dir, tmp), path.Join(dir, base))
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// No hard links here (FAT, some network and FUSE file systems).
	return renameNoReplace(r, dir, tmp, base)
}

// checkThenRename is the last resort where nothing atomic exists: a small window in which a
// concurrent creator's file could be replaced.
func checkThenRename(r *os.Root, dir, tmp, base string) error {
	if _, err := r.Lstat(path.Join(dir, base)); err == nil {
		return fs.ErrExist
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return r.Rename(path.Join(dir, tmp), path.Join(dir, base))
}

func syncDir(r *os.Root, dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := r.Open(orDot(dir)); err == nil {
		d.Sync() //nolint:errcheck // best effort: the file itself is synced
		d.Close()
	}
}

// Remove removes the file (or empty directory) name; transport.ErrNotExist if absent.
func (f *Folder) Remove(ctx context.Context, name string) error {
	r, err := f.begin(ctx, name, false)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.Remove(name); err != nil {
		return f.wrap("remove", name, err)
	}
	syncDir(r, path.Dir(name))
	return nil
}

// MkdirAll creates dir and its missing parents (0700).
func (f *Folder) MkdirAll(ctx context.Context, dir string) error {
	r, err := f.begin(ctx, dir, true)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.MkdirAll(orDot(dir), 0o700); err != nil {
		return f.wrap("make folder", dir, err)
	}
	return nil
}

// Sweep removes Create's temporary files in dir (TempPrefix…TempSuffix, regular files)
// last modified more than age ago. Syncthing's own temporary files are left to Syncthing.
func (f *Folder) Sweep(ctx context.Context, dir string, age time.Duration) (int, error) {
	if err := transport.CheckName(dir, true); err != nil {
		return 0, err
	}
	r, err := f.open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	d, err := r.Open(orDot(dir))
	if err != nil {
		return 0, f.wrap("clean", dir, err)
	}
	des, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		return 0, f.wrap("clean", dir, err)
	}
	n := 0
	for _, de := range des {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		name := de.Name()
		if !de.Type().IsRegular() || !strings.HasPrefix(name, TempPrefix) || !strings.HasSuffix(name, TempSuffix) {
			continue
		}
		info, err := de.Info()
		if err != nil || time.Since(info.ModTime()) < age {
			continue
		}
		if err := r.Remove(path.Join(dir, name)); err == nil {
			n++
		}
	}
	return n, nil
}
