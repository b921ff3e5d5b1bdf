package household_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// newSegments returns the segment files in fs that are not in before.
func newSegments(fs *memFS, before []string) []string {
	old := map[string]bool{}
	for _, n := range before {
		old[n] = true
	}
	var out []string
	for _, n := range fs.names() {
		if !old[n] && strings.HasPrefix(n, "d/") && strings.HasSuffix(n, ".seg") {
			out = append(out, n)
		}
	}
	return out
}

// pair makes a household of a laptop and a tablet, each with its own view of the folder.
func pair(t *testing.T, clock *fakeClock) (a, b *device) {
	t.Helper()
	fa := newMemFS()
	a = create(t, fa, clock.Now())
	a.r.put("record", "dad", "Observation/0", "zero", false, clock.Now())
	a.exchange(t, clock.Now())
	b = join(t, a, fa, "tablet", clock)
	fb := newMemFS()
	fb.syncFrom(fa)
	h, err := household.Open(context.Background(), b.r, fb)
	if err != nil {
		t.Fatal(err)
	}
	b.h, b.fs = h, fb
	a.exchange(t, clock.Now())
	fb.syncFrom(fa)
	b.exchange(t, clock.Now())
	fa.syncFrom(fb)
	a.exchange(t, clock.Now())
	return a, b
}

