package hhvault

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"carekeeper/storage"
)

// ErrSharedFolder is wrapped by NotInSharedFolder's refusal.
var ErrSharedFolder = errors.New("that is in the household's shared folder, which copies it to every device of the household (and its cloud) where anyone can read it: write it elsewhere (nothing was written)")

// NotInSharedFolder refuses a plaintext output (an export, a summary, a calendar) inside the
// household's shared folder: the folder Syncthing, Nextcloud or Dropbox copies to every device
// of the household and to the cloud is the one place the household keeps free of anything
// readable, and 'export --out FOLDER/mary.json' wrote a person's records there in plain text
// without a word (F163). A vault in no household, or in one over WebDAV, refuses nothing.
func NotInSharedFolder(v *storage.Vault, paths ...string) error {
	cfg, err := LoadConfig(v)
	if err != nil || cfg.Folder == "" {
		return nil
	}
	shared := ResolvedPath(cfg.Folder)
	for _, p := range paths {
		if p == "" {
			continue
		}
		if at := ResolvedPath(p); at == shared || strings.HasPrefix(at, shared+string(filepath.Separator)) {
			return fmt.Errorf("%s: %w", p, ErrSharedFolder)
		}
	}
	return nil
}

// ResolvedPath is the absolute path p names, its folder's symbolic links resolved (the file
// itself may not exist yet; a link named by p is resolved too).
func ResolvedPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
