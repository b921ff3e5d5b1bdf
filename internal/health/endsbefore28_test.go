package health

import (
	"strings"
	"testing"
)

// F205: HL7's CCD 1 gives a pneumonia from 3 Jul 2013 "resolved 14 Aug 2008"; the summary said
// "Pneumonia — since 3 Jul 2013 (resolved 14 Aug 2008)", both as facts. It says the record's end
// is before its start; a condition whose dates agree reads as before.
func TestConditionEndsBeforeItStarts(t *testing.T) {
	cond := func(onset, end string) Condition {
		s := NewSet([]Resource{{Key: Key{"doc", "Condition", "c"}, Profile: "p", JSON: []byte(`{"resourceType":"Condition",` +
			`"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"resolved"}]},` +
			`"code":{"text":"Pneumonia"},"onsetDateTime":"` + onset + `","abatementDateTime":"` + end + `"}`)}}, nil)
		_, past := Conditions(s)
		if len(past) != 1 {
			t.Fatalf("%d past conditions", len(past))
		}
		return past[0]
	}
	c := cond("2013-07-03", "2008-08-14")
	if got, want := c.SummaryState(Death{}), "resolved; the record's end, 14 Aug 2008, is before its start"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got := c.Line(Death{}); !strings.Contains(got, "3 Jul 2013; the record's end, 14 Aug 2008, is before its start") || strings.Contains(got, "3 Jul 2013 – 14 Aug 2008") {
		t.Errorf("line %q", got)
	}
	if got := cond("2008-07-03", "2008-08-14").SummaryState(Death{}); got != "resolved 14 Aug 2008" {
		t.Errorf("dates that agree: %q", got)
	}
}
