package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F57: the computer is in New York, Joseph's home time zone is Europe/Dublin, and it is 19:15
// on Thursday 10 Dec here (00:15 on Friday 11 Dec in Dublin). Every line of his Today and
// Appointments is on his clock and names it: the heading is his Friday, the doses are
// Dublin's 08:00 and 20:00, and the telehealth call booked at 19:30 here reads "11 Dec 2026,
// 00:30 Dublin time (10 Dec, 19:30 here)" on Today and "11 Dec 2026, 00:30 Dublin time" with
// "10 Dec, 19:30 here" under it on Appointments. Before, Today's heading said Thursday over
// Friday's doses, and the call was at 00:30 on Today and 19:30 on Appointments, no zone named.
func TestToday_PersonOnAnotherClock(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 10, 19, 15, 0, 0, ny)
	rig := newRemindRig(t, start, medFixture{"Joseph", "m1", "Metformin 500 mg", twiceDaily})
	u, joe := rig.u, rig.people["Joseph"]
	rig.clock.setZone(ny)
	st, err := remind.LoadSettings(u.vault, joe)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Europe/Dublin"
	ctx := context.Background()
	if err := remind.SaveSettings(ctx, u.vault, joe, st); err != nil {
		t.Fatal(err)
	}
	if _, err := remind.AddAppointment(ctx, u.vault, remind.NewAppointment{Profile: joe, Title: "Telehealth check",
		Start: time.Date(2026, 12, 10, 19, 30, 0, 0, ny)}); err != nil {
		t.Fatal(err)
	}
	u.rem.reload()
	rig.advance(start)

	today := rig.showToday()
	if got, want := today.frame.sub.Text, "Friday 11 December 2026, Dublin time"; got != want {
		t.Errorf("Today's heading %q, want %q", got, want)
	}
	var text []string
	forEachLabel(today.box, func(s string) { text = append(text, s) })
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"Is Joseph with this computer, on New York time, or at home on Dublin time? Until you answer, times are Dublin time.",
		"Times are Dublin time: it is Friday 11 December, 00:15 there, 5 hours ahead of this computer.",
		"08:00 · Metformin 500 mg",
		"20:00 · Metformin 500 mg",
		"11 Dec 2026, 00:30 Dublin time (10 Dec, 19:30 here) · Telehealth check",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("Today has no %q:\n%s", want, all)
		}
	}

	u.shell.load() // the appointment was written after the records were read
	u.idle()
	u.shell.show(scAppts)
	u.idle()
	p := u.shell.pages[scAppts].(*apptsPage)
	if len(p.list.rows) != 1 {
		t.Fatalf("appointments %+v", p.list.rows)
	}
	if r := p.list.rows[0]; r.Right != "11 Dec 2026, 00:30 Dublin time" || !strings.Contains(r.Sub, "10 Dec, 19:30 here") {
		t.Errorf("Appointments row %q / %q", r.Right, r.Sub)
	}
	// Medicines says whose clock the times are on (F89).
	u.shell.stale[scMeds] = true
	u.shell.show(scMeds)
	u.idle()
	mp := u.shell.pages[scMeds].(*medsPage)
	var subs []string
	for _, r := range mp.list.rows {
		subs = append(subs, r.Sub)
	}
	if !strings.Contains(strings.Join(subs, "\n"), "at 08:00 and 20:00, Dublin time") {
		t.Errorf("Medicines rows %q", subs)
	}
}

// F71 (part): "Log a dose" pressed twice records two doses; Today's row says so ("2 doses
// taken today, the last at 08:00") — it said "last taken …" alone, and the second dose was
// nowhere. F206: the row says how much a dose is and the record's limits, as Medicines does.
func TestToday_AsNeededCountsTodaysDoses(t *testing.T) {
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m2", "Paracetamol 500 mg", `[{"asNeededBoolean":true,` +
		`"maxDosePerPeriod":{"numerator":{"value":8,"unit":"tablet"},"denominator":{"value":1,"unit":"d"}},` +
		`"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]`})
	u := rig.u
	press := func() {
		var logBt *widget.Button
		forEachButton(rig.showToday().box, func(b *widget.Button) {
			if b.Text == "Log a dose" {
				logBt = b
			}
		})
		if logBt == nil {
			t.Fatal("no Log a dose button")
		}
		test.Tap(logBt)
		rig.settle() // written once its undo time ran out (F71)
		rig.u.rem.refresh()
		u.idle()
	}
	rowText := func() string {
		var out string
		forEachLabel(rig.showToday().box, func(s string) {
			if strings.HasPrefix(s, "Paracetamol") && strings.Contains(s, " · as needed") {
				out = s
			}
		})
		return out
	}
	if got, want := rowText(), "Paracetamol 500 mg (2 tablets) · as needed, at most 8 tablets a day"; got != want {
		t.Errorf("before a dose: %q, want %q", got, want)
	}
	press()
	if got := rowText(); !strings.HasSuffix(got, "a day · 1 dose taken today (2 tablets), at 08:00") {
		t.Errorf("after one dose: %q", got)
	}
	press()
	if got := rowText(); !strings.HasSuffix(got, "a day · 2 doses taken today (4 tablets), the last at 08:00") {
		t.Errorf("after two doses: %q", got)
	}
}
