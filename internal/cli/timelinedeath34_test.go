package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F442: Emeka died on 14 Mar 2026; 'timeline' listed the weighing dated after it and those
// before with no line at his death, which the app's Timeline has ("14 Mar 2026 · Emeka Okafor
// died"). The line is there now, between them; a death given as a day alone stands above the
// records of that day.
func TestTimelineHasALineAtTheDeath(t *testing.T) {
	weight := func(id, when string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","subject":{"reference":"Patient/p"},` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"effectiveDateTime":"` + when + `",` +
			`"valueQuantity":{"value":80,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}`
	}
	for _, c := range []struct{ name, died string }{
		{"a time", `"deceasedDateTime":"2026-03-14T05:40:00Z"`},
		{"a day alone", `"deceasedDateTime":"2026-03-14"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := newVault(t)
			r := in(dir).with("TZ", "Europe/London")
			f := filepath.Join(t.TempDir(), "emeka.json")
			if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"p","name":[{"given":["Emeka"],"family":"Okafor"}],"birthDate":"1950-02-02",`+c.died+`}},
`+weight("w1", "2026-03-10T08:00:00Z")+`,`+weight("w2", "2026-03-14T04:00:00Z")+`,`+weight("w3", "2026-04-02T09:00:00Z")+`]}`), 0o600); err != nil {
				t.Fatal(err)
			}
			r.run(t, "import", f).ok(t)
			emeka := profileIDs(t, r)["Emeka"]
			out := r.run(t, "timeline", "--profile", emeka).ok(t).stdout
			died := strings.Index(out, "Emeka Okafor died\n")
			if line := out[strings.LastIndex(out[:max(died, 0)], "\n")+1:]; died < 0 || !strings.HasPrefix(strings.TrimSpace(line), "14 Mar 2026 ") {
				t.Errorf("the death's line is not dated 14 Mar 2026:\n%s", out)
			}
			later, earlier := strings.Index(out, "2 Apr 2026"), strings.Index(out, "10 Mar 2026")
			if died < 0 || !(later < died && died < earlier) || strings.Count(out, "died") != 1 {
				t.Errorf("no line at the death between 2 Apr and 10 Mar:\n%s", out)
			}
			if c.name == "a day alone" && strings.Index(out, "14 Mar 2026  04:00") < died {
				t.Errorf("a reading of the day of death is above the death line:\n%s", out)
			}
			var rows []struct{ Ref, Date, Title, Kind string }
			if err := json.Unmarshal([]byte(r.run(t, "timeline", "--profile", emeka, "--json").ok(t).stdout), &rows); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, row := range rows {
				if row.Kind == "Death" {
					n++
					if row.Title != "Emeka Okafor died" || row.Date != "2026-03-14" || row.Ref != "" {
						t.Errorf("--json death row %+v", row)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d death rows in --json", n)
			}
			// Days chosen before the death leave it out.
			if out := r.run(t, "timeline", "--profile", emeka, "--to", "2026-03-12").ok(t).stdout; strings.Contains(out, "died") {
				t.Errorf("--to 2026-03-12:\n%s", out)
			}
		})
	}
}
