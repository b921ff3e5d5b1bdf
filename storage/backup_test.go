package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"golang.org/x/crypto/chacha20poly1305"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"carekeeper/internal/secret"
)

func backupOf(t *testing.T, v *Vault) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := v.backup(context.Background(), &buf, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	if err := v.UpdateState(ctx, StateOp{Key: "remind/settings", Value: []byte("private")}); err != nil {
		t.Fatal(err)
	}
	// Enough data for many chunks.
	big := &Batch{Now: t0}
	for i := 0; i < 300; i++ {
		id := ID{"local", "Observation", "obs-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26))}
		big.Records = append(big.Records, Record{Profile: "alice", ID: id, Resource: resource("Observation", id.ID, `,"note":[{"text":"`+strings.Repeat("n", 900)+`"}]`)})
	}
	write(t, v, big)
	data := backupOf(t, v)
	if bytes.Contains(data, []byte("General")) || bytes.Contains(data, []byte("hb-2020")) || bytes.Contains(data, []byte("private")) {
		t.Fatal("the backup holds plaintext")
	}
	want := dumpRecords(t, v, Query{})

	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, dir, bytes.NewReader(data), []byte(testPass), "", Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := dumpRecords(t, r, Query{}); !reflect.DeepEqual(got, want) {
		t.Errorf("restored records differ: %d vs %d", len(got), len(want))
	}
	if got, _ := r.GetState("remind/settings"); string(got) != "private" {
		t.Errorf("state: %q", got)
	}
	checkConsistency(t, r)

	// A second restore into the same place is refused.
	if err := Restore(ctx, dir, bytes.NewReader(data), []byte(testPass), "", Options{}); !errors.Is(err, ErrExists) {
		t.Errorf("restore over a vault: %v", err)
	}
}

func TestRestoreRefusesDamage(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	data := backupOf(t, v)
	flip := func(i int) []byte {
		d := append([]byte(nil), data...)
		d[i] ^= 1
		return d
	}
	cases := []struct {
		name string
		data []byte
		pass string
		want error
	}{
		{"wrong passphrase", data, "wrong", secret.ErrWrongPassphrase},
		{"truncated", data[:len(data)-10], testPass, ErrBadBackup},
		{"last chunk dropped", data[:len(data)/2], testPass, ErrBadBackup},
		{"flipped byte at the end", flip(len(data) - 5), testPass, ErrBadBackup},
		{"flipped sealed identity", flip(headerLen(t, data) - 5), testPass, ErrBadBackup},
		{"flipped age header", flip(headerLen(t, data) + 30), testPass, ErrBadBackup},
		{"trailing data", append(append([]byte(nil), data...), 0), testPass, ErrBadBackup},
		{"not a backup", []byte("hello world, not a backup"), testPass, ErrBadBackup},
		{"empty", nil, testPass, ErrBadBackup},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "vault")
			err := Restore(ctx, dir, bytes.NewReader(c.data), []byte(c.pass), "", Options{})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("a failed restore left %d entries behind", len(entries))
			}
		})
	}
}

func TestRestoreWithRecoveryCode(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	data := backupOf(t, v)
	_, _ = keyTemplate(t)
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, dir, bytes.NewReader(data), nil, tmpl.code, Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := OpenWithRecoveryCode(dir, tmpl.code, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := countRecords(t, r, Query{}); n != len(sample().Records) {
		t.Errorf("restored %d records", n)
	}
}

// headerLen is the length of a version 2 backup's own header (what precedes the age file).
func headerLen(t *testing.T, data []byte) int {
	t.Helper()
	i := bytes.Index(data, []byte("age-encryption.org/v1\n"))
	if i < 0 {
		t.Fatal("no age header in the backup")
	}
	return i
}

// writeBackupV1 is the version 1 writer exactly as it shipped (including the empty final
// chunk it writes when the data is a multiple of the chunk size), kept to test the reader.
func writeBackupV1(w io.Writer, keyFile, vaultKey, data []byte) error {
	id := make([]byte, 16)
	rand.Read(id)
	hdr := append(append([]byte(nil), backupMagicV1...), binary.AppendUvarint(nil, uint64(len(keyFile)))...)
	hdr = append(append(hdr, keyFile...), id...)
	key, err := deriveKey(vaultKey, id, "carekeeper backup v1")
	if err != nil {
		return err
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return err
	}
	w.Write(hdr)
	hh := sha256.Sum256(hdr)
	var n uint64
	flush := func(buf []byte, final bool) {
		ad := append(hh[:], 0)
		if final {
			ad[len(ad)-1] = 1
		}
		nonce := make([]byte, chacha20poly1305.NonceSizeX)
		copy(nonce, id)
		binary.BigEndian.PutUint64(nonce[16:], n)
		n++
		out := aead.Seal(nil, nonce, buf, ad)
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(out)))
		w.Write(l[:])
		w.Write(out)
	}
	for len(data) >= backupChunk {
		flush(data[:backupChunk], false)
		data = data[backupChunk:]
	}
	flush(data, true)
	return nil
}

