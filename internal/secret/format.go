package secret

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

const (
	magic         = "CKKEY"
	formatVersion = 1
	slotCount     = 2

	idSize      = 16
	saltSize    = 16
	nonceSize   = 24 // chacha20poly1305.NonceSizeX
	keySize     = 32
	tagSize     = 16 // chacha20poly1305.Overhead
	wrappedSize = keySize + tagSize

	fileHeaderSize = len(magic) + 1 + 1 + 1 + idSize          // 24
	slotHeaderSize = 1 + 4 + 4 + 1 + saltSize                 // 26
	slotSize       = slotHeaderSize + nonceSize + wrappedSize // 98
	checksumSize   = sha256.Size
	bodySize       = fileHeaderSize + slotCount*slotSize // 220
	fileSize       = bodySize + checksumSize             // 252

	// maxReadSize bounds how much of an unknown file is read into memory.
	maxReadSize = 64 << 10

	slotPassphrase byte = 1 // Argon2id
	slotRecovery   byte = 2 // HKDF-SHA256
)

type slot struct {
	kind    byte
	params  Params // zero for the recovery slot
	salt    [saltSize]byte
	nonce   [nonceSize]byte
	wrapped [wrappedSize]byte
}

type keyFile struct {
	vaultID  [idSize]byte
	pass     slot
	recovery slot
}

func (kf *keyFile) header() []byte {
	h := make([]byte, 0, fileHeaderSize)
	h = append(h, magic...)
	h = append(h, formatVersion, slotCount, 0)
	h = append(h, kf.vaultID[:]...)
	return h
}

func (s *slot) header() []byte {
	h := make([]byte, 0, slotHeaderSize)
	h = append(h, s.kind)
	h = binary.BigEndian.AppendUint32(h, s.params.Time)
	h = binary.BigEndian.AppendUint32(h, s.params.MemoryKiB)
	h = append(h, s.params.Threads)
	h = append(h, s.salt[:]...)
	return h
}

// aad is the associated data for sealing and opening slot s of kf.
func (kf *keyFile) aad(s *slot) []byte {
	return append(kf.header(), s.header()...)
}

func (s *slot) appendTo(b []byte) []byte {
	b = append(b, s.header()...)
	b = append(b, s.nonce[:]...)
	return append(b, s.wrapped[:]...)
}

func (kf *keyFile) marshal() []byte {
	b := make([]byte, 0, fileSize)
	b = append(b, kf.header()...)
	b = kf.pass.appendTo(b)
	b = kf.recovery.appendTo(b)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

func corrupt(what string) error {
	return fmt.Errorf("%w (%s)", ErrCorrupt, what)
}

// parse decodes a key file. Errors wrap ErrCorrupt. It checks structure and
// plausibility only; the KDF floor is checked where a slot is used, so that
// StoredParams can still report weak parameters.
func parse(b []byte) (*keyFile, error) {
	if len(b) < len(magic)+1 || !bytes.Equal(b[:len(magic)], []byte(magic)) {
		return nil, corrupt("not a key file")
	}
	switch v := b[len(magic)]; {
	case v > formatVersion:
		return nil, fmt.Errorf("%w: %w (format version %d)", ErrCorrupt, ErrUnsupportedVersion, v)
	case v != formatVersion:
		return nil, corrupt(fmt.Sprintf("format version %d", v))
	}
	if len(b) != fileSize {
		return nil, corrupt(fmt.Sprintf("size %d, want %d", len(b), fileSize))
	}
	sum := sha256.Sum256(b[:bodySize])
	if subtle.ConstantTimeCompare(sum[:], b[bodySize:]) != 1 {
		return nil, corrupt("checksum mismatch")
	}
	if b[6] != slotCount || b[7] != 0 {
		return nil, corrupt("bad header")
	}
	kf := new(keyFile)
	copy(kf.vaultID[:], b[8:fileHeaderSize])
	off := fileHeaderSize
	for _, s := range []*slot{&kf.pass, &kf.recovery} {
		parseSlot(b[off:off+slotSize], s)
		off += slotSize
	}
	if kf.pass.kind != slotPassphrase {
		return nil, corrupt("slot 0 is not a passphrase slot")
	}
	if !kf.pass.params.plausible() {
		return nil, corrupt("implausible key-derivation settings")
	}
	if kf.recovery.kind != slotRecovery || kf.recovery.params != (Params{}) {
		return nil, corrupt("slot 1 is not a recovery slot")
	}
	return kf, nil
}

func parseSlot(b []byte, s *slot) {
	s.kind = b[0]
	s.params.Time = binary.BigEndian.Uint32(b[1:5])
	s.params.MemoryKiB = binary.BigEndian.Uint32(b[5:9])
	s.params.Threads = b[9]
	copy(s.salt[:], b[10:slotHeaderSize])
	copy(s.nonce[:], b[slotHeaderSize:slotHeaderSize+nonceSize])
	copy(s.wrapped[:], b[slotHeaderSize+nonceSize:slotSize])
}
