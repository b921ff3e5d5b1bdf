package hhvault

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"carekeeper/sync/household"
	"carekeeper/sync/transport"
)

// fullDisk is the shared folder whose disk is full: it lists and reads, nothing can be created.
type fullDisk struct{ transport.Transport }

func (fullDisk) Create(ctx context.Context, name string, data []byte) error {
	return fmt.Errorf("the shared folder: create %s: %w", name, syscall.ENOSPC)
}

// F96: the status says "In step" only when it is true as far as this device can know. Changes
// made here that could not be sent, a member's files refused here, a member not heard from:
// each is said with what to do, in the line the app's Today and Settings and 'household status'
// show (it said "In step with 1 device, 1 minute ago" in each case).
func TestStatusSaysWhatIsNotInStep(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Folder: dir}
	va, vb := openVault(t), openVault(t)
	ha, err := Create(ctx, va, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, va, ha, time.Now()); err != nil {
		t.Fatal(err)
	}
	if st := MakeStatus(ha, cfg, LoadLast(va), time.Now()); st.Line != "No other device in the household; last exchange less than a minute ago" {
		t.Errorf("status alone: %q", st.Line)
	}
	hb := joinWith(t, ha, vb, cfg)
	exchangeAll(t, ha, hb)
	exchangeAll(t, ha, hb)
	t0 := time.Now()
	if st := MakeStatus(ha, cfg, LoadLast(va), t0.Add(time.Minute)); st.Line != "In step with 1 device, 1 minute ago" || len(st.Warnings) != 0 {
		t.Fatalf("status in step: %q %q", st.Line, st.Warnings)
	}

	// Changes made on the tablet cannot reach the folder (its disk is full).
	for _, name := range []string{"Dad", "Mum", "Ann", "Bob"} {
		if _, err := vb.AddProfile(name, ""); err != nil {
			t.Fatal(err)
		}
	}
	ft, err := cfg.Transport(nil)
	if err != nil {
		t.Fatal(err)
	}
	hfull, err := household.Open(ctx, Replica{V: vb}, fullDisk{ft})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, vb, hfull, t0); err == nil {
		t.Fatal("an exchange with a full disk worked")
	}
	want := "Last in step less than a minute ago. The last 4 changes made on this computer have not reached the shared folder: the disk of the shared folder " + dir + " is full"
	if st := MakeStatus(hfull, cfg, LoadLast(vb), t0.Add(time.Second)); st.Line != want {
		t.Errorf("status with changes not sent:\n%q\nwant\n%q", st.Line, want)
	}
	// The folder not there: said, with the changes waiting.
	if err := os.Rename(dir, dir+"-away"); err != nil {
		t.Fatal(err)
	}
	st := MakeStatus(hfull, cfg, LoadLast(vb), t0.Add(time.Second))
	if len(st.Warnings) == 0 || st.Warnings[0] != "The last 4 changes made on this computer have not reached the shared folder: they go once it is back" || st.Unreachable == "" {
		t.Errorf("status with the folder gone: %q %q %q", st.Line, st.Unreachable, st.Warnings)
	}
	if err := os.Rename(dir+"-away", dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, vb, hb, t0); err != nil { // the disk has room again: sent
		t.Fatal(err)
	}
	if st := MakeStatus(hb, cfg, LoadLast(vb), t0.Add(time.Minute)); st.Line != "In step with 1 device, 1 minute ago" {
		t.Errorf("status once sent: %q %q", st.Line, st.Warnings)
	}

	// A file in the desk's folder is refused on the tablet: not in step with the desk.
	junk := filepath.Join(dir, "d", ha.DeviceID(), "0123456789abcdef-00000099.seg")
	if err := os.WriteFile(junk, []byte("not a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, vb, hb, t0); err != nil {
		t.Fatal(err)
	}
	st = MakeStatus(hb, cfg, LoadLast(vb), t0.Add(time.Minute))
	if st.Line != "Not in step with Desk" || st.InStep != 0 || len(st.Warnings) != 1 ||
		st.Warnings[0] != "1 file from Desk cannot be used here: it is damaged, or changed after Desk wrote it. What is in it has not reached this computer; if nobody changed the shared folder by hand, check its sync app" {
		t.Errorf("status with a refused file: %q %q", st.Line, st.Warnings)
	}
	if err := os.Remove(junk); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, vb, hb, t0); err != nil {
		t.Fatal(err)
	}
	if st := MakeStatus(hb, cfg, LoadLast(vb), t0.Add(time.Minute)); st.Line != "In step with 1 device, 1 minute ago" || len(st.Warnings) != 0 {
		t.Errorf("status once the file went: %q %q", st.Line, st.Warnings)
	}

	// The desk's clock is 2 hours ahead of the tablet's: its files (a new person's key and
	// records) are kept aside, said with what to
	// do (it said "In step"), and taken once the tablet's clock catches up.
	if _, err := va.AddProfile("Ann", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, va, ha, time.Now()); err != nil {
		t.Fatal(err)
	}
	behindNow := time.Now().Add(-2 * time.Hour)
	rep, err := Exchange(ctx, vb, hb, behindNow)
	if err != nil || len(rep.Refused) != 2 || rep.Refused[0].Bad || rep.Refused[0].Reason != "written by a device whose clock is 2 hours ahead; kept aside until this device's clock catches up" {
		t.Fatalf("a file from a clock ahead: %+v %v", rep.Refused, err)
	}
	st = MakeStatus(hb, cfg, LoadLast(vb), behindNow)
	if st.Line != "Not in step with Desk" || len(st.Warnings) != 1 || st.Warnings[0] != "2 files from Desk are kept aside: its clock is 2 hours ahead of this computer's, and what is in them is used once this clock catches up. Set the right time on Desk (or on this computer)" {
		t.Errorf("status with a clock ahead: %q %q", st.Line, st.Warnings)
	}
	if _, err := Exchange(ctx, vb, hb, time.Now()); err != nil {
		t.Fatal(err)
	}
	if st := MakeStatus(hb, cfg, LoadLast(vb), time.Now()); st.Line != "In step with 1 device, less than a minute ago" || len(st.Warnings) != 0 {
		t.Errorf("status once the clock caught up: %q %q", st.Line, st.Warnings)
	}

	// The tablet is not heard from: after 2 hours the desk says when it last was, after 3 days
	// that it has not sent anything since that day.
	seen := t0
	for _, d := range ha.Devices() {
		if d.Name == "Tablet" {
			seen = d.LastSeen
		}
	}
	later := seen.Add(2 * time.Hour)
	if st := MakeStatus(ha, cfg, Last{OK: later, At: later}, later); st.Line != "Last exchange less than a minute ago; last heard from Tablet 2 hours ago" {
		t.Errorf("status 2 hours on: %q %q", st.Line, st.Warnings)
	}
	later = seen.Add(3 * 24 * time.Hour).Local() // now on this computer's clock: the day is said on it (F531)
	st = MakeStatus(ha, cfg, Last{OK: later, At: later}, later)
	if st.Line != "Not in step with Tablet" || len(st.Warnings) != 1 ||
		st.Warnings[0] != "Nothing from Tablet has reached this computer since "+seen.Local().Format("2 Jan 2006")+" (3 days ago): what was changed on it since is not here; check that it is on and that the sync app runs on both" {
		t.Errorf("status 3 days on: %q %q", st.Line, st.Warnings)
	}
}
