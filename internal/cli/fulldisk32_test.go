//go:build linux

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"carekeeper/internal/testutil"
)

// F402: on a computer whose vault's disk is full, 'household sync' said "the disk holding the
// vault is full" (exit 1) — but 'household status' and 'household devices' said only that
// too, exit 1 (every household open wrote, durably, the removal of a view-only list never
// stored), and with that write gone the status said "In step with 1 device" while every
// exchange failed and the other computer's changes waited. Now status and devices say what
// this computer knows, and the status says the exchange fails for the full disk; once space
// is freed it is in step again.
func TestHouseholdStatusOnAFullDisk(t *testing.T) {
	disk := testutil.MountTmpfs(t, "192m")
	// The second computer's vault on the small disk: its key file, as newVault makes it.
	tmpl := newVault(t)
	bDir := filepath.Join(disk, "vault")
	if err := os.Mkdir(bDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(tmpl)
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(tmpl, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bDir, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	folder := t.TempDir()
	a, b := in(newVault(t)), in(bDir)
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	dad := addedProfile(t, a, "--name", "Dad", "--birth-date", "1950-01-01")
	a.run(t, "household", "sync").ok(t)
	code := strings.TrimSpace(strings.SplitN(a.run(t, "household", "invite").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Small disk", "--wait", "60")
	}()
	for done := false; !done; {
		a.run(t, "household", "sync").ok(t)
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	if out := b.run(t, "household", "status").ok(t).stdout; !strings.Contains(out, "In step with 1 device") {
		t.Fatalf("status before the disk fills: %q", out)
	}
	// Fill the disk but for 4 MiB: the vault opens read-only.
	var st unix.Statfs_t
	if err := unix.Statfs(disk, &st); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(disk, "filler")
	f, err := os.OpenFile(filler, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Fallocate(int(f.Fd()), 0, 0, int64(st.Bavail)*st.Bsize-4<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	a.run(t, "appointment", "add", "--profile", dad, "--start", "2030-03-05T15:00:00Z", "--title", "Dentist").ok(t)
	a.run(t, "household", "sync").ok(t)
	full := "the disk holding the vault is full"
	b.run(t, "household", "sync").fails(t, 1, full)
	out := b.run(t, "household", "status").ok(t).stdout
	if strings.Contains(out, "In step") || !strings.Contains(out, full) {
		t.Errorf("status on the full disk: %q", out)
	}
	if out := b.run(t, "household", "devices").ok(t).stdout; !strings.Contains(out, "Small disk (this device)") || !strings.Contains(out, "Dad's laptop") {
		t.Errorf("devices on the full disk: %q", out)
	}
	os.Remove(filler)
	b.run(t, "household", "sync").ok(t)
	if out := b.run(t, "household", "status").ok(t).stdout; !strings.Contains(out, "In step with 1 device") {
		t.Errorf("status once space is freed: %q", out)
	}
	if recs := b.run(t, "records", "--profile", dad, "--type", "Appointment").ok(t).stdout; !strings.Contains(recs, "5 Mar 2030") {
		t.Errorf("the appointment made while the disk was full: %q", recs)
	}
}
