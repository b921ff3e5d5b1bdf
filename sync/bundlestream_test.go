package sync_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// bulkBundle is bulkExport's resources as one Bundle of type typ, pretty-printed or one entry
// a line: every other entry's fullUrl names a server, the others are urn:uuids.
func bulkBundle(tb testing.TB, n int, typ string, pretty bool) []byte {
	tb.Helper()
	var b bytes.Buffer
	b.Write([]byte{0xEF, 0xBB, 0xBF})
	fmt.Fprintf(&b, `{"resourceType":"Bundle","id":"bulk","type":%q,"meta":{"lastUpdated":"2026-12-01T10:00:00Z"},"entry":[`, typ)
	lines := bytes.Split(bytes.TrimPrefix(bulkExport(tb, n), []byte{0xEF, 0xBB, 0xBF}), []byte("\n"))
	k := 0
	for _, l := range lines {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		var head struct{ ResourceType, ID string }
		if err := json.Unmarshal(l, &head); err != nil {
			tb.Fatal(err)
		}
		url := fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", k)
		if k%2 == 1 {
			url = "https://fhir.example.org/r4/" + head.ResourceType + "/" + head.ID
		}
		res := l
		if pretty {
			var ind bytes.Buffer
			if err := json.Indent(&ind, l, "      ", "  "); err != nil {
				tb.Fatal(err)
			}
			res = ind.Bytes()
		}
		if k > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n  {\n    \"fullUrl\": %q,\n    \"resource\": %s,\n    \"request\": {\"method\": \"PUT\", \"url\": %q}\n  }", url, res, head.ResourceType+"/"+head.ID)
		k++
	}
	b.WriteString("\n],\"total\":" + fmt.Sprint(k) + "}\n")
	return b.Bytes()
}

// sortedVaultText is dumpVault with each person's id (random) replaced by what the person is
// (name, birth date, Patients) and its lines sorted, the records' hashes left out.
func sortedVaultText(tb testing.TB, v *storage.Vault) string {
	tb.Helper()
	d := dumpVault(tb, v)
	ps, err := v.Profiles()
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range ps {
		d = strings.ReplaceAll(d, `"id":"`+p.ID+`",`, "")
	}
	for _, p := range ps {
		pj, _ := json.Marshal(p.Patients)
		d = strings.ReplaceAll(d, p.ID, fmt.Sprintf("person(%s|%s|%s)", p.Name, p.BirthDate, pj))
	}
	lines := strings.Split(hashText.ReplaceAllString(d, "Hash:"), "\n")
	var people []map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &people); err == nil {
		sort.Slice(people, func(i, j int) bool { return fmt.Sprint(people[i]) < fmt.Sprint(people[j]) })
		pj, _ := json.Marshal(people)
		lines[0] = string(pj)
	}
	slices.Sort(lines[1:])
	return strings.Join(lines, "\n")
}

