package app

import (
	"strings"
	"testing"
	"time"
)

// F439: Emeka died on 14 Mar 2026; his file carries a weighing dated 2 Apr. His weight chart
// ran on to 2 Apr, its headline the reading dated after the death with "−1.4 kg since 10 Mar
// 2026" (a trend for a man who had died), and its legend called them "Your readings". The
// chart ends at the death, the latest is the last reading of his life, the one after the death
// is said apart, and the legend says "Readings".
func TestResults_ChartOfAPersonWhoDiedEndsAtTheDeath(t *testing.T) {
	u := unlocked(t)
	now := time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC)
	u.auto.clock = &fakeClock{now: now}
	u.rem.opts.Clock = &remClock{now: now}
	weight := func(id, day string, kg string) string {
		return `,{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"urn:uuid:pat"},"effectiveDateTime":"` + day + `T08:00:00Z","valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}`
	}
	importBundle(t, u, "emeka.json", `{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Okafor","given":["Emeka"]}],"birthDate":"1948-02-11","deceasedDateTime":"2026-03-14T05:40:00Z"}}`+
		weight("w1", "2026-03-06", "78.2")+weight("w2", "2026-03-08", "79.1")+weight("w3", "2026-03-09", "80.9")+weight("w4", "2026-03-10", "81.4")+weight("w5", "2026-04-02", "80"))
	ps, _ := u.vault.Profiles()
	if len(ps) != 1 {
		t.Fatalf("%d people", len(ps))
	}
	s := showImported(u, ps[0].ID, scResults)
	p := s.pages[scResults].(*resultsPage)
	chosen := false
	for i, se := range p.series {
		if strings.Contains(se.ShortName(), "weight") {
			p.choose(i)
			chosen = true
		}
	}
	if !chosen {
		t.Fatal("no weight series")
	}
	u.idle()
	if got := p.value.Text; got != "81.4 kg" {
		t.Errorf("the latest is %q, want 81.4 kg (10 Mar, the last before the death)", got)
	}
	want := "Latest, on 10 Mar 2026 · +0.5 kg since 9 Mar 2026 · 1 reading dated after the death, 2 Apr 2026"
	if got := p.latest.Text; got != want {
		t.Errorf("the line under it:\n%s\nwant\n%s", got, want)
	}
	if p.shown.Readings != 4 || !p.shown.To.Before(time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the chart has %d readings up to %v, want 4 up to the death", p.shown.Readings, p.shown.To)
	}
	if p.readings.Text == "" || strings.Contains(p.readings.Text, "2 Apr") {
		t.Errorf("the readings in words: %q, want those up to the death", p.readings.Text)
	}
	var rowSub string
	for _, r := range p.list.rows {
		if strings.Contains(r.Title, "weight") {
			rowSub = r.Sub
		}
	}
	if !strings.HasPrefix(rowSub, "81.4 kg · 10 Mar 2026") || !strings.Contains(rowSub, "dated after the death, 2 Apr 2026") {
		t.Errorf("the list row says %q", rowSub)
	}
}
