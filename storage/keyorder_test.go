package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

// reimportBatch is base's records again in another order, with some of them different in
// every way writeRecord compares (resource, deletion, card mark, precision), and extra new
// records.
func reimportBatch(base *Batch, extra int) *Batch {
	b := &Batch{File: "again.json", Now: time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC), Profiles: base.Profiles}
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(base.Records))
	for _, i := range order {
		r := base.Records[i]
		r.Meta = Meta{FullURL: r.Meta.FullURL, Date: r.Meta.Date, Codes: r.Meta.Codes, Identifiers: r.Meta.Identifiers}
		switch i % 9 {
		case 1:
			r.Resource = randomResource(r.ID.Type, r.ID.ID, 1500)
		case 2:
			r.Meta.Deleted = b.Now
		case 3:
			r.Meta.Card = &CardMark{Issuer: "https://issuer.example"}
		case 4:
			r.Meta.Precision = fhirjson.PrecisionMonth // stored before its precision was kept
		case 5:
			r.Meta.Precision = fhirjson.SortablePrecision(r.Meta.Date)
		}
		b.Records = append(b.Records, r)
	}
	for i := range extra {
		id := fmt.Sprintf("new-%05d", i)
		b.Records = append(b.Records, Record{Profile: "p1", ID: ID{"local", "Observation", id}, Resource: randomResource("Observation", id, 1500),
			Meta: Meta{Date: "2021-03-04T00:00:00Z"}})
	}
	return b
}

// Write finds a large batch's stored copies in key order (F61): it stores exactly what one
// lookup per record stores, and counts the same.
func TestWriteInKeyOrderSameAsPerRecord(t *testing.T) {
	base := baseBatch(1500)
	again := reimportBatch(base, 300)
	run := func(threshold int) (*Vault, *Result) {
		defer func(n int) { keyOrderRecords = n }(keyOrderRecords)
		keyOrderRecords = threshold
		v := newTestVault(t, Options{})
		if _, err := v.Write(context.Background(), base); err != nil {
			t.Fatal(err)
		}
		b := *again
		b.Records = slices.Clone(again.Records)
		res, err := v.Write(context.Background(), &b)
		if err != nil {
			t.Fatal(err)
		}
		checkConsistency(t, v)
		return v, res
	}
	for _, parts := range []int{2000, 400} {
		defer func(n int) { partRecords = n }(partRecords)
		partRecords = parts
		perRecord, rp := run(1 << 30)
		keyOrder, rk := run(1)
		if !reflect.DeepEqual(rp, rk) {
			t.Errorf("parts %d: key order counted %+v, one lookup per record %+v", parts, rk, rp)
		}
		if rk.Unchanged == 0 || len(rk.Updated) == 0 || len(rk.Added) == 0 {
			t.Errorf("parts %d: the batch should have unchanged, updated and added records: %+v", parts, rk)
		}
		if d := diffDumps(dumpDB(t, perRecord), dumpDB(t, keyOrder)); d != "" {
			t.Errorf("parts %d: the vaults differ:\n%s", parts, d)
		}
	}
}

// lazyRecords is a LazyRecords over records held in memory, counting the records loaded.
type lazyRecords struct {
	recs   []Record
	loaded int
}

func (l *lazyRecords) Len() int { return len(l.recs) }
func (l *lazyRecords) Key(i int) (ID, []byte) {
	r := &l.recs[i]
	return r.ID, RecordHash(r.Profile, r.Meta.FullURL, r.Resource)
}
func (l *lazyRecords) Unique() bool                       { return true }
func (l *lazyRecords) Precision(i int) fhirjson.Precision { return l.recs[i].Meta.Precision }
func (l *lazyRecords) Load(idx []int) ([]Record, error) {
	out := make([]Record, len(idx))
	for n, i := range idx {
		out[n] = l.recs[i]
	}
	l.loaded += len(idx)
	return out, nil
}

// A large file imported again that changed nothing (F61): Write decides on the stored
// metadata read in key order, so it loads no record from the file, looks none up one by one,
// and commits nothing; a file with a few changes loads and writes only those.
func TestRewriteOfLargeBatchLoadsAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	base := baseBatch(keyOrderRecords + 200)
	for i := range base.Records {
		base.Records[i].Meta.Precision = fhirjson.SortablePrecision(base.Records[i].Meta.Date)
	}
	lazy := func(recs []Record) *Batch {
		return &Batch{File: "big.ndjson", Now: base.Now, Profiles: base.Profiles, Lazy: &lazyRecords{recs: recs}}
	}
	v := newTestVault(t, Options{})
	first := lazy(base.Records)
	if res, err := v.Write(ctx, first); err != nil || res.Added["Observation"] != len(base.Records) {
		t.Fatalf("first write: %+v, %v", res, err)
	}
	before, version := dumpDB(t, v), v.db.MaxVersion()

	again := make([]Record, len(base.Records))
	for n, i := range rand.New(rand.NewPCG(3, 4)).Perm(len(again)) {
		again[n] = base.Records[i]
	}
	lookups := countLookups(t)
	b := lazy(again)
	res, err := v.Write(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed() || res.Unchanged != len(again) {
		t.Errorf("the same records again: %+v, want all %d unchanged", res, len(again))
	}
	if n := b.Lazy.(*lazyRecords).loaded; n != 0 {
		t.Errorf("%d records loaded from the file, want none", n)
	}
	if *lookups != 0 {
		t.Errorf("%d records looked up one by one, want none", *lookups)
	}
	if got := v.db.MaxVersion(); got != version {
		t.Errorf("the vault committed a write (version %d → %d)", version, got)
	}
	if d := diffDumps(before, dumpDB(t, v)); d != "" {
		t.Errorf("the vault changed:\n%s", d)
	}

	// Three changed: only they are loaded and looked up.
	for _, i := range []int{5, 500, len(again) - 1} {
		again[i].Resource = randomResource(again[i].ID.Type, again[i].ID.ID, 1500)
	}
	*lookups = 0
	b = lazy(again)
	if res, err = v.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	if res.Updated["Observation"] != 3 || res.Unchanged != len(again)-3 {
		t.Errorf("three changed: %+v", res)
	}
	if n := b.Lazy.(*lazyRecords).loaded; n != 3 || *lookups != 3 {
		t.Errorf("three changed: %d loaded, %d looked up, want 3 and 3", n, *lookups)
	}
	checkConsistency(t, v)
}

