//go:build linux

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"aead.dev/minisign"

	"carekeeper/internal/testutil"
)

// The replay of issue 12's hostile inputs through the real binary: every input is generated
// here (no large files checked in), and each must give one clear line on stderr and the right
// exit code, leave the vault byte for byte as it was and no file behind, finish well within
// 60 s and stay within 100 MB of memory above a trivial command's.
//
// Add a row to hostileCases for every input or fault that must be refused cleanly.

// hostileCase is one hostile input.
type hostileCase struct {
	name string
	// args writes the inputs into in (a fresh directory, not the vault's) and returns the
	// command line. h gives the shared fixtures (a clinic key pair).
	args func(t *testing.T, in string, h *hostileFixtures) []string
	env  []string // extra environment, after childEnv's (CAREKEEPER_DATA, CAREKEEPER_PASSPHRASE)
	code int      // the exit code; 0 means 1
	want string   // what the one line on stderr must contain
}

// hostileFixtures are made once per run.
type hostileFixtures struct {
	clinicPub  string // a minisign public key file
	clinicPriv minisign.PrivateKey
	backup     []byte // a backup of the base vault (over 3 chunks of 64 KiB)
}

// Sizes of the generated hostile inputs.
const (
	maxHostileSeconds = 60
	maxExtraRSS       = 100 << 20 // bytes above the baseline
)

