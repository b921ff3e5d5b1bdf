package app

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F333 (the Timeline part): Fletcher Hyatt (Synthea) died on 21 Jan 1996; his file has visits,
// orders, procedures and claims dated to 7 Sep 1996. The Timeline opened on "7 Sep 1996 …
// Encounter for problem: $11,856.66 · Insurer's statement" with nothing saying he had died;
// Appointments said "after the death". Every line dated after the death says so; none before.
func TestTimeline_RecordsAfterTheDeathSaySo(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Fletcher_Hyatt_*.json")
	s := u.shell
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	death := time.Date(1996, 1, 21, 19, 20, 6, 0, time.UTC)
	after, before := 0, 0
	for n, l := range timelineTexts(tl) {
		if tl.lines[n] < 0 {
			continue // a heading
		}
		e := tl.events[tl.lines[n]]
		at, ok := health.ParseTime(e.Date)
		if !ok {
			continue
		}
		says := strings.Contains(l[1], "dated after the death") || strings.Contains(l[1], "booked for after the death")
		switch {
		case at.After(death):
			after++
			if !says {
				t.Errorf("%s %q | %q: after his death, not said", e.Date, l[0], l[1])
			}
		default:
			before++
			if says {
				t.Errorf("%s %q | %q: before his death, said after it", e.Date, l[0], l[1])
			}
		}
	}
	if after == 0 || before == 0 {
		t.Fatalf("%d lines after the death, %d before", after, before)
	}
}

// F333 (the Results part): Zed Gone died on 20 Feb 2026; a weighing is dated 25 Feb. Results
// said "60 kg · Latest, on 25 Feb 2026 · −2 kg since 25 Jan 2026" as if he had been weighed:
// the row and the chart say the reading is dated after the death; a reading before it does not.
func TestResults_ReadingAfterTheDeathSaysSo(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow} // 2 Mar 2026
	obs := func(id, when, kg string) string {
		return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"urn:uuid:zed"},"effectiveDateTime":"` + when + `","valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}`
	}
	hr := func(id, when string) string {
		return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"subject":{"reference":"urn:uuid:zed"},"effectiveDateTime":"` + when + `","valueQuantity":{"value":70,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}}`
	}
	importBundle(t, u, "zed.json", `{"fullUrl":"urn:uuid:zed","resource":{"resourceType":"Patient","id":"zed","name":[{"family":"Gone","given":["Zed"]}],"birthDate":"1940-01-02","deceasedDateTime":"2026-02-20T10:00:00Z"}},`+
		obs("w1", "2026-01-25T09:00:00Z", "62")+","+obs("w2", "2026-02-25T09:00:00Z", "60")+","+hr("h1", "2026-01-25T09:00:00Z")+","+hr("h2", "2026-02-10T09:00:00Z"))
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	s.show(scResults)
	u.idle()
	p := s.pages[scResults].(*resultsPage)
	seen := map[string]bool{}
	for _, r := range p.list.rows {
		switch r.Title {
		case "Body weight":
			seen[r.Title] = true
			if !strings.Contains(r.Sub, "25 Feb 2026") || !strings.Contains(r.Sub, "dated after the death") {
				t.Errorf("the weighing after the death: %q", r.Sub)
			}
		case "Heart rate":
			seen[r.Title] = true
			if strings.Contains(r.Sub, "death") {
				t.Errorf("a reading before the death: %q", r.Sub)
			}
		}
	}
	if !seen["Body weight"] || !seen["Heart rate"] {
		t.Fatalf("rows %+v", p.list.rows)
	}
	for i, se := range p.series {
		p.choose(i)
		after := strings.Contains(p.latest.Text, "dated after the death")
		if want := se.ShortName() == "Body weight"; after != want {
			t.Errorf("%s: %q", se.ShortName(), p.latest.Text)
		}
	}
}
