package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F567 item 6: Kazuko's home blood pressure readings name their monitor ("オムロン 上腕式血圧計
// HCR-7502T"), and neither her summary nor Results said it. The summary's latest reading says
// what it was measured with; ReadingDevice gives Results a reading's device; a reading whose
// record names none says nothing.
func TestSummarySaysTheDeviceOfTheLatestReading(t *testing.T) {
	needPopplerData(t)
	tyo, _ := time.LoadLocation("Asia/Tokyo")
	bp := func(i int, sys, dia float64, device string) string {
		at := time.Date(2024, 6, 5+i, 6, 50, 0, 0, tyo).Format(time.RFC3339)
		return fmt.Sprintf(`{"resourceType":"Observation","id":"bp%d","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}],"text":"家庭血圧（朝）"},"effectiveDateTime":%q,%s"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":%v,"unit":"mmHg"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":%v,"unit":"mmHg"}}]}`,
			i, at, device, sys, dia)
	}
	const omron = `"device":{"display":"オムロン 上腕式血圧計 HCR-7502T"},`
	pdf := cjkSummaryPDF(t, "佐藤 和子", tyo, bp(0, 150, 90, omron), bp(1, 148, 88, omron), bp(2, 152, 91, omron))
	txt := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
	if want := "Latest: 152/91 mmHg on 7 Jun 2024 (measured with オムロン 上腕式血圧計 HCR-7502T)"; !strings.Contains(txt, want) {
		t.Errorf("the summary does not say %q:\n%s", want, txt)
	}

	now := time.Date(2024, 6, 10, 10, 0, 0, 0, tyo)
	v, p := newPerson(t, "Kazuko")
	writeAt(t, v, p, "clinic", now, bp(0, 150, 90, omron), bp(1, 140, 85, ""))
	if got := ReadingDevice(v, health.Key{Source: "clinic", Type: "Observation", ID: "bp0"}); got != "オムロン 上腕式血圧計 HCR-7502T" {
		t.Errorf("ReadingDevice = %q", got)
	}
	if got := ReadingDevice(v, health.Key{Source: "clinic", Type: "Observation", ID: "bp1"}); got != "" {
		t.Errorf("ReadingDevice of a reading naming none = %q", got)
	}
	if txt := summaryWords(t, v, p, now.AddDate(0, -1, 0), now, tyo); strings.Contains(txt, "measured with") {
		t.Errorf("a latest reading naming no device says one:\n%s", txt)
	}
}
