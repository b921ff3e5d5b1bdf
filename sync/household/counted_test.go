package household_test

import (
	"context"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// A sharing change and a removal are counted by the exchange that sends them and by the one
// that learns them, as the records are ('household sync' said "0 changes" on both devices
// after 'share --role none', though the withdrawal was sent and learned).
func TestExchangeCountsSharingChanges(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		change func(a, b *device, now time.Time) error
	}{
		{"share none", func(a, b *device, now time.Time) error {
			return a.h.Share(ctx, "dad", b.h.DeviceID(), household.RoleNone, now)
		}},
		{"share view", func(a, b *device, now time.Time) error {
			return a.h.Share(ctx, "dad", b.h.DeviceID(), household.RoleView, now)
		}},
		{"revoke", func(a, b *device, now time.Time) error {
			return a.h.Revoke(ctx, b.h.DeviceID(), now)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: t0}
			a := create(t, newMemFS(), clock.Now())
			a.r.put("record", "dad", "Observation/d", "x", false, clock.Now())
			a.exchange(t, clock.Now())
			b := join(t, a, a.fs, "carer", clock, household.Grant{Profile: "dad", Role: household.RoleManage})
			c := join(t, a, a.fs, "tablet", clock)
			for _, d := range []*device{a, b, c, a, b, c} {
				d.exchange(t, clock.Now())
			}
			clock.Add(time.Minute)
			if err := tt.change(a, b, clock.Now()); err != nil {
				t.Fatal(err)
			}
			if rep := a.exchange(t, clock.Now()); rep.Sent != 1 {
				t.Errorf("the device that made it sent %d, want 1", rep.Sent)
			}
			if rep := c.exchange(t, clock.Now()); rep.Received != 1 || rep.Applied != 1 {
				t.Errorf("another device received %d, applied %d; want 1 and 1", rep.Received, rep.Applied)
			}
			if rep := c.exchange(t, clock.Now()); rep.Received != 0 || rep.Applied != 0 {
				t.Errorf("the next exchange received %d, applied %d; want 0 and 0", rep.Received, rep.Applied)
			}
		})
	}
}
