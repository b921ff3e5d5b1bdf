package app

import (
	"fyne.io/fyne/v2/canvas"

	"strings"
	"testing"
	"time"
)

// F385: at 00:03 on Tuesday Today still said the Monday it was computed on ("Monday 2 March
// 2026"): the page is recomputed at the person's midnight, on the app's clock.
func TestToday_RecomputedAtMidnight(t *testing.T) {
	rig := newRemindRig(t, at(23, 50), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	p := rig.showToday()
	if got := p.frame.sub.Text; !strings.Contains(got, "Monday 2 March 2026") {
		t.Fatalf("Today at 23:50 says %q", got)
	}
	rig.u.auto.after = time.Hour // the person is there; auto-lock is not what this is about
	rig.clock.set(at(24, 3))
	rig.u.auto.clock.(*fakeClock).advance(13 * time.Minute) // no show, no click: only the clock moves
	rig.u.idle()
	if got := rig.today().frame.sub.Text; !strings.Contains(got, "Tuesday 3 March 2026") {
		t.Errorf("Today at 00:03 still says %q", got)
	}
}

// F383 (3): Today's as-needed row said "as needed, at least 6 hours apart" without what for;
// Medicines and `today` say "as needed for wheezing".
func TestToday_AsNeededSaysWhatFor(t *testing.T) {
	const wheezing = `[{"asNeededCodeableConcept":{"text":"wheezing"},"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puff"}}]}]`
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m3", "Albuterol inhaler", wheezing})
	var all []string
	forEachText(rig.showToday().view(), func(t *canvas.Text) { all = append(all, t.Text) })
	texts := strings.Join(all, "\n")
	if !strings.Contains(texts, "Albuterol inhaler (2 puffs) · as needed for wheezing, at least 6 hours apart") {
		t.Errorf("the as-needed row does not say what for:\n%s", texts)
	}
}

// F383 (1): a medicine whose record starts it in 4 days was on Medicines ("Starts 6 Mar 2026")
// but not on Today; `today` says "Starts 6 Mar 2026: …, not before", and so does Today now.
func TestToday_SaysMedicineStartingSoon(t *testing.T) {
	const later = `[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["06:00:00"],"boundsPeriod":{"start":"2026-03-06"}}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m4", "Levothyroxine 50 mcg tablet", later})
	var all []string
	forEachText(rig.showToday().view(), func(t *canvas.Text) { all = append(all, t.Text) })
	texts := strings.Join(all, "\n")
	if !strings.Contains(texts, "Starts 6 Mar 2026: Levothyroxine 50 mcg tablet (1 tablet), not before") {
		t.Errorf("Today does not say the medicine starting soon:\n%s", texts)
	}
}
