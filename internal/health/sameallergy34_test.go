package health

import (
	"strings"
	"testing"
)

// F433: June's penicillin allergy in her FHIR record (SNOMED "Penicillin") and in her GP's
// C-CDA (RxNorm "Penicillin G"), both anaphylaxis and high risk, was listed as two allergies.
// One substance class from two sources with the same reaction and risk is one entry naming
// both; different substances, risks or reactions stay apart, as does one source's two records.
func TestOneAllergyFromTwoSourcesIsListedOnce(t *testing.T) {
	rec := func(src, id, system, code, name, crit, reaction string) Resource {
		j := `{"resourceType":"AllergyIntolerance","id":"` + id + `","clinicalStatus":{"coding":[{"code":"active"}]},"criticality":"` + crit + `",` +
			`"code":{"coding":[{"system":"` + system + `","code":"` + code + `","display":"` + name + `"}],"text":"` + name + `"},"onsetDateTime":"1979"`
		if reaction != "" {
			j += `,"reaction":[{"manifestation":[{"text":"` + reaction + `"}]}]`
		}
		return Resource{Key: Key{src, "AllergyIntolerance", id}, Profile: "p", JSON: []byte(j + "}")}
	}
	const sct, rx = "http://snomed.info/sct", "http://www.nlm.nih.gov/research/umls/rxnorm"
	fhir := rec("https://gp.example/fhir", "jp-pen", sct, "764146007", "Penicillin", "high", "Anaphylaxis")
	for _, tc := range []struct {
		name  string
		other Resource
		want  []string
	}{
		{"penicillin and penicillin G, two sources", rec("file:june-gp.xml", "c1", rx, "7980", "Penicillin G", "high", "Anaphylaxis"),
			[]string{"Penicillin (also recorded as Penicillin G) — anaphylaxis; high risk"}},
		{"no reaction named in one", rec("file:june-gp.xml", "c1", rx, "7980", "Penicillin G", "high", ""),
			[]string{"Penicillin (also recorded as Penicillin G) — anaphylaxis; high risk"}},
		{"the same code", rec("file:june-gp.xml", "c1", sct, "764146007", "Penicillin", "high", "Anaphylaxis"),
			[]string{"Penicillin — anaphylaxis; high risk"}},
		{"another risk", rec("file:june-gp.xml", "c1", rx, "7980", "Penicillin G", "low", "Anaphylaxis"),
			[]string{"Penicillin — anaphylaxis; high risk", "Penicillin G — anaphylaxis; low risk"}},
		{"another reaction", rec("file:june-gp.xml", "c1", rx, "7980", "Penicillin G", "high", "Rash"),
			[]string{"Penicillin — anaphylaxis; high risk", "Penicillin G — rash; high risk"}},
		{"another substance", rec("file:june-gp.xml", "c1", rx, "723", "Amoxicillin", "high", "Anaphylaxis"),
			[]string{"Amoxicillin — anaphylaxis; high risk", "Penicillin — anaphylaxis; high risk"}},
		{"the same source", rec("https://gp.example/fhir", "c1", rx, "7980", "Penicillin G", "high", "Anaphylaxis"),
			[]string{"Penicillin — anaphylaxis; high risk", "Penicillin G — anaphylaxis; high risk"}},
	} {
		var got []string
		for _, a := range AllergiesIn(NewSet([]Resource{fhir, tc.other}, nil), nil) {
			got = append(got, a.Line())
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// Two members of a class are two substances.
	g := rec("https://gp.example/fhir", "g", rx, "7980", "Penicillin G", "high", "Anaphylaxis")
	v := rec("file:other.xml", "v", rx, "7984", "Penicillin V", "high", "Anaphylaxis")
	if as := AllergiesIn(NewSet([]Resource{g, v}, nil), nil); len(as) != 2 {
		t.Errorf("penicillin G and V: %+v, want two", as)
	}
}
