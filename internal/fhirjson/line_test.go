package fhirjson

import (
	"bytes"
	"reflect"
	"testing"
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
