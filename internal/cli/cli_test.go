package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/cli"
	"carekeeper/internal/secret"
	"carekeeper/internal/testutil"
	"carekeeper/storage"
	"carekeeper/sync/fhirtest"
)

// The command-line contract, driven through cli.Run with a fake environment. Every command
// that opens the vault derives its key (0.15-0.7 s), so the tests share one initialised key
// file and keep the number of runs modest.

const pass = "cli test passphrase"

type result struct {
	code           int
	stdout, stderr string
}

type runner struct {
	env      map[string]string
	password [][]byte // answers of the fake terminal, in order; nil: no terminal
	stdin    string   // what the person types (lines read from Stdin)
}

func (r runner) run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cli.Env{
		Stdin:  strings.NewReader(r.stdin),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return r.env[k] },
	}
	if r.password != nil {
		answers := r.password
		env.ReadPassword = func(string) ([]byte, error) {
			if len(answers) == 0 {
				return nil, errors.New("no more input")
			}
			a := answers[0]
			answers = answers[1:]
			return a, nil
		}
	}
	code := cli.Run(context.Background(), env, args)
	return result{code, out.String(), errb.String()}
}

// in returns a runner for the vault in dir with the right passphrase in the environment.
func in(dir string) runner {
	return runner{env: map[string]string{"CAREKEEPER_DATA": dir, "CAREKEEPER_PASSPHRASE": pass}}
}

func (r runner) with(kv ...string) runner {
	env := map[string]string{}
	for k, v := range r.env {
		env[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(env, kv[i])
		} else {
			env[kv[i]] = kv[i+1]
		}
	}
	return runner{env: env, password: r.password, stdin: r.stdin}
}

var tmpl struct {
	once    sync.Once
	keyFile []byte
	code    string
	err     error
}

