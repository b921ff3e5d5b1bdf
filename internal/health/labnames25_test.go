package health

import (
	"fmt"
	"testing"
	"time"
)

// F31: a lab result whose code is only a LOINC coding with LOINC's long name (no code.text, as
// many portals send) is called by the same plain name everywhere: the Timeline's line
// (Describe), the Results list (Series.ShortName) and the Results heading (Chart.FullName).
func TestLabNamesArePlainEverywhere(t *testing.T) {
	obs := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":%q,"display":%q}]},"effectiveDateTime":"2026-03-10","valueQuantity":{"value":%v,"system":"http://unitsofmeasure.org","code":%q}}`
	tests := []struct {
		code, display string
		value         float64
		unit          string
		name, line    string
	}{
		{"2345-7", "Glucose [Mass/volume] in Serum or Plasma", 104, "mg/dL", "Glucose", "Glucose: 104 mg/dL"},
		{"14682-9", "Creatinine [Moles/volume] in Serum or Plasma", 106, "umol/L", "Creatinine", "Creatinine: 106 µmol/L"},
		{"2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 1.1, "mg/dL", "Creatinine", "Creatinine: 1.1 mg/dL"},
		{"6301-6", "INR in Platelet poor plasma by Coagulation assay", 3.6, "{INR}", "INR", "INR: 3.6"},
		{"2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", 231, "mg/dL", "Total cholesterol", "Total cholesterol: 231 mg/dL"},
		// Home readings Add measurement stores (F79).
		{"19935-6", "Maximum expiratory gas flow Respiratory system airway by Peak flow meter", 310, "L/min", "Peak flow", "Peak flow: 310 L/min"},
		{"8310-5", "Body temperature", 38.6, "Cel", "Body temperature", "Body temperature: 38.6°C"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			js := fmt.Sprintf(obs, tc.code, tc.display, tc.value, tc.unit)
			if got := Describe("Observation", []byte(js)); got != tc.line {
				t.Errorf("Describe = %q, want %q", got, tc.line)
			}
			ss := Results(NewSet([]Resource{{Key: Key{LocalSource, "Observation", "1"}, JSON: []byte(js)}}, nil))
			if len(ss) != 1 {
				t.Fatalf("%d series", len(ss))
			}
			if got := ss[0].ShortName(); got != tc.name {
				t.Errorf("ShortName = %q, want %q", got, tc.name)
			}
			if got := BuildChart(ss[0], PeriodAll, time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)).FullName; got != tc.name {
				t.Errorf("Chart.FullName = %q, want %q", got, tc.name)
			}
		})
	}
}

// F47: an imported document is listed by its own title, not by its kind (LOINC's name of its
// type), on the Timeline and in Records and files (both Describe).
func TestDocumentIsListedByItsTitle(t *testing.T) {
	typ := `"type":{"coding":[{"system":"http://loinc.org","code":"34133-9","display":"Summarization of Episode Note"}]}`
	tests := []struct{ name, in, want string }{
		{"C-CDA import (attachment title and description)",
			`{"resourceType":"DocumentReference","id":"d1","status":"current",` + typ + `,"description":"Maple Street Pediatrics — visit summary","content":[{"attachment":{"contentType":"application/xml","title":"Maple Street Pediatrics — visit summary"}}]}`,
			"Maple Street Pediatrics — visit summary"},
		{"attachment title only",
			`{"resourceType":"DocumentReference","id":"d2","status":"current",` + typ + `,"content":[{"attachment":{"title":"Discharge letter"}}]}`,
			"Discharge letter"},
		{"description only",
			`{"resourceType":"DocumentReference","id":"d3","status":"current",` + typ + `,"description":"Visit notes"}`,
			"Visit notes"},
		{"no title: its kind",
			`{"resourceType":"DocumentReference","id":"d4","status":"current",` + typ + `,"content":[{"attachment":{"contentType":"application/pdf"}}]}`,
			"Summarization of Episode Note"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Describe("DocumentReference", []byte(tc.in)); got != tc.want {
				t.Errorf("Describe = %q, want %q", got, tc.want)
			}
		})
	}
}

// F33: the latest value of a result is said as the lab gave it; when the series converted it
// into its own unit, the converted value is beside it.
func TestReadingWordsAsTheLabGaveIt(t *testing.T) {
	obs := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7","display":"Glucose [Mass/volume] in Serum or Plasma"}]},"effectiveDateTime":%q,"valueQuantity":{"value":%v,"system":"http://unitsofmeasure.org","code":%q}}`
	tests := []struct {
		name     string
		readings [][3]any // date, value, unit
		want     string
	}{
		{"latest converted", [][3]any{{"2025-11-03", 112, "mg/dL"}, {"2026-03-10", 104, "mg/dL"}, {"2026-11-25", 6.1, "mmol/L"}}, "6.1 mmol/L (110 mg/dL)"},
		{"latest as the series", [][3]any{{"2025-11-03", 112, "mg/dL"}, {"2026-03-10", 104, "mg/dL"}}, "104 mg/dL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var recs []Resource
			for i, r := range tc.readings {
				recs = append(recs, Resource{Key: Key{LocalSource, "Observation", fmt.Sprint(i)}, JSON: []byte(fmt.Sprintf(obs, r[0], r[1], r[2]))})
			}
			ss := Results(NewSet(recs, nil))
			if len(ss) != 1 {
				t.Fatalf("%d series", len(ss))
			}
			if got := ss[0].ReadingWords(ss[0].Latest()); got != tc.want {
				t.Errorf("ReadingWords = %q, want %q", got, tc.want)
			}
		})
	}
}

// F32: one person's home meter glucose (Apple Health: 2339-0, "Blood glucose") and the lab's
// (2345-7, serum or plasma) are two series with names a reader can tell apart; a glucose alone
// keeps its plain name.
func TestSameNamedResultsAreToldApart(t *testing.T) {
	meter := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose [Mass/volume] in Blood"}],"text":"Blood glucose"},"effectiveDateTime":"2026-12-04T08:00:00Z","valueQuantity":{"value":118,"system":"http://unitsofmeasure.org","code":"mg/dL"}}`
	lab := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2345-7","display":"Glucose [Mass/volume] in Serum or Plasma"}]},"effectiveDateTime":"2026-11-25","valueQuantity":{"value":6.1,"system":"http://unitsofmeasure.org","code":"mmol/L"}}`
	tests := []struct {
		name string
		recs []string
		want []string
	}{
		{"meter and lab", []string{meter, lab}, []string{"Glucose (blood)", "Glucose (serum or plasma)"}},
		{"meter alone", []string{meter}, []string{"Glucose"}},
		{"lab alone", []string{lab}, []string{"Glucose"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var recs []Resource
			for i, js := range tc.recs {
				recs = append(recs, Resource{Key: Key{LocalSource, "Observation", fmt.Sprint(i)}, Profile: "p1", JSON: []byte(js)})
			}
			var got []string
			for _, se := range Results(NewSet(recs, nil)) {
				got = append(got, se.ShortName())
				if full := BuildChart(se, PeriodAll, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)).FullName; full != se.ShortName() {
					t.Errorf("heading %q, list %q", full, se.ShortName())
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("names %q, want %q", got, tc.want)
			}
		})
	}
}
