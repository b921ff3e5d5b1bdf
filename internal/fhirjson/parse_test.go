package fhirjson

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, in string) *File {
	t.Helper()
	f, err := ParseFile([]byte(in))
	if err != nil {
		t.Fatalf("ParseFile(%.60q): %v", in, err)
	}
	return f
}

func TestParseFileErrors(t *testing.T) {
	deepArr := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	deepObj := `{"resourceType":"Basic","x":` + strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000) + "}"
	entries := func(n int, last string) string {
		var b strings.Builder
		b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
		for i := 1; i < n; i++ {
			b.WriteString(`{"resource":{"resourceType":"Basic","id":"b"}},`)
		}
		b.WriteString(last)
		b.WriteString("]}")
		return b.String()
	}
	tests := []struct {
		name  string
		in    string
		msg   string // want Error.Msg
		entry int
		line  int
		col   int
		text  string // want Error() (if set)
	}{
		{"empty", "", msgEmpty, 0, 1, 1, "empty input at line 1, column 1"},
		{"only whitespace", " \r\n\t ", msgEmpty, 0, 2, 3, ""},
		{"only BOM", "\xEF\xBB\xBF", msgEmpty, 0, 1, 4, ""},
		{"not JSON", "hello", msgBadChar, 0, 1, 1, ""},
		{"not JSON literal", "nope", msgBadLiteral, 0, 1, 2, ""},
		{"truncated", `{"resourceType":"Patient","id":"a`, msgEOF, 0, 1, 34, ""},
		{"truncated after colon", "{\n \"resourceType\":", msgEOF, 0, 2, 17, ""},
		{"not FHIR", `{"a":1}`, msgNoType, 0, 1, 1, "resource has no resourceType at line 1, column 1"},
		{"unknown type", `{"resourceType":"Foo"}`, msgUnknownType, 0, 1, 1, ""},
		{"lower-case type", `{"resourceType":"patient"}`, msgUnknownType, 0, 1, 1, ""},
		// F427: a DSTU2 or STU3 type is said as one of an older FHIR version.
		{"DSTU2 type", `{"resourceType":"MedicationOrder"}`, msgOldType, 0, 1, 1, ""},
		{"STU3 type in an entry", entries(6, `{"resource":{"resourceType":"ProcedureRequest"}}`), msgOldType, 6, 1, 0, ""},
		{"type not string", `{"resourceType":5}`, msgTypeNotString, 0, 1, 1, ""},
		{"array", `[{"resourceType":"Patient"}]`, msgList, 0, 1, 1, ""},
		{"string", `"Patient"`, msgNotObject, 0, 1, 1, ""},
		{"number", `12`, msgNotObject, 0, 1, 1, ""},
		{"trailing garbage", `{"resourceType":"Patient"} x`, msgTrailing, 0, 1, 28, ""},
		{"two values one line", `{"resourceType":"Patient"}{"resourceType":"Patient"}`, msgTrailing, 0, 1, 27, ""},
		{"pretty then more", "{\n\"resourceType\":\"Patient\"\n}\n{\"resourceType\":\"Patient\"}", msgTrailing, 0, 4, 1, ""},
		{"missing colon", `{"resourceType" "Patient"}`, msgExpectColon, 0, 1, 17, ""},
		{"missing comma", `{"resourceType":"Patient" "id":"1"}`, msgExpectObjEnd, 0, 1, 27, ""},
		{"trailing comma object", `{"resourceType":"Patient",}`, msgExpectKey, 0, 1, 27, ""},
		{"trailing comma array", `{"resourceType":"Patient","a":[1,]}`, msgBadChar, 0, 1, 34, ""},
		{"array missing comma", `{"resourceType":"Patient","a":[1 2]}`, msgExpectArrEnd, 0, 1, 34, ""},
		{"leading zero", `{"resourceType":"Patient","a":01}`, msgExpectObjEnd, 0, 1, 32, ""},
		{"bad fraction", `{"resourceType":"Patient","a":1.}`, msgBadNumber, 0, 1, 33, ""},
		{"bad exponent", `{"resourceType":"Patient","a":1e}`, msgBadNumber, 0, 1, 33, ""},
		{"lone minus", `{"resourceType":"Patient","a":-}`, msgBadNumber, 0, 1, 32, ""},
		{"plus sign", `{"resourceType":"Patient","a":+1}`, msgBadChar, 0, 1, 31, ""},
		{"control char", "{\"resourceType\":\"Patient\",\"a\":\"x\ty\"}", msgCtlInString, 0, 1, 33, ""},
		{"bad escape", `{"resourceType":"Patient","a":"\q"}`, msgBadEscape, 0, 1, 33, ""},
		{"bad unicode escape", `{"resourceType":"Patient","a":"\u12G4"}`, msgBadEscape, 0, 1, 36, ""},
		{"single quotes", `{'resourceType':'Patient'}`, msgExpectKey, 0, 1, 2, ""},
		{"NaN", `{"resourceType":"Patient","a":NaN}`, msgBadChar, 0, 1, 31, ""},
		{"extra brace", `{"resourceType":"Patient"}}`, msgTrailing, 0, 1, 27, ""},
		{"invalid UTF-8", "{\"resourceType\":\"Patient\",\n\"name\":\"ab\xffc\"}", "not UTF-8", 0, 2, 11, "not UTF-8 at byte 37 (line 2, column 11)"},
		{"invalid UTF-8 overlong", "{\"resourceType\":\"Patient\",\"a\":\"\xc0\xaf\"}", "not UTF-8", 0, 1, 32, ""},
		{"invalid UTF-8 surrogate", "{\"resourceType\":\"Patient\",\"a\":\"\xed\xa0\x80\"}", "not UTF-8", 0, 1, 32, ""},
		{"deep array 10k", deepArr, msgTooDeep, 0, 1, 101, "nesting deeper than 100 levels at line 1, column 101"},
		{"deep object 10k", deepObj, msgTooDeep, 0, 1, 0, ""},
		{"bundle entry resource is a string", `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":"Patient"}]}`, msgResNotObject, 1, 1, 0, "entry 1: resource is not a JSON object at line 1, column 90"},
		{"bundle entry resource null", `{"resourceType":"Bundle","entry":[{"resource":null}]}`, msgResNotObject, 1, 1, 0, ""},
		{"bundle entry not object", `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"}},7]}`, msgEntryNotObject, 2, 1, 0, ""},
		{"bundle entry not array", `{"resourceType":"Bundle","entry":{"resource":{"resourceType":"Basic"}}}`, msgEntryNotArray, 0, 1, 34, ""},
		{"bundle entry not array after", `{"entry":{},"resourceType":"Bundle"}`, msgEntryNotArray, 0, 1, 10, ""},
		{"bundle entry 12 unknown type", entries(12, `{"resource":{"resourceType":"Nope"}}`), msgUnknownType, 12, 1, 0, ""},
		{"bundle entry no type", entries(3, `{"resource":{"id":"x"}}`), msgNoType, 3, 1, 0, ""},
		{"bundle entry syntax error", entries(5, `{"resource":{"resourceType":"Basic",}}`), msgExpectKey, 5, 1, 0, ""},
		{"bundle entry truncated", entries(2, `{"resource":{"resourceType":"Basic"`)[:len(entries(2, `{"resource":{"resourceType":"Basic"`))-2], msgEOF, 2, 1, 0, ""},
		{"ndjson bad line 3", "{\"resourceType\":\"Basic\"}\n{\"resourceType\":\"Basic\"}\n{\"resourceType\":\"Basic\",}\n", msgExpectKey, 3, 3, 25, "line 3: not valid JSON (expected a string object key) at column 25"},
		{"ndjson line 2 no type", "{\"resourceType\":\"Basic\"}\r\n{\"id\":\"1\"}\r\n", msgNoType, 2, 2, 1, "line 2: resource has no resourceType at column 1"},
		{"ndjson line 4 not object", "{\"resourceType\":\"Basic\"}\n\n{\"resourceType\":\"Basic\"}\n[1]\n", msgNotObject, 4, 4, 1, ""},
		{"ndjson trailing on line", "{\"resourceType\":\"Basic\"}\n{\"resourceType\":\"Basic\"} 1\n", msgTrailing, 2, 2, 26, ""},
		{"ndjson unknown type", "{\"resourceType\":\"Basic\"}\n{\"resourceType\":\"Bogus\"}", msgUnknownType, 2, 2, 1, ""},
		{"ndjson line split object", "{\"resourceType\":\"Basic\"}\n{\"resourceType\":\n\"Basic\"}", msgEOF, 2, 2, 17, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseFile([]byte(tc.in))
			if err == nil {
				t.Fatalf("no error; got %d entries", len(f.Entries))
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not *Error", err)
			}
			if pe.Msg != tc.msg || pe.Entry != tc.entry || pe.Line != tc.line || (tc.col != 0 && pe.Column != tc.col) {
				t.Errorf("got Msg=%q Entry=%d Line=%d Column=%d; want %q %d %d %d", pe.Msg, pe.Entry, pe.Line, pe.Column, tc.msg, tc.entry, tc.line, tc.col)
			}
			if tc.text != "" && err.Error() != tc.text {
				t.Errorf("Error() = %q, want %q", err.Error(), tc.text)
			}
			if pe.Offset < 0 || pe.Offset > int64(len(tc.in)) {
				t.Errorf("offset %d out of range", pe.Offset)
			}
		})
	}
}

