package fhirjson

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func gzipped(parts ...string) string {
	var b bytes.Buffer
	for _, p := range parts {
		w := gzip.NewWriter(&b)
		w.Write([]byte(p))
		w.Close()
	}
	return b.String()
}

func TestCheck(t *testing.T) {
	defer func(r, f, d int) { maxResourceBytes, maxFileBytes, maxDecompressed = r, f, d }(maxResourceBytes, maxFileBytes, maxDecompressed)
	maxResourceBytes, maxFileBytes, maxDecompressed = 100, 1000, 1000
	fits := `{"resourceType":"Patient","text":{"div":"` + strings.Repeat("x", 100-44) + `"}}`
	big := strings.Replace(fits, "xx", "xxx", 1)
	if len(fits) != 100 {
		t.Fatalf("fits is %d bytes", len(fits))
	}
	bundle := func(rs ...string) string {
		var b strings.Builder
		b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
		for i, r := range rs {
			if i > 0 {
				b.WriteString(",\n ")
			}
			b.WriteString(`{"fullUrl":"urn:uuid:x","resource":` + r + `}`)
		}
		b.WriteString("]}")
		return b.String()
	}
	cases := []struct {
		name, in string
		msg      string // "" = not refused
		entry    int
		text     string // Error() if set
	}{
		{"resource at the limit", fits, "", 0, ""},
		{"resource over the limit", big, msgResourceTooLarge, 0, "resource larger than 32 MiB"},
		{"bundle of resources at the limit", bundle(fits, fits, fits), "", 0, ""},
		{"bundle entry 3 over", bundle(fits, fits, big), msgResourceTooLarge, 3, "entry 3: resource larger than 32 MiB"},
		{"bundle with entry first", `{"entry":[{"resource":` + big + `}],"resourceType":"Bundle"}`, msgResourceTooLarge, 1, ""},
		{"bundle type after its entries", `{"entry":[{"resource":` + fits + `},{"resource":` + fits + `}],"resourceType":"Bundle"}`, "", 0, ""},
		{"a big non-Bundle with entry elements", `{"resourceType":"Basic","entry":[{"resource":` + fits + `},{"resource":` + fits + `}]}`, msgResourceTooLarge, 0, ""},
		{"ndjson at the limit", fits + "\n" + fits + "\n", "", 0, ""},
		{"ndjson line 3 over", fits + "\n\n" + big + "\n" + fits, msgResourceTooLarge, 3, "line 3: resource larger than 32 MiB"},
		{"ndjson line 1 over", big + "\n" + fits, msgResourceTooLarge, 1, ""},
		{"braces in strings", `{"resourceType":"Basic","a":"{[}]\"{"}`, "", 0, ""},
		{"escaped structural key", `{"resourceType":"Bundle","entr\u0079":[{"resource":` + big + `}]}`, "", 0, ""}, // left to ParseFile
		{"not JSON", `}}}]]]` + big, "", 0, ""},
		{"file over the limit", strings.Repeat(" ", 1001), msgTooLarge, 0, ""},
		{"file at the limit", strings.Repeat(" ", 1000), "", 0, ""},
		{"gzip resource over", gzipped(big), msgResourceTooLarge, 0, ""},
		{"gzip entry over in a second member", gzipped(bundle(fits)[:60], bundle(fits)[60:len(bundle(fits))-2]+","+`{"resource":`+big+"}]}"), msgResourceTooLarge, 2, ""},
		{"gzip bomb", gzipped(strings.Repeat(" ", 1001)), msgGzipTooLarge, 0, ""},
		{"gzip bomb over members", gzipped(strings.Repeat(" ", 500), strings.Repeat(" ", 501)), msgGzipTooLarge, 0, ""},
		{"gzip trailing garbage", gzipped(fits) + "\n", msgGzipTrailing, 0, ""},
		{"gzip truncated", gzipped(fits)[:30], msgGzipTruncated, 0, ""},
		{"cut off in a string", bundle(fits, fits)[:150], msgEOF, 0, ""},
		{"cut off between values", bundle(fits, fits)[:len(bundle(fits, fits))-2], msgEOF, 0, "the file ends too soon, as a download cut short does: download it again (not valid JSON: it stops in the middle) at line 2, column 138"}, // as ParseFile says
		{"gzip of a cut-off file", gzipped(bundle(fits)[:80]), msgEOF, 0, ""},
		{"ndjson last line cut off: left to ParseFile", fits + "\n" + fits[:50], "", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Check(strings.NewReader(c.in))
			if c.msg == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Msg != c.msg || e.Entry != c.entry {
				t.Fatalf("got %v, want %q (entry %d)", err, c.msg, c.entry)
			}
			if c.text != "" && err.Error() != c.text {
				t.Errorf("Error() = %q, want %q", err.Error(), c.text)
			}
			// Whatever Check refuses, ParseFile (after Decompress) refuses too.
			data, derr := Decompress([]byte(c.in))
			if derr == nil {
				if _, perr := ParseFile(data); perr == nil {
					t.Errorf("ParseFile accepts what Check refuses")
				}
			}
		})
	}
}

