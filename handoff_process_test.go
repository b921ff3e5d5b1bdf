//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"carekeeper/internal/handoff"
	"carekeeper/internal/testutil"

	"golang.org/x/sys/unix"
)

// pairedBinary is the app binary with carekeeper-cli of the same build beside it, as `make
// build` and the Linux packages install them: its commands run in carekeeper-cli.
func pairedBinary(t *testing.T) (app, cli string) {
	t.Helper()
	dir := t.TempDir()
	app, cli = filepath.Join(dir, "carekeeper"), filepath.Join(dir, handoff.CLIName)
	if err := os.Link(binary(t), app); err != nil {
		data, err := os.ReadFile(binary(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(app, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(goTool(), "build", "-o", cli, "./cmd/carekeeper-cli").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return app, cli
}

func runBin(t *testing.T, bin string, env []string, stdin string, args ...string) proc {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
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

// TestProcessHandOff: `carekeeper COMMAND` with carekeeper-cli beside it runs the command in
// carekeeper-cli (the same process: /proc/PID/exe), and what a person sees is what the app
// binary alone does: exit codes, standard output and error, the environment, standard input
// and the passphrase asked on the terminal.
func TestProcessHandOff(t *testing.T) {
	alone := binary(t)
	paired, cli := pairedBinary(t)
	dir, _ := newVault(t)
	fix := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	runBin(t, alone, childEnv(dir), "", "import", fix).ok(t)
	pass := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(pass, []byte(procPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	noPass := childEnv(dir, "CAREKEEPER_PASSPHRASE=")
	for _, tc := range []struct {
		name  string
		env   []string
		stdin string
		args  []string
	}{
		{"version", childEnv(dir), "", []string{"version"}},
		{"help", childEnv(dir), "", []string{"help", "records"}},
		{"usage error", childEnv(dir), "", []string{"import"}},
		{"unknown command", childEnv(dir), "", []string{"frobnicate"}},
		{"records", childEnv(dir), "", []string{"records", "--type", "Observation", "--json"}},
		{"wrong passphrase", childEnv(dir, "CAREKEEPER_PASSPHRASE=wrong"), "", []string{"profile", "list"}},
		{"no passphrase, no terminal", noPass, "", []string{"profile", "list"}},
		{"passphrase file", noPass, "", []string{"profile", "list", "--passphrase-file", pass}},
		{"data directory from a flag", childEnv(t.TempDir()), "", []string{"profile", "list", "--json", "--data", dir}},
		{"delete without a terminal", childEnv(dir), "yes\n", []string{"profile", "delete", "--profile", profiles(t, dir)[0]["id"]}},
	} {
		a := runBin(t, alone, tc.env, tc.stdin, tc.args...)
		p := runBin(t, paired, tc.env, tc.stdin, tc.args...)
		if a != p {
			t.Errorf("%s: the app alone: %+v\nwith carekeeper-cli beside it: %+v", tc.name, a, p)
		}
	}

	// On a terminal: the passphrase asked, and an answer typed (the standard input). The
	// paired command runs in carekeeper-cli: the process waiting for the answer is that binary.
	id := profiles(t, dir)[0]["id"]
	for _, b := range []string{alone, paired} {
		var exe string
		out, stderr := onTerminal(t, b, childEnv(dir), "Type yes to delete: ", "no\n", func(pid int) {
			exe, _ = os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
		}, "profile", "delete", "--profile", id)
		if out != "" || !strings.HasSuffix(stderr, "nothing deleted\n") {
			t.Errorf("%s: profile delete answered no: stdout %q, stderr %q", b, out, stderr)
		}
		if b == paired && exe != cli {
			t.Errorf("the command ran in %q, want %q", exe, cli)
		}
	}
	// The passphrase asked on the terminal.
	for _, b := range []string{alone, paired} {
		out, stderr := onTerminal(t, b, childEnv(dir, "CAREKEEPER_PASSPHRASE="), "Passphrase: ", procPass+"\n", nil, "profile", "list", "--json")
		if !strings.HasPrefix(stderr, "Passphrase: ") || !strings.Contains(out, `"id"`) {
			t.Errorf("%s on a terminal: stdout %q, stderr %q", b, out, stderr)
		}
	}
}

// readUntil reads r until what it read ends with suffix, or r ends, and returns what it read.
func readUntil(r io.Reader, suffix string) string {
	var got []byte
	b := make([]byte, 1)
	for !bytes.HasSuffix(got, []byte(suffix)) {
		if n, err := r.Read(b); n == 0 && err != nil {
			break
		}
		got = append(got, b[0])
	}
	return string(got)
}

// onTerminal runs bin with a pseudo-terminal as its controlling terminal and standard input,
// waits until it asks prompt on standard error, calls asked (if not nil) with its process id,
// types input, and returns standard output and error.
func onTerminal(t *testing.T, bin string, env []string, prompt, input string, asked func(pid int), args ...string) (stdout, stderr string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin = s
	var out bytes.Buffer
	cmd.Stdout = &out
	errp, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, m) // what the terminal echoes
	got := readUntil(errp, prompt)
	if asked != nil {
		asked(cmd.Process.Pid)
	}
	io.WriteString(m, input)
	rest, _ := io.ReadAll(errp)
	cmd.Wait()
	return out.String(), got + string(rest)
}
