package sync_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A record a large NDJSON file gives more than once: read line by line, the file keeps the
// same version as read whole — the newest by meta.lastUpdated, else meta.versionId, and the
// same resource once — and the same person and counts. (Two copies with other contents that
// nothing tells apart refuse the file, TestImportOneRecordTwiceContradicting.)
func TestNDJSONLineByLineKeepsNewestVersion(t *testing.T) {
	path := filepath.Join("testdata", "versions", "dupes.ndjson")
	type outcome struct {
		describe string
		people   []string
		records  []string
	}
	run := func(lineByLine bool) outcome {
		if lineByLine {
			defer cksync.SetStreamMinBytes(1)()
		}
		v, _ := newVault(t)
		s, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var o outcome
		o.describe = s.Describe()
		ps, _ := v.Profiles()
		for _, p := range ps {
			o.people = append(o.people, p.Name)
		}
		for _, r := range allRecords(t, v, storage.Query{}) {
			o.records = append(o.records, fmt.Sprintf("%s/%s %s %s", r.ID.Type, r.ID.ID, r.ID.Source, canonical(t, r.Resource)))
		}
		slices.Sort(o.records)
		again, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d := again.Describe(); d != "nothing new: 6 records already there" {
			t.Errorf("line by line %v: a re-import says %q", lineByLine, d)
		}
		return o
	}
	whole, lines := run(false), run(true)
	if whole.describe != "6 added" || !slices.Equal(whole.people, []string{"Aroha Newest"}) {
		t.Errorf("read whole: %q for %v; want 6 added for Aroha Newest", whole.describe, whole.people)
	}
	want := map[string]string{"a": `"value":73`, "b": `"value":71`, "c": `"value":61`, "d": `"value":72`, "e": `"value":80`}
	for id, v := range want {
		i := slices.IndexFunc(whole.records, func(r string) bool { return strings.HasPrefix(r, "Observation/"+id+" ") })
		if i < 0 || !strings.Contains(whole.records[i], v) {
			t.Errorf("read whole: Observation %s is not the newest (%s): %v", id, v, whole.records)
		}
	}
	if lines.describe != whole.describe || !slices.Equal(lines.people, whole.people) || !slices.Equal(lines.records, whole.records) {
		t.Errorf("line by line: %q for %v\n%v\nread whole: %q for %v\n%v", lines.describe, lines.people, lines.records, whole.describe, whole.people, whole.records)
	}
}
