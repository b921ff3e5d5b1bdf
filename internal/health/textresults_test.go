package health

import (
	"testing"
)

// Results written only as text (a C-CDA "4.1 mmol/L" as valueString) are shown as written,
// never as chart points; vital signs and social history written as text are not results.
func TestTextResults(t *testing.T) {
	obs := func(id, body string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","id":"` + id + `",` + body + `}`)}
	}
	s := NewSet([]Resource{
		obs("k", `"status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2823-3","display":"Potassium"}]},"effectiveDateTime":"2024-03-12","valueString":"4.1  mmol/L","interpretation":[{"coding":[{"code":"N"}]}]`),
		obs("c", `"status":"final","code":{"text":"Culture"},"effectiveDateTime":"2024-03-10T09:00:00Z","valueString":"no growth","interpretation":[{"coding":[{"code":"H"}]}]`),
		obs("n", `"status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Sodium"},"effectiveDateTime":"2024-03-12","valueQuantity":{"value":140,"unit":"mmol/L"}`),
		obs("s", `"status":"final","category":[{"coding":[{"code":"social-history"}]}],"code":{"text":"Occupation"},"effectiveDateTime":"2024-03-12","valueString":"teacher"`),
		obs("x", `"status":"entered-in-error","code":{"text":"Potassium"},"effectiveDateTime":"2024-03-12","valueString":"9 mmol/L"`),
	}, nil)
	got := TextResults(s)
	if len(got) != 2 {
		t.Fatalf("%d text results: %+v", len(got), got)
	}
	if got[0].Name != "Culture" || got[0].Text != "no growth" || got[0].Flag != FlagHigh || got[0].Code != "" {
		t.Errorf("first %+v", got[0])
	}
	if got[1].Name != "Potassium" || got[1].Text != "4.1 mmol/L" || got[1].Code != LOINC+"|2823-3" || !got[1].DateOnly || got[1].Flag != FlagNone {
		t.Errorf("second %+v", got[1])
	}
	for _, se := range Results(s) {
		if se.Name == "Potassium" || se.Name == "Culture" {
			t.Errorf("a text result became a chart series: %+v", se)
		}
	}
}