// newVault returns a vault directory with the shared key file (passphrase pass); its
// database is created by the first command.
func newVault(t *testing.T) string {
	t.Helper()
	tmpl.once.Do(func() {
		dir, err := os.MkdirTemp("", "ck-cli-")
		if err != nil {
			tmpl.err = err
			return
		}
		defer os.RemoveAll(dir)
		if tmpl.code, tmpl.err = storage.Init(dir, []byte(pass), storage.Options{}); tmpl.err == nil {
			tmpl.keyFile, tmpl.err = os.ReadFile(storage.KeyFilePath(dir))
		}
	})
	if tmpl.err != nil {
		t.Fatal(tmpl.err)
	}
	dir := filepath.Join(t.TempDir(), "vault")
	os.Mkdir(dir, 0o700)
	if err := os.WriteFile(storage.KeyFilePath(dir), tmpl.keyFile, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func (res result) ok(t *testing.T) result {
	t.Helper()
	if res.code != 0 || res.stderr != "" {
		t.Fatalf("exit %d, stderr %q, stdout %q", res.code, res.stderr, res.stdout)
	}
	return res
}

// fails checks exit code 1 or 2 with exactly one line on stderr containing want.
func (res result) fails(t *testing.T, code int, want ...string) result {
	t.Helper()
	if res.code != code {
		t.Errorf("exit %d, want %d (stderr %q)", res.code, code, res.stderr)
	}
	oneLine(t, res.stderr)
	for _, w := range want {
		if !strings.Contains(res.stderr, w) {
			t.Errorf("stderr %q does not contain %q", res.stderr, w)
		}
	}
	return res
}

func oneLine(t *testing.T, s string) {
	t.Helper()
	if strings.Count(s, "\n") != 1 || !strings.HasSuffix(s, "\n") || len(strings.TrimSpace(s)) == 0 {
		t.Errorf("stderr is not exactly one line: %q", s)
	}
	for _, bad := range []string{"panic", "goroutine", "adger", ".go:"} {
		if strings.Contains(s, bad) {
			t.Errorf("stderr shows internals (%q): %q", bad, s)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-vault")
	r := in(dir)
	cases := [][]string{
		{},
		{"frobnicate"},
		{"--no-such-flag", "records"},
		{"records", "--no-such-flag"},
		{"records", "extra"},
		{"records", "--json=maybe"},
		{"import"},
		{"import", "--json"},
		{"import", "--bogus", "x.json"},
		{"profile"},
		{"profile", "remove"},
		{"profile", "add"},
		{"profile", "add", "--name"},
		{"profile", "add", "--name", "Ann", "extra"},
		{"profile", "add", "--name", "Ann", "--birth-date", "03/04/1990"},
		{"profile", "add", "--name", "Ann", "--birth-date", "1990-02-30"},
		{"profile", "list", "extra"},
		{"export"},
		{"export", "--profile", "x"},
		{"export", "--out", "x.json", "extra"},
		{"init", "extra"},
		{"passwd", "extra"},
		{"recover", "extra"},
		{"help", "nosuch"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			res := r.run(t, args...).fails(t, 2, "carekeeper")
			if res.stdout != "" {
				t.Errorf("stdout %q", res.stdout)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Fatal("a usage error created the data directory")
			}
		})
	}
}

func TestHelp(t *testing.T) {
	r := runner{env: map[string]string{}}
	res := r.run(t, "help").ok(t)
	for _, cmd := range []string{"init", "passwd", "recover", "profile", "import", "records", "export", "help"} {
		if !regexp.MustCompile(`(?m)^  ` + cmd + ` `).MatchString(res.stdout) {
			t.Errorf("help does not list %s:\n%s", cmd, res.stdout)
		}
		sub := r.run(t, "help", cmd).ok(t)
		if !strings.HasPrefix(sub.stdout, "usage: carekeeper "+cmd) {
			t.Errorf("help %s:\n%s", cmd, sub.stdout)
		}
	}
	for _, want := range []string{"--data", "CAREKEEPER_DATA", "--passphrase-file", "CAREKEEPER_PASSPHRASE", "--json", "exit status"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("help does not mention %s", want)
		}
	}
	if res := r.run(t, "help", "import").ok(t); !strings.Contains(res.stdout, "--profile") {
		t.Errorf("help import: %s", res.stdout)
	}
}

func TestInit(t *testing.T) {
	t.Run("json", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "v")
		res := in(dir).run(t, "init", "--json").ok(t)
		var out map[string]string
		if err := json.Unmarshal([]byte(res.stdout), &out); err != nil || len(out) != 1 || out["recoveryCode"] == "" {
			t.Fatalf("init --json printed %q", res.stdout)
		}
		if _, err := secret.ParseRecoveryCode(out["recoveryCode"]); err != nil {
			t.Errorf("recovery code %q: %v", out["recoveryCode"], err)
		}
		if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("vault directory: %v %v", st, err)
		}
		v, err := storage.OpenWithRecoveryCode(dir, out["recoveryCode"], storage.Options{})
		if err != nil {
			t.Fatalf("the printed code does not open the vault: %v", err)
		}
		v.Close()
		// A second init refuses and changes nothing.
		before := testutil.SnapshotDir(t, dir)
		in(dir).with("CAREKEEPER_PASSPHRASE", "another").run(t, "init").fails(t, 1, "already exists")
		if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
			t.Errorf("a refused init changed the vault: %s", d)
		}
	})
	t.Run("text", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "v")
		res := runner{env: map[string]string{"CAREKEEPER_PASSPHRASE": pass}}.run(t, "init", "--data", dir).ok(t)
		if !regexp.MustCompile(`(?m)^    [0-9A-Z]{4}(-[0-9A-Z]{4}){6}$`).MatchString(res.stdout) {
			t.Errorf("no recovery code in:\n%s", res.stdout)
		}
	})
	t.Run("terminal", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "v")
		r := runner{env: map[string]string{"CAREKEEPER_DATA": dir}, password: [][]byte{[]byte("typed pass"), []byte("typed pass")}}
		r.run(t, "init", "--json").ok(t)
		in(dir).with("CAREKEEPER_PASSPHRASE", "typed pass").run(t, "profile", "list").ok(t)
	})
	for _, c := range []struct {
		name string
		r    runner
		args []string
		want string
	}{
		{"terminal mismatch", runner{env: map[string]string{}, password: [][]byte{[]byte("one"), []byte("two")}}, nil, "differ"},
		{"terminal empty", runner{env: map[string]string{}, password: [][]byte{{}}}, nil, "empty"},
		{"no terminal", runner{env: map[string]string{}}, nil, "CAREKEEPER_PASSPHRASE"},
		{"missing passphrase file", runner{env: map[string]string{}}, []string{"--passphrase-file", "/nonexistent/pass"}, "passphrase file"},
		// An endless device or a huge file is refused, not read into memory.
		{"passphrase file is /dev/zero", runner{env: map[string]string{}}, []string{"--passphrase-file", "/dev/zero"}, "reading the passphrase file: it is a device, not a file"},
		{"passphrase file too large", runner{env: map[string]string{}}, []string{"--passphrase-file", bigPassFile(t)}, "the passphrase file is larger than 4 KiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "v")
			c.r.env["CAREKEEPER_DATA"] = dir
			c.r.run(t, append([]string{"init"}, c.args...)...).fails(t, 1, c.want)
			if _, err := os.Stat(dir); err == nil {
				t.Error("a failed init left a directory")
			}
		})
	}
}

