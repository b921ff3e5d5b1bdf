package storage

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"filippo.io/age"
	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
	"github.com/klauspost/compress/zstd"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
	"google.golang.org/protobuf/proto"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/secret"
)

// An encrypted backup is one file holding everything needed to restore the vault with the
// same passphrase (or recovery code). Version 3, written since backups were compressed:
//
//	"CKBACKUP\x00\x03" | uvarint len | key file | uvarint len | sealed identity | age file
//
// The key file is the vault's own (the vault key wrapped by the passphrase and the recovery
// code slots). The payload is a standard age v1 file (age-encryption.org/v1: a per-file random
// key, STREAM with ChaCha20-Poly1305 in 64 KiB chunks, which detects truncation, reordering,
// splicing and trailing data by design) encrypted to a fresh X25519 recipient. Its plaintext
// is one zstd stream of the vault's keys in Badger's backup format (what db.Load reads: a
// little-endian uint64 length, then a protobuf KVList; backupStream): the newest version of
// every live key, in lists of about backupList bytes. That recipient's identity (its
// AGE-SECRET-KEY string) is sealed, like the key file's slots, with XChaCha20-Poly1305 under
// a key derived from the vault key (HKDF-SHA256, salt the 24-byte nonce, "carekeeper backup v2
// identity"), with the SHA-256 of everything before it as associated data.
//
// Why compress: the stored records are envelopes whose literals Badger's table blocks
// compress (envelope.go), so the key stream read back out of Badger is about 3.5 times the
// vault on disk (152 MB for a 43 MB vault at 100,000 resources); zstd codes it back down.
// Compressing before encrypting tells no more than the vault's own files do: Badger
// compresses each table block before it encrypts it.
//
// Why this construction: the backup must open with the passphrase or with the recovery code,
// which the vault key already stands for; an age scrypt recipient would open with the
// passphrase only (age allows no other recipient beside it), and would add a second slow
// key derivation. Wrapping an X25519 identity with the vault key keeps both ways in, and
// leaves the chunking and its end-of-stream handling to age. The identity is never stored
// unsealed, so the file is as strong as the key file's slots.
//
// Version 2 backups (the same, with the uncompressed stream of Badger's own Backup, every
// version of every key, in lists of up to 100 MB) and version 1 backups ("CKBACKUP\x00\x01",
// hand-made XChaCha20-Poly1305 chunks) are still read.

var (
	backupMagic   = []byte("CKBACKUP\x00\x03")
	backupMagicV2 = []byte("CKBACKUP\x00\x02")
	backupMagicV1 = []byte("CKBACKUP\x00\x01")
)

// backupChunk is the v1 plaintext chunk size (age's is the same, 64 KiB).
const backupChunk = 64 << 10

// ErrBadBackup is returned for a file that is not a CareKeeper backup, or a damaged one.
var ErrBadBackup = errors.New("this backup is damaged or incomplete, or is not a CareKeeper backup")

// ErrNotEmpty means a restore was asked into a folder that already holds files.
var ErrNotEmpty = errors.New("the folder to restore into is not empty: restore into a new or empty folder")

// ErrNotFolder means a restore was asked into a path that is a file, not a folder.
var ErrNotFolder = errors.New("it is a file, not a folder: restore into a new or empty folder")

const identityInfo = "carekeeper backup v2 identity"

func deriveKey(vaultKey, salt []byte, info string) ([]byte, error) {
	k := make([]byte, chacha20poly1305.KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, vaultKey, salt, []byte(info)), k); err != nil {
		return nil, err
	}
	return k, nil
}

// backup writes an encrypted backup of the whole vault to w and returns the SHA-256 of its
// plaintext stream. The passphrase (checked against the key file) is needed to unwrap the
// vault key; the vault stays usable meanwhile.
func (v *Vault) backup(ctx context.Context, w io.Writer, passphrase []byte) (sum []byte, err error) {
	kf, err := os.ReadFile(KeyFilePath(v.dir))
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	vaultKey, err := secret.Unlock(KeyFilePath(v.dir), passphrase)
	if err != nil {
		return nil, err
	}
	defer wipe(vaultKey)
	return writeBackup(ctx, w, kf, vaultKey, v.backupStream)
}

