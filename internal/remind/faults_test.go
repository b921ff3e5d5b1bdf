package remind

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// Issue 12 §1: a notification is never shown unless its "shown" mark is on disk. With the
// vault unable to write, nothing is shown and nothing is marked in memory; once it can write
// again the reminder is shown (once).
func TestNoNotificationWithoutDurableMark(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	v := r.v.(*storage.Vault)
	dir := v.Dir()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if ms := r.at(day(8, 0)); len(ms) != 0 {
		t.Fatalf("shown although its mark could not be saved: %v", titles(ms))
	}
	if next := r.e.Step(context.Background()); !next.After(day(8, 0)) {
		t.Errorf("retries at once (%v): a busy loop", next)
	}
	if len(r.e.DueNow()) != 0 {
		t.Error("marked as shown in memory")
	}
	// The vault is back (reopened, as after an unlock).
	v2, err := storage.OpenWithKey(dir, keyTmpl.key, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v2.Close() })
	r.e.mu.Lock()
	r.e.v = v2
	r.e.mu.Unlock()
	if ms := r.at(day(8, 1)); len(ms) != 1 || !strings.HasPrefix(ms[0].Title, "Mum — 08:00 medicines") {
		t.Fatalf("after the vault came back: %v", titles(ms))
	}
	if st := stateKeys(t, v2, "remind/occ/"); len(st) != 1 {
		t.Errorf("marks on disk: %v", st)
	}
}

// Issue 12 §1: the watermark saved on stop is not ignored: Run reports the failure.
func TestStopReportsWatermarkFailure(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	r := newRig(t, "Europe/London", time.Date(2026, 6, 1, 7, 0, 0, 0, lon), twiceDaily)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.e.Run(ctx) }()
	for { // wait until the loop sleeps on the fake clock (Start is done)
		r.clk.mu.Lock()
		n := len(r.clk.timers)
		r.clk.mu.Unlock()
		if n > 0 {
			break
		}
		runtime.Gosched()
	}
	r.e.mu.Lock()
	v := r.e.v
	r.e.mu.Unlock()
	v.Close()
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "saving where the reminders stopped") {
		t.Fatalf("Run after a failed watermark: %v", err)
	}
}

// Issue 12 §1: SaveAgenda reports a failed write and leaves the previous agenda whole (it
// used to rename a truncated file into place). The write is made to fail with a file size
// limit in a child process.
func TestSaveAgendaWriteFailure(t *testing.T) {
	if dir := os.Getenv("CK_AGENDA_CHILD"); dir != "" {
		limitFileSize(t, 256)
		big := make([]LockedFire, 50)
		for i := range big {
			big[i] = LockedFire{At: time.Unix(int64(1e9+i*60), 0), Tag: "d:p:1", Text: Text{Title: "Mum — 08:00 medicines", Body: "Open CareKeeper for details."}}
		}
		if err := SaveAgenda(dir, big); err == nil {
			t.Fatal("a write beyond the file size limit was reported as saved")
		}
		return
	}
	dir := t.TempDir()
	small := []LockedFire{{At: time.Unix(1e9, 0), Tag: "d:p:1", Text: Text{Title: "Mum — 08:00 medicines"}}}
	if err := SaveAgenda(dir, small); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, AgendaFile))
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaveAgendaWriteFailure$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CK_AGENDA_CHILD="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	after, _ := os.ReadFile(filepath.Join(dir, AgendaFile))
	if string(after) != string(before) {
		t.Fatalf("the saved agenda changed after a failed save:\n%s", after)
	}
	if fires, err := LoadAgenda(dir); err != nil || len(fires) != 1 {
		t.Fatalf("load after a failed save: %d, %v", len(fires), err)
	}
}
