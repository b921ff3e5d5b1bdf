package sync_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// readBoth reads the file at path as a large NDJSON file (line by line) and as a small one
// (whole): the error of each ("" when read), and what reading it line by line allocated.
func readBoth(t testing.TB, path string) (lines, whole string, allocated int64) {
	t.Helper()
	read := func(min int64) string {
		defer cksync.SetStreamMinBytes(min)()
		if _, err := cksync.ReadInput(path); err != nil {
			return err.Error()
		}
		return ""
	}
	allocs := func() int64 {
		s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
		metrics.Read(s)
		return int64(s[0].Value.Uint64())
	}
	before := allocs()
	lines = read(1)
	allocated = allocs() - before
	return lines, read(math.MaxInt64), allocated
}

// A large NDJSON file with a bad line is refused by the line-by-line reader itself, with the
// one line reading the file whole gives (ParseFile's words, line, column; its identities'),
// not handed to the whole-file path to be refused there: that held the file and its parse
// (293 MB peak for a 300 MB export). Measured as what reading it allocates: before, at least
// twice the file; now a small part of it. The bad line comes after half the file, and where
// a file has several, the one reading it whole names is named (invalid UTF-8 first, then the
// first line that is not JSON, then the first resource refused).
func TestNDJSONBadLineRefusedLineByLine(t *testing.T) {
	// Lines of ~5 KB (a narrative each, as real exports have): what reading line by line
	// allocates grows with the lines, reading whole with the bytes.
	const n = 1500
	div := `"text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">` + strings.Repeat("a narrative ", 330) + `</div>"},`
	data := bytes.ReplaceAll(bulkExport(t, n), []byte(`"id":"v23-`), []byte(div+`"id":"v23-`))
	id := func(i int) string { return `"id":"v23-` + strconv.Itoa(i) + `"` }
	for _, c := range []struct {
		name string
		bad  func([]byte) []byte
		want string // in the error
	}{
		{"comma", onLine(900, func(l string) string { return strings.Replace(l, id(900), id(900)+",", 1) }), "line 902: not valid JSON (expected a string object key) at column "},
		{"cut off", func(d []byte) []byte { return append(d, `{"resourceType":"Observation",`...) }, "line 1502: the file ends too soon, as a download cut short does: download it again (not valid JSON: it stops in the middle) at column "},
		{"not an object", onLine(1000, func(string) string { return "[1]" }), "line 1002: not a JSON object at column 1"},
		{"data after", onLine(1100, func(l string) string { return l + " x" }), "line 1102: not valid JSON (unexpected data after the JSON value) at column "},
		{"key twice", onLine(1200, func(l string) string { return strings.Replace(l, id(1200), id(1200)+`,"id":"x"`, 1) }), "line 1202: duplicate key \"id\" at column "},
		{"impossible date", observationDate(800, "2026-13-45"), ": not a real date: Observation.effectiveDateTime names no day or time that exists"},
		{"29 February 2023", observationDate(1000, "2023-02-29"), ": not a real date: Observation.effectiveDateTime"},
		{"hour 25", observationDate(1100, "2024-01-01T25:00:00Z"), ": not a real date: Observation.effectiveDateTime"},
		{"wrong type", onLine(1000, func(l string) string { return strings.Replace(l, id(1000), `"id":21`, 1) }), "line 1002: wrong JSON type: "},
		{"unknown type", onLine(1000, func(l string) string {
			return regexp.MustCompile(`"resourceType":"[A-Za-z]+"`).ReplaceAllString(l, `"resourceType":"Observasion"`)
		}), "line 1002: unknown resourceType at column 1"},
		{"id a key cannot hold", onLine(1100, func(l string) string { return strings.Replace(l, id(1100), `"id":"v23-\u0001"`, 1) }), "entry 1102: resource id is not a valid FHIR id"},
		{"not UTF-8", onLine(1450, func(l string) string { return strings.Replace(l, id(1450), "\"id\":\"v23-\xff\"", 1) }), "not UTF-8 at byte "},
		{"a date, then a line not JSON", func(d []byte) []byte {
			return onLine(1200, func(l string) string { return l + "," })(observationDate(900, "2023-02-29")(d))
		}, "line 1202: not valid JSON"},
		{"not JSON, then not UTF-8", func(d []byte) []byte {
			return onLine(1400, func(l string) string { return l + "\xc3" })(onLine(800, func(l string) string { return "{" + l })(d))
		}, "not UTF-8 at byte "},
		{"a bad id, then a date", func(d []byte) []byte {
			return observationDate(1150, "2026-02-30")(onLine(800, func(l string) string { return strings.Replace(l, id(800), `"id":"\u0001"`, 1) })(d))
		}, ": not a real date: Observation.effectiveDateTime"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := c.bad(bytes.Clone(data))
			if bytes.Equal(bad, data) {
				t.Fatal("nothing changed")
			}
			path := filepath.Join(t.TempDir(), "bulk.ndjson")
			if err := os.WriteFile(path, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			lines, whole, allocated := readBoth(t, path)
			if !strings.Contains(whole, c.want) || !strings.HasPrefix(whole, path+": ") || strings.Contains(whole, "\n") {
				t.Fatalf("read whole: %q, want one line with %q in it", whole, c.want)
			}
			if lines != whole {
				t.Errorf("line by line: %q\nread whole: %q", lines, whole)
			}
			t.Logf("%s: reading it line by line allocated %.1f MB for a %.1f MB file", whole[len(path)+2:], float64(allocated)/1e6, float64(len(bad))/1e6)
			if allocated > int64(len(bad))/2 {
				t.Errorf("reading it line by line allocated %d bytes for a file of %d: it was read whole", allocated, len(bad))
			}
		})
	}
}

