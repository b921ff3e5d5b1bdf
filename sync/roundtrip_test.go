package sync_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	cksync "carekeeper/sync"
)

// Two people whose files give a record the same id (each an Observation "x": a file's ids
// are its own names) are two records; the vault's export holds both, and importing it into a
// fresh vault — read whole, or line by line as NDJSON — gives both back: the same export again,
// and a re-import changes nothing. It kept only the later (a round trip lost a record).
func TestRoundTripTwoPeopleSameFileID(t *testing.T) {
	v, _ := newVault(t)
	for _, f := range []string{"kofi.json", "efua.json"} {
		if _, err := cksync.ImportFile(ctx, v, filepath.Join("testdata", "deletes", f), cksync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if n, err := cksync.Export(ctx, v, "", &out); err != nil || n != 4 {
		t.Fatalf("export: %d records, %v", n, err)
	}
	var bundle struct {
		Entry []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(out.Bytes(), &bundle); err != nil {
		t.Fatal(err)
	}
	var nd bytes.Buffer
	for _, e := range bundle.Entry {
		nd.Write(e.Resource)
		nd.WriteByte('\n')
	}
	dir := t.TempDir()
	files := map[string][]byte{"export.json": out.Bytes(), "export.ndjson": nd.Bytes()}
	for name, data := range files {
		for _, lineByLine := range []bool{false, true} {
			if lineByLine && name == "export.json" {
				continue
			}
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			func() {
				if lineByLine {
					defer cksync.SetStreamMinBytes(1)()
				}
				v2, _ := newVault(t)
				s, err := cksync.ImportFile(ctx, v2, path, cksync.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if s.Describe() != "4 added" || len(s.NewPeople) != 2 {
					t.Errorf("%s (line by line %v): %q for %d new people; want 4 added for 2", name, lineByLine, s.Describe(), len(s.NewPeople))
				}
				var again bytes.Buffer
				if _, err := cksync.Export(ctx, v2, "", &again); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out.Bytes(), again.Bytes()) {
					t.Errorf("%s (line by line %v): export -> import -> export differs:\n%s\n---\n%s", name, lineByLine, out.Bytes(), again.Bytes())
				}
				if s, err := cksync.ImportFile(ctx, v2, path, cksync.Options{}); err != nil || s.Describe() != "nothing new: 4 records already there" {
					t.Errorf("%s (line by line %v) again: %v %v", name, lineByLine, s, err)
				}
			}()
		}
	}
}
