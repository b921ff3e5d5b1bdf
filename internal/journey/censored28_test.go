package journey

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// F189: an eGFR the lab wrote ">90" on 1 Jun, then 62 on 1 Nov, read "down 28 mL/min/1.73 m²
// since 1 Jun 2026" in the summary (a glucose "<40" then 150 "up 110 mg/dL"): the change is
// only known to be more than that. The summary and Results say "down more than 28 … (then
// above 90 …)"; a change whose direction the limits leave open is "change not known".
func TestSummaryTrendFromALimit(t *testing.T) {
	r := richPerson(t)
	obs := func(id, code, name, cmp string, v float64, unit, when string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"` + code + `","display":"` + name + `"}]},"effectiveDateTime":"` + when + `",` +
			`"valueQuantity":{"value":` + strings.TrimRight(strings.TrimRight(fmtF(v), "0"), ".") + `,"comparator":"` + cmp + `","unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + unit + `"}}`
	}
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		strings.Replace(obs("e1", "33914-3", "eGFR", ">", 90, "mL/min/{1.73_m2}", "2026-01-05T09:00:00Z"), `"comparator":"",`, "", 1),
		strings.Replace(obs("e2", "33914-3", "eGFR", "", 62, "mL/min/{1.73_m2}", "2026-03-01T09:00:00Z"), `"comparator":"",`, "", 1),
		strings.Replace(obs("k1", "2823-3", "Potassium", "<", 3, "mmol/L", "2026-01-05T09:00:00Z"), `"comparator":"",`, "", 1),
		strings.Replace(obs("k2", "2823-3", "Potassium", "<", 3.5, "mmol/L", "2026-03-01T09:00:00Z"), `"comparator":"",`, "", 1),
	)
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"33914-3": "down more than 28 mL/min/1.73 m² since 5 Jan 2026 (then above 90 mL/min/1.73 m²)",
		"2823-3":  "change not known since 5 Jan 2026 (then below 3 mmol/L, now below 3.5 mmol/L)",
	}
	for _, se := range s.Results {
		code := se.Code[strings.LastIndexByte(se.Code, '|')+1:]
		if w, ok := want[code]; ok {
			if got := se.Trend(time.UTC); got != w {
				t.Errorf("%s: %q, want %q", se.Name, got, w)
			}
			delete(want, code)
		}
	}
	if len(want) != 0 {
		t.Errorf("not in the summary: %v", want)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " "); !strings.Contains(text, "down more than 28") || strings.Contains(text, "down 28") {
		t.Errorf("PDF:\n%s", text)
	}
}

// F189 (left): the summary chart labelled its top "90" for the lab's ">90": a value with a
// comparator is labelled as the lab wrote it.
func TestSummaryChartLabelsALimitAsWritten(t *testing.T) {
	r := richPerson(t)
	obs := func(id, cmp, v, when string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"33914-3","display":"eGFR"}]},"effectiveDateTime":"` + when + `",` +
			`"valueQuantity":{"value":` + v + cmp + `,"unit":"mL/min/{1.73_m2}","system":"http://unitsofmeasure.org","code":"mL/min/{1.73_m2}"}}`
	}
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		obs("c1", `,"comparator":">"`, "90", "2026-01-05T09:00:00Z"), obs("c2", "", "62", "2026-03-01T09:00:00Z"))
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " "); !strings.Contains(text, ">90") {
		t.Errorf("the chart's top is not labelled '>90':\n%s", text)
	}
}

func fmtF(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// F427 (4): a glucose chart's lower end read "3.39" — 61 mg/dL in a mmol/L series — where the
// text gives values to one decimal: the axis is labelled as the text rounds its unit, "3.4".
func TestSummaryChartLabelsRoundedAsTheText(t *testing.T) {
	r := richPerson(t)
	obs := func(id, v, unit, when string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"` + when + `",` +
			`"valueQuantity":{"value":` + v + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + unit + `"}}`
	}
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		obs("g1", "5.2", "mmol/L", "2026-01-05T09:00:00Z"), obs("g2", "61", "mg/dL", "2026-02-01T09:00:00Z"), obs("g3", "7.8", "mmol/L", "2026-03-01T09:00:00Z"))
	s, err := BuildSummary(context.Background(), r.v, r.profile, richNow.AddDate(-1, 0, 0), richNow.Add(time.Minute), richNow, r.engine.Load)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, s); err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " "); strings.Contains(text, "3.39") || !strings.Contains(text, "3.4") {
		t.Errorf("the chart's lower end is not labelled 3.4:\n%s", text)
	}
}