func TestRefusedSegments(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	a, b := pair(t, clock)
	before := b.fs.names()
	b.r.put("record", "dad", "Observation/1", "first", false, clock.Now())
	b.exchange(t, clock.Now())
	segs := newSegments(b.fs, before)
	good := segs[len(segs)-1] // keys first, then the data
	data := b.fs.get(good)
	dir := good[:strings.LastIndex(good, "/")]

	// An outsider's household makes a well-formed segment of its own.
	out := create(t, newMemFS(), clock.Now())
	out.r.put("record", "dad", "Observation/1", "forged", false, clock.Now())
	ob := out.fs.names()
	out.exchange(t, clock.Now())
	forged := out.fs.get(newSegments(out.fs, ob)[len(newSegments(out.fs, ob))-1])

	seqPart := good[len(dir)+18:] // "<seq>.seg"
	flip := func(i int) []byte { c := append([]byte(nil), data...); c[i] ^= 1; return c }
	bad := []struct {
		name, file string
		data       []byte
		reason     string
	}{
		{"tampered body", dir + "/00000000000000a1-" + seqPart, nil, ""},
		{"flipped ciphertext", dir + "/00000000000000a2-" + seqPart, flip(len(data) / 2), "signature does not match"},
		{"truncated", dir + "/00000000000000a3-" + seqPart, data[:len(data)-100], "signature does not match"},
		{"too short", dir + "/00000000000000a4-00000094.seg", data[:40], "too short"},
		{"not ours", dir + "/00000000000000a5-00000095.seg", []byte(strings.Repeat("x", 400)), "not a CareKeeper"},
		{"replayed under another number", dir + "/00000000000000a6-00000096.seg", data, "name does not match"},
		{"other household", dir + "/00000000000000a7-00000097.seg", forged, "another household"},
	}
	bad[0].data = flip(70) // a header byte (the nonce)
	bad[0].reason = "signature does not match"
	for _, c := range bad {
		a.fs.set(c.file, c.data)
	}
	// Every other new file of the tablet (its keys) arrives, not the good segment yet.
	for _, n := range segs[:len(segs)-1] {
		a.fs.set(n, b.fs.get(n))
	}
	rep := a.exchange(t, clock.Now())
	if rep.Applied != 0 {
		t.Fatalf("applied %d of bad files; %+v", rep.Applied, rep)
	}
	got := map[string]string{}
	for _, r := range rep.Refused {
		got[r.File] = r.Reason
		for _, leak := range []string{"Observation", "dad", "first"} {
			if strings.Contains(r.Reason, leak) {
				t.Fatalf("reason %q leaks %q", r.Reason, leak)
			}
		}
	}
	for _, c := range bad {
		if !strings.Contains(got[c.file], c.reason) {
			t.Errorf("%s: reason %q, want %q", c.name, got[c.file], c.reason)
		}
	}
	if len(rep.Refused) != len(bad) {
		t.Errorf("refused %d files, want %d: %+v", len(rep.Refused), len(bad), rep.Refused)
	}
	// The good one arrives, and once more under another random name (a duplicate): applied
	// once; refused files are reported again, as bad, at every exchange while they are there
	// (F97: reported once, a second 'household sync' said nothing and exited 0) — but the three
	// under the good one's number, copies of a file now applied, no longer are (F328: the
	// exchange that took a repair said the damaged file it now took as seen, and exited 1).
	a.fs.set(good, data)
	a.fs.set(dir+"/ffffffffffffffff-"+seqPart, data)
	rep = a.exchange(t, clock.Now())
	if rep.Applied != 1 || len(rep.Refused) != len(bad)-3 {
		t.Fatalf("good segment: %+v", rep)
	}
	for _, r := range rep.Refused {
		if !r.Bad || got[r.File] != r.Reason {
			t.Errorf("said again: %+v, want bad and %q", r, got[r.File])
		}
	}
	if v, _ := a.r.value("record", "Observation/1"); v != "first" {
		t.Fatalf("value %q", v)
	}
	// The status's view: the tablet's folder holds files refused here (F96).
	// The three under the good one's number are now copies of a file applied: skipped unread.
	if refusing := a.h.Refusing(clock.Now()); len(refusing[b.h.DeviceID()]) != len(bad)-3 || len(refusing) != 1 {
		t.Errorf("refusing: %+v", refusing)
	}
	// A file from a device not in the household: waiting for its admission, then, an hour
	// later, refused as bad (read again all the same).
	stranger := "d/0123456789abcdef0123456789abcdef/00000000000000b1-00000001.seg"
	a.fs.set(stranger, data)
	if rep := a.exchange(t, clock.Now()); rep.Waiting != 1 || len(rep.Refused) != len(bad)-3 {
		t.Errorf("a stranger's file at once: waiting %d, refused %+v", rep.Waiting, rep.Refused)
	}
	clock.Add(household.WaitGrace + time.Minute)
	rep = a.exchange(t, clock.Now())
	found := false
	for _, r := range rep.Refused {
		found = found || r.File == stranger && r.Bad && strings.Contains(r.Reason, "not a member of this household")
	}
	if !found || rep.Waiting != 0 {
		t.Errorf("a stranger's file an hour later: waiting %d, refused %+v", rep.Waiting, rep.Refused)
	}
	if refusing := a.h.Refusing(clock.Now()); len(refusing["0123456789abcdef0123456789abcdef"]) != 1 {
		t.Errorf("refusing: %+v", refusing)
	}
	// Gone from the folder: nothing is refused any more.
	for _, c := range bad {
		_ = a.fs.Remove(context.Background(), c.file)
	}
	_ = a.fs.Remove(context.Background(), stranger)
	if rep := a.exchange(t, clock.Now()); len(rep.Refused) != 0 || rep.Waiting != 0 {
		t.Errorf("after the bad files went: %+v", rep)
	}
	if refusing := a.h.Refusing(clock.Now()); len(refusing) != 0 {
		t.Errorf("refusing after the bad files went: %+v", refusing)
	}
}

