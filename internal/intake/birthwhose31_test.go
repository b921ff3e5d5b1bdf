package intake

import (
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// In a file of several people the line says whose birth date is after today: "the file's
// birth date (1 Feb 2027) is after today" of one of three people said nothing of whom (F384).
// A file of one person keeps "the file's".
func TestBirthAfterTodaySaysWhoseInAFileOfSeveral(t *testing.T) {
	patient := func(id, given, birth string) string {
		return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Patient","id":"` + id + `","name":[{"family":"Born","given":["` + given + `"]}],"birthDate":"` + birth + `"}}`
	}
	for _, c := range []struct {
		name, file, want string
	}{
		{"three people", `{"resourceType":"Bundle","type":"collection","entry":[` + patient("p1", "Zed", "1950-01-01") + `,` + patient("p2", "Fay", "1980-02-02") + `,` + patient("p3", "Bea", "2030-02-01") + `]}`,
			"Bea Born's birth date (1 Feb 2030) is after today: kept as the file gives it"},
		{"one person", `{"resourceType":"Bundle","type":"collection","entry":[` + patient("p3", "Bea", "2030-02-01") + `]}`,
			"the file's birth date (1 Feb 2030) is after today: kept as the file gives it"},
	} {
		v := newVault(t)
		s, err := importPath(t, v, write(t, "family.json", []byte(c.file)), Options{Options: cksync.Options{Now: clock}})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Describe(); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want it to say %q", c.name, got, c.want)
		}
	}
}