func TestParseFileTooLarge(t *testing.T) {
	defer func(n int) { maxFileBytes = n }(maxFileBytes)
	maxFileBytes = 10
	_, err := ParseFile([]byte(`{"resourceType":"Basic"}`))
	var pe *Error
	if !errors.As(err, &pe) || pe.Msg != msgTooLarge {
		t.Fatalf("got %v", err)
	}
	maxFileBytes = 24
	mustParse(t, `{"resourceType":"Basic"}`)
}

func TestNestingLimitExact(t *testing.T) {
	// The resource object is level 1: 99 more levels are fine, 100 more are not.
	ok := `{"resourceType":"Basic","x":` + strings.Repeat("[", 99) + strings.Repeat("]", 99) + "}"
	mustParse(t, ok)
	bad := `{"resourceType":"Basic","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "}"
	if _, err := ParseFile([]byte(bad)); err == nil || err.(*Error).Msg != msgTooDeep {
		t.Fatalf("got %v", err)
	}
}

// Nesting is counted per resource: a resource at exactly the limit is accepted alone, inside a
// Bundle (as an export writes it) and on an NDJSON line; one level more is refused in all three.
func TestNestingLimitPerResource(t *testing.T) {
	nested := func(levels int) string { // the resource's own braces are level 1
		return `{"resourceType":"Basic","x":` + strings.Repeat("[", levels-1) + strings.Repeat("]", levels-1) + "}"
	}
	wrap := map[string]func(string) string{
		"alone": func(r string) string { return r },
		"bundle": func(r string) string {
			return `{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + r + `}]}`
		},
		"ndjson": func(r string) string { return `{"resourceType":"Basic"}` + "\n" + r + "\n" },
	}
	for name, w := range wrap {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, w(nested(MaxDepth)))
			r := f.Entries[len(f.Entries)-1].Resource
			if string(r) != nested(MaxDepth) {
				t.Fatalf("resource changed")
			}
			if _, err := ParseFile([]byte(w(nested(MaxDepth + 1)))); err == nil || err.(*Error).Msg != msgTooDeep {
				t.Fatalf("one level too deep: got %v", err)
			}
		})
	}
	// A Bundle-level element outside the entries still counts from the file's top.
	deepMeta := `{"resourceType":"Bundle","meta":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + "}"
	if _, err := ParseFile([]byte(deepMeta)); err == nil || err.(*Error).Msg != msgTooDeep {
		t.Fatalf("deep Bundle element: got %v", err)
	}
}

func TestResourceSizeLimit(t *testing.T) {
	defer func(n int) { maxResourceBytes = n }(maxResourceBytes)
	res := `{"resourceType":"Patient","text":{"div":"` + strings.Repeat("x", 100) + `"}}`
	maxResourceBytes = len(res)
	small := `{"resourceType":"Basic"}`
	files := []struct {
		name, in string
		entry    int
	}{
		{"alone", res, 0},
		{"bundle entry 2", `{"resourceType":"Bundle","entry":[{"resource":` + small + `},{"resource":` + res + `}]}`, 2},
		{"ndjson line 3", small + "\n\n" + res + "\n", 3},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			mustParse(t, f.in)
			big := strings.Replace(f.in, "xx", "xxx", 1)
			_, err := ParseFile([]byte(big))
			if err == nil || err.(*Error).Msg != msgResourceTooLarge || err.(*Error).Entry != f.entry {
				t.Fatalf("got %v, want %q in entry %d", err, msgResourceTooLarge, f.entry)
			}
		})
	}
}

func TestErrorsHaveNoData(t *testing.T) {
	const secret = "Zyxwvut"
	inputs := []string{
		`{"resourceType":"` + secret + `"}`,
		`{"resourceType":"Patient","name":"` + secret + `"` + "\x01",
		`{"resourceType":"Patient","name":` + secret + `}`,
		`{"resourceType":"Bundle","entry":[{"resource":"` + secret + `"}]}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"` + secret + `"}}]}`,
		"{\"resourceType\":\"Basic\"}\n{\"resourceType\":\"" + secret + "\"}",
		"{\"resourceType\":\"Basic\"}\n" + secret,
		`"` + secret + `"`,
		`{"` + secret + `":1}`,
		"{\"resourceType\":\"Patient\",\"name\":\"" + secret + "\xff\"}",
	}
	for _, in := range inputs {
		_, err := ParseFile([]byte(in))
		if err == nil {
			t.Fatalf("no error for %q", in)
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), secret[:4]) {
			t.Errorf("error %q contains data", err)
		}
	}
}

func TestParseSingleResource(t *testing.T) {
	in := "\xEF\xBB\xBF{\n  \"resourceType\": \"Patient\",\n  \"id\": \"p1\",\n  \"name\": [{\"given\": [\"Ann\", \"B\"], \"family\": \"Smith\"}],\n  \"x\": [1.50, -0, 1E+2, \"\\u00e9\\/\"]\n}\n\n"
	f := mustParse(t, in)
	if f.Kind != KindResource || len(f.Entries) != 1 || f.Skipped != 0 || f.BundleType != "" {
		t.Fatalf("got %+v", f)
	}
	e := f.Entries[0]
	want := `{"resourceType":"Patient","id":"p1","name":[{"given":["Ann","B"],"family":"Smith"}],"x":[1.50,-0,1E+2,"\u00e9\/"]}`
	if string(e.Resource) != want {
		t.Errorf("Resource\n%s\nwant\n%s", e.Resource, want)
	}
	if e.Index != 0 || e.Info.Type != "Patient" || e.Info.ID != "p1" || e.Info.Name != "Ann B Smith" {
		t.Errorf("got %+v", e)
	}
}

func TestParseBundleShapes(t *testing.T) {
	// Keys in any order (vendor bundles sort keys: entry before resourceType),
	// entries without resource skipped but counted, nested Bundle kept.
	in := `{
  "entry": [
    {"request": {"method": "DELETE", "url": "Patient/1"}},
    {"fullUrl": "http://ex.org/fhir/Patient/2", "resource": {"resourceType": "Patient", "id": "2"},
     "request": {"method": "PUT", "url": "Patient/2", "ifNoneExist": "identifier=a|b"}},
    {"resource": {"resourceType": "Bundle", "type": "document", "entry": [{"resource": {"resourceType": "Composition"}}]}},
    {"response": {"status": "200"}, "resource": {"resourceType": "Basic"}, "request": {"method": "POS\u0054", "url": "Basic"}}
  ],
  "type": "transaction",
  "resourceType": "Bundle"
}`
	f := mustParse(t, in)
	if f.Kind != KindBundle || f.BundleType != "transaction" || f.Skipped != 1 || len(f.Entries) != 3 {
		t.Fatalf("got kind %v type %q skipped %d entries %d", f.Kind, f.BundleType, f.Skipped, len(f.Entries))
	}
	if len(f.Deletes) != 1 || f.Deletes[0].Index != 1 || f.Deletes[0].Method != "DELETE" || f.Deletes[0].RequestURL != "Patient/1" {
		t.Errorf("the DELETE entry: %+v", f.Deletes)
	}
	e := f.Entries[0]
	if e.Index != 2 || e.FullURL != "http://ex.org/fhir/Patient/2" || e.Method != "PUT" || e.RequestURL != "Patient/2" || e.IfNoneExist != "identifier=a|b" {
		t.Errorf("entry 2: %+v", e)
	}
	if string(e.Resource) != `{"resourceType":"Patient","id":"2"}` {
		t.Errorf("entry 2 resource %s", e.Resource)
	}
	if f.Entries[1].Info.Type != "Bundle" || f.Entries[1].Index != 3 {
		t.Errorf("nested bundle: %+v", f.Entries[1])
	}
	if f.Entries[2].Method != "POST" || f.Entries[2].Index != 4 {
		t.Errorf("entry 4: %+v", f.Entries[2])
	}
	// Appending to or overwriting one Resource must not change the next, nor Info.
	next := string(f.Entries[1].Resource)
	_ = append(f.Entries[0].Resource, "XXXX"...)
	if string(f.Entries[1].Resource) != next {
		t.Error("append overwrote the next resource")
	}
	for i := range f.Entries[0].Resource {
		f.Entries[0].Resource[i] = 'X'
	}
	if string(f.Entries[1].Resource) != next || f.Entries[0].Info.ID != "2" || f.Entries[0].FullURL != "http://ex.org/fhir/Patient/2" {
		t.Error("overwriting a Resource changed something else")
	}

	// Empty and absent entry.
	for _, in := range []string{`{"resourceType":"Bundle","type":"searchset","total":0}`, `{"resourceType":"Bundle","entry":[]}`} {
		f := mustParse(t, in)
		if f.Kind != KindBundle || len(f.Entries) != 0 {
			t.Errorf("%s: %+v", in, f)
		}
	}
	// A non-Bundle with an "entry" element (List) is a single resource.
	f = mustParse(t, `{"resourceType":"List","entry":[{"item":{"reference":"Patient/1"}}],"status":"current"}`)
	if f.Kind != KindResource || f.Entries[0].Info.Refs[0] != (Ref{"entry", "Patient/1"}) {
		t.Errorf("List: %+v", f)
	}
	// Escaped keys are recognised.
	f = mustParse(t, `{"resource\u0054ype":"Bundle","entry":[{"resourc\u0065":{"resourceType":"Basic"}}]}`)
	if f.Kind != KindBundle || len(f.Entries) != 1 {
		t.Errorf("escaped keys: %+v", f)
	}
}

func TestParseNDJSON(t *testing.T) {
	in := "{\"resourceType\":\"Patient\",\"id\":\"1\"}\r\n\r\n  \n{ \"resourceType\" : \"Observation\" , \"id\":\"2\" }\r\n{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}"
	f := mustParse(t, in)
	if f.Kind != KindNDJSON || len(f.Entries) != 3 {
		t.Fatalf("got %v %d", f.Kind, len(f.Entries))
	}
	wantIdx := []int{1, 4, 5}
	wantRes := []string{`{"resourceType":"Patient","id":"1"}`, `{"resourceType":"Observation","id":"2"}`, `{"resourceType":"Bundle","type":"collection","entry":[]}`}
	for i, e := range f.Entries {
		if e.Index != wantIdx[i] || string(e.Resource) != wantRes[i] {
			t.Errorf("entry %d: index %d resource %s", i, e.Index, e.Resource)
		}
	}
	// One line plus a trailing newline is a single resource.
	f = mustParse(t, "{\"resourceType\":\"Patient\"}\n")
	if f.Kind != KindResource {
		t.Errorf("single line: %v", f.Kind)
	}
}

func TestDecompress(t *testing.T) {
	plain := []byte(`{"resourceType":"Basic"}`)
	if out, err := Decompress(plain); err != nil || &out[0] != &plain[0] {
		t.Fatalf("plain data not returned unchanged: %v", err)
	}
	gz := func(parts ...string) []byte {
		var b bytes.Buffer
		for _, p := range parts {
			w := gzip.NewWriter(&b)
			w.Write([]byte(p))
			w.Close()
		}
		return b.Bytes()
	}
	out, err := Decompress(gz(`{"resourceType":`, `"Basic"}`))
	if err != nil || string(out) != `{"resourceType":"Basic"}` {
		t.Fatalf("multi-member: %q %v", out, err)
	}
	big := strings.Repeat(`{"resourceType":"Basic"}`, 10000)
	full := gz(big)
	if out, err := Decompress(full); err != nil || string(out) != big {
		t.Fatalf("roundtrip: %v", err)
	}
	for _, n := range []int{2, 5, 10, len(full) / 2, len(full) - 4, len(full) - 1} {
		_, err := Decompress(full[:n])
		var pe *Error
		if !errors.As(err, &pe) || pe.Msg != msgGzipTruncated {
			t.Errorf("cut at %d: %v", n, err)
		}
	}
	bad := bytes.Clone(full)
	bad[len(bad)-6] ^= 0xff // CRC
	if _, err := Decompress(bad); err == nil || err.Error() != msgGzipCorrupt {
		t.Errorf("bad CRC: %v", err)
	}
	bad = bytes.Clone(full)
	bad[2] = 9 // compression method
	if _, err := Decompress(bad); err == nil || err.Error() != msgGzipCorrupt {
		t.Errorf("bad header: %v", err)
	}
	// What follows the last member is named for what it is: not "truncated".
	for _, tail := range []struct{ name, bytes, want string }{
		{"junk", "junk", msgGzipTrailing},
		{"one newline", "\n", msgGzipTrailing},
		{"one zero byte", "\x00", msgGzipTrailing},
		{"half a magic", "\x1f", msgGzipTrailing},
		{"zero padding", strings.Repeat("\x00", 512), msgGzipTrailing},
		{"a second member cut short", "\x1f\x8b\x08", msgGzipTruncated},
	} {
		if _, err := Decompress(append(bytes.Clone(full), tail.bytes...)); err == nil || err.Error() != tail.want {
			t.Errorf("%s after the gzip data: got %v, want %q", tail.name, err, tail.want)
		}
	}

	defer func(n int) { maxDecompressed = n }(maxDecompressed)
	maxDecompressed = 1 << 20
	bomb := gz(strings.Repeat("\x00", 1<<20+1))
	if _, err := Decompress(bomb); err == nil || err.Error() != msgGzipTooLarge {
		t.Errorf("bomb: %v", err)
	}
	bomb = gz(strings.Repeat("\x00", 1<<19), strings.Repeat("\x00", 1<<19+1)) // limit spread over members
	if _, err := Decompress(bomb); err == nil || err.Error() != msgGzipTooLarge {
		t.Errorf("multi-member bomb: %v", err)
	}
	exact := gz(strings.Repeat("a", 1<<20))
	if out, err := Decompress(exact); err != nil || len(out) != 1<<20 {
		t.Errorf("exactly at limit: %d %v", len(out), err)
	}
}

func TestCompactMatchesEncodingJSON(t *testing.T) {
	in := `{ "resourceType" : "Basic", "a" : [ ] , "b" : { } , "c" : [ 1 , -2.5e-3 , true , false , null , "\" \\ \/ \b \f \n \r \t \u0041 \ud83d\ude00 \udc00" ] , "d" : "é 日本 😀 <>&" }`
	f := mustParse(t, in)
	var c bytes.Buffer
	json.Compact(&c, []byte(in))
	if !bytes.Equal(c.Bytes(), f.Entries[0].Resource) {
		t.Errorf("got  %s\nwant %s", f.Entries[0].Resource, c.Bytes())
	}
}

func TestKindString(t *testing.T) {
	for k, s := range map[Kind]string{KindBundle: "Bundle", KindResource: "resource", KindNDJSON: "NDJSON", 0: "unknown"} {
		if k.String() != s {
			t.Errorf("%d: %q", k, k.String())
		}
	}
}

func TestSummarizeMatchesParse(t *testing.T) {
	f := mustParse(t, `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation","id":"o","subject":{"reference":"Patient/1"},"code":{"coding":[{"system":"http://loinc.org","code":"1-8"}]},"component":[{"code":{"coding":[{"system":"s","code":"c"}]}}],"effectiveDateTime":"2020-01-01"}}]}`)
	info, err := Summarize(f.Entries[0].Resource)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(info, f.Entries[0].Info) {
		t.Errorf("Summarize %+v\nParseFile %+v", info, f.Entries[0].Info)
	}
}
