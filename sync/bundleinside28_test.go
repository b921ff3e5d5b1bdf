package sync_test

import (
	"os"
	"path/filepath"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A Bundle on an NDJSON line, or inside a Bundle, was stored whole as one record of nobody's:
// its results never showed and the import said '2 added' (F190). Now its entries are read as a
// Bundle file's are: the Observation is the person's, no Bundle is stored — read whole and
// line by line (entry by entry).
func TestImportBundleInsideIsUnpacked(t *testing.T) {
	const rex = `{"resourceType":"Patient","id":"rex","name":[{"family":"Stone","given":["Rex"]}],"birthDate":"1971-05-02"}`
	const obs = `{"resourceType":"Observation","id":"hiv","status":"final","code":{"text":"HIV 1 RNA"},"subject":{"reference":"Patient/rex"},"effectiveDateTime":"2026-03-10","valueQuantity":{"value":48000,"unit":"copies/mL"}}`
	const coll = `{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + rex + `},{"resource":` + obs + `}]}`
	const doc = `{"resourceType":"Bundle","type":"document","entry":[` +
		`{"fullUrl":"urn:uuid:11111111-1111-4111-8111-111111111111","resource":{"resourceType":"Composition","status":"final","type":{"text":"Summary"},"subject":{"reference":"urn:uuid:22222222-2222-4222-8222-222222222222"},"date":"2026-03-10","author":[{"display":"Dr Who"}],"title":"Summary"}},` +
		`{"fullUrl":"urn:uuid:22222222-2222-4222-8222-222222222222","resource":{"resourceType":"Patient","name":[{"family":"Stone","given":["Rex"]}],"birthDate":"1971-05-02"}},` +
		`{"fullUrl":"urn:uuid:33333333-3333-4333-8333-333333333333","resource":{"resourceType":"Observation","status":"final","code":{"text":"Haemoglobin"},"subject":{"reference":"urn:uuid:22222222-2222-4222-8222-222222222222"},"effectiveDateTime":"2026-03-10","valueQuantity":{"value":13.5,"unit":"g/dL"}}}]}`
	for _, c := range []struct {
		name, data string
		obs        int
	}{
		{"NDJSON line", rex + "\n" + coll + "\n", 1},
		{"document in a collection", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + rex + `},{"resource":` + doc + `}]}`, 1},
		{"Bundle in a Bundle in a Bundle", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + coll + `}]}}]}`, 1},
	} {
		for _, stream := range []bool{false, true} {
			t.Run(c.name+map[bool]string{false: "/whole", true: "/by line or entry"}[stream], func(t *testing.T) {
				if stream {
					defer cksync.SetStreamMinBytes(1)()
				}
				v, _ := newVault(t)
				path := filepath.Join(t.TempDir(), "rex.json")
				if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
					t.Fatal(err)
				}
				sum, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if n := len(allRecords(t, v, storage.Query{Type: "Bundle"})); n != 0 || sum.Added["Bundle"] != 0 {
					t.Errorf("%q: %d Bundle stored, want its records", sum.Describe(), n)
				}
				if len(sum.People) != 1 {
					t.Fatalf("%q: people %v, want Rex alone", sum.Describe(), sum.People)
				}
				if n := len(allRecords(t, v, storage.Query{Profile: sum.People[0], Type: "Observation"})); n != c.obs {
					t.Errorf("%q: %d of Rex's Observations, want %d", sum.Describe(), n, c.obs)
				}
			})
		}
	}
}
