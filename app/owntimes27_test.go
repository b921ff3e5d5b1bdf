package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2/test"
)

// F89: the computer is in New York and Mum's clock is Dublin's. 'Add my own medicine' reads the
// times on the chosen person's clock, and its Times box says so: "Times, Dublin time" for Mum,
// "Times" for Dad (on this computer's clock), following the person chosen; the medicine's
// editor says it too. A medicine added for Mum at 08:00 is Dublin's 08:00.
func TestMeds_AddOwnNamesThePersonsClock(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 10, 12, 0, 0, 0, ny)
	rig := newRemindRig(t, start, medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "d1", "Ramipril 5 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	rig.clock.setZone(ny)
	ctx := context.Background()
	for id, zone := range map[string]string{mum: "Europe/Dublin", rig.people["Dad"]: "America/New_York"} {
		st, err := remind.LoadSettings(u.vault, id)
		if err != nil {
			t.Fatal(err)
		}
		st.Zone = zone
		if err := remind.SaveSettings(ctx, u.vault, id, st); err != nil {
			t.Fatal(err)
		}
	}
	u.rem.reload()
	rig.advance(start)
	s := u.shell
	s.choose(mum)
	u.idle()
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)

	test.Tap(meds.addBt)
	d := meds.addOwn
	if d == nil {
		t.Fatal("no add dialog")
	}
	timesText := func() string { return d.dialog.form.Items[len(d.dialog.form.Items)-1].Text }
	if got := timesText(); got != "Times, Dublin time" {
		t.Errorf("for Mum the Times box says %q, want %q", got, "Times, Dublin time")
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(visibleTexts(top), "Times, Dublin time") {
		t.Error("the dialog does not show 'Times, Dublin time'")
	}
	d.person.SetSelected("Dad")
	if got := timesText(); got != "Times" {
		t.Errorf("for Dad the Times box says %q, want %q", got, "Times")
	}
	d.person.SetSelected("Mum")
	if got := timesText(); got != "Times, Dublin time" {
		t.Errorf("Mum again: %q", got)
	}
	test.Type(d.name, "Vitamin D")
	d.times.pickers[0].SetText("08:00")
	submit(d.name)
	u.idle()
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	var sub string
	for _, r := range meds.rows {
		if strings.Contains(r.Title, "Vitamin D") {
			sub = r.Sub
		}
	}
	if !strings.Contains(sub, "at 08:00, Dublin time") {
		t.Errorf("Vitamin D row %q, want its 08:00 on Dublin's clock", sub)
	}
	rig.advance(start) // the engine reloads
	m := u.rem.engine().Model()
	var med *remind.Medicine
	for _, x := range m.Medicines(mum) {
		if strings.HasPrefix(x.Name, "Vitamin D") {
			med = x
		}
	}
	if med == nil {
		t.Fatal("Vitamin D not in the reminders")
	}
	dublin, _ := time.LoadLocation("Europe/Dublin")
	rs := m.Reminders(mum, start, start.Add(48*time.Hour), start)
	found := false
	for _, r := range rs {
		if r.Med == med {
			found = true
			if got := r.Due.In(dublin).Format("15:04"); got != "08:00" {
				t.Errorf("Vitamin D due at %s Dublin time, want 08:00", got)
			}
		}
	}
	if !found {
		t.Error("no reminder for Vitamin D")
	}
	meds.openEditor(med)
	u.idle()
	if top := u.win.Canvas().Overlays().Top(); top == nil || !strings.Contains(visibleTexts(top), "Times, Dublin time") {
		t.Error("the medicine's editor does not say 'Times, Dublin time'")
	}
}

// F127: 'Add my own medicine' with the Times box left empty ("none for only when needed") is
// taken as needed: Medicines says so and Today offers 'Log a dose' for it.
func TestMeds_AddOwnWithoutTimesIsAsNeeded(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Lola", "m1", "Metformin 500 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	test.Tap(meds.addBt)
	d := meds.addOwn
	if d == nil {
		t.Fatal("no add dialog")
	}
	test.Type(d.name, "Ibuprofen")
	d.strength.SetText("100 mg")
	submit(d.name)
	u.idle()
	rig.advance(at(9, 1))
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	var sub string
	for _, r := range meds.rows {
		if strings.Contains(r.Title, "Ibuprofen") {
			sub = r.Sub
		}
	}
	if !strings.Contains(sub, "as needed") || strings.Contains(sub, "set the times yourself") {
		t.Errorf("Ibuprofen row %q, want 'as needed'", sub)
	}
	var text []string
	forEachLabel(rig.showToday().box, func(s string) { text = append(text, s) })
	if all := strings.Join(text, "\n"); !strings.Contains(all, "Ibuprofen 100 mg · as needed") {
		t.Errorf("Today has no as-needed line for Ibuprofen:\n%s", all)
	}
}

// F165: an as-needed medicine's row on Medicines says what its record allows, the limits
// Today asks about before a dose (F71), not "as needed" alone.
func TestMeds_AsNeededSaysItsLimits(t *testing.T) {
	for _, tc := range []struct{ name, dosage, want string }{
		{"every 4 hours, 720 mg a day of 240 mg", `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":240,"unit":"mg"}}],"maxDosePerPeriod":{"numerator":{"value":720,"unit":"mg"},"denominator":{"value":1,"unit":"d"}}}]`,
			"as needed, at least 4 hours apart, at most 3 doses a day"},
		{"says nothing", `[{"asNeededBoolean":true}]`, "as needed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newRemindRig(t, at(9, 0), medFixture{"Lola", "m1", "Paracetamol suppository", tc.dosage})
			u, s := rig.u, rig.u.shell
			s.show(scMeds)
			u.idle()
			var sub string
			for _, r := range s.pages[scMeds].(*medsPage).rows {
				if strings.Contains(r.Title, "Paracetamol") {
					sub = r.Sub
				}
			}
			if !strings.Contains(sub, tc.want) || (tc.want == "as needed" && strings.Contains(sub, "as needed,")) {
				t.Errorf("Paracetamol row %q, want %q", sub, tc.want)
			}
		})
	}
}
