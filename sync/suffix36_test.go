package sync_test

import (
	"fmt"
	"testing"

	cksync "carekeeper/sync"
)

// F471 item 5: a health card for "Kenji Nakamura Jr." (the suffix in the family name) made a
// new person beside Kenji Nakamura of the same birth date without the "may be" line a card
// for "Kenji Sr. Nakamura" had. Kept apart (CareKeeper does not join two people by itself), and
// said: a name that differs only by a generational suffix may be the same person.
func TestSuffixNameMaySameAsThePersonHere(t *testing.T) {
	patient := func(id, family string, given ...string) []byte {
		g, _ := jsonList(given)
		return []byte(fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":%q,"name":[{"family":%q,"given":%s}],"birthDate":"1974-06-30"}}]}`, id, family, g))
	}
	for _, tc := range []struct {
		name   string
		family string
		given  []string
		maybe  bool
	}{
		{"Jr. in the family name", "Nakamura Jr.", []string{"Kenji"}, true},
		{"Sr. among the given names", "Nakamura", []string{"Kenji", "Sr."}, true},
		{"another first name", "Nakamura Jr.", []string{"Hiro"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newVault(t)
			here := importData(t, v, "jr.json", patient("jr", "Nakamura", "Kenji"), cksync.Options{}).Profile
			s := importData(t, v, "card.json", patient("card", tc.family, tc.given...), cksync.Options{})
			if len(s.NewPeople) != 1 {
				t.Fatalf("new people %v, want the card's person kept apart", s.NewPeople)
			}
			got := len(s.MaybeSame) == 1 && s.MaybeSame[0].Here == here
			if got != tc.maybe {
				t.Errorf("MaybeSame %+v, want maybe=%v", s.MaybeSame, tc.maybe)
			}
		})
	}
}

func jsonList(s []string) (string, error) {
	out := "["
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", x)
	}
	return out + "]", nil
}
