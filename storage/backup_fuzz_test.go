package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadBackup feeds the backup reader (every version's header, the sealed identity, age's
// header and stream, version 3's zstd stream, the v1 chunks) arbitrary bytes: it never panics
// or hangs, and whatever is not a whole, authentic backup is ErrBadBackup (or the unlock's own
// error).
func FuzzReadBackup(f *testing.F) {
	keyFile, vaultKey := keyTemplate(f)
	var v2 bytes.Buffer
	if _, err := writeBackup(context.Background(), &v2, keyFile, vaultKey, func(w io.Writer) error {
		_, err := w.Write(bytes.Repeat([]byte("stream "), 20000))
		return err
	}); err != nil {
		f.Fatal(err)
	}
	f.Add(v2.Bytes()) // version 3 now: compressed
	var old bytes.Buffer
	if _, err := writeBackupVersion(context.Background(), &old, 2, keyFile, vaultKey, func(w io.Writer) error {
		_, err := w.Write(bytes.Repeat([]byte("stream "), 2000))
		return err
	}); err != nil {
		f.Fatal(err)
	}
	f.Add(old.Bytes())
	var v1 bytes.Buffer
	if err := writeBackupV1(&v1, keyFile, vaultKey, bytes.Repeat([]byte("x"), backupChunk)); err != nil {
		f.Fatal(err)
	}
	f.Add(v1.Bytes())
	if old, err := os.ReadFile(filepath.Join("testdata", "backup-v1.ckb")); err == nil {
		f.Add(old)
	}
	f.Add([]byte("CKBACKUP\x00\x02\x01x\x00"))
	errWrongKeyFile := errors.New("another key file")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, p, err := readBackup(bytes.NewReader(data), func(kf []byte) ([]byte, error) {
			if !bytes.Equal(kf, keyFile) {
				return nil, errWrongKeyFile
			}
			return append([]byte(nil), vaultKey...), nil
		})
		if err != nil {
			if !errors.Is(err, ErrBadBackup) && !errors.Is(err, errWrongKeyFile) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, err := io.Copy(io.Discard, p); err != nil && !errors.Is(err, ErrBadBackup) {
			t.Fatalf("reading the payload: %v", err)
		}
	})
}
