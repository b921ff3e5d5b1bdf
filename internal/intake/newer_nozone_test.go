package intake

import (
	"bytes"
	"testing"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// Many vendor documents date themselves without a zone offset ("20240312093000"): the older of
// two such documents imported after the newer brought back its older statuses (19 records
// "updated", a stopped medicine active again), because the document's date, kept only as a day,
// was not compared. It is left as the newer document has them, with or without offsets.
func TestOlderDocumentAfterNewerWithoutZone(t *testing.T) {
	base := testutil.ReadFile(t, "../ccda/testdata/vendor-r11.xml")
	for _, tc := range []struct{ name, older, newer string }{
		{"with offsets", "20240312093000-0500", "20250301080000-0500"},
		{"without offsets", "20240312093000", "20250301080000"},
		{"days only", "20240312", "20250301"},
		{"older with an offset, newer a day", "20240312093000-0500", "20250301"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			older := bytes.Replace(base, []byte(`<effectiveTime value="20240312093000-0500"/>`), []byte(`<effectiveTime value="`+tc.older+`"/>`), 1)
			newer := bytes.Replace(older, []byte(`extension="DOC-42"`), []byte(`extension="DOC-43"`), 1)
			newer = bytes.Replace(newer, []byte(`<effectiveTime value="`+tc.older+`"/>`), []byte(`<effectiveTime value="`+tc.newer+`"/>`), 1)
			newer = bytes.Replace(newer, []byte(`<effectiveTime><low value="2015"/></effectiveTime>`),
				[]byte(`<effectiveTime><low value="2015"/><high value="20250101"/></effectiveTime>`), 1)
			opt := Options{Options: cksync.Options{Now: clock}}
			v := newVault(t)
			if _, err := importPath(t, v, write(t, "newer.xml", newer), opt); err != nil {
				t.Fatal(err)
			}
			s, err := importPath(t, v, write(t, "older.xml", older), opt)
			if err != nil {
				t.Fatal(err)
			}
			if s.KeptNewer == 0 || len(s.Updated) != 0 {
				t.Errorf("the older document after the newer: %d left, updated %v; want its records left as the newer has them", s.KeptNewer, s.Updated)
			}
		})
	}
}
