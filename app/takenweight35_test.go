package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"carekeeper/storage"
)

// F446 (the app's rest): Tobi's levetiracetam 10 mg/kg, ordered when he weighed 17 kg, is
// reminded as "170 mg = 1.7 mL at 17 kg …; weighed 18.4 kg … since: ask the care team"; Taken
// on it asked "How much was given? … Tobi's last weight is 18.4 kg …: 10 mg/kg × 18.4 kg = 184
// mg", a dose nobody prescribed. The question works it out at the weight the reminder uses and
// says the later weighing beside it, as the reminder does.
func TestToday_TakenOnADoseByWeightSumsAtTheOrdersWeight(t *testing.T) {
	const perKg = `[{"text":"10 mg/kg by mouth twice a day","timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]`
	rig := newRemindRig(t, at(7, 0), medFixture{"Tobi", "m1", "Levetiracetam 100 MG/ML Oral Solution", perKg})
	u, tobi := rig.u, rig.people["Tobi"]
	// The order is of 1 Jan 2026 (newRemindRig): weighed 17 kg on 20 Feb, then 18.4 kg on 1 Mar.
	for _, w := range []struct{ id, day, kg string }{{"w1", "2026-02-20", "17"}, {"w2", "2026-03-01", "18.4"}} {
		weight := `{"resourceType":"Observation","id":"` + w.id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"Patient/p1"},` +
			`"effectiveDateTime":"` + w.day + `T10:00:00Z","valueQuantity":{"value":` + w.kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`
		rec, err := storage.NewRecord(tobi, storage.ID{Source: "clinic", Type: "Observation", ID: w.id}, []byte(weight))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	u.rem.reload()
	u.shell.load()
	u.idle()
	rig.advance(at(8, 0))
	rig.showToday()
	due := rig.lines(lineDue)
	if len(due) != 1 || due[0].taken == nil {
		t.Fatalf("due lines: %+v", due)
	}
	if want := "(10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Feb 2026; weighed 18.4 kg on 1 Mar 2026 since: ask the care team whether the dose should change)"; !strings.Contains(due[0].r.Title, want) {
		t.Fatalf("the reminder says %q, want %q in it", due[0].r.Title, want)
	}
	test.Tap(due[0].taken)
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Taken on a dose given by weight asked nothing")
	}
	got := visibleTexts(top)
	for _, want := range []string{
		"the record gives the dose by body weight, 10 mg/kg: not an amount.",
		"Worked out at 17 kg, Tobi's weight on 20 Feb 2026: 10 mg/kg × 17 kg = 170 mg = 1.7 mL.",
		"Weighed 18.4 kg on 1 Mar 2026 since: ask the care team whether the dose should change.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the question says %q, want %q in it", got, want)
		}
	}
	if strings.Contains(got, "184 mg") || strings.Contains(got, "1.84 mL") {
		t.Errorf("the question works the dose out at the new weight: %q", got)
	}
}
