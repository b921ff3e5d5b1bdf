package sync_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// largeNDJSON is a bulk export of n resources: one Patient and n-1 Observations of them.
func largeNDJSON(n int, value string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"resourceType":"Patient","id":"bulk-p","name":[{"family":"Ngata","given":["Aroha"]}],"birthDate":"1962-08-30"}` + "\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, `{"resourceType":"Observation","id":"bulk-%d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/bulk-p"},"effectiveDateTime":"2020-01-%02dT08:00:00Z","valueQuantity":{"value":%s,"unit":"kg"}}`+"\n", i, i%28+1, value)
	}
	return b.Bytes()
}

// A bulk export of one file larger than a write part (F13: written a part at a time under one
// journal, no longer as one batch held whole): every resource imported, a re-import changes
// nothing, a changed export updates every record, and the same export with a bad last line is
// refused naming the file with the vault exactly as it was.
func TestImportLargeFileInParts(t *testing.T) {
	const n = 5000 // two and a half write parts of 2,000 records
	v, _ := newVault(t)
	path := filepath.Join(t.TempDir(), "bulk.ndjson")
	write := func(data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(largeNDJSON(n, "70.5"))
	s, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Added["Observation"] != n-1 || s.Added["Patient"] != 1 || len(s.Updated) != 0 {
		t.Fatalf("first import: %+v", s)
	}
	if got := len(allRecords(t, v, storage.Query{Profile: s.Profile, MetaOnly: true})); got != n {
		t.Errorf("%d records stored, want %d", got, n)
	}
	before := dumpVault(t, v)
	if s, err = cksync.ImportFile(ctx, v, path, cksync.Options{}); err != nil || s.Unchanged != n || len(s.Added)+len(s.Updated) != 0 {
		t.Fatalf("re-import: %+v, %v; want %d unchanged", s, err, n)
	}
	if dumpVault(t, v) != before {
		t.Fatal("a re-import changed the vault")
	}
	bad := append(largeNDJSON(n, "71.5"), "{\"resourceType\":\"Observation\",\n"...)
	write(bad)
	var fe *cksync.FileError
	if _, err := cksync.ImportFile(ctx, v, path, cksync.Options{}); !errors.As(err, &fe) || fe.File != path {
		t.Fatalf("bad last line: %v, want a FileError naming %s", err, path)
	}
	if dumpVault(t, v) != before {
		t.Fatal("a refused file changed the vault")
	}
	write(largeNDJSON(n, "71.5"))
	if s, err = cksync.ImportFile(ctx, v, path, cksync.Options{}); err != nil || s.Updated["Observation"] != n-1 {
		t.Fatalf("changed export: %+v, %v; want %d updated", s, err, n-1)
	}
}
