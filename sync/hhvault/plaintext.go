package hhvault

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"carekeeper/storage"
)

// ErrVaultFolder is wrapped by NotInVaultFolder's refusal.
var ErrVaultFolder = errors.New("that is in the vault's folder, whose own files it could replace: write it elsewhere (nothing was written)")

// NotInVaultFolder refuses an output inside the vault's folder (dir): it could replace the
// vault's own files — 'export --out DATA/vault.key' left a vault nobody could open, not even
// with the recovery code (F159), and the app's Save dialogs could do the same (F231) — and it
// would put plaintext beside the vault.
func NotInVaultFolder(dir string, paths ...string) error {
	if dir == "" {
		return nil
	}
	vault := ResolvedPath(dir)
	for _, p := range paths {
		if p == "" {
			continue
		}
		if Within(vault, ResolvedPath(p)) {
			return fmt.Errorf("%s: %w", p, ErrVaultFolder)
		}
	}
	return nil
}

// Within says whether the resolved path at is the folder dir or inside it.
func Within(dir, at string) bool {
	return at == dir || strings.HasPrefix(at, dir+string(filepath.Separator))
}

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
		if Within(shared, ResolvedPath(p)) {
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
