package app

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F521's rest: Ren's sensor chart said its band and rings but not his time in range, the figure
// his diabetes clinic reads first; 'results' said it. It is now the first words under the chart.
func TestResults_SensorChartSaysTimeInRange(t *testing.T) {
	u := unlocked(t)
	now := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
	u.auto.clock = &fakeClock{now: now}
	u.rem.opts.Clock = &remClock{now: now}
	entries := `{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Tanaka","given":["Ren"]}],"birthDate":"2010-05-02"}}` +
		`,{"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"46635009","display":"Diabetes mellitus type 1"}]},"subject":{"reference":"urn:uuid:pat"}}}`
	for i := range 2 * 288 { // two days at 5 minutes: three quarters in range, a quarter above
		at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * 5 * time.Minute)
		v := 7.0
		if i%4 == 0 {
			v = 12
		}
		id := fmt.Sprintf("g%d", i)
		entries += `,{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"105272-9","display":"Glucose [Moles/volume] in Interstitial fluid"}]},"subject":{"reference":"urn:uuid:pat"},"effectiveDateTime":"` +
			at.Format(time.RFC3339) + `","valueQuantity":{"value":` + fmt.Sprint(v) + `,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}}`
	}
	importBundle(t, u, "ren.json", entries)
	ps, _ := u.vault.Profiles()
	s := u.shell
	u.main.loadPeople(ps[0].ID)
	u.idle()
	s.choose(ps[0].ID)
	s.load()
	u.idle()
	s.restale()
	s.show(scResults)
	u.idle()
	p := s.pages[scResults].(*resultsPage)
	for i, se := range p.series {
		if health.IsGlucose(se.Code) {
			p.choose(i)
		}
	}
	u.idle()
	if said := p.rangeL.Text; !strings.HasPrefix(said, "Time in range (3.9–10 mmol/L) over the 14 days to ") || !strings.Contains(said, ": 75% of the readings") || !strings.Contains(said, "above 10 mmol/L 25%") {
		t.Errorf("under the sensor chart: %q", said)
	}
}
