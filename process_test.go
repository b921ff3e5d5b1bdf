package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// Tests of the real binary as separate processes: exit codes and stderr, a second process on a
// held vault, kill -9 during an import, plaintext on disk, and the export round trip.

var bin struct {
	dir  string // temporary directory of the test binary's helpers
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "carekeeper-process-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin.dir = dir
	stop := testutil.WatchForHangs(testutil.HangLimit, 30*time.Second)
	code := m.Run()
	stop()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binary builds the carekeeper binary once per test run (only the tests that need it pay).
func binary(t testing.TB) string {
	t.Helper()
	bin.once.Do(func() {
		bin.path = filepath.Join(bin.dir, "carekeeper")
		if runtime.GOOS == "windows" {
			bin.path += ".exe"
		}
		out, err := exec.Command(goTool(), "build", "-o", bin.path, ".").CombinedOutput()
		if err != nil {
			bin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if bin.err != nil {
		t.Fatal(bin.err)
	}
	return bin.path
}

const procPass = "process test passphrase"

type proc struct {
	code           int
	stdout, stderr string
}

// childEnv is a clean environment for the binary: the inherited PATH, HOME and locale, no
// inherited CAREKEEPER_* variables. Later entries of extra override earlier ones.
func childEnv(dir string, extra ...string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + os.TempDir()}
	for _, k := range []string{"LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	env = append(env, "CAREKEEPER_DATA="+dir, "CAREKEEPER_PASSPHRASE="+procPass)
	return append(env, extra...)
}

func run(t testing.TB, env []string, args ...string) proc {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return proc{code, out.String(), errb.String()}
}

func (p proc) ok(t *testing.T) proc {
	t.Helper()
	if p.code != 0 || p.stderr != "" {
		t.Fatalf("exit %d, stderr %q", p.code, p.stderr)
	}
	return p
}

func (p proc) failsOneLine(t *testing.T, want string) {
	t.Helper()
	if p.code != 1 {
		t.Errorf("exit %d, want 1", p.code)
	}
	if strings.Count(p.stderr, "\n") != 1 || !strings.HasSuffix(p.stderr, "\n") || !strings.Contains(p.stderr, want) {
		t.Errorf("stderr %q: want one line containing %q", p.stderr, want)
	}
}

var keyTmpl struct {
	once      sync.Once
	file, key []byte
	err       error
}

// newVault returns a vault directory holding a key file made by `carekeeper init` (once per
// test run); the database is created by the first command. key is the unwrapped vault key for
// in-process checks.
func newVault(t testing.TB) (dir string, key []byte) {
	t.Helper()
	keyTmpl.once.Do(func() {
		d := filepath.Join(bin.dir, "template")
		p := run(t, childEnv(d), "init", "--json")
		if p.code != 0 {
			keyTmpl.err = fmt.Errorf("init: exit %d %s", p.code, p.stderr)
			return
		}
		if keyTmpl.key, keyTmpl.err = storage.UnwrapKey(d, []byte(procPass)); keyTmpl.err == nil {
			keyTmpl.file, keyTmpl.err = os.ReadFile(storage.KeyFilePath(d))
		}
	})
	if keyTmpl.err != nil {
		t.Fatal(keyTmpl.err)
	}
	dir = filepath.Join(t.TempDir(), "vault")
	os.Mkdir(dir, 0o700)
	if err := os.WriteFile(storage.KeyFilePath(dir), keyTmpl.file, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, keyTmpl.key
}

func TestProcessWrongPassphrase(t *testing.T) {
	dir, _ := newVault(t)
	fix := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	run(t, childEnv(dir), "import", fix).ok(t)
	before := testutil.SnapshotDir(t, dir)
	wrong := childEnv(dir, "CAREKEEPER_PASSPHRASE=definitely wrong", "CAREKEEPER_NEW_PASSPHRASE=new")
	for _, args := range [][]string{{"records", "--json"}, {"import", fix}, {"passwd"}} {
		p := run(t, wrong, args...)
		p.failsOneLine(t, "wrong passphrase")
		if p.stdout != "" {
			t.Errorf("%v: stdout %q", args, p.stdout)
		}
	}
	// The one-line rule holds whatever the locale (Fyne's init must not log).
	for _, loc := range []string{"C.UTF-8", "C", "POSIX", "en_US.UTF-8", "de_DE.UTF-8", ""} {
		p := run(t, append(wrong, "LANG="+loc, "LC_ALL="+loc), "records")
		if strings.Count(p.stderr, "\n") != 1 {
			t.Errorf("LANG=%s: stderr %q", loc, p.stderr)
		}
	}
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Errorf("a wrong passphrase changed the data directory: %s", d)
	}
	// Usage errors exit 2.
	if p := run(t, childEnv(dir), "import"); p.code != 2 || strings.Count(p.stderr, "\n") != 1 {
		t.Errorf("usage error: exit %d, stderr %q", p.code, p.stderr)
	}
}

func TestProcessVaultInUse(t *testing.T) {
	dir, key := newVault(t)
	v, err := storage.OpenWithKey(dir, key, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	fix := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	for _, args := range [][]string{{"records"}, {"import", fix}, {"profile", "list"}} {
		p := run(t, childEnv(dir), args...)
		p.failsOneLine(t, "this vault is open in another CareKeeper")
		for _, bad := range []string{"adger", "LOCK", "lock"} {
			if strings.Contains(p.stderr, bad) {
				t.Errorf("%v: stderr shows %q: %q", args, bad, p.stderr)
			}
		}
	}
}

func countAll(t *testing.T, v *storage.Vault) (int, map[string]int) {
	t.Helper()
	n := 0
	types := map[string]int{}
	err := v.Records(context.Background(), storage.Query{}, func(r *storage.Record) error { n++; types[r.ID.Type]++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return n, types
}

// kill -9 at random moments during an import: afterwards the vault opens and holds all of that
// file or none of it. First the largest fixture (one Badger transaction), then three large
// patients merged into one Bundle, big enough to go through the undo journal (several chunk
// transactions), so a hard crash hits the journal too.
func TestProcessKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("CAREKEEPER_KILL_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("kill seed %d (set CAREKEEPER_KILL_SEED to repeat)", seed)
	rng := rand.New(rand.NewSource(seed))
	t.Run("largest fixture", func(t *testing.T) {
		killRuns(t, rng, seed, testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json"), 1111, 20)
	})
	t.Run("journaled", func(t *testing.T) {
		var buf bytes.Buffer
		buf.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
		ids := map[string]bool{}
		for _, f := range []string{"Fletcher_Hyatt_*.json", "Wendell_Lesch_*.json", "Courtney_Schinner_*.json"} {
			for _, e := range testutil.Entries(t, testutil.ReadFile(t, testutil.Fixture(t, "synthea/"+f))) {
				if len(ids) > 0 {
					buf.WriteString(",\n")
				}
				ids[e.Type+"/"+e.ID] = true
				fmt.Fprintf(&buf, `{"fullUrl":%q,"resource":%s}`, e.FullURL, e.Resource)
			}
		}
		buf.WriteString("]}")
		merged := filepath.Join(t.TempDir(), "three-patients.json")
		if err := os.WriteFile(merged, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		killRuns(t, rng, seed, merged, len(ids), 10)
	})
}

// timedImport imports fix into the vault in dir in a child and returns its wall time and the
// part of it after the child opened the database (Badger's MANIFEST appeared, polled every
// millisecond as killRuns does).
func timedImport(t *testing.T, dir, fix string) (wall, open time.Duration) {
	t.Helper()
	manifest := filepath.Join(dir, "db", "MANIFEST")
	cmd := exec.Command(binary(t), "import", fix)
	cmd.Env = childEnv(dir)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var opened time.Time
	for {
		select {
		case err := <-done:
			wall = time.Since(start)
			if err != nil {
				t.Fatalf("an uninterrupted import failed: %v: %s", err, errb.Bytes())
			}
			if opened.IsZero() {
				t.Fatal("the import exited and no MANIFEST was seen")
			}
			return wall, time.Since(opened)
		case <-time.After(time.Millisecond):
			if opened.IsZero() {
				if _, err := os.Stat(manifest); err == nil {
					opened = time.Now()
				}
			}
		}
	}
}

func killRuns(t *testing.T, rng *rand.Rand, seed int64, fix string, total, runs int) {
	want := map[string]int{}
	seen := map[string]bool{}
	for _, e := range testutil.Entries(t, testutil.ReadFile(t, fix)) {
		if !seen[e.Type+"/"+e.ID] {
			seen[e.Type+"/"+e.ID] = true
			want[e.Type]++
		}
	}
	// One uninterrupted import, its time with the database open measured as the kills see it:
	// from Badger's MANIFEST appearing to the exit. Each kill comes a random time within that
	// after the child opened the database, so it lands while the import writes. (It was the
	// import's whole time less that of a separate 'profile list': when the one import was
	// slowed, by load or a cold cache, every kill of a run could come after the child exited,
	// F529.)
	dir, key := newVault(t)
	wall, writing := timedImport(t, dir, fix)
	writing = max(writing, 50*time.Millisecond)
	v, err := storage.OpenWithKey(dir, key, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := countAll(t, v); n != total {
		t.Fatalf("an uninterrupted import stored %d records, want %d", n, total)
	}
	v.Close()
	t.Logf("uninterrupted import: %v, with the database open %v", wall, writing)

	none, all, finished, afterOpen := 0, 0, 0, 0
	for i := 0; i < runs; i++ {
		delay := time.Duration(rng.Int63n(int64(writing)))
		dir, key := newVault(t)
		manifest := filepath.Join(dir, "db", "MANIFEST")
		cmd := exec.Command(binary(t), "import", fix)
		cmd.Env = childEnv(dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		opened := make(chan struct{})
		stop := make(chan struct{})
		go func() { // the child has opened the database once Badger's MANIFEST exists
			for {
				if _, err := os.Stat(manifest); err == nil {
					close(opened)
					return
				}
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		kill := make(<-chan time.Time)
		for waiting := true; waiting; {
			select {
			case err := <-done:
				finished++
				if err != nil {
					t.Errorf("run %d: the import failed on its own: %v", i, err)
				}
				waiting = false
			case <-opened:
				opened, kill = nil, time.After(delay)
			case <-kill:
				cmd.Process.Kill() // SIGKILL
				<-done
				afterOpen++ // killed after the key derivation, with the database open
				waiting = false
			}
		}
		close(stop)
		v, err := storage.OpenWithKey(dir, key, storage.Options{})
		if err != nil {
			t.Fatalf("run %d (killed after %v): the vault does not open: %v", i, delay, err)
		}
		n, types := countAll(t, v)
		ps, _ := v.Profiles()
		switch {
		case n == 0 && len(ps) == 0:
			none++
		case n == total && len(ps) > 0 && fmt.Sprint(types) == fmt.Sprint(want):
			all++
		default:
			t.Errorf("run %d (killed after %v): %d records, %d profiles: neither all nor nothing of the file", i, delay, n, len(ps))
		}
		// The vault stays usable: the import completes.
		s, err := cksync.ImportFile(context.Background(), v, fix, cksync.Options{})
		if err != nil {
			t.Errorf("run %d: importing after the kill: %v", i, err)
		} else if n == total && len(s.Added)+len(s.Updated) != 0 {
			t.Errorf("run %d: re-import after a complete import changed records: %+v", i, s)
		}
		if n, _ := countAll(t, v); n != total {
			t.Errorf("run %d: %d records after re-import", i, n)
		}
		v.Close()
	}
	t.Logf("%d runs: %d held nothing, %d held everything; %d killed with the database open, %d finished before the kill",
		runs, none, all, afterOpen, finished)
	// The test proves something only if kills landed while the import wrote.
	if afterOpen == 0 {
		t.Errorf("no kill landed with the database open (%d of %d runs finished first): the test checked nothing; kill seed %d",
			finished, runs, seed)
	}
}

// No plaintext health data anywhere in the data directory after importing through the binary,
// with the vault closed and while it is open.
func TestProcessNoPlaintext(t *testing.T) {
	fix := testutil.Fixture(t, "synthea/Wendell_Lesch_*.json")
	needles := append(testutil.Needles(t, testutil.ReadFile(t, fix)), "Wendell Lesch", "Hemoglobin A1c", "http://loinc.org|4548-4")
	dir, key := newVault(t)
	run(t, childEnv(dir), "import", fix).ok(t)
	if hits := testutil.ScanDir(t, dir, needles); len(hits) > 0 {
		t.Errorf("plaintext after the import (%d): %v", len(hits), hits[:min(10, len(hits))])
	}
	v, err := storage.OpenWithKey(dir, key, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := countAll(t, v); n != 1116 {
		t.Errorf("%d records", n)
	}
	if hits := testutil.ScanDir(t, dir, needles); len(hits) > 0 {
		t.Errorf("plaintext while open (%d): %v", len(hits), hits[:min(10, len(hits))])
	}
	v.Close()
}

func profiles(t *testing.T, dir string) []map[string]string {
	t.Helper()
	var ps []map[string]string
	if err := json.Unmarshal([]byte(run(t, childEnv(dir), "profile", "list", "--json").ok(t).stdout), &ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// export -> import into an empty vault -> export: the same bytes, for a person and for the
// whole vault.
func TestProcessExportRoundTrip(t *testing.T) {
	a, _ := newVault(t)
	run(t, childEnv(a), "import", testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json"), testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")).ok(t)
	ps := profiles(t, a)
	if len(ps) != 2 {
		t.Fatalf("profiles: %v", ps)
	}
	tmp := t.TempDir()
	for _, c := range []struct{ name, profile string }{{"person", ps[0]["id"]}, {"whole vault", ""}} {
		t.Run(c.name, func(t *testing.T) {
			first := filepath.Join(tmp, c.name+"-1.json")
			second := filepath.Join(tmp, c.name+"-2.json")
			args := []string{"export", "--out", first}
			if c.profile != "" {
				args = append(args, "--profile", c.profile)
			}
			run(t, childEnv(a), args...).ok(t)
			b, _ := newVault(t)
			run(t, childEnv(b), "import", first).ok(t)
			args = []string{"export", "--out", second}
			if c.profile != "" {
				pb := profiles(t, b)
				if len(pb) != 1 {
					t.Fatalf("the person's export made %d profiles", len(pb))
				}
				args = append(args, "--profile", pb[0]["id"])
			}
			run(t, childEnv(b), args...).ok(t)
			x, y := testutil.ReadFile(t, first), testutil.ReadFile(t, second)
			if !bytes.Equal(x, y) {
				t.Errorf("export -> import -> export differs: %d vs %d bytes", len(x), len(y))
			}
			if !json.Valid(x) {
				t.Error("the export is not JSON")
			}
		})
	}
}
