package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// results --json said a reading dated "2020-03" was taken at "2020-03-01T00:00:00Z", and
// nothing said it was only its month: "precision" beside "at" says how precisely the record
// dates each reading, in both forms and for the results written as text too.
func TestResultsJSONPrecision(t *testing.T) {
	r := in(newVault(t))
	num := func(id, code, at string) string {
		return observation(id, code, at, `"valueQuantity":{"value":70,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}`)
	}
	txt := func(id, at string) string {
		return observation(id, "5778-6", at, `"valueString":"Yellow"`)
	}
	file := bundleFile(t,
		num("y", "8867-4", "2019"), num("m", "8867-4", "2020-03"), num("d", "8867-4", "2021-04-05"),
		num("t", "8867-4", "2022-05-06T00:00:00Z"),
		txt("ty", "2019"), txt("tm", "2020-03"), txt("td", "2021-04-05"), txt("tt", "2022-05-06T07:08:09+02:00"))
	r.run(t, "import", file).ok(t)
	want := []struct{ at, precision string }{
		{"2019-01-01T00:00:00Z", "year"}, {"2020-03-01T00:00:00Z", "month"},
		{"2021-04-05T00:00:00Z", "day"}, {"2022-05-06T00:00:00Z", "time"},
	}
	wantText := []struct{ at, precision string }{
		{"2019-01-01T00:00:00Z", "year"}, {"2020-03-01T00:00:00Z", "month"},
		{"2021-04-05T00:00:00Z", "day"}, {"2022-05-06T07:08:09+02:00", "time"},
	}
	type reading struct{ At, Precision string }
	check := func(form string, got []reading, want []struct{ at, precision string }) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d readings, want %d: %+v", form, len(got), len(want), got)
		}
		for i, w := range want {
			if got[i].At != w.at || got[i].Precision != w.precision {
				t.Errorf("%s reading %d: at %q precision %q, want %q %q", form, i, got[i].At, got[i].Precision, w.at, w.precision)
			}
		}
	}

	id := profileIDs(t, r)["Robin"]
	var series []struct {
		Code   string
		Values []reading
		Text   []reading
	}
	out := r.run(t, "results", "--json", "--profile", id).ok(t).stdout
	if err := json.Unmarshal([]byte(out), &series); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(series) != 2 {
		t.Fatalf("series: %s", out)
	}
	check("--profile values", series[0].Values, want)
	check("--profile text", series[1].Text, wantText)

	var people []struct {
		Series []struct{ Values []reading }
		Text   []reading
	}
	out = r.run(t, "results", "--json").ok(t).stdout
	if err := json.Unmarshal([]byte(out), &people); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(people) != 1 || len(people[0].Series) != 1 {
		t.Fatalf("people: %s", out)
	}
	check("values", people[0].Series[0].Values, want)
	check("text", people[0].Text, wantText)
}

// A coded answer ("Negative") was listed "written as text", as a text value is: results says
// "answer" and --json "answer":true; a text value stays "written as text".
func TestResultsCodedAnswer(t *testing.T) {
	r := in(newVault(t))
	file := bundleFile(t,
		observation("a", "94500-6", "2024-03-12", `"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260385009","display":"Negative"}]}`),
		observation("b", "5778-6", "2024-03-12", `"valueString":"Yellow"`))
	r.run(t, "import", file).ok(t)
	out := r.run(t, "results").ok(t).stdout
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(line, "Negative"):
			if !strings.HasSuffix(strings.TrimSpace(line), "answer") {
				t.Errorf("a coded answer not labelled an answer: %q", line)
			}
		case strings.Contains(line, "Yellow"):
			if !strings.HasSuffix(strings.TrimSpace(line), "written as text") {
				t.Errorf("a text value not labelled written as text: %q", line)
			}
		}
	}
	if !strings.Contains(out, "Negative") || !strings.Contains(out, "Yellow") {
		t.Fatalf("results:\n%s", out)
	}
	var people []struct {
		Text []struct {
			Text   string
			Answer bool
		}
	}
	js := r.run(t, "results", "--json").ok(t).stdout
	if err := json.Unmarshal([]byte(js), &people); err != nil || len(people) != 1 || len(people[0].Text) != 2 {
		t.Fatalf("%v: %s", err, js)
	}
	for _, tx := range people[0].Text {
		if tx.Answer != (tx.Text == "Negative") {
			t.Errorf("%q: answer %v", tx.Text, tx.Answer)
		}
	}
}
