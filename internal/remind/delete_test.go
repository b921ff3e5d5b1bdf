package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// A person deleted from the vault: after a reload their notification is withdrawn and they get
// no more reminders.
func TestDeletedPersonWithdrawn(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	ms := r.at(day(8, 0))
	if len(ms) != 1 {
		t.Fatalf("at 08:00 sent %v", titles(ms))
	}
	v := r.v.(*storage.Vault)
	if _, err := v.DeleteProfile(context.Background(), r.pid); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	if ms := r.at(day(8, 1)); len(ms) != 0 {
		t.Errorf("sent after the delete: %v", titles(ms))
	}
	if len(r.n.withdrawn) != 1 || r.n.withdrawn[0] != ms[0].Tag {
		t.Errorf("withdrawn %v, want the deleted person's %q", r.n.withdrawn, ms[0].Tag)
	}
	if d := r.e.DueNow(); len(d) != 0 {
		t.Errorf("due after the delete: %+v", d)
	}
	if ms := r.at(day(20, 0)); len(ms) != 0 {
		t.Errorf("evening reminder for a deleted person: %v", titles(ms))
	}
}
