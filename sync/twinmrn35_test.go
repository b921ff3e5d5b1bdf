package sync_test

import (
	"errors"
	"fmt"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F459: a file for "Rose Lindqvist" carrying her twin Lily's record number (same birth date,
// a mix-up at the clinic) went into Lily without a word: "for Lily Lindqvist", and Lily's
// charts held Rose's weight beside her own. A shared record number no longer joins a person
// none of whose given names the file's Patient has: the file is refused, nothing is written.
// A family name changed at marriage, a middle name more, or an initial still join.
func TestRecordNumberOfATwinWithAnotherNameRefused(t *testing.T) {
	file := func(pid, given, family, birth, gender, mrn, obsID string) []byte {
		return []byte(fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":%q,"identifier":[{"system":"urn:oid:2.16.840.1.113883.3.7777","value":%q}],"name":[{"family":%q,"given":[%q]}],"gender":%q,"birthDate":%q}},
{"resource":{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-12-04T10:00:00Z","valueQuantity":{"value":23.7,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}]}`,
			pid, mrn, family, given, gender, birth, obsID, pid))
	}
	cases := []struct {
		name, given, family, birth string
		refused                    bool
	}{
		{"her twin Rose", "Rose", "Lindqvist", "2019-05-03", true},
		{"another first name, another family name", "Rose", "Berg", "2019-05-03", true},
		{"Lily, family name changed", "Lily", "Berg", "2019-05-03", false},
		{"Lily with a middle name", "Lily Anna", "Lindqvist", "2019-05-03", false},
		{"Lily's initial", "L.", "Lindqvist", "2019-05-03", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, _ := newVault(t)
			importData(t, v, "lily.json", file("lily", "Lily", "Lindqvist", "2019-05-03", "female", "LPFM-200872", "w-lily"), cksync.Options{})
			s, err := cksync.Import(ctx, v, "other.json", file("other", c.given, c.family, c.birth, "female", "LPFM-200872", "w-other"), cksync.Options{})
			if c.refused {
				if !errors.Is(err, cksync.ErrRecordNumberAnotherName) {
					t.Fatalf("imported: %v %v, want ErrRecordNumberAnotherName", s, err)
				}
				if n := len(allRecords(t, v, storage.Query{Type: "Observation"})); n != 1 {
					t.Errorf("%d weights in the vault, want Lily's one", n)
				}
				ps, _ := v.Profiles()
				if len(ps) != 1 {
					t.Errorf("%d people, want Lily alone", len(ps))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ps, _ := v.Profiles(); len(ps) != 1 {
				t.Errorf("%s: %d people, want Lily's update (%s)", c.name, len(ps), s.Describe())
			}
		})
	}
}
