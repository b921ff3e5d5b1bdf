package storage

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"

	"carekeeper/internal/secret"
)

// An encrypted backup is one file holding everything needed to restore the vault with the
// same passphrase (or recovery code):
//
//	"CKBACKUP\x00\x01" | uvarint len | key file | 16-byte stream id |
//	chunks: 4-byte big-endian length | XChaCha20-Poly1305(chunk)
//
// The key file inside is the vault's own (the vault key wrapped by the passphrase and the
// recovery code slots). The chunks carry Badger's backup stream of every key, sealed with a
// key derived from the vault key (HKDF-SHA256, "carekeeper backup v1"); each chunk's nonce is
// the stream id and its index, and its associated data the header hash and a final flag, so
// reordering, truncation and splicing are all detected.

var backupMagic = []byte("CKBACKUP\x00\x01")

const backupChunk = 64 << 10

// ErrBadBackup is returned for a file that is not a CareKeeper backup, or a damaged one.
var ErrBadBackup = errors.New("not a CareKeeper backup, or a damaged one")

func backupKey(vaultKey, streamID []byte) ([]byte, error) {
	k := make([]byte, chacha20poly1305.KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, vaultKey, streamID, []byte("carekeeper backup v1")), k); err != nil {
		return nil, err
	}
	return k, nil
}

type sealer struct {
	w    io.Writer
	aead interface {
		Seal(dst, nonce, plaintext, ad []byte) []byte
	}
	id     []byte
	hdr    [32]byte
	buf    []byte
	n      uint64
	closed bool
}

func (s *sealer) nonce() []byte {
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	copy(nonce, s.id)
	binary.BigEndian.PutUint64(nonce[16:], s.n)
	return nonce
}

func (s *sealer) flush(final bool) error {
	ad := append(s.hdr[:], 0)
	if final {
		ad[len(ad)-1] = 1
	}
	out := s.aead.Seal(nil, s.nonce(), s.buf, ad)
	s.n++
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(out)))
	if _, err := s.w.Write(l[:]); err != nil {
		return err
	}
	_, err := s.w.Write(out)
	s.buf = s.buf[:0]
	return err
}