// Every size around every chunk boundary reads back exactly, in both formats. Version 1
// rejected a backup whose data was a multiple of 64 KiB (its empty final chunk was taken for
// damage), although backup had reported success.
func TestBackupStreamSizes(t *testing.T) {
	keyFile, vaultKey := keyTemplate(t)
	var sizes []int
	for k := 0; k <= 3; k++ {
		for _, d := range []int{-1, 0, 1} {
			if s := k*backupChunk + d; s >= 0 {
				sizes = append(sizes, s)
			}
		}
	}
	sizes = append(sizes, 2, 1000)
	unlock := func(kf []byte) ([]byte, error) {
		if !bytes.Equal(kf, keyFile) {
			t.Fatal("key file differs")
		}
		return append([]byte(nil), vaultKey...), nil
	}
	formats := []struct {
		name  string
		write func(w io.Writer, data []byte) error
	}{
		{"v1", func(w io.Writer, data []byte) error { return writeBackupV1(w, keyFile, vaultKey, data) }},
		{"v2", func(w io.Writer, data []byte) error {
			_, err := writeBackup(context.Background(), w, keyFile, vaultKey, func(w io.Writer) error {
				// In odd pieces, so that chunk boundaries fall inside writes.
				for rest := data; len(rest) > 0; {
					n := min(len(rest), 777)
					if _, err := w.Write(rest[:n]); err != nil {
						return err
					}
					rest = rest[n:]
				}
				return nil
			})
			return err
		}},
	}
	for _, f := range formats {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%d", f.name, size), func(t *testing.T) {
				data := make([]byte, size)
				rand.Read(data)
				var buf bytes.Buffer
				if err := f.write(&buf, data); err != nil {
					t.Fatal(err)
				}
				_, p, err := readBackup(bytes.NewReader(buf.Bytes()), unlock)
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(p)
				if err != nil {
					t.Fatalf("reading %d bytes back: %v", size, err)
				}
				if !bytes.Equal(got, data) {
					t.Fatalf("read back %d bytes, want %d", len(got), size)
				}
				// Cut anywhere, it is refused.
				for _, cut := range []int{buf.Len() - 1, buf.Len() - 17, buf.Len() / 2} {
					_, p, err := readBackup(bytes.NewReader(buf.Bytes()[:cut]), unlock)
					if err == nil {
						_, err = io.ReadAll(p)
					}
					if !errors.Is(err, ErrBadBackup) {
						t.Errorf("cut at %d of %d: %v", cut, buf.Len(), err)
					}
				}
			})
		}
	}
}

