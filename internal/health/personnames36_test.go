package health

import (
	"fmt"
	"strings"
	"testing"
)

// The rules a person's name is read by (personnames.go), in one table: each row a rule, its
// two names (a list of given names written with spaces) and what it says.
func TestPersonNameRules(t *testing.T) {
	words := func(s string) string { return strings.Join(NameWords(s), "|") }
	split := func(s string) string { g, f := SplitName(s); return strings.Join(g, "|") + " / " + f }
	identity := func(a, b string) string {
		m := CompareIdentity(Identity{Name: a}, Identity{Name: b})
		return fmt.Sprint(m.Name)
	}
	rules := map[string]func(a, b string) string{
		"NameWords":        func(a, _ string) string { return words(a) },
		"identityWords":    func(a, _ string) string { return strings.Join(identityWords(a), "|") },
		"SplitName":        func(a, _ string) string { return split(a) },
		"SameNameWords":    func(a, b string) string { return fmt.Sprint(SameNameWords(a, b)) },
		"GivenPart":        func(a, b string) string { return fmt.Sprint(GivenPart(strings.Fields(a), strings.Fields(b))) },
		"NamesOfOnePerson": func(a, b string) string { return fmt.Sprint(NamesOfOnePerson(a, b)) },
		"GivenNamesAgree":  func(a, b string) string { return fmt.Sprint(GivenNamesAgree(strings.Fields(a), strings.Fields(b))) },
		"givenNamesDiffer": func(a, b string) string { return fmt.Sprint(givenNamesDiffer(a, b)) },
		"names differ":     identity, // CompareIdentity's Mismatch.Name
	}
	for _, c := range []struct{ rule, a, b, want string }{
		{"NameWords", "José  O'Brien-Smith", "", "jose|obrien|smith"},
		{"NameWords", "Ned123 Hintz456", "", "ned123|hintz456"},
		{"NameWords", "Sam J. Rivera", "", "sam|j|rivera"},
		{"NameWords", " .,", "", ""},
		{"identityWords", "José  O'Brien-Smith", "", "jose|o|brien|smith"},
		{"identityWords", "Ned123 Hintz456", "", "ned|hintz"},
		{"SplitName", "Sam J. Rivera", "", "sam|j / rivera"},
		{"SplitName", "Cher", "", " / cher"},
		{"SplitName", "", "", " / "},
		{"SameNameWords", "Lily  Moreno", "lily moreno", "true"},
		{"SameNameWords", "Zoë Ávila", "Zoe Avila", "true"},
		{"SameNameWords", "", "", "false"},
		{"SameNameWords", "Lily Moreno", "Moreno Lily", "false"},
		{"GivenPart", "lily", "lily rose", "true"},
		{"GivenPart", "lily rose anne", "lily anne", "true"},
		{"GivenPart", "lily", "lily", "false"},
		{"GivenPart", "rose", "lily rose", "false"},
		{"GivenPart", "", "lily", "false"},
		{"NamesOfOnePerson", "Lily Moreno", "Lily Rose Moreno", "true"},
		{"NamesOfOnePerson", "LILY  MORENO", "lily moreno", "true"},
		{"NamesOfOnePerson", "Rose Lindqvist", "Lily Lindqvist", "false"},
		{"NamesOfOnePerson", "Kenji Nakamura", "Kenji Nakamura", "true"},
		{"NamesOfOnePerson", "Lily Moreno", "Lily Baker", "false"},
		{"NamesOfOnePerson", "", "Lily Baker", "true"}, // a name missing says nothing against
		{"GivenNamesAgree", "rose", "lily", "false"},
		{"GivenNamesAgree", "j", "james", "true"},
		{"GivenNamesAgree", "samuel", "sam", "true"},
		{"GivenNamesAgree", "anne marie", "marie", "true"},
		{"givenNamesDiffer", "Rose Lindqvist", "Lily Lindqvist", "true"},
		{"givenNamesDiffer", "Lily Lindqvist", "Lily Baker", "false"}, // a family name changed at marriage
		{"givenNamesDiffer", "Lindqvist, Rose", "Lily Lindqvist", "false"},
		{"givenNamesDiffer", "Rose", "Lily Lindqvist", "false"},
		{"givenNamesDiffer", "Rose Lindqvist", UnnamedPerson, "false"},
		{"names differ", "Liz Conn", "Elizabeth Conn", "true"},
		{"names differ", "Mary Ann Smith", "Smith Mary", "false"}, // every word of the shorter in the longer
		{"names differ", "王小明", "小明 王", "false"},
		{"names differ", "Ned123 Hintz456", "Ned Hintz", "false"},
		{"names differ", "Theo Okafor", UnnamedPerson, "false"},
	} {
		if got := rules[c.rule](c.a, c.b); got != c.want {
			t.Errorf("%s(%q, %q) = %q, want %q", c.rule, c.a, c.b, got, c.want)
		}
	}
}