func TestIgnoredNames(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	a, b := pair(t, clock)
	before := b.fs.names()
	b.r.put("record", "dad", "Observation/2", "v", false, clock.Now())
	b.exchange(t, clock.Now())
	segs := newSegments(b.fs, before)
	seg := segs[len(segs)-1]
	for _, n := range segs[:len(segs)-1] {
		a.fs.set(n, b.fs.get(n))
	}
	data := b.fs.get(seg)
	dir, base := seg[:strings.LastIndex(seg, "/")+1], seg[strings.LastIndex(seg, "/")+1:]
	stem := strings.TrimSuffix(base, ".seg")
	for _, n := range []string{
		stem + ".sync-conflict-20261203-081500-ABCDEFG.seg",
		stem + " (conflicted copy 2026-12-03 081500).seg",
		stem + " (1).seg",
		"." + base + ".icloud",
		".syncthing." + base + ".tmp",
		"~syncthing~" + base + ".tmp",
		"." + base + ".~1a2b3c4d",
		"desktop.ini",
		strings.ToUpper(base),
	} {
		a.fs.set(dir+n, data)
	}
	a.fs.set("d/README.txt", []byte("hello"))
	a.fs.set("d/not-a-device/"+base, data)
	rep := a.exchange(t, clock.Now())
	if rep.Applied != 0 || len(rep.Refused) != 0 {
		t.Fatalf("stray files were read: %+v", rep)
	}
	if _, ok := a.r.value("record", "Observation/2"); ok {
		t.Fatal("a conflict copy was applied")
	}
	a.fs.set(seg, data)
	if rep := a.exchange(t, clock.Now()); rep.Applied != 1 {
		t.Fatalf("the real file: %+v", rep)
	}
}

