package intake

import (
	"errors"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// F488: importing the HL7 C-CDA examples made ten people called "Unnamed person" — one for
// each document that names no patient — listed as "Unnamed person (1)" to "(10)", none of
// whom anyone could tell apart. A document that names no patient is asked whose it is: refused
// in one line without a person chosen (nothing made), imported into the person chosen.
func TestDocumentNamingNoPatientAsksWhose(t *testing.T) {
	for _, fixture := range []string{
		"ccda/hl7-examples/Guide Examples/US Realm Header (V3)_2.16.840.1.113883.10.20.22.1.1/US Realm Header (V3) Example.xml",
		"ccda/hl7-examples/Referrals - Planned and Completed/Referral Request and Close Referral with a Note/Intervention Planned Referral and Note Completeting Referral(C-CDAR2.1).xml",
	} {
		v := newVault(t)
		doc := testutil.ReadFile(t, testutil.Fixture(t, fixture))
		path := write(t, "doc.xml", doc)
		_, err := importPath(t, v, path, Options{Options: cksync.Options{Now: clock}})
		if !errors.Is(err, ErrNoPatientName) || !strings.Contains(err.Error(), "--profile ID") {
			t.Fatalf("%s: %v, want ErrNoPatientName", fixture, err)
		}
		if ps, _ := v.Profiles(); len(ps) != 0 {
			t.Fatalf("%s: %d people made", fixture, len(ps))
		}
		p, err := v.AddProfile("Ana Ruiz", "1980-02-03")
		if err != nil {
			t.Fatal(err)
		}
		s, err := importPath(t, v, path, Options{Options: cksync.Options{Now: clock, Profile: p.ID}})
		if err != nil || s.Profile != p.ID {
			t.Fatalf("%s into the person chosen: %v %+v", fixture, err, s)
		}
		// Imported again for whoever it is: its Patient is Ana's now.
		if s, err := importPath(t, v, path, Options{Options: cksync.Options{Now: clock}}); err != nil || s.Profile != p.ID {
			t.Fatalf("%s again: %v %+v", fixture, err, s)
		}
		if ps, _ := v.Profiles(); len(ps) != 1 {
			t.Errorf("%s: %d people", fixture, len(ps))
		}
	}
}
