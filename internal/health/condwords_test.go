package health

import "testing"

// A person who died had their current conditions until their death: the words say so for
// the app and the visit summary alike, and no count is said of no conditions.
func TestConditionWords(t *testing.T) {
	died := Death{Deceased: true, Date: "2019-04-27"}
	alive := Death{}
	deathOf := func(p string) Death {
		if p == "dad" {
			return died
		}
		return alive
	}
	cur := Condition{Profile: "dad", Current: true, Onset: "2001-03-05"}
	curMum := Condition{Profile: "mum", Current: true, Onset: "2020-05-03"}
	past := Condition{Profile: "dad", Onset: "2001-05-03", Abated: "2005-06-05"}
	for _, tc := range []struct {
		c     Condition
		death Death
		want  string
	}{
		{curMum, alive, "Current · since 3 May 2020"},
		{cur, died, "Until death · since 5 Mar 2001"},
		{past, died, "Past · 3 May 2001 – 5 Jun 2005"},
		{Condition{}, alive, "Past"},
	} {
		if got := tc.c.Line(tc.death); got != tc.want {
			t.Errorf("Line(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
	for _, tc := range []struct {
		current, past []Condition
		want          string
	}{
		{nil, nil, ""},
		{[]Condition{curMum}, nil, "1 current, 0 past"},
		{[]Condition{cur}, []Condition{past}, "1 until death, 1 past"},
		{nil, []Condition{past}, "0 until death, 1 past"},
		{[]Condition{curMum, cur}, []Condition{past}, "1 current, 1 until death, 1 past"},
	} {
		if got := ConditionCounts(tc.current, tc.past, deathOf); got != tc.want {
			t.Errorf("ConditionCounts(%d current, %d past) = %q, want %q", len(tc.current), len(tc.past), got, tc.want)
		}
	}
}

// The visit summary's state after a condition's name: "(resolved )" with a stray space when
// the records give no end date (F78, vapp26).
func TestConditionSummaryState(t *testing.T) {
	for _, tc := range []struct {
		c     Condition
		death Death
		want  string
	}{
		{Condition{Current: true, Onset: "2020-05-03"}, Death{}, "current"},
		{Condition{Current: true}, Death{Deceased: true}, "until death"},
		{Condition{Onset: "2026-11-10", Abated: "2026-11-24"}, Death{}, "resolved 24 Nov 2026"},
		{Condition{Onset: "2026-11-10"}, Death{}, "resolved"},
		{Condition{Abated: "2025-03"}, Death{}, "resolved March 2025"},
		// the visit summary says a diagnosis being looked into is not confirmed (words27)
		{Condition{Current: true, Unconfirmed: true}, Death{}, "current, not confirmed"},
	} {
		if got := tc.c.SummaryState(tc.death); got != tc.want {
			t.Errorf("SummaryState(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}
