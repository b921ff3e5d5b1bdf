package app

import (
	"strings"
	"testing"
	"time"
)

// F461 item 4: Harold (heart failure) gained 5.4 lb in 3 days; the card and the visit summary
// say so ("up … in 3 days …; the heart failure guide: 2 kg in 3 days"), but his weight chart,
// where a carer looks, headed only "+1.8 lb since 5 Dec 2026". The chart says the gain the
// guide names under its latest reading; not for a person without such a guide.
func TestResults_WeightChartSaysTheGainTheGuideNames(t *testing.T) {
	for _, tc := range []struct{ name, code, title, want string }{
		{"heart failure", "84114007", "Heart failure", "Latest, on 6 Dec 2026 · −0.2 kg since 5 Dec 2026 · up 2.7 kg in 3 days (81.9 kg on 2 Dec 2026 to 84.6 kg on 5 Dec 2026; the heart failure guide: 2 kg in 3 days)"},
		{"no guide naming a gain", "44054006", "Type 2 diabetes", "Latest, on 6 Dec 2026 · −0.2 kg since 5 Dec 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			onUTCClock(t) // the days expected are UTC's
			u := unlocked(t)
			now := time.Date(2026, 12, 6, 18, 0, 0, 0, time.UTC)
			u.auto.clock = &fakeClock{now: now}
			u.rem.opts.Clock = &remClock{now: now}
			entries := `{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Lindqvist","given":["Harold"]}],"birthDate":"1950-02-11"}}` +
				`,{"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"` + tc.code + `","display":"` + tc.title + `"}]},"subject":{"reference":"urn:uuid:pat"}}}`
			for i, kg := range []string{"82.1", "81.9", "82.8", "83.9", "84.6", "84.4"} {
				id := "w" + string(rune('a'+i))
				entries += `,{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"urn:uuid:pat"},"effectiveDateTime":"2026-12-0` + string(rune('1'+i)) + `T07:15:00Z","valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}`
			}
			importBundle(t, u, "harold.json", entries)
			ps, _ := u.vault.Profiles()
			s := showImported(u, ps[0].ID, scResults)
			p := s.pages[scResults].(*resultsPage)
			for i, se := range p.series {
				if strings.Contains(se.ShortName(), "weight") {
					p.choose(i)
				}
			}
			u.idle()
			if got := p.latest.Text; got != tc.want {
				t.Errorf("the line under the latest:\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
