package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file holding two people of one name (a mother and her daughter) says which is which in
// its summary line: their birth years, never "Ann X (new) and Ann X (new)".
func TestImportTwoPeopleOfOneName(t *testing.T) {
	dir := newVault(t)
	f := filepath.Join(t.TempDir(), "two.json")
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"a","name":[{"given":["Ann"],"family":"X"}],"birthDate":"1950-01-01"}},
{"resource":{"resourceType":"Patient","id":"b","name":[{"given":["Ann"],"family":"X"}],"birthDate":"1980-06-01"}}]}`), 0o600)
	res := in(dir).run(t, "import", f).ok(t)
	if !strings.Contains(res.stdout, "for Ann X (born 1950) (new) and Ann X (born 1980) (new)") {
		t.Errorf("import: %s", res.stdout)
	}
}
