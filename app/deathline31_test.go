package app

import (
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F333 (the heading): Fletcher Hyatt (Synthea) died on 21 Jan 1996 and his records go on to
// 7 Sep 1996; on the Timeline the records before and after the death ran together. A line at
// the death, "21 Jan 1996 · Fletcher Hyatt died", parts them: every record above it is dated
// after the death, every record below it before. The death at 19:20 UTC is on 22 Jan east of
// UTC+4:40: the test is on UTC's clock (onUTCClock, F559).
func TestTimeline_HeadingAtTheDeath(t *testing.T) {
	onUTCClock(t)
	u, _ := fixtureUI(t, "synthea/Fletcher_Hyatt_*.json")
	s := u.shell
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	death := time.Date(1996, 1, 21, 19, 20, 6, 0, time.UTC)
	const want = "21 Jan 1996, 19:20 · Fletcher Hyatt died" // its time of day (F471)
	at := -1
	above, below := 0, 0
	for n, l := range timelineTexts(tl) {
		if l[0] == want {
			if at >= 0 {
				t.Errorf("line %d: %q a second time (first at %d)", n, want, at)
			}
			at = n
			continue
		}
		if tl.lines[n] < 0 {
			continue // a day heading
		}
		e := tl.events[tl.lines[n]]
		when, ok := health.ParseTime(e.Date)
		if !ok {
			continue
		}
		switch after := when.After(death); {
		case at < 0 && !after:
			t.Errorf("line %d %s %q: before the death, above its line", n, e.Date, l[0])
		case at >= 0 && after:
			t.Errorf("line %d %s %q: after the death, below its line", n, e.Date, l[0])
		case at < 0:
			above++
		default:
			below++
		}
	}
	if at < 0 {
		t.Fatalf("no line %q in the Timeline", want)
	}
	if above == 0 || below == 0 {
		t.Errorf("%d records above the death's line, %d below", above, below)
	}
}