func (s *sealer) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		take := min(backupChunk-len(s.buf), len(p))
		s.buf = append(s.buf, p[:take]...)
		p, n = p[take:], n+take
		if len(s.buf) == backupChunk {
			if err := s.flush(false); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// Backup writes an encrypted backup of the whole vault to w. The passphrase (checked against
// the key file) is needed to derive the backup key; the vault stays usable meanwhile.
func (v *Vault) Backup(ctx context.Context, w io.Writer, passphrase []byte) error {
	kf, err := os.ReadFile(KeyFilePath(v.dir))
	if err != nil {
		return fmt.Errorf("reading the key file: %w", err)
	}
	vaultKey, err := secret.Unlock(KeyFilePath(v.dir), passphrase)
	if err != nil {
		return err
	}
	defer wipe(vaultKey)
	return writeBackup(ctx, w, kf, vaultKey, func(w io.Writer) error {
		_, err := v.db.Backup(w, 0)
		return err
	})
}

func writeBackup(ctx context.Context, w io.Writer, keyFile, vaultKey []byte, stream func(io.Writer) error) error {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return err
	}
	hdr := append(append([]byte(nil), backupMagic...), binary.AppendUvarint(nil, uint64(len(keyFile)))...)
	hdr = append(append(hdr, keyFile...), id...)
	key, err := backupKey(vaultKey, id)
	if err != nil {
		return err
	}
	defer wipe(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.Write(hdr); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	s := &sealer{w: bw, aead: aead, id: id, hdr: sha256.Sum256(hdr), buf: make([]byte, 0, backupChunk)}
	cw := &ctxWriter{ctx: ctx, w: s}
	if err := stream(cw); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("writing the backup: %w", err)
	}
	if err := s.flush(true); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c *ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// opener reads and authenticates the chunks of a backup, failing on any damage, reordering
// or truncation (a stream must end with its final chunk).
type opener struct {
	r    *bufio.Reader
	aead interface {
		Open(dst, nonce, ciphertext, ad []byte) ([]byte, error)
	}
	id    []byte
	hdr   [32]byte
	n     uint64
	buf   []byte
	final bool
}

func (o *opener) Read(p []byte) (int, error) {
	for len(o.buf) == 0 {
		if o.final {
			return 0, io.EOF
		}
		var l [4]byte
		if _, err := io.ReadFull(o.r, l[:]); err != nil {
			return 0, ErrBadBackup
		}
		size := binary.BigEndian.Uint32(l[:])
		if size > backupChunk+chacha20poly1305.Overhead {
			return 0, ErrBadBackup
		}
		ct := make([]byte, size)
		if _, err := io.ReadFull(o.r, ct); err != nil {
			return 0, ErrBadBackup
		}
		nonce := make([]byte, chacha20poly1305.NonceSizeX)
		copy(nonce, o.id)
		binary.BigEndian.PutUint64(nonce[16:], o.n)
		o.n++
		for _, final := range []byte{0, 1} {
			pt, err := o.aead.Open(nil, nonce, ct, append(o.hdr[:], final))
			if err == nil {
				o.buf, o.final = pt, final == 1
				break
			}
		}
		if o.buf == nil {
			return 0, ErrBadBackup
		}
		if o.final {
			if _, err := o.r.ReadByte(); err != io.EOF {
				return 0, ErrBadBackup // something follows the final chunk
			}
		}
	}
	n := copy(p, o.buf)
	o.buf = o.buf[n:]
	return n, nil
}

// Restore creates a vault in dir from a backup, unlocked by the passphrase that was current
// when the backup was made (or its recovery code, when passphrase is nil and code is set).
// dir must not hold a vault. It is all or nothing: the vault appears in dir only when the
// whole backup was read and verified.
func Restore(ctx context.Context, dir string, r io.Reader, passphrase []byte, code string, opt Options) error {
	if Exists(dir) {
		return ErrExists
	}
	br := bufio.NewReaderSize(r, 256<<10)
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != string(backupMagic) {
		return ErrBadBackup
	}
	kl, err := binary.ReadUvarint(br)
	if err != nil || kl == 0 || kl > 64<<10 {
		return ErrBadBackup
	}
	keyFile := make([]byte, kl)
	id := make([]byte, 16)
	if _, err := io.ReadFull(br, keyFile); err != nil {
		return ErrBadBackup
	}
	if _, err := io.ReadFull(br, id); err != nil {
		return ErrBadBackup
	}
	hdr := append(append([]byte(nil), backupMagic...), binary.AppendUvarint(nil, kl)...)
	hdr = append(append(hdr, keyFile...), id...)

	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return fmt.Errorf("creating the vault directory: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".restore-")
	if err != nil {
		return fmt.Errorf("creating the vault directory: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.WriteFile(KeyFilePath(tmp), keyFile, 0o600); err != nil {
		return fmt.Errorf("writing the key file: %w", err)
	}
	var vaultKey []byte
	if passphrase != nil {
		vaultKey, err = secret.Unlock(KeyFilePath(tmp), passphrase)
	} else {
		vaultKey, err = secret.UnlockWithRecovery(KeyFilePath(tmp), code)
	}
	if err != nil {
		return err
	}
	defer wipe(vaultKey)
	key, err := backupKey(vaultKey, id)
	if err != nil {
		return err
	}
	defer wipe(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return err
	}
	v, err := OpenWithKey(tmp, vaultKey, opt)
	if err != nil {
		return err
	}
	o := &opener{r: br, aead: aead, id: id, hdr: sha256.Sum256(hdr)}
	loadErr := v.db.Load(&ctxReader{ctx: ctx, r: o}, 16)
	if loadErr == nil && !o.final {
		loadErr = ErrBadBackup
	}
	if loadErr == nil {
		loadErr = v.db.Sync()
	}
	if err := v.Close(); loadErr == nil {
		loadErr = err
	}
	if loadErr != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(loadErr, ErrBadBackup) {
			return ErrBadBackup
		}
		return fmt.Errorf("restoring: %w", loadErr)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) == 0 {
		os.Remove(dir) // an empty directory is replaced
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("moving the restored vault into place: %w", err)
	}
	done = true
	return nil
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
