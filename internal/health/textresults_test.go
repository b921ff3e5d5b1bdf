package health

import (
	"strings"
	"testing"
	"time"
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
	if se := Results(s); len(se) != 1 || se[0].Len() != 1 || se[0].At(0).V != 97 {
		t.Errorf("Results = %+v, want one point of 97", se)
	}
	if n := Unreadable(s); n != 0 {
		t.Errorf("Unreadable = %d, want 0", n)
	}
	if tr := TextResults(s); len(tr) != 0 {
		t.Errorf("TextResults = %+v, want none", tr)
	}
}

// Issue 15: a result the record dates by its month ("2020-03") was shown at a time on the day
// before west of UTC ("29 Feb 2020"); by its year, "1 Jan". Results say the month or year.
func TestReadingDatePrecision(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	obs := func(id, at, value string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","id":"` + id +
			`","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}],"text":"Glucose"},"effectiveDateTime":"` + at + `",` + value + `}`)}
	}
	set := NewSet([]Resource{
		obs("m", "2020-03", `"valueQuantity":{"value":5.4,"unit":"mmol/L","code":"mmol/L","system":"http://unitsofmeasure.org"}`),
		obs("y", "2019", `"valueQuantity":{"value":5.5,"unit":"mmol/L","code":"mmol/L","system":"http://unitsofmeasure.org"}`),
		obs("d", "2021-05-06", `"valueQuantity":{"value":5.6,"unit":"mmol/L","code":"mmol/L","system":"http://unitsofmeasure.org"}`),
		obs("t", "2022-05-06T00:00:00Z", `"valueQuantity":{"value":5.7,"unit":"mmol/L","code":"mmol/L","system":"http://unitsofmeasure.org"}`),
		obs("tm", "2020-04", `"valueString":"5.4 mmol/L"`),
	}, nil)
	want := map[string]string{"m": "March 2020", "y": "2019", "d": "6 May 2021", "t": "5 May 2022"}
	series := Results(set)
	if len(series) != 1 {
		t.Fatalf("%d series", len(series))
	}
	for _, p := range series[0].Points().All() {
		if got := p.DateIn(ny); got != want[p.Key.ID] {
			t.Errorf("reading %s: %q, want %q", p.Key.ID, got, want[p.Key.ID])
		}
	}
	if got := series[0].At(0).DateIn(nil); got != "2019" {
		t.Errorf("as written: %q", got)
	}
	text := TextResults(set)
	if len(text) != 1 || text[0].DateIn(ny) != "April 2020" {
		t.Errorf("text results %+v", text)
	}
}

// Issue 15: a result with a coded answer (a health card's "COVID-19 rapid antigen test:
// Negative", a C-CDA "Positive") appeared only on the timeline, in neither `results` nor the
// summary. It is a text result by the answer's plain label, the words Describe gives it.
func TestTextResultsCodedAnswer(t *testing.T) {
	obs := func(id, body string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","id":"` + id + `",` + body + `}`)}
	}
	tests := []struct {
		name, body string
		want       string // the text result's words, "" for none
	}{
		{"health card COVID test, uncategorised", `"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"94558-4"}],"text":"COVID-19 rapid antigen test"},"effectiveDateTime":"2021-02-17","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260385009","display":"Negative"}]}`, "Negative"},
		{"C-CDA lab answer with a text", `"status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Strep test"},"effectiveDateTime":"2021-02-18","valueCodeableConcept":{"text":"Positive","coding":[{"system":"http://snomed.info/sct","code":"10828004"}]},"interpretation":[{"coding":[{"code":"A"}]}]`, "Positive"},
		{"SNOMED tag dropped", `"status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Urine color"},"effectiveDateTime":"2021-02-19","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"371244009","display":"Yellow color (qualifier value)"}]}`, "Yellow color"},
		{"a code without a display", `"status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Screen"},"effectiveDateTime":"2021-02-20","valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"NEG"}]}`, "x"},
		{"smoking status is not a result", `"status":"final","category":[{"coding":[{"code":"social-history"}]}],"code":{"text":"Tobacco smoking status"},"effectiveDateTime":"2021-02-21","valueCodeableConcept":{"text":"Never smoker"}`, ""},
		{"an empty concept", `"status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Empty"},"effectiveDateTime":"2021-02-22","valueCodeableConcept":{}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := obs("o", tc.body)
			got := TextResults(NewSet([]Resource{r}, nil))
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("text results %+v, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d text results, want 1", len(got))
			}
			// The same words the timeline says.
			if d := Describe("Observation", r.JSON); !strings.HasSuffix(d, ": "+got[0].Text) {
				t.Errorf("text %q is not what Describe says: %q", got[0].Text, d)
			}
			if tc.want != "x" && got[0].Text != tc.want {
				t.Errorf("text %q, want %q", got[0].Text, tc.want)
			}
		})
	}
}

// A coded answer ("Negative" as a valueCodeableConcept) was labelled "written as text", as a
// text value is: it is labelled an answer; a text value stays "written as text".
func TestTextResultKind(t *testing.T) {
	obs := func(id, value string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: "p1", JSON: []byte(`{"resourceType":"Observation","id":"` + id +
			`","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Test ` + id + `"},"effectiveDateTime":"2024-03-12",` + value + `}`)}
	}
	s := NewSet([]Resource{
		obs("a", `"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260385009","display":"Negative"}]}`),
		obs("b", `"valueString":"4.1 mmol/L"`),
		obs("c", `"valueCodeableConcept":{"text":"Positive"}`),
	}, nil)
	want := map[string]struct {
		text, kind string
		answer     bool
	}{
		"Test a": {"Negative", "answer", true},
		"Test b": {"4.1 mmol/L", "written as text", false},
		"Test c": {"Positive", "answer", true},
	}
	got := TextResults(s)
	if len(got) != len(want) {
		t.Fatalf("%d text results: %+v", len(got), got)
	}
	for _, tr := range got {
		w := want[tr.Name]
		if tr.Text != w.text || tr.Kind() != w.kind || tr.Answer != w.answer {
			t.Errorf("%s: %q %q answer %v, want %q %q %v", tr.Name, tr.Text, tr.Kind(), tr.Answer, w.text, w.kind, w.answer)
		}
	}
}

// F21: the same text result from a file and a portal is one line; another person's is theirs.
func TestTextResultsFromTwoSourcesOnce(t *testing.T) {
	body := `{"resourceType":"Observation","id":"u","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"5778-6","display":"Color of Urine"}]},"effectiveDateTime":"2026-11-02","valueString":"Straw"}`
	s := NewSet([]Resource{
		{Key: Key{LocalSource, "Observation", "u"}, Profile: "p1", JSON: []byte(body)},
		{Key: Key{"http://127.0.0.1:8765/fhir", "Observation", "u"}, Profile: "p1", JSON: []byte(body)},
		{Key: Key{LocalSource, "Observation", "u2"}, Profile: "p2", JSON: []byte(body)},
	}, nil)
	got := TextResults(s)
	if len(got) != 2 || got[0].Profile == got[1].Profile {
		t.Fatalf("%d text results, want one per person: %+v", len(got), got)
	}
}
