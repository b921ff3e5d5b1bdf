package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/shc/shctest"
)

// F441, F427 (3): one vaccination from a health card and the GP's file (the same CVX code,
// the same day) and one weighing keyed twice (the same code, instant, value and unit) were two
// rows each of `timeline`. Each is one row saying where each record came from; a dose with
// another lot, a vaccination the next day, a weight of another value at that instant stay
// rows of their own.
func TestTimelineSaysOneThingFromTwoSourcesOnce(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	dir := t.TempDir()
	gp := filepath.Join(dir, "gp.json")
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
	os.WriteFile(gp, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+strings.Join([]string{
		entry("Patient", "jb", `"name":[{"family":"Anyperson","given":["John","B."]}],"birthDate":"1951-01-20"`),
		imm("i1", "207", "2021-01-01", ""),                                 // the card's first dose
		imm("i2", "207", "2021-01-29", `,"lotNumber":"0000099"`),           // the card's second dose has lot 0000007
		imm("i3", "229", "2022-09-06", ""),                                 // the card's is on 5 Sep
		weight("w1", "84.4"), weight("wdup", "84.4"), weight("w3", "84.9"), // keyed twice, and another value
	}, ",")+`]}`), 0o600)
	r.run(t, "import", gp).ok(t)
	john := profileIDs(t, r)["John"]
	card := filepath.Join(dir, "vaccines.smart-health-card")
	os.WriteFile(card, shctest.File(shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "covid-vaccines-bundle.json"), shctest.Claims{Nbf: time.Now().Add(-time.Hour)})), 0o600)
	r.run(t, "import", "--profile", john, card).ok(t)

	out := r.run(t, "timeline", "--profile", john, "--at", "2026-12-06T12:00:00Z").ok(t).stdout
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	got := strings.Join(lines, "\n")
	const card1 = "from a health card, not checked (it says it is by " + "spec.smarthealth.cards)"
	for _, c := range []struct {
		prefix string
		n      int
		where  string
	}{
		{"6 Dec 2026 07:15 Body weight: 84.4 kg", 1, "from gp.example.nhs.uk (recorded twice)"},
		{"6 Dec 2026 07:15 Body weight: 84.9 kg", 1, "from gp.example.nhs.uk"},
		{"1 Jan 2021 COVID-19 vaccine (GP's name)", 1, "from gp.example.nhs.uk and " + card1}, // the GP's names the vaccine
		{"29 Jan 2021 ", 2, ""},
		{"5 Sep 2022 ", 1, card1},
		{"6 Sep 2022 ", 1, "from gp.example.nhs.uk"},
	} {
		var rows []string
		for _, l := range lines {
			if strings.HasPrefix(l, c.prefix) {
				rows = append(rows, l)
			}
		}
		if len(rows) != c.n {
			t.Errorf("%d rows begin %q, want %d:\n%s", len(rows), c.prefix, c.n, got)
			continue
		}
		if c.where != "" && !strings.HasSuffix(rows[0], " · "+c.where) {
			t.Errorf("%q: want it to end %q", rows[0], c.where)
		}
	}
	var js []struct {
		Ref, Date, From string
		Also            []string
	}
	if err := json.Unmarshal([]byte(r.run(t, "timeline", "--profile", john, "--at", "2026-12-06T12:00:00Z", "--from", "2021-01-01", "--to", "2021-01-01", "--json").ok(t).stdout), &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != 1 || js[0].Ref != "Immunization/i1" || len(js[0].Also) != 1 || !strings.HasPrefix(js[0].Also[0], "Immunization/") {
		t.Errorf("--json of 1 Jan 2021: %+v", js)
	}
}
