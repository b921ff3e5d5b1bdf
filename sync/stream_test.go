package sync_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// bulkExport is a portal's bulk NDJSON export as /work/v23data/gen.py makes it (F13): one
// Patient and n-1 resources copied from a Synthea bundle with new ids, all of that Patient.
// A byte order mark, a blank line and a CRLF line ending are put in as a portal may.
func bulkExport(tb testing.TB, n int) []byte {
	tb.Helper()
	var bundle struct {
		Entry []struct{ Resource map[string]any } `json:"entry"`
	}
	data := testutil.ReadFile(tb, testutil.Fixture(tb, "synthea/Clair921_*.json"))
	if err := json.Unmarshal(data, &bundle); err != nil {
		tb.Fatal(err)
	}
	var pat map[string]any
	var others [][]byte
	for _, e := range bundle.Entry {
		if e.Resource["resourceType"] == "Patient" {
			pat = e.Resource
			continue
		}
		b, _ := json.Marshal(e.Resource)
		others = append(others, b)
	}
	pid := pat["id"].(string)
	pat["id"] = "bigpat"
	pat["name"] = []map[string]any{{"family": "Ngata", "given": []string{"Aroha"}}}
	var out bytes.Buffer
	out.Write([]byte{0xEF, 0xBB, 0xBF})
	pb, _ := json.Marshal(pat)
	out.Write(pb)
	out.WriteString("\r\n\n")
	for i := 1; i < n; i++ {
		var r map[string]any
		if err := json.Unmarshal(others[(i-1)%len(others)], &r); err != nil {
			tb.Fatal(err)
		}
		r["id"] = fmt.Sprintf("v23-%d", i)
		b, _ := json.Marshal(r)
		out.Write(bytes.ReplaceAll(b, []byte(pid), []byte("bigpat")))
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// vaultText is dumpVault with the people's ids (random) replaced by their order of creation,
// and the records' hashes (of their person's id too) left out.
func vaultText(tb testing.TB, v *storage.Vault) string {
	tb.Helper()
	d := dumpVault(tb, v)
	ps, err := v.Profiles()
	if err != nil {
		tb.Fatal(err)
	}
	for i, p := range ps {
		d = strings.ReplaceAll(d, p.ID, fmt.Sprintf("person-%d", i))
	}
	return hashText.ReplaceAllString(d, "Hash:")
}

var hashText = regexp.MustCompile(`Hash:\[[0-9 ]*\]`)

// A large NDJSON file is read line by line and read again by offset as it is written (F13):
// the vault it makes, the summary, a re-import and a refused bad line are exactly those of
// the file read whole.
func TestImportNDJSONLineByLine(t *testing.T) {
	const n = 4500 // three write parts
	data := bulkExport(t, n)
	path := filepath.Join(t.TempDir(), "bulk.ndjson")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC) }
	importBoth := func(t *testing.T, path string) (whole, lines []string) {
		t.Helper()
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
				if p, err := v.Profile(s.Profile); err == nil {
					s.Profile, s.People, s.NewPeople = p.Name, nil, nil
				}
				sj, _ := json.Marshal(s)
				got = append(got, string(sj))
			}
			got = append(got, vaultText(t, v))
			restore()
			if min == 1 {
				lines = got
			} else {
				whole = got
			}
		}
		return whole, lines
	}
	whole, lines := importBoth(t, path)
	if !strings.Contains(whole[0], `"Observation":`) || !strings.Contains(whole[1], fmt.Sprintf(`"unchanged":%d`, n)) {
		t.Fatalf("whole-file import: %.300s / %.300s", whole[0], whole[1])
	}
	for i := range whole {
		if whole[i] != lines[i] {
			t.Errorf("step %d: line by line differs from the file read whole:\n%.400s\nwant\n%.400s", i, lines[i], whole[i])
		}
	}

	// A bad line anywhere: the same one-line error, nothing written.
	bad := bytes.Replace(data, []byte(`"id":"v23-3000"`), []byte(`"id":"v23-3000",`), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("no bad line made")
	}
	badPath := filepath.Join(t.TempDir(), "bad.ndjson")
	if err := os.WriteFile(badPath, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	whole, lines = importBoth(t, badPath)
	if !strings.HasPrefix(whole[0], badPath+": line ") {
		t.Fatalf("bad line: %q, want an error naming the file and the line", whole[0])
	}
	for i := range whole {
		if whole[i] != lines[i] {
			t.Errorf("bad file, step %d: line by line %q, want %q", i, lines[i], whole[i])
		}
	}
}

// What a large NDJSON file's import holds of the file before it writes is what identities
// and people need, not the file (F13: a 100,000-resource file was held parsed whole, ~2 KB
// per resource, and the import peaked at 753 MB). Measured as the live heap the read input
// keeps, per resource; the resources of this file are ~1.3 KB each.
func TestImportNDJSONHoldsNotTheFile(t *testing.T) {
	const n = 6000
	path := filepath.Join(t.TempDir(), "bulk.ndjson")
	if err := os.WriteFile(path, bulkExport(t, n), 0o600); err != nil {
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
	if held > 400 {
		t.Errorf("the read input holds %d bytes per resource; want at most 400 (not the file)", held)
	}
	v, _ := newVault(t)
	if s, err := in.Import(ctx, v, cksync.Options{}); err != nil || s.Added["Patient"] != 1 {
		t.Fatalf("import: %+v, %v", s, err)
	}
}

// A large NDJSON file that changes between its reading and its writing is not imported: the
// import says so in one line naming the file, and the vault is as it was.
func TestImportNDJSONChangedWhileImported(t *testing.T) {
	defer cksync.SetStreamMinBytes(1)()
	data := bulkExport(t, 2500)
	path := filepath.Join(t.TempDir(), "bulk.ndjson")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	v, _ := newVault(t)
	before := dumpVault(t, v)
	in, err := cksync.ReadInput(path)
	if err != nil {
		t.Fatal(err)
	}
	// The same size, one value changed in a line near the end.
	changed := bytes.Replace(data, []byte(`"id":"v23-2400"`), []byte(`"id":"v23-2401"`), 1)
	if bytes.Equal(changed, data) {
		t.Fatal("nothing changed")
	}
	if err := os.WriteFile(path, changed, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = in.Import(ctx, v, cksync.Options{})
	if !errors.Is(err, storage.ErrChangedSource) || err.Error() != path+": the file changed while it was imported" {
		t.Fatalf("import of a changed file: %v", err)
	}
	if dumpVault(t, v) != before {
		t.Fatal("the vault changed")
	}
}
