package sync_test

import (
	"bytes"
	"testing"

	cksync "carekeeper/sync"
)

// A file's record kept in a person's own scope (another person holding its plain id) is a
// file's record like any other: its source is "local", and it is never taken for the same
// record "at another source" as the person's other file records (the duplicate finder
// grouped local/o9 and local#<person>/o1 as one record seen at two sources).
func TestDuplicatesPersonScopedFileRecordIsLocal(t *testing.T) {
	v, _ := newVault(t)
	importData(t, v, "ase.json", personBundle(t, "pa", "Åse", "1950-02-03", "", 5.5), cksync.Options{})
	zara := personBundle(t, "pz", "Zara", "1990-07-08", "", 7.1)
	z := importData(t, v, "zara.json", zara, cksync.Options{}).Profile
	again := bytes.ReplaceAll(bytes.ReplaceAll(zara, []byte(`o1"`), []byte(`o9"`)), []byte(`dr1"`), []byte(`dr9"`))
	if p := importData(t, v, "zara-again.json", again, cksync.Options{}).Profile; p != z {
		t.Fatalf("the second file of Zara went to %s, not %s", p, z)
	}
	obs := recordOf(t, v, z, "Observation")
	if len(obs) != 2 || obs[0].ID.Source == obs[1].ID.Source {
		t.Fatalf("Zara's glucose records: %v (want one person-scoped, one plain)", obs)
	}
	groups, err := cksync.Merged(ctx, v, z, "Observation")
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 {
		t.Fatalf("%d groups of Zara's two file records, want 2 (a file's records are one source)", len(groups))
	}
	for _, g := range groups {
		if s := g.Sources(); len(s) != 1 || s[0] != cksync.LocalSource {
			t.Errorf("sources %v, want [local]", s)
		}
	}
	if dups, err := cksync.Duplicates(ctx, v, z, ""); err != nil || len(dups) != 0 {
		t.Errorf("duplicates %v %v, want none", dups, err)
	}
}