// --data beats $CAREKEEPER_DATA, which beats the per-user directory; global flags may come
// before or after the command. $CAREKEEPER_PASSPHRASE beats --passphrase-file, which beats
// the terminal.
func TestDataAndPassphraseSources(t *testing.T) {
	a, b := newVault(t), newVault(t)
	pid := addedProfile(t, in(a), "--name", "In A")
	list := func(r runner, args ...string) string {
		t.Helper()
		return r.run(t, append([]string{"profile", "list", "--json"}, args...)...).ok(t).stdout
	}
	if out := list(in(b), "--data", a); !strings.Contains(out, pid) {
		t.Errorf("--data did not beat $CAREKEEPER_DATA: %s", out)
	}
	if out := in(b).run(t, "--data", a, "--json", "profile", "list").ok(t).stdout; !strings.Contains(out, pid) {
		t.Errorf("global flags before the command: %s", out)
	}
	if out := list(in(b)); strings.Contains(out, pid) {
		t.Errorf("$CAREKEEPER_DATA not used: %s", out)
	}
	t.Run("per-user directory", func(t *testing.T) {
		xdg := t.TempDir()
		t.Setenv("XDG_DATA_HOME", xdg)
		def, err := storage.DefaultDir()
		if err != nil || !strings.HasPrefix(def, xdg) {
			t.Skipf("the per-user directory is not under XDG_DATA_HOME here (%s, %v)", def, err)
		}
		in("").with("CAREKEEPER_DATA", "").run(t, "init").ok(t)
		if !storage.Exists(def) {
			t.Errorf("init without --data or $CAREKEEPER_DATA did not use %s", def)
		}
	})

	pf := filepath.Join(t.TempDir(), "pass.txt")
	os.WriteFile(pf, []byte(pass+"\n"), 0o600)
	wrong := filepath.Join(t.TempDir(), "wrong.txt")
	os.WriteFile(wrong, []byte("wrong\n"), 0o600)
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, []byte("\n"), 0o600)
	noPass := in(a).with("CAREKEEPER_PASSPHRASE", "")
	list(noPass, "--passphrase-file", pf)                           // file, trailing newline ignored
	list(in(a), "--passphrase-file", wrong)                         // the environment wins over the file
	list(runner{env: noPass.env, password: [][]byte{[]byte(pass)}}) // the terminal
	noPass.run(t, "profile", "list", "--passphrase-file", wrong).fails(t, 1, "wrong passphrase")
	noPass.run(t, "profile", "list", "--passphrase-file", empty).fails(t, 1, "empty")
	noPass.run(t, "profile", "list").fails(t, 1, "no passphrase")
	runner{env: noPass.env, password: [][]byte{[]byte("nope")}}.run(t, "profile", "list").fails(t, 1, "wrong passphrase")
}

