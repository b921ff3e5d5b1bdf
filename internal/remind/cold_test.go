package remind

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// After a restart, before the first unlock: reminders fire from the saved lock-safe agenda
// (private text only), an answer given on the notification is applied at unlock, and an
// unanswered one is missed while away — never dropped.
func TestColdStartFromSavedAgenda(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	v := r.e.v
	dir := t.TempDir()
	if err := SaveAgenda(dir, r.e.Lock(context.Background())); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, AgendaFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(saved), "Metformin") || strings.Contains(string(saved), "tablet") {
		t.Fatalf("the saved agenda names the medicine: %s", saved)
	}
	if st, _ := os.Stat(filepath.Join(dir, AgendaFile)); st.Mode().Perm() != 0o600 {
		t.Errorf("agenda file mode %v", st.Mode().Perm())
	}

	// "Restart": a new process with the agenda and no vault.
	fires, err := LoadAgenda(dir)
	if err != nil || len(fires) == 0 {
		t.Fatalf("load: %d %v", len(fires), err)
	}
	n := newRecorder()
	cold := NewLocked(n, fires, Options{Clock: r.clk, Device: func() *time.Location { return lon }})
	ctx := context.Background()
	r.clk.Set(day(8, 0))
	cold.Step(ctx)
	ms := n.take()
	if len(ms) != 1 || ms[0].Title != "Mum — 08:00 medicines" || len(ms[0].Actions) != 2 {
		t.Fatalf("cold 08:00: %+v", ms)
	}
	r.clk.Set(day(8, 10))
	cold.HandleEvent(ctx, Event{Tag: ms[0].Tag, Action: "taken"})
	r.clk.Set(day(20, 0))
	cold.Step(ctx)
	if ms := n.take(); len(ms) != 1 || ms[0].Title != "Mum — 20:00 medicines" {
		t.Fatalf("cold 20:00: %+v", ms)
	}

	// Unlock at 21:00: the 08:00 dose is recorded at 08:10; the unanswered 20:00 one is missed.
	r.clk.Set(day(21, 0))
	if err := cold.Unlock(ctx, v); err != nil {
		t.Fatal(err)
	}
	cold.Step(ctx)
	m, _ := Load(ctx, v, LoadOptions{Device: lon})
	ds := m.Doses[m.Medicine("", r.ref).Key()]
	if len(ds) != 1 || !ds[0].When.Equal(day(8, 10)) {
		t.Fatalf("doses after unlock: %+v", ds)
	}
	missed := cold.Missed()
	if len(missed) != 1 || !missed[0].Due.Equal(day(20, 0)) {
		t.Fatalf("missed after unlock: %+v", missed)
	}
}

// A computer started at 08:05 shows the 08:00 dose from the saved agenda (it is due), while
// the vault is still locked; one started at 09:05 does not (missed, for the vault to report).
func TestColdStartWithinTheDueWindow(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	dir := t.TempDir()
	if err := SaveAgenda(dir, r.e.Lock(context.Background())); err != nil {
		t.Fatal(err)
	}
	fires, err := LoadAgenda(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		start time.Time
		shown bool
	}{{day(8, 5), true}, {day(9, 5), false}} {
		n := newRecorder()
		clk := &fakeClock{now: c.start}
		cold := NewLocked(n, fires, Options{Clock: clk, Device: func() *time.Location { return lon }})
		cold.Step(context.Background())
		ms := n.take()
		if shown := len(ms) == 1 && ms[0].Title == "Mum — 08:00 medicines"; shown != c.shown {
			t.Errorf("started at %s: %v", c.start.Format("15:04"), titles(ms))
		}
	}
}

func TestLoadAgendaMissingOrDamaged(t *testing.T) {
	dir := t.TempDir()
	if fires, err := LoadAgenda(dir); err != nil || fires != nil {
		t.Fatalf("missing file: %v %v", fires, err)
	}
	os.WriteFile(filepath.Join(dir, AgendaFile), []byte("{not json"), 0o600)
	if _, err := LoadAgenda(dir); err == nil {
		t.Fatal("damaged agenda accepted")
	}
}

// A saved agenda copied with the vault's directory (to another path, or another computer)
// reminds nobody before the vault is unlocked there: it carries a fingerprint of the computer
// and the directory it was saved for. Before, an app started on the copy fired it. An older
// agenda file (the bare list) is still read.
func TestColdAgendaFromACopyRefused(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	dir := t.TempDir()
	if err := SaveAgenda(dir, r.e.Lock(context.Background())); err != nil {
		t.Fatal(err)
	}
	fires, err := LoadAgenda(dir)
	if err != nil || len(fires) == 0 {
		t.Fatalf("the agenda where it was saved: %d %v", len(fires), err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, AgendaFile))
	if err != nil {
		t.Fatal(err)
	}
	copied := t.TempDir()
	if err := os.WriteFile(filepath.Join(copied, AgendaFile), saved, 0o600); err != nil {
		t.Fatal(err)
	}
	if fires, err := LoadAgenda(copied); !errors.Is(err, ErrAgendaElsewhere) || len(fires) != 0 {
		t.Errorf("a copy at another path: %d fires, %v", len(fires), err)
	}
	was := machineID
	machineID = func() string { return "id:another computer" }
	if fires, err := LoadAgenda(dir); !errors.Is(err, ErrAgendaElsewhere) || len(fires) != 0 {
		t.Errorf("a copy at the same path on another computer: %d fires, %v", len(fires), err)
	}
	machineID = was
	// The agenda saved again once the vault is open here is this place's.
	if err := SaveAgenda(copied, fires); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadAgenda(copied); err != nil || len(got) != len(fires) {
		t.Errorf("saved again where it runs: %d %v", len(got), err)
	}
	var sa struct{ Fires json.RawMessage }
	if err := json.Unmarshal(saved, &sa); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(copied, AgendaFile), sa.Fires, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadAgenda(copied); err != nil || len(got) != len(fires) {
		t.Errorf("an older agenda file: %d %v", len(got), err)
	}
}
