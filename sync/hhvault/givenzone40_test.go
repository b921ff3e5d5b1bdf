package hhvault_test

import (
	"strings"
	"testing"
	"time"

	"carekeeper/sync/hhvault"
)

// F531: the household's lines say their times on the clock the command was given (here), not
// the process's own (time.Local): a CLI run with TZ=UTC in its environment said a dose given
// twice at 22:02 when the process ran on Kiritimati time. Whatever time.Local is, each line
// follows here.
func TestHouseholdLinesOnTheGivenClock(t *testing.T) {
	kiri, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	for _, here := range []*time.Location{time.UTC, kiri} {
		at := time.Date(2026, 12, 6, 8, 0, 0, 0, here)
		names := map[string]string{"tab": "Dad's tablet"}
		tw := hhvault.TakenTwice{Person: "Mum", Medicine: "Metformin 500 mg", Zone: here.String(), Scheduled: at.UTC(),
			Takes: []hhvault.Take{{At: at.Add(2 * time.Minute).UTC()}, {At: at.Add(10 * time.Minute).UTC(), Device: "tab"}}}
		if got, want := hhvault.TwiceWords(tw, names, here), "Metformin 500 mg for Mum was given twice: at 08:02 on this computer and at 08:10 on Dad's tablet (the 08:00 dose of 6 Dec 2026)"; got != want {
			t.Errorf("%s: TwiceWords = %q, want %q", here, got, want)
		}
		d := hhvault.DeletedPerson{Name: "Clemente", At: at.UTC(), Learned: at.UTC()}
		if got := hhvault.DeletedWords(d, "C laptop", here); !strings.Contains(got, "on 6 Dec 2026 at 08:00") {
			t.Errorf("%s: DeletedWords = %q", here, got)
		}
		r := hhvault.ReplacedSetting{Person: "Mum", Setting: "Caregivers' alert", Here: "20 minutes", HereAt: at.UTC(), There: "45 minutes",
			ThereAt: at.Add(time.Minute).UTC(), Learned: at.Add(2 * time.Minute).UTC()}
		if got := hhvault.ReplacedWords(r, "Anna's laptop", here); !strings.Contains(got, "set here at 08:00, was replaced by 45 minutes, set on Anna's laptop at 08:01") {
			t.Errorf("%s: ReplacedWords = %q", here, got)
		}
		s := hhvault.StoppedWhileSet{Person: "Grace", Medicine: "Warfarin", StoppedBy: "tab", StoppedAt: at.UTC(), TimesAt: at.Add(time.Minute).UTC(),
			Times: "once a day at 19:00", Learned: at.Add(2 * time.Minute).UTC()}
		if got := hhvault.StoppedWords(s, names, here); !strings.Contains(got, "stopped on Dad's tablet at 08:00 and its times were set to once a day at 19:00 on this computer at 08:01") {
			t.Errorf("%s: StoppedWords = %q", here, got)
		}
		if got := hhvault.EmptiedWords(hhvault.Config{Folder: "/x"}, at); !strings.HasPrefix(got, "At 08:00 ") {
			t.Errorf("%s: EmptiedWords = %q", here, got)
		}
	}
}
