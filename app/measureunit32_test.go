package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2/test"
)

// F400: a child weighed in pounds (46 lb) was offered Weight in kg only, and 47 typed was kept
// as 47 kg, a gain of 26 kg, with no question and no way to take it back. Weight is now
// offered in the unit of her readings, a value far from the last is asked about before it is
// kept, and a reading entered by hand can be deleted under Show the readings.
func TestAddMeasurement_HerUnitAskedWhenFarAndDeletable(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Lily", "m1", "Paracetamol 120 mg/5 mL", twiceDaily})
	u, lily := rig.u, rig.people["Lily"]
	addObservations(t, u.vault, lily, "29463-7", "Body weight", "[lb_av]", 0, map[int]float64{200: 43, 14: 46})
	resultsOf(t, rig, lily) // on Results, where Add measurement is

	d := u.shell.openMeasureOf(lily, "weight")
	if got := d.items[2].Text; got != "Value (lb)" {
		t.Errorf("weight entered as %q, want Value (lb) as her readings", got)
	}
	if d.value2.Visible() {
		t.Error("a Diastolic box is shown under Weight")
	}
	// 100 lb is more than twice her 46 lb: asked, and nothing is kept before the answer.
	test.Type(d.value, "100")
	d.dialog.Submit()
	u.idle()
	if want := "100 lb is more than twice the last body weight, 46 lb on 16 Feb 2026: are the number and its unit right?"; d.askedText != want {
		t.Fatalf("asked %q, want %q", d.askedText, want)
	}
	res := resultsOf(t, rig, lily)
	res.choose(0)
	if got := res.value.Text; got != "46 lb" {
		t.Errorf("before the answer the latest is %q, want 46 lb", got)
	}
	d.asked.Confirm()
	u.idle()
	res = resultsOf(t, rig, lily)
	res.choose(0)
	if got := res.value.Text; got != "100 lb" {
		t.Fatalf("after Add 100 lb the latest is %q", got)
	}
	// Taken back: Show the readings lists it alone with Delete; deleting it brings back 46 lb.
	if !res.readingsBt.Visible() {
		t.Fatal("no Show the readings")
	}
	res.toggleReadings()
	if len(res.ownIDs) != 1 || !res.own.Visible() {
		t.Fatalf("own readings %v (shown %v), want the one entered", res.ownIDs, res.own.Visible())
	}
	if got := strings.Join(labelsIn(res.own), " | "); !strings.Contains(got, "100 lb") || strings.Contains(got, "46 lb") {
		t.Errorf("own readings say %q", got)
	}
	tapButton(t, res.own, "Delete…")
	if res.deleting == nil {
		t.Fatal("Delete did not ask")
	}
	res.deleting.Confirm()
	u.idle()
	res = resultsOf(t, rig, lily)
	res.choose(0)
	if got := res.value.Text; got != "46 lb" {
		t.Errorf("after Delete the latest is %q, want 46 lb", got)
	}
	if len(res.ownIDs) != 0 {
		t.Errorf("deleted reading still listed: %v", res.ownIDs)
	}
	// Nor on the Timeline ("Body weight: 100 lb · Result · entered by you" stayed).
	evs, err := timelineIndex(context.Background(), u.vault, lily, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Key.Source == storage.AppSource && e.Kind == health.KindResult {
			t.Errorf("the deleted reading is on the Timeline: %+v", e)
		}
	}
}
