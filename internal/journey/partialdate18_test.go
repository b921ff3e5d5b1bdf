package journey

import (
	"bytes"
	"carekeeper/internal/health"
	"context"
	"strings"
	"testing"
	"time"
)

// A result the record dates by its month or year is "in October 2023" in the visit summary,
// never "on October 2023", and the IPS Bundle does not make up a day for it ("on 2023-10-01");
// found with the binary (verify18).
func TestSummaryPartlyDatedResultWords(t *testing.T) {
	now := utc("2026-03-10T12:00:00Z")
	v, p := newPerson(t, "Partly")
	obs := func(id, code, name, at, value, unit string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `","display":"` + name + `"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + value + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + unit + `"}}`
	}
	writeAt(t, v, p, "local", now, obs("t1", "8310-5", "Body temperature", "2023-10", "37.2", "Cel"), obs("g1", "2339-0", "Glucose", "2024", "99", "mg/dL"))
	s, err := BuildSummary(context.Background(), v, p, utc("2020-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"37.2°C in October 2023", "99 mg/dL in 2024"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdf)
		}
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"37.2°C in 2023-10", "99 mg/dL in 2024"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the IPS Bundle lacks %q", want)
		}
	}
	if strings.Contains(string(b), "2023-10-01") || strings.Contains(string(b), "2024-01-01") {
		t.Error("the IPS Bundle makes up a day for a reading dated by its month or year")
	}
}

