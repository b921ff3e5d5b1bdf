package intake

import (
	"bytes"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// The "a newer document is already here" check compares a C-CDA document imported without a
// chosen person against the records of the person it goes to: another person's older
// document of the same ids (a vendor reusing its entry ids) gets all its records, none "left as
// a newer document has them" because someone else holds those ids in a newer version. Before,
// with no person chosen, it compared against whoever held the plain ids, and the second
// person missed the records the first held.
func TestNewerDocumentCheckedForTheFilesPerson(t *testing.T) {
	alex := testutil.ReadFile(t, "../ccda/testdata/vendor-r11.xml")
	newer := bytes.Replace(alex, []byte(`extension="DOC-42"`), []byte(`extension="DOC-43"`), 1)
	newer = bytes.Replace(newer, []byte(`<effectiveTime value="20240312093000-0500"/>`), []byte(`<effectiveTime value="20250301080000-0500"/>`), 1)
	newer = bytes.Replace(newer, []byte(`<effectiveTime><low value="2015"/></effectiveTime>`),
		[]byte(`<effectiveTime><low value="2015"/><high value="20250101"/></effectiveTime>`), 1)
	// Another person's older document, with the same entry ids.
	sam := bytes.Replace(alex, []byte(`extension="MRN-1001"`), []byte(`extension="MRN-2002"`), 1)
	sam = bytes.Replace(sam, []byte(`<given>Alex</given><given>Q</given><family>Testperson</family>`), []byte(`<given>Sam</given><family>Otherperson</family>`), 1)
	sam = bytes.Replace(sam, []byte(`<birthTime value="19700101"/>`), []byte(`<birthTime value="19550505"/>`), 1)
	sam = bytes.Replace(sam, []byte(`extension="DOC-42"`), []byte(`extension="DOC-7"`), 1)
	opt := Options{Options: cksync.Options{Now: clock}}

	// Alone, Sam's document makes these records for Sam.
	alone := newVault(t)
	want, err := importPath(t, alone, write(t, "sam.xml", sam), opt)
	if err != nil {
		t.Fatal(err)
	}
	v := newVault(t)
	if _, err := importPath(t, v, write(t, "newer.xml", newer), opt); err != nil {
		t.Fatal(err)
	}
	s, err := importPath(t, v, write(t, "sam.xml", sam), opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.KeptNewer != 0 || len(s.NewPeople) != 1 {
		t.Errorf("another person's older document: %d left as a newer document has them, new people %v; want none left, one new person", s.KeptNewer, s.NewPeople)
	}
	count := func(v *storage.Vault, profile string) int {
		n := 0
		if err := v.Records(ctx, storage.Query{Profile: profile}, func(*storage.Record) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got, w := count(v, s.Profile), count(alone, want.Profile); got != w {
		t.Errorf("Sam has %d records after Alex's newer document, %d alone", got, w)
	}
	// The check still works for the person the document goes to (no person chosen).
	older, err := importPath(t, v, write(t, "older.xml", alex), opt)
	if err != nil {
		t.Fatal(err)
	}
	if older.KeptNewer == 0 || len(older.NewPeople) != 0 {
		t.Errorf("Alex's older document after the newer: %d left, new people %v", older.KeptNewer, older.NewPeople)
	}
}
