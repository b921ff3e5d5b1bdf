// Package transport carries opaque files between the devices of a household: a local folder
// kept in sync by Syncthing, Nextcloud, Dropbox, OneDrive or iCloud Drive
// (sync/transport/folder), or a WebDAV server (sync/transport/webdav). It knows nothing of
// households: the files it carries are already encrypted, and the household layer
// (sync/household) accepts only its own strictly named files.
//
// Names are slash-separated relative paths of at most a few levels ("d/<hex>/<name>");
// implementations refuse names that would escape their root, and do no other filtering.
// Every implementation passes the one conformance suite in sync/transport/transporttest.
package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Entry is one file or directory directly in a listed directory.
type Entry struct {
	Name string // base name, no slash
	Size int64  // bytes; 0 for a directory
	Dir  bool
}

// ErrExist is returned (wrapped) by Create when the name is already there.
var ErrExist = errors.New("file exists")

// ErrNotExist is returned (wrapped) when a file or directory is not there.
var ErrNotExist = errors.New("file does not exist")

// NotThere is ErrNotExist in words of its own, for a message that says it already
// ("the shared folder … does not exist", not "…: file does not exist").
type NotThere string

func (e NotThere) Error() string        { return string(e) }
func (e NotThere) Is(target error) bool { return target == ErrNotExist }

// ErrTooLarge is returned (wrapped) by Read when the file holds more than the limit.
// (An addition to the contract in HOUSEHOLD-CONTRACT.md §1; nothing there changed.)
var ErrTooLarge = errors.New("file is larger than allowed")

// ErrBadName is returned (wrapped) for a name no transport accepts (see CheckName).
var ErrBadName = errors.New("not a valid name")

// MaxNameLen bounds a whole name; MaxDepth bounds its number of slash-separated parts.
const (
	MaxNameLen = 512
	MaxDepth   = 8
)

// CheckName reports whether name is a file or directory name every transport accepts: a
// relative, slash-separated path of at most MaxDepth parts and MaxNameLen bytes, each part
// printable ASCII without a backslash and not "", "." or "..". Only ASCII, so that no
// engine or server rewrites it (Unicode normalisation on macOS and some WebDAV servers).
// dirOK allows "" (the root), as List and MkdirAll take.
func CheckName(name string, dirOK bool) error {
	if name == "" {
		if dirOK {
			return nil
		}
		return fmt.Errorf("an empty name: %w", ErrBadName)
	}
	if len(name) > MaxNameLen {
		return fmt.Errorf("a name of %d bytes: %w", len(name), ErrBadName)
	}
	parts := strings.Split(name, "/")
	if len(parts) > MaxDepth {
		return fmt.Errorf("name %q has more than %d parts: %w", name, MaxDepth, ErrBadName)
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			return fmt.Errorf("name %q: %w", name, ErrBadName)
		}
		for i := 0; i < len(p); i++ {
			if c := p[i]; c < 0x20 || c > 0x7e || c == '\\' {
				return fmt.Errorf("name %q: %w", name, ErrBadName)
			}
		}
	}
	return nil
}

// Transport is where a household's files live.
type Transport interface {
	// List the entries directly in dir ("" is the root); never recursive (WebDAV Depth: 1).
	// Sorted by name; ErrNotExist when dir is not there. (Sorting and ErrNotExist are
	// clarifications of the contract; Create into a missing directory is ErrNotExist too:
	// call MkdirAll first.)
	List(ctx context.Context, dir string) ([]Entry, error)
	// Read a whole file, refusing more than limit bytes.
	Read(ctx context.Context, name string, limit int64) ([]byte, error)
	// Create writes a new file once, visible only when complete (temp name + rename in the
	// folder; PUT with If-None-Match: * on WebDAV, best effort); ErrExist if it is there.
	Create(ctx context.Context, name string, data []byte) error
	// Remove a file; ErrNotExist if absent. (Removing a directory is not portable: a folder
	// removes only an empty one, WebDAV removes it with everything in it.)
	Remove(ctx context.Context, name string) error
	MkdirAll(ctx context.Context, dir string) error
}

// Direct is implemented by the transports that are the store itself (a WebDAV server): a
// file another client created is listed and read at once, with no engine carrying it late.
// The household layer uses it to call a pairing code wrong as soon as the invitation is not
// there, instead of waiting for an engine that might still be delivering it. (An addition to
// the contract: optional, found with a type assertion.)
type Direct interface {
	Direct() bool
}

// Sweeper is implemented by the transports whose Create can leave a temporary file behind
// when its process is killed (folder, webdav). Such files never take a final name and the
// household layer ignores them; Sweep removes them. (An addition to the contract: optional,
// found with a type assertion.)
type Sweeper interface {
	// Sweep removes the temporary files of Create directly in dir that are older than age
	// (measured by the store's own clock where it has one), and returns how many it removed.
	Sweep(ctx context.Context, dir string, age time.Duration) (int, error)
}