var hostileCases = []hostileCase{
	{name: "no arguments and no display", args: func(*testing.T, string, *hostileFixtures) []string { return nil },
		want: "no display found; use `carekeeper help` for the command line"},

	// Files that are not files.
	{name: "import a FIFO", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"import", fifo(t, in, "records.json")}
	}, want: "named pipe (FIFO), not a file"},
	{name: "import /dev/zero", args: func(*testing.T, string, *hostileFixtures) []string {
		return []string{"import", "/dev/zero"}
	}, want: "/dev/zero: it is a device, not a file"},
	{name: "import a folder", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		d := filepath.Join(in, "folder.json")
		os.Mkdir(d, 0o700)
		return []string{"import", d}
	}, want: "it is a folder, not a file"},
	{name: "passphrase file /dev/zero", env: []string{"CAREKEEPER_PASSPHRASE="}, args: func(*testing.T, string, *hostileFixtures) []string {
		return []string{"records", "--passphrase-file", "/dev/zero"}
	}, want: "reading the passphrase file: it is a device, not a file"},
	{name: "passphrase file a FIFO", env: []string{"CAREKEEPER_PASSPHRASE="}, args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"records", "--passphrase-file", fifo(t, in, "pass")}
	}, want: "reading the passphrase file: it is a named pipe (FIFO), not a file"},
	{name: "passphrase file of 1 GiB", env: []string{"CAREKEEPER_PASSPHRASE="}, args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"records", "--passphrase-file", sparse(t, in, "pass", 1<<30)}
	}, want: "the passphrase file is larger than 4 KiB"},
	{name: "restore from a FIFO", env: []string{"CAREKEEPER_DATA="}, args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"restore", "--data", filepath.Join(in, "restored"), fifo(t, in, "backup.ckbackup")}
	}, want: "named pipe (FIFO), not a file"},
	{name: "restore into a folder that is not empty", env: []string{"CAREKEEPER_DATA="}, args: func(t *testing.T, in string, h *hostileFixtures) []string {
		dst := filepath.Join(in, "photos")
		os.Mkdir(dst, 0o700)
		write(t, dst, "photo.jpg", []byte("x"))
		return []string{"restore", "--data", dst, write(t, in, "vault.ckbackup", h.backup)}
	}, want: "photos: the folder to restore into is not empty"},
	{name: "restore a backup with a flipped byte", env: []string{"CAREKEEPER_DATA="}, args: restoreInput(func(b []byte) []byte { b[len(b)/2] ^= 1; return b }),
		want: "this backup is damaged or incomplete"},
	{name: "restore a backup with two chunks swapped", env: []string{"CAREKEEPER_DATA="}, args: restoreInput(func(b []byte) []byte {
		const c = 64<<10 + 16 // an age STREAM chunk with its tag
		at := len(b) - 3*c
		out := append([]byte(nil), b[:at]...)
		out = append(append(out, b[at+c:at+2*c]...), b[at:at+c]...)
		return append(out, b[at+2*c:]...)
	}), want: "this backup is damaged or incomplete"},
	{name: "restore a truncated backup", env: []string{"CAREKEEPER_DATA="}, args: restoreInput(func(b []byte) []byte { return b[:len(b)-64<<10] }),
		want: "this backup is damaged or incomplete"},
	{name: "restore a backup with trailing data", env: []string{"CAREKEEPER_DATA="}, args: restoreInput(func(b []byte) []byte { return append(b, "trailing"...) }),
		want: "this backup is damaged or incomplete"},

	// Times and intervals that cannot be right (dose take --at 1900-01-01 is refused once the
	// medicine is known, in internal/cli's TestRemindersContract).
	{name: "unknown TZ", env: []string{"TZ=Mars/Olympus_Mons"}, args: func(*testing.T, string, *hostileFixtures) []string {
		return []string{"today"}
	}, want: `TZ="Mars/Olympus_Mons" is not a time zone this computer knows`},
	{name: "an interval of half an hour", code: 2, args: func(*testing.T, string, *hostileFixtures) []string {
		return []string{"schedule", "set", "--profile", "000000000000", "--ref", "MedicationRequest/x", "--every", "0.5"}
	}, want: "every how many hours? Give a number from 1 to 168"},

	{name: "export over a FIFO", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"export", "--out", fifo(t, in, "export.json")}
	}, want: "export.json: it is a named pipe (FIFO), not a file"},
	{name: "clinic configuration a FIFO", args: func(t *testing.T, in string, h *hostileFixtures) []string {
		return []string{"clinic", "verify", "--pub", h.clinicPub, fifo(t, in, "clinic.json")}
	}, want: "cannot be read: it is a named pipe (FIFO), not a file"},

	// Inputs that balloon.
	{name: "file over 512 MiB", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"import", sparse(t, in, "huge.json", 600<<20)}
	}, want: "file is larger than 512 MiB"},
	{name: "gzip bomb", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"import", write(t, in, "bomb.json.gz", gzipBomb(t))}
	}, want: "the gzip data expands more than a real file could (a gzip bomb?)"},
	{name: "one resource over 32 MiB", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		div := strings.Repeat("Hostile narrative. ", (40<<20)/19)
		return []string{"import", write(t, in, "big-patient.json", []byte(`{"resourceType":"Patient","id":"big","text":{"status":"generated","div":"<div>`+div+`</div>"}}`))}
	}, want: "resource larger than 32 MiB"},
	{name: "a 150 MiB Bundle cut off part way", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"import", cutBundle(t, in, 150<<20)}
	}, want: "the file ends too soon, as a download cut short does: download it again (not valid JSON: it stops in the middle)"},
	{name: "nesting over 100 levels", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"import", write(t, in, "deep.json", []byte(`{"resourceType":"Basic","x":`+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`}`))}
	}, want: "nesting deeper than 100 levels"},

	// Strictness.
	{name: "gzip with trailing garbage", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"import", write(t, in, "trailing.json.gz", append(testutil.Gzip([]byte(hostilePatient)), "\n"...))}
	}, want: "unexpected data after the end of the gzip data"},
	{name: "truncated gzip", args: func(t *testing.T, in string, _ *hostileFixtures) []string {
		gz := testutil.Gzip([]byte(hostilePatient))
		return []string{"import", write(t, in, "cut.json.gz", gz[:len(gz)-5])}
	}, want: "the file ends too soon, as a download cut short does: download it again (truncated gzip data)"},
	{name: "duplicate key at the top", args: jsonInput(`{"resourceType":"Patient","id":"dup","birthDate":"1970-01-01","birthDate":"1980-01-01"}`),
		want: `duplicate key "birthDate"`},
	{name: "duplicate key nested", args: jsonInput(`{"resourceType":"Patient","id":"dup","name":[{"family":"Hostile","family":"Other"}]}`),
		want: `duplicate key "family"`},
	{name: "birthDate a number", args: jsonInput(`{"resourceType":"Patient","id":"t1","birthDate":5}`),
		want: "wrong JSON type: Patient.birthDate must be a string"},
	{name: "Patient.name a string", args: jsonInput(`{"resourceType":"Patient","id":"t2","name":"x"}`),
		want: "wrong JSON type: Patient.name must be a JSON array"},
	{name: "valueQuantity.value a string", args: jsonInput(`{"resourceType":"Observation","id":"t3","status":"final","code":{"text":"weight"},"valueQuantity":{"value":"12","unit":"kg"}}`),
		want: "wrong JSON type: Observation.valueQuantity.value must be a number"},
	{name: "status an array", args: jsonInput(`{"resourceType":"Observation","id":"t4","status":[],"code":{"text":"weight"}}`),
		want: "wrong JSON type: Observation.status must be a string"},
	{name: "id with a control character", args: jsonInput(`{"resourceType":"Patient","id":"a\u0001b","name":[{"family":"Hostile"}]}`),
		want: "resource id is not a valid FHIR id"},
	{name: "clinic key in upper case after the real one", args: clinicInput(`"serial":42`, `"serial":42,"SERIAL":43`),
		want: `unknown field "SERIAL" (field names are exact: did you mean "serial"?)`},
	{name: "clinic key twice", args: clinicInput(`"serial":42`, `"serial":42,"serial":42`),
		want: `"serial" appears twice`},
	{name: "clinic configuration not JSON", args: clinicInput(`"support":{}`, `"portals":["name":"x"}],"support":{}`),
		want: "not a valid clinic configuration: JSON syntax error"},
}

