package intake

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F252: after a document recording Isabella's death (sdtc:deceasedInd, deceasedTime
// 1 Oct 2026), a document of the same day that does not mention a death — C-CDA's deceasedInd is
// optional: silent, not 'alive' — cleared it without a word, and her reminders came back. The
// death stays; a document saying she is living (deceasedInd false) still says so.
func TestDocumentSilentOnDeathKeepsIt(t *testing.T) {
	doc := testutil.ReadFile(t, testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 2/CCD.xml"))
	const birth = `<birthTime value="19501219"/>`
	if !bytes.Contains(doc, []byte(birth)) {
		t.Fatal("the fixture's birth time is not where it was")
	}
	with := func(s string) []byte { return bytes.Replace(doc, []byte(birth), []byte(birth+s), 1) }
	dead := with(`<sdtc:deceasedInd value="true"/><sdtc:deceasedTime value="20261001"/>`)
	deceased := func(t *testing.T, v *storage.Vault) string {
		var out []string
		err := v.Records(context.Background(), storage.Query{Type: "Patient"}, func(r *storage.Record) error {
			for _, k := range []string{`"deceasedDateTime":"2026-10-01"`, `"deceasedBoolean":false`, `"deceasedBoolean":true`} {
				if bytes.Contains(r.Resource, []byte(k)) {
					out = append(out, k)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(out, ",")
	}
	opt := Options{Options: cksync.Options{Now: clock}}
	for _, c := range []struct {
		name string
		then []byte
		want string
	}{
		{"silent", doc, `"deceasedDateTime":"2026-10-01"`},
		{"said living", with(`<sdtc:deceasedInd value="false"/>`), `"deceasedBoolean":false`},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := newVault(t)
			if _, err := importPath(t, v, write(t, "dead.xml", dead), opt); err != nil {
				t.Fatal(err)
			}
			if got := deceased(t, v); got != `"deceasedDateTime":"2026-10-01"` {
				t.Fatalf("after the death: %q", got)
			}
			if _, err := importPath(t, v, write(t, "then.xml", c.then), opt); err != nil {
				t.Fatal(err)
			}
			if got := deceased(t, v); got != c.want {
				t.Errorf("after the next document: %q, want %q", got, c.want)
			}
		})
	}
}