// A medicine whose record ended before the person died is not "ended at death" in the visit
// summary: it ended when its record says (verify18).
func TestSummaryMedicineEndedBeforeDeath(t *testing.T) {
	now := utc("2026-03-10T12:00:00Z")
	v, p := newPerson(t, "Late")
	writeAt(t, v, p, "local", now,
		`{"resourceType":"Patient","id":"pt","name":[{"family":"Late","given":["Ann"]}],"birthDate":"1941-03-02","deceasedDateTime":"2024-11-20"}`,
		`{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","medicationCodeableConcept":{"text":"Prednisolone 5 mg"},"subject":{"reference":"Patient/pt"},"authoredOn":"2024-06-01","dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2024-06-01","end":"2024-06-10"},"frequency":1,"period":1,"periodUnit":"d"}}}]}`,
		`{"resourceType":"MedicationRequest","id":"m2","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},"subject":{"reference":"Patient/pt"},"authoredOn":"2024-06-01"}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2024-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"Prednisolone 5 mg — once a day, 1–10 Jun 2024 (stopped or finished, ended 10 Jun 2024)", "Metformin 500 mg (ended at death, 20 Nov 2024)"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdf)
		}
	}
}

// A result whose range has only a lower limit (eGFR "60 or more") is said in words on its card:
// it read "below the range of from 60 mL/min/1.73 m²" (verify18).
func TestResultCardLowerLimitOnly(t *testing.T) {
	now := utc("2026-12-04T12:00:00Z")
	v, p := newPerson(t, "Kidney")
	low := `,"referenceRange":[{"low":{"value":60}}]`
	writeAt(t, v, p, "local", now,
		observation("e1", "33914-3", "eGFR", 72, "mL/min/{1.73_m2}", "2026-10-01T09:00:00Z", low),
		observation("e2", "33914-3", "eGFR", 45, "mL/min/{1.73_m2}", "2026-11-01T09:00:00Z", low))
	cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	c := one(t, cs, "result-change", "eGFR is below its range", "below the range of 60 mL/min/1.73 m² or more")
	if strings.Contains(c.Body+strings.Join(c.Why, " "), "from 60") {
		t.Errorf("card still says \"from 60\": %+v", c)
	}
}

// A result dated by its day alone is on that day on its insight card west of UTC too: the
// card said "The newest result is from 19 Nov 2026" of a result of 20 Nov (verify18).
func TestResultCardDateOnlyWestOfUTC(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	now := utc("2026-12-04T20:00:00Z")
	v, p := newPerson(t, "West")
	writeAt(t, v, p, "local", now,
		observation("c1", "2093-3", "Cholesterol", 201, "mg/dL", "2026-11-03", ""),
		observation("c2", "2093-3", "Cholesterol", 250, "mg/dL", "2026-11-20", ""))
	cs, err := (&Engine{Load: LoadOptions{Device: la}}).Cards(context.Background(), v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	c := one(t, cs, "result-change", "cholesterol went from 201 mg/dL to 250 mg/dL")
	text := c.Title + " " + c.Body + " " + strings.Join(c.Why, " ")
	for _, want := range []string{"from 20 Nov 2026", "on 3 Nov 2026", "on 20 Nov 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("card lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "19 Nov") || strings.Contains(text, "2 Nov") {
		t.Errorf("card dates a result the day before: %s", text)
	}
}

// A medicine taken during the summary's period and stopped in it is in the summary with its end,
// though it was ordered before the period began; one that ended before the period is not, nor
// one last recorded before it with no end recorded (F38, vapp25: metformin ordered in 2023 and
// stopped in June 2026 was missing from a summary of 2025–2026).
func TestSummaryMedicineStoppedInPeriod(t *testing.T) {
	now := utc("2026-12-04T12:00:00Z")
	v, p := newPerson(t, "Stopped")
	med := func(id, name, authored, end string) string {
		validity := ""
		if end != "" {
			validity = `,"dispenseRequest":{"validityPeriod":{"start":"` + authored + `","end":"` + end + `"}}`
		}
		return `{"resourceType":"MedicationRequest","id":"` + id + `","status":"stopped","intent":"order","medicationCodeableConcept":{"text":"` + name + `"},"subject":{"reference":"Patient/pt"},"authoredOn":"` + authored + `"` + validity + `}`
	}
	writeAt(t, v, p, "local", now,
		`{"resourceType":"Patient","id":"pt","name":[{"family":"Stopped","given":["Jo"]}],"birthDate":"1960-03-02"}`,
		med("m1", "Metformin 500 mg", "2023-01-05", "2026-06-30"),
		med("m2", "Amoxicillin 500 mg", "2021-04-01", "2021-04-10"),
		med("m3", "Ramipril 5 mg", "2023-02-01", ""))
	s, err := BuildSummary(context.Background(), v, p, utc("2025-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	if want := "Metformin 500 mg (stopped or finished, ended 30 Jun 2026)"; !strings.Contains(pdf, want) {
		t.Errorf("the PDF lacks %q:\n%s", want, pdf)
	}
	for _, not := range []string{"Amoxicillin", "Ramipril"} {
		if strings.Contains(pdf, not) {
			t.Errorf("the PDF lists %s, which was not taken in the period:\n%s", not, pdf)
		}
	}
}

// A blood pressure's change in the visit summary gives both numbers: 152/96 → 132/84 read
// "down 20 mmHg", as if only one had fallen (F39, vapp25).
func TestSummaryBloodPressureTrendBothNumbers(t *testing.T) {
	day := func(d int) time.Time { return utc("2026-09-15T09:00:00Z").AddDate(0, 0, d) }
	for _, c := range []struct {
		a, b [2]float64
		want string
	}{
		{[2]float64{152, 96}, [2]float64{132, 84}, "down 20/12 mmHg since"},
		{[2]float64{120, 80}, [2]float64{124, 80}, "up 4/0 mmHg since"},
		{[2]float64{120, 80}, [2]float64{124, 78}, "+4/−2 mmHg since"},
		{[2]float64{120, 80}, [2]float64{120, 80}, "no change since"},
	} {
		se := SummarySeries{Series: (&health.Series{Pair: true, Unit: "mmHg"}).Append(
			health.Point{T: day(0), V: c.a[0], V2: c.a[1]}, health.Point{T: day(71), V: c.b[0], V2: c.b[1]})}
		se.Points = se.Series.Points()
		if got := se.Trend(time.UTC); !strings.HasPrefix(got, c.want) {
			t.Errorf("%v → %v: %q, want %q…", c.a, c.b, got, c.want)
		}
	}
}

// A chart's axis in the visit summary names days when its readings are days apart: two
// temperatures on 1 and 3 December read "Dec 2026" at both ends (F39, vapp25).
func TestSummaryChartAxisDays(t *testing.T) {
	now := utc("2026-12-04T12:00:00Z")
	v, p := newPerson(t, "Fever")
	obs := func(id, at, value string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8310-5","display":"Body temperature"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + value + `,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}`
	}
	writeAt(t, v, p, "local", now, obs("t1", "2026-12-01T08:00:00Z", "39.2"), obs("t2", "2026-12-02T08:00:00Z", "38.4"), obs("t3", "2026-12-03T08:00:00Z", "37.9"))
	s, err := BuildSummary(context.Background(), v, p, utc("2026-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	if !strings.Contains(pdf, "1 Dec 2026") || !strings.Contains(pdf, "3 Dec 2026") || strings.Contains(pdf, "Dec 2026 Dec 2026") {
		t.Errorf("the chart's axis does not name the days:\n%s", pdf)
	}
}
