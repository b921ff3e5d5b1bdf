package intake

import (
	"fmt"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// Names names people for DescribeFor by their profile's name, as everywhere a person is named
// (health.NamesApart): two people of one name are told apart by their birth year, or date ("Ann
// Smith (born 1950)"), and two of one name and birth date by their place among the people (in
// the order the vault lists them, the order of the app's person choices): "Mary Smith (1)",
// "Mary Smith (2)" (F122: both read "Mary Smith (born 1 May 1980)").
func Names(people []storage.Profile) func(profile string) string {
	ps := make([]health.NamedPerson, len(people))
	for i, p := range people {
		ps[i] = health.NamedPerson{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate}
	}
	apart := health.NamesApart(ps)
	labels := make(map[string]string, len(people))
	seen := map[string]bool{}
	for _, p := range people {
		l := apart(p.ID)
		for n := 2; seen[l] && p.Name != ""; n++ {
			l = fmt.Sprintf("%s (%d)", p.Name, n)
		}
		seen[l] = true
		labels[p.ID] = l
	}
	return func(profile string) string { return labels[profile] }
}
