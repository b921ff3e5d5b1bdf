package household_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
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
		a.exchange(t, clock.Now()) // the first repairs
		// The exchange that takes the repair no longer says the file it now takes as seen.
		if rep := b.exchange(t, clock.Now()); len(rep.Refused) != 0 {
			t.Errorf("exchange %d on the tablet: refused %+v", i, rep.Refused)
		}
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

// F326: a household created in a folder that already held another household's files was
// accepted, and both then said for ever "N files from a device not known here yet: read once
// its admission arrives". Create now refuses such a folder, writing nothing.
func TestCreateRefusesAFolderHoldingAHousehold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	a.r.put("record", "dad", "Observation/1", "v", false, clock.Now())
	a.exchange(t, clock.Now())
	before := fs.names()
	_, err := household.Create(ctx, newReplica(), fs, "Other", "intruder", clock.Now())
	if !errors.Is(err, household.ErrFolderInUse) || !strings.Contains(err.Error(), "join that household with an invitation") {
		t.Fatalf("create in a folder holding a household: %v", err)
	}
	if after := fs.names(); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("files written: %v → %v", before, after)
	}
	// An empty folder, and one holding only what is not a household's, are fine.
	other := newMemFS()
	other.set("d/readme.txt", []byte("x"))
	if _, err := household.Create(ctx, newReplica(), other, "Other", "intruder", clock.Now()); err != nil {
		t.Fatalf("create in a folder with no household: %v", err)
	}
}

// F326: files of another household in the shared folder (made there by an older CareKeeper)
// were said to be "from a device not known here yet: read once its admission arrives", for
// ever. Their clear header names their household: they are refused at once as another
// household's, and not read again.
func TestAnotherHouseholdsFilesSaidAtOnce(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	a.exchange(t, clock.Now())
	elsewhere := newMemFS()
	x := create(t, elsewhere, clock.Now())
	x.r.put("record", "", "settings/x", "v", false, clock.Now())
	x.exchange(t, clock.Now())
	var theirs []string
	for _, n := range elsewhere.names() {
		if strings.HasPrefix(n, "d/") {
			fs.set(n, elsewhere.get(n))
			theirs = append(theirs, n)
		}
	}
	for i := 0; i < 2; i++ {
		rep := a.exchange(t, clock.Now())
		if rep.Waiting != 0 || len(rep.Refused) != len(theirs) {
			t.Fatalf("exchange %d: waiting %d, refused %+v", i, rep.Waiting, rep.Refused)
		}
		for _, r := range rep.Refused {
			if !r.Bad || r.Reason != "belongs to another household" {
				t.Errorf("exchange %d: %+v", i, r)
			}
		}
	}
}

// A segment late in the folder is never taken as seen because a later one of its writer
// arrived first: only numbers its writer removed (every member had acknowledged them) or
// re-published after a member refused them are. Here a grant travels in a segment that
// reaches the tablet only after the laptop's next snapshot: the tablet still learns it.
func TestLateSegmentStillReadAfterASnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	c := join(t, a, fs, "carer", clock)
	a.r.put("record", "dad", "Observation/1", "v", false, clock.Now())
	for _, d := range []*device{a, b, c, a, b, c} {
		clock.Add(time.Minute)
		d.exchange(t, clock.Now())
	}
	before := map[string]bool{}
	for _, n := range fs.names() {
		before[n] = true
	}
	clock.Add(time.Minute)
	if err := a.h.Share(ctx, "dad", c.h.DeviceID(), household.RoleView, clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.exchange(t, clock.Now())
	late := map[string][]byte{}
	for _, n := range fs.names() {
		if !before[n] && strings.HasPrefix(n, "d/"+a.h.DeviceID()+"/") {
			late[n] = fs.get(n)
			_ = fs.Remove(ctx, n)
		}
	}
	if len(late) == 0 {
		t.Fatal("the grant made no segment")
	}
	clock.Add(time.Minute)
	if err := a.h.Snapshot(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.exchange(t, clock.Now())
	clock.Add(time.Minute)
	b.exchange(t, clock.Now()) // the snapshot first
	for n, data := range late {
		fs.set(n, data)
	}
	clock.Add(time.Minute)
	b.exchange(t, clock.Now())
	role := func(d *device) household.Role {
		for _, dv := range d.h.Devices() {
			if dv.ID == c.h.DeviceID() {
				return dv.Roles["dad"]
			}
		}
		return ""
	}
	if got, want := role(b), role(a); got != want || want != household.RoleView {
		t.Errorf("the carer's role on dad: %q on the tablet, %q on the laptop", got, want)
	}
}

// F362: a file its transport cannot read (rclone serving a file damaged on its disk answers its
// old length, and every read ends early) was "could not be read" at every exchange for good: the
// status said "In step" and its writer never heard of it. After UnreadGrace it counts as
// refused: the status says it and the writer writes what it holds again.
func TestUnreadableSegmentRepairedByItsWriter(t *testing.T) {
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
	broken := map[string]bool{} // every file the change made
	for _, n := range fs.names() {
		if !before[n] && strings.HasPrefix(n, "d/"+a.h.DeviceID()+"/") && strings.HasSuffix(n, ".seg") {
			broken[n] = true
		}
	}
	fs.mu.Lock()
	fs.fail = func(op, name string) error {
		if op == "read" && broken[name] {
			return errors.New("unexpected EOF")
		}
		return nil
	}
	fs.mu.Unlock()
	clock.Add(time.Minute)
	if rep := b.exchange(t, clock.Now()); len(rep.Refused) == 0 || !rep.Refused[0].Bad {
		t.Errorf("the exchange that could not read the file: %+v", rep.Refused)
	}
	// F409: said by the status at once, as by the exchange (it said "In step" for the grace).
	if got := b.h.Refusing(clock.Now())[a.h.DeviceID()]; len(got) != len(broken) || !got[0].Bad || !strings.HasPrefix(got[0].Reason, "could not be read") {
		t.Errorf("the tablet's refusals within the grace: %+v, want the %d unread files", got, len(broken))
	}
	clock.Add(household.UnreadGrace + time.Minute)
	for i := 0; i < 4; i++ {
		clock.Add(time.Minute)
		b.exchange(t, clock.Now())
		a.exchange(t, clock.Now())
	}
	b.exchange(t, clock.Now())
	if v, ok := b.r.value("record", "MedicationAdministration/1"); !ok || v != "taken" {
		t.Errorf("the change in the unreadable file never reached the tablet: %q %v", v, ok)
	}
	if got := b.h.Refusing(clock.Now()); len(got) != 0 {
		t.Errorf("the tablet still refuses: %v", got)
	}
	if rep := b.exchange(t, clock.Now()); len(rep.Refused) != 0 {
		t.Errorf("refused at the end: %+v", rep.Refused)
	}
}
