package app

import (
	"testing"

	"carekeeper/internal/health"
	"carekeeper/internal/ssn"
)

// dom39 (F488): the app compared record numbers with == itself, so a placeholder social
// security number no one can have (999-99-9999, as test and export systems write) made two
// files' nameless people one, and one number written with and without dashes made them two.
// The import's question reads numbers as the domain does (health.SharesANumber).
func TestSamePerson_ReadsNumbersAsTheDomainDoes(t *testing.T) {
	id := func(v string) health.Identity { return health.Identity{Identifiers: []string{ssn.System + "|" + v}} }
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"999-99-9999", "999-99-9999", false},
		{"218-55-3307", "218553307", true},
		{"218-55-3307", "218-55-3308", false},
	} {
		if got := samePerson(id(tc.a), id(tc.b)); got != tc.want {
			t.Errorf("samePerson(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
