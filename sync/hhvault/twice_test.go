package hhvault_test

import (
	"strings"
	"testing"
	"time"

	"carekeeper/sync/hhvault"
)

// F221: a dose given on two devices is said on the person's clock, each device by its name,
// this one as "this computer"; the person's zone is named when it is not this computer's.
func TestTwiceWords(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 8, 0, 0, 0, tokyo)
	tw := hhvault.TakenTwice{Person: "Mum", Medicine: "Metformin 500 mg", Zone: "Asia/Tokyo", Scheduled: at.UTC(),
		Takes: []hhvault.Take{{At: at.Add(2 * time.Minute).UTC()}, {At: at.Add(10 * time.Minute).UTC(), Device: "tab"}}}
	names := map[string]string{"tab": "Dad's tablet"}
	got := hhvault.TwiceWords(tw, names, nil)
	want := "Metformin 500 mg for Mum was given twice: at 08:02 on this computer and at 08:10 on Dad's tablet (the 08:00 dose of 6 Dec 2026"
	if !strings.HasPrefix(got, want) {
		t.Errorf("TwiceWords = %q, want %q…", got, want)
	}
	if _, off := at.In(time.Local).Zone(); off != 9*3600 && !strings.HasSuffix(got, "; times are Tokyo time)") {
		t.Errorf("TwiceWords = %q: the person's clock (Tokyo) is not this computer's and is not named", got)
	}
	// F261: two doses of one day whose plan has one (the times changed between the answers).
	day := hhvault.TakenTwice{Person: "Mum", Medicine: "Warfarin 3 mg", Zone: "Asia/Tokyo", Planned: 1, Day: "2026-12-06",
		Takes: []hhvault.Take{{At: at.Add(9 * time.Hour).UTC()}, {At: at.Add(10 * time.Hour).UTC(), Device: "tab"}}}
	if got, want := hhvault.TwiceWords(day, names, nil), "Warfarin 3 mg for Mum was given twice on 6 Dec 2026, when 1 dose a day is planned: at 17:00 on this computer and at 18:00 on Dad's tablet"; !strings.HasPrefix(got, want) {
		t.Errorf("TwiceWords, one day = %q, want %q…", got, want)
	}
	tw.Takes = append(tw.Takes, hhvault.Take{At: at.Add(30 * time.Minute).UTC(), Device: "gone"})
	if got := hhvault.TwiceWords(tw, names, nil); !strings.Contains(got, "was given 3 times: at 08:02 on this computer, at 08:10 on Dad's tablet and at 08:30 on another device of the household") {
		t.Errorf("TwiceWords, three answers = %q", got)
	}
}

// F327: a dose skipped on one device and given on another before they exchanged was said
// nowhere ('taken' on both). It is said like a dose given twice, and counts as given.
func TestSkippedAndGivenWords(t *testing.T) {
	at := time.Date(2026, 12, 6, 8, 0, 0, 0, time.Local)
	tw := hhvault.TakenTwice{Person: "Mum", Medicine: "Metformin 500 mg", Zone: "Local", Scheduled: at.UTC(),
		Takes: []hhvault.Take{{At: at.Add(10 * time.Minute).UTC(), Device: "tab"}},
		Skips: []hhvault.Take{{At: at.Add(2 * time.Minute).UTC()}}}
	names := map[string]string{"tab": "Dad's tablet"}
	want := "Metformin 500 mg for Mum was skipped at 08:02 on this computer and given at 08:10 on Dad's tablet (the 08:00 dose of 6 Dec 2026): it counts as given"
	if got := hhvault.TwiceWords(tw, names, nil); got != want {
		t.Errorf("TwiceWords = %q, want %q", got, want)
	}
	tw.Takes = append(tw.Takes, hhvault.Take{At: at.Add(20 * time.Minute).UTC()})
	want = "Metformin 500 mg for Mum was skipped at 08:02 on this computer and given twice, at 08:10 on Dad's tablet and at 08:20 on this computer (the 08:00 dose of 6 Dec 2026): it counts as given"
	if got := hhvault.TwiceWords(tw, names, nil); got != want {
		t.Errorf("TwiceWords = %q, want %q", got, want)
	}
}

// F478: two doses taken as needed, given on two devices closer together than the record allows.
func TestTooCloseWords(t *testing.T) {
	at := time.Date(2026, 12, 6, 16, 0, 0, 0, time.Local)
	tw := hhvault.TakenTwice{Person: "Sofia Reyes", Medicine: "Children's ibuprofen 100 mg/5 mL", Zone: "Local", MinGap: 6 * time.Hour,
		Takes: []hhvault.Take{{At: at.UTC(), Device: "lap"}, {At: at.Add(90 * time.Minute).UTC()}}}
	want := "Children's ibuprofen 100 mg/5 mL for Sofia Reyes was given at 16:00 on Maria's laptop and at 17:30 on this computer, 1 hour 30 minutes apart: this medicine says at least 6 hours between doses"
	if got := hhvault.TwiceWords(tw, map[string]string{"lap": "Maria's laptop"}, nil); got != want {
		t.Errorf("TwiceWords = %q, want %q", got, want)
	}
}