func TestPasswdAndRecover(t *testing.T) {
	dir := newVault(t)
	in(dir).run(t, "profile", "add", "--name", "Keeper").ok(t)
	before := testutil.SnapshotDir(t, dir)
	// Failures change nothing.
	in(dir).with("CAREKEEPER_PASSPHRASE", "wrong", "CAREKEEPER_NEW_PASSPHRASE", "new one").run(t, "passwd").fails(t, 1, "wrong passphrase")
	// Without a terminal, the one line names what is missing (it said CAREKEEPER_PASSPHRASE,
	// which was set, when the new one was missing; verify18).
	in(dir).run(t, "passwd").fails(t, 1, "no new passphrase: set CAREKEEPER_NEW_PASSPHRASE")
	in(dir).with("CAREKEEPER_NEW_PASSPHRASE", "x").run(t, "recover").fails(t, 1, "no recovery code: set CAREKEEPER_RECOVERY_CODE")
	in(dir).with("CAREKEEPER_RECOVERY_CODE", "0000-0000-0000-0000-0000-0000-0000", "CAREKEEPER_NEW_PASSPHRASE", "x").run(t, "recover").fails(t, 1, "recovery code")
	in(dir).with("CAREKEEPER_RECOVERY_CODE", "not a code", "CAREKEEPER_NEW_PASSPHRASE", "x").run(t, "recover").fails(t, 1, "recovery code")
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Fatalf("failed passwd/recover changed the vault: %s", d)
	}
	onlyKeyFile := func(what string, before testutil.Snapshot) {
		t.Helper()
		d := before.Diff(testutil.SnapshotDir(t, dir))
		if !strings.HasPrefix(d, "changed vault.key ") || strings.Contains(d, ";") {
			t.Errorf("%s changed more than the key file: %s", what, d)
		}
	}
	// passwd: only the key file changes, the old passphrase stops working.
	in(dir).with("CAREKEEPER_NEW_PASSPHRASE", "second passphrase").run(t, "passwd").ok(t)
	onlyKeyFile("passwd", before)
	in(dir).run(t, "profile", "list").fails(t, 1, "wrong passphrase")
	two := in(dir).with("CAREKEEPER_PASSPHRASE", "second passphrase")
	if out := two.run(t, "profile", "list").ok(t).stdout; !strings.Contains(out, "Keeper") {
		t.Errorf("after passwd: %s", out)
	}
	// recover, with the code typed at the terminal and the new passphrase from the environment.
	r := runner{env: map[string]string{"CAREKEEPER_DATA": dir, "CAREKEEPER_NEW_PASSPHRASE": "third passphrase"}, password: [][]byte{[]byte(strings.ToLower(tmpl.code))}}
	before = testutil.SnapshotDir(t, dir)
	r.run(t, "recover").ok(t)
	onlyKeyFile("recover", before)
	two.run(t, "profile", "list").fails(t, 1, "wrong passphrase")
	three := in(dir).with("CAREKEEPER_PASSPHRASE", "third passphrase")
	three.run(t, "profile", "list").ok(t)
	// recover from the environment, new passphrase typed twice.
	r = runner{env: map[string]string{"CAREKEEPER_DATA": dir, "CAREKEEPER_RECOVERY_CODE": tmpl.code}, password: [][]byte{[]byte("fourth"), []byte("fourth")}}
	r.run(t, "recover").ok(t)
	three.run(t, "profile", "list").fails(t, 1, "wrong passphrase")
	in(dir).with("CAREKEEPER_PASSPHRASE", "fourth").run(t, "profile", "list").ok(t)
}

func TestProfileCommands(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	if out := r.run(t, "profile", "list", "--json").ok(t).stdout; out != "[]\n" {
		t.Errorf("empty list: %q", out)
	}
	if out := r.run(t, "profile", "list").ok(t).stdout; !strings.Contains(out, "No people") {
		t.Errorf("empty text list: %q", out)
	}
	// F187: said in words (it printed the id alone), the id kept for --profile
	said := r.run(t, "profile", "add", "--name", "Ann Example", "--birth-date", "1990-02-03").ok(t).stdout
	m := regexp.MustCompile(`^Added Ann Example \(born 3 Feb 1990\)\. Use --profile ([0-9a-f]{12}) for their records\.\n$`).FindStringSubmatch(said)
	if m == nil {
		t.Fatalf("profile add said %q, want 'Added Ann Example (born 3 Feb 1990). Use --profile ID for their records.'", said)
	}
	id := m[1]
	var added map[string]string
	out := r.run(t, "profile", "add", "--json", "--name", "Ben").ok(t).stdout
	if err := json.Unmarshal([]byte(out), &added); err != nil || added["name"] != "Ben" || added["id"] == "" || len(added) != 3 {
		t.Errorf("profile add --json: %q", out)
	}
	var list []map[string]any
	out = r.run(t, "profile", "list", "--json").ok(t).stdout
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 2 {
		t.Fatalf("profile list --json: %q", out)
	}
	want := []map[string]any{{"id": id, "name": "Ann Example", "birthDate": "1990-02-03"}, {"id": added["id"], "name": "Ben", "birthDate": ""}}
	for i := range want {
		if len(list[i]) != 3 || list[i]["id"] != want[i]["id"] || list[i]["name"] != want[i]["name"] || list[i]["birthDate"] != want[i]["birthDate"] {
			t.Errorf("profile %d: %v, want %v", i, list[i], want[i])
		}
	}
	if out := r.run(t, "profile", "list").ok(t).stdout; !strings.Contains(out, id) || !strings.Contains(out, "Ann Example") || !strings.Contains(out, "3 Feb 1990") {
		t.Errorf("text list:\n%s", out)
	}
}

