// Package keycache keeps a vault's key for a while in the login session's kernel keyring, so
// that the commands a person runs in that session in that time open the vault without asking
// for the passphrase again ('carekeeper unlock'; 'carekeeper lock' forgets it at once).
//
// The key is kept by the kernel, never on disk: in the session keyring (keyrings(7)), readable
// only by processes that possess that keyring (those of the same login session), and the
// kernel forgets it when its time runs out. It is what systemd's password agents and
// cryptsetup do with a passphrase (systemd-ask-password --keyname): a command then skips the
// key derivation (Argon2id, 64 MiB and ~0.25 s of CPU each time).
//
// On a system without a kernel keyring every call returns ErrUnavailable, and commands ask
// for the passphrase as before.
package keycache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// ErrUnavailable: this system does not let a program keep a key in the kernel for a while.
var ErrUnavailable = errors.New("this computer does not let CareKeeper keep the vault unlocked between commands (the kernel keyring is not available): each command asks for the passphrase")

// ErrNotFound: no key is kept for the vault (never unlocked, locked, or its time ran out).
var ErrNotFound = errors.New("the vault is not unlocked")

// Longest and Shortest bound how long a vault may stay unlocked.
const (
	Shortest = time.Minute
	Longest  = 12 * time.Hour
	Default  = 15 * time.Minute
)

// ID names the vault whose key file holds keyFile. It changes whenever the key file does (a
// new passphrase or recovery code), so a key kept before such a change is never used after it.
func ID(keyFile []byte) string {
	h := sha256.New()
	h.Write([]byte("carekeeper keycache v1\x00"))
	h.Write(keyFile)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func description(id string) string { return "carekeeper:vault:" + id }
