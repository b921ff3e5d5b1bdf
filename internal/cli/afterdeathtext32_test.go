package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F365 (the rest): a result written only as text (valueString) or as a coded answer
// (valueCodeableConcept) dated after Jorge's death was listed like any other, "Urine culture
// No growth  3 Dec 2026  answer"; a reading is said "(dated after the death)" since d1178f2.
// Now the text result is said so too, and --json marks it ("afterDeath") in both forms; one
// before the death, and a living person's, say nothing of it.
func TestResultsSaysATextResultDatedAfterTheDeath(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	obs := func(id, who, code, name, when, value string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","subject":{"reference":"Patient/` + who + `"},
"code":{"coding":[{"system":"http://loinc.org","code":"` + code + `","display":"` + name + `"}],"text":"` + name + `"},
"effectiveDateTime":"` + when + `",` + value + `}}`
	}
	const culture = `"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"264868006","display":"No growth"}],"text":"No growth"}`
	const note = `"valueString":"Clear, pale yellow"`
	f := filepath.Join(t.TempDir(), "lopez.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"jorge","name":[{"given":["Jorge"],"family":"Lopez"}],"birthDate":"1940-03-02","deceasedDateTime":"2026-11-30T14:20:00+00:00"}},
{"resource":{"resourceType":"Patient","id":"maria","name":[{"given":["Maria"],"family":"Lopez"}],"birthDate":"1944-05-12"}},
`+obs("j1", "jorge", "630-4", "Urine culture", "2026-12-03T10:00:00Z", culture)+`,
`+obs("j2", "jorge", "5778-6", "Urine color", "2026-11-25T10:00:00Z", note)+`,
`+obs("m1", "maria", "630-4", "Urine culture", "2026-12-03T10:00:00Z", culture)+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	ids := profileIDs(t, r)
	for _, c := range []struct {
		who, prefix, want string
		after             bool
	}{
		{"Jorge", "Urine culture", "Urine culture No growth 3 Dec 2026 (dated after the death) answer", true},
		{"Jorge", "Urine color", "Urine color Clear, pale yellow 25 Nov 2026 written as text", false},
		{"Maria", "Urine culture", "Urine culture No growth 3 Dec 2026 answer", false},
	} {
		out := r.run(t, "results", "--profile", ids[c.who]).ok(t).stdout
		var row string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, c.prefix) {
				row = strings.Join(strings.Fields(l), " ")
			}
		}
		if row != c.want {
			t.Errorf("results --profile %s: want %q, got %q\n%s", c.who, c.want, row, out)
		}
		var series []struct {
			ShortName string
			Text      []struct{ AfterDeath bool }
		}
		if err := json.Unmarshal([]byte(r.run(t, "results", "--profile", ids[c.who], "--json").ok(t).stdout), &series); err != nil {
			t.Fatal(err)
		}
		for _, se := range series {
			if strings.HasPrefix(se.ShortName, c.prefix) && (len(se.Text) != 1 || se.Text[0].AfterDeath != c.after) {
				t.Errorf("results --profile %s --json, %s: %+v, want afterDeath %v", c.who, se.ShortName, se.Text, c.after)
			}
		}
	}
	var people []struct {
		Person string
		Text   []struct {
			Name       string
			AfterDeath bool
		}
	}
	if err := json.Unmarshal([]byte(r.run(t, "results", "--json").ok(t).stdout), &people); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		for _, tr := range p.Text {
			if want := strings.HasPrefix(p.Person, "Jorge") && tr.Name == "Urine culture"; tr.AfterDeath != want {
				t.Errorf("results --json, %s's %s: afterDeath %v, want %v", p.Person, tr.Name, tr.AfterDeath, want)
			}
		}
	}
}
