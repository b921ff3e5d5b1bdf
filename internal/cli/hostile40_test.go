package cli_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// Hostile and damaged files of new kinds (session 40's sweep): each is one line on stderr that
// names the file and says what is wrong, exit 1, and the vault as it was; a UTF-16 Bundle is
// read.
func TestImportHostileFilesOneLineVaultUnchanged(t *testing.T) {
	r := in(newVault(t))
	dir := t.TempDir()
	put := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const bundle = `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Wide","given":["Wanda"]}],"birthDate":"1950-01-02"}}]}`
	le := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(bundle)) {
		le = append(le, byte(u), byte(u>>8))
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(strings.Replace(bundle, "Wanda", "Gus", 1)))
	w.Close()
	var utf32 []byte
	utf32 = append(utf32, 0xff, 0xfe, 0, 0)
	for _, c := range bundle {
		utf32 = append(utf32, byte(c), byte(c>>8), 0, 0)
	}
	deep := `<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><component><structuredBody><component><section><entry><observation classCode="OBS" moodCode="EVN">` +
		strings.Repeat(`<value xsi:type="CD">`, 300) + strings.Repeat(`</value>`, 300) + `</observation></entry></section></component></structuredBody></component></ClinicalDocument>`
	dead := `{"resourceType":"Patient","id":"d1","name":[{"family":"Dec","given":["Dora"]}],"birthDate":"1940-01-01","deceasedDateTime":"1900-01-01"}`

	r.run(t, "import", put("wide.json", le)).ok(t) // read: Wanda Wide
	before := r.run(t, "profile", "list", "--json").ok(t).stdout
	if !strings.Contains(before, "Wanda Wide") {
		t.Fatalf("the UTF-16 Bundle was not read: %s", before)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"utf32.json", utf32, "it is UTF-32 text"},
		{"cut.json.gz", gz.Bytes()[:gz.Len()/2], "the file ends too soon"},
		{"deep.xml", []byte(deep), "nests elements deeper than"},
		{"dead.json", []byte(dead), "date of death (deceasedDateTime 1 Jan 1900) is before their birth date (1 Jan 1940)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := put(c.name, c.data)
			res := r.run(t, "import", p).fails(t, 1, c.want)
			if lines := strings.Split(strings.TrimSpace(res.stderr), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "carekeeper import: "+p+": ") {
				t.Errorf("stderr %q: want one line naming %s", res.stderr, p)
			}
			if after := r.run(t, "profile", "list", "--json").ok(t).stdout; after != before {
				t.Errorf("the vault changed: %s\nwas %s", after, before)
			}
		})
	}
}
