package sync_test

import (
	"fmt"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// histPatient is version v of an HL7-style history Bundle's Patient (as a server's
// GET [base]/Patient/hp/_history returns it): its family name says which version it is.
func histEntry(typ, id string, v int, lastUpdated, family string) string {
	res := fmt.Sprintf(`{"resourceType":"Patient","id":%q,"meta":{"versionId":"%d","lastUpdated":%q},"name":[{"family":%q,"given":["Hiroko"]}],"birthDate":"1961-07-07","gender":"female"}`, id, v, lastUpdated, family)
	if typ == "Observation" {
		res = fmt.Sprintf(`{"resourceType":"Observation","id":%q,"meta":{"versionId":"%d","lastUpdated":%q},"status":%q,"code":{"text":"Weight"},"subject":{"reference":"Patient/hp"},"effectiveDateTime":"2025-01-01","valueQuantity":{"value":70,"unit":"kg"}}`, id, v, lastUpdated, family)
	}
	method := "PUT"
	if v == 1 {
		method = "POST"
	}
	return fmt.Sprintf(`{"fullUrl":"https://fhir.example.org/r4/%s/%s","resource":%s,"request":{"method":%q,"url":"%s/%s"},"response":{"status":"200","etag":"W/\"%d\""}}`, typ, id, res, method, typ, id, v)
}

func historyBundle(typ string, entries ...string) []byte {
	return []byte(`{"resourceType":"Bundle","type":` + typ + `,"total":` + fmt.Sprint(len(entries)) + `,"entry":[` + strings.Join(entries, ",") + `]}`)
}

// A FHIR history Bundle lists a record's versions newest first (FHIR R4 http.html#history):
// the newest is stored — by meta.lastUpdated, else meta.versionId, else the spec's order —
// whatever order the file gives, the person is named from it, one record counts once ("1
// added", not "1 added, 2 updated"), a re-import is "nothing new", and a record whose newest
// entry is a DELETE is not imported (F29). Before, every version was written in file order
// and the last (the oldest) was stored: "Oldest", "2 updated" on a re-import.
func TestImportHistoryBundleNewestWins(t *testing.T) {
	newest := histEntry("Patient", "hp", 3, "2026-11-01T00:00:00Z", "Newest")
	middle := histEntry("Patient", "hp", 2, "2025-11-01T00:00:00Z", "Middle")
	oldest := histEntry("Patient", "hp", 1, "2024-11-01T00:00:00Z", "Oldest")
	// Compared as instants: 2026-01-31T20:00-05:00 is 2026-02-01T01:00Z, after 00:30Z.
	obs2 := histEntry("Observation", "ho", 2, "2026-01-31T20:00:00-05:00", "amended")
	obs1 := histEntry("Observation", "ho", 1, "2026-02-01T00:30:00Z", "preliminary")
	del := `{"request":{"method":"DELETE","url":"Observation/gone/_history/2"},"response":{"status":"204"}}`
	gone := histEntry("Observation", "gone", 1, "2026-01-01T00:00:00Z", "final")
	noDates := func(e string) string {
		return strings.NewReplacer(`"meta":{"versionId":"3","lastUpdated":"2026-11-01T00:00:00Z"},`, "",
			`"meta":{"versionId":"2","lastUpdated":"2025-11-01T00:00:00Z"},`, "",
			`"meta":{"versionId":"1","lastUpdated":"2024-11-01T00:00:00Z"},`, "").Replace(e)
	}
	for _, c := range []struct {
		name       string
		file       []byte
		family     string
		obs        string // the Observation's status stored
		added      int
		noGone     bool
		reimported string
	}{
		{"history, newest first", historyBundle(`"history"`, newest, middle, obs1, obs2, del, gone, oldest), "Newest", "amended", 2, true, "nothing new: 2 records already there"},
		{"history, oldest first", historyBundle(`"history"`, oldest, middle, obs2, obs1, newest), "Newest", "amended", 2, false, "nothing new: 2 records already there"},
		{"history without dates or versions: the spec's order", historyBundle(`"history"`, noDates(newest), noDates(middle), noDates(oldest)), "Newest", "", 1, false, "nothing new: 1 record already there"},
		{"collection of versions", historyBundle(`"collection"`, oldest, newest, middle), "Newest", "", 1, false, "nothing new: 1 record already there"},
		{"searchset, the same version twice", historyBundle(`"searchset"`, middle, middle), "Middle", "", 1, false, "nothing new: 1 record already there"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _ := newVault(t)
			s := importData(t, v, "history.json", c.file, cksync.Options{})
			if got := s.Describe(); got != fmt.Sprintf("%d added", c.added) {
				t.Errorf("import says %q, want %d added", got, c.added)
			}
			pats := allRecords(t, v, storage.Query{Type: "Patient"})
			if len(pats) != 1 || !strings.Contains(string(pats[0].Resource), `"family":"`+c.family+`"`) {
				t.Fatalf("stored Patient %s, want the version %q", pats[0].Resource, c.family)
			}
			if p, err := v.Profile(s.Profile); err != nil || p.Name != "Hiroko "+c.family {
				t.Errorf("the person is named %q (%v), want Hiroko %s", p.Name, err, c.family)
			}
			obs := allRecords(t, v, storage.Query{Type: "Observation"})
			for _, o := range obs {
				if strings.Contains(string(o.Resource), `"id":"gone"`) && c.noGone {
					t.Errorf("a record whose newest history entry is a DELETE was imported")
				}
				if strings.Contains(string(o.Resource), `"id":"ho"`) && !strings.Contains(string(o.Resource), `"status":"`+c.obs+`"`) {
					t.Errorf("stored Observation %s, want status %q (the latest lastUpdated as an instant)", o.Resource, c.obs)
				}
			}
			if again := importData(t, v, "history.json", c.file, cksync.Options{}); again.Describe() != c.reimported {
				t.Errorf("re-import says %q, want %q", again.Describe(), c.reimported)
			}
		})
	}
	// Two Patients of one id and one version that differ are still two people under one
	// record number: refused (F18), the versions rule does not choose between them.
	v, _ := newVault(t)
	_, err := cksync.Import(ctx, v, "two.json", historyBundle(`"collection"`, noDates(newest), noDates(oldest)), cksync.Options{})
	if err == nil || !strings.Contains(err.Error(), "a second Patient with the id of entry 1, with other contents") {
		t.Errorf("two Patients of one id, no versions: %v", err)
	}
}
