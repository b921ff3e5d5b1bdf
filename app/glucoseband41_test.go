package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F521 (app part): Ren, 16, type 1 diabetes: his sensor glucose (no range in the records) had
// no band but the line "No shaded band: these readings were taken in childhood …", and the
// ring of his 2.6 mmol/L night sat on that day's mean, at 7 on the axis. Results now shades the
// usual target for people with diabetes, 3.9–10 mmol/L, and rings a day's low at its lowest.
func TestResults_SensorGlucoseOfAPersonWithDiabetesHasTheTargetBand(t *testing.T) {
	for _, tc := range []struct {
		name, code, title string
		band              bool
	}{
		{"type 1 diabetes", "46635009", "Diabetes mellitus type 1", true},
		{"no diabetes", "195967001", "Asthma", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var readings []string
			for day := 1; day <= 5; day++ {
				for h := 0; h < 24; h++ {
					v := 7.0
					if day == 3 && h == 2 {
						v = 2.6
					}
					readings = append(readings, sensorReading(fmt.Sprintf("g%d-%d", day, h), time.Date(2026, 12, day, h, 30, 0, 0, time.UTC), v))
				}
			}
			p := sensorResults(t, tc.code, tc.title, readings)
			if p.chosen == nil || !health.IsGlucose(p.chosen.Code) || len(p.shown.Lines) != 1 {
				t.Fatalf("the sensor series is not shown: %+v", p.chosen)
			}
			b := p.shown.Lines[0].Band
			if got := b.Low != nil && b.High != nil && *b.Low == 3.9 && *b.High == 10; got != tc.band {
				t.Errorf("band %+v, want the 3.9–10 target: %v", b, tc.band)
			}
			said := p.rangeL.Text
			if (tc.band && strings.Contains(said, "childhood")) || strings.Contains(said, "3.9–10 mmol/L, the usual target for people with diabetes") != tc.band {
				t.Errorf("under the chart: %q", said)
			}
			if !tc.band {
				return
			}
			rung := false
			for _, seg := range p.shown.Lines[0].Segments {
				for _, d := range seg {
					if d.Flag != health.FlagNone {
						rung = true
						if d.N > 1 && ringAt(d) != 2.6 {
							t.Errorf("the ring of %s (mean %.1f, lowest %.1f) is drawn at %.1f", d.T.Format("2 Jan"), d.V, d.Min, ringAt(d))
						}
					}
				}
			}
			if !rung {
				t.Error("no day is ringed for the 2.6 mmol/L low")
			}
		})
	}
}

// sensorReading is a sensor (CGM) glucose Observation of Ren's at t, v mmol/L, as a bundle entry.
func sensorReading(id string, t time.Time, v float64) string {
	return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"105272-9","display":"Glucose [Moles/volume] in Interstitial fluid"}]},"subject":{"reference":"urn:uuid:pat"},"effectiveDateTime":"` +
		t.Format(time.RFC3339) + `","valueQuantity":{"value":` + fmt.Sprint(v) + `,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}}`
}

// sensorResults imports Ren (16) with one condition (SNOMED code, title) and the readings
// (sensorReading entries) into a new vault at 6 Dec 2026, 18:00 UTC, and shows Results with his
// glucose series chosen.
func sensorResults(t *testing.T, code, title string, readings []string) *resultsPage {
	t.Helper()
	u := unlocked(t)
	now := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
	u.auto.clock = &fakeClock{now: now}
	u.rem.opts.Clock = &remClock{now: now}
	entries := `{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Tanaka","given":["Ren"]}],"birthDate":"2010-05-02"}}` +
		`,{"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"` + code + `","display":"` + title + `"}]},"subject":{"reference":"urn:uuid:pat"}}}`
	for _, r := range readings {
		entries += "," + r
	}
	importBundle(t, u, "ren.json", entries)
	ps, _ := u.vault.Profiles()
	s := showImported(u, ps[0].ID, scResults)
	p := s.pages[scResults].(*resultsPage)
	for i, se := range p.series {
		if health.IsGlucose(se.Code) {
			p.choose(i)
		}
	}
	u.idle()
	return p
}
