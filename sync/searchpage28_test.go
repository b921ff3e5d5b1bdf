package sync_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// searchset is a server's search answer saved as a file: a Patient and n glucose readings,
// with the Bundle's top (total, link) and extra entries as given.
func searchset(top string, n int, extra string) string {
	var b strings.Builder
	b.WriteString(`{"resourceType":"Bundle","type":"searchset",` + top + `"entry":[`)
	b.WriteString(`{"fullUrl":"http://x.org/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Okafor","given":["Adaeze"]}],"birthDate":"1972-08-14"},"search":{"mode":"include"}}`)
	for i := 1; i <= n; i++ {
		id := string(rune('0' + i))
		b.WriteString(`,{"fullUrl":"http://x.org/fhir/Observation/o` + id + `","resource":{"resourceType":"Observation","id":"o` + id +
			`","status":"final","code":{"text":"Glucose"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-03-1` + id +
			`","valueQuantity":{"value":97,"unit":"mg/dL"}},"search":{"mode":"match"}}`)
	}
	b.WriteString(extra + `]}`)
	return b.String()
}

// A searchset Bundle that is one page of many imported '9 added' without a word, and its
// server's message (an OperationOutcome of search.mode "outcome") was stored as a record of
// nobody's (F186). Now the import line says the file is one page and what the server said,
// and the message is not stored — read whole or entry by entry.
func TestImportSearchsetPageSaid(t *testing.T) {
	outcome := `,{"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"too-costly","diagnostics":"Results truncated: only the first 3 of 200"}]},"search":{"mode":"outcome"}}`
	for _, c := range []struct {
		name, data string
		want       []string
		not        []string
		added      int
	}{
		{"one page of 200", searchset(`"total":200,"link":[{"relation":"self","url":"http://x.org/fhir/Observation?patient=p1"},{"relation":"next","url":"http://x.org/fhir/Observation?patient=p1&page=2"}],`, 3, ""),
			[]string{"4 added; this file is one page of a search (200 in all, 4 here): the rest are not in it"}, nil, 4},
		{"next link, no total", searchset(`"link":[{"relation":"next","url":"http://x.org/fhir/Observation?page=2"}],`, 3, ""),
			[]string{"this file is one page of a search (4 here): the rest are not in it"}, nil, 4},
		{"server's message", searchset(`"total":200,`, 3, outcome),
			[]string{"this file is one page of a search (200 in all, 4 here)", `the server that made it said: "Results truncated: only the first 3 of 200" (not kept as a record)`}, nil, 4},
		{"the whole answer", searchset(`"total":4,"link":[{"relation":"self","url":"http://x.org/fhir/Observation"}],`, 3, ""),
			[]string{"4 added"}, []string{"page", "server"}, 4},
	} {
		for _, stream := range []bool{false, true} {
			t.Run(c.name+map[bool]string{false: "/whole", true: "/entry by entry"}[stream], func(t *testing.T) {
				if stream {
					defer cksync.SetStreamMinBytes(1)()
				}
				v, _ := newVault(t)
				path := filepath.Join(t.TempDir(), "search.json")
				if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
					t.Fatal(err)
				}
				sum, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
				if err != nil {
					t.Fatal(err)
				}
				got := sum.Describe()
				for _, w := range c.want {
					if !strings.Contains(got, w) {
						t.Errorf("import line %q, want %q in it", got, w)
					}
				}
				for _, w := range c.not {
					if strings.Contains(got, w) {
						t.Errorf("import line %q, want no %q", got, w)
					}
				}
				n := 0
				for typ, k := range sum.Added {
					n += k
					if typ == "OperationOutcome" {
						t.Errorf("the server's message was stored as a record: %v", sum.Added)
					}
				}
				if n != c.added {
					t.Errorf("added %v, want %d records", sum.Added, c.added)
				}
			})
		}
	}
}
