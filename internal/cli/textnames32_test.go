package cli_test

import (
	"strings"
	"testing"

	"carekeeper/internal/health"
)

// F412: 'results' listed results in words by the record's own name, "Glucose [Moles/volume] in
// Blood  No result: Specimen unsatisfactory …", "Genetic analysis master panel-- This is…",
// where the app's Results names them "Glucose" (health.ShortName): the two said different
// names for one result. Now the CLI names them as the app does, and LOINC's "--" comment is
// left out of a name as " --" was.
func TestResultsNamesTextResultsAsTheAppDoes(t *testing.T) {
	r := in(newVault(t))
	named := func(id, code, name, value string) string {
		return strings.Replace(observation(id, code, "2013-04-02", value), `"code":"`+code+`"}`, `"code":"`+code+`","display":"`+name+`"}`, 1)
	}
	const glucose, panel = "Glucose [Moles/volume] in Blood", "Genetic analysis master panel-- This is the parent OBR for the panel holding all of the associated observations"
	r.run(t, "import", bundleFile(t,
		named("a", "15074-8", glucose, `"valueString":"No result: Specimen unsatisfactory for evaluation"`),
		named("b", "55233-1", panel, `"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"10828004","display":"Positive"}]}`))).ok(t)
	out := r.run(t, "results").ok(t).stdout
	for _, tc := range []struct{ value, name string }{
		{"No result", "Glucose"},
		{"Positive", "Genetic analysis master panel"},
	} {
		var line string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, tc.value) {
				line = l
			}
		}
		if got := strings.TrimSpace(line[:strings.Index(line, tc.value)]); got != tc.name {
			t.Errorf("named %q, want %q\n%s", got, tc.name, out)
		}
	}
	if got := health.ShortName("http://loinc.org|55233-1", panel); got != "Genetic analysis master panel" {
		t.Errorf("the app's name %q", got)
	}
}
