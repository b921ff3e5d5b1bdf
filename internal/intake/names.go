package intake

import (
	"time"

	"carekeeper/storage"
)

// Names names people for DescribeFor by their profile's name; two people of one name (a
// mother and daughter, or the same person twice) are told apart by their birth year:
// "Ann Smith (born 1950) and Ann Smith (born 1980)", or by their birth date when that year is
// the same: "Ann Smith (born 1 May 1975)".
func Names(people []storage.Profile) func(profile string) string {
	byID := make(map[string]storage.Profile, len(people))
	count, years := map[string]int{}, map[string]int{}
	for _, p := range people {
		byID[p.ID] = p
		count[p.Name]++
		if len(p.BirthDate) >= 4 {
			years[p.Name+"\x00"+p.BirthDate[:4]]++
		}
	}
	return func(id string) string {
		p, ok := byID[id]
		if !ok {
			return ""
		}
		if count[p.Name] > 1 && p.Name != "" && len(p.BirthDate) >= 4 {
			born := p.BirthDate[:4]
			if t, err := time.Parse("2006-01-02", p.BirthDate); err == nil && years[p.Name+"\x00"+born] > 1 {
				born = t.Format("2 Jan 2006")
			}
			return p.Name + " (born " + born + ")"
		}
		return p.Name
	}
}
