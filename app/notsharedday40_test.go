package app

import (
	"strings"
	"testing"
	"time"
)

// F525 item 13: a device whose share of a person was withdrawn still headed that person's
// Today "Doses due now" and listed their doses due, overdue and later — worked out afresh each
// day from what was left there, for someone who no longer cares for them and cannot know
// whether they were given. It says the doses are no longer followed here and lists none; the
// person still shared keeps their doses.
func TestToday_NotSharedPersonListsNoDoses(t *testing.T) {
	rig := newRemindRig(t, at(7, 30),
		medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Dad", "d1", "Ramipril 5 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00","12:00:00","20:00:00"]}}}]`})
	u := rig.u
	if err := u.vault.SetNotShared(u.ctx, map[string]time.Time{rig.people["Dad"]: at(7, 0)}); err != nil {
		t.Fatal(err)
	}
	rig.advance(at(11, 0)) // Dad's 08:00 overdue, 12:00 and 20:00 later today
	for _, who := range []string{"Dad", "Everyone"} {
		if who == "Everyone" {
			u.shell.person.SetSelected("Everyone")
		} else {
			u.shell.choose(rig.people[who])
		}
		u.idle()
		tp := rig.showToday()
		text := strings.Join(strings.Fields(visibleTexts(tp.box)), " ")
		dad, mum := text, ""
		if who == "Everyone" {
			i, j := strings.Index(text, "Dad"), strings.Index(text, "Mum")
			if i < 0 || j < 0 {
				t.Fatalf("Everyone: no section of Dad's or Mum's: %q", text)
			}
			if i < j {
				dad, mum = text[i:j], text[j:]
			} else {
				dad, mum = text[i:], text[j:i]
			}
		}
		for _, not := range []string{"· Ramipril", "Doses due now", "Overdue", "Later today", "Nothing due right now"} {
			if strings.Contains(dad, not) {
				t.Errorf("%s: Dad, no longer shared, has %q on Today: %q", who, not, dad)
			}
		}
		if !strings.Contains(dad, "no longer followed on this computer") {
			t.Errorf("%s: Today does not say Dad's doses are no longer followed here: %q", who, dad)
		}
		if who == "Everyone" && (!strings.Contains(mum, "Doses due now") || !strings.Contains(mum, "20:00 · Metformin 500 mg")) {
			t.Errorf("Mum, still shared, lost her doses: %q", mum)
		}
	}
}
