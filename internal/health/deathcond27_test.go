package health

import "testing"

// F102: a condition of a person who died whose record dates its resolution after the death
// was not resolved in the person's life: it reads "until death", as other conditions current
// at the death do (Jules135 died 27 Dec 2016; his sinusitis 'resolved 29 Dec 2016').
func TestConditionResolvedAfterDeath(t *testing.T) {
	died := Death{Deceased: true, Date: "2016-12-27"}
	for _, tc := range []struct {
		name                 string
		c                    Condition
		death                Death
		state, summary, line string
		counts               string
	}{
		{"resolved after the death", Condition{Onset: "2016-09-15", Abated: "2016-12-29"}, died,
			"Until death", "until death", "Until death · since 15 Sep 2016", "1 until death, 0 past"},
		{"resolved on the day of death", Condition{Onset: "2016-09-15", Abated: "2016-12-27"}, died,
			"Past", "resolved 27 Dec 2016", "Past · 15 Sep 2016 – 27 Dec 2016", "0 until death, 1 past"},
		{"resolved before the death", Condition{Onset: "2016-09-15", Abated: "2016-10-01"}, died,
			"Past", "resolved 1 Oct 2016", "Past · 15 Sep 2016 – 1 Oct 2016", "0 until death, 1 past"},
		{"died, no date of death", Condition{Onset: "2016-09-15", Abated: "2016-12-29"}, Death{Deceased: true},
			"Past", "resolved 29 Dec 2016", "Past · 15 Sep 2016 – 29 Dec 2016", "0 until death, 1 past"},
		{"alive", Condition{Onset: "2016-09-15", Abated: "2016-12-29"}, Death{},
			"Past", "resolved 29 Dec 2016", "Past · 15 Sep 2016 – 29 Dec 2016", "0 current, 1 past"},
		{"current at the death", Condition{Onset: "2016-09-15", Current: true}, died,
			"Until death", "until death", "Until death · since 15 Sep 2016", "1 until death, 0 past"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.State(tc.death); got != tc.state {
				t.Errorf("State %q, want %q", got, tc.state)
			}
			if got := tc.c.SummaryState(tc.death); got != tc.summary {
				t.Errorf("SummaryState %q, want %q", got, tc.summary)
			}
			if got := tc.c.Line(tc.death); got != tc.line {
				t.Errorf("Line %q, want %q", got, tc.line)
			}
			var current, past []Condition
			if tc.c.Current {
				current = append(current, tc.c)
			} else {
				past = append(past, tc.c)
			}
			if got := ConditionCounts(current, past, func(string) Death { return tc.death }); got != tc.counts {
				t.Errorf("ConditionCounts %q, want %q", got, tc.counts)
			}
		})
	}
}
