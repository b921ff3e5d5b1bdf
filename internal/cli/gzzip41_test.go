package cli_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// A zip of FHIR files gzipped again (health-records.zip.gz, as some mail gateways send it) was
// refused with the zip's words, "unzip it and import the files in it", of a file that does not
// unzip: decompressing it comes first. One line naming the file, the vault unchanged.
func TestImportGzipOfAZipSaysBothSteps(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("mum.json")
	w.Write([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","name":[{"family":"Brandt"}]}}]}`))
	zw.Close()
	var gb bytes.Buffer
	gw := gzip.NewWriter(&gb)
	gw.Write(zb.Bytes())
	gw.Close()
	p := filepath.Join(t.TempDir(), "health-records.zip.gz")
	if err := os.WriteFile(p, gb.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "profile", "list").ok(t)
	before := testutil.SnapshotDir(t, dir)
	r.run(t, "import", p).fails(t, 1, p+": the gzip holds a zip of 1 file of health records, which CareKeeper imports one by one: decompress it, unzip what it gives and import the files in it")
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Errorf("the vault changed: %s", d)
	}
}
