package intake

import (
	"bytes"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// An older C-CDA document imported after a newer one does not bring back its older
// statuses: both orders leave the same vault, the problem resolved.
func TestOlderDocumentAfterNewer(t *testing.T) {
	older := testutil.ReadFile(t, "../ccda/testdata/vendor-r11.xml")
	newer := bytes.Replace(older, []byte(`extension="DOC-42"`), []byte(`extension="DOC-43"`), 1)
	newer = bytes.Replace(newer, []byte(`<effectiveTime value="20240312093000-0500"/>`), []byte(`<effectiveTime value="20250301080000-0500"/>`), 1)
	newer = bytes.Replace(newer, []byte(`<effectiveTime><low value="2015"/></effectiveTime>`),
		[]byte(`<effectiveTime><low value="2015"/><high value="20250101"/></effectiveTime>`), 1)
	if bytes.Equal(newer, older) {
		t.Fatal("the newer document is the same")
	}
	opt := Options{Options: cksync.Options{Now: clock}}
	vault := func(first, second []byte) (map[string]string, *Summary) {
		v := newVault(t)
		if _, err := importPath(t, v, write(t, "first.xml", first), opt); err != nil {
			t.Fatal(err)
		}
		s, err := importPath(t, v, write(t, "second.xml", second), opt)
		if err != nil {
			t.Fatal(err)
		}
		if ps, err := v.Profiles(); err != nil || len(ps) != 1 {
			t.Errorf("%d people after both documents (%v), want one", len(ps), err)
		}
		out := map[string]string{}
		err = v.Records(ctx, storage.Query{}, func(r *storage.Record) error {
			if r.Profile == storage.SharedProfile && r.ID.Type != "Practitioner" && r.ID.Type != "Organization" {
				t.Errorf("%s filed under the shared records", r.ID.Type)
			}
			out[r.ID.Type+"/"+r.ID.ID] = string(r.Resource)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out, s
	}
	a, _ := vault(older, newer)
	b, s := vault(newer, older)
	if len(a) != len(b) {
		t.Errorf("%d records one way, %d the other", len(a), len(b))
	}
	for k, r := range a {
		if b[k] != r {
			t.Errorf("%s differs by the order of import:\n%s\n%s", k, r, b[k])
		}
	}
	resolved := func(m map[string]string) int {
		n := 0
		for k, r := range m {
			if k[:10] == "Condition/" && bytes.Contains([]byte(r), []byte(`"code":"resolved"`)) {
				n++
			}
		}
		return n
	}
	same, _ := vault(older, older)
	if resolved(b) != resolved(same)+1 {
		t.Errorf("%d resolved problems after the older document, want the newer document's %d", resolved(b), resolved(same)+1)
	}
	if s.KeptNewer == 0 || s.Added["DocumentReference"] != 1 || !bytes.Contains([]byte(s.Describe()), []byte("left as a newer document has them")) {
		t.Errorf("older document's summary: %+v %q", s, s.Describe())
	}
}

// Re-importing an older document after a newer one changes nothing: the records only the
// older document has are compared as a plain import stored them (their "<", ">" and "&" not
// rewritten as \u003c …), so none is counted as updated.
func TestOlderDocumentReimportedUnchanged(t *testing.T) {
	older := testutil.ReadFile(t, "../ccda/testdata/vendor-r11.xml")
	older = bytes.Replace(older, []byte(`<title>Visit summary</title>`), []byte(`<title>Visit summary &amp; plan &lt;final&gt;</title>`), 1)
	newer := bytes.Replace(older, []byte(`extension="DOC-42"`), []byte(`extension="DOC-43"`), 1)
	newer = bytes.Replace(newer, []byte(`<effectiveTime value="20240312093000-0500"/>`), []byte(`<effectiveTime value="20250301080000-0500"/>`), 1)
	opt := Options{Options: cksync.Options{Now: clock}}
	v := newVault(t)
	for _, f := range []struct {
		name string
		data []byte
	}{{"older.xml", older}, {"newer.xml", newer}} {
		if _, err := importPath(t, v, write(t, f.name, f.data), opt); err != nil {
			t.Fatal(err)
		}
	}
	s, err := importPath(t, v, write(t, "older.xml", older), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Added) != 0 || len(s.Updated) != 0 || s.KeptNewer == 0 {
		t.Errorf("the older document imported again after the newer: %+v, want nothing added or updated", s.Summary)
	}
	err = v.Records(ctx, storage.Query{Type: "DocumentReference"}, func(r *storage.Record) error {
		if bytes.Contains(r.Resource, []byte(`\u00`)) {
			t.Errorf("%s stored with escaped characters: %s", r.ID.ID, r.Resource)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
