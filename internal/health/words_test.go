package health

import (
	"math"
	"testing"
	"time"
)

func TestCleanName(t *testing.T) {
	tests := map[string]string{
		"Acute bronchitis (disorder)":                 "Acute bronchitis",
		"Body mass index 30+ - obesity (finding)":     "Body mass index 30+ - obesity",
		"Screening for domestic abuse (procedure)":    "Screening for domestic abuse",
		"Full-time employment (finding) (finding)":    "Full-time employment",
		"Body mass index (BMI) [Ratio]":               "Body mass index (BMI) [Ratio]",
		"Hemoglobin A1c (HbA1c)":                      "Hemoglobin A1c (HbA1c)",
		"  Stress   (finding) ":                       "Stress",
		"Medication review due (situation)":           "Medication review due",
		"Chronic kidney disease stage 1 (DISORDER)":   "Chronic kidney disease stage 1",
		"Received higher education (qualifier value)": "Received higher education",
	}
	for in, want := range tests {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
	c := &Concept{Coding: []Coding{{System: "http://snomed.info/sct", Code: "10509002", Display: "Acute bronchitis (disorder)"}}}
	if c.Label() != "Acute bronchitis" {
		t.Errorf("Label = %q", c.Label())
	}
}

func TestShortName(t *testing.T) {
	tests := []struct{ code, name, want string }{
		{"http://loinc.org|4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "HbA1c"},
		{"http://loinc.org|33914-3", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)", "eGFR"},
		{"x|1", "Cholesterol [Mass/volume] in Serum or Plasma", "Cholesterol"},
		{"x|2", "Leukocytes [#/volume] in Blood by Automated count", "Leukocytes"},
		{"x|3", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "Cholesterol in HDL"},
		{"x|4", "Bilirubin.total [Mass/volume] in Serum or Plasma", "Bilirubin total"},
		{"", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "Pain severity - 0-10 verbal numeric…"},
		{"", "Erythrocyte distribution width [Entitic volume] by Automated count", "Erythrocyte distribution width"},
		{"", "A very long name that goes on and on without any of the usual LOINC parts at all", "A very long name that goes on and on…"},
		{"http://loinc.org|8480-6/alone", "whatever", "Systolic blood pressure"},
		// Three "Total score" rows could not be told apart (held-out check of issue 11).
		{"http://loinc.org|75626-2", "Total score [AUDIT-C]", "Alcohol use score (AUDIT-C)"},
		{"http://loinc.org|70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]", "Anxiety score (GAD-7)"},
		{"x|5", "Total score [XYZ-5]", "Total score (XYZ-5)"},
		{"x|6", "Some scale score [Score]", "Some scale score"},
		// Apple Health steps imported before their code text was plain (held-out check of issue 15).
		{"http://loinc.org|41950-7", "Number of steps in 24 hour Measured", "Steps (daily total)"},
		// The C-CDA example CCD.XML's vital signs weigh with 3141-9 (held-out check of issue 15).
		{"http://loinc.org|3141-9", "Patient Body Weight - Measured", "Body weight"},
		// Codes of the C-CDA examples named in capitals or abbreviations (CCD 2, History and Physical).
		{"http://loinc.org|2710-2", "OXYGEN SATURATION", "Oxygen saturation"},
		{"http://loinc.org|30313-1", "HGB", "Hemoglobin"},
		{"http://loinc.org|33765-9", "WBC", "White blood cells"},
		{"http://loinc.org|26515-7", "PLT", "Platelets"},
	}
	for _, tc := range tests {
		if got := ShortName(tc.code, tc.name); got != tc.want {
			t.Errorf("ShortName(%q, %q) = %q, want %q", tc.code, tc.name, got, tc.want)
		}
	}
}

func TestUnit(t *testing.T) {
	tests := map[string]string{
		"10*6/uL": "million/µL", "10*3/uL": "thousand/µL", "mL/min/{1.73_m2}": "mL/min/1.73 m²", "Cel": "°C",
		"[lb_av]": "lb", "kg/m2": "kg/m²", "%": "%", "mm[Hg]": "mmHg", "kg": "kg", "mg/dL": "mg/dL", "{score}": "",
		"ug/L": "µg/L", "umol/L": "µmol/L", "{cells}/uL": "cells/µL", "/min": "per minute", "{beats}/min": "beats a minute", "{breaths}/min": "breaths a minute",
		"[in_i]": "in", "10*9/L": "×10⁹/L", "g/dL": "g/dL", "fL": "fL", "": "", "mg/m2": "mg/m²",
		// temperature as records write it outside UCUM (verify18: "100 degF" for 100.4 °F)
		"degF": "°F", "degC": "°C", "°F": "°F", "°C": "°C",
	}
	for in, want := range tests {
		if got := Unit(in); got != want {
			t.Errorf("Unit(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Value("", 100.4, "degF"); got != "100.4°F" {
		t.Errorf("Value(100.4 degF) = %q, want 100.4°F", got)
	}
}

// Issue 15: units as documents write them ("10+3/µl", "g/dl") were shown as written. They read
// as their UCUM units do; written forms with words of their own keep them.
func TestUnitAsWritten(t *testing.T) {
	for in, want := range map[string]string{
		"10+3/µl": "thousand/µL", "10+3/ul": "thousand/µL", "10^3/uL": "thousand/µL", "x10E3/uL": "thousand/µL",
		"×10^3/μl": "thousand/µL", "10+6/ul": "million/µL", "10^9/l": "×10⁹/L", "10+12/l": "×10¹²/L",
		"g/dl": "g/dL", "mg/dl": "mg/dL", "mmol/l": "mmol/L", "µmol/l": "µmol/L", "fl": "fL", "U/l": "U/L",
		"ml/min": "mL/min", "beats/min": "beats a minute", "lbs": "lbs", "10": "10", "100": "100", "10*": "10*",
		"mol": "mol", "cells/ul": "cells/µL",
	} {
		if got := Unit(in); got != want {
			t.Errorf("Unit(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"10+3/µl": "10*3/uL", "10^9/L": "10*9/L", "x10E6/uL": "10*6/uL", "10+3": ""} {
		if got := UCUMOf("", in); got != want {
			t.Errorf("UCUMOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumbersAndValues(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{89.03, "mm[Hg]", "89"}, {123, "mmHg", "123"}, {82.75, "kg", "82.8"}, {64, "kg", "64"}, {36.22, "Cel", "36.2"},
		{5.7, "%", "5.7"}, {98.6, "mg/dL", "99"}, {4.256, "10*6/uL", "4.26"}, {0.01234, "", "0.0123"}, {1234.5, "", "1235"},
		{-0.01, "kg", "0"}, {math.NaN(), "kg", "?"}, {math.Inf(1), "", "?"}, {1.7e308, "", "1.7e+308"}, {-1.7e308, "kg", "-1.7e+308"},
		{72.4, "/min", "72"}, {26.47, "kg/m2", "26.5"}, {0.3, "mg/dL", "0.3"}, {1.06, "mg/dL", "1.06"}, {140.2, "mmol/L", "140"},
		{4.25, "mmol/L", "4.3"},
	}
	for _, tc := range tests {
		if got := Number(tc.v, tc.unit); got != tc.want {
			t.Errorf("Number(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
	values := []struct{ cmp, want string }{
		{Value("", 82.75, "kg"), "82.8 kg"}, {Value("", 5.7, "%"), "5.7%"}, {Value("<", 5, "mg/dL"), "<5 mg/dL"},
		{Value("", 37.04, "Cel"), "37°C"}, {Value("", 3, "{score}"), "3"}, {Value("", 4.5, "10*6/uL"), "4.5 million/µL"},
		{Value("", 72, "/min"), "72 per minute"}, {Pressure(123, 89.03), "123/89 mmHg"},
	}
	for i, tc := range values {
		if tc.cmp != tc.want {
			t.Errorf("value %d = %q, want %q", i, tc.cmp, tc.want)
		}
	}
}

func TestDatesCountsMoney(t *testing.T) {
	at := time.Date(2018, 8, 17, 9, 40, 0, 0, time.UTC)
	tests := []struct{ got, want string }{
		{DateTimeWords(at), "17 Aug 2018, 09:40"},
		{DateWords(at), "17 Aug 2018"},
		{DateWords(time.Time{}), ""},
		{DayWords("2018-08-17T09:40:00+02:00"), "17 Aug 2018"},
		{DayWords("2018-08"), "August 2018"},
		{DayWords("2018"), "2018"},
		{DayWords("soon"), "soon"},
		{Count(1, "person", "people"), "1 person"},
		{Count(2, "person", "people"), "2 people"},
		{Count(0, "check-in", ""), "0 check-ins"},
		{Count(1, "check-in", ""), "1 check-in"},
		{MoneyWords(1234.5, "USD"), "$1,234.50"},
		{MoneyWords(0, ""), "$0.00"},
		{MoneyWords(12, "eur"), "€12.00"},
		{MoneyWords(-3.456, "CHF"), "−3.46 CHF"},
		{MoneyWords(1234567.891, "GBP"), "£1,234,567.89"},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("case %d: %q, want %q", i, tc.got, tc.want)
		}
	}
}

func FuzzWords(f *testing.F) {
	f.Add("mL/min/{1.73_m2}", "Cholesterol [Mass/volume] in Serum (disorder)", 1.5)
	f.Add("", "", math.NaN())
	f.Add("x10^3/µl", "10+", 2.0)
	f.Fuzz(func(t *testing.T, unit, name string, v float64) {
		_ = Unit(unit)
		_ = Value(">", v, unit)
		if s := ShortName(unit, name); len([]rune(s)) > MaxShortName {
			t.Errorf("ShortName too long: %q", s)
		}
		_ = CleanName(name)
		_ = DayWords(name)
		PatientIdentity([]byte(name))
		PatientDeath([]byte(name), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		_ = BirthWords(name)
		_ = CheckBirthDate(name, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		RecordFacts([]byte(name))
	})
}