// backupList is about the most bytes of keys and values one list of the stream holds: what a
// restore holds of it at once (Badger's own Backup made lists of up to 100 MB).
const backupList = 256 << 10

// bitDiscardEarlierVersions is Badger's meta bit of that name (value.go), the only one of an
// item's meta bits a restore needs (the others are the transaction's, the value log's, or a
// deletion, which the stream does not hold).
const bitDiscardEarlierVersions = 1 << 2

// backupStream writes the newest version of every live key of the vault to w, in Badger's
// backup format, with one iterator: Badger's Backup ran a Stream (goroutines with 16 MB
// buffers each, lists of up to 100 MB: 363–563 MB of RSS at 100,000 resources) and wrote
// every version of a key still in the tables, which no reader of the vault sees.
func (v *Vault) backupStream(w io.Writer) error {
	return v.db.View(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		var (
			list    pb.KVList
			size    int
			scanned int
			buf     []byte
		)
		flush := func() error {
			if len(list.Kv) == 0 {
				return nil
			}
			n := proto.Size(&list)
			buf = binary.LittleEndian.AppendUint64(buf[:0], uint64(n))
			var err error
			if buf, err = (proto.MarshalOptions{}).MarshalAppend(buf, &list); err != nil {
				return err
			}
			if _, err := w.Write(buf); err != nil {
				return err
			}
			clear(list.Kv)
			list.Kv, size = list.Kv[:0], 0
			return nil
		}
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			val, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			var meta byte
			if item.DiscardEarlierVersions() {
				meta = bitDiscardEarlierVersions
			}
			kv := &pb.KV{Key: item.KeyCopy(nil), Value: val, UserMeta: []byte{item.UserMeta()},
				Version: item.Version(), ExpiresAt: item.ExpiresAt(), Meta: []byte{meta}}
			list.Kv = append(list.Kv, kv)
			size += len(kv.Key) + len(val) + 32
			if size >= backupList {
				scanned += size
				if err := flush(); err != nil {
					return err
				}
				if scanned >= 16<<20 {
					v.maps.release() // resident.go: the table pages read so far
					scanned = 0
				}
			}
		}
		return flush()
	})
}

// BackupFile writes an encrypted backup of the whole vault to path (atomically, mode 0600),
// then reads back every chunk of what it wrote and checks it against what was meant before
// the file takes the name path. On any error path is unchanged. The passphrase (checked
// against the key file) is needed to unwrap the vault key.
func (v *Vault) BackupFile(ctx context.Context, path string, passphrase []byte) error {
	vaultKey, err := secret.Unlock(KeyFilePath(v.dir), passphrase)
	if err != nil {
		return err
	}
	defer wipe(vaultKey)
	return v.BackupFileWithKey(ctx, path, vaultKey)
}

