package intake

import (
	"carekeeper/internal/health"
	"carekeeper/storage"
)

// Names names people for DescribeFor by their profile's name; two people of one name are told
// apart by their birth year, or date (health.NamesApart: "Ann Smith (born 1950)").
func Names(people []storage.Profile) func(profile string) string {
	ps := make([]health.NamedPerson, len(people))
	for i, p := range people {
		ps[i] = health.NamedPerson{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate}
	}
	return health.NamesApart(ps)
}
