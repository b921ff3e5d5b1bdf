package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/sync/fhirtest"
)

// F525 item 2: 'portal connect' cancelled with Ctrl-C while it waited for the browser's
// sign-in said "carekeeper portal: smart: waiting for the sign-in: context canceled". It says
// what happened, in words, and exits 1; the portal stays not connected.
func TestProcessPortalConnectCancelledInWords(t *testing.T) {
	ds, err := fhirtest.Load(testutil.Fixture(t, "synthea/synthea_Carl856_Powlowski563_*.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := fhirtest.New(ds, fhirtest.Options{})
	sctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, err := srv.Start(sctx)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := newVault(t)
	env := childEnv(dir)
	p := run(t, env, "portal", "add", "--name", "Test portal", "--fhir", base, "--client-id", fhirtest.DefaultClientID, "--json").ok(t)
	var added struct{ ID string }
	if err := json.Unmarshal([]byte(p.stdout), &added); err != nil || added.ID == "" {
		t.Fatalf("portal add printed %q", p.stdout)
	}
	cmd := exec.Command(binary(t), "portal", "connect", added.ID, "--json")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || !strings.Contains(line, "authorizeURL") {
		t.Fatalf("portal connect printed %q first: %v (stderr %q)", line, err, errb.String())
	}
	// The person gives up: Ctrl-C in the terminal.
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("portal connect after Ctrl-C: %v, want exit 1 (stderr %q)", err, errb.String())
	}
	if got := strings.TrimSpace(errb.String()); got != "carekeeper portal: sign-in cancelled: nothing was changed" {
		t.Errorf("stderr %q", got)
	}
	if out := run(t, env, "portal", "list").ok(t).stdout; strings.Contains(strings.ToLower(out), "connected") && !strings.Contains(strings.ToLower(out), "not connected") {
		t.Errorf("portal list after a cancelled sign-in:\n%s", out)
	}
}
