package fhirjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var knownMsgs = map[string]bool{
	msgEmpty: true, msgList: true, msgTooLarge: true, msgEOF: true, msgBadChar: true, msgBadNumber: true,
	msgBadLiteral: true, msgBadEscape: true, msgCtlInString: true, msgExpectKey: true,
	msgExpectColon: true, msgExpectObjEnd: true, msgExpectArrEnd: true, msgTrailing: true,
	msgTooDeep: true, msgResourceTooLarge: true, msgNotObject: true, msgResNotObject: true, msgEntryNotObject: true,
	msgEntryNotArray: true, msgNoType: true, msgTypeNotString: true, msgUnknownType: true, msgOldType: true,
	"not UTF-8": true,
}

var handSeeds = []string{
	``, `{}`, `[]`, `{"resourceType":"Patient"}`, `{"resourceType":"Bundle","entry":[]}`,
	"{\"resourceType\":\"Basic\"}\n{\"resourceType\":\"Basic\"}\r\n\r\n{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/1\"}}",
	`{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Observation","id":"o","code":{"coding":[{"system":"s","code":"c"}]},"component":[{"code":{"coding":[{"code":"x"}]}}],"effectivePeriod":{"start":"2020"}},"request":{"method":"POST","url":"Observation","ifNoneExist":"identifier=a|b"}},{"request":{"method":"DELETE","url":"Patient/1"}}]}`,
	`{"resourceType":"Patient","name":[{"given":["A","B"],"family":"C"}],"identifier":[{"system":"s","value":"v"}],"birthDate":"1970","meta":{"versionId":"1","lastUpdated":"2020"}}`,
	`{"resourceType":"Patient","a":"\u00e9\ud83d\ude00\ud800\"\\\/\b\f\n\r\t","b":[-0.0e+1,1E2,true,false,null]}`,
	`{"resource\u0054ype":"Organization","name":"N\u0041"}`,
	"\xEF\xBB\xBF{\"resourceType\":\"Basic\"}",
	`{"resourceType":"Bundle","entry":[{"resource":"x"}]}`,
	`{"resourceType":"DocumentReference","context":{"period":{"start":"2020"},"encounter":[{"reference":"Encounter/1"}]},"contained":[{"resourceType":"Patient","managingOrganization":{"reference":"#o"}}]}`,
}

func addSeeds(f *testing.F, summarizeSeeds bool) {
	files, _ := filepath.Glob("testdata/*.json")
	if len(files) == 0 {
		f.Fatal("no testdata seeds")
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		if summarizeSeeds {
			if file, err := ParseFile(data); err == nil {
				for _, e := range file.Entries {
					f.Add(e.Resource)
				}
			}
		}
	}
	for _, s := range handSeeds {
		f.Add([]byte(s))
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 20; i++ {
		g := gen{r: r}
		if summarizeSeeds {
			f.Add([]byte(g.resource()))
		} else {
			doc, _ := g.file()
			f.Add([]byte(doc))
		}
	}
}

func checkErr(t *testing.T, data []byte, err error) {
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %T is not *Error: %v", err, err)
	}
	if !knownMsgs[pe.Msg] && !strings.HasPrefix(pe.Msg, msgDupKey) && !strings.HasPrefix(pe.Msg, "wrong JSON type: ") && !strings.HasPrefix(pe.Msg, "not a real date: ") {
		t.Fatalf("unknown message %q", pe.Msg)
	}
	if pe.Offset < 0 || pe.Offset > int64(len(data)) {
		t.Fatalf("offset %d out of range", pe.Offset)
	}
	if strings.HasPrefix(pe.Msg, "not valid JSON") && json.Valid(data) {
		t.Fatalf("encoding/json accepts what was called invalid JSON: %v", err)
	}
}

