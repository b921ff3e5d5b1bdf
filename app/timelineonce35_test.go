package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/journey"
	"carekeeper/internal/shc/shctest"
	cksync "carekeeper/sync"
)

// F441, F427 (3): one vaccination from a health card and the GP's file (the same CVX code on
// the same day) and one weighing keyed twice were two rows each on the Timeline. Each is one
// row saying where each record came from, as `carekeeper timeline` says it; a dose with
// another lot, a vaccination the next day, another weight at that instant keep their rows.
// Choosing either source in the filter shows the row; a search for the card's words finds it.
func TestTimeline_OneThingFromTwoSourcesIsOneRow(t *testing.T) {
	onUTCClock(t) // the days expected are UTC's
	u := unlocked(t)
	dir := t.TempDir()
	entry := func(typ, id, res string) string {
		return `{"fullUrl":"https://gp.example.nhs.uk/fhir/` + typ + `/` + id + `","resource":{"resourceType":"` + typ + `","id":"` + id + `",` + res + `}}`
	}
	imm := func(id, code, day, more string) string {
		return entry("Immunization", id, `"status":"completed","patient":{"reference":"Patient/jb"},"occurrenceDateTime":"`+day+`",`+
			`"vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"`+code+`"}],"text":"COVID-19 vaccine (GP's name)"}`+more)
	}
	weight := func(id string, kg string) string {
		return entry("Observation", id, `"status":"final","subject":{"reference":"Patient/jb"},"effectiveDateTime":"2026-12-06T07:15:00Z",`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"valueQuantity":{"value":`+kg+`,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}`)
	}
	gp := filepath.Join(dir, "gp.json")
	if err := os.WriteFile(gp, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+strings.Join([]string{
		entry("Patient", "jb", `"name":[{"family":"Anyperson","given":["John","B."]}],"birthDate":"1951-01-20"`),
		imm("i1", "207", "2021-01-01", ""),
		imm("i2", "207", "2021-01-29", `,"lotNumber":"0000099"`), // the card's second dose has lot 0000007
		imm("i3", "229", "2022-09-06", ""),                       // the card's is on 5 Sep
		weight("w1", "84.4"), weight("wdup", "84.4"), weight("w3", "84.9"),
	}, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := cksync.ImportFile(context.Background(), u.vault, gp, cksync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(dir, "vaccines.smart-health-card")
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})
	if err := os.WriteFile(card, shctest.File(jws), 0o600); err != nil {
		t.Fatal(err)
	}
	u.main.importFiles([]string{card})
	u.idle()
	if rs := u.main.results.results; len(rs) != 1 || rs[0].Err != nil {
		t.Fatalf("card: %+v", rs)
	}
	u.main.results.dialog.Hide()
	ps, _ := u.vault.Profiles()
	if len(ps) != 1 || ps[0].ID != res.Profile {
		t.Fatalf("people %+v, want the card's records with the GP's", ps)
	}

	s := u.shell
	s.restale()
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	rows := func() map[string][]string {
		out := map[string][]string{}
		day := ""
		for _, l := range timelineTexts(tl) {
			if l[1] == "" {
				day = l[0]
				continue
			}
			out[day] = append(out[day], l[0]+" | "+l[1])
		}
		return out
	}
	got := rows()
	const cardWords = "from a health card, not checked (it says it is by spec.smarthealth.cards)"
	for _, c := range []struct {
		day  string
		want []string
	}{
		{"6 Dec 2026", []string{"Body weight: 84.9 kg | Result · from gp.example.nhs.uk", "Body weight: 84.4 kg | Result · from gp.example.nhs.uk (recorded twice)"}},
		{"5 Sep 2022", []string{"| Immunization · " + cardWords}},
		{"6 Sep 2022", []string{"| Immunization · from gp.example.nhs.uk"}},
		{"29 Jan 2021", []string{"| Immunization · ", "| Immunization · "}},
		{"1 Jan 2021", []string{"COVID-19 vaccine (GP's name) | Immunization · from gp.example.nhs.uk and " + cardWords}},
	} {
		rs := got[c.day]
		if len(rs) != len(c.want) {
			t.Errorf("%s: %d rows, want %d: %q", c.day, len(rs), len(c.want), rs)
			continue
		}
		used := map[int]bool{}
		for _, w := range c.want {
			found := false
			for i, r := range rs {
				if !used[i] && strings.Contains(r, w) && !(strings.HasSuffix(w, "· ") && strings.Contains(r, " and ")) {
					used[i], found = true, true
					break
				}
			}
			if !found {
				t.Errorf("%s: no row %q in %q", c.day, w, rs)
			}
		}
	}
	// The CLI's rows are the app's.
	cli, err := journey.Timeline(context.Background(), u.vault, res.Profile, u.rem.now(), u.rem.device(), journey.TimelineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, rs := range got {
		all = append(all, rs...)
	}
	if n := len(all); n != len(cli) {
		t.Errorf("the app's Timeline has %d rows, `timeline` %d", n, len(cli))
	}
	// Either source in the filter shows the row of 1 Jan 2021.
	for _, src := range tl.provider.Options[1:] {
		tl.provider.SetSelected(src)
		if r := rows()["1 Jan 2021"]; len(r) != 1 {
			t.Errorf("source %q: 1 Jan 2021 has %q", src, r)
		}
	}
	tl.provider.SetSelected(tl.provider.Options[0])
	// A search for the card's words ("COVID-19 vaccine (Moderna)", the row titled by the GP's
	// record) finds the row.
	tl.search.SetText("moderna")
	tl.onSearch()
	u.idle()
	if r := rows()["1 Jan 2021"]; len(r) != 1 {
		t.Errorf("search 'moderna': 1 Jan 2021 has %q", r)
	}
}
