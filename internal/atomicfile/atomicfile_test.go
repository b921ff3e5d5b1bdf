package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func mode(t *testing.T, p string) fs.FileMode {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

// An existing 0644 file becomes 0600 when it is written again (the defect: summary,
// appointment export and the app's saves kept the old mode).
func TestWriteReplacesModeAndContent(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "summary.pdf")
	if err := os.WriteFile(p, []byte("old content, longer than the new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("content %q", got)
	}
	if m := mode(t, p); m != 0o600 {
		t.Errorf("mode %v, want 0600", m)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"summary.pdf"}) {
		t.Errorf("left behind: %v", got)
	}
}

func TestFailedWriteLeavesTargetAndNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.ics")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(p, func(w io.Writer) error {
		w.Write([]byte("half of it"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("target changed: %q", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"out.ics"}) {
		t.Errorf("left behind: %v", got)
	}
}

func TestCreateNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "vault.key")
	if err := CreateFile(p, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := CreateFile(p, []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second create: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "first" {
		t.Errorf("content %q", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"vault.key"}) {
		t.Errorf("left behind: %v", got)
	}
}

func TestWriteIntoMissingFolder(t *testing.T) {
	if err := WriteFile(filepath.Join(t.TempDir(), "no", "x"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v", err)
	}
}

func TestSyncDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no-op on Windows")
	}
	if err := SyncDir(t.TempDir()); err != nil {
		t.Errorf("SyncDir(existing) = %v", err)
	}
	if err := SyncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("SyncDir(missing) = nil")
	}
}

// RemoveStale takes what a dead writer left, never what a live writer is writing, and never
// a file that is not ours.
func TestRemoveStale(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows recognises leftovers by age only")
	}
	dir := t.TempDir()
	old := time.Now().Add(-2 * StaleAfter)
	mk := func(name string, content string, aged bool) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if aged {
			os.Chtimes(p, old, old)
		}
	}
	live, err := New(filepath.Join(dir, "export.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	live.Write([]byte("plaintext being written"))
	liveDir, err := NewDir(filepath.Join(dir, "vault"))
	if err != nil {
		t.Fatal(err)
	}
	defer liveDir.Abort()

	mk(".export.json"+marker+"123", "dead writer's plaintext", false)
	if err := os.Mkdir(filepath.Join(dir, ".vault"+marker+"9"), 0o700); err != nil {
		t.Fatal(err)
	}
	mk(".vault.key.tmp-1234", "old key-file rewrite", true)
	mk(".vault.key.tmp-5678", "recent: perhaps an old CareKeeper still writing", false)
	mk(".carekeeper-export-99", "old export", true)
	mk(".backup-42", "CKBACKUP old backup", true)
	mk(".backup-43", "someone else's file", true)
	mk(".restore-7", "a file, not a restore folder", true)
	if err := os.MkdirAll(filepath.Join(dir, ".restore-8"), 0o700); err != nil {
		t.Fatal(err)
	}
	mk(filepath.Join(".restore-8", "vault.key"), "key copy", false)
	os.Chtimes(filepath.Join(dir, ".restore-8"), old, old)
	mk("notes.txt", "the person's own file", true)
	mk(".notes.txt.tmp-1", "another program's temp file", true)

	n, err := RemoveStale(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".backup-43", ".export.json" + marker, ".notes.txt.tmp-1", ".restore-7", ".vault" + marker,
		".vault.key.tmp-5678", "notes.txt",
	}
	got := names(t, dir)
	// The live ones keep their random names; compare by prefix.
	var norm []string
	for _, g := range got {
		if i := strings.Index(g, marker); i >= 0 {
			g = g[:i+len(marker)]
		}
		norm = append(norm, g)
	}
	if !slices.Equal(norm, want) {
		t.Errorf("after RemoveStale:\n got %v\nwant %v", norm, want)
	}
	if n != 6 {
		t.Errorf("removed %d, want 6", n)
	}
	if err := live.Commit(); err != nil {
		t.Errorf("the live write failed after a cleanup: %v", err)
	}
}

func TestDirCommit(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "vault")
	fill := func() *Dir {
		d, err := NewDir(target)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d.Path, "vault.key"), []byte("k"), 0o600); err != nil {
			t.Fatal(err)
		}
		return d
	}
	// An empty folder is replaced.
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	d := fill()
	if err := d.Commit(target); err != nil {
		t.Fatal(err)
	}
	// A folder that holds anything is refused in plain words, and the temporary one goes.
	d = fill()
	err := d.Commit(target)
	d.Abort()
	if !errors.Is(err, ErrNotEmpty) || strings.Contains(err.Error(), "rename") {
		t.Errorf("commit over a full folder: %v", err)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"vault"}) {
		t.Errorf("left behind: %v", got)
	}
}

func TestRegistry(t *testing.T) {
	reg := filepath.Join(t.TempDir(), "tempdirs")
	SetRegistry(reg)
	defer SetRegistry("")
	out := t.TempDir()
	a, err := New(filepath.Join(out, "export.json"))
	if err != nil {
		t.Fatal(err)
	}
	a.Write([]byte("plaintext"))
	// A dead writer's leftover, as kill -9 leaves it: ours by name, nobody holds its lock.
	a.f.Close()
	a.closed = true
	if n := CleanRegistered(); n != 1 {
		t.Errorf("CleanRegistered removed %d, want 1", n)
	}
	if got := names(t, out); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
	if _, err := os.Stat(reg); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the registry should be forgotten when nothing is left: %v", err)
	}
}

// A writer killed with SIGKILL leaves its temporary file; the next RemoveStale takes it
// at once (the kernel released the lock), with no waiting on an age.
func TestKilledWriterLeftoverIsRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows recognises leftovers by age only")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_HELPER="+filepath.Join(dir, "export.json"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(stdout, buf); err != nil || string(buf) != "ready" {
		t.Fatalf("helper: %q %v", buf, err)
	}
	// While it is alive its file is not touched.
	if n, _ := RemoveStale(dir); n != 0 {
		t.Fatalf("removed a live writer's file")
	}
	cmd.Process.Kill()
	cmd.Wait()
	if len(names(t, dir)) != 1 {
		t.Fatalf("expected the killed writer's leftover, found %v", names(t, dir))
	}
	if n, err := RemoveStale(dir); n != 1 || err != nil {
		t.Fatalf("RemoveStale after the kill: %d, %v", n, err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("left behind: %v", got)
	}
}

func TestHelperWriter(t *testing.T) {
	p := os.Getenv("ATOMICFILE_HELPER")
	if p == "" {
		return
	}
	a, err := New(p)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	a.Write([]byte("plaintext"))
	fmt.Print("ready")
	time.Sleep(time.Minute) // killed long before
	os.Exit(1)
}
