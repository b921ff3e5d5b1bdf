package sync_test

import (
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// flatten is a Bundle's resources one a line, as `jq -c '.entry[].resource'` makes them: the
// "urn:uuid:…" references stay, the fullUrls they name are gone.
func flatten(tb testing.TB, bundles ...[]byte) []byte {
	tb.Helper()
	var out []byte
	for _, data := range bundles {
		var b struct {
			Entry []struct {
				Resource json.RawMessage `json:"resource"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(data, &b); err != nil {
			tb.Fatal(err)
		}
		for _, e := range b.Entry {
			line, err := json.Marshal(e.Resource) // compact
			if err != nil {
				tb.Fatal(err)
			}
			out = append(append(out, line...), '\n')
		}
	}
	return out
}

// F332: records whose person is named by a urn: that no fullUrl in the file gives (a family's
// Synthea Bundles flattened to NDJSON, a lone medicine of "urn:uuid:…") or only by a name went
// to the shared records: "136 added; for Clemente Kreiger (new) and Buster Hoeger (new)", and
// neither had a result, a medicine or a reminder. The file's Patient of that id is the one
// named; a record still naming no one (a urn: no one has, only a name) is kept shared, and said.
func TestRecordsNamingTheirPersonByURN(t *testing.T) {
	clemente := testutil.ReadFile(t, testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json"))
	buster := testutil.ReadFile(t, testutil.Fixture(t, "synthea/Buster_Hoeger_*.json"))

	t.Run("two people's Bundles flattened", func(t *testing.T) {
		v, _ := newVault(t)
		s := importData(t, v, "family.ndjson", flatten(t, clemente, buster), cksync.Options{})
		if len(s.People) != 2 || s.NoPerson != 0 {
			t.Fatalf("people %v, %d records of no one: %s", s.People, s.NoPerson, s.Describe())
		}
		if shared := allRecords(t, v, storage.Query{Profile: storage.SharedProfile}); len(shared) > 4 {
			t.Errorf("%d records shared (the organizations and practitioners are 4)", len(shared))
		}
		for _, p := range s.People {
			if n := len(allRecords(t, v, storage.Query{Profile: p, Type: "Observation"})); n < 30 {
				t.Errorf("%s has %d Observations", p, n)
			}
		}
	})

	med := func(subject string) []byte {
		return []byte(`{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","subject":` + subject +
			`,"medicationCodeableConcept":{"text":"Sertraline 50 mg tablet"}}`)
	}
	for _, tc := range []struct{ name, data, words string }{
		{"a medicine of a urn no one here has", string(med(`{"reference":"urn:uuid:0b7e-4a1c"}`)), "1 record names no one CareKeeper can find"},
		{"a medicine naming its person only by name", string(med(`{"display":"Claire Moreau"}`)), "1 record names no one CareKeeper can find"},
		{"a result naming only its performer by urn", `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Glucose"},"performer":[{"reference":"urn:uuid:lab-7"}]}`, "1 record names no one CareKeeper can find"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newVault(t)
			s := importData(t, v, "x.json", []byte(tc.data), cksync.Options{})
			if s.NoPerson != 1 || len(s.NewPeople) != 0 || !strings.Contains(s.Describe(), tc.words) {
				t.Errorf("%d of no one, new people %v: %s", s.NoPerson, s.NewPeople, s.Describe())
			}
		})
	}
}