func FuzzParseFile(f *testing.F) {
	addSeeds(f, false)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseFile(data)
		if err != nil {
			checkErr(t, data, err)
			return
		}
		if !utf8.Valid(data) {
			t.Fatal("invalid UTF-8 accepted")
		}
		if file.Kind != KindNDJSON && hasDupKeys(bytes.TrimPrefix(data, utf8BOM)) {
			t.Fatal("a duplicate key accepted")
		}
		body := bytes.TrimPrefix(data, utf8BOM)
		if file.Kind != KindNDJSON && !json.Valid(body) {
			t.Fatal("encoding/json rejects an accepted file")
		}
		if len(file.Deletes) > file.Skipped {
			t.Fatalf("%d DELETE entries of %d skipped", len(file.Deletes), file.Skipped)
		}
		for _, d := range file.Deletes {
			if d.Method != "DELETE" || d.Index < 1 || len(d.Resource) != 0 {
				t.Fatalf("bad DELETE entry %+v", d)
			}
		}
		for _, e := range file.Entries {
			if !json.Valid(e.Resource) || cap(e.Resource) != len(e.Resource) {
				t.Fatal("bad Resource")
			}
			var c bytes.Buffer
			json.Compact(&c, e.Resource)
			if !bytes.Equal(c.Bytes(), e.Resource) {
				t.Fatal("Resource not compact")
			}
			if !IsResourceType(e.Info.Type) {
				t.Fatal("bad type")
			}
			info, err := Summarize(e.Resource)
			if err != nil || !reflect.DeepEqual(info, e.Info) {
				t.Fatalf("Summarize disagrees: %v\n%+v\n%+v", err, info, e.Info)
			}
			if info, err := SummarizeIncoming(e.Resource); err != nil || !reflect.DeepEqual(info, e.Info) {
				t.Fatalf("SummarizeIncoming disagrees: %v\n%+v\n%+v", err, info, e.Info)
			}
		}
		if file.Kind == KindResource {
			var c bytes.Buffer
			json.Compact(&c, body)
			if !bytes.Equal(c.Bytes(), file.Entries[0].Resource) {
				t.Fatal("single resource is not json.Compact of the input")
			}
		}
	})
}

func FuzzSummarize(f *testing.F) {
	addSeeds(f, true)
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Summarize(data)
		in, inErr := SummarizeIncoming(data)
		switch {
		case err != nil && (inErr == nil || inErr.Error() != err.Error() && !strings.HasPrefix(inErr.(*Error).Msg, "not a real date: ")):
			// The same refusal, or a date before the element Summarize refuses.
			t.Fatalf("Summarize refuses (%v), SummarizeIncoming says %v", err, inErr)
		case err == nil && inErr == nil && !reflect.DeepEqual(info, in):
			t.Fatalf("SummarizeIncoming disagrees:\n%+v\n%+v", in, info)
		case err == nil && inErr != nil:
			// Refused only for a date: as ParseFile refuses it in a file of this resource.
			var e *Error
			if !errors.As(inErr, &e) || !strings.HasPrefix(e.Msg, "not a real date: ") {
				t.Fatalf("SummarizeIncoming refuses what Summarize reads, not for a date: %v", inErr)
			}
			checkErr(t, data, inErr)
			if _, ferr := ParseFile(data); ferr == nil || !strings.Contains(ferr.Error(), e.Msg) {
				t.Fatalf("ParseFile says %v where SummarizeIncoming says %v", ferr, inErr)
			}
		}
		if err != nil {
			checkErr(t, data, err)
			return
		}
		if !json.Valid(data) || !utf8.Valid(data) {
			t.Fatal("invalid JSON summarized")
		}
		if hasDupKeys(data) {
			t.Fatal("a duplicate key accepted")
		}
		m, ok := decodeAny(t, data).(map[string]any)
		if !ok {
			t.Fatal("not an object")
		}
		checkInfo(t, "fuzz", info, m)
	})
}

// hasDupKeys reports whether any object in data has a key twice.
func hasDupKeys(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj, wantKey bool
		keys         map[string]bool
	}
	var st []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(st) > 0 {
			top = st[len(st)-1]
		}
		if top != nil && top.obj && top.wantKey {
			if k, ok := tok.(string); ok {
				if top.keys[k] {
					return true
				}
				top.keys[k] = true
				top.wantKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			if top != nil && top.obj {
				top.wantKey = true
			}
			st = append(st, &frame{obj: true, wantKey: true, keys: map[string]bool{}})
		case json.Delim('['):
			if top != nil && top.obj {
				top.wantKey = true
			}
			st = append(st, &frame{})
		case json.Delim('}'), json.Delim(']'):
			st = st[:len(st)-1]
		default:
			if top != nil && top.obj {
				top.wantKey = true
			}
		}
	}
}

func TestHasDupKeys(t *testing.T) {
	for in, want := range map[string]bool{
		`{"a":1,"b":{"a":2}}`:       false,
		`{"a":1,"a":2}`:             true,
		`{"a":{"b":1,"b":2}}`:       true,
		`{"a":[{"b":1},{"b":2}]}`:   false,
		`{"a":[1,{"c":1,"c":1}]}`:   true,
		`{"a":{"x":1},"b":{"x":1}}`: false,
	} {
		if hasDupKeys([]byte(in)) != want {
			t.Errorf("%s: want %v", in, want)
		}
	}
}

// TestTestdata checks the bundled CC0 examples (runs without shared fixtures).
func TestTestdata(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			checkFile(t, p, readFile(t, p))
		})
	}
	f, err := ParseFile(readFile(t, "testdata/Bundle-bundle-transaction.json"))
	if err != nil {
		t.Fatal(err)
	}
	if f.BundleType != "transaction" || len(f.Entries) != 6 || f.Skipped != 4 {
		t.Errorf("transaction: %q %d %d", f.BundleType, len(f.Entries), f.Skipped)
	}
}