// A large Bundle is read entry by entry and read again by place as it is written (F99: its
// re-import held the file parsed whole, 237 MB for 100,000 resources): the vault it makes,
// what the import says, a re-import and a refused file are exactly those of the file read
// whole, for every Bundle of the fixtures and large ones, and a Bundle imported whole before
// is "nothing new" read entry by entry.
func TestImportBundleEntryByEntry(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 12, 5, 20, 0, 0, 0, time.UTC) }
	type file struct {
		name string
		data []byte
	}
	var files []file
	for _, p := range testutil.Fixtures(t, "synthea/*.json") {
		files = append(files, file{filepath.Base(p), testutil.ReadFile(t, p)})
	}
	for _, p := range testutil.Fixtures(t, "hl7-examples/Bundle-*.json") {
		files = append(files, file{filepath.Base(p), testutil.ReadFile(t, p)})
	}
	bulk := bulkBundle(t, 4500, "collection", true) // three write parts
	del := bytes.Replace(bulk, []byte("\n],\"total\""), []byte(",\n  {\"request\": {\"method\": \"DELETE\", \"url\": \"Observation/v23-5\"}}\n],\"total\""), 1)
	files = append(files,
		file{"bulk pretty", bulk},
		file{"bulk one entry a line", bulkBundle(t, 2100, "transaction", false)},
		file{"bulk searchset", bulkBundle(t, 300, "searchset", true)},
		file{"history", bulkBundle(t, 300, "history", true)},
		file{"a bad entry", bytes.Replace(bulk, []byte(`"id": "v23-3000"`), []byte(`"id": "v23-3000",`), 1)},
		file{"a bad date", bytes.Replace(bulk, []byte(`"id": "v23-2000",`), []byte(`"id": "v23-2000", "effectiveDateTime": "2023-02-29",`), 1)},
		file{"an entry not an object", bytes.Replace(bulk, []byte(",\n  {\n    \"fullUrl\""), []byte(",\n  7,\n  {\n    \"fullUrl\""), 1)},
		file{"a key twice", bytes.Replace(bulk, []byte(`"total"`), []byte(`"id":"x","total"`), 1)},
		file{"entry twice", bytes.Replace(bulk, []byte(`"total"`), []byte(`"entry":[],"total"`), 1)},
		file{"something after it", append(bytes.Clone(bulk), "{}\n"...)},
		file{"cut off", bulk[:len(bulk)-40]},
		file{"a record twice", bytes.Replace(bulk, []byte(`"id": "v23-3000"`), []byte(`"id": "v23-2999"`), 1)},
		file{"a DELETE", del},
		file{"no comma between entries", bytes.Replace(bulk, []byte(",\n  {\n    \"fullUrl\""), []byte("\n  {\n    \"fullUrl\""), 1)},
		file{"a comma after the last entry", bytes.Replace(bulk, []byte("\n],\"total\""), []byte(",\n],\"total\""), 1)},
		file{"not UTF-8", bytes.Replace(bulk, []byte(`"id": "v23-3000"`), []byte("\"id\": \"v23-3000\xff\""), 1)},
	)
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "file.json")
			if err := os.WriteFile(path, f.data, 0o600); err != nil {
				t.Fatal(err)
			}
			var whole, entries []string
			for _, min := range []int64{math.MaxInt64, 1} {
				restore := cksync.SetStreamMinBytes(min)
				v, _ := newVault(t)
				var got []string
				for range 2 { // the second import changes nothing
					s, err := cksync.ImportFile(ctx, v, path, cksync.Options{Now: now})
					if err != nil {
						got = append(got, err.Error())
						continue
					}
					for i, p := range s.People {
						s.People[i] = fmt.Sprint(i)
						if p == s.Profile {
							s.Profile = s.People[i]
						}
					}
					s.NewPeople = nil
					sj, _ := json.Marshal(s)
					got = append(got, string(sj))
				}
				got = append(got, sortedVaultText(t, v))
				restore()
				if min == 1 {
					entries = got
				} else {
					whole = got
					// imported whole, again entry by entry: nothing new
					restore := cksync.SetStreamMinBytes(1)
					s, err := cksync.ImportFile(ctx, v, path, cksync.Options{Now: now})
					restore()
					if err == nil && len(s.Added)+len(s.Updated) != 0 {
						t.Errorf("imported whole, then entry by entry: %+v", s)
					}
				}
			}
			for i := range whole {
				if whole[i] != entries[i] {
					t.Errorf("step %d: entry by entry differs from the file read whole:\n%.600s\nwant\n%.600s", i, entries[i], whole[i])
				}
			}
		})
	}
}

// What a large Bundle's import holds of the file before it writes is what identities and
// people need, not the file (F99). Measured as the live heap the read input keeps, per
// resource (the resources of this file are ~1.3 KB each, pretty-printed ~2 KB).
func TestImportBundleHoldsNotTheFile(t *testing.T) {
	const n = 6000
	path := filepath.Join(t.TempDir(), "bulk.json")
	if err := os.WriteFile(path, bulkBundle(t, n, "collection", true), 0o600); err != nil {
		t.Fatal(err)
	}
	defer cksync.SetStreamMinBytes(1)()
	live := func() int64 {
		runtime.GC()
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		return int64(s[0].Value.Uint64())
	}
	before := live()
	in, err := cksync.ReadInput(path)
	if err != nil {
		t.Fatal(err)
	}
	held := (live() - before) / n
	runtime.KeepAlive(in)
	t.Logf("the read input holds %d bytes per resource", held)
	if held > 500 {
		t.Errorf("the read input holds %d bytes per resource; want at most 500 (not the file)", held)
	}
	v, _ := newVault(t)
	s, err := in.Import(ctx, v, cksync.Options{})
	if err != nil || s.Added["Patient"] != 1 || s.Describe() != fmt.Sprintf("%d added", n) || !strings.HasPrefix(s.File, path) {
		t.Fatalf("import: %+v, %v", s, err)
	}
}