// backupStreamSize is how many bytes Badger's backup stream of v has.
func backupStreamSize(t *testing.T, v *Vault) int {
	t.Helper()
	var c countWriter
	if _, err := v.db.Backup(&c, 0); err != nil {
		t.Fatal(err)
	}
	return int(c)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// The defect end to end: a vault whose backup stream is an exact multiple of the chunk size
// backs up and restores.
func TestBackupOfExactChunkMultipleRestores(t *testing.T) {
	ctx := context.Background()
	target := 2 * backupChunk
	pad := 1000
	var v *Vault
	for i := 0; ; i++ {
		// A fresh vault each time: a second version of the padding would be in the stream too.
		v = newTestVault(t, Options{})
		write(t, v, sample())
		if err := v.UpdateState(ctx, StateOp{Key: "pad", Value: bytes.Repeat([]byte("p"), pad)}); err != nil {
			t.Fatal(err)
		}
		n := backupStreamSize(t, v)
		if n == target {
			break
		}
		if i == 10 {
			t.Fatalf("could not size the stream to %d (at %d)", target, n)
		}
		pad += target - n
		v.Close()
	}
	path := filepath.Join(t.TempDir(), "b.ckb")
	if err := v.BackupFile(ctx, path, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(ctx, dir, f, []byte(testPass), "", Options{}); err != nil {
		t.Fatalf("restoring a backup of %d bytes: %v", target, err)
	}
}

// Backups made by earlier CareKeepers (version 1) still restore.
func TestRestoreVersion1Backup(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "backup-v1.ckb"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(context.Background(), dir, f, []byte(testPass), "", Options{}); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := countRecords(t, r, Query{}); n != len(sample().Records) {
		t.Errorf("restored %d records, want %d", n, len(sample().Records))
	}
	checkConsistency(t, r)
}

// A chunk spliced in from another backup of the same vault, or a byte changed in the middle,
// says the backup is damaged, in those words (not Badger's "proto: cannot parse ...").
func TestRestoreSplicedChunk(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	big := &Batch{Now: t0}
	for i := 0; i < 400; i++ {
		id := ID{"local", "Observation", fmt.Sprintf("obs-%03d", i)}
		// Random notes do not compress: the stream spans several chunks.
		note := make([]byte, 600)
		rand.Read(note)
		big.Records = append(big.Records, Record{Profile: "alice", ID: id, Resource: resource("Observation", id.ID, fmt.Sprintf(`,"note":[{"text":"%x"}]`, note))})
	}
	write(t, v, big)
	a, b := backupOf(t, v), backupOf(t, v)
	if len(a) < 4*backupChunk {
		t.Fatalf("backup of %d bytes: too small to splice", len(a))
	}
	ha, hb := headerLen(t, a), headerLen(t, b)
	const chunkCT = backupChunk + 16
	// The age payload starts after its header ("---" line) and a 16-byte nonce.
	pa := bytes.Index(a[ha:], []byte("\n---")) + ha
	pa += bytes.IndexByte(a[pa+1:], '\n') + 2 + 16
	pb := bytes.Index(b[hb:], []byte("\n---")) + hb
	pb += bytes.IndexByte(b[pb+1:], '\n') + 2 + 16
	spliced := append([]byte(nil), a...)
	copy(spliced[pa+chunkCT:pa+2*chunkCT], b[pb+chunkCT:pb+2*chunkCT])
	swapped := append([]byte(nil), a...)
	copy(swapped[pa:pa+chunkCT], a[pa+chunkCT:pa+2*chunkCT])
	copy(swapped[pa+chunkCT:pa+2*chunkCT], a[pa:pa+chunkCT])
	middle := append([]byte(nil), a...)
	middle[pa+2*chunkCT+100] ^= 0x40
	for name, data := range map[string][]byte{"spliced": spliced, "swapped": swapped, "flipped": middle} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			err := Restore(ctx, filepath.Join(parent, "vault"), bytes.NewReader(data), []byte(testPass), "", Options{})
			if !errors.Is(err, ErrBadBackup) || strings.Contains(err.Error(), "proto") {
				t.Fatalf("got %v", err)
			}
			if !strings.Contains(err.Error(), "damaged") {
				t.Errorf("message %q does not say the backup is damaged", err)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("a failed restore left %d entries behind", len(entries))
			}
		})
	}
}

// Restoring into a folder that holds anything is refused in plain words, before any work,
// and leaves the folder as it was.
func TestRestoreIntoNonEmptyFolder(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	data := backupOf(t, v)
	parent := t.TempDir()
	dir := filepath.Join(parent, "vault")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Restore(ctx, dir, bytes.NewReader(data), []byte(testPass), "", Options{})
	if !errors.Is(err, ErrNotEmpty) || strings.Contains(err.Error(), "rename") || strings.Contains(err.Error(), "file exists") {
		t.Fatalf("got %v", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("the parent holds %d entries, want only the folder", len(entries))
	}
	// An empty folder is fine.
	empty := filepath.Join(parent, "empty")
	os.Mkdir(empty, 0o700)
	if err := Restore(ctx, empty, bytes.NewReader(data), []byte(testPass), "", Options{}); err != nil {
		t.Fatal(err)
	}
}

// BackupFile writes 0600 atomically and reads back what it wrote: a backup whose bytes change
// between writing and the check is not saved.
func TestBackupFileVerifies(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	write(t, v, sample())
	dir := t.TempDir()
	path := filepath.Join(dir, "b.ckb")
	if err := os.WriteFile(path, []byte("an older backup"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := v.BackupFile(ctx, path, []byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %d entries", len(entries))
	}
	good, _ := os.ReadFile(path)

	// The check itself: a copy damaged on disk fails it.
	bad := filepath.Join(dir, "bad")
	damaged := append([]byte(nil), good...)
	damaged[len(damaged)-20] ^= 1
	os.WriteFile(bad, damaged, 0o600)
	h := sha256.New()
	_, p, err := readBackup(bytes.NewReader(good), func([]byte) ([]byte, error) { return UnwrapKey(v.dir, []byte(testPass)) })
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(h, p)
	if err := verifyBackupFile(bad, v.dir, []byte(testPass), h.Sum(nil)); !errors.Is(err, errVerify) {
		t.Errorf("a damaged file passed the check: %v", err)
	}
	if err := verifyBackupFile(path, v.dir, []byte(testPass), h.Sum(nil)); err != nil {
		t.Errorf("the good file failed the check: %v", err)
	}
}
