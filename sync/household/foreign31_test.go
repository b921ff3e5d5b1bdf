package household_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// F326, the rest: a vault that had met another household's files before 599786e held them as
// waiting for their device's admission, and that fix reads a file's clear header only when it
// is first listed, so such a vault said at every exchange "N files from a device not known here
// yet: read once its admission arrives" — for ever. A file waiting whose header was never read
// is read once more: another household's is said as such, and no longer waits.
func TestAnotherHouseholdsFilesWaitingFromBeforeAreSaid(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
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
		if strings.HasPrefix(n, "d/") && strings.HasSuffix(n, ".seg") {
			fs.set(n, elsewhere.get(n))
			theirs = append(theirs, n)
		}
	}
	a.exchange(t, clock.Now())
	// The state as an older CareKeeper left it: the files waiting, their header never read.
	var st map[string]json.RawMessage
	if err := json.Unmarshal(a.r.state, &st); err != nil {
		t.Fatal(err)
	}
	waits := map[string]int64{}
	for _, n := range theirs {
		waits[n] = clock.Now().UnixMilli()
	}
	st["waits"], _ = json.Marshal(waits)
	st["foreign"], st["bad"] = json.RawMessage(`{}`), json.RawMessage(`{}`)
	a.r.state, _ = json.Marshal(st)
	h, err := household.Open(ctx, snapReplica{a.r}, fs)
	if err != nil {
		t.Fatal(err)
	}
	a.h = h
	for i := 0; i < 2; i++ {
		clock.Add(2 * time.Hour) // past the hour a file may wait for its admission
		rep := a.exchange(t, clock.Now())
		if rep.Waiting != 0 || len(rep.Refused) != len(theirs) {
			t.Fatalf("exchange %d: waiting %d, refused %+v", i, rep.Waiting, rep.Refused)
		}
		for _, r := range rep.Refused {
			if !r.Bad || r.Reason != "belongs to another household" {
				t.Errorf("exchange %d: %+v", i, r)
			}
		}
		for _, rs := range a.h.Refusing(clock.Now()) {
			for _, r := range rs {
				if r.Reason != "belongs to another household" {
					t.Errorf("exchange %d: the status says %+v", i, r)
				}
			}
		}
	}
}
