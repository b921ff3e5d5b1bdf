package cli_test

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F282: a zip of FHIR files (a portal's download) was refused as "neither an Apple Health
// export nor a package of C-CDA documents"; it now says what it holds and what to do, in one
// line that names none of its files, and the vault is unchanged.
func TestImportZipOfFHIRFilesSaysWhatToDo(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	mk := func(name string, files map[string]string) string {
		p := filepath.Join(t.TempDir(), name)
		f, _ := os.Create(p)
		zw := zip.NewWriter(f)
		for n, b := range files {
			w, _ := zw.Create(n)
			w.Write([]byte(b))
		}
		zw.Close()
		f.Close()
		return p
	}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","name":[{"family":"Brandt"}]}}]}`
	fz := mk("health-records.zip", map[string]string{"mum.json": bundle, "records/mix.json": bundle, "readme.txt": "hi"})
	r.run(t, "profile", "list").ok(t)
	before := testutil.SnapshotDir(t, dir)
	res := r.run(t, "import", fz).fails(t, 1, fz+": the zip holds 2 files of health records, which CareKeeper imports one by one: unzip it and import the files in it")
	if strings.Contains(res.stderr, "mum") || strings.Contains(res.stderr, "Brandt") {
		t.Errorf("the line names what is in the file: %q", res.stderr)
	}
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Errorf("the vault changed: %s", d)
	}
	// A zip of anything else is refused as before.
	r.run(t, "import", mk("scans.zip", map[string]string{"a.pdf": "%PDF-1.4", "b.json": `{"a":1}`})).
		fails(t, 1, "the zip is neither an Apple Health export nor a package of C-CDA documents")
}
