package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"

	"fyne.io/fyne/v2/test"
)

// F108: a dose answered on Today stays there once its undo time has run out, under "Taken or
// skipped today" with what was answered and when ("did I take it already?"): it vanished.
// F106: a person whose only medicines wait for a yes or no (active in the records since 2008)
// is not told "No current medicines in the records": Today says how many to confirm.
func TestToday_KeepsTheDaysAnswersAndAsksToConfirm(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	words := func() string {
		var text []string
		forEachLabel(rig.showToday().box, func(s string) { text = append(text, s) })
		return strings.Join(text, "\n")
	}
	rig.advance(at(8, 5))
	rig.showToday()
	test.Tap(rig.lines(lineDue)[0].taken)
	rig.settle()
	rig.advance(at(20, 0))
	rig.showToday()
	test.Tap(rig.lines(lineDue)[0].skip)
	rig.settle()
	got := words()
	for _, want := range []string{"Taken or skipped today", "08:00 · Metformin 500 mg (1 tablet) · taken at 08:05", "20:00 · Metformin 500 mg (1 tablet) · skipped"} {
		if !strings.Contains(got, want) {
			t.Errorf("Today has no %q:\n%s", want, got)
		}
	}

	dad, err := u.vault.AddProfile("Dad", "1948-01-01")
	if err != nil {
		t.Fatal(err)
	}
	old := `{"resourceType":"MedicationRequest","id":"old1","status":"active","intent":"order","medicationCodeableConcept":{"text":"Simvastatin 20 mg"},"subject":{"reference":"Patient/p1"},"authoredOn":"2008-05-01"}`
	rec, err := storage.NewRecord(dad.ID, storage.ID{Source: "clinic", Type: "MedicationRequest", ID: "old1"}, []byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(dad.ID)
	u.idle()
	u.shell.choose(dad.ID)
	u.idle()
	got = words()
	if strings.Contains(got, "No current medicines in the records.") || !strings.Contains(got, "1 medicine in the records to confirm: is it still taken? Answer on Medicines.") {
		t.Errorf("Dad's Today:\n%s", got)
	}
}
