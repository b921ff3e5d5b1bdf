package intake

import (
	"bytes"
	"math/rand/v2"
	"os"
	"regexp"
	"testing"

	"carekeeper/internal/testutil"
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
		if r.IntN(2) == 0 { // one time in it, maybe broken after
			at := r.IntN(len(b) + 1)
			b = append(b[:at:at], append([]byte(`"2020-01-02T03:04:05.6+07:00"`)[:r.IntN(30)], b[at:]...)...)
		}
		if got, want := zoneTimesList(b, 64), patternList(b, 64); !sameLists(got, want) {
			t.Fatalf("%q: %q, the pattern %q", b, got, want)
		}
	}
}
