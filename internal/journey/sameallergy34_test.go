package journey

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// F433: the visit summary listed June's one penicillin allergy twice, "Penicillin — anaphylaxis;
// high risk" and "Penicillin G — anaphylaxis; high risk" (her FHIR record and her GP's C-CDA).
// It now lists it once, as Conditions does (health.SameAllergy).
func TestSummaryListsOneAllergyFromTwoSourcesOnce(t *testing.T) {
	v, pid := newPerson(t, "June F433")
	rec := func(src, id, system, code, name string) storage.Record {
		j := `{"resourceType":"AllergyIntolerance","id":"` + id + `","clinicalStatus":{"coding":[{"code":"active"}]},"criticality":"high",` +
			`"code":{"coding":[{"system":"` + system + `","code":"` + code + `","display":"` + name + `"}],"text":"` + name + `"},"onsetDateTime":"1979",` +
			`"reaction":[{"manifestation":[{"coding":[{"system":"http://snomed.info/sct","code":"39579001","display":"Anaphylaxis"}]}]}]}`
		r, err := storage.NewRecord(pid, storage.ID{Source: src, Type: "AllergyIntolerance", ID: id}, []byte(j))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{
		rec("https://gp.example/fhir", "jp-pen", "http://snomed.info/sct", "764146007", "Penicillin"),
		rec("file:june-gp.xml", "c1", "http://www.nlm.nih.gov/research/umls/rxnorm", "7980", "Penicillin G"),
	}}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	s, err := BuildSummary(context.Background(), v, pid, now.AddDate(-1, 0, 0), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Allergies) != 1 || s.Allergies[0].Name != "Penicillin (also recorded as Penicillin G)" || s.Allergies[0].Detail != "anaphylaxis; high risk" {
		t.Errorf("allergies %+v, want one: Penicillin (also recorded as Penicillin G) — anaphylaxis; high risk", s.Allergies)
	}
}
