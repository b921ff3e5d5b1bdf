package household_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A segment damaged in the shared folder after it was written (a sync app that truncated it,
// a disk error) was refused by the others for ever: the writer was told ('1 file of this
// computer's changes cannot be used on …') but nothing could repair it, so its change never
// arrived, the reader said "not in step" for ever, and its acknowledgement stuck below the
// damaged number, so the writer never compacted again. Now the writer, told by a member that
// it refuses one of its files, writes what it holds again (a snapshot, ending with a segment
// that says every earlier number of it is covered): the change arrives, the reader is in step,
// and the damaged file is compacted away.
func TestDamagedSegmentRepairedByItsWriter(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())

	clock.Add(time.Minute)
	a.r.put("record", "dad", "MedicationAdministration/1", "taken", false, clock.Now())
	before := map[string]bool{}
	for _, n := range fs.names() {
		before[n] = true
	}
	a.exchange(t, clock.Now())
	var damaged string
	for _, n := range fs.names() {
		if !before[n] && strings.HasPrefix(n, "d/"+a.h.DeviceID()+"/") && strings.HasSuffix(n, ".seg") {
			damaged = n
		}
	}
	if damaged == "" {
		t.Fatal("the change made no segment")
	}
	data := fs.get(damaged)
	fs.set(damaged, data[:len(data)/2]) // truncated by the sync app

	clock.Add(time.Minute)
	rep := b.exchange(t, clock.Now()) // refuses it, and says so to the household
	if len(rep.Refused) != 1 || !rep.Refused[0].Bad {
		t.Fatalf("the damaged file: %+v", rep.Refused)
	}
	for i := 0; i < 4; i++ {
		clock.Add(time.Minute)
		a.exchange(t, clock.Now())
		b.exchange(t, clock.Now())
	}
	if v, ok := b.r.value("record", "MedicationAdministration/1"); !ok || v != "taken" {
		t.Errorf("the change in the damaged file never reached the tablet: %q %v", v, ok)
	}
	if got := b.h.Refusing(clock.Now()); len(got) != 0 {
		t.Errorf("the tablet still refuses: %v", got)
	}
	if got := a.h.RefusedElsewhere(); len(got) != 0 {
		t.Errorf("the laptop still hears its file refused: %v", got)
	}
	if fs.get(damaged) != nil {
		t.Errorf("the damaged file is still in the folder: %s", damaged)
	}
	if a.r.export() != b.r.export() {
		t.Errorf("not the same:\n%s\n--\n%s", a.r.export(), b.r.export())
	}
	if rep := b.exchange(t, clock.Now()); len(rep.Refused) != 0 {
		t.Errorf("refused at the end: %+v", rep.Refused)
	}
}

// A device that joined after a writer compacted never saw the writer's first segments, so its
// acknowledgement of that writer stayed at 0 and the writer never compacted again (its folder
// grew for ever). A snapshot's last segment now says every earlier number is covered.
func TestCompactionGoesOnAfterALaterJoin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	round := func() {
		for _, d := range []*device{a, b, a, b} {
			clock.Add(time.Minute)
			d.exchange(t, clock.Now())
		}
	}
	write := func(n int) {
		for i := 0; i < n; i++ {
			clock.Add(time.Minute)
			a.r.put("record", "dad", fmt.Sprintf("Observation/%d", i), fmt.Sprintf("v%d", i), false, clock.Now())
			a.exchange(t, clock.Now())
		}
	}
	write(5)
	if err := a.h.Snapshot(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	round()
	c := join(t, a, fs, "new phone", clock)
	write(5)
	if err := a.h.Snapshot(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*device{a, b, c, a, b, c, a} {
		clock.Add(time.Minute)
		d.exchange(t, clock.Now())
	}
	before := countSegments(fs, a.h.DeviceID())
	clock.Add(time.Minute)
	b.r.put("record", "", "settings/y", "ack carrier", false, clock.Now())
	c.r.put("record", "", "settings/z", "ack carrier", false, clock.Now())
	for _, d := range []*device{b, c, a, b, c, a} {
		clock.Add(time.Minute)
		d.exchange(t, clock.Now())
	}
	after := countSegments(fs, a.h.DeviceID())
	if after >= before || after > 6 {
		t.Errorf("the laptop's segments after its second snapshot, with a device that joined after the first: %d, then %d", before, after)
	}
	if c.r.export() != a.r.export() || a.r.export() != b.r.export() {
		t.Errorf("not in step:\n%s\n--\n%s", c.r.export(), a.r.export())
	}
}
