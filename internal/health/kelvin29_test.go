package health

import (
	"fmt"
	"strings"
	"testing"
)

// F273: temperatures of 98.6 °F, 37 °C and 310.15 K (1, 2, 3 Nov 2026) made 'Body temperature
// 310 K · 3 readings': the series took the newest reading's unit on a tie. A person's
// temperatures are shown in °C or °F; kelvin only when every reading is in it.
func TestTemperatureNeverShownInKelvin(t *testing.T) {
	obs := func(id, day string, v float64, code string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, JSON: []byte(fmt.Sprintf(`{"resourceType":"Observation","id":%q,"status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8310-5","display":"Body temperature"}]},"effectiveDateTime":"2026-11-%sT09:00:00Z","valueQuantity":{"value":%v,"unit":%q,"system":"http://unitsofmeasure.org","code":%q}}`, id, day, v, code, code))}
	}
	for _, tc := range []struct {
		recs []Resource
		unit string
	}{
		{[]Resource{obs("f", "01", 98.6, "[degF]"), obs("c", "02", 37, "Cel"), obs("k", "03", 310.15, "K")}, "Cel"},
		{[]Resource{obs("k1", "01", 310.15, "K"), obs("k2", "02", 310.5, "K"), obs("f", "03", 98.6, "[degF]")}, "[degF]"},
		{[]Resource{obs("k1", "01", 310.15, "K"), obs("k2", "02", 310.5, "K")}, "K"},
	} {
		ss := Results(NewSet(tc.recs, nil))
		if len(ss) != 1 {
			t.Fatalf("%d series", len(ss))
		}
		se := ss[0]
		if se.Unit != tc.unit || se.Len() != len(tc.recs) {
			t.Errorf("series in %q with %d readings, want %q with %d", se.Unit, se.Len(), tc.unit, len(tc.recs))
		}
		if tc.unit != "K" && strings.Contains(se.Value("", se.Latest().V), "K") {
			t.Errorf("latest %q", se.Value("", se.Latest().V))
		}
	}
}
