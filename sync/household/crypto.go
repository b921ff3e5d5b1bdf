package household

import (
	"bytes"
	"compress/flate"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hpke"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/bits"

	"golang.org/x/crypto/chacha20poly1305"
)

// deviceKeys are one device's private keys: ed25519 signs its segments, X25519 receives
// household keys wrapped with HPKE.
type deviceKeys struct {
	sign ed25519.PrivateKey
	kem  *ecdh.PrivateKey
}

func newDeviceKeys() (deviceKeys, error) {
	_, sk, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return deviceKeys{}, fmt.Errorf("household: making a signing key: %w", err)
	}
	kk, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return deviceKeys{}, fmt.Errorf("household: making an encryption key: %w", err)
	}
	return deviceKeys{sign: sk, kem: kk}, nil
}

func loadDeviceKeys(seed, kem []byte) (deviceKeys, error) {
	if len(seed) != ed25519.SeedSize {
		return deviceKeys{}, errors.New("household: saved signing key is damaged")
	}
	kk, err := ecdh.X25519().NewPrivateKey(kem)
	if err != nil {
		return deviceKeys{}, fmt.Errorf("household: saved encryption key is damaged: %w", err)
	}
	return deviceKeys{sign: ed25519.NewKeyFromSeed(seed), kem: kk}, nil
}

// deviceID names a device by the hash of its signing key: 32 hex digits, also its directory.
func deviceID(signPub []byte) string {
	s := sha256.Sum256(append([]byte("carekeeper household device v1\x00"), signPub...))
	return hex.EncodeToString(s[:16])
}

func randomID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// wrapInfo binds a wrapped key to its household, key id and recipient.
func wrapInfo(household, keyID, device string) []byte {
	return []byte("carekeeper household key wrap v1\x00" + household + "\x00" + keyID + "\x00" + device)
}

// wrapKey seals a 32-byte household key to a device's X25519 key with HPKE
// (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305; RFC 9180 base mode).
func wrapKey(kemPub []byte, info, key []byte) ([]byte, error) {
	pub, err := ecdh.X25519().NewPublicKey(kemPub)
	if err != nil {
		return nil, fmt.Errorf("household: a device's encryption key is damaged: %w", err)
	}
	pk, err := hpke.NewDHKEMPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("household: %w", err)
	}
	return hpke.Seal(pk, hpke.HKDFSHA256(), hpke.ChaCha20Poly1305(), info, key)
}

func unwrapKey(k *ecdh.PrivateKey, info, wrapped []byte) ([]byte, error) {
	sk, err := hpke.NewDHKEMPrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("household: %w", err)
	}
	key, err := hpke.Open(sk, hpke.HKDFSHA256(), hpke.ChaCha20Poly1305(), info, wrapped)
	if err != nil || len(key) != chacha20poly1305.KeySize {
		return nil, errors.New("household: a wrapped key does not open with this device's key")
	}
	return key, nil
}

// padme rounds n up as Padmé does (Nikitin et al., PETS 2019): at most +12 % and the size
// leaks O(log log n) bits. Small files go to one 1 KiB bucket.
func padme(n int) int {
	if n <= 1024 {
		return 1024
	}
	e := bits.Len(uint(n)) - 1 // floor(log2 n)
	s := bits.Len(uint(e))     // floor(log2 e) + 1
	mask := (1 << (e - s)) - 1
	return (n + mask) &^ mask
}

// Segment file layout (all integers big-endian):
//
//	magic "CKHS" | version 1 | kind 1 | household 16 | device 16 | seq 8 | key id 16 |
//	nonce 24 | ciphertext (XChaCha20-Poly1305, AAD = every byte before it) |
//	ed25519 signature 64 over every byte before it
//
// The plaintext is: length 4 | DEFLATE(JSON payload) | zero padding to a Padmé size.
// MaxFileBytes is the largest household file (segment) a device reads; a larger one is refused
// as too large. Its payload, once inflated, is at most the same (maxPlain). What one change can
// be is bounded before that by the vault: a record of at most 16 MiB once compressed
// (docs/household.md, "How large").
const MaxFileBytes = 64 << 20

