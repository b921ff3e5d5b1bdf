package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F365: Jorge died on 30 Nov 2026; his file carries an INR dated 2 Dec 2026 (as Synthea's files
// carry records dated after a death). 'results' gave "INR 2.5 2 Dec 2026 2 readings" as his
// latest with no word, while the app's Results says "dated after the death"; --json had no
// field. Now the text says it beside the date and --json marks the reading ("afterDeath");
// a reading before the death, and a living person's, say nothing of it. Since F439 the latest
// is the last reading of his life, the one after the death said apart, as the app's Results.
func TestResultsSaysAReadingDatedAfterTheDeath(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	inr := func(id, who, when, v string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","subject":{"reference":"Patient/` + who + `"},
"code":{"coding":[{"system":"http://loinc.org","code":"6301-6","display":"INR in Platelet poor plasma by Coagulation assay"}],"text":"INR"},
"effectiveDateTime":"` + when + `","valueQuantity":{"value":` + v + `,"unit":"{INR}","system":"http://unitsofmeasure.org","code":"{INR}"}}}`
	}
	f := filepath.Join(t.TempDir(), "lopez.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"jorge","name":[{"given":["Jorge"],"family":"Lopez"}],"birthDate":"1940-03-02","deceasedDateTime":"2026-11-30T14:20:00+00:00"}},
{"resource":{"resourceType":"Patient","id":"maria","name":[{"given":["Maria"],"family":"Lopez"}],"birthDate":"1944-05-12"}},
`+inr("j1", "jorge", "2026-11-25T10:00:00Z", "3.4")+`,
`+inr("j2", "jorge", "2026-12-02T10:00:00Z", "2.5")+`,
`+inr("m1", "maria", "2026-11-25T10:00:00Z", "1.1")+`,
`+inr("m2", "maria", "2026-12-02T10:00:00Z", "1.2")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	ids := profileIDs(t, r)
	for _, c := range []struct {
		who, latest string
		after       bool
	}{
		{"Jorge", "25 Nov 2026 2 readings; 1 reading dated after the death, 2 Dec 2026", true},
		{"Maria", "2 Dec 2026 2 readings", false},
	} {
		out := r.run(t, "results", "--profile", ids[c.who]).ok(t).stdout
		var row string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "INR") {
				row = strings.Join(strings.Fields(l), " ")
			}
		}
		if want := "INR " + map[bool]string{true: "3.4", false: "1.2"}[c.after] + " " + c.latest; row != want {
			t.Errorf("results --profile %s: want %q, got %q\n%s", c.who, want, row, out)
		}
		var series []struct {
			ShortName string
			Values    []struct {
				At         string
				AfterDeath bool
			}
		}
		if err := json.Unmarshal([]byte(r.run(t, "results", "--profile", ids[c.who], "--json").ok(t).stdout), &series); err != nil || len(series) != 1 || len(series[0].Values) != 2 {
			t.Fatalf("results --json %s: %v %+v", c.who, err, series)
		}
		for _, v := range series[0].Values {
			if want := c.after && strings.HasPrefix(v.At, "2026-12-02"); v.AfterDeath != want {
				t.Errorf("results --json %s, %s: afterDeath %v, want %v", c.who, v.At, v.AfterDeath, want)
			}
		}
	}
	// everyone's --json too
	var people []struct {
		Person string
		Series []struct {
			Values []struct{ AfterDeath bool }
		}
	}
	if err := json.Unmarshal([]byte(r.run(t, "results", "--json").ok(t).stdout), &people); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if n := len(p.Series); n != 1 {
			t.Fatalf("%s: %d series", p.Person, n)
		}
		if got, want := p.Series[0].Values[1].AfterDeath, strings.HasPrefix(p.Person, "Jorge"); got != want {
			t.Errorf("results --json, %s's 2 Dec INR: afterDeath %v, want %v", p.Person, got, want)
		}
	}
}
