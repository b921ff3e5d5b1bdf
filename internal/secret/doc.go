// Package secret manages CareKeeper's key file: a small file that holds the
// random 32-byte vault key (Badger's EncryptionKey), wrapped in two LUKS-style
// key slots.
//
//   - Passphrase slot: KEK = Argon2id(passphrase, salt, t, m, p, 32). The
//     parameters and the 16-byte salt are stored in the slot. The floor is
//     t=3, m=64 MiB, p=4 (RFC 9106, second recommendation). A slot (or a
//     request) below the floor is refused with ErrWeakParams, so an edited
//     file cannot downgrade the KDF. Implausibly large values (t > 32,
//     m > 2 GiB) are treated as damage (ErrCorrupt), so an edited file cannot
//     make the app hang or run out of memory either.
//   - Recovery slot: KEK = HKDF-SHA256(secret = recovery code, salt, info).
//     The code has 130 random bits, so no slow KDF is needed.
//
// Each slot wraps the vault key with XChaCha20-Poly1305 (random 24-byte
// nonce). The associated data is the file header followed by the slot's own
// header, so editing any header byte, swapping parameters or salts, or moving
// a slot into another key file (each file has a random 16-byte vault ID) makes
// the slot fail to open.
//
// # File format (version 1)
//
// All integers are big-endian. The file is exactly 252 bytes.
//
//	offset size  field
//	     0    5  magic "CKKEY"
//	     5    1  format version = 1
//	     6    1  slot count = 2
//	     7    1  flags = 0 (reserved)
//	     8   16  vault ID (random)
//	--- slot 0: passphrase (98 bytes) ---
//	    24    1  slot type = 1 (Argon2id, version 0x13)
//	    25    4  time (passes)
//	    29    4  memory in KiB
//	    33    1  threads
//	    34   16  salt
//	    50   24  nonce
//	    74   48  wrapped vault key (32 bytes + 16-byte Poly1305 tag)
//	--- slot 1: recovery (98 bytes) ---
//	   122    1  slot type = 2 (HKDF-SHA256); time, memory, threads are 0
//	   123   ..  same layout as slot 0
//	--- trailer ---
//	   220   32  SHA-256 of bytes 0..219
//
// The AEAD's associated data for a slot is bytes 0..23 (file header) followed
// by the slot's first 26 bytes (type, time, memory, threads, salt).
//
// The trailing SHA-256 has no key. It only tells accidental damage apart from
// a wrong passphrase: any damaged byte gives ErrCorrupt, not
// ErrWrongPassphrase. Deliberate tampering (with the checksum recomputed) is
// caught by the AEAD.
//
// The file is written with mode 0600, always atomically: a temporary file in
// the same directory is written and fsynced, renamed over the target (or
// hard-linked, for Create, so an existing file is never replaced), and then
// the directory is fsynced. The rename (or link) is the commit point: if a
// function returns an error, the old file is untouched and no temporary file
// is left. Failures after the commit point (fsyncing the directory, removing
// the temporary name after a link) are not reported, because the new file is
// already in place and, for Create, reporting an error would make the caller
// throw away a vault key that is already on disk.
//
// # Recovery code
//
// A recovery code is 26 random Crockford base32 symbols (130 bits) and 2 check
// symbols, shown as seven groups of four: "7K3M-Q9TR-...". When it is parsed,
// case, whitespace and dashes are ignored, and the letters O, I and L are read
// as 0, 1 and 1. The check symbols catch most typos (ErrWrongRecoveryCode with
// a "mistyped" hint). Recover replaces only the passphrase slot, so the
// recovery code keeps working after it has been used. To retire a code, make
// a new key file and re-key the vault; this package has no way to rotate the
// recovery code on its own.
//
// # Secrets in memory
//
// KEKs and temporary key copies are zeroed after use. This is best effort
// only: Go may copy memory (stack growth, GC), the AEAD keeps its own copy of
// the key, and strings such as the recovery code cannot be zeroed. Passphrase
// slices belong to the caller and are not modified. Error messages never
// contain passphrases, codes or keys.
//
// Nothing here locks the key file. The caller (one app instance per vault)
// must not run two changes on the same file at once; if it does, the last
// write wins, and the file is still complete and valid.
package secret
