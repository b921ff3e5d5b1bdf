package keycache

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// possessorOnly: the processes that possess the session keyring may view, read, search, write
// (revoke) and set the time of the key; no one else, not even other sessions of the same user.
// (keyrings(7): the possessor's bits are the top byte: view 0x01, read 0x02, write 0x04,
// search 0x08, link 0x10, setattr 0x20.)
const possessorOnly = 0x2f000000

// Put keeps key for the vault id for ttl (between Shortest and Longest), replacing any key
// kept for it.
func Put(id string, key []byte, ttl time.Duration) error {
	if ttl < Shortest || ttl > Longest {
		return fmt.Errorf("keeping the vault unlocked for %v: it must be from %v to %v", ttl, Shortest, Longest)
	}
	// The session keyring by its serial: add_key given KEY_SPEC_SESSION_KEYRING makes a new
	// one for the calling thread alone when the process has none, where Get on another thread
	// would not look (without one, every thread's lookup gives the user's session keyring).
	ring, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	if err != nil {
		return wrap("keeping the key", err)
	}
	serial, err := unix.AddKey("user", description(id), key, ring)
	if err != nil {
		return wrap("keeping the key", err)
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_SETPERM, serial, possessorOnly, 0, 0); err != nil {
		unix.KeyctlInt(unix.KEYCTL_REVOKE, serial, 0, 0, 0) //nolint:errcheck // the first error is the one to say
		return wrap("keeping the key", err)
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_SET_TIMEOUT, serial, int(ttl/time.Second), 0, 0); err != nil {
		unix.KeyctlInt(unix.KEYCTL_REVOKE, serial, 0, 0, 0) //nolint:errcheck // as above
		return wrap("keeping the key", err)
	}
	return nil
}

// Get returns the key kept for the vault id, or ErrNotFound.
func Get(id string) ([]byte, error) {
	serial, err := unix.KeyctlSearch(unix.KEY_SPEC_SESSION_KEYRING, "user", description(id), 0)
	if err != nil {
		return nil, wrap("reading the kept key", err)
	}
	buf := make([]byte, 64)
	n, err := unix.KeyctlBuffer(unix.KEYCTL_READ, serial, buf, 0)
	if err != nil {
		return nil, wrap("reading the kept key", err)
	}
	if n > len(buf) {
		clear(buf)
		return nil, fmt.Errorf("reading the kept key: %d bytes, not a vault key", n)
	}
	return buf[:n], nil
}

// Drop forgets the key kept for the vault id at once. It reports whether one was kept.
func Drop(id string) (bool, error) {
	serial, err := unix.KeyctlSearch(unix.KEY_SPEC_SESSION_KEYRING, "user", description(id), 0)
	if err != nil {
		if err = wrap("forgetting the kept key", err); errors.Is(err, ErrNotFound) {
			return false, nil
		}
		return false, err
	}
	if _, err := unix.KeyctlInt(unix.KEYCTL_REVOKE, serial, 0, 0, 0); err != nil {
		return false, wrap("forgetting the kept key", err)
	}
	unix.KeyctlInt(unix.KEYCTL_UNLINK, serial, unix.KEY_SPEC_SESSION_KEYRING, 0, 0) //nolint:errcheck // revoked: unusable already
	return true, nil
}

// wrap turns the kernel's errors into ErrNotFound and ErrUnavailable where they mean that.
func wrap(doing string, err error) error {
	switch {
	case errors.Is(err, unix.ENOKEY), errors.Is(err, unix.EKEYEXPIRED), errors.Is(err, unix.EKEYREVOKED):
		return ErrNotFound
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EPERM):
		return ErrUnavailable
	}
	return fmt.Errorf("%s: %w", doing, err)
}
