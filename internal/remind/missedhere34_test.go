package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// F421: a medicine imported at 07:00 (the command line; or on another device of the household),
// whose reminders first ran here at 10:00: its 08:00 dose, unanswered, was "missed" in 'today'
// and on the other device, and on no list of the app's Today here. Missed lists it (never
// notified here), and it is not Early.
func TestDoseMissedBeforeThisDeviceRemindedIsListed(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	// every 2 hours from 08:00: the 08:00 dose is missed at 10:00, when the 10:00 one comes
	rec, err := storage.NewRecord(pid, storage.ID{Source: "local", Type: "MedicationRequest", ID: "m1"}, []byte(`{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order",`+
		`"medicationCodeableConcept":{"text":"Levodopa"},"authoredOn":"2026-05-01","dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["08:00:00","10:00:00","12:00:00"]}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(ctx, &storage.Batch{Now: day(7, 0), Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	n := newRecorder()
	e := New(v, n, Options{Clock: &fakeClock{now: day(10, 5)}, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	st := e.DoseStates(pid, day(0, 0), day(24, 0))
	if len(st) == 0 || st[0].Due != day(8, 0) || st[0].State != DoseMissed || st[0].Early {
		t.Fatalf("the 08:00 dose: %+v, want missed, not early", st)
	}
	found := false
	for _, r := range e.Missed() {
		found = found || r.Due.Equal(day(8, 0))
	}
	if !found {
		t.Errorf("Missed does not list the 08:00 dose: %+v", e.Missed())
	}
	if ms := n.sent; len(ms) != 0 {
		t.Errorf("notified here: %+v", ms)
	}
}