func TestProfileDelete(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	path := testutil.Fixture(t, "synthea/Gustavo_Mej*.json")
	l := importLines(t, r.run(t, "import", "--json", path).ok(t).stdout)
	var pid string
	json.Unmarshal(l[0]["profile"], &pid)
	other := addedProfile(t, r, "--name", "Nobody")
	var kept []json.RawMessage
	json.Unmarshal([]byte(r.run(t, "records", "--json", "--profile", pid).ok(t).stdout), &kept)
	if len(kept) == 0 {
		t.Fatal("the import stored no records")
	}

	r.run(t, "profile", "delete", "--profile", pid).fails(t, 2, "--yes")
	r.run(t, "profile", "delete").fails(t, 2, "--profile")
	r.run(t, "profile", "delete", "--profile", "nobody", "--yes").fails(t, 1)
	term := r
	term.password, term.stdin = [][]byte{}, "no\n"
	res := term.run(t, "profile", "delete", "--profile", pid)
	if res.code != 1 || !regexp.MustCompile(fmt.Sprintf(`their %d records, and \d+ shared records? only they refer to`, len(kept))).MatchString(res.stderr) ||
		!strings.Contains(res.stderr, "nothing deleted") {
		t.Errorf("answering no: exit %d, stderr %q", res.code, res.stderr)
	}
	var after []json.RawMessage
	json.Unmarshal([]byte(r.run(t, "records", "--json", "--profile", pid).ok(t).stdout), &after)
	if len(after) != len(kept) {
		t.Fatalf("a refused delete removed records: %d of %d left", len(after), len(kept))
	}

	var out map[string]any
	if err := json.Unmarshal([]byte(r.run(t, "profile", "delete", "--json", "--yes", "--profile", pid).ok(t).stdout), &out); err != nil ||
		out["id"] != pid || out["records"] != float64(len(kept)) || out["shared"] == float64(0) {
		t.Errorf("profile delete --json: %v %v", out, err)
	}
	var list []map[string]any
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &list)
	if len(list) != 1 || list[0]["id"] != other {
		t.Errorf("people after delete: %v", list)
	}
	r.run(t, "records", "--profile", pid).fails(t, 1)
	term.stdin = "yes\n"
	if res := term.run(t, "profile", "delete", "--profile", other); res.code != 0 || !strings.Contains(res.stdout, "Deleted Nobody: 0 records") {
		t.Errorf("terminal delete: exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
	}
}

// importLines parses `import --json` output: one object per file and line, with exactly the
// contract's keys.
// intakeKeys are the keys intake.Summary adds to sync's Summary in `import --json`.
var intakeKeys = map[string]bool{"format": true, "made": true, "text_only": true, "kept_newer": true, "skipped": true, "cards": true, "measurements": true, "birth_date_after_today": true, "zones": true}

// peopleKeys are sync's optional keys: whose records the file holds, and which were new.
var peopleKeys = map[string]bool{"people": true, "new_people": true}

func importLines(t *testing.T, out string) []map[string]json.RawMessage {
	t.Helper()
	var res []map[string]json.RawMessage
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("import --json line %q: %v", l, err)
		}
		var keys []string
		for k := range m {
			if !intakeKeys[k] && !peopleKeys[k] { // what intake adds for converted files; the people
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != "added,file,profile,unchanged,updated" {
			t.Errorf("import --json keys %v", keys)
		}
		res = append(res, m)
	}
	return res
}

func counts(t *testing.T, raw json.RawMessage) map[string]int {
	var m map[string]int
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		t.Fatalf("counts %s: %v", raw, err)
	}
	return m
}

