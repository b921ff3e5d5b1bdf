package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carekeeper/storage"
)

// A child's as-needed fever medicine whose record gives "15 mg/kg" was logged as given
// "15 mg/kg" without a word: Log a dose now asks how much was given, says what the rule comes
// to at her last weight, refuses the rule itself and a number with no unit, and records the
// amount typed (F407).
func TestToday_LogADoseByWeightAsksHowMuch(t *testing.T) {
	const perKg = `[{"text":"15 mg/kg by mouth every 6 hours as needed for fever","asNeededCodeableConcept":{"text":"fever"},"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":15,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]`
	rig := newRemindRig(t, at(9, 0), medFixture{"Lily", "m1", "Acetaminophen 160 MG in 5 mL Oral Suspension", perKg})
	u, lily := rig.u, rig.people["Lily"]
	weight := `{"resourceType":"Observation","id":"w1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],` +
		`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"Patient/p1"},` +
		`"effectiveDateTime":"2026-02-20T10:00:00Z","valueQuantity":{"value":20.9,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`
	rec, err := storage.NewRecord(lily, storage.ID{Source: "clinic", Type: "Observation", ID: "w1"}, []byte(weight))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	u.shell.load() // the records changed since the person was chosen
	u.idle()
	tapButton(t, rig.showToday().box, "Log a dose")
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("Log a dose of a medicine given by weight asked nothing; written: %v", rig.administrations(t, lily))
	}
	want := "Acetaminophen 160 mg in 5 mL oral suspension: the record gives the dose by body weight, 15 mg/kg: not an amount. Lily's last weight is 20.9 kg, on 20 Feb 2026: 15 mg/kg × 20.9 kg = 313.5 mg."
	if got := visibleTexts(top); !strings.Contains(got, "How much was given?") || !strings.Contains(got, want) {
		t.Errorf("the question says %q, want %q", got, want)
	}
	var given *widget.Entry
	var logIt *widget.Button
	walk(top, func(x any) {
		switch w := x.(type) {
		case *widget.Entry:
			given = w
		case *widget.Button:
			if w.Text == "Log it" {
				logIt = w
			}
		}
	})
	if given == nil || logIt == nil {
		t.Fatalf("no amount box or Log it: %q", visibleTexts(top))
	}
	for _, tt := range []struct{ typed, says string }{
		{"", ""},
		{"15 mg/kg", "15 mg/kg is not an amount: say how much was given, with its unit: mL or mg."},
		{"10", "Say the unit too: 10 mL? 10 mg?"},
		{"ten", "Start with how much, then its unit: mL or mg."},
	} {
		setText(given, tt.typed)
		u.idle()
		if !logIt.Disabled() {
			t.Errorf("Log it is on for %q", tt.typed)
		}
		if got := visibleTexts(top); tt.says != "" && !strings.Contains(got, tt.says) {
			t.Errorf("for %q the dialog says %q, want %q", tt.typed, got, tt.says)
		}
	}
	setText(given, "10 mL")
	u.idle()
	if logIt.Disabled() {
		t.Fatal("Log it is off for 10 mL")
	}
	test.Tap(logIt)
	rig.settle()
	var got []string
	err = u.vault.Records(context.Background(), storage.Query{Profile: lily, Type: "MedicationAdministration"}, func(r *storage.Record) error {
		var m struct {
			Status string `json:"status"`
			Dosage struct {
				Text string `json:"text"`
			} `json:"dosage"`
		}
		json.Unmarshal(r.Resource, &m)
		got = append(got, m.Status+" "+m.Dosage.Text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "completed 10 mL" {
		t.Errorf("recorded %q, want one dose given of 10 mL", got)
	}
}
