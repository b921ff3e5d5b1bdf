package sync_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/fhirjson"
	cksync "carekeeper/sync"
)

// ReadInput parses a small plain file without checking it first (fhirjson.Check) and checks
// it only when parsing fails: what it refuses, and the words it refuses it with, must be what
// checking first gave. A cut-off bundle is where they differ: ParseFile names the entry.
func TestReadInputRefusesAsCheckFirst(t *testing.T) {
	gz := func(s string) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.String()
	}
	for _, c := range []struct {
		name, data string
		ok         bool
	}{
		{"bundle", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"a"}}]}`, true},
		{"cut-off bundle", `{"resourceType":"Bundle","entry":[`, false},
		{"cut-off resource", `{"resourceType":"Patient","name":[{"family":"A`, false},
		{"cut-off second line", "{\"resourceType\":\"Patient\",\n\"id\":\"a\"", false},
		{"trailing data", `{"resourceType":"Patient"} x`, false},
		{"not JSON", `<xml/>`, false},
		{"gzip bundle", gz(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"a"}}]}`), true},
		{"gzip cut-off bundle", gz(`{"resourceType":"Bundle","entry":[`), false},
		{"cut-off gzip", gz(`{"resourceType":"Bundle","type":"collection","entry":[]}`)[:20], false},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.json")
			if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := cksync.ReadInput(path)
			if c.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			// What checking first, then parsing, refused it with.
			want := fhirjson.Check(strings.NewReader(c.data))
			if want == nil {
				data, derr := fhirjson.Decompress([]byte(c.data))
				if derr != nil {
					want = derr
				} else {
					_, want = fhirjson.ParseFile(data)
				}
			}
			if got := strings.TrimPrefix(err.Error(), path+": "); got != want.Error() {
				t.Errorf("refused with %q, checking first refused with %q", got, want.Error())
			}
		})
	}
}
