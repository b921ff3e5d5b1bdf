package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// F369: Maria's amoxicillin course, ordered on 5 Dec, runs 8–14 Dec (boundsPeriod). A summary
// ending 6 Dec listed "Amoxicillin 500 mg capsule — 1 capsule, 3 times a day …" among her
// current medicines, with no word that she had not taken one capsule: the doctor reads it as
// taken now. The PDF and the IPS narrative say its start as 'medicines' does ("starts 8 Dec
// 2026"), and that it is after the period; a medicine begun says nothing of it.
func TestSummarySaysACourseThatStartsAfterThePeriod(t *testing.T) {
	v, p := newPerson(t, "Maria")
	now := utc("2026-12-06T12:00:00Z")
	writeAt(t, v, p, "import:lopez.json", now,
		`{"resourceType":"MedicationRequest","id":"mm2","status":"active","intent":"order","authoredOn":"2026-12-05",`+
			`"medicationCodeableConcept":{"text":"Amoxicillin 500 MG Oral Capsule"},"dosageInstruction":[{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d",`+
			`"timeOfDay":["08:00:00","14:00:00","20:00:00"],"boundsPeriod":{"start":"2026-12-08","end":"2026-12-14"}}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"capsule"}}]}]}`,
		`{"resourceType":"MedicationRequest","id":"mm1","status":"active","intent":"order","authoredOn":"2026-11-01",`+
			`"medicationCodeableConcept":{"text":"Metformin 500 MG Oral Tablet"},"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d",`+
			`"timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}`,
	)
	for _, c := range []struct {
		to, note string
	}{
		{"2026-12-07", " (starts 8 Dec 2026, after this period)"}, // the period ends on 6 Dec
		{"2026-12-11", " (starts 8 Dec 2026)"},                    // it starts within the period, after today
	} {
		s, err := BuildSummary(context.Background(), v, p, utc("2026-09-01T00:00:00Z"), utc(c.to+"T00:00:00Z"), now, LoadOptions{Device: time.UTC})
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
		for _, w := range []struct{ where, text, want string }{
			{"PDF", pdf, "Amoxicillin 500 mg capsule — 1 capsule, 3 times a day at 08:00, 14:00 and 20:00, 8–14 Dec 2026" + c.note},
			{"IPS", ips, "Amoxicillin 500 mg capsule: 1 capsule, 3 times a day at 08:00, 14:00 and 20:00, 8–14 Dec 2026" + c.note},
		} {
			if !strings.Contains(w.text, w.want) {
				t.Errorf("to %s, the %s: want %q in\n%s", c.to, w.where, w.want, w.text)
			}
			if strings.Contains(w.text, "Metformin 500 mg tablet — 1 tablet, twice a day at 09:30 and 21:30 (starts") ||
				strings.Contains(w.text, "Metformin 500 mg tablet: 1 tablet, twice a day at 09:30 and 21:30 (starts") {
				t.Errorf("to %s, the %s: Metformin, begun, says a start:\n%s", c.to, w.where, w.text)
			}
		}
	}
}
