package sync_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Patient whose date of death is before their birth date (a damaged or hostile file) was
// imported as it was: the person shown as having died in 1900, born 1940, and no longer
// reminded. Such a file is refused in one line naming it and both dates, read whole or entry by
// entry, Bundle or NDJSON; a death on the day of birth, or later, is read.
func TestPatientDeadBeforeBornRefused(t *testing.T) {
	patient := func(id, died string) string {
		return `{"resourceType":"Patient","id":"` + id + `","name":[{"family":"Dec","given":["Ann"]}],"birthDate":"1940-01-01","deceasedDateTime":"` + died + `"}`
	}
	obs := `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-01-01","valueString":"a"}`
	dir := t.TempDir()
	for _, c := range []struct {
		name, died, want string
	}{
		{"a day", "1900-01-01", "the Patient's date of death (deceasedDateTime 1 Jan 1900) is before their birth date (1 Jan 1940)"},
		{"a year", "1939", "(deceasedDateTime 1939) is before their birth date (1 Jan 1940)"},
		{"a time", "1939-12-31T23:59:59Z", "(deceasedDateTime 31 Dec 1939) is before"},
		{"the day of birth", "1940-01-01T10:00:00+01:00", ""},
		{"the year of birth", "1940", ""},
		{"later", "2020-05-05", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{
				"bundle.json":  `{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + patient("p1", c.died) + `},{"resource":` + obs + `}]}`,
				"lines.ndjson": patient("p1", c.died) + "\n" + obs + "\n",
			}
			for name, data := range files {
				path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+"-"+name)
				if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
					t.Fatal(err)
				}
				lines, whole, _ := readBoth(t, path)
				for how, got := range map[string]string{"entry by entry": lines, "whole": whole} {
					switch {
					case c.want == "" && got != "":
						t.Errorf("%s read %s: %s", name, how, got)
					case c.want != "" && (!strings.Contains(got, c.want) || !strings.Contains(got, path) || strings.Contains(got, "\n")):
						t.Errorf("%s read %s: %q, want one line naming the file with %q", name, how, got, c.want)
					}
				}
			}
		})
	}
}
