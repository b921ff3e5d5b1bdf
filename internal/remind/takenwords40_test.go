package remind

import (
	"testing"
	"time"
)

// F537: Maxime's 07:30 puffs, taken at 07:40 and answered on "Ordinateur de la famille" at
// 09:17, were "07:30 taken …, answered by Ordinateur de la famille at 09:17" on the other
// device and "07:30 taken" on the one that answered: no word of 07:40. Today says when it was
// taken, and when the answer came where that is another time.
func TestTakenWordsSayWhenItWasTaken(t *testing.T) {
	tor, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, tor) }
	for _, c := range []struct {
		name, state string
		due, acted  time.Time
		device      string
		answered    time.Time
		want        string
	}{
		{"another device, later", DoseTaken, at(7, 7, 30), at(7, 7, 40), "Ordinateur de la famille", at(7, 9, 17),
			"taken at 07:40 — answered on Ordinateur de la famille at 09:17"},
		{"this device", DoseTaken, at(7, 7, 30), at(7, 7, 40), "", at(7, 9, 17), "taken at 07:40"},
		{"taken at its time, answered later elsewhere", DoseTaken, at(7, 7, 30), at(7, 7, 30), "Ordinateur de la famille", at(7, 9, 17),
			"answered by Ordinateur de la famille at 09:17"},
		{"answered as it was taken", DoseTaken, at(7, 7, 30), at(7, 7, 40), "Ordinateur de la famille", at(7, 7, 40),
			"answered by Ordinateur de la famille at 07:40"},
		{"the night before's dose, taken after midnight", DoseTaken, at(6, 22, 0), at(7, 0, 20), "", time.Time{}, "taken at 7 Dec, 00:20"},
		{"at its time, here", DoseTaken, at(7, 7, 30), at(7, 7, 30), "", at(7, 7, 31), ""},
		{"skipped elsewhere", DoseSkipped, at(7, 7, 30), at(7, 7, 30), "Ordinateur de la famille", at(7, 9, 17),
			"answered by Ordinateur de la famille at 09:17"},
	} {
		if got := TakenWords(c.state, c.due, c.acted, c.device, c.answered, tor); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
