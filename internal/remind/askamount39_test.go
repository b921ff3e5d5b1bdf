package remind

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F526: Ren's NovoRapid gives no amount, only how to work it out ("1 unit for every 10 g of
// carbohydrate …"). Answered Taken on its notification it was recorded "Dose taken" with no
// units, where the app's Taken and 'dose take' ask how much. Its notification now offers no
// Taken (Snooze; a click opens the app), unlocked and locked, and a Taken that comes anyway
// (a notification shown by an older CareKeeper) records nothing and opens the app at it.
func TestNotificationOfADoseWithoutAnAmountHasNoTaken(t *testing.T) {
	const carbs = `[{"text":"With each meal: 1 unit for every 10 g of carbohydrate","route":{"text":"subcutaneous"},"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}}}]`
	syd := mustLoc(t, "Australia/Sydney")
	day := func(h, m int) time.Time { return time.Date(2026, 12, 7, h, m, 0, 0, syd) }
	ctx := context.Background()
	doses := func(r *rig) int {
		t.Helper()
		m, err := Load(ctx, r.e.v, LoadOptions{Device: syd})
		if err != nil {
			t.Fatal(err)
		}
		return len(m.Doses[m.Medicine("", r.ref).Key()])
	}
	only := func(ms []Message) bool {
		return len(ms) == 1 && len(ms[0].Actions) == 1 && ms[0].Actions[0].Key == "snooze" && ms[0].Body == "Say how much was given in CareKeeper." && !strings.Contains(ms[0].Body, "Taken")
	}

	t.Run("unlocked", func(t *testing.T) {
		r := newRig(t, "Australia/Sydney", day(7, 0), carbs)
		var opened []string
		r.e.opt.OnOpen = func(tag string) { opened = append(opened, tag) }
		ms := r.at(day(8, 0))
		if !only(ms) {
			t.Fatalf("at 08:00: %+v, want one notification with Snooze only", ms)
		}
		if again := r.at(day(8, 15)); !only(again) {
			t.Fatalf("its repeat: %+v", again)
		}
		r.clk.Set(day(8, 20))
		r.e.HandleEvent(ctx, Event{Tag: ms[0].Tag, Action: "taken"})
		if n := doses(r); n != 0 {
			t.Errorf("%d doses recorded by a Taken with no amount", n)
		}
		if len(opened) != 1 || opened[0] != ms[0].Tag {
			t.Errorf("opened %v, want the app at %s", opened, ms[0].Tag)
		}
		if d := r.e.DueNow(); len(d) != 1 {
			t.Errorf("due now %d, want the dose still to answer", len(d))
		}
	})

	t.Run("locked", func(t *testing.T) {
		r := newRig(t, "Australia/Sydney", day(7, 0), carbs)
		v := r.e.v
		fires := r.e.Lock(ctx)
		if len(fires) == 0 || !fires[0].ask {
			t.Fatalf("lock-safe agenda %+v", fires)
		}
		dir := t.TempDir()
		if err := SaveAgenda(dir, fires); err != nil {
			t.Fatal(err)
		}
		if back, err := LoadAgenda(dir); err != nil || len(back) == 0 || !back[0].ask {
			t.Fatalf("saved agenda read back %+v, %v", back, err)
		}
		ms := r.at(day(8, 0))
		if !only(ms) {
			t.Fatalf("locked at 08:00: %+v, want Snooze only", ms)
		}
		r.clk.Set(day(8, 5))
		r.e.HandleEvent(ctx, Event{Tag: ms[0].Tag, Action: "taken"})
		if err := r.e.Unlock(ctx, v); err != nil {
			t.Fatal(err)
		}
		if n := doses(r); n != 0 {
			t.Errorf("%d doses recorded at unlock by a Taken with no amount", n)
		}
	})

	for _, words := range []string{"one tablet at night", "Take 2 puffs twice a day"} {
		t.Run("words giving one amount keep Taken: "+words, func(t *testing.T) {
			r := newRig(t, "Australia/Sydney", day(7, 0), `[{"text":"`+words+`","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}}}]`)
			if ms := r.at(day(8, 0)); len(ms) != 1 || len(ms[0].Actions) != 2 {
				t.Fatalf("at 08:00: %+v", ms)
			}
		})
	}
	t.Run("two amounts on different days ask", func(t *testing.T) {
		r := newRig(t, "Australia/Sydney", day(7, 0), `[{"text":"3 mg on Mon, Wed and Fri and 2 mg on other days","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}}}]`)
		if ms := r.at(day(8, 0)); !only(ms) {
			t.Fatalf("at 08:00: %+v", ms)
		}
	})
	t.Run("a dose with an amount keeps Taken", func(t *testing.T) {
		r := newRig(t, "Australia/Sydney", day(7, 0), `[{"doseAndRate":[{"doseQuantity":{"value":4,"unit":"U"}}],"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}}}]`)
		if ms := r.at(day(8, 0)); len(ms) != 1 || len(ms[0].Actions) != 2 {
			t.Fatalf("at 08:00: %+v", ms)
		}
	})
}
