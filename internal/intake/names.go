package intake

import "carekeeper/storage"

// Names names people for DescribeFor by their profile's name; two people of one name (a
// mother and daughter, or the same person twice) are told apart by their birth year:
// "Ann Smith (born 1950) and Ann Smith (born 1980)".
func Names(people []storage.Profile) func(profile string) string {
	byID := make(map[string]storage.Profile, len(people))
	count := map[string]int{}
	for _, p := range people {
		byID[p.ID] = p
		count[p.Name]++
	}
	return func(id string) string {
		p, ok := byID[id]
		if !ok {
			return ""
		}
		if count[p.Name] > 1 && p.Name != "" && len(p.BirthDate) >= 4 {
			return p.Name + " (born " + p.BirthDate[:4] + ")"
		}
		return p.Name
	}
}