const (
	segMagic    = "CKHS"
	segVersion  = 1
	kindOps     = 1
	headerLen   = 4 + 1 + 1 + 16 + 16 + 8 + 16 + chacha20poly1305.NonceSizeX
	minSegLen   = headerLen + 4 + chacha20poly1305.Overhead + ed25519.SignatureSize
	maxSegBytes = MaxFileBytes // largest segment read
	maxPlain    = 64 << 20     // largest inflated payload
)

type segHeader struct {
	household, device string // hex ids
	seq               uint64
	keyID             string
}

func hexID(b []byte) string { return hex.EncodeToString(b) }

func unhexID(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 16 {
		return nil, fmt.Errorf("household: malformed id")
	}
	return b, nil
}

// sealSegment builds a complete segment file.
func sealSegment(h segHeader, key []byte, sign ed25519.PrivateKey, payload []byte) ([]byte, error) {
	hh, err1 := unhexID(h.household)
	dv, err2 := unhexID(h.device)
	kid, err3 := unhexID(h.keyID)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	var z bytes.Buffer
	zw, _ := flate.NewWriter(&z, flate.BestSpeed)
	zw.Write(payload)
	zw.Close()
	plain := make([]byte, padme(4+z.Len()))
	binary.BigEndian.PutUint32(plain, uint32(z.Len()))
	copy(plain[4:], z.Bytes())

	out := make([]byte, 0, headerLen+len(plain)+chacha20poly1305.Overhead+ed25519.SignatureSize)
	out = append(out, segMagic...)
	out = append(out, segVersion, kindOps)
	out = append(out, hh...)
	out = append(out, dv...)
	out = binary.BigEndian.AppendUint64(out, h.seq)
	out = append(out, kid...)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(nonce)
	out = append(out, nonce...)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("household: %w", err)
	}
	out = aead.Seal(out, nonce, plain, out)
	return append(out, ed25519.Sign(sign, out)...), nil
}

// refusal reasons: plain words, no health data.
var (
	errTruncated = errors.New("too short to be a segment (truncated or not ours)")
	errMagic     = errors.New("not a CareKeeper household segment")
	errVersion   = errors.New("written by a newer CareKeeper (unknown segment version)")
	errOtherHH   = errors.New(ReasonOtherHousehold)
	errSignature = errors.New("signature does not match: the file was altered, truncated or forged")
	errDecrypt   = errors.New("does not decrypt: the file was altered or damaged")
	errPadding   = errors.New("malformed contents")
)

// parseHeader reads the clear header of a segment without checking anything but its shape.
func parseHeader(data []byte) (segHeader, error) {
	if len(data) < minSegLen {
		return segHeader{}, errTruncated
	}
	if string(data[:4]) != segMagic {
		return segHeader{}, errMagic
	}
	if data[4] != segVersion || data[5] != kindOps {
		return segHeader{}, errVersion
	}
	return segHeader{
		household: hexID(data[6:22]),
		device:    hexID(data[22:38]),
		seq:       binary.BigEndian.Uint64(data[38:46]),
		keyID:     hexID(data[46:62]),
	}, nil
}

// verifySegment checks the signature with the writer's public key.
func verifySegment(data []byte, signPub ed25519.PublicKey) error {
	if len(data) < minSegLen {
		return errTruncated
	}
	body, sig := data[:len(data)-ed25519.SignatureSize], data[len(data)-ed25519.SignatureSize:]
	if len(signPub) != ed25519.PublicKeySize || !ed25519.Verify(signPub, body, sig) {
		return errSignature
	}
	return nil
}

// openSegment decrypts a verified segment and returns its payload.
func openSegment(data, key []byte) ([]byte, error) {
	if len(data) < minSegLen {
		return nil, errTruncated
	}
	body := data[:len(data)-ed25519.SignatureSize]
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("household: %w", err)
	}
	plain, err := aead.Open(nil, body[headerLen-chacha20poly1305.NonceSizeX:headerLen], body[headerLen:], body[:headerLen])
	if err != nil {
		return nil, errDecrypt
	}
	if len(plain) < 4 {
		return nil, errPadding
	}
	n := binary.BigEndian.Uint32(plain)
	if uint64(n) > uint64(len(plain)-4) {
		return nil, errPadding
	}
	for _, b := range plain[4+n:] {
		if b != 0 {
			return nil, errPadding
		}
	}
	out, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(plain[4:4+n])), maxPlain+1))
	if err != nil || len(out) > maxPlain {
		return nil, errPadding
	}
	return out, nil
}
