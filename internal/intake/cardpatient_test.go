package intake

import (
	"testing"

	"carekeeper/internal/shc/shctest"
	cksync "carekeeper/sync"
)

// Issue 15: a health card for a person already here said "4 added" for its three vaccinations:
// its Patient, matched to the person, was counted as added. It is counted as unchanged; a card
// whose Patient makes a new person still adds it.
func TestCardPatientOfExistingPersonNotAdded(t *testing.T) {
	file := write(t, "card.smart-health-card", shctest.File(cardJWS(t, shctest.ExampleKey(t), shctest.Claims{})))
	opt := Options{Options: cksync.Options{Now: clock}}

	fresh := newVault(t)
	s, err := importPath(t, fresh, file, opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Added["Patient"] != 1 || len(s.NewPeople) != 1 || s.Unchanged != 0 {
		t.Errorf("a card for a new person: added %v, %d new people, %d unchanged", s.Added, len(s.NewPeople), s.Unchanged)
	}

	for _, chosen := range []bool{false, true} {
		v := newVault(t)
		pat := `{"resourceType":"Patient","id":"portal-1","name":[{"family":"Anyperson","given":["John","B."]}],"birthDate":"1951-01-20"}`
		if _, err := importPath(t, v, write(t, "portal.json", []byte(pat)), opt); err != nil {
			t.Fatal(err)
		}
		o := opt
		if chosen {
			ps, _ := v.Profiles()
			o.Profile = ps[0].ID
		}
		s, err := importPath(t, v, file, o)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := s.Added["Patient"]; ok || s.Added["Immunization"] != 3 || s.Unchanged != 1 || len(s.NewPeople) != 0 {
			t.Errorf("chosen %v: added %v, %d unchanged, %d new people; want 3 immunizations added, the Patient unchanged", chosen, s.Added, s.Unchanged, len(s.NewPeople))
		}
		if got, want := s.Describe(), "3 added, 1 unchanged; health card from "+shctest.Iss+": signature not checked (who issued it is only what the card says; to check it, trust its issuer — Settings → Card issuers you trust, or 'cards fetch' — and import it again)"; got != want {
			t.Errorf("chosen %v: %q, want %q", chosen, got, want)
		}
	}
}