// Check reads in small pieces: a resource split across reads is measured the same.
func TestCheckSmallReads(t *testing.T) {
	defer func(r int) { maxResourceBytes = r }(maxResourceBytes)
	maxResourceBytes = 100
	in := `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic","x":"` + strings.Repeat("y", 100) + `"}}]}`
	err := Check(&oneByteReader{strings.NewReader(in)})
	if e, ok := err.(*Error); !ok || e.Msg != msgResourceTooLarge || e.Entry != 1 {
		t.Fatalf("got %v", err)
	}
}

type oneByteReader struct{ r *strings.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) { return o.r.Read(p[:min(1, len(p))]) }

// FuzzCheck: Check never refuses a file that ParseFile accepts, and never panics.
func FuzzCheck(f *testing.F) {
	addSeeds(f, false)
	f.Add([]byte(gzipped(`{"resourceType":"Basic"}`)))
	f.Add([]byte(gzipped(`{"resourceType":"Basic"}`) + "x"))
	f.Add([]byte(gzipped(`{"resourceType":"Basic","a":[`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func(r int) { maxResourceBytes = r }(maxResourceBytes)
		maxResourceBytes = 64 // small, so the fuzzer reaches the limit
		err := Check(bytes.NewReader(data))
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not *Error", err)
			}
		}
		if e, ok := err.(*Error); ok && e.Msg == msgGzipBomb {
			return // a policy on the ratio that Decompress does not share
		}
		plain, derr := Decompress(data)
		gzipErr := false
		if err != nil {
			switch err.(*Error).Msg {
			case msgGzipTruncated, msgGzipCorrupt, msgGzipTrailing, msgGzipTooLarge:
				gzipErr = true
			}
		}
		if IsGzip(data) && gzipErr != (derr != nil) {
			t.Fatalf("Check and Decompress disagree about the gzip data: %v / %v", err, derr)
		}
		if derr != nil {
			return
		}
		if _, perr := ParseFile(plain); perr == nil && err != nil {
			t.Fatalf("Check refuses (%v) what ParseFile accepts", err)
		}
	})
}

// A gzip bomb (far more data than FHIR JSON compresses to) is refused while it is read, before
// the 512 MiB limit: 8 MiB of one repeated resource gzips about 1000 times smaller.
func TestCheckGzipBomb(t *testing.T) {
	var b strings.Builder
	for b.Len() < 8<<20 {
		b.WriteString(`{"resourceType":"Basic","id":"x"}` + "\n")
	}
	err := Check(strings.NewReader(gzipped(b.String())))
	if e, ok := err.(*Error); !ok || e.Msg != msgGzipBomb {
		t.Fatalf("Check of a gzip bomb: %v", err)
	}
	// ordinary gzipped JSON (varied content) is read
	var ok strings.Builder
	for i := 0; ok.Len() < 2<<20; i++ {
		fmt.Fprintf(&ok, `{"resourceType":"Basic","id":"b%d","code":{"text":"%x"}}`+"\n", i, i*7919)
	}
	if err := Check(strings.NewReader(gzipped(ok.String()))); err != nil {
		t.Fatalf("Check of ordinary gzipped NDJSON: %v", err)
	}
}
