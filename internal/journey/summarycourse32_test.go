package journey

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// F369 (rest): the visit summary said an amoxicillin course of 8–14 Dec and a prednisone
// taper only by their doses ("3 tablets each morning for 2 days; 2 tablets …"), with no
// dates: a doctor reads a finished or changing course as current. The PDF and the IPS
// narrative now say a course's days and a taper's steps with their days.
func TestSummarySaysACourseDaysAndATapersSteps(t *testing.T) {
	const rx = `{"resourceType":"MedicationRequest","id":"%s","status":"%s","intent":"order","authoredOn":"%s",` +
		`"medicationCodeableConcept":{"text":"%s"},"dosageInstruction":[%s]}`
	dose := func(seq int, text, repeat, n, unit string) string {
		s := `{"timing":{"repeat":{` + repeat + `}},"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"` + unit + `"}}]`
		if seq > 0 {
			s += `,"sequence":` + string(rune('0'+seq))
		}
		if text != "" {
			s += `,"text":"` + text + `"`
		}
		return s + `}`
	}
	rec := func(id, status, authored, name string, dosages ...string) string {
		return fmt.Sprintf(rx, id, status, authored, name, strings.Join(dosages, ","))
	}
	for _, c := range []struct {
		name, record, pdf, ips string
	}{
		{"a course after the period", rec("mm2", "active", "2026-12-05", "Amoxicillin 500 MG Oral Capsule",
			dose(0, "", `"frequency":3,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","14:00:00","20:00:00"],"boundsPeriod":{"start":"2026-12-08","end":"2026-12-14"}`, "1", "capsule")),
			"Amoxicillin 500 mg capsule — 1 capsule, 3 times a day at 08:00, 14:00 and 20:00, 8–14 Dec 2026 (starts 8 Dec 2026, after this period)",
			"Amoxicillin 500 mg capsule: 1 capsule, 3 times a day at 08:00, 14:00 and 20:00, 8–14 Dec 2026 (starts 8 Dec 2026, after this period)"},
		{"a course finished in the period", rec("mm4", "completed", "2026-11-20", "Amoxicillin 500 MG Oral Capsule",
			dose(0, "", `"frequency":3,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","14:00:00","20:00:00"],"boundsPeriod":{"start":"2026-11-28","end":"2026-12-04"}`, "1", "capsule")),
			"Amoxicillin 500 mg capsule — 1 capsule, 3 times a day at 08:00, 14:00 and 20:00, 28 Nov–4 Dec 2026 (stopped or finished",
			"Amoxicillin 500 mg capsule: 1 capsule, 3 times a day at 08:00, 14:00 and 20:00, 28 Nov–4 Dec 2026 (stopped or finished"},
		{"a taper going on at the period's end", rec("mm3", "active", "2026-12-03", "Prednisone 10 MG Oral Tablet",
			dose(1, "3 tablets each morning for 2 days", `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:30:00"],"boundsPeriod":{"start":"2026-12-04","end":"2026-12-05"}`, "3", "tablet"),
			dose(2, "2 tablets each morning for 3 days", `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:30:00"],"boundsPeriod":{"start":"2026-12-06","end":"2026-12-08"}`, "2", "tablet"),
			dose(3, "1 tablet each morning for 3 days", `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:30:00"],"boundsPeriod":{"start":"2026-12-09","end":"2026-12-11"}`, "1", "tablet")),
			"Prednisone 10 mg tablet — 3 tablets each morning for 2 days; 2 tablets each morning for 3 days; 1 tablet each morning for 3 days (3 tablets on 4–5 Dec 2026, then 2 tablets on 6–8 Dec 2026, then 1 tablet on 9–11 Dec 2026)",
			"Prednisone 10 mg tablet: 3 tablets each morning for 2 days; 2 tablets each morning for 3 days; 1 tablet each morning for 3 days (3 tablets on 4–5 Dec 2026, then 2 tablets on 6–8 Dec 2026, then 1 tablet on 9–11 Dec 2026)"},
		{"a taper by durations, its last step going on", rec("mm5", "active", "2026-11-28", "Prednisone 5 MG Oral Tablet",
			dose(1, "", `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"],"boundsPeriod":{"start":"2026-11-28"},"boundsDuration":{"value":5,"unit":"d","code":"d"}`, "8", "tablet"),
			dose(2, "", `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"],"boundsDuration":{"value":5,"unit":"d","code":"d"}`, "4", "tablet"),
			dose(3, "", `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]`, "1", "tablet")),
			"8 tablets on 28 Nov–2 Dec 2026, then 4 tablets on 3–7 Dec 2026, then 1 tablet from 8 Dec 2026",
			"8 tablets on 28 Nov–2 Dec 2026, then 4 tablets on 3–7 Dec 2026, then 1 tablet from 8 Dec 2026"},
		{"ten doses", rec("mm6", "active", "2026-11-30", "Ciprofloxacin 500 MG Oral Tablet",
			dose(0, "", `"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"],"boundsPeriod":{"start":"2026-12-01"},"count":10`, "1", "tablet")),
			"Ciprofloxacin 500 mg tablet — 1 tablet, twice a day at 08:00 and 20:00, 1–5 Dec 2026 (stopped or finished, ended 5 Dec 2026)",
			"Ciprofloxacin 500 mg tablet: 1 tablet, twice a day at 08:00 and 20:00, 1–5 Dec 2026 (stopped or finished, ended 5 Dec 2026)"},
		// F440: dosages sharing a sequence run together: warfarin by weekday, taken on and on,
		// is not a taper from 5 tablets to 4 (it said "5 tablets from 30 Nov 2026, then 4
		// tablets from 1 Dec 2026").
		{"by weekday, one sequence", rec("mm7", "active", "2026-11-30", "Warfarin sodium 1 MG Oral Tablet",
			dose(1, "", `"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["mon","wed","fri"],"timeOfDay":["18:00:00"]`, "5", "tablet"),
			dose(1, "", `"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["tue","thu","sat","sun"],"timeOfDay":["18:00:00"]`, "4", "tablet")),
			"Warfarin sodium 1 mg tablet — 5 tablets on Mon, Wed and Fri at 18:00; 4 tablets on Tue, Thu, Sat and Sun at 18:00 Doses in",
			"Warfarin sodium 1 mg tablet: 5 tablets on Mon, Wed and Fri at 18:00; 4 tablets on Tue, Thu, Sat and Sun at 18:00 (doses in"},
		{"by weekday, a course", rec("mm8", "active", "2026-11-30", "Vitamin D 10 mcg tablet",
			dose(1, "", `"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["mon","tue","wed","thu","fri","sat"],"timeOfDay":["09:00:00"],"boundsPeriod":{"start":"2026-12-01","end":"2026-12-14"}`, "1", "tablet"),
			dose(1, "", `"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["sun"],"timeOfDay":["09:00:00"],"boundsPeriod":{"start":"2026-12-01","end":"2026-12-14"}`, "2", "tablet")),
			"Vitamin D 10 mcg tablet — 1 tablet on Mon, Tue, Wed, Thu, Fri and Sat at 09:00; 2 tablets on Sun at 09:00, 1–14 Dec 2026",
			"Vitamin D 10 mcg tablet: 1 tablet on Mon, Tue, Wed, Thu, Fri and Sat at 09:00; 2 tablets on Sun at 09:00, 1–14 Dec 2026"},
		{"taken on and on", rec("mm1", "active", "2026-11-01", "Metformin 500 MG Oral Tablet",
			dose(0, "", `"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:30:00","21:30:00"]`, "1", "tablet")),
			"Metformin 500 mg tablet — 1 tablet, twice a day at 09:30 and 21:30 Doses in",
			"Metformin 500 mg tablet: 1 tablet, twice a day at 09:30 and 21:30 (doses in"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, p := newPerson(t, "Maria")
			now := utc("2026-12-06T12:00:00Z")
			writeAt(t, v, p, "import:lopez.json", now, c.record,
				`{"resourceType":"MedicationStatement","id":"z","status":"active","medicationCodeableConcept":{"text":"Zinc"},"effectiveDateTime":"2026-01-01"}`)
			s, err := BuildSummary(context.Background(), v, p, utc("2026-09-01T00:00:00Z"), utc("2026-12-07T00:00:00Z"), now, LoadOptions{Device: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WritePDF(&buf, s); err != nil {
				t.Fatal(err)
			}
			pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
			buf.Reset()
			if err := s.WriteBundle(&buf); err != nil {
				t.Fatal(err)
			}
			ips := buf.String()
			if !strings.Contains(pdf, c.pdf) {
				t.Errorf("the PDF: want %q in\n%s", c.pdf, pdf)
			}
			if !strings.Contains(ips, c.ips) {
				t.Errorf("the IPS: want %q in\n%s", c.ips, ips)
			}
		})
	}
}
