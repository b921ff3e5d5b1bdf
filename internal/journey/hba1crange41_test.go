package journey

import (
	"strings"
	"testing"
	"time"
)

// F540 item 7: Geneviève's visit summary (she died on 11 Feb 2024, with type 2 diabetes) said
// "HbA1c … range 4–5.7% (a general adult range; your lab or care team may use another)":
// "your" to a woman who died, and for a person with diabetes the range of adults without it.
// The general range says "the lab", and beside a person with diabetes says whose range it is
// and the usual target.
func TestSummaryHbA1cRangeOfAPersonWithDiabetes(t *testing.T) {
	mtl, _ := time.LoadLocation("America/Montreal")
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, mtl)
	died := `{"resourceType":"Patient","id":"gen","name":[{"given":["Geneviève"],"family":"Nguyen"}],"birthDate":"1941-03-02","deceasedDateTime":"2024-02-11T09:00:00-05:00"}`
	a1c := []string{
		observation("a1", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", 7.4, "%", "2023-08-10T09:00:00-04:00", ""),
		observation("a2", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", 7.9, "%", "2023-11-10T09:00:00-05:00", ""),
	}
	const general = "range 4–5.7% (a general adult range; the lab or care team may use another)"
	const diabetic = "range 4–5.7% (a general range for adults without diabetes; with diabetes the target is agreed with the care team, for many adults under 7% (ADA))"
	for _, tc := range []struct {
		name      string
		records   []string
		want, not string
	}{
		{"died, with type 2 diabetes", append([]string{died, condition("t2", "44054006", "Type 2 diabetes")}, a1c...), diabetic, "your"},
		{"died, no diabetes recorded", append([]string{died}, a1c...), general, "your"},
		{"living, type 1 diabetes", append([]string{condition("t1", "46635009", "Type 1 diabetes")}, a1c...), diabetic, "a general adult range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Geneviève")
			writeAt(t, v, p, "clinic", now.Add(-time.Hour), tc.records...)
			txt := summaryWords(t, v, p, time.Date(2023, 6, 1, 0, 0, 0, 0, mtl), now, mtl)
			if !strings.Contains(txt, tc.want) {
				t.Errorf("the summary does not say %q:\n%s", tc.want, txt)
			}
			if strings.Contains(txt, tc.not) {
				t.Errorf("the summary says %q:\n%s", tc.not, txt)
			}
		})
	}
}
