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

// Results, Unreadable and TextResults decode each observation once (ObservationReader): a
// record whose text fields cannot be read (a number as valueString) is still its numeric
// result, as when each view decoded only the fields it reads.
func TestObservationTextFieldsUnreadable(t *testing.T) {
	obs := `{"resourceType":"Observation","id":"x1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2026-03-01T08:00:00Z","valueQuantity":{"value":97,"unit":"mg/dL"},"valueString":7}`
	s := NewSet([]Resource{{Key: Key{Source: "s", Type: "Observation", ID: "x1"}, Profile: "p", JSON: []byte(obs)}}, nil)
	if se := Results(s); len(se) != 1 || len(se[0].Points) != 1 || se[0].Points[0].V != 97 {
		t.Errorf("Results = %+v, want one point of 97", se)
	}
	if n := Unreadable(s); n != 0 {
		t.Errorf("Unreadable = %d, want 0", n)
	}
	if tr := TextResults(s); len(tr) != 0 {
		t.Errorf("TextResults = %+v, want none", tr)
	}
}