// hostilePatient is a valid resource with a name to look for on disk.
const hostilePatient = `{"resourceType":"Patient","id":"hostile-1","name":[{"given":["Hostilia"],"family":"Replaywright"}],"birthDate":"1961-02-03"}`

// restoreInput restores the base vault's backup, edited, into a new folder.
func restoreInput(edit func([]byte) []byte) func(*testing.T, string, *hostileFixtures) []string {
	return func(t *testing.T, in string, h *hostileFixtures) []string {
		b := edit(append([]byte(nil), h.backup...))
		return []string{"restore", "--data", filepath.Join(in, "restored"), write(t, in, "vault.ckbackup", b)}
	}
}

func jsonInput(doc string) func(*testing.T, string, *hostileFixtures) []string {
	return func(t *testing.T, in string, _ *hostileFixtures) []string {
		return []string{"import", write(t, in, "input.json", []byte(doc))}
	}
}

// clinicInput is a properly signed clinic configuration with an edit.
func clinicInput(from, to string) func(*testing.T, string, *hostileFixtures) []string {
	return func(t *testing.T, in string, h *hostileFixtures) []string {
		const cfg = `{"schema":1,"clinic_id":"example-north","clinic_name":"Example North Clinic","serial":42,"not_after":"2099-12-31T23:59:59Z","support":{},"policies":{}}`
		data := strings.Replace(cfg, from, to, 1)
		p := write(t, in, "clinic.json", []byte(data))
		sig := minisign.SignWithComments(h.clinicPriv, []byte(data), "purpose=clinic-config;clinic_id=example-north;serial=42", "")
		write(t, in, "clinic.json.minisig", sig)
		return []string{"clinic", "verify", "--pub", h.clinicPub, p}
	}
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func fifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// sparse is a file of size bytes that takes no space.
func sparse(t *testing.T, dir, name string, size int64) string {
	t.Helper()
	p := write(t, dir, name, nil)
	if err := os.Truncate(p, size); err != nil {
		t.Fatal(err)
	}
	return p
}

// cutBundle writes a Bundle of small Observations of about size bytes that stops in the middle
// of an entry, as an interrupted download does.
func cutBundle(t *testing.T, dir string, size int) string {
	t.Helper()
	p := filepath.Join(dir, "cut-bundle.json")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	for n := 0; n < size; {
		for i := 0; i < 1000; i++ {
			b.WriteString(`{"resource":{"resourceType":"Observation","status":"final","code":{"text":"Hostile weight"},"valueQuantity":{"value":61.5,"unit":"kg"}}},` + "\n")
		}
		n += b.Len()
		if _, err := f.Write(b.Bytes()); err != nil {
			t.Fatal(err)
		}
		b.Reset()
	}
	if _, err := f.WriteString(`{"resource":{"resourceType":"Observation","status":"fin`); err != nil {
		t.Fatal(err)
	}
	return p
}

// gzipBomb is about 600 KiB of gzip that inflates to 576 MiB: nine members of 64 MiB of spaces
// after the start of a Bundle.
func gzipBomb(t *testing.T) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < 64; i++ {
		zw.Write(chunk)
	}
	zw.Close()
	out := testutil.Gzip([]byte(`{"resourceType":"Bundle","type":"collection","entry":[`))
	for i := 0; i < 9; i++ {
		out = append(out, member.Bytes()...)
	}
	return out
}

