package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F436 (the app's part): Tobi's levetiracetam, 10 mg/kg twice a day of a 100 mg/mL solution,
// with his weight of 17 kg on 20 Feb 2026: Today, the notification and Medicines said "(10
// mg/kg)"; they now say what it comes to, "170 mg = 1.7 mL at 17 kg on 20 Feb 2026", the words
// of `today` and `medicines`.
func TestDoseByWeightSaysWhatItComesTo(t *testing.T) {
	const lev = `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","19:00:00"]}},` +
		`"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006"}]},` +
		`"doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]`
	rig := newRemindRig(t, at(7, 0), medFixture{"Tobi", "lev", "Levetiracetam 100 mg/mL oral solution", lev})
	u, s, tobi := rig.u, rig.u.shell, rig.people["Tobi"]
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
	u.rem.reload() // as after an import
	u.rem.step()
	u.idle()
	s.load()
	u.idle()
	const want = "10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Feb 2026"
	rig.showToday()
	var lines []string
	for _, l := range rig.today().doses {
		lines = append(lines, l.r.Title)
	}
	if len(lines) == 0 || !strings.Contains(strings.Join(lines, "\n"), want) {
		t.Errorf("Today's doses %q, want %q", lines, want)
	}
	rig.advance(at(8, 0))
	rig.n.mu.Lock()
	var sent []string
	for _, m := range rig.n.sent {
		sent = append(sent, m.Title+" / "+m.Body)
	}
	rig.n.mu.Unlock()
	if !strings.Contains(strings.Join(sent, "\n"), want) {
		t.Errorf("notifications %q, want %q", sent, want)
	}
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	var subs []string
	for _, r := range s.pages[scMeds].(*medsPage).list.rows {
		subs = append(subs, r.Sub)
	}
	if !strings.Contains(strings.Join(subs, "\n"), "10 mg/kg (170 mg = 1.7 mL at 17 kg on 20 Feb 2026) by mouth") {
		t.Errorf("Medicines rows %q, want what the dose comes to", subs)
	}
	// Weighed again at home (Add measurement): the dose stays the one worked out, and the new
	// weight is said beside it, to ask the care team (F446).
	s.saveMeasured(tobi, measureKinds[1], 18, 0, at(9, 0))
	u.idle()
	rig.advance(at(9, 1))
	rig.showToday()
	lines = nil
	for _, l := range rig.today().doses {
		lines = append(lines, l.r.Title)
	}
	if again := "10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Feb 2026; weighed 18 kg on 2 Mar 2026 since: ask the care team whether the dose should change"; !strings.Contains(strings.Join(lines, "\n"), again) {
		t.Errorf("after a new weight, Today's doses %q, want %q", lines, again)
	}
}
