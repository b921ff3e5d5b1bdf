package app

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F567 item 6 (app): Kazuko, 75, treated for high blood pressure, measures about 150/90 at
// home; Results shaded her readings against "a typical adult range, 90–120 over 60–80 mmHg"
// with no word that it is the range of adults without high blood pressure, nor of her targets
// ('results' and the summary say them since 7eb0b67). The words under her chart say both.
func TestResults_BloodPressureOfAPersonWithHighBloodPressureSaysHerTargets(t *testing.T) {
	for _, tc := range []struct {
		name, code, title string
		targets           bool
	}{
		{"hypertension", "38341003", "Hypertensive disorder", true},
		{"asthma", "195967001", "Asthma", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := unlocked(t)
			now := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
			u.auto.clock = &fakeClock{now: now}
			u.rem.opts.Clock = &remClock{now: now}
			entries := `{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Sato","given":["Kazuko"]}],"birthDate":"1951-04-02"}}` +
				`,{"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"` + tc.code + `","display":"` + tc.title + `"}]},"subject":{"reference":"urn:uuid:pat"}}}`
			for day := 1; day <= 5; day++ {
				id := fmt.Sprintf("bp%d", day)
				entries += `,{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},"subject":{"reference":"urn:uuid:pat"},"effectiveDateTime":"` +
					fmt.Sprintf("2026-12-%02dT07:00:00Z", day) + `","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":` + fmt.Sprint(148+day) + `,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":90,"unit":"mm[Hg]","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}}`
			}
			importBundle(t, u, "kazuko.json", entries)
			ps, _ := u.vault.Profiles()
			s := showImported(u, ps[0].ID, scResults)
			p := s.pages[scResults].(*resultsPage)
			for i, se := range p.series {
				if se.Pair {
					p.choose(i)
				}
			}
			u.idle()
			if p.chosen == nil || !p.chosen.Pair {
				t.Fatal("no blood pressure series")
			}
			said := p.rangeL.Text
			if got := strings.Contains(said, "a typical range for adults without high blood pressure") && strings.Contains(said, "under 135/85 mmHg at home"); got != tc.targets {
				t.Errorf("under her chart (targets said: %v, want %v): %q", got, tc.targets, said)
			}
		})
	}
}
