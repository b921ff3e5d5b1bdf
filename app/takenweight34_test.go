package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F436 (F407's leftover): Taken on a child's scheduled dose whose record gives "10 mg/kg"
// recorded the dose with no amount, asking nothing: what was drawn up was never known. Taken
// now asks how much was given, as Log a dose does, with what the rule comes to at his last
// weight, and records the amount typed on that dose.
func TestToday_TakenOnADoseByWeightAsksHowMuch(t *testing.T) {
	const perKg = `[{"text":"10 mg/kg by mouth twice a day","timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]`
	rig := newRemindRig(t, at(7, 0), medFixture{"Tobi", "m1", "Levetiracetam 100 MG/ML Oral Solution", perKg})
	u, tobi := rig.u, rig.people["Tobi"]
	weight := `{"resourceType":"Observation","id":"w1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],` +
		`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"Patient/p1"},` +
		`"effectiveDateTime":"2026-02-20T10:00:00Z","valueQuantity":{"value":17,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`
	rec, err := storage.NewRecord(tobi, storage.ID{Source: "clinic", Type: "Observation", ID: "w1"}, []byte(weight))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	u.shell.load()
	u.idle()
	rig.advance(at(8, 0))
	rig.showToday()
	due := rig.lines(lineDue)
	if len(due) != 1 || due[0].taken == nil {
		t.Fatalf("due lines: %+v", due)
	}
	test.Tap(due[0].taken)
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		rig.settle()
		t.Fatalf("Taken on a dose given by weight asked nothing; recorded: %v", dosages(t, u.vault, tobi))
	}
	for _, want := range []string{"How much was given?", "the record gives the dose by body weight, 10 mg/kg: not an amount.", "Tobi's last weight is 17 kg, on 20 Feb 2026: 10 mg/kg × 17 kg = 170 mg"} {
		if got := visibleTexts(top); !strings.Contains(got, want) {
			t.Errorf("the question says %q, want %q in it", got, want)
		}
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
	if strings.ContainsAny(given.PlaceHolder, "0123456789") {
		t.Errorf("the box's example %q gives an amount: 10 mL of a 100 mg/mL solution is 1000 mg (F446)", given.PlaceHolder)
	}
	setText(given, "10 mg/kg")
	u.idle()
	if !logIt.Disabled() {
		t.Error("Log it is on for the rule itself, 10 mg/kg")
	}
	setText(given, "1.7 mL")
	u.idle()
	test.Tap(logIt)
	rig.settle()
	if got := dosages(t, u.vault, tobi); len(got) != 1 || got[0] != "completed 2026-03-02T08:00:00Z 1.7 mL" {
		t.Errorf("recorded %q, want the 08:00 dose given, 1.7 mL", got)
	}
	if len(rig.lines(lineDue)) != 0 {
		t.Error("the dose is still due")
	}
	// F446: the day's answered doses say the amount given, at once (not the rule, or the
	// amount at a later weight, until the next load).
	done := answeredHere(u.rem.engine(), tobi, at(8, 5), remind.Zone{Loc: time.UTC, Device: time.UTC}, nil, "")
	if len(done) != 1 || !strings.Contains(done[0].text, "(1.7 mL) · taken at 08:00") || done[0].skipped {
		t.Errorf("Taken or skipped today: %+v, want the 08:00 dose of 1.7 mL", done)
	}
}

// dosages are a person's dose events: status, the dose's scheduled time and the amount given.
func dosages(t *testing.T, v *storage.Vault, profile string) []string {
	t.Helper()
	var out []string
	err := v.Records(context.Background(), storage.Query{Profile: profile, Type: "MedicationAdministration"}, func(r *storage.Record) error {
		var m struct {
			Status    string `json:"status"`
			Extension []struct {
				Extension []struct {
					URL           string `json:"url"`
					ValueDateTime string `json:"valueDateTime"`
				} `json:"extension"`
			} `json:"extension"`
			Dosage struct {
				Text string `json:"text"`
			} `json:"dosage"`
		}
		json.Unmarshal(r.Resource, &m)
		scheduled := ""
		for _, e := range m.Extension {
			for _, x := range e.Extension {
				if x.URL == "scheduled" {
					scheduled = x.ValueDateTime
				}
			}
		}
		out = append(out, strings.TrimSpace(m.Status+" "+scheduled+" "+m.Dosage.Text))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