func TestImportCommand(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	clemente := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	buster := testutil.Fixture(t, "synthea/Buster_Hoeger_*.json")
	res := r.run(t, "import", "--json", clemente, buster).ok(t)
	lines := importLines(t, res.stdout)
	if len(lines) != 2 {
		t.Fatalf("%d lines for 2 files", len(lines))
	}
	var file string
	json.Unmarshal(lines[0]["file"], &file)
	if file != clemente {
		t.Errorf("file %q", file)
	}
	if a := counts(t, lines[0]["added"]); a["Observation"] != 48 || a["Patient"] != 1 || len(counts(t, lines[0]["updated"])) != 0 {
		t.Errorf("clemente: %s", res.stdout)
	}
	// Again: everything unchanged, into the same profiles; the records are the same.
	records := r.run(t, "records", "--json").ok(t).stdout
	again := importLines(t, r.run(t, "import", "--json", clemente, buster).ok(t).stdout)
	if r.run(t, "records", "--json").ok(t).stdout != records {
		t.Error("re-importing changed the records")
	}
	for i, n := range []string{"70", "66"} {
		if string(again[i]["unchanged"]) != n || string(again[i]["added"]) != "{}" || string(again[i]["updated"]) != "{}" || string(again[i]["profile"]) != string(lines[i]["profile"]) {
			t.Errorf("re-import %d: %v", i, again[i])
		}
	}
	// Text output.
	if out := r.run(t, "import", clemente).ok(t).stdout; out != clemente+": nothing new: 70 records already there; for Clemente Kreiger\n" {
		t.Errorf("text output %q", out)
	}
	// --profile.
	var pid string
	json.Unmarshal(lines[0]["profile"], &pid)
	other := addedProfile(t, r, "--name", "Other")
	ned := testutil.Fixture(t, "synthea/Ned_Hintz_*.json")
	// The file is for someone else: refused with one line naming both, nothing imported.
	r.run(t, "import", "--profile", other, ned).fails(t, 1, ned+": not imported: the person in this file has a different name from the person chosen; add --force to import it into the person chosen anyway")
	if out := r.run(t, "records", "--profile", other).ok(t).stdout; strings.Count(out, "\n") != 1 {
		t.Errorf("refused import stored records:\n%s", out)
	}
	l := importLines(t, r.run(t, "import", "--json", "--force", "--profile", other, ned).ok(t).stdout)
	if string(l[0]["profile"]) != `"`+other+`"` {
		t.Errorf("--profile: %v", l[0])
	}
	r.run(t, "import", "--profile", "nosuchprofile", ned).fails(t, 1, "nosuchprofile", "no such profile")
	if ps := r.run(t, "profile", "list", "--json").ok(t).stdout; strings.Count(ps, `"id"`) != 3 {
		t.Errorf("profiles: %s", ps)
	}
}

