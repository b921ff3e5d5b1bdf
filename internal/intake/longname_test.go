package intake

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	cksync "carekeeper/sync"
)

// A name longer than a person's name is kept (a 3,000,000-character family name from a
// file, F27's intake half): the person is named by its first 200 characters, the import's line
// says so (text and --json), the record keeps the name whole, and a re-import finds the same
// person. Before, the 3 MB name was the person's name, shown whole wherever a name is.
func TestLongNameBoundedAndSaid(t *testing.T) {
	opt := Options{Options: cksync.Options{Now: clock}}
	huge := strings.Repeat("Ngata", 600000)
	data := []byte(`{"resourceType":"Patient","id":"p1","name":[{"family":"` + huge + `","given":["Aroha"]}],"birthDate":"1962-08-30"}`)
	v := newVault(t)
	path := write(t, "long.json", data)
	s, err := importPath(t, v, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := v.Profiles()
	if len(ps) != 1 {
		t.Fatalf("%d people", len(ps))
	}
	name := ps[0].Name
	if n := utf8.RuneCountInString(name); n != cksync.MaxPersonName || !strings.HasPrefix(name, "Aroha Ngata") || !strings.HasSuffix(name, "…") {
		t.Errorf("the person is named %d characters: %.40q…", n, name)
	}
	want := "the file's name for the person is 3000006 characters long: they are named by its first 200 (the record keeps it whole)"
	if d := s.Describe(); !strings.Contains(d, want) {
		t.Errorf("the import says %q, want %q", d, want)
	}
	if j, _ := json.Marshal(s); !strings.Contains(string(j), `"name_cut_from":3000006`) {
		t.Errorf("--json: %.300s", j)
	}
	recs := vaultRecords(t, v)
	if !strings.Contains(recs, huge) {
		t.Error("the record does not keep the name whole")
	}
	again, err := importPath(t, v, path, opt)
	if err != nil || len(again.NewPeople) != 0 || again.NameCutFrom != 0 || again.Summary.Describe() != "nothing new: 1 record already there" {
		t.Errorf("re-import: %+v, %v", again, err)
	}
}