// BackupFileWithKey is BackupFile with the vault key the vault was opened with (UnwrapKey,
// OpenWithKey): no second key derivation, whose memory (~64 MB) came on top of the open
// vault's. The key is used for the write and for the check (which derived it a third time).
func (v *Vault) BackupFileWithKey(ctx context.Context, path string, vaultKey []byte) error {
	kf, err := os.ReadFile(KeyFilePath(v.dir))
	if err != nil {
		return fmt.Errorf("reading the key file: %w", err)
	}
	a, err := atomicfile.New(path)
	if err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	defer a.Abort()
	sum, err := writeBackup(ctx, a, kf, vaultKey, v.backupStream)
	if err != nil {
		return err
	}
	if err := a.File().Sync(); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	if err := verifyBackupFile(a.TempName(), kf, vaultKey, sum); err != nil {
		return err
	}
	if err := a.Commit(); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

// errVerify says a backup did not read back as written.
var errVerify = errors.New("the backup did not read back as it was written (is the disk failing?); the file was not saved")

func verifyBackupFile(tmp string, kf, vaultKey, want []byte) error {
	f, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("checking the backup: %w", err)
	}
	defer f.Close()
	_, payload, err := readBackup(f, func(got []byte) ([]byte, error) {
		if !bytes.Equal(got, kf) {
			return nil, ErrBadBackup
		}
		return append([]byte(nil), vaultKey...), nil
	})
	if err != nil {
		return fmt.Errorf("%w (%w)", errVerify, err)
	}
	defer wipe(payload.vaultKey)
	h := sha256.New()
	if _, err := io.Copy(h, payload); err != nil {
		return fmt.Errorf("%w (%w)", errVerify, err)
	}
	if !bytes.Equal(h.Sum(nil), want) {
		return errVerify
	}
	return nil
}

// writeBackup writes a backup (version 3) of what stream writes, and returns the SHA-256 of
// that stream.
func writeBackup(ctx context.Context, w io.Writer, keyFile, vaultKey []byte, stream func(io.Writer) error) ([]byte, error) {
	return writeBackupVersion(ctx, w, 3, keyFile, vaultKey, stream)
}

// newBackupEncoder compresses a version 3 payload: one goroutine, a 4 MiB window.
func newBackupEncoder(w io.Writer) (*zstd.Encoder, error) {
	return zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(backupWindow))
}

// backupWindow is the zstd window of a version 3 payload; a reader refuses larger ones.
const backupWindow = 4 << 20

