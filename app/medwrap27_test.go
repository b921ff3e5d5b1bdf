package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F120: at 200 % text on a 1024×600 screen a medicine's row wraps its name and words instead of
// cutting them with "…" ("Taking · 1 tablet, twice a day at 08:00 and 20:00 · imported from a
// fil…"): each row is as tall as its wrapped words, and every row's words are drawn whole.
func TestMedicines_RowsWrapAtLargeText(t *testing.T) {
	long := "Amoxicillin 250 mg and clavulanate 125 mg chewable tablet for children"
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Mum", "m2", long, twiceDaily})
	u, s := rig.u, rig.u.shell
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(1023, 599))
	u.win.Resize(fyne.NewSize(1024, 600))
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	u.win.Resize(fyne.NewSize(1024, 601)) // lay the page out at its size
	u.idle()
	var longRow, shortRow = -1, -1
	for i, r := range p.list.rows {
		switch {
		case strings.Contains(r.Title, "Amoxicillin"):
			longRow = i
		case strings.Contains(r.Title, "Metformin"):
			shortRow = i
		}
	}
	if longRow < 0 || shortRow < 0 {
		t.Fatalf("rows %+v", p.list.rows)
	}
	if p.heights[longRow] <= p.heights[shortRow] {
		t.Errorf("the long name's row is %v tall, the short one's %v: not wrapped", p.heights[longRow], p.heights[shortRow])
	}
	// The row as drawn: nothing cut, and its wrapped words fit the height it was given.
	item := newWrapRowItem()
	p.list.update(longRow, item)
	item.Resize(fyne.NewSize(p.list.list.Size().Width, p.heights[longRow]))
	for _, o := range item.(*fyne.Container).Objects[0].(*fyne.Container).Objects {
		l := o.(*widget.Label)
		if l.Truncation != fyne.TextTruncateOff || l.Wrapping != fyne.TextWrapWord {
			t.Errorf("%q is cut, not wrapped", l.Text)
		}
	}
	if need := item.MinSize().Height; need > p.heights[longRow]+0.5 {
		t.Errorf("the long row needs %v, has %v", need, p.heights[longRow])
	}
}

// F107: a medicine being taken, prescribed on 1 Jan 2026 and again on 15 Feb 2026, reads "since
// 1 Jan 2026" — "1 Jan 2026 – 15 Feb 2026" read as taken until February.
func TestMedicines_TakenSince(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, s, mum := rig.u, rig.u.shell, rig.people["Mum"]
	again := `{"resourceType":"MedicationRequest","id":"m1b","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},"subject":{"reference":"Patient/p1"},"authoredOn":"2026-02-15","dosageInstruction":` + twiceDaily + `}`
	rec, err := storage.NewRecord(mum, storage.ID{Source: "portal", Type: "MedicationRequest", ID: "m1b"}, []byte(again))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	s.load()
	u.idle()
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	var got []string
	for _, r := range p.list.rows {
		if strings.Contains(r.Title, "Metformin") {
			got = append(got, r.Right)
		}
	}
	if len(got) != 1 || got[0] != "since 1 Jan 2026" {
		t.Errorf("Metformin rows on the right: %q, want one, 'since 1 Jan 2026'", got)
	}
}

// F138 (the app's part): Mum is on Los Angeles' clock; a prescription written at 07:30 UTC on
// 2 Mar 2026 was written at 23:30 on 1 Mar hers: Medicines says "since 1 Mar 2026" (it said
// 2 Mar, UTC's day). An as-needed medicine to confirm (active in the records since 2008) gets
// no 'Log a dose' on Today, as 'today' lists only those being taken.
func TestMedicines_DaysOnThePersonsClock(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, s, mum := rig.u, rig.u.shell, rig.people["Mum"]
	st, err := remind.LoadSettings(u.vault, mum)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "America/Los_Angeles"
	ctx := context.Background()
	if err := remind.SaveSettings(ctx, u.vault, mum, st); err != nil {
		t.Fatal(err)
	}
	var recs []storage.Record
	for id, res := range map[string]string{
		"late": `{"resourceType":"MedicationRequest","id":"late","status":"active","intent":"order","medicationCodeableConcept":{"text":"Lisinopril 10 mg"},"subject":{"reference":"Patient/p1"},"authoredOn":"2026-03-02T07:30:00Z","dosageInstruction":` + twiceDaily + `}`,
		"prn":  `{"resourceType":"MedicationRequest","id":"prn","status":"active","intent":"order","medicationCodeableConcept":{"text":"Codeine 30 mg"},"subject":{"reference":"Patient/p1"},"authoredOn":"2008-05-01","dosageInstruction":[{"asNeededBoolean":true}]}`,
	} {
		rec, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "MedicationRequest", ID: id}, []byte(res))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := u.vault.Write(ctx, &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	u.rem.reload()
	rig.advance(at(9, 1))
	s.load()
	u.idle()
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	right := ""
	for _, r := range p.list.rows {
		if strings.Contains(r.Title, "Lisinopril") {
			right = r.Right
		}
	}
	if right != "since 1 Mar 2026" {
		t.Errorf("Lisinopril on the right: %q, want 'since 1 Mar 2026'", right)
	}
	var text []string
	forEachLabel(rig.showToday().box, func(s string) { text = append(text, s) })
	if all := strings.Join(text, "\n"); strings.Contains(all, "Codeine") && strings.Contains(all, "as needed") {
		t.Errorf("Today offers to log a dose of a medicine to confirm:\n%s", all)
	}
}

// Times moved in a medicine's editor keep the record's dose: the reminder at the new time says
// "Metformin 500 mg (1 tablet)" as before (it lost "(1 tablet)").
func TestMeds_MovedTimesKeepTheDose(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	meds.rows[0].OnTap()
	e := meds.edit
	if e == nil {
		t.Fatal("no editor")
	}
	e.mode.SetSelected("At set times")
	e.times.pickers[0].SetText("09:00")
	submit(e.times.pickers[0])
	u.idle()
	rig.advance(at(9, 0))
	var titles []string
	for _, m := range rig.n.messages() {
		titles = append(titles, m.Title)
	}
	if len(titles) != 1 || !strings.Contains(titles[0], "Metformin 500 mg (1 tablet)") {
		t.Errorf("at 09:00: %q, want the dose named", titles)
	}
}

// F158: the settings of a medicine the person added have no "The record says" row and no "As
// the record says" choice (there is no record; it would turn its reminders off): its times are
// set, at the times given.
func TestMeds_OwnMedicineSettingsHaveNoRecord(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	test.Tap(meds.addBt)
	d := meds.addOwn
	test.Type(d.name, "Vitamin D")
	d.times.pickers[0].SetText("12:00")
	submit(d.name)
	u.idle()
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	for _, r := range meds.rows {
		if strings.Contains(r.Title, "Vitamin D") {
			r.OnTap()
		}
	}
	e := meds.edit
	if e == nil {
		t.Fatal("no settings for Vitamin D")
	}
	for _, o := range e.mode.Options {
		if o == "As the record says" {
			t.Errorf("choices %q offer 'As the record says'", e.mode.Options)
		}
	}
	if e.mode.Selected != "At set times" || e.times.Text() != "12:00" {
		t.Errorf("chosen %q, times %q; want At set times, 12:00", e.mode.Selected, e.times.Text())
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || strings.Contains(visibleTexts(top), "The record says") {
		t.Error("the settings say 'The record says' for a medicine the person added")
	}
}