// A large Lookup walks the identities in key order and finds what one lookup per identity
// finds.
func TestLookupInKeyOrder(t *testing.T) {
	v := newTestVault(t, Options{})
	base := baseBatch(300)
	if _, err := v.Write(context.Background(), base); err != nil {
		t.Fatal(err)
	}
	var ids []ID
	for i := len(base.Records) - 1; i >= 0; i-- {
		ids = append(ids, base.Records[i].ID, ID{"local", "Observation", fmt.Sprint("absent-", i)})
	}
	ids = append(ids, ID{"zzz", "Patient", "last"}, ID{"", "", ""})
	lookup := func(threshold int) []string {
		defer func(n int) { keyOrderRecords = n }(keyOrderRecords)
		keyOrderRecords = threshold
		l, err := v.Lookup(ids)
		if err != nil {
			t.Fatal(err)
		}
		return l.Profiles
	}
	perID, keyOrder := lookup(1<<30), lookup(1)
	if !reflect.DeepEqual(perID, keyOrder) {
		t.Errorf("key order found %v, one lookup per identity %v", keyOrder, perID)
	}
	if perID[0] != "p1" || perID[1] != "" {
		t.Errorf("held %q, absent %q: want p1 and none", perID[0], perID[1])
	}
	// Held identities far apart (more than keyOrderSkip held keys between two), absent ones
	// between and around them: the walk asks before it seeks (txn.Get) and passes the absent
	// ones over, and finds the held ones as one lookup per identity does.
	ids = ids[:0]
	for i := 0; i+3*keyOrderSkip/2 < len(base.Records); i += 3*keyOrderSkip + 1 {
		id, mid := base.Records[i].ID, base.Records[i+3*keyOrderSkip/2].ID // ids in key order
		ids = append(ids, ID{id.Source, id.Type, "0" + id.ID}, id, ID{mid.Source, mid.Type, mid.ID + "-absent"})
	}
	if len(ids) < 6 {
		t.Fatalf("%d identities: the batch is too small for the test", len(ids))
	}
	perID, keyOrder = lookup(1<<30), lookup(1)
	if !reflect.DeepEqual(perID, keyOrder) {
		t.Errorf("far apart: key order found %v, one lookup per identity %v", keyOrder, perID)
	}
	for i, p := range keyOrder {
		if held := i%3 == 1; held != (p != "") {
			t.Errorf("far apart: identity %d held by %q, want held %v", i, p, held)
		}
	}
}

// A large write's key-order walk gives back the table pages it maps as it goes, as a long
// read does (resident.go): a re-import that changed nothing walks most of the vault's tables
// and, writing nothing, never reaches the release after a bulk write (F61: the 100k NDJSON's
// re-import ended with ~20 MB of tables resident).
func TestKeyOrderWalkReleasesTablePages(t *testing.T) {
	dir := newVaultDir(t)
	w := openTestVault(t, dir, Options{})
	b := &Batch{Now: t0, Profiles: []Profile{{ID: "alice", Name: "Alice", Created: t0}}}
	for i := range max(5*releaseEvery, keyOrderRecords) {
		id := ID{"local", "Observation", fmt.Sprintf("obs-%05d", i)}
		b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: randomResource("Observation", id.ID, 1500),
			Meta: Meta{Date: fmt.Sprintf("2020-01-01T00:%02d:%02dZ", i/60%60, i%60)}})
	}
	again := *b
	again.Records = slices.Clone(b.Records)
	write(t, w, b)
	if err := w.Close(); err != nil { // everything into tables
		t.Fatal(err)
	}
	ssts, _ := filepath.Glob(filepath.Join(dir, dbDirName, "*.sst"))
	var total int64
	for _, p := range ssts {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	v := openTestVault(t, dir, Options{Quiet: true}) // no compaction maps tables while the test looks
	v.maps.release()                                 // what opening touched
	res, err := v.Write(context.Background(), &again)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != len(b.Records) {
		t.Fatalf("%+v, want all %d unchanged", res, len(b.Records))
	}
	atEnd, ok := tablesResident(t, v)
	if !ok {
		t.Skip("the tables' resident size is read on Linux only")
	}
	if total == 0 || atEnd > total/2 {
		t.Errorf("after the write %d KiB of the %d KiB of tables are resident: the walk kept what it mapped", atEnd>>10, total>>10)
	}
}