// A device whose clock runs an hour ahead: its segments wait (reported), this device's clock
// is not dragged ahead, and they are applied once time catches up.
func TestFutureSegmentHeld(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	a, b := pair(t, clock)
	ahead := clock.Now().Add(time.Hour)
	b.r.put("record", "dad", "Observation/3", "from the future", false, ahead)
	if _, err := b.h.Exchange(context.Background(), ahead); err != nil {
		t.Fatal(err)
	}
	a.fs.syncFrom(b.fs)
	rep := a.exchange(t, clock.Now())
	if rep.Applied != 0 || len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Reason, "clock is 1 hour ahead") { // in words: it said "1h0m0s"
		t.Fatalf("%+v", rep)
	}
	// The local clock is not poisoned: a local edit now is stamped now.
	op := a.r.put("record", "dad", "Observation/4", "now", false, clock.Now())
	if op.Stamp.Wall != clock.Now().UnixMilli() {
		t.Fatalf("local stamp %v dragged from %v", op.Stamp, clock.Now())
	}
	// Still held a little later; applied once within the bound.
	clock.Add(50 * time.Minute)
	if rep := a.exchange(t, clock.Now()); rep.Applied != 0 || len(rep.Refused) != 1 {
		t.Fatalf("%+v", rep)
	}
	clock.Add(6 * time.Minute)
	if rep := a.exchange(t, clock.Now()); rep.Applied != 1 || len(rep.Refused) != 0 {
		t.Fatalf("%+v", rep)
	}
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a, b := pair(t, clock)
	// A third device joins over the laptop's view.
	c := join(t, a, a.fs, "old phone", clock)
	c.fs = a.fs // c shares a's view; fine for this test
	sync3 := func() {
		for i := 0; i < 2; i++ {
			a.exchange(t, clock.Now())
			b.fs.syncFrom(a.fs)
			a.fs.syncFrom(b.fs)
			b.exchange(t, clock.Now())
			b.fs.syncFrom(a.fs)
			a.fs.syncFrom(b.fs)
		}
	}
	sync3()
	if _, err := c.h.Exchange(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := a.h.Revoke(ctx, c.h.DeviceID(), clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := a.h.Revoke(ctx, a.h.DeviceID(), clock.Now()); !errors.Is(err, household.ErrNotAllowed) {
		t.Fatalf("self revoke: %v", err)
	}
	clock.Add(time.Minute)
	a.r.put("record", "dad", "Observation/after", "secret after", false, clock.Now())
	sync3()
	// The revoked device reads nothing written afterwards.
	_, err := c.h.Exchange(ctx, clock.Now())
	if !errors.Is(err, household.ErrRevoked) {
		t.Fatalf("revoked device's exchange: %v", err)
	}
	if _, ok := c.r.value("record", "Observation/after"); ok {
		t.Fatal("the revoked device read a record written after its removal")
	}
	// What it writes now is refused everywhere.
	before := a.fs.names()
	c.r.put("record", "dad", "Observation/evil", "evil", false, clock.Now())
	c.h.Exchange(ctx, clock.Now())
	if len(newSegments(a.fs, before)) != 0 {
		// It cannot write: Exchange stops at ErrRevoked before sending. Simulate a device that
		// does not know it was revoked by writing with its old keys anyway is covered below.
		t.Fatal("a revoked device sent a segment")
	}
	for _, d := range a.h.Devices() {
		if d.ID == c.h.DeviceID() && !d.Revoked {
			t.Fatal("not shown as revoked")
		}
	}
	if _, ok := b.r.value("record", "Observation/after"); !ok {
		t.Fatal("the remaining device did not get the record")
	}
}

// A device given one person to view never receives another person's records.
func TestSharingPerPerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a := create(t, newMemFS(), clock.Now())
	a.r.put("record", "dad", "Observation/d", "dad's", false, clock.Now())
	a.r.put("record", "anna", "Observation/a", "anna's", false, clock.Now())
	a.r.put("settings", "", "household/theme", "dark", false, clock.Now())
	a.exchange(t, clock.Now())
	b := join(t, a, a.fs, "carer", clock, household.Grant{Profile: "dad", Role: household.RoleView})
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	if _, ok := b.r.value("record", "Observation/d"); !ok {
		t.Fatal("viewer did not get dad's record")
	}
	if _, ok := b.r.value("record", "Observation/a"); ok {
		t.Fatal("viewer got anna's record")
	}
	if _, ok := b.r.value("settings", "household/theme"); !ok {
		t.Fatal("household-wide data missing")
	}
	// A viewer's own edit of dad (its vault refuses those; a modified one might not) is not
	// taken by the others.
	b.r.put("record", "dad", "Observation/d", "viewer edit", false, clock.Now().Add(time.Second))
	b.exchange(t, clock.Now().Add(time.Second))
	if rep := a.exchange(t, clock.Now().Add(time.Second)); len(rep.Refused) != 1 {
		t.Fatalf("the viewer's edit: %+v", rep)
	}
	if v, _ := a.r.value("record", "Observation/d"); v != "dad's" {
		t.Fatalf("the viewer's edit was taken: %q", v)
	}
	// Taking dad away: what is written afterwards does not reach it.
	if err := a.h.Share(ctx, "dad", b.h.DeviceID(), household.RoleNone, clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Minute)
	a.r.put("record", "dad", "Observation/d2", "later", false, clock.Now())
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	if _, ok := b.r.value("record", "Observation/d2"); ok {
		t.Fatal("a device with no role got a new record")
	}
	// Giving anna to it later: it reads anna's history too.
	if err := a.h.Share(ctx, "anna", b.h.DeviceID(), household.RoleManage, clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	if _, ok := b.r.value("record", "Observation/a"); !ok {
		t.Fatal("anna's history did not reach the device given anna")
	}
}

// rclone's WebDAV lists a file being PUT at its full length with zeros for the bytes not yet
// arrived: refused then, applied once the same name holds the whole file (same size).
func TestPartialThenComplete(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	a, b := pair(t, clock)
	before := b.fs.names()
	b.r.put("record", "dad", "Observation/p", "v", false, clock.Now())
	b.exchange(t, clock.Now())
	segs := newSegments(b.fs, before)
	good := segs[len(segs)-1]
	for _, n := range segs[:len(segs)-1] {
		a.fs.set(n, b.fs.get(n))
	}
	data := b.fs.get(good)
	partial := append(append([]byte(nil), data[:len(data)/2]...), make([]byte, len(data)-len(data)/2)...)
	a.fs.set(good, partial)
	if rep := a.exchange(t, clock.Now()); rep.Applied != 0 || len(rep.Refused) != 1 {
		t.Fatalf("partial: %+v", rep)
	}
	a.fs.set(good, data)
	if rep := a.exchange(t, clock.Now()); rep.Applied != 1 || len(rep.Refused) != 0 {
		t.Fatalf("complete: %+v", rep)
	}
}

// A segment of a device admitted elsewhere, arriving before its admission: not refused, counted
// as waiting, applied once the admission arrives.
func TestWaitingForAdmission(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	a, b := pair(t, clock)
	c := join(t, a, a.fs, "phone", clock)
	c.r.put("record", "", "settings/phone", "hello", false, clock.Now())
	c.exchange(t, clock.Now())
	for _, n := range a.fs.names() {
		if strings.HasPrefix(n, "d/"+c.h.DeviceID()+"/") {
			b.fs.set(n, a.fs.get(n))
		}
	}
	rep := b.exchange(t, clock.Now())
	if rep.Waiting == 0 || len(rep.Refused) != 0 || rep.Applied != 0 {
		t.Fatalf("before the admission: %+v", rep)
	}
	a.exchange(t, clock.Now())
	b.fs.syncFrom(a.fs)
	rep = b.exchange(t, clock.Now())
	if rep.Waiting != 0 || len(rep.Refused) != 0 {
		t.Fatalf("after the admission: %+v", rep)
	}
	if v, _ := b.r.value("record", "settings/phone"); v != "hello" {
		t.Fatalf("phone's change not applied: %q; %+v %s", v, rep, b.h.DebugState())
	}
}

// A device revoked while it was offline, that goes on writing with the keys it had: its
// segments written after the last one the revoking device had seen are refused, its earlier
// ones applied; it reads nothing written after the revocation.
func TestRevokedOfflineDeviceRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a, _ := pair(t, clock)
	c := join(t, a, a.fs, "lost phone", clock)
	c.r.put("record", "", "settings/before", "before", false, clock.Now())
	c.exchange(t, clock.Now())
	a.exchange(t, clock.Now())
	// The phone goes offline with its own copy of the folder.
	cv := newMemFS()
	cv.syncFrom(a.fs)
	h, err := household.Open(ctx, c.r, cv)
	if err != nil {
		t.Fatal(err)
	}
	c.h, c.fs = h, cv
	clock.Add(time.Minute)
	c.r.put("record", "", "settings/offline", "written offline before the revocation", false, clock.Now())
	c.exchange(t, clock.Now()) // not yet seen by the laptop when it revokes
	if err := a.h.Revoke(ctx, c.h.DeviceID(), clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Minute)
	a.r.put("record", "", "settings/after", "secret after", false, clock.Now())
	a.exchange(t, clock.Now())
	c.r.put("record", "", "settings/later", "written after", false, clock.Now())
	c.exchange(t, clock.Now())
	// The folders meet again.
	a.fs.syncFrom(cv)
	cv.syncFrom(a.fs)
	rep := a.exchange(t, clock.Now())
	if len(rep.Refused) == 0 || !strings.Contains(rep.Refused[0].Reason, "removed device") {
		t.Fatalf("laptop: %+v", rep)
	}
	if _, ok := a.r.value("record", "settings/later"); ok {
		t.Fatal("a segment the removed device wrote after its removal was applied")
	}
	if _, ok := a.r.value("record", "settings/before"); !ok {
		t.Fatal("what the device wrote before its removal was lost")
	}
	if _, err := c.h.Exchange(ctx, clock.Now()); !errors.Is(err, household.ErrRevoked) {
		t.Fatalf("removed device: %v", err)
	}
	if _, ok := c.r.value("record", "settings/after"); ok {
		t.Fatal("the removed device read what was written after its removal")
	}
}
