package health

import (
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F211: a vaccination from the SMART Health Cards spec's covid-vaccines-bundle (vaccineCode CVX
// 207 and 229, no display) said 'Vaccine: 229' in its record's details while its title named
// the vaccine. The details name it in words too.
func TestVaccineFieldInWords(t *testing.T) {
	path := filepath.Join(testutil.FixturesDir(t), "health-cards", "generate-examples", "src", "fixtures", "covid-vaccines-bundle.json")
	seen := 0
	for _, e := range testutil.Entries(t, testutil.ReadFile(t, path)) {
		if e.Type != "Immunization" {
			continue
		}
		seen++
		title := Describe(e.Type, e.Resource)
		for _, f := range RecordFields(e.Type, e.Resource, nil, Clock{}) {
			if f.Label != "Vaccine" {
				continue
			}
			if !strings.HasPrefix(f.Value, "COVID-19 vaccine") || !strings.Contains(title, f.Value) {
				t.Errorf("Vaccine: %q (title %q)", f.Value, title)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no vaccinations in the bundle")
	}
}