// writeBackupVersion writes a backup of the given version (2 or 3; tests write 2, as earlier
// CareKeepers did).
func writeBackupVersion(ctx context.Context, w io.Writer, version int, keyFile, vaultKey []byte, stream func(io.Writer) error) ([]byte, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	magic := backupMagic
	if version == 2 {
		magic = backupMagicV2
	}
	hdr := append(append([]byte(nil), magic...), binary.AppendUvarint(nil, uint64(len(keyFile)))...)
	hdr = append(hdr, keyFile...)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	sealed, err := sealIdentity(vaultKey, nonce, []byte(id.String()), hdr)
	if err != nil {
		return nil, err
	}
	hdr = binary.AppendUvarint(hdr, uint64(len(sealed)))
	hdr = append(hdr, sealed...)

	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.Write(hdr); err != nil {
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	enc, err := age.Encrypt(bw, id.Recipient())
	if err != nil {
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	var plain io.Writer = enc
	var zenc *zstd.Encoder
	if version != 2 {
		if zenc, err = newBackupEncoder(enc); err != nil {
			return nil, fmt.Errorf("writing the backup: %w", err)
		}
		plain = zenc
	}
	h := sha256.New()
	if err := stream(&ctxWriter{ctx: ctx, w: io.MultiWriter(plain, h)}); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	if zenc != nil {
		if err := zenc.Close(); err != nil {
			return nil, fmt.Errorf("writing the backup: %w", err)
		}
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	return h.Sum(nil), nil
}

func sealIdentity(vaultKey, nonce, identity, hdr []byte) ([]byte, error) {
	key, err := deriveKey(vaultKey, nonce, identityInfo)
	if err != nil {
		return nil, err
	}
	defer wipe(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	ad := sha256.Sum256(hdr)
	return aead.Seal(append([]byte(nil), nonce...), nonce, identity, ad[:]), nil
}

func openIdentity(vaultKey, sealed, hdr []byte) (*age.X25519Identity, error) {
	if len(sealed) < chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead {
		return nil, ErrBadBackup
	}
	nonce := sealed[:chacha20poly1305.NonceSizeX]
	key, err := deriveKey(vaultKey, nonce, identityInfo)
	if err != nil {
		return nil, err
	}
	defer wipe(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	ad := sha256.Sum256(hdr)
	text, err := aead.Open(nil, nonce, sealed[len(nonce):], ad[:])
	if err != nil {
		return nil, ErrBadBackup
	}
	defer wipe(text)
	id, err := age.ParseX25519Identity(string(text))
	if err != nil {
		return nil, ErrBadBackup
	}
	return id, nil
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

// payload is a backup's decrypted stream. Any damage, reordering, truncation or trailing
// data is an error matching ErrBadBackup, whatever the layer that found it.
type payload struct {
	r        io.Reader
	vaultKey []byte
	sorted   bool  // version 3: one version of each key, in order (loadSorted)
	err      error // the first error, kept: what Badger wraps it in is not ours to rely on
}

func (p *payload) Read(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.r.Read(b)
	if err != nil && err != io.EOF {
		p.err = fmt.Errorf("%w (%v)", ErrBadBackup, err)
		return n, p.err
	}
	return n, err
}

// readBackup reads a backup's header (either version), hands the key file to unlock for the
// vault key, and returns the key file and the decrypted payload (which holds the vault key;
// wipe it after use).
func readBackup(r io.Reader, unlock func(keyFile []byte) ([]byte, error)) (keyFile []byte, p *payload, err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(br, magic); err != nil {
		return nil, nil, ErrBadBackup
	}
	v1 := bytes.Equal(magic, backupMagicV1)
	v2 := bytes.Equal(magic, backupMagicV2)
	if !v1 && !v2 && !bytes.Equal(magic, backupMagic) {
		return nil, nil, ErrBadBackup
	}
	kl, err := binary.ReadUvarint(br)
	if err != nil || kl == 0 || kl > 64<<10 {
		return nil, nil, ErrBadBackup
	}
	keyFile = make([]byte, kl)
	if _, err := io.ReadFull(br, keyFile); err != nil {
		return nil, nil, ErrBadBackup
	}
	hdr := append(append(append([]byte(nil), magic...), binary.AppendUvarint(nil, kl)...), keyFile...)
	var sealed, id []byte
	if v1 {
		id = make([]byte, 16)
		if _, err := io.ReadFull(br, id); err != nil {
			return nil, nil, ErrBadBackup
		}
		hdr = append(hdr, id...)
	} else {
		sl, err := binary.ReadUvarint(br)
		if err != nil || sl > 1024 {
			return nil, nil, ErrBadBackup
		}
		sealed = make([]byte, sl)
		if _, err := io.ReadFull(br, sealed); err != nil {
			return nil, nil, ErrBadBackup
		}
	}
	vaultKey, err := unlock(keyFile)
	if err != nil {
		return nil, nil, err
	}
	p = &payload{vaultKey: vaultKey}
	if v1 {
		o, err := newOpenerV1(br, vaultKey, id, hdr)
		if err != nil {
			wipe(vaultKey)
			return nil, nil, err
		}
		p.r = o
		return keyFile, p, nil
	}
	ident, err := openIdentity(vaultKey, sealed, hdr)
	if err != nil {
		wipe(vaultKey)
		return nil, nil, err
	}
	dec, err := age.Decrypt(br, ident)
	if err != nil {
		wipe(vaultKey)
		return nil, nil, fmt.Errorf("%w (%v)", ErrBadBackup, err)
	}
	if v2 {
		p.r = dec
		return keyFile, p, nil
	}
	// Synchronous (one goroutine: nothing to close), in little memory, and never a window
	// larger than the writer's.
	zdec, err := zstd.NewReader(dec, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(backupWindow))
	if err != nil {
		wipe(vaultKey)
		return nil, nil, fmt.Errorf("%w (%v)", ErrBadBackup, err)
	}
	p.r, p.sorted = zdec, true
	return keyFile, p, nil
}

// Restore creates a vault in dir from a backup, unlocked by the passphrase that was current
// when the backup was made (or its recovery code, when passphrase is nil and code is set).
// dir must not hold a vault, nor anything else (ErrNotEmpty). It is all or nothing: the vault
// appears in dir only when the whole backup was read and verified.
func Restore(ctx context.Context, dir string, r io.Reader, passphrase []byte, code string, opt Options) error {
	if err := CheckRestoreTarget(dir); err != nil {
		return err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return fmt.Errorf("creating the vault directory: %w", err)
	}
	tmp, err := atomicfile.NewDir(dir)
	if err != nil {
		return fmt.Errorf("creating the vault directory: %w", err)
	}
	defer tmp.Abort()
	_, p, err := readBackup(r, func(keyFile []byte) ([]byte, error) {
		if err := os.WriteFile(KeyFilePath(tmp.Path), keyFile, 0o600); err != nil {
			return nil, fmt.Errorf("writing the key file: %w", err)
		}
		if passphrase != nil {
			return secret.Unlock(KeyFilePath(tmp.Path), passphrase)
		}
		return secret.UnlockWithRecovery(KeyFilePath(tmp.Path), code)
	})
	if err != nil {
		return err
	}
	defer wipe(p.vaultKey)
	v, err := OpenWithKey(tmp.Path, p.vaultKey, opt)
	if err != nil {
		return err
	}
	if v.readOnly {
		v.Close()
		return ErrDiskFull
	}
	var loadErr error
	if p.sorted {
		loadErr = v.loadSorted(ctx, p)
	} else {
		loadErr = v.db.Load(&ctxReader{ctx: ctx, r: p}, 16)
	}
	if loadErr == nil {
		loadErr = v.db.Sync()
	}
	if err := v.Close(); loadErr == nil {
		loadErr = err
	}
	if loadErr != nil {
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case p.err != nil:
			return ErrBadBackup
		case isDiskFull(loadErr):
			return ErrDiskFull
		}
		var pe *fs.PathError
		if errors.As(loadErr, &pe) {
			return fmt.Errorf("restoring: %w", loadErr)
		}
		// The stream was authentic but did not parse: not a backup this build can read.
		return ErrBadBackup
	}
	if err := tmp.Commit(dir); err != nil {
		if errors.Is(err, atomicfile.ErrNotEmpty) {
			return ErrNotEmpty
		}
		return fmt.Errorf("moving the restored vault into place: %w", err)
	}
	return nil
}

// CheckRestoreTarget tells whether a vault can be restored into dir (a new or empty folder):
// ErrExists when a vault is there, ErrNotFolder for a file, ErrNotEmpty for a folder holding
// anything. Restore checks it too; callers check it first to refuse before asking for a
// passphrase.
func CheckRestoreTarget(dir string) error {
	if Exists(dir) {
		return ErrExists
	}
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return ErrNotEmpty
	case err == nil, errors.Is(err, fs.ErrNotExist):
		return nil
	}
	if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
		return ErrNotFolder
	}
	return fmt.Errorf("reading the folder to restore into: %w", err)
}

// maxList is the largest list of a version 3 stream a restore accepts (backupStream writes
// lists of about backupList bytes; a value may exceed it).
const maxList = 64 << 20

// loadSorted writes a version 3 stream (Badger's backup format, every key once, in order)
// into the empty database with Badger's StreamWriter, which builds the tables of the last
// level directly: no memtables, no log of every write, no compactions. db.Load, used for
// older backups, wrote the whole vault through the write path (424–535 MB of peak RSS and
// 15 s at 100,000 resources). A stream whose keys are not in strictly increasing order
// (which the StreamWriter cannot take) is ErrBadBackup.
func (v *Vault) loadSorted(ctx context.Context, r io.Reader) (err error) {
	sw := v.db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		sw.Cancel()
		return err
	}
	defer func() {
		if err != nil {
			sw.Cancel()
		}
	}()
	br := bufio.NewReaderSize(r, 64<<10)
	buf := z.NewBuffer(1<<20, "storage.loadSorted")
	defer buf.Release()
	var (
		last    []byte
		data    []byte
		list    pb.KVList
		first   = true
		written uint64
	)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var n [8]byte
		if _, err := io.ReadFull(br, n[:]); err == io.EOF {
			break
		} else if err != nil {
			return badStream(err)
		}
		size := binary.LittleEndian.Uint64(n[:])
		if size > maxList {
			return ErrBadBackup
		}
		if uint64(cap(data)) < size {
			data = make([]byte, size)
		}
		data = data[:size]
		if _, err := io.ReadFull(br, data); err != nil {
			return badStream(err)
		}
		list.Reset()
		if err := proto.Unmarshal(data, &list); err != nil {
			return ErrBadBackup
		}
		buf.Reset()
		for _, kv := range list.Kv {
			if len(kv.Key) == 0 || kv.Version == 0 || kv.StreamId != 0 || kv.StreamDone ||
				(!first && bytes.Compare(kv.Key, last) <= 0) {
				return ErrBadBackup
			}
			first, last = false, append(last[:0], kv.Key...)
			badger.KVToBuffer(kv, buf)
		}
		if err := sw.Write(buf); err != nil {
			return err
		}
		if written += size; written >= 8<<20 {
			// Badger writes each table through a shared map of its file, whose pages stay
			// resident (resident.go): 45 MB at 100,000 resources, which need not be.
			v.maps.release()
			written = 0
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	v.maps.release()
	return nil
}

// badStream is ErrBadBackup for a stream that ended inside a list, else err (the payload's
// own error already says ErrBadBackup).
func badStream(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return ErrBadBackup
	}
	return err
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

// Version 1 reading.

// openerV1 reads and authenticates the chunks of a version 1 backup:
//
//	chunks: 4-byte big-endian length | XChaCha20-Poly1305(chunk)
//
// sealed with a key derived from the vault key (HKDF-SHA256, salt the 16-byte stream id,
// "carekeeper backup v1"); each chunk's nonce is the stream id and its index, and its
// associated data the header hash and a final flag. A stream must end with its final chunk,
// which may be empty (the data was a multiple of the chunk size, or empty).
type openerV1 struct {
	r interface {
		io.Reader
		io.ByteReader
	}
	aead interface {
		Open(dst, nonce, ciphertext, ad []byte) ([]byte, error)
	}
	id    []byte
	hdr   [32]byte
	n     uint64
	buf   []byte
	final bool
}

func newOpenerV1(r *bufio.Reader, vaultKey, id, hdr []byte) (*openerV1, error) {
	key, err := deriveKey(vaultKey, id, "carekeeper backup v1")
	if err != nil {
		return nil, err
	}
	defer wipe(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return &openerV1{r: r, aead: aead, id: id, hdr: sha256.Sum256(hdr)}, nil
}

func (o *openerV1) Read(p []byte) (int, error) {
	for len(o.buf) == 0 {
		if o.final {
			return 0, io.EOF
		}
		var l [4]byte
		if _, err := io.ReadFull(o.r, l[:]); err != nil {
			return 0, ErrBadBackup // ended before its final chunk
		}
		size := binary.BigEndian.Uint32(l[:])
		if size < chacha20poly1305.Overhead || size > backupChunk+chacha20poly1305.Overhead {
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
		opened := false
		for _, final := range []byte{0, 1} {
			pt, err := o.aead.Open(nil, nonce, ct, append(o.hdr[:], final))
			if err == nil {
				// An empty chunk is legitimate when it is the final one: the data was a
				// multiple of the chunk size. (Treating it as damage was the bug that made
				// such backups unrestorable.)
				if len(pt) == 0 && final == 0 {
					return 0, ErrBadBackup
				}
				o.buf, o.final, opened = pt, final == 1, true
				break
			}
		}
		if !opened {
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
