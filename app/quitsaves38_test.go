package app

import (
	"context"
	"encoding/json"
	"testing"

	"fyne.io/fyne/v2/test"

	"carekeeper/storage"
)

// F514: Rafael's 09:00 inhaler answered Taken on Today, and 3 s later the app got SIGTERM (a
// log-out, a shut-down): the answer, waiting out its 10 s of Undo, was never written, and the
// dose was due again at the next start — a second dose could follow. The app ended that way
// runs no window close, only UI.Close after the event loop: the answer is saved there.
func TestToday_AnswerWaitingForUndoSavedWhenTheAppEnds(t *testing.T) {
	rig := newRemindRig(t, at(7, 59), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	rig.advance(at(8, 0))
	rig.showToday()
	due := rig.lines(lineDue)
	if len(due) != 1 {
		t.Fatal("no dose due")
	}
	test.Tap(due[0].taken)
	u.idle()
	if got := rig.administrations(t, mum); len(got) != 0 {
		t.Fatalf("written before its undo time ran out: %v", got)
	}
	dir := u.dir
	if err := u.Close(); err != nil { // as runApp after SIGTERM ended the event loop
		t.Fatal(err)
	}
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var status []string
	if err := v.Records(context.Background(), storage.Query{Profile: mum, Type: "MedicationAdministration"}, func(rec *storage.Record) error {
		var m struct {
			Status string `json:"status"`
		}
		json.Unmarshal(rec.Resource, &m)
		status = append(status, m.Status)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(status) != 1 || status[0] != "completed" {
		t.Errorf("after the app ended: dose events %v, want one taken", status)
	}
}
