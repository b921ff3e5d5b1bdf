package fhirjson

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDuplicateKeys(t *testing.T) {
	many := func(dup string) string { // an object with 20 keys: the map path
		var b strings.Builder
		b.WriteString(`{"resourceType":"Basic"`)
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&b, `,"k%d":%d`, i, i)
		}
		return b.String() + dup + "}"
	}
	cases := []struct {
		name, in string
		msg      string // "" = accepted
		entry    int
	}{
		{"top level", `{"resourceType":"Patient","birthDate":"1970-01-01","birthDate":"1980-01-01"}`, `duplicate key "birthDate"`, 0},
		{"nested", `{"resourceType":"Patient","name":[{"family":"A","given":["B"],"family":"C"}]}`, `duplicate key "family"`, 0},
		{"resourceType twice", `{"resourceType":"Patient","resourceType":"Basic"}`, `duplicate key "resourceType"`, 0},
		{"written with an escape", `{"resourceType":"Patient","id":"a","\u0069d":"b"}`, `duplicate key`, 0},
		{"both written with escapes", `{"resourceType":"Patient","\u0069d":"a","\u0069\u0064":"b"}`, `duplicate key`, 0},
		{"many keys", many(`,"k7":0`), `duplicate key "k7"`, 0},
		{"many keys, escaped", many(`,"k\u0037":0`), `duplicate key`, 0},
		{"many keys, no duplicate", many(`,"k20":0`), "", 0},
		{"same key in different objects", `{"resourceType":"Patient","a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}`, "", 0},
		{"case differs", `{"resourceType":"Patient","id":"a","ID":"b"}`, "", 0},
		{"bundle entry 2", `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"}},{"resource":{"resourceType":"Basic","id":"1","id":"2"}}]}`, `duplicate key "id"`, 2},
		{"bundle entry resource twice", `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"},"resource":{"resourceType":"Patient"}}]}`, `duplicate key "resource"`, 1},
		{"bundle request method twice", `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic"},"request":{"method":"PUT","url":"Basic/1","method":"DELETE"}}]}`, `duplicate key "method"`, 1},
		{"bundle entry twice", `{"resourceType":"Bundle","entry":[],"entry":[{"resource":{"resourceType":"Basic"}}]}`, `duplicate key "entry"`, 0},
		{"ndjson line 2", "{\"resourceType\":\"Basic\"}\n{\"resourceType\":\"Basic\",\"id\":\"1\",\"id\":\"1\"}\n", `duplicate key "id"`, 2},
		{"syntax error later wins", `{"resourceType":"Patient","id":"a","id":"b",}`, msgExpectKey, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseFile([]byte(c.in))
			if c.msg == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Msg != c.msg || e.Entry != c.entry {
				t.Fatalf("got %v, want %q in entry %d", err, c.msg, c.entry)
			}
			if e.Line == 0 || e.Column == 0 {
				t.Errorf("no position: %+v", e)
			}
		})
	}
	// Summarize refuses them too.
	if _, err := Summarize([]byte(`{"resourceType":"Patient","name":[{"family":"A","family":"C"}]}`)); err == nil || !strings.HasPrefix(err.Error(), `duplicate key "family" at line 1, column 49`) {
		t.Errorf("Summarize: %v", err)
	}
	// A key from the data that does not look like an element name is not repeated.
	if _, err := ParseFile([]byte(`{"resourceType":"Patient","Zyx wvut":1,"Zyx wvut":2}`)); err == nil || strings.Contains(err.Error(), "Zyx") {
		t.Errorf("got %v", err)
	}
}

// An object with many keys keeps their hashes (F84); keys whose hashes collide are still told
// apart by their bytes, and a duplicate among them is still found.
func TestDuplicateKeysHashCollisions(t *testing.T) {
	defer func(h func([]byte) uint64) { keyHash = h }(keyHash)
	keyHash = func([]byte) uint64 { return 7 }
	obj := func(extra string) []byte {
		var b strings.Builder
		b.WriteString(`{"resourceType":"Basic"`)
		for i := 0; i < 100; i++ {
			fmt.Fprintf(&b, `,"k%d":%d`, i, i)
		}
		return []byte(b.String() + extra + "}")
	}
	if _, err := ParseFile(obj(`,"k100":0`)); err != nil {
		t.Errorf("100 different keys of one hash: %v", err)
	}
	for _, dup := range []string{`,"k42":0`, `,"k\u0034\u0032":0`, `,"resourceType":"Basic"`} {
		if _, err := ParseFile(obj(dup)); err == nil || !strings.Contains(err.Error(), "duplicate key") {
			t.Errorf("%s given twice among keys of one hash: %v", dup, err)
		}
	}
}

// F84: one object of more members than any FHIR element has is refused in one line, without
// holding its keys (a hostile resource of 2 million keys peaked at 277 MB); 10,000 are read.
func TestObjectWithTooManyKeysRefused(t *testing.T) {
	obj := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"resourceType":"Basic"`)
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, `,"k%d":1`, i)
		}
		return []byte(b.String() + "}")
	}
	if _, err := ParseFile(obj(maxObjectKeys)); err != nil {
		t.Errorf("%d members: %v", maxObjectKeys, err)
	}
	_, err := ParseFile(obj(maxObjectKeys + 1))
	if err == nil || !strings.Contains(err.Error(), msgManyKeys) {
		t.Errorf("%d members: %v, want %q", maxObjectKeys+1, err, msgManyKeys)
	}
	if err := Check(strings.NewReader(string(obj(3 * maxObjectKeys)))); err != nil && !strings.Contains(err.Error(), msgManyKeys) {
		t.Errorf("Check: %v", err)
	}
}