func TestProcessHostileInputs(t *testing.T) {
	base, _ := newVault(t)
	run(t, childEnv(base), "import", write(t, t.TempDir(), "patient.json", []byte(hostilePatient))).ok(t)
	h := &hostileFixtures{}
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	pt, _ := pub.MarshalText()
	h.clinicPub, h.clinicPriv = write(t, t.TempDir(), "clinic.pub", pt), priv
	// Enough records that the backup has more than 3 chunks (splicing needs them): random
	// text does not compress.
	var bundle strings.Builder
	bundle.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	noise := make([]byte, 512)
	for i := 0; i < 1000; i++ {
		rand.Read(noise)
		if i > 0 {
			bundle.WriteString(",")
		}
		fmt.Fprintf(&bundle, `{"resource":{"resourceType":"Basic","id":"b%d","code":{"text":"%x"},"subject":{"reference":"Patient/hostile-1"}}}`, i, noise)
	}
	bundle.WriteString("]}")
	run(t, childEnv(base), "import", write(t, t.TempDir(), "basics.json", []byte(bundle.String()))).ok(t)
	bk := filepath.Join(t.TempDir(), "base.ckbackup")
	run(t, childEnv(base), "backup", "--out", bk).ok(t)
	if h.backup, err = os.ReadFile(bk); err != nil || len(h.backup) < 4*(64<<10) {
		t.Fatalf("the backup: %d bytes, %v", len(h.backup), err)
	}

	// The baseline: a command that does nothing much.
	baseline := measure(t, childEnv(base), "version")
	if baseline.code != 0 {
		t.Fatalf("version: exit %d %s", baseline.code, baseline.stderr)
	}
	t.Logf("baseline peak RSS %d MiB", baseline.rss>>20)

	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			vault := filepath.Join(t.TempDir(), "vault")
			copyDir(t, base, vault)
			in, tmp := t.TempDir(), t.TempDir()
			args := c.args(t, in, h)
			beforeVault, beforeIn := testutil.SnapshotDir(t, vault), names(t, in)
			env := append(childEnv(vault, "TMPDIR="+tmp), c.env...)
			p := measure(t, env, args...)

			want := c.code
			if want == 0 {
				want = 1
			}
			if p.code != want {
				t.Errorf("exit %d, want %d", p.code, want)
			}
			if strings.Count(p.stderr, "\n") != 1 || !strings.HasSuffix(p.stderr, "\n") || !strings.Contains(p.stderr, c.want) {
				t.Errorf("stderr %q: want one line containing %q", p.stderr, c.want)
			}
			if p.stdout != "" {
				t.Errorf("stdout %q", p.stdout)
			}
			if d := beforeVault.Diff(testutil.SnapshotDir(t, vault)); d != "" {
				t.Errorf("the vault changed: %s", d)
			}
			if after := names(t, in); after != beforeIn {
				t.Errorf("files left beside the input: %s, was %s", after, beforeIn)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("%d files left in TMPDIR", len(left))
			}
			if p.rss > baseline.rss+maxExtraRSS {
				t.Errorf("peak RSS %d MiB, baseline %d MiB: more than %d MiB above", p.rss>>20, baseline.rss>>20, maxExtraRSS>>20)
			}
			t.Logf("%v, peak RSS %d MiB", p.wall.Round(time.Millisecond), p.rss>>20)
		})
	}

	// A name full of terminal escapes is shown escaped in every text listing: it neither
	// clears the screen nor forges rows.
	t.Run("terminal escapes in a name", func(t *testing.T) {
		vault := filepath.Join(t.TempDir(), "vault")
		copyDir(t, base, vault)
		evil := `{"resourceType":"Patient","id":"evil","name":[{"text":"\u001b[2J\u001b[HMallory\nfake-id\tForged\u0007\u009b31m\u202e"}]}`
		run(t, childEnv(vault), "import", write(t, t.TempDir(), "evil.json", []byte(evil))).ok(t)
		for _, args := range [][]string{{"profile", "list"}, {"records"}} {
			out := run(t, childEnv(vault), args...).ok(t).stdout
			if strings.ContainsAny(out, "\x1b\a\r\u009b\u202e") {
				t.Errorf("%v: control characters reach the terminal: %q", args, out)
			}
			if strings.Contains(out, "\nfake-id") {
				t.Errorf("%v: a forged row: %q", args, out)
			}
		}
	})
}

// names lists the names in dir (the inputs include FIFOs: they are not read).
func names(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return strings.Join(out, ", ")
}

type measured struct {
	proc
	rss  int64 // peak resident set size in bytes
	wall time.Duration
}

// The peak RSS of a child is measured through a trampoline: this test binary started again
// (small at that moment) runs the child and writes the child's ru_maxrss to a file. Measured
// directly, ru_maxrss would include this test process's own peak: Go starts children with
// vfork, and Linux records the peak of the memory being replaced at exec.
const trampolineEnv = "CAREKEEPER_TEST_RSS_FILE"

func init() {
	out := os.Getenv(trampolineEnv)
	if out == "" || len(os.Args) < 2 {
		return
	}
	os.Unsetenv(trampolineEnv)
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // killed with the trampoline
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		os.Exit(125)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru != nil {
		os.WriteFile(out, []byte(strconv.FormatInt(ru.Maxrss, 10)), 0o600)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}

// measure runs the binary with a deadline and reports its peak RSS.
func measure(t *testing.T, env []string, args ...string) measured {
	t.Helper()
	bin := binary(t) // built before the deadline starts
	ctx, cancel := context.WithTimeout(context.Background(), maxHostileSeconds*time.Second)
	defer cancel()
	rssFile := filepath.Join(t.TempDir(), "rss")
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{bin}, args...)...)
	cmd.Env = append(env, trampolineEnv+"="+rssFile)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("%v: still running after %d s (killed)", args, maxHostileSeconds)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(rssFile)
	if err != nil {
		t.Fatalf("no resource usage of the child: %v", err)
	}
	kib, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return measured{proc{code, out.String(), errb.String()}, kib << 10, wall}
}
