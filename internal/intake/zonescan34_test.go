package intake

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// zoneTimesPattern is what zoneTimesIn finds, as the regular expression it replaced.
var zoneTimesPattern = regexp.MustCompile(`"(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?[+-]\d\d:\d\d)"`)

func zoneTimesList(b []byte, most int) [][]byte {
	var out [][]byte
	zoneTimesIn(b, most, func(ts []byte) { out = append(out, ts) })
	return out
}

func patternList(b []byte, most int) [][]byte {
	var out [][]byte
	for _, m := range zoneTimesPattern.FindAllSubmatch(b, most) {
		out = append(out, m[1])
	}
	return out
}

func sameLists(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// A new person's records are looked through for date-times with an offset by a scanner, not
// the regular expression (~9 % of the CPU of importing the 13 Synthea bundles): it finds the
// same times, in the same order, up to the same count, in every fixture file, in the cases
// around the pattern's optional parts, and in random text made of its characters.
func TestZoneTimesAsThePattern(t *testing.T) {
	cases := []string{
		`"2019-03-01T10:00:00-05:00"`, `"2019-03-01T10:00-05:00"`, `"2019-03-01T10:00:00.123+01:00"`,
		`"2019-03-01T10:00:00.+01:00"`, `"2019-03-01T10:00:0+01:00"`, `"2019-03-01T10:00:00Z"`,
		`"2019-03-01T10:00:00.5-05:00""2019-03-01T10:00-05:00"`, `""2019-03-01T10:00-05:00"`,
		`"2019-03-01T10:00-05:00`, `"2019-03-01T10:00-05:0"`, `"2019-03-01"`, `"x":"2019-03-01T10:00+05:30","y":1`,
		`"2019-03-01T10:00:00.123456789+14:00"`, `"12019-03-01T10:00+01:00"`, `"2019-3-01T10:00+01:00"`,
		`"2019-03-01t10:00+01:00"`, `"2019-03-01T10:00:00:00+01:00"`, `"٢٠١٩-03-01T10:00+01:00"`, ``, `"`,
		`"2019-03-01T10:00+01:00"2019-03-01T10:00+01:00"`, // two sharing a quote: the first only
		`"2019-03-01T10:00+01:00""2019-03-01T10:00+01:00"`, `T"2019-03-01T10:00+01:00"`, `"2019-03-01T"`,
	}
	for _, c := range cases {
		for _, most := range []int{64, 1} {
			if got, want := zoneTimesList([]byte(c), most), patternList([]byte(c), most); !sameLists(got, want) {
				t.Errorf("%s (at most %d): %q, the pattern %q", c, most, got, want)
			}
		}
	}
	files := testutil.Fixtures(t, "*/*.json")
	if len(files) < 20 {
		t.Fatalf("%d fixture files", len(files))
	}
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, most := range []int{64, 1 << 20} {
			got, want := zoneTimesList(b, most), patternList(b, most)
			if !sameLists(got, want) {
				t.Fatalf("%s (at most %d): %d times, the pattern %d", f, most, len(got), len(want))
			}
			found += len(got)
		}
	}
	if found == 0 {
		t.Fatal("no date-time with an offset in any fixture")
	}
	r := rand.New(rand.NewPCG(34, 13))
	const alphabet = `"0123456789-T:+.Z x`
	for range 20000 {
		b := make([]byte, r.IntN(80))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		for range r.IntN(3) { // times in it, maybe cut short
			at := r.IntN(len(b) + 1)
			b = append(b[:at:at], append([]byte(`"2020-01-02T03:04:05.6+07:00"`)[r.IntN(2):r.IntN(29)+1], b[at:]...)...)
		}
		if got, want := zoneTimesList(b, 64), patternList(b, 64); !sameLists(got, want) {
			t.Fatalf("%q: %q, the pattern %q", b, got, want)
		}
	}
}

// A new person's clock is found from the records the import just wrote for them, not by reading
// every one of them back (~10 % of the CPU of importing the 13 Synthea bundles): the times are
// the ones the vault's records give, for every fixture file and a file giving one record twice
// with two clocks (the newer version is the one kept, and looked at).
func TestZoneTimesFromTheRecordsWritten(t *testing.T) {
	twice := write(t, "twice.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Roe","given":["Ann"]}]}},
{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","meta":{"versionId":"1"},"status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-01-10T09:00:00+01:00","valueQuantity":{"value":60,"unit":"kg"}}},
{"fullUrl":"urn:uuid:o2","resource":{"resourceType":"Observation","id":"o2","status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-02-10T09:00:00+01:00","valueQuantity":{"value":61,"unit":"kg"}}},
{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","meta":{"versionId":"2"},"status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-01-10T09:00:00-07:00","valueQuantity":{"value":60,"unit":"kg"}}}]}`))
	files := append(testutil.Fixtures(t, "synthea/*.json"), testutil.Fixtures(t, "hl7-examples/*.json")...)
	files = append(files, twice)
	if len(files) < 20 {
		t.Fatalf("%d fixture files", len(files))
	}
	people := 0
	for _, f := range files {
		// each file in a vault of its own, closed and removed after it (a subtest's cleanup):
		// hundreds of vaults left open, each with its logs' space taken, filled the disk (CI)
		t.Run(filepath.Base(f), func(t *testing.T) {
			v := newVault(t)
			in, err := cksync.ReadInput(f)
			if err != nil {
				// Only a file that is no FHIR at all (the examples' package.json) is not one
				// the import takes; any other error is a failure, not a file passed over.
				if strings.Contains(err.Error(), "resource has no resourceType") {
					return
				}
				t.Fatalf("reading %s: %v", filepath.Base(f), err)
			}
			s, err := in.Import(context.Background(), v, cksync.Options{Now: clock, NewPeopleRecords: true})
			if err != nil {
				t.Fatalf("importing %s: %v", filepath.Base(f), err)
			}
			for _, p := range s.NewPeople {
				written, ok := s.NewPeopleRecords[p]
				if !ok {
					t.Fatalf("%s: no records written for new person %s", f, p)
				}
				got, err := recordTimes(context.Background(), v, p, written)
				if err != nil {
					t.Fatal(err)
				}
				want, err := recordTimes(context.Background(), v, p, nil)
				if err != nil {
					t.Fatal(err)
				}
				slices.SortFunc(got, time.Time.Compare)
				slices.SortFunc(want, time.Time.Compare)
				if !slices.EqualFunc(got, want, func(a, b time.Time) bool { return a.Equal(b) && a.String() == b.String() }) {
					t.Errorf("%s, person %s: %d times from the records written, %d read back", filepath.Base(f), p, len(got), len(want))
				}
				if f == twice && (len(got) != 2 || got[0].String() != "2024-01-10 09:00:00 -0700 -0700") {
					t.Errorf("a record given twice: times %v, want the later copy's", got)
				}
				people++
			}
		})
	}
	if people < 15 {
		t.Fatalf("%d new people", people)
	}
}
