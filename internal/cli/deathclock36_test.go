package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// F465: a death given as a day alone was judged by the UTC day. Lou, in Los Angeles, died on
// 14 Mar 2026; his weighing at 23:30 there that day (06:30 UTC on 15 Mar) was listed by
// 'timeline' above the line at his death and 'results' said "dated after the death". Aiko, in
// Tokyo, died the same day; her weighing at 00:30 on 15 Mar there (15:30 UTC on 14 Mar) was
// below the line, and not said to be after it. Both are now judged on the person's clock,
// as the app's Timeline and Results (TestTimeline_DeathOfADayAloneOnThePersonsClock).
func TestDeathOfADayAloneOnThePersonsClock(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	weight := func(id, who, when, kg string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","subject":{"reference":"Patient/` + who + `"},` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"effectiveDateTime":"` + when + `",` +
			`"valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}`
	}
	f := filepath.Join(t.TempDir(), "two.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"lou","name":[{"given":["Lou"],"family":"Reyes"}],"birthDate":"1940-03-02","deceasedDateTime":"2026-03-14"}},
{"resource":{"resourceType":"Patient","id":"aiko","name":[{"given":["Aiko"],"family":"Sato"}],"birthDate":"1944-05-12","deceasedDateTime":"2026-03-14"}},
`+weight("l1", "lou", "2026-03-10T08:00:00-07:00", "80")+`,`+weight("l2", "lou", "2026-03-14T23:30:00-07:00", "81")+`,`+weight("l3", "lou", "2026-03-15T00:30:00-07:00", "82")+`,
`+weight("a1", "aiko", "2026-03-10T08:00:00+09:00", "50")+`,`+weight("a2", "aiko", "2026-03-14T23:30:00+09:00", "51")+`,`+weight("a3", "aiko", "2026-03-15T00:30:00+09:00", "52")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	ids := profileIDs(t, r)
	r.run(t, "profile", "set", "--profile", ids["Lou"], "--zone", "America/Los_Angeles").ok(t)
	r.run(t, "profile", "set", "--profile", ids["Aiko"], "--zone", "Asia/Tokyo").ok(t)
	for _, c := range []struct{ who, name, last, after string }{
		{"Lou", "Lou Reyes", "81 kg", "82 kg"},
		{"Aiko", "Aiko Sato", "51 kg", "52 kg"},
	} {
		out := r.run(t, "timeline", "--profile", ids[c.who]).ok(t).stdout
		died := strings.Index(out, c.name+" died\n")
		after, last := strings.Index(out, "Body weight: "+c.after), strings.Index(out, "Body weight: "+c.last)
		if died < 0 || after < 0 || last < 0 || !(after < died && died < last) {
			t.Errorf("timeline %s: want %s above the line at the death, %s (23:30 on the day of death on the person's clock) below it:\n%s", c.who, c.after, c.last, out)
		}
		if !strings.Contains(out[:max(died, 0)], "dated after the death") || strings.Contains(out[max(died, 0):], "dated after the death") {
			t.Errorf("timeline %s: 'dated after the death' only above the line:\n%s", c.who, out)
		}
		out = r.run(t, "results", "--profile", ids[c.who]).ok(t).stdout
		var row string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "Body weight") {
				row = strings.Join(strings.Fields(l), " ")
			}
		}
		if want := "Body weight " + c.last + " 14 Mar 2026 3 readings; 1 reading dated after the death, 15 Mar 2026"; row != want {
			t.Errorf("results %s: %q, want %q\n%s", c.who, row, want, out)
		}
		var series []struct {
			Values []struct {
				Value      float64
				AfterDeath bool
			}
		}
		if err := json.Unmarshal([]byte(r.run(t, "results", "--profile", ids[c.who], "--json").ok(t).stdout), &series); err != nil || len(series) != 1 {
			t.Fatalf("results --json %s: %v %+v", c.who, err, series)
		}
		var dated []string
		for _, v := range series[0].Values {
			if v.AfterDeath {
				dated = append(dated, strconv.FormatFloat(v.Value, 'f', -1, 64)+" kg")
			}
		}
		if len(dated) != 1 || dated[0] != c.after {
			t.Errorf("results --json %s: dated after the death %q, want %s alone", c.who, dated, c.after)
		}
	}
}
