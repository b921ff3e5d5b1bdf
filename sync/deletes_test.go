package sync_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A file's DELETE of a record already in the vault marks it deleted (kept, never dropped),
// unless the file gives a newer version of it; a file's own id names only its person's record.
func TestFileDeleteMarksStoredRecord(t *testing.T) {
	imp := func(v *storage.Vault, name, want string) {
		t.Helper()
		s, err := cksync.ImportFile(ctx, v, filepath.Join("testdata", "deletes", name), cksync.Options{})
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		if got := s.Describe(); got != want {
			t.Errorf("import %s: %q, want %q", name, got, want)
		}
	}
	deleted := func(v *storage.Vault, id storage.ID) bool {
		t.Helper()
		rec, err := v.Get(id)
		if err != nil {
			t.Fatalf("%v: %v", id, err)
		}
		return !rec.Meta.Deleted.IsZero()
	}

	t.Run("history", func(t *testing.T) {
		v, _ := newVault(t)
		imp(v, "first.json", "4 added")
		// Newest first: o1 deleted; o3 deleted then given again (v3 wins); o2 deleted by a
		// DELETE without a fullUrl; o9 was never here.
		imp(v, "history.json", "1 updated, 2 marked deleted")
		const server = "https://fhir.example.org/r4"
		for id, want := range map[string]bool{"o1": true, "o2": true, "o3": false} {
			if got := deleted(v, storage.ID{Source: server, Type: "Observation", ID: id}); got != want {
				t.Errorf("Observation %s marked deleted: %v, want %v", id, got, want)
			}
		}
		if rec, _ := v.Get(storage.ID{Source: server, Type: "Observation", ID: "o3"}); rec == nil || !containsBytes(rec.Resource, `"versionId":"3"`) {
			t.Errorf("o3 is not its newest version")
		}
		imp(v, "history.json", "nothing new: 1 record already there")
		if n := len(allRecords(t, v, storage.Query{})); n != 4 {
			t.Errorf("%d records, want the 4 kept", n)
		}
	})

	t.Run("own id", func(t *testing.T) {
		v, _ := newVault(t)
		imp(v, "kofi.json", "2 added")
		imp(v, "efua.json", "2 added")
		// F75: a file naming no person deletes no one's record, and says so (it said "nothing new").
		imp(v, "nobody-delete.json", "1 deletion not applied: the file does not name the person whose record it is (import it into that person)")
		imp(v, "efua-delete.json", "1 marked deleted, 1 unchanged")
		var kofi, efua int
		for _, r := range allRecords(t, v, storage.Query{Type: "Observation"}) {
			switch {
			case containsBytes(r.Resource, "Kofi") && r.Meta.Deleted.IsZero():
				kofi++
			case containsBytes(r.Resource, "Efua") && !r.Meta.Deleted.IsZero():
				efua++
			default:
				t.Errorf("%v (%s) marked deleted: %v", r.ID, r.Resource, r.Meta.Deleted)
			}
		}
		if kofi != 1 || efua != 1 {
			t.Errorf("Kofi's note kept %d, Efua's marked deleted %d; want 1 and 1", kofi, efua)
		}
	})
}

func containsBytes(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }
