//go:build !windows

package storage

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// wideModes lists what under dir others may read: files not 0600, folders not 0700.
func wideModes(t *testing.T, dir string) []string {
	t.Helper()
	var wide []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			rel, _ := filepath.Rel(dir, p)
			wide = append(wide, rel+" "+info.Mode().Perm().String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wide
}

// Every file of a vault is its owner's alone, whatever the umask the process started with:
// Badger creates its value logs, DISCARD, LOCK and tables with mode 0666, and some of them
// while the vault is open (a new value log, a flushed table, GC's rewrite).
func TestVaultFilesPrivate(t *testing.T) {
	old := unix.Umask(0o022) // the usual umask: Badger's files came out 0644
	t.Cleanup(func() { unix.Umask(old) })
	dir := filepath.Join(t.TempDir(), "vault")
	if _, err := Init(dir, []byte(testPass), Options{}); err != nil {
		t.Fatal(err)
	}
	if wide := wideModes(t, dir); len(wide) > 0 {
		t.Errorf("after init, readable by others: %v", wide)
	}
	unix.Umask(0o022)
	v, err := Open(dir, []byte(testPass), Options{MemTableSize: 2 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Large records go to the value log, many fill memtables into tables; then replace
	// them all so the value-log GC has something to rewrite.
	for round := range 2 {
		b := baseBatch(600)
		b.Now = b.Now.Add(time.Duration(round) * time.Hour)
		for i := range b.Records {
			if i%10 == 0 {
				b.Records[i].Resource = randomResource("Observation", b.Records[i].ID.ID, 100<<10)
			} else {
				b.Records[i].Resource = randomResource("Observation", b.Records[i].ID.ID, 1500)
			}
		}
		if _, err := v.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.db.Flatten(1); err != nil {
		t.Fatal(err)
	}
	if err := v.CollectGarbage(); err != nil {
		t.Fatal(err)
	}
	if wide := wideModes(t, dir); len(wide) > 0 {
		t.Errorf("open after an import and GC, readable by others: %v", wide)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if wide := wideModes(t, dir); len(wide) > 0 {
		t.Errorf("closed, readable by others: %v", wide)
	}
	var tables, vlogs int
	m, _ := filepath.Glob(filepath.Join(dir, dbDirName, "*.sst"))
	tables = len(m)
	m, _ = filepath.Glob(filepath.Join(dir, dbDirName, "*.vlog"))
	vlogs = len(m)
	if tables == 0 || vlogs == 0 {
		t.Fatalf("the test wrote %d tables and %d value logs: it checks nothing", tables, vlogs)
	}

	// A vault an earlier build left readable is narrowed when it is opened.
	for _, name := range []string{dbDirName, filepath.Join(dbDirName, "MANIFEST"), filepath.Join(dbDirName, "DISCARD")} {
		mode := fs.FileMode(0o644)
		if name == dbDirName {
			mode = 0o755
		}
		if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	v, err = Open(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if wide := wideModes(t, dir); len(wide) > 0 {
		t.Errorf("an old vault reopened, readable by others: %v", wide)
	}
}
