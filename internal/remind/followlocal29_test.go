package remind

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// F322: Courtney lives in New York, this computer is on Kolkata time. Her 08:00 dose was taken,
// her 20:00 dose reminded and never answered (the 22:30 came after it), her 22:30 is overdue.
// She then answers "Follow local time": the doses of the day already lived stay at their New
// York moments with their answers (08:00 taken, 20:00 missed, adherence unchanged); only the
// doses still to come follow Kolkata's clock.
func TestFollowLocalTimeKeepsThePast(t *testing.T) {
	ny, kol := mustLoc(t, "America/New_York"), mustLoc(t, "Asia/Kolkata")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 5, h, m, 0, 0, ny) }
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Courtney")
	addMed(t, v, pid, "m1", "Metformin 500 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00","22:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`)
	s := DefaultSettings()
	s.Zone = "America/New_York"
	if err := SaveSettings(ctx, v, pid, s); err != nil {
		t.Fatal(err)
	}
	clk, n := &fakeClock{now: at(7, 0)}, newRecorder()
	e := New(v, n, Options{Clock: clk, Device: func() *time.Location { return kol }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	step := func(t time.Time) []Message { clk.Set(t); e.Step(ctx); return n.take() }
	ms := step(at(8, 0))
	if len(ms) != 1 {
		t.Fatalf("at 08:00 New York time: %v", titles(ms))
	}
	clk.Set(at(8, 5))
	e.HandleEvent(ctx, Event{Tag: ms[0].Tag, Action: "taken"})
	for _, h := range []int{20, 21, 22, 23} {
		step(at(h, 30))
	}
	step(at(23, 37))
	if tr := e.Travel(); len(tr) != 1 {
		t.Fatalf("the travel question is not asked: %v", tr)
	}
	day := func() string {
		var out string
		for _, d := range e.DoseStates(pid, at(0, 0), at(24, 0)) {
			out += fmt.Sprintf("%s %s; ", d.Due.In(ny).Format("2 Jan 15:04"), d.State)
		}
		a := e.Model().Adherence(pid, at(0, 0), at(24, 0), clk.Now(), Day).Total
		return out + fmt.Sprintf("on time %d of %d, missed %d", a.OnTime, a.Scheduled, a.Missed)
	}
	home := day()
	if want := "5 Dec 08:00 taken; 5 Dec 20:00 missed; 5 Dec 22:30 overdue; on time 1 of 3, missed 2"; home != want {
		t.Fatalf("home times: %s, want %s", home, want)
	}
	if err := e.AnswerTravel(ctx, pid, true); err != nil {
		t.Fatal(err)
	}
	step(at(23, 38))
	if got := day(); got != home {
		t.Errorf("after 'Follow local time' the day already lived reads\n%s\nwas\n%s", got, home)
	}
	// The doses to come are at Kolkata's times: the next is 20:00 there on 6 Dec.
	var next time.Time
	for _, r := range e.Agenda() {
		if r.Kind == KindDose {
			next = r.At
			break
		}
	}
	if want := time.Date(2026, 12, 6, 20, 0, 0, 0, kol); !next.Equal(want) {
		t.Errorf("next dose %v, want %v", next.In(kol), want)
	}
}
