package household_test

import (
	"context"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// Withdrawn tells a person whose share with this device was withdrawn (a grant of manage or
// view, for them or for every person, then none) from a person never shared with it (its own,
// role none from the start), and gives when; a share given again ends it.
func TestWithdrawnPeople(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	a := create(t, newMemFS(), clock.Now())
	a.r.put("record", "dad", "Observation/d", "x", false, clock.Now())
	a.r.put("record", "mum", "Observation/m", "y", false, clock.Now())
	a.exchange(t, clock.Now())
	// The carer's laptop manages Dad; the tablet manages everyone.
	b := join(t, a, a.fs, "carer", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
	c := join(t, a, a.fs, "tablet", clock)
	b.r.put("record", "anna", "Observation/a", "z", false, clock.Now()) // the carer's own
	for _, d := range []*device{a, b, c, a, b, c} {
		d.exchange(t, clock.Now())
	}
	for _, d := range []*device{b, c} {
		if w := d.h.Withdrawn(); len(w) != 0 {
			t.Fatalf("%s before any withdrawal: %v", d.h.DeviceID(), w)
		}
	}
	clock.Add(time.Minute)
	at := clock.Now()
	if err := a.h.Share(ctx, "dad", b.h.DeviceID(), household.RoleNone, at); err != nil {
		t.Fatal(err)
	}
	if err := a.h.Share(ctx, household.AllProfiles, c.h.DeviceID(), household.RoleNone, at); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*device{a, b, c} {
		d.exchange(t, clock.Now())
	}
	for _, tt := range []struct {
		name string
		d    *device
		want []string
	}{
		{"the carer (Dad withdrawn, Anna its own)", b, []string{"dad"}},
		{"the tablet (everyone withdrawn)", c, []string{"dad", "mum"}},
		{"the creator", a, nil},
	} {
		w := tt.d.h.Withdrawn()
		if len(w) != len(tt.want) {
			t.Errorf("%s: withdrawn %v, want %v", tt.name, w, tt.want)
		}
		for _, p := range tt.want {
			if got, ok := w[p]; !ok || got.UnixMilli() != at.UnixMilli() {
				t.Errorf("%s: %s withdrawn %v at %v, want at %v", tt.name, p, ok, got, at)
			}
		}
	}
	// Shared again: no longer withdrawn.
	clock.Add(time.Minute)
	if err := a.h.Share(ctx, "dad", b.h.DeviceID(), household.RoleView, clock.Now()); err != nil {
		t.Fatal(err)
	}
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	if w := b.h.Withdrawn(); len(w) != 0 {
		t.Errorf("the carer once Dad is shared again: %v", w)
	}
}
