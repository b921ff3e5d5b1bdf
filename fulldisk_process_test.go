//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
)

// fill fills the disk holding dir with a file, then frees leave bytes of it.
func fill(t *testing.T, dir string, leave int64) (free func()) {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	// The last, partial megabyte in pages.
	for {
		if _, err := f.Write(buf[:4096]); err != nil {
			break
		}
	}
	end, _ := f.Seek(0, io.SeekEnd)
	if err := f.Truncate(max(0, end-leave)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return func() { os.Remove(p) }
}

func diskFree(t *testing.T, dir string) int64 {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

const diskFullLine = "the disk holding the vault is full: free some space; nothing was lost"

// A full disk crashed every command with SIGBUS and a stack trace, even `records` and
// `profile list` (Badger writes through mapped, sparse files). Now: reading commands work on a
// full disk; writing ones say so in one line, exit 1, and change nothing; once space is freed
// the vault opens and takes writes.
func TestProcessFullDisk(t *testing.T) {
	disk := testutil.MountTmpfs(t, "192m")
	dir := filepath.Join(disk, "vault")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	src, _ := newVault(t)
	testutil.CopyFile(t, storage.KeyFilePath(src), storage.KeyFilePath(dir))
	env := childEnv(dir)
	fletcher := testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")
	run(t, env, "import", fletcher).ok(t)
	other := testutil.Fixture(t, "synthea/Wendell_Lesch_*.json")

	for _, c := range []struct {
		name  string
		leave int64
	}{
		{"no byte free", 0},
		{"one page free", 4096},
		{"1 MiB free", 1 << 20},
		// Under the reserve of the smallest open for writing (a brief command's: 98 MiB, storage/space.go).
		{"under the reserve", 90 << 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			free := fill(t, disk, c.leave)
			defer free()
			t.Logf("%d bytes free", diskFree(t, disk))
			if out := run(t, env, "profile", "list").ok(t).stdout; !strings.Contains(out, "Fletcher") {
				t.Errorf("profile list: %q", out)
			}
			if out := run(t, env, "records", "--type", "Patient", "--json").ok(t).stdout; !strings.Contains(out, "Fletcher") {
				t.Errorf("records: %q", out)
			}
			for _, args := range [][]string{{"profile", "add", "--name", "Bea"}, {"import", other}} {
				p := run(t, env, args...)
				p.failsOneLine(t, diskFullLine)
				if strings.Contains(p.stderr, "SIGBUS") || strings.Contains(p.stderr, "goroutine") {
					t.Errorf("%v crashed: %q", args, p.stderr)
				}
			}
			if n := len(profiles(t, dir)); n != 1 {
				t.Errorf("%d profiles after refused writes, want 1", n)
			}
		})
	}

	// Just above the reserve: an import either fits or is refused in one line; never a crash.
	func() {
		free := fill(t, disk, 140<<20)
		defer free()
		p := run(t, env, "import", other)
		if p.code != 0 {
			p.failsOneLine(t, diskFullLine)
		}
		if strings.Contains(p.stderr, "SIGBUS") || strings.Contains(p.stderr, "goroutine") {
			t.Errorf("import crashed: %q", p.stderr)
		}
		run(t, env, "profile", "list").ok(t)
	}()

	// Space freed: the vault opens and takes writes.
	run(t, env, "profile", "add", "--name", "Bea").ok(t)
	run(t, env, "import", other).ok(t)
	if n := len(profiles(t, dir)); n != 3 {
		t.Errorf("%d profiles after freeing space, want 3", n)
	}
}

// A long import (the Synthea bundles, one process) into a vault whose disk fills as it goes:
// the disk has room to open the vault for writing and little more, the import's own writes
// fill it. Each file is written whole or not at all: a refused file says the one line, the
// process exits 1, never a crash (Badger's logs and tables get their space when created:
// ENOSPC, not SIGBUS); once space is freed the vault opens and holds exactly the records of
// the files the import reported added.
func TestProcessImportFillsTheDisk(t *testing.T) {
	disk := testutil.MountTmpfs(t, "256m")
	dir := filepath.Join(disk, "vault")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	src, _ := newVault(t)
	testutil.CopyFile(t, storage.KeyFilePath(src), storage.KeyFilePath(dir))
	env := childEnv(dir)
	// 30 bundles of 1,000 observations with 1 KiB of notes that do not compress: ~40 MB to
	// store, where the disk has room for ~16 MB after the open.
	var files []string
	in := t.TempDir()
	rnd := rand.New(rand.NewPCG(1, 2))
	for f := 0; f < 30; f++ {
		var b strings.Builder
		fmt.Fprintf(&b, `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:p%d","resource":{"resourceType":"Patient","id":"p%d","name":[{"family":"Fill","given":["P%d"]}],"birthDate":"1950-01-01"}}`, f, f, f)
		for i := 0; i < 1000; i++ {
			note := make([]byte, 512)
			for j := range note {
				note[j] = byte(rnd.Uint32())
			}
			fmt.Fprintf(&b, `,{"fullUrl":"urn:uuid:o%d-%d","resource":{"resourceType":"Observation","id":"o%d-%d","status":"final","code":{"text":"Reading"},"subject":{"reference":"urn:uuid:p%d"},"effectiveDateTime":"2024-01-01","note":[{"text":"%x"}]}}`, f, i, f, i, f, note)
		}
		b.WriteString("]}")
		name := filepath.Join(in, fmt.Sprintf("fill-%02d.json", f))
		if err := os.WriteFile(name, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	free := fill(t, disk, 144<<20) // the open's 128 MiB and 16 MiB more
	p := run(t, env, append([]string{"import", "--json"}, files...)...)
	if strings.Contains(p.stderr, "SIGBUS") || strings.Contains(p.stderr, "goroutine") || p.code > 1 {
		t.Fatalf("the import crashed (exit %d): %.2000s", p.code, p.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(p.stderr, "\n"), "\n")
	if p.code != 1 || p.stderr == "" {
		t.Fatalf("exit %d, stderr %q: the disk never filled (the test imports too little)", p.code, p.stderr)
	}
	for _, l := range lines {
		if !strings.Contains(l, diskFullLine) {
			t.Errorf("a refused file's line: %q, want %q", l, diskFullLine)
		}
		// One line per refused file, naming it; the vault's close on the full disk is not a
		// second message (F36, vcli25: "carekeeper import: the disk holding the vault is full…"
		// followed the file's own line).
		if !strings.Contains(l, "fill-") {
			t.Errorf("a line naming no file: %q", l)
		}
	}
	added := 0
	for _, l := range strings.Split(strings.TrimSpace(p.stdout), "\n") {
		if l == "" {
			continue
		}
		var s struct{ Added map[string]int }
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("import --json line %q: %v", l, err)
		}
		for _, n := range s.Added {
			added += n
		}
	}
	if added == 0 {
		t.Error("no file fitted before the disk was full: the open's room was not tested")
	}
	t.Logf("%d files refused, %d records added", len(lines), added)

	free()
	var recs []json.RawMessage
	if err := json.Unmarshal([]byte(run(t, env, "records", "--json").ok(t).stdout), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != added {
		t.Errorf("after the full disk the vault holds %d records, the import reported %d added", len(recs), added)
	}
	run(t, env, "import", files[0]).ok(t) // and takes writes again
}

// The disk filling to its last byte while one large file is written (by another program:
// the vault's reserve is gone too) refuses the file in one line naming it, exits 1 and leaves
// the vault as it was. The vault's close on that full disk failed as well and printed a second
// line naming no file (F36, vcli25).
func TestProcessDiskFillsDuringALargeImport(t *testing.T) {
	disk := testutil.MountTmpfs(t, "400m")
	dir := filepath.Join(disk, "vault")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	src, _ := newVault(t)
	testutil.CopyFile(t, storage.KeyFilePath(src), storage.KeyFilePath(dir))
	env := childEnv(dir)
	small := filepath.Join(t.TempDir(), "small.json")
	if err := os.WriteFile(small, []byte(`{"resourceType":"Patient","id":"s1","name":[{"family":"Small","given":["Sam"]}],"birthDate":"1950-01-01"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, env, "import", small).ok(t)
	// One NDJSON file of 60,000 observations with 1 KiB of notes that do not compress: read
	// line by line and written in parts, ~70 MB to store.
	big := filepath.Join(t.TempDir(), "big.ndjson")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	note := make([]byte, 512)
	fmt.Fprintf(f, `{"resourceType":"Patient","id":"b1","name":[{"family":"Big","given":["Bo"]}],"birthDate":"1950-01-01"}`+"\n")
	for i := 0; i < 60000; i++ {
		for j := range note {
			note[j] = byte(rnd.Uint32())
		}
		fmt.Fprintf(f, `{"resourceType":"Observation","id":"o%d","status":"final","code":{"text":"Reading"},"subject":{"reference":"Patient/b1"},"effectiveDateTime":"2024-01-01","note":[{"text":"%x"}]}`+"\n", i, note)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary(t), "import", big)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Fill the disk once the import's first memtable is full (a second one is made while the
	// first is written into a table): its parts are being written.
	var werr error
	filled, free := false, func() {}
	defer func() { free() }()
wait:
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); {
		select {
		case werr = <-done:
			break wait
		case <-time.After(20 * time.Millisecond):
		}
		if !filled && memtables(t, filepath.Join(dir, "db")) >= 2 {
			free = fill(t, disk, 0)
			filled = true
		}
	}
	if !filled {
		t.Fatalf("the import ended (%v) before its first memtable was full: the disk never filled; stderr %q", werr, errb.String())
	}
	if werr == nil {
		werr = <-done
	}
	code := 0
	if ee, ok := werr.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	stderr := errb.String()
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "big.ndjson: "+diskFullLine) {
		t.Errorf("exit %d, stderr %q: want exit 1 and one line %q", code, stderr, "carekeeper import: big.ndjson: "+diskFullLine)
	}
	// Nothing of the file is kept.
	free()
	free = func() {}
	var recs []json.RawMessage
	if err := json.Unmarshal([]byte(run(t, env, "records", "--json").ok(t).stdout), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Errorf("after the refused file the vault holds %d records, want the 1 it had", len(recs))
	}
}

// memtables counts Badger's memtable files in db.
func memtables(t *testing.T, db string) int {
	t.Helper()
	es, err := os.ReadDir(db)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".mem") {
			n++
		}
	}
	return n
}

// The visit summary's PDF and FHIR file are written both or neither: on a disk with room for
// the PDF alone the command said it failed and left the plaintext PDF behind (F77, vcli26).
func TestProcessSummaryBothOrNeither(t *testing.T) {
	dir, _ := newVault(t)
	env := childEnv(dir)
	run(t, env, "import", testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")).ok(t)
	id := profiles(t, dir)[0]["id"]
	args := func(out string) []string {
		return []string{"summary", "--profile", id, "--from", "2000-01-01", "--to", "2026-12-01",
			"--out", filepath.Join(out, "s.pdf"), "--fhir", filepath.Join(out, "s.json")}
	}
	whole := t.TempDir()
	run(t, env, args(whole)...).ok(t)
	size := func(name string) int64 {
		st, err := os.Stat(filepath.Join(whole, name))
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	pdf, fhir := size("s.pdf"), size("s.json")
	// Room for the PDF and a quarter of the FHIR file, in pages: the three quarters left out
	// must be more than the 8k of slack (the PDF embeds its font since F100, ~43 KB, and is no
	// longer a fraction of the FHIR file).
	if fhir < 32<<10 {
		t.Fatalf("the FHIR file (%d bytes) is too small for the PDF (%d) to fit where both do not: the test needs a disk with room for the PDF alone", fhir, pdf)
	}
	disk := testutil.MountTmpfs(t, fmt.Sprintf("%dk", (pdf+fhir/4)/1024+8))
	p := run(t, env, args(disk)...)
	p.failsOneLine(t, "is full")
	left, err := os.ReadDir(disk)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left on the disk after the summary failed: %s", e.Name())
	}
}
