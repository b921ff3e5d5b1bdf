package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F567 item 6: Kazuko (75, treated for high blood pressure) measures at home every morning,
// about 150/90; her readings were set against "90–120 over 60–80 mmHg (a general adult range)"
// alone, every one outside it and nothing said of the targets of a person treated for it. Beside
// a person with high blood pressure the typical range says whose it is and the usual targets.
func TestBloodPressureRangeOfAPersonWithHighBloodPressure(t *testing.T) {
	tyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Date(2024, 12, 8, 10, 0, 0, 0, tyo)
	bp := func(i int, sys, dia float64) string {
		at := time.Date(2024, 12, 1+i, 7, 0, 0, 0, tyo).Format(time.RFC3339)
		return fmt.Sprintf(`{"resourceType":"Observation","id":"bp%d","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},"effectiveDateTime":%q,"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":%v,"unit":"mmHg"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":%v,"unit":"mmHg"}}]}`, i, at, sys, dia)
	}
	readings := []string{bp(0, 152, 91), bp(1, 148, 88), bp(2, 155, 92)}
	const targets = "(a typical range for adults without high blood pressure; with it the target is agreed with the care team, for many adults under 140/90 mmHg at the clinic and under 135/85 mmHg at home; from age 80, under 150/90 and 145/85 (NICE NG136))"
	for _, tc := range []struct {
		name    string
		records []string
		want    string
	}{
		{"with high blood pressure", append([]string{condition("htn", "38341003", "Hypertensive disorder")}, readings...), targets},
		{"no such condition", readings, "(a general adult range; the lab or care team may use another)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Kazuko")
			writeAt(t, v, p, "clinic", now.Add(-time.Hour), tc.records...)
			txt := summaryWords(t, v, p, time.Date(2024, 11, 1, 0, 0, 0, 0, tyo), now, tyo)
			if !strings.Contains(txt, tc.want) {
				t.Errorf("the summary does not say %q:\n%s", tc.want, txt)
			}
		})
	}
}
