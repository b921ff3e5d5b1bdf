package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F311: a file of many people (a clinic's or a family's bulk export) is said with a few
// names and a count, not one line naming all of them; a file of a few still names each.
func TestImportLineSummarisesManyPeople(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	var b strings.Builder
	for i := range 500 {
		fmt.Fprintf(&b, `{"resourceType":"Patient","id":"p%d","name":[{"family":"Fam%d","given":["Given"]}],"birthDate":"1980-01-01"}`+"\n", i, i)
	}
	f := filepath.Join(t.TempDir(), "many.ndjson")
	os.WriteFile(f, []byte(b.String()), 0o600)
	out := r.run(t, "import", f).ok(t).stdout
	if want := "; for 500 people (all new): Given Fam0, Given Fam1, Given Fam2 and 497 others\n"; !strings.HasSuffix(out, want) || len(out) > 300 {
		t.Errorf("import: %q, want it to end %q", out, want)
	}
	out = r.run(t, "import", f).ok(t).stdout
	if want := "; for 500 people: Given Fam0, Given Fam1, Given Fam2 and 497 others\n"; !strings.HasSuffix(out, want) {
		t.Errorf("again: %q, want it to end %q", out, want)
	}
}
