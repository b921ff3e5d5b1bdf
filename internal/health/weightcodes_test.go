package health

import "testing"

// Body weight comes under two LOINC codes: 29463-7 (US Core, Apple Health) and 3141-9 "Body
// weight Measured" (many C-CDA documents). Results listed two series both named "Body weight";
// the readings of both are one series.
func TestResults_BodyWeightCodesOneSeries(t *testing.T) {
	s := NewSet([]Resource{
		obsQ("doc", "3141-9", "Weight", "2023-11-05", "172.5", "[lb_av]", "[lb_av]", ""),
		obsQ("phone", "29463-7", "Body weight", "2026-11-20", "170.4", "lb", "[lb_av]", ""),
	}, nil)
	var names []string
	points := 0
	for _, se := range Results(s) {
		names = append(names, se.ShortName())
		points += se.Len()
	}
	if len(names) != 1 || names[0] != "Body weight" || points != 2 {
		t.Errorf("series %q with %d readings, want one \"Body weight\" with 2", names, points)
	}
}
