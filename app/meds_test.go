package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2/test"
)

func TestMeds_EditPlan(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	if len(meds.rows) != 1 || !strings.Contains(meds.rows[0].Sub, "08:00 and 20:00") {
		t.Fatalf("rows %+v", meds.rows)
	}
	// The dose the record gives, as `medicines` says it (issue 15).
	if !strings.Contains(meds.rows[0].Sub, "1 tablet, ") {
		t.Errorf("no dose: %q", meds.rows[0].Sub)
	}
	meds.rows[0].OnTap()
	e := meds.edit
	if e == nil {
		t.Fatal("no editor")
	}
	e.mode.SetSelected("At set times")
	e.times.pickers[0].SetText("09:00") // picked from the quarter hours
	test.Tap(e.times.add)
	e.times.pickers[1].SetText("21:30")
	e.days[0].SetChecked(true) // Monday
	e.days[2].SetChecked(true) // Wednesday
	setText(e.supply, "28")
	setText(e.lead, "5")
	submit(e.times.pickers[0])
	u.idle()
	m, err := remind.Load(context.Background(), u.vault, remind.LoadOptions{Device: time.UTC, Now: at(7, 0)})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(mum, "MedicationRequest/m1")
	if med == nil || !med.Overridden || med.Supply == nil || med.Supply.Quantity != 28 {
		t.Fatalf("medicine after saving: %+v", med)
	}
	if got := med.Plan.Describe(m.Person(mum).Settings.Routine); !strings.Contains(got, "09:00") || !strings.Contains(got, "Mon") {
		t.Errorf("plan %q", got)
	}
	if m.Person(mum).Settings.RefillLeadDays != 5 {
		t.Errorf("refill lead %d", m.Person(mum).Settings.RefillLeadDays)
	}
	if !strings.Contains(meds.rows[0].Sub, "09:00") || !strings.Contains(meds.rows[0].Sub, "set by you") {
		t.Errorf("row after saving: %q", meds.rows[0].Sub)
	}
	// The engine follows the new plan: nothing at 08:00, a dose at 09:00.
	rig.advance(at(8, 0))
	if n := len(rig.n.messages()); n != 0 {
		t.Errorf("%d notifications at 08:00 after moving the dose to 09:00", n)
	}
	rig.advance(at(9, 0))
	if n := len(rig.n.messages()); n != 1 {
		t.Errorf("%d notifications at 09:00", n)
	}

	// Back to the record's plan.
	meds.rows[0].OnTap()
	meds.edit.mode.SetSelected("As the record says")
	meds.edit.dialog.Confirm()
	u.idle()
	if strings.Contains(meds.rows[0].Sub, "set by you") {
		t.Errorf("still overridden: %q", meds.rows[0].Sub)
	}

	// A bad time is refused in words.
	meds.rows[0].OnTap()
	meds.edit.mode.SetSelected("At set times")
	meds.edit.times.pickers[0].SetText("25:99") // typed, not picked
	meds.edit.dialog.Confirm()
	u.idle()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("no message for an impossible time")
	}
	clearOverlays(u.win.Canvas())
}

func TestMeds_AddOwnAndAdherence(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	s := u.shell
	// A day of doses: 08:00 taken, 20:00 skipped.
	rig.advance(at(8, 0))
	test.Tap(rig.lines(lineDue)[0].taken)
	rig.settle()
	rig.advance(at(20, 0))
	test.Tap(rig.lines(lineDue)[0].skip)
	rig.settle()
	rig.advance(at(22, 0))

	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	if !meds.adhBox.Visible() || !strings.Contains(meds.summary.Text, "1 of 2") {
		t.Errorf("adherence: visible %v, %q", meds.adhBox.Visible(), meds.summary.Text)
	}
	if len(meds.chart.buckets) != adherenceDays {
		t.Errorf("%d bars", len(meds.chart.buckets))
	}
	if !strings.Contains(meds.rows[0].Sub, "on time 50%") {
		t.Errorf("row %q", meds.rows[0].Sub)
	}
	test.AssertObjectRendersToMarkup(t, "today/adherence.xml", meds.chart)

	test.Tap(meds.addBt)
	d := meds.addOwn
	if d == nil {
		t.Fatal("no add dialog")
	}
	test.Type(d.name, "Vitamin D")
	d.strength.SetText("1000 IU") // picked from the strengths
	d.form.SetSelected("capsule") // picked from the forms
	d.instructions.SetText("with food")
	d.times.pickers[0].SetText("12:00") // picked from the quarter hours
	submit(d.name)
	u.idle()
	s.show(scMeds)
	u.idle()
	found := false
	for _, r := range meds.rows {
		if strings.Contains(r.Title, "Vitamin D 1000 IU") && strings.Contains(r.Sub, "12:00") {
			found = true
		}
	}
	if !found {
		t.Fatalf("own medicine not listed: %+v", meds.rows)
	}
	rig.advance(at(12, 0).AddDate(0, 0, 1))
	got := false
	for _, m := range rig.n.messages() {
		got = got || strings.Contains(m.Title, "Vitamin D")
	}
	if !got {
		t.Error("no reminder for the own medicine")
	}
}

// An order still "active" in the record since 2008 is asked about, not listed as taken;
// "Yes" keeps it (state taking), and the answer is saved for every source of it. F176: the
// question can be left unanswered ("Not sure yet": it stays to confirm), and its answers do not
// speak as the person ("Yes, still taken", "No, stopped").
func TestMeds_StaleOrderAskedThenConfirmed(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	old := `{"resourceType":"MedicationRequest","id":"old1","status":"active","intent":"order","medicationCodeableConcept":{"text":"Simvastatin 20 mg"},"subject":{"reference":"Patient/p1"},"authoredOn":"2008-05-01"}`
	rec, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "MedicationRequest", ID: "old1"}, []byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.load()
	u.idle()
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	find := func() row {
		for _, r := range meds.rows {
			if strings.Contains(r.Title, "Simvastatin") {
				return r
			}
		}
		t.Fatalf("no Simvastatin row in %+v", meds.rows)
		return row{}
	}
	r := find()
	if !strings.Contains(r.Sub, "2008") || !strings.Contains(r.Sub, "still taking it?") || !r.Warn {
		t.Fatalf("stale order row %+v", r)
	}
	if !strings.Contains(meds.frame.sub.Text, "1 to confirm") {
		t.Errorf("summary %q", meds.frame.sub.Text)
	}
	r.OnTap()
	if meds.confirm == nil {
		t.Fatal("no question asked")
	}
	if q := meds.confirm; q.yes.Text != "Yes, still taken" || q.no.Text != "No, stopped" || q.later.Text != "Not sure yet" {
		t.Errorf("answers %q, %q, %q", q.yes.Text, q.no.Text, q.later.Text)
	}
	test.Tap(meds.confirm.later)
	u.idle()
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		t.Error("the question is still open after 'Not sure yet'")
	}
	if r := find(); !strings.Contains(r.Sub, "still taking it?") || !r.Warn {
		t.Errorf("after Not sure yet: %+v, want it still to confirm", r)
	}
	find().OnTap()
	test.Tap(meds.confirm.yes)
	u.idle()
	if r := find(); !strings.HasPrefix(r.Sub, "Taking") || r.Warn {
		t.Errorf("after Yes: %+v", r)
	}
}
