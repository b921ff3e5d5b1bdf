package storage

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// testMetaOnly: MetaOnly gives exactly the full listing's profiles, ids and metadata, in the
// same order, with no resource.
func testMetaOnly(t *testing.T, v *Vault) {
	write(t, v, sample())
	write(t, v, &Batch{Now: t0.Add(time.Hour), Deleted: []ID{aliceHb1}})
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	for _, q := range []Query{
		{}, {Profile: "alice"}, {Profile: "alice", Type: "Observation"}, {Type: "Patient"},
		{Profile: "alice", From: d("2020-01-01")}, {Profile: "alice", From: d("2019-01-01"), To: d("2021-01-01")},
		{Profile: SharedProfile},
	} {
		var full, meta []Record
		if err := v.Records(context.Background(), q, func(r *Record) error { full = append(full, *r); return nil }); err != nil {
			t.Fatal(err)
		}
		q.MetaOnly = true
		if err := v.Records(context.Background(), q, func(r *Record) error {
			if r.Resource != nil {
				t.Errorf("%+v: MetaOnly record %v has a resource", q, r.ID)
			}
			meta = append(meta, *r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for i := range full {
			full[i].Resource = nil
		}
		if !reflect.DeepEqual(full, meta) {
			t.Errorf("%+v: MetaOnly\n got %+v\nwant %+v", q, meta, full)
		}
	}
}

// timelineWant is what Timeline must give for q: the dated records of Records(q), newest
// first within each profile.
func timelineWant(t *testing.T, v *Vault, q Query) []Entry {
	t.Helper()
	var want []Entry
	err := v.Records(context.Background(), q, func(r *Record) error {
		if r.Meta.Date != "" {
			want = append(want, Entry{Profile: r.Profile, ID: r.ID, Date: r.Meta.Date, File: r.Meta.File, Deleted: r.Meta.Deleted, Precision: r.Meta.Precision})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.SliceStable(want, func(i, j int) bool {
		if want[i].Profile != want[j].Profile {
			return want[i].Profile > want[j].Profile
		}
		return string(recordKey("", want[i].Date, want[i].ID)) > string(recordKey("", want[j].Date, want[j].ID))
	})
	return want
}

func timelineGot(t *testing.T, v *Vault, q Query) []Entry {
	t.Helper()
	var got []Entry
	if err := v.Timeline(context.Background(), q, func(e *Entry) error { got = append(got, *e); return nil }); err != nil {
		t.Fatal(err)
	}
	return got
}

func checkTimeline(t *testing.T, v *Vault, qs ...Query) {
	t.Helper()
	for _, q := range qs {
		got, want := timelineGot(t, v, q), timelineWant(t, v, q)
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("Timeline(%+v):\n got %+v\nwant %+v", q, got, want)
		}
	}
}

func timelineQueries() []Query {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	return []Query{
		{}, {Profile: "alice"}, {Profile: "bob"}, {Profile: SharedProfile}, {Profile: "nobody"},
		{Profile: "alice", Type: "Observation"}, {Type: "Observation"},
		{Profile: "alice", From: d("2020-01-01")},
		{Profile: "alice", To: d("2020-03-04")}, // exclusive
		{Profile: "alice", From: d("2019-05-06"), To: d("2021-01-02")},
		{Profile: "alice", Type: "Observation", From: d("2020-01-01"), To: d("2020-12-31")},
		{Profile: "alice", From: d("2022-01-01"), To: d("2023-01-01")},
	}
}

func testTimeline(t *testing.T, v *Vault) {
	write(t, v, sample())
	checkTimeline(t, v, timelineQueries()...)
	got := timelineGot(t, v, Query{Profile: "alice"})
	if want := []ID{aliceBP, aliceHb2, aliceHb1}; len(got) != 3 || got[0].ID != want[0] || got[1].ID != want[1] || got[2].ID != want[2] {
		t.Errorf("alice's timeline is not newest first: %+v", got)
	}
	if got[0].File != "sample.json" || got[0].Date != "2021-01-01T10:00:00Z" || got[0].Profile != "alice" || !got[0].Deleted.IsZero() {
		t.Errorf("entry %+v", got[0])
	}
	// A callback error stops the walk and is returned; a cancelled context too.
	stop := errors.New("stop")
	n := 0
	if err := v.Timeline(context.Background(), Query{}, func(*Entry) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("callback error: %v after %d entries", err, n)
	}
}

func testTimelineUpdates(t *testing.T, v *Vault) {
	write(t, v, sample())
	// Move a record to another date and another profile, add one, mark one deleted.
	b := sample()
	b.File, b.Now = "second.json", t0.Add(time.Hour)
	b.Records[1].Meta.Date = "2018-01-01T00:00:00Z" // aliceHb2 moves back in time
	b.Records[6].Profile = "alice"                  // bob's Hb moves to alice
	b.Records = append(b.Records, Record{Profile: "bob", ID: ID{"local", "Encounter", "e1"}, Resource: resource("Encounter", "e1", ""), Meta: Meta{Date: "2022-02-02T00:00:00Z"}})
	write(t, v, b)
	write(t, v, &Batch{Now: t0.Add(2 * time.Hour), Deleted: []ID{aliceBP}})
	checkTimeline(t, v, timelineQueries()...)
	got := timelineGot(t, v, Query{Profile: "alice"})
	if len(got) == 0 || got[0].ID != aliceBP || !got[0].Deleted.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("deleted mark not in the timeline: %+v", got)
	}
	// The undated record gaining a date enters the timeline; losing it leaves it.
	b = sample()
	b.Records[4].Meta.Date = "2017-07-07T00:00:00Z"
	write(t, v, b)
	checkTimeline(t, v, Query{Profile: "alice"})
	write(t, v, sample())
	checkTimeline(t, v, Query{Profile: "alice"})
}

// copyDir copies a vault fixture into a fresh directory with the modes a vault has.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "vault")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		if d.Name() == "README.md" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestMigrateV1Vault opens a vault written by the schema-1 code (testdata/v1vault): it is
// upgraded to the current schema with its records, state and deleted marks intact and a
// complete timeline index; an interrupted upgrade (or one an older build wrote records
// after) is redone from scratch at the next open.
func TestMigrateV1Vault(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "v1vault"))
	v, err := Open(dir, []byte(testPass), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { v.Close() }()
	if got := dumpDB(t, v)[string(prefixSchema)]; got != "2" || SchemaVersion != 2 {
		t.Errorf("schema after upgrade %q", got)
	}
	checkConsistency(t, v)
	if n := countRecords(t, v, Query{}); n != 6 {
		t.Errorf("%d records after upgrade, want 6", n)
	}
	if st, err := v.GetState("test/setting"); err != nil || string(st) != "on" {
		t.Errorf("state after upgrade: %q %v", st, err)
	}
	got := timelineGot(t, v, Query{Profile: "alice"})
	enc := ID{"https://ehr.example/fhir", "Encounter", "enc-1"}
	if len(got) != 3 || got[0].ID != enc || got[0].Deleted.IsZero() || got[0].File != "alice.json" ||
		got[1].ID.ID != "hb-2020" || got[2].ID.ID != "hb-2019" {
		t.Errorf("timeline after upgrade: %+v", got)
	}
	checkTimeline(t, v, Query{}, Query{Profile: "alice"})

	// Simulate an upgrade interrupted part way, with a stale entry from it, and an older
	// build that then wrote a record without maintaining the index.
	err = v.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(prefixSchema, []byte("1")); err != nil {
			return err
		}
		if err := txn.Set(timelineKey("alice", "1999-01-01T00:00:00Z", ID{"local", "Observation", "gone"}), timelineValue(&Meta{})); err != nil {
			return err
		}
		return txn.Delete(timelineKey("alice", "2019-05-06T00:00:00Z", ID{"local", "Observation", "hb-2019"}))
	})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if v, err = Open(dir, []byte(testPass), Options{}); err != nil {
		t.Fatal(err)
	}
	checkConsistency(t, v)
	checkTimeline(t, v, Query{}, Query{Profile: "alice"})
}
