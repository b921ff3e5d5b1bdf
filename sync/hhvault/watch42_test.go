package hhvault

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// F558: a caregiver's computer (b) is locked — its vault closed, its key forgotten — while Dad's
// laptop (a) records his dose. The Watch b made before locking reads the answer from the
// household's transport, once; it writes nothing there nor in b's vault, so b's exchange
// after the unlock still takes and applies the same answer.
func TestWatchReadsAnswersWhileTheVaultIsLocked(t *testing.T) {
	t.Run("folder", func(t *testing.T) {
		dir := t.TempDir()
		watchWhileLocked(t, Config{Folder: dir}, dir)
	})
	t.Run("webdav-apache", func(t *testing.T) {
		w := engines.StartApache(t)
		watchWhileLocked(t, Config{WebDAV: w.URL, WebDAVUser: w.User, WebDAVPassword: w.Password}, "")
	})
}

// folderFiles lists a folder's files with their sizes and times (what a write would change).
func folderFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, p+" "+info.ModTime().String()+" "+strconv.FormatInt(info.Size(), 10))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// lockedWatch is F558's household: Dad's laptop (a, ha) makes Dad and both devices exchange;
// the caregiver's computer then makes its Watch (w) and locks, its vault closed. dir and state
// are its vault's folder and household state as it locked.
type lockedWatch struct {
	a     *storage.Vault
	ha    *household.Household
	dad   string
	w     *Watch
	dir   string
	state []byte
}

func newLockedWatch(t *testing.T, cfg Config) *lockedWatch {
	t.Helper()
	ctx := context.Background()
	a, b, ha, hb := pairVaults(t, cfg)
	p, err := a.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := Exchange(ctx, a, ha, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := Exchange(ctx, b, hb, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	l := &lockedWatch{a: a, ha: ha, dad: p.ID, dir: b.Dir()}
	if l.w, err = NewWatch(ctx, b, nil); err != nil {
		t.Fatal(err)
	}
	if l.state, err = b.LoadState(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil { // b locks
		t.Fatal(err)
	}
	return l
}

// send writes the batch on Dad's laptop and sends it to the household.
func (l *lockedWatch) send(t *testing.T, b *storage.Batch) {
	t.Helper()
	ctx := context.Background()
	if _, err := l.a.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, l.a, l.ha, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func watchWhileLocked(t *testing.T, cfg Config, folder string) {
	ctx := context.Background()
	l := newLockedWatch(t, cfg)
	w, dir, state := l.w, l.dir, l.state
	if got, err := w.Answers(ctx, time.Now()); err != nil || len(got) != 0 {
		t.Fatalf("before any answer: %v, %v", got, err)
	}
	rec := doseRecord(t, l.dad, 1)
	l.send(t, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}, Durable: true})
	var before []string
	if folder != "" {
		before = folderFiles(t, folder)
	}
	got, err := w.Answers(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := storage.RecordKey(rec.ID)
	if len(got) != 1 || got[0].Kind != storage.KindDose || got[0].Key != key || got[0].Profile != l.dad || !bytes.Contains(got[0].Value, []byte("Metformin")) {
		t.Fatalf("answers read while locked: %+v, want the dose %s", got, key)
	}
	if folder != "" && !slices.Equal(before, folderFiles(t, folder)) {
		t.Fatalf("the locked computer wrote in the household's folder")
	}
	if again, err := w.Answers(ctx, time.Now()); err != nil || len(again) != 0 {
		t.Fatalf("read twice: %v, %v", again, err)
	}
	// Unlocked: the vault's state is the one it locked with, and its exchange applies the answer.
	b2, err := storage.Open(dir, []byte(testvault.Passphrase), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b2.Close() })
	if st, err := b2.LoadState(ctx); err != nil || !bytes.Equal(st, state) {
		t.Fatalf("the household's state in the vault changed while locked (%v)", err)
	}
	if _, err := b2.Get(rec.ID); err == nil {
		t.Fatalf("the answer is in the vault before its exchange")
	}
	hb2, _, err := Open(ctx, b2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, b2, hb2, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := b2.Get(rec.ID); err != nil {
		t.Fatalf("after the unlock's exchange: %v", err)
	}
}

// Outside a household there is nothing to watch.
func TestWatchNoHousehold(t *testing.T) {
	if _, err := NewWatch(context.Background(), openVault(t), os.Getenv); err != ErrNoTransport {
		t.Fatalf("NewWatch outside a household: %v", err)
	}
}
