package sync_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// F501: a broken export gave Lucía's fasting glucose of 97 mg/dL a second time, as 301, with
// the same id and nothing saying which is newer. The later was imported without a word ("1
// updated"), and her pregnancy's card counted a dangerous reading she never had. Such a file
// is refused in one line, read whole or line by line, and the vault is left as it was; the
// same copy given twice, or two versions a date tells apart, still import.
func TestImportOneRecordTwiceContradicting(t *testing.T) {
	glucose := func(id, value, extra string) string {
		return `{"resourceType":"Observation","id":"` + id + `",` + extra + `"status":"final","code":{"text":"Glucose"},"subject":{"reference":"Patient/l1"},"effectiveDateTime":"2026-12-03T07:30:00+01:00","valueQuantity":{"value":` + value + `,"unit":"mg/dL"}}`
	}
	patient := `{"resourceType":"Patient","id":"l1","name":[{"family":"Herrera","given":["Lucía"]}],"birthDate":"1994-02-11"}`
	bundle := func(res ...string) []byte {
		var b strings.Builder
		b.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
		for i, r := range res {
			if i > 0 {
				b.WriteByte(',')
			}
			id := r[strings.Index(r, `"id":"`)+6:]
			id = id[:strings.IndexByte(id, '"')]
			typ := r[strings.Index(r, `"resourceType":"`)+16:]
			typ = typ[:strings.IndexByte(typ, '"')]
			b.WriteString(`{"fullUrl":"https://fhir.hulapaz.example.es/fhir/` + typ + `/` + id + `","resource":` + r + `}`)
		}
		b.WriteString(`]}`)
		return []byte(b.String())
	}
	ndjson := func(res ...string) []byte { return []byte(strings.Join(res, "\n") + "\n") }
	good := []string{patient, glucose("g4", "97", ""), glucose("g5", "88", "")}
	twice := append(append([]string{}, good...), glucose("g4", "301", ""))
	for _, streamed := range []bool{false, true} {
		for _, c := range []struct {
			name string
			data []byte
			want string // the error, "" for an import
		}{
			{"bundle", bundle(twice...), "entry 4: a second Observation with the id of entry 2, with other contents and no newer version"},
			{"ndjson", ndjson(twice...), "entry 4: a second Observation with the id of entry 2, with other contents and no newer version"},
			{"bundle same copy twice", bundle(append(append([]string{}, good...), good[1])...), ""},
			{"ndjson same copy twice", ndjson(append(append([]string{}, good...), good[1])...), ""},
			{"versions told apart", bundle(patient, glucose("g4", "301", `"meta":{"versionId":"1","lastUpdated":"2026-12-03T08:00:00Z"},`), glucose("g4", "97", `"meta":{"versionId":"2","lastUpdated":"2026-12-03T09:00:00Z"},`), glucose("g5", "88", "")), ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				if streamed {
					defer cksync.SetStreamMinBytes(1)()
				}
				v, _ := newVault(t)
				dir := t.TempDir()
				first := filepath.Join(dir, "lucia-lapaz.json")
				if err := os.WriteFile(first, bundle(good...), 0o600); err != nil {
					t.Fatal(err)
				}
				if _, err := cksync.ImportFile(ctx, v, first, cksync.Options{}); err != nil {
					t.Fatal(err)
				}
				before := dumpVault(t, v)
				path := filepath.Join(dir, "lucia-dup-id.json")
				if err := os.WriteFile(path, c.data, 0o600); err != nil {
					t.Fatal(err)
				}
				s, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
				if c.want != "" {
					checkFileError(t, err, path, c.want)
					if s != nil {
						t.Errorf("a summary with the error: %+v", s)
					}
					if dumpVault(t, v) != before {
						t.Fatal("the vault changed")
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if after := dumpVault(t, v); !strings.Contains(after, `"value":97`) || strings.Contains(after, `"value":301`) {
					t.Errorf("the reading kept is not 97 mg/dL:\n%s", after)
				}
			})
		}
	}
}
