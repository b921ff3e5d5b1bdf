package health

import (
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F153 (rest): HL7's Observation-f004 (red blood cells of Pieter van de Heuvel, male, born 17
// Nov 1944, on 2 Apr 2013: 68) gives its reference range only as text, a line per age and
// sex. The line that applies to him is the range: "4.3 - 5.3 x 10^12/L" for "males aged
// 65–74"; without his sex, or without a birth date, the text as the lab wrote it.
func TestRangeLineForThePerson(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	obs := Resource{Key: Key{"clinic", "Observation", "f004"}, Profile: "p", JSON: testutil.ReadFile(t, filepath.Join(dir, "Observation-f004.json"))}
	pieter := Resource{Key: Key{"clinic", "Patient", "f001"}, Profile: "p", JSON: testutil.ReadFile(t, filepath.Join(dir, "Patient-f001.json"))}
	whole := "12-14 y Male: 4.4 - 5.2 x 10^12/L ; 12-14 y Female: 4.2 - 4.8 x 10^12/L ; 15-17 y Male: 4.6 - 5.4 x 10^12/L ; 15-17 y Female: 4.2 - 4.8 x 10^12/L ; 18-64 y Male: 4.6 - 5.4 x 10^12/L ; 18-64 y Female: 4.0 - 4.8 x 10^12/L ; 65-74 y Male: 4.3 - 5.3 x 10^12/L ; 65-74 y Female: 4.1 - 4.9 x 10^12/L"
	patient := func(js string) Resource {
		return Resource{Key: Key{"clinic", "Patient", "x"}, Profile: "p", JSON: []byte(js)}
	}
	for _, tc := range []struct {
		name      string
		records   []Resource
		text, who string
	}{
		{"Pieter, male, 68", []Resource{pieter, obs}, "4.3 - 5.3 x 10^12/L", "males aged 65–74"},
		{"a woman of 40", []Resource{patient(`{"resourceType":"Patient","gender":"female","birthDate":"1973-01-01"}`), obs}, "4.0 - 4.8 x 10^12/L", "females aged 18–64"},
		{"sex not known", []Resource{patient(`{"resourceType":"Patient","birthDate":"1944-11-17"}`), obs}, whole, ""},
		{"sex other", []Resource{patient(`{"resourceType":"Patient","gender":"other","birthDate":"1944-11-17"}`), obs}, whole, ""},
		{"no birth date", []Resource{patient(`{"resourceType":"Patient","gender":"male"}`), obs}, whole, ""},
		{"an age no line gives (80)", []Resource{patient(`{"resourceType":"Patient","gender":"male","birthDate":"1933-01-01"}`), obs}, whole, ""},
		{"born in 1948, 64 or 65 on 2 Apr 2013", []Resource{patient(`{"resourceType":"Patient","gender":"male","birthDate":"1948"}`), obs}, whole, ""},
		{"born in 1944, 68 either way", []Resource{patient(`{"resourceType":"Patient","gender":"male","birthDate":"1944"}`), obs}, "4.3 - 5.3 x 10^12/L", "males aged 65–74"},
		{"two records that disagree on sex", []Resource{pieter, patient(`{"resourceType":"Patient","gender":"female","birthDate":"1944-11-17"}`), obs}, whole, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			se := Results(NewSet(tc.records, nil))
			if len(se) != 1 {
				t.Fatalf("%d series", len(se))
			}
			r := se[0].Range
			if r.Text != tc.text || r.For != tc.who || r.Low != nil || r.High != nil {
				t.Errorf("range %q for %q, want %q for %q", r.Text, r.For, tc.text, tc.who)
			}
		})
	}
}

// TestRangeLines: the ways labs write a line per age and sex.
func TestRangeLines(t *testing.T) {
	at := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		text, birth, sex string
		rng, who         string
	}{
		{"Male: 13.5 - 17.5 g/dL ; Female: 12.0 - 15.5 g/dL", "", "female", "12.0 - 15.5 g/dL", "females"},
		{"Adult Male: 40-50 % ; Adult Female: 36-44 %", "1990-01-01", "male", "40-50 %", "males aged 18 and over"},
		{"0-17 y: 0.5-1.5 ; >=18 y Male: 0.7-1.3 mg/dL ; >=18 y Female: 0.6-1.1 mg/dL", "2010-01-01", "", "0.5-1.5", "people aged up to 17"},
		{"0-17 y: 0.5-1.5 ; >=18 y Male: 0.7-1.3 mg/dL ; >=18 y Female: 0.6-1.1 mg/dL", "1950-01-01", "male", "0.7-1.3 mg/dL", "males aged 18 and over"},
		{"75+ y: 1-2 ; 18-74 y: 2-3", "1940-01-01", "", "1-2", "people aged 75 and over"},
		{"18-64 y Male: 4.6 - 5.4 ; 18-64 y Male: 4.5 - 5.5", "1980-01-01", "male", "", ""}, // two apply
		{"Negative", "1980-01-01", "male", "", ""},                                          // nothing to choose by
		{"18-64 y Male: 4.6 - 5.4 ; see the lab's note", "1980-01-01", "male", "", ""},      // a line not read
		{"birthday today: 20-30 y: a ; 31-40 y: b", "1989-06-01", "", "", ""},               // not a line ("birthday today")
		{"<5: negative ; >=5: positive", "1980-01-01", "", "", ""},                          // values, not ages
		{"20-30 y: a ; 31-40 y: b", "1989-06-01", "", "b", "people aged 31–40"},             // 31 on the day
		{"20-30 y: a ; 31-40 y: b", "1989-06-02", "", "a", "people aged 20–30"},             // 30 the day before
	} {
		rng, who, ok := rangeLineFor(tc.text, tc.birth, tc.sex, at)
		if rng != tc.rng || who != tc.who || ok != (tc.rng != "") {
			t.Errorf("%q (%s, %q): %q for %q (%v), want %q for %q", tc.text, tc.birth, tc.sex, rng, who, ok, tc.rng, tc.who)
		}
	}
}
