package sync_test

import (
	"errors"
	"fmt"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A file whose Patient has, from the same server, the id of Maria's Patient but is another
// woman (another name and birth date) is refused and changes nothing: it said "1 added, 1
// updated; for Maria Elena Lopez", put Ana's daily methotrexate on Maria's Today and replaced
// Maria's Patient record with Ana's (F382), and with --profile into a person made for Ana it
// moved Maria's Patient record to her. The same Patient with a new name, or a corrected birth
// date, is still Maria's update.
func TestSameServerIDOfAnotherPersonRefused(t *testing.T) {
	file := func(given, family, birth, medID, med string) []byte {
		return []byte(fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"http://example.org/fhir/Patient/maria","resource":{"resourceType":"Patient","id":"maria","name":[{"family":%q,"given":[%q]}],"birthDate":%q}},
{"fullUrl":"http://example.org/fhir/MedicationRequest/%s","resource":{"resourceType":"MedicationRequest","id":%q,"status":"active","intent":"order","subject":{"reference":"Patient/maria"},"authoredOn":"2026-11-01","medicationCodeableConcept":{"text":%q}}}]}`,
			family, given, birth, medID, medID, med))
	}
	maria := file("Maria Elena", "Lopez", "1948-05-03", "mm1", "Metformin 500 MG Oral Tablet")
	ana := file("Ana", "Torres", "1970-08-08", "mx1", "Methotrexate 2.5 MG Oral Tablet")
	patientOf := func(v *storage.Vault) string {
		r, err := v.Get(storage.ID{Source: "http://example.org/fhir", Type: "Patient", ID: "maria"})
		if err != nil {
			t.Fatal(err)
		}
		return string(r.Resource)
	}
	for _, c := range []struct {
		name  string
		anaAs func(v *storage.Vault) cksync.Options
	}{
		{"no person chosen", func(*storage.Vault) cksync.Options { return cksync.Options{} }},
		{"into a person made for her", func(v *storage.Vault) cksync.Options {
			p, err := v.AddProfile("Ana Torres", "1970-08-08")
			if err != nil {
				t.Fatal(err)
			}
			return cksync.Options{Profile: p.ID}
		}},
	} {
		v, _ := newVault(t)
		importData(t, v, "lopez.json", maria, cksync.Options{})
		before := patientOf(v)
		opt := c.anaAs(v)
		_, err := cksync.Import(ctx, v, "ana.json", ana, opt)
		if !errors.Is(err, cksync.ErrSameIDAnotherPerson) {
			t.Errorf("%s: Ana's file with Maria's id: %v, want ErrSameIDAnotherPerson", c.name, err)
		}
		if got := patientOf(v); got != before {
			t.Errorf("%s: Maria's Patient record now reads %s", c.name, got)
		}
		if n := len(allRecords(t, v, storage.Query{Type: "MedicationRequest"})); n != 1 {
			t.Errorf("%s: %d medicines in the vault, want Maria's one", c.name, n)
		}
	}
	// Maria herself, renamed, is her update; with another birth date she is not refused
	// either: the birth date here is kept, and said (F397).
	v, _ := newVault(t)
	importData(t, v, "lopez.json", maria, cksync.Options{})
	if s := importData(t, v, "lopez2.json", file("Maria Elena", "Garcia", "1948-05-03", "mm1", "Metformin 500 MG Oral Tablet"), cksync.Options{}); len(s.Updated) == 0 {
		t.Errorf("Maria's update: %s", s.Describe())
	}
	v, _ = newVault(t)
	importData(t, v, "lopez.json", maria, cksync.Options{})
	if s := importData(t, v, "lopez2.json", file("Maria Elena", "Lopez", "1948-03-05", "mm1", "Metformin 500 MG Oral Tablet"), cksync.Options{}); len(s.BirthDatesKept) != 1 {
		t.Errorf("Maria with another birth date: %s", s.Describe())
	}
}
