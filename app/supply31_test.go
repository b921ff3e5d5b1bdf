package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F380: Today said "Refills due: Metformin … runs out around 9 Dec 2026" and its "Update
// supply…" opened the medicine with "Supply on hand 60", the box handed over 27 days before;
// Save with nothing changed wrote 60 as of today, and the run-out moved to 5 Jan. The box now
// offers what is counted as left (6, said with where it is counted from), Save as offered
// writes no supply, and a supply typed is said with its new run-out.
func TestUpdateSupply_OffersWhatIsLeftAndSavesNothingUnchanged(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 25, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Maria", "mm1", "Metformin 500 MG Oral Tablet",
		`[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`})
	u, s, pid := rig.u, rig.u.shell, rig.people["Maria"]
	rec, err := storage.NewRecord(pid, storage.ID{Source: "clinic", Type: "MedicationDispense", ID: "md1"}, []byte(`{"resourceType":"MedicationDispense","id":"md1","status":"completed",`+
		`"authorizingPrescription":[{"reference":"MedicationRequest/mm1"}],"medicationCodeableConcept":{"text":"Metformin 500 MG Oral Tablet"},`+
		`"quantity":{"value":60,"unit":"tablet"},"daysSupply":{"value":30,"unit":"d"},"whenHandedOver":"2026-11-09T10:00:00+00:00"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	u.rem.reload()
	rig.advance(now)

	refillLine := func() string {
		var line string
		forEachLabel(rig.showToday().box, func(x string) {
			if strings.Contains(x, "Metformin") && strings.HasSuffix(x, "Order a refill.") {
				line = x
			}
		})
		return line
	}
	const before = "Metformin 500 mg tablet runs out around 9 Dec 2026. Order a refill."
	if got := refillLine(); got != before {
		t.Fatalf("Today's refill line %q, want %q", got, before)
	}
	openSupply := func() *medEditor {
		t.Helper()
		tapButton(t, rig.today().box, "Update supply…")
		u.idle()
		e := s.pages[scMeds].(*medsPage).edit
		if e == nil {
			t.Fatal("Update supply… opened no editor")
		}
		return e
	}
	e := openSupply()
	if got := e.supply.Text; got != "6" {
		t.Errorf("the supply box offers %q, want 6 (60 handed over on 9 Nov, 54 doses since)", got)
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(visibleTexts(top), "About 6 left, counted from the 60 tablets handed over on 9 Nov 2026.") {
		t.Errorf("the editor does not say where the 6 is counted from: %q", visibleTexts(top))
	}
	e.dialog.Confirm() // Save, nothing changed
	u.idle()
	rig.advance(now)
	if got := refillLine(); got != before {
		t.Errorf("after Save with nothing changed Today says %q, want %q", got, before)
	}
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("Save with nothing changed says %q", visibleTexts(top))
	}

	// A supply typed is saved, and said with its run-out.
	e = openSupply()
	e.supply.SetText("60")
	e.dialog.Confirm()
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if want := "Supply set to 60 tablets on 6 Dec 2026: runs out around 5 Jan 2027."; top == nil || !strings.Contains(visibleTexts(top), want) {
		t.Errorf("a supply set says %q, want %q", visibleTexts(top), want)
	}
	rig.advance(now)
	if got := refillLine(); got != "" {
		t.Errorf("with 60 on hand today Today still says %q", got)
	}
}
