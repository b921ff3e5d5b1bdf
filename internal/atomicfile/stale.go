package atomicfile

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"carekeeper/internal/inputfile"
)

// StaleAfter is how long a leftover without a lock (one from an older CareKeeper, or any on
// Windows) must have gone unmodified before it is removed: longer than any write of ours
// pauses, so a file that a live process is still writing is never taken.
const StaleAfter = 30 * time.Minute

// legacy are the temporary names of older CareKeepers, which did not lock them: key-file
// rewrites, exports, backups, the app's saves, restores (a directory holding a key file).
var legacy = regexp.MustCompile(`^\.(vault\.key\.tmp-[0-9]+|carekeeper-export-[0-9]+|backup-[0-9]+|carekeeper-[0-9]+|restore-[0-9]+)$`)

// RemoveStale removes the leftovers of ours in dir that no live process is writing, and
// returns how many it removed. It never touches a file that is not ours.
func RemoveStale(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		return 0, err
	}
	n := 0
	var firstErr error
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		if t := e.Type(); !t.IsRegular() && !t.IsDir() {
			continue // ours are files and folders: never open a FIFO (it blocks) or follow a link
		}
		switch {
		case ours(name):
			if !abandoned(p, e.IsDir()) {
				continue
			}
		case legacy.MatchString(name):
			if !legacyLeftover(p, name, e) {
				continue
			}
		default:
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		n++
	}
	return n, firstErr
}

// legacyLeftover: an old name, unmodified for StaleAfter, whose content is ours where the
// name alone is not distinctive enough.
func legacyLeftover(p, name string, e fs.DirEntry) bool {
	info, err := e.Info()
	if err != nil || time.Since(info.ModTime()) < StaleAfter {
		return false
	}
	switch {
	case strings.HasPrefix(name, ".restore-"):
		_, err := os.Stat(filepath.Join(p, "vault.key"))
		return e.IsDir() && err == nil
	case strings.HasPrefix(name, ".backup-"):
		f, err := os.Open(p)
		if err != nil {
			return false
		}
		defer f.Close()
		head := make([]byte, 8)
		_, err = f.Read(head)
		return err == nil && string(head) == "CKBACKUP" || info.Size() == 0
	}
	return !e.IsDir()
}

// The registry remembers the folders we write into, so leftovers there are found on the next
// run whatever command it is. It holds folder paths only, one a line.
var registry struct {
	sync.Mutex
	path string
}

// SetRegistry names the file that remembers the folders temporary files were written in
// (storage keeps it in the vault folder). "" turns remembering off.
func SetRegistry(path string) {
	registry.Lock()
	registry.path = path
	registry.Unlock()
}

// maxRegistry bounds the registry read: folder paths, one a line, forgotten once clean.
const maxRegistry = 1 << 20

// readRegistry reads the registry; one that is not a regular file (a FIFO would block, a
// device never end) or is larger than maxRegistry is ignored.
func readRegistry(path string) []string {
	f, _, err := inputfile.Open(path, maxRegistry)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxRegistry))
	if err != nil {
		return nil
	}
	var dirs []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if d := sc.Text(); filepath.IsAbs(d) && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// track adds dir to the registry (best effort: on a full disk it may not be recorded). The
// registry's own folder and its parent are not recorded: they are cleaned on every open.
func track(dir string) {
	registry.Lock()
	defer registry.Unlock()
	if registry.path == "" {
		return
	}
	abs, err := filepath.Abs(dir)
	home := filepath.Dir(registry.path)
	if err != nil || abs == home || abs == filepath.Dir(home) || slices.Contains(readRegistry(registry.path), abs) {
		return
	}
	if err := inputfile.Check(registry.path); errors.Is(err, inputfile.ErrNotRegular) {
		return // opening a FIFO to append would block
	}
	f, err := os.OpenFile(registry.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	f.WriteString(abs + "\n") //nolint:errcheck // best effort
	f.Close()
}

// CleanRegistered removes stale leftovers in every folder of the registry, and forgets the
// folders that hold none of ours any more. It returns how many leftovers it removed.
func CleanRegistered() int {
	registry.Lock()
	defer registry.Unlock()
	if registry.path == "" {
		return 0
	}
	dirs := readRegistry(registry.path)
	if len(dirs) == 0 {
		return 0
	}
	n := 0
	var keep []string
	for _, d := range dirs {
		k, _ := RemoveStale(d)
		n += k
		if holdsOurs(d) {
			keep = append(keep, d)
		}
	}
	if len(keep) == 0 {
		os.Remove(registry.path)
	} else if len(keep) < len(dirs) {
		if a, err := newFile(registry.path); err == nil { // best effort
			if _, err := a.Write([]byte(strings.Join(keep, "\n") + "\n")); err == nil {
				a.Commit() //nolint:errcheck // best effort: a lost line only leaves a leftover unfound
			}
			a.Abort()
		}
	}
	return n
}

func holdsOurs(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if ours(e.Name()) || legacy.MatchString(e.Name()) {
			return true
		}
	}
	return false
}
