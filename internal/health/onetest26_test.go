package health

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// One test of one person is one series, whatever code variant or unit spelling the labs used
// (F65, F70): HbA1c as % (NGSP, 4548-4) and as mmol/mol (IFCC, 59261-8) is one "HbA1c", the
// IFCC value converted by the master equation and said as the lab gave it; TSH in mIU/L and
// µIU/mL (the same unit) is one "TSH" going from 8.2 (High) to 3.1; the two vitamin D codes
// keep their own plain names.
func TestOneTestIsOneSeries(t *testing.T) {
	obs := `{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":%q,"display":%q}]},"effectiveDateTime":%q,"valueQuantity":{"value":%v,"unit":%q,"system":"http://unitsofmeasure.org","code":%q}%s}`
	rng := func(lo, hi float64, unit string) string {
		return fmt.Sprintf(`,"referenceRange":[{"low":{"value":%v,"unit":%q},"high":{"value":%v,"unit":%q}}]`, lo, unit, hi, unit)
	}
	var rs []Resource
	add := func(code, display, date string, v float64, unit, ucum, extra string) {
		id := fmt.Sprint(len(rs) + 1)
		rs = append(rs, Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1",
			JSON: []byte(fmt.Sprintf(obs, id, code, display, date, v, unit, ucum, extra))})
	}
	add("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "2025-06-02", 7.9, "%", "%", "")
	add("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol", "2026-03-03", 63, "mmol/mol", "mmol/mol", "")
	add("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "2026-11-18", 7.1, "%", "%", "")
	add("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "2026-01-05", 8.2, "mIU/L", "m[IU]/L", rng(0.4, 4.0, "mIU/L"))
	add("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "2026-06-02", 3.1, "uIU/mL", "u[IU]/mL", "")
	add("1989-3", "25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma", "2026-01-05", 14, "ng/mL", "ng/mL", "")
	add("62292-8", "25-Hydroxyvitamin D2+25-Hydroxyvitamin D3 [Mass/volume] in Serum or Plasma", "2026-06-02", 62, "nmol/L", "nmol/L", "")

	series := Results(NewSet(rs, nil))
	byName := map[string]*Series{}
	var names []string
	for _, se := range series {
		names = append(names, se.ShortName())
		byName[se.ShortName()] = se
	}
	if len(series) != 4 {
		t.Fatalf("%d series %q, want HbA1c, TSH, Vitamin D (D3), Vitamin D (total)", len(series), names)
	}
	a1c := byName["HbA1c"]
	if a1c == nil || a1c.Len() != 3 || a1c.Unit != "%" {
		t.Fatalf("HbA1c: %+v (series %q)", a1c, names)
	}
	mar := a1c.At(1)
	if !mar.Converted || mar.V < 7.85 || mar.V > 7.95 {
		t.Errorf("63 mmol/mol is %.2f%% (converted %v), want 7.9%%", mar.V, mar.Converted)
	}
	if got := a1c.ReadingWords(mar); !strings.HasPrefix(got, "63 mmol/mol (7.9") {
		t.Errorf("the March reading reads %q, want it as the lab gave it with the %% beside", got)
	}
	tsh := byName["TSH"]
	if tsh == nil || tsh.Len() != 2 {
		t.Fatalf("TSH: %+v (series %q)", tsh, names)
	}
	if tsh.At(0).V != 8.2 || tsh.At(1).V != 3.1 || tsh.At(0).Flag != FlagHigh || tsh.Latest().Flag == FlagHigh {
		t.Errorf("TSH points %+v, want 8.2 High then 3.1 not High", tsh.Points().Clone())
	}
	for _, n := range []string{"Vitamin D (D3)", "Vitamin D (total)"} {
		if byName[n] == nil {
			t.Errorf("no series %q in %q", n, names)
		}
	}
	_ = time.UTC
}
