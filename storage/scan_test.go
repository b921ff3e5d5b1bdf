package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"

	badger "github.com/dgraph-io/badger/v4"
)

// scanVault holds n Observations of p1 (dated, and some undated), every size class a scan
// batch meets: small frames, a batch's worth of bytes in one record, several batches.
func scanVault(t *testing.T, n int) (*Vault, map[ID][]byte) {
	t.Helper()
	v := newTestVault(t, Options{})
	b := &Batch{File: "f.json", Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Profiles: []Profile{{ID: "p1", Name: "First"}, {ID: "p2", Name: "Second"}}}
	want := map[ID][]byte{}
	for i := 0; i < n; i++ {
		p, date := "p1", fmt.Sprintf("20%02d-%02d-01T00:00:00Z", i%20, 1+i%12)
		if i%5 == 0 {
			date = "" // undated
		}
		if i%7 == 0 {
			p = "p2"
		}
		id := ID{"local", []string{"Observation", "Condition"}[i%2], fmt.Sprintf("r%05d", i)}
		size := []int{60, 300, 1500, 5000, scanBatchBytes + 100}[i%5]
		res := randomResource(id.Type, id.ID, size)
		want[id] = res
		b.Records = append(b.Records, Record{Profile: p, ID: id, Resource: res, Meta: Meta{FullURL: "urn:uuid:" + id.ID, Date: date, Codes: []string{"http://loinc.org|" + id.ID}}})
	}
	if _, err := v.Write(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return v, want
}

// eachScanPath runs test with scans decoded on the caller's goroutine (what a short scan
// does), on decoding goroutines from the first batch, and switching to them after the first
// batch (what a long scan does).
func eachScanPath(t *testing.T, test func(t *testing.T)) {
	for _, inline := range []int{scanInlineRecords, 0, scanBatchRecords + 5} {
		t.Run(fmt.Sprintf("inline=%d", inline), func(t *testing.T) {
			was := scanInlineRecords
			scanInlineRecords = inline
			t.Cleanup(func() { scanInlineRecords = was })
			test(t)
		})
	}
}

// A scan shorter than scanInlineRecords decodes on the caller's goroutine: no goroutine of
// decodeScan's runs while fn is called (a year of one person, ~8,000 records, paid ~20 % more
// CPU on two cores for the goroutines' wake-ups). A longer one decodes on other goroutines.
func TestShortScanDecodesOnTheCallersGoroutine(t *testing.T) {
	v, _ := scanVault(t, 400)
	scanners := func() int {
		buf := make([]byte, 1<<20)
		return bytes.Count(buf[:runtime.Stack(buf, true)], []byte("created by carekeeper/storage.decodeScan"))
	}
	for _, reuse := range []bool{false, true} {
		most := 0
		err := v.Records(context.Background(), Query{Reuse: reuse}, func(*Record) error {
			most = max(most, scanners())
			return nil
		})
		if err != nil || most != 0 {
			t.Errorf("reuse=%v: %d goroutines of decodeScan while fn ran (%v)", reuse, most, err)
		}
	}
	was := scanInlineRecords
	scanInlineRecords = 100
	t.Cleanup(func() { scanInlineRecords = was })
	most, n := 0, 0
	err := v.Records(context.Background(), Query{}, func(*Record) error {
		if n++; n > 200 {
			most = max(most, scanners())
		}
		return nil
	})
	if err != nil || most == 0 {
		t.Errorf("a scan past scanInlineRecords decoded on no other goroutine (%v)", err)
	}
}

// Records decoding resources (through the pipeline of scan.go) gives what the metadata-only
// scan lists, in the same order, each with its resource and metadata; records kept from a scan
// without Reuse stay intact after it.
func TestRecordsPipelineOrderAndContent(t *testing.T) {
	eachScanPath(t, testRecordsPipelineOrderAndContent)
}

func testRecordsPipelineOrderAndContent(t *testing.T) {
	v, want := scanVault(t, 700)
	ctx := context.Background()
	queries := []Query{
		{},
		{Type: "Observation"},
		{Profile: "p1"},
		{Profile: "p1", Type: "Observation"}, // the type index (scanType)
		{Profile: "p1", From: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Profile: "p2", Type: "Nothing"},
	}
	for _, q := range queries {
		for _, reuse := range []bool{false, true} {
			t.Run(fmt.Sprintf("%+v reuse=%v", q, reuse), func(t *testing.T) {
				var order []Record
				mq := q
				mq.MetaOnly = true
				if err := v.Records(ctx, mq, func(r *Record) error { order = append(order, *r); return nil }); err != nil {
					t.Fatal(err)
				}
				q.Reuse = reuse
				var kept []*Record
				i := 0
				err := v.Records(ctx, q, func(r *Record) error {
					if i >= len(order) {
						t.Fatalf("more records than the metadata scan's %d", len(order))
					}
					m := order[i]
					if r.ID != m.ID || r.Profile != m.Profile || r.Meta.Date != m.Meta.Date || r.Meta.FullURL != "urn:uuid:"+r.ID.ID ||
						len(r.Meta.Codes) != 1 || !bytes.Equal(r.Resource, want[r.ID]) {
						t.Fatalf("record %d: %v in %s, want %v in %s with its resource", i, r.ID, r.Profile, m.ID, m.Profile)
					}
					if !reuse {
						kept = append(kept, r)
					}
					i++
					return nil
				})
				if err != nil || i != len(order) {
					t.Fatalf("%d records of %d: %v", i, len(order), err)
				}
				for j, r := range kept {
					if r.ID != order[j].ID || !bytes.Equal(r.Resource, want[r.ID]) {
						t.Fatalf("kept record %d changed after the scan", j)
					}
				}
			})
		}
	}
}

// fn's error, a cancelled context, a damaged record and a panic in fn each end the scan with
// the walk's goroutine done (the transaction ends without an open iterator, which Badger
// would refuse), and the vault reads on afterwards.
func TestRecordsPipelineEndings(t *testing.T) { eachScanPath(t, testRecordsPipelineEndings) }

func testRecordsPipelineEndings(t *testing.T) {
	v, want := scanVault(t, 400)
	ctx := context.Background()
	stop := errors.New("stop")
	for _, reuse := range []bool{false, true} {
		n := 0
		err := v.Records(ctx, Query{Reuse: reuse}, func(*Record) error {
			if n++; n == 50 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 50 {
			t.Errorf("reuse=%v: fn's error after %d records: %v", reuse, n, err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		n = 0
		err = v.Records(cancelled, Query{Reuse: reuse}, func(*Record) error {
			if n++; n == 10 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) || n >= len(want) {
			t.Errorf("reuse=%v: cancelled after 10 records: %v after %d", reuse, err, n)
		}
		func() {
			defer func() {
				if recover() != "boom" {
					t.Errorf("reuse=%v: fn's panic not passed on", reuse)
				}
			}()
			v.Records(ctx, Query{Reuse: reuse}, func(*Record) error { panic("boom") }) //nolint:errcheck
		}()
	}

	// A damaged envelope: the records before it reach fn, then its error.
	var damaged []byte
	var before int
	err := v.Records(ctx, Query{MetaOnly: true}, func(r *Record) error {
		if before == 100 {
			damaged = recordKey(r.Profile, r.Meta.Date, r.ID)
			return stop
		}
		before++
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatal(err)
	}
	if err := v.db.Update(func(txn *badger.Txn) error { return txn.Set(damaged, []byte{envelopeVersion, 0xff}) }); err != nil {
		t.Fatal(err)
	}
	for _, reuse := range []bool{false, true} {
		n := 0
		err := v.Records(ctx, Query{Reuse: reuse}, func(*Record) error { n++; return nil })
		if !errors.Is(err, errBadEnvelope) || n != before {
			t.Errorf("reuse=%v: a damaged record after %d: %v after %d records", reuse, before, err, n)
		}
	}
	if _, err := v.Get(ID{"local", "Condition", "r00001"}); err != nil {
		t.Errorf("reading after the scans: %v", err)
	}
}

// A ResourceOnly scan gives the resources of the full scan, in its order, byte for byte, with
// and without Reuse, for every form of query (the type index's, a date range, every record);
// with MetaOnly it is refused.
func TestRecordsResourceOnlyLikeFull(t *testing.T) { eachScanPath(t, testRecordsResourceOnlyLikeFull) }

func testRecordsResourceOnlyLikeFull(t *testing.T) {
	v, _ := scanVault(t, 700)
	ctx := context.Background()
	queries := []Query{
		{},
		{Type: "Observation"},
		{Type: "Condition"},
		{Profile: "p1"},
		{Profile: "p1", Type: "Observation"},
		{Profile: "p1", From: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Profile: "p2", Type: "Nothing"},
	}
	for _, q := range queries {
		var want [][]byte
		if err := v.Records(ctx, q, func(r *Record) error { want = append(want, r.Resource); return nil }); err != nil {
			t.Fatal(err)
		}
		for _, reuse := range []bool{false, true} {
			rq := q
			rq.ResourceOnly, rq.Reuse = true, reuse
			var got [][]byte
			err := v.Records(ctx, rq, func(r *Record) error {
				if r.Profile != "" || r.ID != (ID{}) || r.Meta.Date != "" || r.Meta.Hash != nil {
					t.Fatalf("%+v: a ResourceOnly record with more than its resource: %+v", rq, r.ID)
				}
				got = append(got, bytes.Clone(r.Resource))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%+v: %d resources, want %d", rq, len(got), len(want))
			}
			for i := range want {
				if !bytes.Equal(got[i], want[i]) {
					t.Fatalf("%+v: resource %d differs", rq, i)
				}
			}
		}
	}
	if err := v.Records(ctx, Query{ResourceOnly: true, MetaOnly: true}, func(*Record) error { return nil }); err == nil {
		t.Error("ResourceOnly with MetaOnly accepted")
	}
}

// envelopeResource finds the same stored resource as decodeMeta for every envelope form
// (versions 4, 5 and 6: deleted, card mark, kept precision, links; the resource an S2 block
// and a zstd frame) and refuses what decodeMeta refuses.
func TestEnvelopeResourceLikeDecodeMeta(t *testing.T) {
	res := []byte(`{"resourceType":"Observation","id":"x"}`)
	metas := []Meta{
		{},
		{FullURL: "urn:uuid:1", File: "f.json", Hash: []byte{1, 2}, Date: "2020-01-02T00:00:00Z", Codes: []string{"a|b", "c|d"}, Identifiers: []string{"s|v"},
			Links: []ID{{"local", "Patient", "p"}, {"local", "Encounter", "e"}}, Deleted: time.Unix(5, 0)},
		{Date: "2020", Precision: fhirjson.PrecisionYear},
		{Card: &CardMark{Issuer: "https://issuer", Verified: true}},
		{Date: "2020-01", Precision: fhirjson.PrecisionMonth, Card: &CardMark{Issuer: "i"}},
	}
	for j := range 2 * len(metas) {
		i, m := j/2, metas[j/2]
		encode := encodeEnvelope
		if j%2 == 1 {
			encode = encodeEnvelopeZstd
		}
		env, err := encode(&m, res)
		if err != nil {
			t.Fatal(err)
		}
		_, z, err := decodeMeta(env)
		if err != nil {
			t.Fatal(err)
		}
		got, isS2, err := envelopeResource(env)
		if isS2 != (j%2 == 0) {
			t.Errorf("envelope %d (%d): S2 %v", i, j, isS2)
		}
		if err != nil || !bytes.Equal(got, z) {
			t.Errorf("envelope %d: resource at %d bytes from the end, want %d (%v)", i, len(got), len(z), err)
		}
		back, err := decodeResourceInto(env, nil)
		if err != nil || !bytes.Equal(back, res) {
			t.Errorf("envelope %d: decoded %q, %v", i, back, err)
		}
		for cut := 0; cut < len(env)-len(z); cut++ {
			_, _, merr := decodeMeta(env[:cut])
			_, _, rerr := envelopeResource(env[:cut])
			if (merr == nil) != (rerr == nil) {
				t.Errorf("envelope %d cut at %d: decodeMeta %v, envelopeResource %v", i, cut, merr, rerr)
			}
		}
	}
}

// decodeMeta gives the codes, the identifiers and the links one allocation: appending to one
// list (a caller adding a code to a record it writes back) must not write over the next.
func TestDecodeMetaListsAppendAlone(t *testing.T) {
	m := Meta{FullURL: "urn:uuid:x", Date: "2020-01-02", Codes: []string{"c1", "c2"}, Identifiers: []string{"i1"},
		Links: []ID{{"local", "Patient", "p"}, {"local", "Encounter", "e"}}}
	env, err := encodeEnvelope(&m, []byte(`{"resourceType":"Observation","id":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := decodeMeta(env)
	if err != nil {
		t.Fatal(err)
	}
	_ = append(got.Codes, "c3")
	_ = append(got.Identifiers, "i2", "i3", "i4")
	if fmt.Sprint(got.Codes, got.Identifiers, got.Links) != fmt.Sprint(m.Codes, m.Identifiers, m.Links) {
		t.Fatalf("after appending: codes %v, identifiers %v, links %v; want %v, %v, %v", got.Codes, got.Identifiers, got.Links, m.Codes, m.Identifiers, m.Links)
	}
	links := append(got.Links, ID{"local", "Practitioner", "d"})
	if len(links) != 3 || links[0] != m.Links[0] || links[1] != m.Links[1] {
		t.Fatalf("links appended to: %v", links)
	}
}
