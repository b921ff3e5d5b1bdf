package intake

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
	cksync "carekeeper/sync"
)

// F284: the spec's lab card names no one it holds (its report's subject "Patient/pat2", no
// Patient in the card); imported from Eve's page its 39 results became hers without a word.
// The person chosen takes them, and the import line says the file does not say whose they are.
func TestCardNamingNoOneIntoThePersonChosenSaid(t *testing.T) {
	jws := shctest.Sign(t, shctest.ExampleKey(t), shctest.Bundle(t, "dr-bundle.json"),
		shctest.Claims{Nbf: now.Add(-time.Hour), Types: []string{shc.HealthCardType}})
	const said = "the file does not say whose its records are (they name a person it does not hold): they went to the person chosen"
	for _, chosen := range []bool{true, false} {
		v := newVault(t)
		opt := Options{Options: cksync.Options{Now: clock}}
		if chosen {
			p, err := v.AddProfile("Eve Betterhalf", "1960-05-01")
			if err != nil {
				t.Fatal(err)
			}
			opt.Profile = p.ID
		}
		s, err := importPath(t, v, write(t, "lab.smart-health-card", shctest.File(jws)), opt)
		if err != nil {
			t.Fatal(err)
		}
		if d := s.Describe(); strings.Contains(d, said) != chosen {
			t.Errorf("chosen %v: Describe() = %q", chosen, d)
		}
	}
}
