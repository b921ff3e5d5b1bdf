package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F78: the visit summary dates what happened near midnight on the person's clock, whatever
// this computer's: a result taken and a flu vaccine given at 23:30 in Los Angeles (07:30 UTC
// the next day) are on the 5th, those at 00:30 in Auckland (11:30 UTC the day before) on the
// 6th, and so are a migraine that began then and an antibiotic prescribed then; a vaccine dated by its day alone is on its day in every zone. The computer is on UTC.
// Before, the vaccine given and the migraine begun at a time were on their UTC day (the
// record's "Z").
func TestSummaryNearMidnightOnThePersonsClock(t *testing.T) {
	now := utc("2024-12-10T12:00:00Z")
	for _, tc := range []struct {
		zone, at, want string
	}{
		{"America/Los_Angeles", "2024-12-06T07:30:00Z", "5 Dec 2024"}, // 23:30 on the 5th there
		{"Pacific/Auckland", "2024-12-05T11:30:00Z", "6 Dec 2024"},    // 00:30 on the 6th there
	} {
		t.Run(tc.zone, func(t *testing.T) {
			v, p := newPerson(t, "Night "+tc.zone)
			st, err := remind.LoadSettings(v, p)
			if err != nil {
				t.Fatal(err)
			}
			st.Zone = tc.zone
			if err := remind.SaveSettings(context.Background(), v, p, st); err != nil {
				t.Fatal(err)
			}
			glucose := func(id, at, mg string) string {
				return `{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + mg + `,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`
			}
			writeAt(t, v, p, "clinic", now,
				glucose("w1", "2024-11-01T09:00:00Z", "98"), glucose("w2", tc.at, "104"),
				`{"resourceType":"Immunization","id":"i1","status":"completed","vaccineCode":{"text":"Influenza vaccine"},"occurrenceDateTime":"`+tc.at+`"}`,
				`{"resourceType":"Immunization","id":"i2","status":"completed","vaccineCode":{"text":"Tetanus vaccine"},"occurrenceDateTime":"2024-12-05"}`,
				`{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Migraine"},"onsetDateTime":"`+tc.at+`"}`,
				`{"resourceType":"MedicationRequest","id":"m1","status":"completed","intent":"order","medicationCodeableConcept":{"text":"Amoxicillin 500 mg"},"authoredOn":"`+tc.at+`"}`)
			s, err := BuildSummary(context.Background(), v, p, utc("2024-06-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WritePDF(&buf, s); err != nil {
				t.Fatal(err)
			}
			pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
			for _, want := range []string{"Latest: 104 mg/dL on " + tc.want, tc.want + " — Influenza vaccine", "5 Dec 2024 — Tetanus vaccine", "Migraine — since " + tc.want, "last " + tc.want + ")"} {
				if !strings.Contains(pdf, want) {
					t.Errorf("the PDF lacks %q:\n%s", want, pdf)
				}
			}
		})
	}
}

// F101: a death and a reading near midnight are on one clock, the person's. Mary died at
// 23:30 in New York (04:30 on 1 Dec in Dublin, her clock); a glucose was taken at 22:00 in New
// York, before it (03:00 on 1 Dec in Dublin). The summary said "Died 30 Nov 2026" (the record's
// own day) over "Latest: 60 mg/dL on 1 Dec 2026": a reading the day after the death.
func TestSummaryDeathAndReadingOnOneClock(t *testing.T) {
	now := utc("2024-12-10T12:00:00Z")
	v, p := newPerson(t, "Mary Night")
	st, err := remind.LoadSettings(v, p)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Europe/Dublin"
	if err := remind.SaveSettings(context.Background(), v, p, st); err != nil {
		t.Fatal(err)
	}
	writeAt(t, v, p, "clinic", now,
		`{"resourceType":"Patient","id":"pm","name":[{"family":"Night","given":["Mary"]}],"birthDate":"1940-01-01","deceasedDateTime":"2024-11-30T23:30:00-05:00"}`,
		`{"resourceType":"Observation","id":"g","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2024-11-30T22:00:00-05:00","valueQuantity":{"value":60,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2024-06-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"Died 1 Dec 2024", "Latest: 60 mg/dL on 1 Dec 2024"} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdf)
		}
	}
}

// F160: the IPS export says a diagnosis is not confirmed, as the PDF does: a provisional
// 'Liver cell carcinoma' read as one the person has.
func TestIPSProblemNotConfirmed(t *testing.T) {
	now := utc("2024-12-10T12:00:00Z")
	v, p := newPerson(t, "Provisional")
	writeAt(t, v, p, "clinic", now,
		`{"resourceType":"Condition","id":"pc","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"provisional"}]},"code":{"text":"Liver cell carcinoma"},"onsetDateTime":"2024-11-02"}`)
	s, err := BuildSummary(context.Background(), v, p, utc("2024-06-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Liver cell carcinoma, since 2024-11-02 (current, not confirmed)") {
		t.Errorf("the IPS does not say the diagnosis is not confirmed: %.3000s", b)
	}
}