// A bad file: exactly one line on stderr naming the file and what is wrong, no content,
// exit 1, vault unchanged. With good files beside it, they stay imported.
func TestImportBadFiles(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	good := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	r.run(t, "import", good).ok(t)
	dump := func() string { return r.run(t, "records", "--json").ok(t).stdout }
	before := dump()
	tmp := t.TempDir()
	const secretName = "Quattlebaum"
	cases := []struct{ name, content, want string }{
		{"notjson.json", "Patient " + secretName + " has diabetes", "not valid JSON"},
		{"truncated.json", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","name":[{"family":"` + secretName, "not valid JSON"},
		{"nofhir.json", `{"patient":"` + secretName + `"}`, "it is JSON, but not health records"},
		{"unknown.json", `{"resourceType":"Patientt","name":[{"family":"` + secretName + `"}]}`, "unknown resourceType"},
		{"entries.json", `{"resourceType":"Bundle","entry":[{"resource":{"family":"` + secretName + `"}}]}`, "resourceType"},
		{"utf8.json", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + secretName + "\xc3\x28\"}]}", "UTF-8"},
		{"deep.json", `{"resourceType":"Patient","x":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`, "nesting"},
		{"empty.json", "", "empty"},
		{"cut.json.gz", string(testutil.Gzip([]byte(`{"resourceType":"Patient","name":[{"family":"` + secretName + `"}]}`))[:20]), "gzip"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(tmp, c.name)
			os.WriteFile(path, []byte(c.content), 0o600)
			res := r.run(t, "import", path).fails(t, 1, path, c.want)
			if strings.Contains(res.stderr, secretName) {
				t.Errorf("stderr shows the file's content: %q", res.stderr)
			}
			if res.stdout != "" {
				t.Errorf("stdout %q", res.stdout)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(tmp, "does-not-exist.json")
		r.run(t, "import", "--json", path).fails(t, 1, path, "no such file")
	})
	if dump() != before {
		t.Fatal("bad files changed the vault")
	}
	t.Run("mixed", func(t *testing.T) {
		bad := filepath.Join(tmp, "notjson.json")
		buster := testutil.Fixture(t, "synthea/Buster_Hoeger_*.json")
		res := r.run(t, "import", "--json", bad, buster)
		if res.code != 1 {
			t.Errorf("exit %d, want 1", res.code)
		}
		oneLine(t, res.stderr)
		if !strings.Contains(res.stderr, bad) || strings.Contains(res.stderr, buster) {
			t.Errorf("stderr %q", res.stderr)
		}
		l := importLines(t, res.stdout)
		if len(l) != 1 || counts(t, l[0]["added"])["Observation"] != 33 {
			t.Errorf("stdout %q", res.stdout)
		}
		// Two bad files: one line each.
		res = r.run(t, "import", bad, buster, filepath.Join(tmp, "empty.json"))
		if res.code != 1 || strings.Count(res.stderr, "\n") != 2 {
			t.Errorf("two bad files: exit %d, stderr %q", res.code, res.stderr)
		}
		if out := r.run(t, "records", "--json", "--type", "Patient").ok(t).stdout; strings.Count(out, `"resourceType":"Patient"`) != 2 {
			t.Errorf("the good file is not imported: %s", out)
		}
	})
}

func TestRecordsCommand(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	if out := r.run(t, "records", "--json").ok(t).stdout; !json.Valid([]byte(out)) || strings.TrimSpace(strings.ReplaceAll(out, "\n", "")) != "[]" {
		t.Errorf("empty vault: %q", out)
	}
	path := testutil.Fixture(t, "synthea/Gustavo_Mej*.json")
	l := importLines(t, r.run(t, "import", "--json", path).ok(t).stdout)
	var pid string
	json.Unmarshal(l[0]["profile"], &pid)
	other := addedProfile(t, r, "--name", "Nobody")
	var all []json.RawMessage
	out := r.run(t, "records", "--json").ok(t).stdout
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("records --json: %v", err)
	}
	// Verbatim: the stored resources are the file's, deep-equal with numbers as written.
	var want, got []string
	for _, e := range testutil.Entries(t, testutil.ReadFile(t, path)) {
		b, _ := json.Marshal(testutil.DecodeJSON(t, e.Resource))
		want = append(want, string(b))
	}
	for _, raw := range all {
		b, _ := json.Marshal(testutil.DecodeJSON(t, raw))
		got = append(got, string(b))
	}
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("records --json (%d) is not the file's resources (%d)", len(got), len(want))
	}
	for _, c := range []struct {
		args []string
		n    int
	}{
		{[]string{"--type", "Observation"}, 44},
		{[]string{"--type", "Observation", "--profile", pid}, 44},
		{[]string{"--profile", pid}, 76}, // the Organization and Practitioner are shared
		{[]string{"--profile", other}, 0},
		{[]string{"--type", "Organization"}, 1},
		{[]string{"--type", "Basic"}, 0}, // a type the file has none of ("Nothing" is refused: F110)
	} {
		var rs []map[string]any
		out := r.run(t, append([]string{"records", "--json"}, c.args...)...).ok(t).stdout
		if err := json.Unmarshal([]byte(out), &rs); err != nil || len(rs) != c.n {
			t.Errorf("records %v: %d (%v), want %d", c.args, len(rs), err, c.n)
		}
		for _, x := range rs {
			if len(c.args) > 1 && c.args[0] == "--type" && x["resourceType"] != c.args[1] {
				t.Errorf("records %v returned a %v", c.args, x["resourceType"])
			}
		}
	}
	r.run(t, "records", "--profile", "nosuchprofile").fails(t, 1, "no such profile")
	text := r.run(t, "records", "--type", "Patient").ok(t).stdout
	if !strings.HasPrefix(text, "TYPE") || !strings.Contains(text, "Patient") || strings.Count(text, "\n") != 2 {
		t.Errorf("text output:\n%s", text)
	}
}

func TestExportCommand(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	path := testutil.Fixture(t, "synthea/Buster_Hoeger_*.json")
	l := importLines(t, r.run(t, "import", "--json", path).ok(t).stdout)
	var pid string
	json.Unmarshal(l[0]["profile"], &pid)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "buster.json")
	res := r.run(t, "export", "--json", "--profile", pid, "--out", out).ok(t)
	var info struct {
		File    string `json:"file"`
		Entries int    `json:"entries"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &info); err != nil || info.File != out || info.Entries != 66 {
		t.Errorf("export --json: %q", res.stdout)
	}
	st, err := os.Stat(out)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", st, err)
	}
	var b struct {
		ResourceType, Type string
		Entry              []json.RawMessage
	}
	if err := json.Unmarshal(testutil.ReadFile(t, out), &b); err != nil || b.ResourceType != "Bundle" || b.Type != "collection" || len(b.Entry) != 66 {
		t.Errorf("export: %v %s %s %d", err, b.ResourceType, b.Type, len(b.Entry))
	}
	whole := filepath.Join(tmp, "all.json")
	if res := r.run(t, "export", "--out", whole).ok(t); !strings.Contains(res.stdout, "66") || !strings.Contains(res.stdout, "plaintext") {
		t.Errorf("text output %q", res.stdout)
	}
	r.run(t, "export", "--out", filepath.Join(tmp, "no", "such", "dir.json")).fails(t, 1, "export")
	r.run(t, "export", "--profile", "nosuchprofile", "--out", filepath.Join(tmp, "x.json")).fails(t, 1, "no such profile")
	if _, err := os.Stat(filepath.Join(tmp, "x.json")); err == nil {
		t.Error("a failed export left a file")
	}
}

// Every command that opens the vault: a wrong passphrase is one line, exit 1, and not one byte
// of the vault changes.
func TestWrongPassphrase(t *testing.T) {
	dir := newVault(t)
	good := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	in(dir).run(t, "import", good).ok(t)
	out := filepath.Join(t.TempDir(), "out.json")
	wrong := in(dir).with("CAREKEEPER_PASSPHRASE", "not the passphrase", "CAREKEEPER_NEW_PASSPHRASE", "new")
	before := testutil.SnapshotDir(t, dir)
	for _, args := range [][]string{
		{"records", "--json"},
		{"import", good},
		{"export", "--out", out},
		{"profile", "list"},
		{"profile", "add", "--name", "X"},
		{"passwd"},
	} {
		res := wrong.run(t, args...).fails(t, 1, "wrong passphrase")
		if res.stdout != "" {
			t.Errorf("%v: stdout %q", args, res.stdout)
		}
	}
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Errorf("wrong passphrases changed the vault: %s", d)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("export wrote a file")
	}
}

