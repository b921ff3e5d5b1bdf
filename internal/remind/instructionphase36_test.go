package remind

import (
	"context"
	"testing"
	"time"
)

// A mealtime insulin whose record gives no amount, in two dosage instructions: the carbohydrate
// ratio at meals and a correction at bedtime, each in its own words. Every reminder said the
// first one's words, so the 22:00 dose read "1 unit per 15 g carbohydrate with each meal" at
// bedtime. Each dose now says the words of its own instruction.
func TestDoseWithNoAmountSaysItsOwnPhasesInstruction(t *testing.T) {
	const meals, bedtime = "1 unit per 15 g carbohydrate with each meal", "at bedtime only above 200 mg/dL: 1 unit per 50 mg/dL above 150 mg/dL"
	dosage := `[` +
		`{"sequence":1,"text":"` + meals + `","timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","12:30:00","18:00:00"]}}},` +
		`{"sequence":1,"text":"` + bedtime + `.","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["22:00:00"]}}}]`
	v := openVault(t)
	pid := addPerson(t, v, "Rose")
	ref := addMed(t, v, pid, "r1", "insulin lispro 100 UNT/ML Injectable Solution", dosage)
	now := time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)
	m, err := Load(context.Background(), v, LoadOptions{Device: time.UTC, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	rs := m.Reminders(pid, now, now.Add(24*time.Hour), now)
	got := map[string]string{}
	for _, r := range rs {
		if r.Ref == ref {
			got[r.At.In(time.UTC).Format("15:04")] = r.Title
		}
	}
	const name = "Insulin lispro 100 units/mL injection"
	want := map[string]string{"08:00": name + " (" + meals + ")", "12:30": name + " (" + meals + ")", "18:00": name + " (" + meals + ")",
		"22:00": name + " (" + bedtime + ")"}
	for at, w := range want {
		if got[at] != w {
			t.Errorf("%s: %q, want %q", at, got[at], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("reminders %q", got)
	}
	// The notification, and after a snooze (rebuilt from the dose's state), too.
	r := newRig(t, "UTC", time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC), dosage)
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, time.UTC) }
	ms := r.at(at(22, 0))
	want22 := "Mum — 22:00 medicines: Metformin 500 mg (" + bedtime + ")"
	if len(ms) != 1 || ms[0].Title != want22 {
		t.Fatalf("at 22:00: %q, want %q", titles(ms), want22)
	}
	// locked and unlocked: the notification shown is rebuilt from the dose's state
	vault := r.e.v
	r.e.Lock(context.Background())
	r.n.take()
	r.clk.Set(at(22, 2))
	if err := r.e.Unlock(context.Background(), vault); err != nil {
		t.Fatal(err)
	}
	var again []Message
	for _, m := range []int{5, 10, 15, 20} {
		again = append(again, r.at(at(22, m))...)
	}
	if len(again) == 0 || again[0].Title != want22 {
		t.Errorf("after unlocking: %q, want %q", titles(again), want22)
	}
}

// The same of amounts: 2 tablets in the morning and 1 in the evening. The evening's
// notification, rebuilt after the vault was locked and unlocked, said the first dosage's "2
// tablets"; it says the evening's own.
func TestNotificationRebuiltSaysItsOwnPhasesDose(t *testing.T) {
	dosage := `[{"sequence":1,"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]},` +
		`{"sequence":1,"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, time.UTC) }
	r := newRig(t, "UTC", at(19, 0), dosage)
	ms := r.at(at(20, 0))
	const want = "Mum — 20:00 medicines: Metformin 500 mg (1 tablet)"
	if len(ms) != 1 || ms[0].Title != want {
		t.Fatalf("at 20:00: %q, want %q", titles(ms), want)
	}
	vault := r.e.v
	r.e.Lock(context.Background())
	r.n.take()
	r.clk.Set(at(20, 2))
	if err := r.e.Unlock(context.Background(), vault); err != nil {
		t.Fatal(err)
	}
	var again []Message
	for _, m := range []int{5, 10, 15, 20} {
		again = append(again, r.at(at(20, m))...)
	}
	if len(again) == 0 || again[0].Title != want {
		t.Errorf("after unlocking: %q, want %q", titles(again), want)
	}
}
