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