func TestVaultInUseAndMissing(t *testing.T) {
	dir := newVault(t)
	v, err := storage.Open(dir, []byte(pass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := in(dir).run(t, "records")
	if res.code != 1 || res.stderr != "carekeeper records: this vault is open in another CareKeeper\n" {
		t.Errorf("in use: exit %d, stderr %q", res.code, res.stderr)
	}
	in(dir).with("CAREKEEPER_NEW_PASSPHRASE", "x").run(t, "passwd").fails(t, 1, "this vault is open in another CareKeeper")
	v.Close()
	in(dir).run(t, "records").ok(t)

	empty := t.TempDir()
	for _, args := range [][]string{{"records"}, {"import", "x.json"}, {"profile", "list"}, {"passwd"}, {"recover"}, {"export", "--out", "x"}} {
		in(empty).run(t, args...).fails(t, 1, "no vault here")
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("commands on a directory without vault created %d entries", len(entries))
	}
}

// bigPassFile is a 1 GiB sparse file: refused by its size, never read.
func bigPassFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 1<<30); err != nil {
		t.Fatal(err)
	}
	return p
}

// A name full of terminal escapes neither clears the screen nor forges rows in a text listing;
// the JSON output keeps it exactly.
func TestTextOutputEscapesControlCharacters(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	evil := "\x1b[2J\x1b[HMallory\nfake-id\tForged Person\t1900-01-01\a\u009b31m\u202e"
	r.run(t, "profile", "add", "--name", evil).ok(t)
	out := r.run(t, "profile", "list").ok(t).stdout
	if strings.ContainsAny(out, "\x1b\a\r\u009b\u202e") {
		t.Errorf("control characters reach the terminal: %q", out)
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("%d lines, want a header and one person: %q", n, out)
	}
	if !strings.Contains(out, `\x1b[2J\x1b[HMallory\nfake-id\tForged Person`) {
		t.Errorf("the name is not shown escaped: %q", out)
	}
	var ps []map[string]string
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil || len(ps) != 1 || ps[0]["name"] != evil {
		t.Errorf("--json: %v %q", err, ps)
	}
}

// The text tables' headers are ours: their tabs separate columns and are never shown escaped
// as "\t" (the escaping of data once reached the header rows).
func TestTextTableHeaders(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	r.run(t, "import", livingBundle(t)).ok(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	base, err := fhirtest.New(nil, fhirtest.Options{}).Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.run(t, "portal", "add", "--name", "Example portal", "--fhir", base, "--client-id", fhirtest.DefaultClientID).ok(t)
	for _, c := range []struct {
		args   []string
		header string
	}{
		{[]string{"profile", "list"}, "ID  "},
		{[]string{"records"}, "TYPE  "},
		{[]string{"reminders", "--from", time.Now().Format("2006-01-02"), "--to", time.Now().AddDate(0, 0, 2).Format("2006-01-02")}, "AT  "},
		{[]string{"schedule", "list"}, "PERSON  "},
		{[]string{"portal", "list"}, "ID  "},
	} {
		out := r.run(t, c.args...).ok(t).stdout
		first, _, _ := strings.Cut(out, "\n")
		if strings.Contains(first, `\t`) || !strings.HasPrefix(first, c.header) {
			t.Errorf("%v: header %q, want columns starting %q", c.args, first, c.header)
		}
	}
}