// onLine changes the line of resource v23-i.
func onLine(i int, change func(string) string) func([]byte) []byte {
	return func(d []byte) []byte {
		at := bytes.Index(d, []byte(`"id":"v23-`+strconv.Itoa(i)+`"`))
		if at < 0 {
			return d
		}
		start := bytes.LastIndexByte(d[:at], '\n') + 1
		end := at + bytes.IndexByte(d[at:], '\n')
		return append(append(append([]byte(nil), d[:start]...), change(string(d[start:end]))...), d[end:]...)
	}
}

// observationDate gives the first Observation from resource v23-i on the effectiveDateTime d.
func observationDate(i int, d string) func([]byte) []byte {
	date := regexp.MustCompile(`"effectiveDateTime":"[^"]*"`)
	return func(data []byte) []byte {
		at := bytes.Index(data, []byte(`"id":"v23-`+strconv.Itoa(i)+`"`))
		if at < 0 {
			return data
		}
		for start := bytes.LastIndexByte(data[:at], '\n') + 1; start < len(data); {
			end := start + bytes.IndexByte(data[start:], '\n')
			l := data[start:end]
			if bytes.Contains(l, []byte(`"resourceType":"Observation"`)) && date.Match(l) {
				return append(append(append([]byte(nil), data[:start]...), date.ReplaceAll(l, []byte(`"effectiveDateTime":"`+d+`"`))...), data[end:]...)
			}
			start = end + 1
		}
		return data
	}
}

// FuzzReadNDJSONLineByLine: any file read line by line (as a large one is) is refused with the
// words reading it whole gives, or read with the same identities.
func FuzzReadNDJSONLineByLine(f *testing.F) {
	p := `{"resourceType":"Patient","id":"p","name":[{"family":"Ngata"}],"birthDate":"1950-01-02"}`
	o := `{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p"},"effectiveDateTime":"2020-01-02"}`
	for _, s := range []string{
		p + "\n" + o + "\n",
		"\xef\xbb\xbf" + p + "\r\n\n" + o + "\r\n" + strings.Replace(o, `"o"`, `"o2"`, 1),
		p + "\n" + `{"resourceType":"Observation","id":"o",}` + "\n" + o + "\n",
		p + "\n" + strings.Replace(o, "2020-01-02", "2026-13-45", 1) + "\n" + o + "\n" + `{"resourceType":"Observation"` + "\n",
		p + "\n" + strings.Replace(o, `"id":"o"`, `"id":"\u0001"`, 1) + "\n" + strings.Replace(o, "2020-01-02", "2023-02-29", 1) + "\n",
		p + "\n" + o + " x\n" + o + "\xff",
		`{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + p + `}]}` + "\n" + o + "\n",
		"{\n" + `"resourceType":"Patient"}` + "\n" + o,
		p + "\n\t \n",
		o + "\n" + o + "\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.ndjson")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		read := func(min int64) (string, []string) {
			defer cksync.SetStreamMinBytes(min)()
			in, err := cksync.ReadInput(path)
			if err != nil {
				return err.Error(), nil
			}
			ids, err := in.Identities()
			if err != nil {
				return "identities: " + err.Error(), nil
			}
			var out []string
			for _, id := range ids {
				out = append(out, id.Source+"|"+id.Type+"|"+id.ID)
			}
			return "", out
		}
		lerr, lids := read(1)
		werr, wids := read(math.MaxInt64)
		if lerr != werr || strings.Join(lids, "\n") != strings.Join(wids, "\n") {
			t.Fatalf("line by line: %q %v\nread whole: %q %v", lerr, lids, werr, wids)
		}
	})
}
