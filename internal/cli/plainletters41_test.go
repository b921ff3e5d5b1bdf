package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F550: a pharmacy's "LUKASZ WOJCIK" (Polish written without its letters), of Łukasz Wójcik's
// birth date and sex, was asked about as "one person by another name, or two (twins)?": the
// accent of ó came off, but Ł, a letter of its own, was not read as L. Now the pharmacy's
// capitals are his at once, as its "ŁUKASZ WÓJCIK" was; other letters with no accent to take
// off (ø, ß, æ) likewise.
func TestNameWithoutItsLettersIsThePerson(t *testing.T) {
	dir := t.TempDir()
	write := func(file, id, family, given, birth string) string {
		p := filepath.Join(dir, file)
		data := `{"resourceType":"Patient","id":"` + id + `","name":[{"family":"` + family + `","given":["` + given + `"]}],"gender":"male","birthDate":"` + birth + `"}`
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct{ family, given, plainFamily, plainGiven string }{
		{"Wójcik", "Łukasz", "WOJCIK", "LUKASZ"},
		{"Søndergaard", "Jørgen", "Sondergaard", "Jorgen"},
		{"Strauß", "Ægir", "STRAUSS", "AEGIR"},
	} {
		t.Run(c.given, func(t *testing.T) {
			r := in(newVault(t))
			r.run(t, "import", write("gp.json", "g1", c.family, c.given, "2011-08-22")).ok(t)
			line := r.run(t, "import", write("apteka.json", "a1", c.plainFamily, c.plainGiven, "2011-08-22")).ok(t).stdout
			if strings.Contains(line, "other given names") || strings.Contains(line, "may be") {
				t.Errorf("import of %s %s beside %s %s: %q", c.plainGiven, c.plainFamily, c.given, c.family, line)
			}
			if ids := peopleIDs(t, r); len(ids) != 1 {
				t.Errorf("%d people, want one", len(ids))
			}
		})
	}
}
