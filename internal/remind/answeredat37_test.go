package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// F471 item 6: a dose of 08:00 said taken at its time from Maria's laptop, the answer given
// later, read "answered by Maria's laptop at 08:00": the dose's time, not the answer's. Today
// says when the answer was given (the household's stamp of its writing); outside a household,
// or not known, the time the answer gives.
func TestAnsweredWordsSayTheAnswersTime(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	addMed(t, v, pid, "m1", "Levodopa", `[{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}}}]`)
	if err := v.StartChanges(ctx, "dev-maria"); err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: day(12, 0)})
	if err != nil {
		t.Fatal(err)
	}
	var r *DoseStatus
	for _, ds := range m.DoseStates(pid, day(0, 0), day(24, 0), day(12, 0)) {
		if ds.Due.Equal(day(8, 0)) {
			r = &ds
		}
	}
	if r == nil {
		t.Fatal("no 08:00 dose")
	}
	before := time.Now().Truncate(time.Millisecond)
	if _, err := RecordDose(ctx, v, r.Med, DoseAction{Profile: pid, Ref: r.Med.Ref, Occurrence: r.Occurrence, Scheduled: r.Due, When: r.Due}); err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	// the answer reaches this computer of the household
	here := openVault(t)
	if err := here.StartChanges(ctx, "dev-here"); err != nil {
		t.Fatal(err)
	}
	ch, _, err := v.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	later := func(a, b storage.Change) bool {
		return a.Stamp.Wall > b.Stamp.Wall || a.Stamp == b.Stamp && a.Device > b.Device
	}
	if _, err := here.ApplyChanges(ctx, ch, later); err != nil {
		t.Fatal(err)
	}
	if m, err = Load(ctx, here, LoadOptions{Device: lon, Now: day(12, 0)}); err != nil {
		t.Fatal(err)
	}
	for _, ds := range m.DoseStates(pid, day(0, 0), day(24, 0), day(12, 0)) {
		if !ds.Due.Equal(day(8, 0)) {
			continue
		}
		at := ds.AnsweredAt()
		if ds.State != DoseTaken || ds.AnsweredBy != "dev-maria" || !ds.Acted.Equal(day(8, 0)) || at.Before(before) || at.After(after) {
			t.Fatalf("the 08:00 dose: %s by %q, taken at %v, answered at %v; want taken at 08:00 by dev-maria, answered between %v and %v", ds.State, ds.AnsweredBy, ds.Acted, at, before, after)
		}
		if got, want := AnsweredWords("Maria's laptop", at, lon), "answered by Maria's laptop at "+at.In(lon).Format("15:04"); got != want {
			t.Errorf("%q, want %q", got, want)
		}
		return
	}
	t.Fatal("no 08:00 dose after the answer")
}

// Not known (an answer here before the household): the time the answer gives.
func TestAnsweredAtWithoutAStamp(t *testing.T) {
	at := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	if got := (DoseStatus{Acted: at}).AnsweredAt(); !got.Equal(at) {
		t.Errorf("%v, want %v", got, at)
	}
	later := at.Add(135 * time.Minute)
	if got := (DoseStatus{Acted: at, Answered: later}).AnsweredAt(); !got.Equal(later) {
		t.Errorf("%v, want %v", got, later)
	}
}
