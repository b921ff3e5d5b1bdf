package fhirjson

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLineParser: a line parsed alone is what ParseFile makes of it as the second line of an
// NDJSON file: the same resource and summary, or refused exactly when ParseFile refuses it.
func FuzzLineParser(f *testing.F) {
	for _, s := range handSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/p"},"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2020-01-02","valueQuantity":{"value":70.5,"unit":"kg"}}` + "\r"))
	f.Add([]byte(` { "resourceType" : "Patient", "id":"p", "identifier":[{"system":"s","value":"v"}] }   `))
	f.Add([]byte(`{"resourceType":"Patient","id":"p","id":"q"}`))
	f.Add([]byte(`{"resourceType":"Basic"} {"resourceType":"Basic"}`))
	f.Add([]byte("\t \r"))
	f.Fuzz(func(t *testing.T, line []byte) {
		line = bytes.ReplaceAll(line, []byte{'\n'}, nil)
		var lp LineParser
		prefix := []byte("x")
		out, e, ok, err := lp.Parse(prefix, line, 2)
		file, ferr := ParseFile(append([]byte("{\"resourceType\":\"Basic\"}\n"), line...))
		if err != nil {
			if ok || !bytes.Equal(out, prefix) {
				t.Fatalf("refused line: ok %v, out %q", ok, out)
			}
			if ferr == nil {
				t.Fatalf("LineParser refuses %q (%v); ParseFile takes it", line, err)
			}
			return
		}
		if ferr != nil {
			t.Fatalf("LineParser takes %q; ParseFile refuses it: %v", line, ferr)
		}
		if !ok {
			if len(file.Entries) != 1 || file.Kind != KindResource {
				t.Fatalf("blank line %q: ParseFile gives %v with %d entries", line, file.Kind, len(file.Entries))
			}
			return
		}
		if file.Kind != KindNDJSON || len(file.Entries) != 2 {
			t.Fatalf("ParseFile gives %v with %d entries", file.Kind, len(file.Entries))
		}
		want := file.Entries[1]
		if !bytes.Equal(out[:len(prefix)], prefix) || !bytes.Equal(out[len(prefix):], want.Resource) || !bytes.Equal(e.Resource, want.Resource) {
			t.Fatalf("resource %q (out %q), want %q", e.Resource, out, want.Resource)
		}
		if cap(e.Resource) != len(e.Resource) {
			t.Fatal("resource capacity not limited to its length")
		}
		if e.Index != want.Index || !reflect.DeepEqual(e.Info, want.Info) {
			t.Fatalf("entry %d %+v, want %d %+v", e.Index, e.Info, want.Index, want.Info)
		}
	})
}

// refusedLineByLine is what a reader of an NDJSON file line by line (sync's readNDJSON) makes
// of data with LineParser and Refusal: the file's error, found without holding the file, or
// decided false when the file must be read whole to know (its first value is not one JSON
// object on its line, or it has fewer than two values: not NDJSON).
func refusedLineByLine(data []byte) (err *Error, decided bool) {
	var lp LineParser
	kind, values := LineAccepted, 0
	var off int64
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line = data[:i+1]
		}
		data = data[len(line):]
		at := off
		off += int64(len(line))
		start := 0
		if n == 1 && bytes.HasPrefix(line, utf8BOM) {
			start = len(utf8BOM)
		}
		if kind >= RefusedSyntax {
			if !utf8.Valid(line) {
				e, _ := Refusal(line, start, n, at)
				return e, true
			}
			continue
		}
		_, _, ok, perr := lp.Parse(nil, line[start:], n)
		if perr == nil {
			if ok {
				values++
			}
			continue
		}
		values++
		e, k := Refusal(line, start, n, at)
		if k == LineAccepted {
			panic("Refusal accepts a line LineParser refuses")
		}
		if k == RefusedUTF8 {
			return e, true
		}
		if values == 1 && k == RefusedSyntax {
			return nil, false // the first value: ParseFile decides what the file is
		}
		if k > kind {
			err, kind = e, k
		}
	}
	if values < 2 {
		return nil, false
	}
	return err, true
}

// FuzzRefusalLineByLine: a file read line by line is refused with ParseFile's own error (the
// same words, line, column and offset) where ParseFile would refuse it for its lines, and
// accepted where ParseFile accepts it as NDJSON.
func FuzzRefusalLineByLine(f *testing.F) {
	p := `{"resourceType":"Patient","id":"p","birthDate":"1950-01-02"}`
	o := `{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/p"},"effectiveDateTime":"2020-01-02"}`
	for _, s := range []string{
		p + "\n" + o + "\n",
		"\xef\xbb\xbf" + p + "\r\n\n" + o + "\r\n" + o,
		p + "\n" + `{"resourceType":"Observation","id":"o",}` + "\n" + o + "\n",
		p + "\n" + strings.Replace(o, "2020-01-02", "2026-13-45", 1) + "\n" + o + "\n" + `{"resourceType":"Observation"` + "\n",
		p + "\n" + strings.Replace(o, "2020-01-02", "2023-02-29", 1) + "\n" + "[1]\n" + o + "\xff\n",
		p + "\n" + strings.Replace(o, `"id":"o"`, `"id":7`, 1) + "\n",
		p + "\n" + strings.Replace(o, "Observation", "Observasion", 1) + "\n",
		p + "\n" + o + " x\n",
		p + "\n" + `{"resourceType":"Observation","id":"o","id":"q"}` + "\n",
		strings.Replace(p, "Patient", "Patience", 1) + "\n" + o + "\n",
		"{\n" + `"resourceType":"Patient"}` + "\n" + o,
		p + "\n\t \n",
		"\xef\xbb\xbf" + `{"resourceType":"Patient","deceasedDateTime":"2024-01-01T25:00:00Z"}` + "\n" + o + "\xc3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, decided := refusedLineByLine(data)
		if !decided {
			return
		}
		file, want := ParseFile(data)
		switch {
		case got == nil && want != nil:
			t.Fatalf("line by line takes it; ParseFile refuses it: %v", want)
		case got == nil && file.Kind != KindNDJSON:
			t.Fatalf("line by line takes it; ParseFile reads it as %v", file.Kind)
		case got != nil && want == nil:
			t.Fatalf("line by line refuses it (%v); ParseFile takes it", got)
		case got != nil && !reflect.DeepEqual(got, want.(*Error)):
			t.Fatalf("line by line: %v (%+v)\nParseFile: %v (%+v)", got, *got, want, *want.(*Error))
		}
	})
}
