package app

import (
	"testing"

	"carekeeper/internal/health"
)

// The question about a file with another's record number (numberClash.words) says its cases in
// whole sentences: a file of one person or of several, another first name or another birth
// date, the file's person here or to come as a new one. One builder makes them since D3
// (session 38); they are the words the two near-copies made (this test passed on both).
func TestNumberClashWords_EveryCase(t *testing.T) {
	rose := health.Identity{Name: "Rose Lindqvist", BirthDate: "2019-05-03"}
	lily := health.Identity{Name: "Lily Lindqvist", BirthDate: "2019-05-03"}
	for _, c := range []struct {
		name             string
		clash            numberClash
		wantText, wantOn string
	}{
		{"one, new, name", numberClash{path: "/x/rose.xml", who: rose, holderName: "Lily Lindqvist"},
			"rose.xml is for Rose Lindqvist, born 3 May 2019. It has the same record number as Lily Lindqvist, who is here, but another first name: twins, or a mix-up at the clinic? Nothing from it was imported.\nImport it for Rose Lindqvist as a new person, or into Lily Lindqvist anyway?",
			"Import for Rose Lindqvist as a new person"},
		{"one, here, birth", numberClash{path: "/x/rose.xml", who: rose, holderName: "Lily Lindqvist", mine: "r", mineName: "Rose L.", birth: true},
			"rose.xml is for Rose Lindqvist, born 3 May 2019. It has the same record number as Lily Lindqvist, who is here, but another birth date: a parent and child of one name, or a mix-up at the clinic? Nothing from it was imported.\nImport it into Rose L., who is here too, or into Lily Lindqvist anyway?",
			"Import into Rose L."},
		{"several, new, name", numberClash{path: "/x/twins.json", who: rose, holderName: "Lily Lindqvist", people: []health.Identity{lily, rose}},
			"twins.json is for Lily Lindqvist (born 3 May 2019) and Rose Lindqvist (born 3 May 2019). Rose Lindqvist has the same record number as Lily Lindqvist, who is here, but another first name: twins, or a mix-up at the clinic? Nothing from it was imported.\nA file of several people is imported for each of them, and Rose Lindqvist's records cannot be kept apart here: it can only go all into one person, with everyone's records in it. A file from the clinic for each person keeps them apart. Import all of it into Rose Lindqvist as a new person, or into Lily Lindqvist, anyway?",
			"All of it into Rose Lindqvist as a new person"},
		{"several, here, birth", numberClash{path: "/x/twins.json", who: rose, holderName: "Lily Lindqvist", mine: "r", mineName: "Rose L.", birth: true, people: []health.Identity{lily, {Name: "Rose Lindqvist"}}},
			"twins.json is for Lily Lindqvist (born 3 May 2019) and Rose Lindqvist. Rose Lindqvist has the same record number as Lily Lindqvist, who is here, but another birth date: a parent and child of one name, or a mix-up at the clinic? Nothing from it was imported.\nA file of several people is imported for each of them, and Rose Lindqvist's records cannot be kept apart here: it can only go all into one person, with everyone's records in it. A file from the clinic for each person keeps them apart. Import all of it into Rose L., or into Lily Lindqvist, anyway?",
			"All of it into Rose L."},
	} {
		t.Run(c.name, func(t *testing.T) {
			text, own := c.clash.words()
			if text != c.wantText || own != c.wantOn {
				t.Errorf("words:\n%q, %q\nwant\n%q, %q", text, own, c.wantText, c.wantOn)
			}
		})
	}
}
