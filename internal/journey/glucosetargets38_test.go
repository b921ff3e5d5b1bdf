package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F511: Lucía (gestational diabetes) has 12 meter readings of 1–6 Dec (LOINC 41653-7, mg/dL),
// three at or above 140; the card said "3 blood sugar readings above your pregnancy targets in
// 7 days". She added 135 mg/dL by hand (a blood glucose, 2339-0: a series of its own) and the
// card, reading only the newest series, said "In the last 7 days: 1 reading" and was no longer
// a warning. Every meter series of the days counts; the last reading is the newest.
func TestGlucoseTargetsCountEveryMeterSeries(t *testing.T) {
	v, p := newPerson(t, "Lucía Herrera Martín")
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, madrid)
	recs := []string{`{"resourceType":"Condition","id":"c-gdm","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"11687002","display":"Gestational diabetes mellitus"}]},"onsetDateTime":"2026-10-20"}`}
	vals := []float64{92, 148, 118, 96, 162, 121, 94, 110, 144, 99, 125, 131}
	for i, val := range vals {
		at := time.Date(2026, 12, 1+i/2, 8+7*(i%2), 30, 0, 0, madrid).Format(time.RFC3339)
		recs = append(recs, observation(fmt.Sprintf("l-glu-%d", i), "41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer", val, "mg/dL", at, ""))
	}
	writeAt(t, v, p, "https://fhir.hulapaz.example.es/fhir", now.Add(-24*time.Hour), recs...)
	writeAt(t, v, p, storage.AppSource, now.Add(-time.Hour),
		observation("home-1", "2339-0", "Glucose [Mass/volume] in Blood", 135, "mg/dL", now.Add(-time.Hour).Format(time.RFC3339), ""))
	cs := cardsOf(t, v, p, now)
	gt := byKind(cs, "glucose-targets")
	if len(gt) != 1 {
		t.Fatalf("%d glucose-targets cards:\n%s", len(gt), dump(cs))
	}
	c := gt[0]
	for _, want := range []string{"In the last 7 days: 13 readings, 3 of them at or above 140 mg/dL", "Your last meter reading: 135 mg/dL"} {
		if !strings.Contains(c.Body, want) {
			t.Errorf("body %q, want %q", c.Body, want)
		}
	}
	if c.Title != "3 blood sugar readings above your pregnancy targets in 7 days" || c.Severity != SeverityAttention {
		t.Errorf("title %q, severity %s", c.Title, c.Severity)
	}
	checkWording(t, cs)
}
