package app

import (
	"strings"
	"testing"
)

// F537: a dose given on another computer of the household said on Today only when it was
// answered there ("taken · answered by Anna's laptop at 15:31"): a carer read that as when it
// was taken. Today says the time taken and, apart, when it was answered, as `today` says it
// (remind.TakenWords).
func TestToday_AnsweredElsewhereSaysWhenTaken(t *testing.T) {
	texts, all := givenOnAnotherComputer(t, false)
	// Given at 08:10 on Anna's laptop, answered there later: the time it was taken, not only
	// when it was answered (F537).
	want := "08:00 Metformin 500 mg: taken at 08:10 — answered on Anna's laptop at"
	if !strings.Contains(texts, want) {
		t.Errorf("Today does not say %q:\n%s", want, all)
	}
}

// F567 item 7: a dose taken early on another computer vanished from this one's Today: Kenichi's
// 07:30 sevelamer, taken at 06:49 on the Tokyo tablet, was neither under "Later today" nor
// under "Answered on other computers" on his daughter's laptop, which listed only doses whose
// time had passed. A dose of later today answered elsewhere is listed there too.
func TestToday_DoseOfLaterTodayAnsweredElsewhereIsListed(t *testing.T) {
	texts, all := givenElsewhereAt(t, false, at(20, 0), at(8, 10))
	want := "20:00 Metformin 500 mg: taken at 08:10 — answered on Anna's laptop at"
	if !strings.Contains(texts, want) {
		t.Errorf("Today does not say %q:\n%s", want, all)
	}
}
