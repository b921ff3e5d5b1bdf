package intake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F336: a C-CDA birthTime naming no real day (19751345) was dropped as any bad date is, so the
// person had no birth date (BORN blank, matched later by name alone) and the line did not say
// it was the birth date; a FHIR file's is kept as given and said. Now the document's is too.
func TestCCDABirthNotARealDayKeptAndSaid(t *testing.T) {
	ccd, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents", "CCD", "CCD 1", "CCD.XML"))
	if err != nil {
		t.Fatal(err)
	}
	const birth = `<birthTime value="19750501" />`
	if !strings.Contains(string(ccd), birth) {
		t.Fatal("the CCD's birthTime is not 19750501")
	}
	badDates := func(s *Summary) int {
		n := 0
		for _, sk := range s.Skipped {
			if sk.What == badDateWhat {
				n += sk.Count
			}
		}
		return n
	}
	v := newVault(t)
	before, err := importPath(t, v, write(t, "ccd.xml", ccd), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ value, want string }{
		{"19751345", "1975-13-45"},
		{"19750229", "1975-02-29"},
		{"197513", "1975-13"},
		{"197502291030-0500", "1975-02-29"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			v := newVault(t)
			data := strings.Replace(string(ccd), birth, `<birthTime value="`+tc.value+`" />`, 1)
			s, err := importPath(t, v, write(t, "bad.xml", []byte(data)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s.BirthNotADate != tc.want || !strings.Contains(s.Describe(), "the file's birth date ("+tc.want+") names no real day: kept as the file gives it") {
				t.Errorf("birth %q: %s", s.BirthNotADate, s.Describe())
			}
			if badDates(s) != badDates(before) {
				t.Errorf("%d dates left out, want %d (the birth date is kept, not left out)", badDates(s), badDates(before))
			}
			profiles, err := v.Profiles()
			if err != nil || len(profiles) != 1 || profiles[0].BirthDate != tc.want {
				t.Errorf("profiles %+v %v", profiles, err)
			}
		})
	}
}
