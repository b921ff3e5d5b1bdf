package hhvault

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/household"
)

// openVault opens a fresh vault, closed and removed when the test ends (testvault.Open).
func openVault(tb testing.TB) *storage.Vault {
	tb.Helper()
	v, _ := testvault.Open(tb, storage.Options{})
	return v
}

func export(tb testing.TB, v *storage.Vault) []byte {
	tb.Helper()
	var b bytes.Buffer
	if _, err := cksync.Export(context.Background(), v, "", &b); err != nil {
		tb.Fatal(err)
	}
	ps, _ := v.Profiles()
	for _, p := range ps {
		b.WriteString(p.ID + " " + p.Name + "\n")
	}
	return b.Bytes()
}

// The vault as a Replica: one device's ops applied to others in any order and in pieces give
// the same export, a shared record nobody refers to travels household-wide, and nothing applied comes back
// out of Changes.
func TestReplicaAnyOrderSameExport(t *testing.T) {
	ctx := context.Background()
	src := openVault(t)
	if err := src.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	p, _ := src.AddProfile("Dad", "1950-02-03")
	for i, r := range []struct{ profile, typ, id, body string }{
		{p.ID, "Observation", "o1", `,"effectiveDateTime":"2026-01-02","valueString":"one"`},
		{p.ID, "Observation", "o1", `,"effectiveDateTime":"2026-01-02","valueString":"two"`},
		{storage.SharedProfile, "Organization", "org1", `,"name":"Clinic"`},
		{p.ID, "MedicationAdministration", "d1", `,"status":"completed"`},
	} {
		rec, err := storage.NewRecord(r.profile, storage.ID{Source: storage.AppSource, Type: r.typ, ID: r.id},
			[]byte(`{"resourceType":"`+r.typ+`","id":"`+r.id+`"`+r.body+`}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := src.Write(ctx, &storage.Batch{Now: time.Unix(int64(i), 0), Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := src.UpdateState(ctx, storage.StateOp{Key: "remind/settings/" + p.ID, Value: []byte(`{"label":"Dad"}`)}); err != nil {
		t.Fatal(err)
	}
	ops, _, err := Replica{V: src}.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, o := range ops {
		kinds[o.Kind]++
		if o.Kind == storage.KindRecord && o.Key == storage.RecordKey(storage.ID{Source: storage.AppSource, Type: "Organization", ID: "org1"}) && o.Profile != "" {
			t.Errorf("a shared record goes as profile %q, want household-wide", o.Profile)
		}
	}
	if kinds[storage.KindRecord] != 2 || kinds[storage.KindDose] != 1 || kinds[storage.KindProfile] != 1 || kinds[storage.KindState] != 1 {
		t.Errorf("kinds sent: %v", kinds)
	}
	want := export(t, src)
	for seed := uint64(1); seed <= 4; seed++ {
		dst := openVault(t)
		if err := dst.StartChanges(ctx, "dev-b"); err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(seed, 1))
		shuffled := append([]household.Op(nil), ops...)
		shuffled = append(shuffled, ops[rng.IntN(len(ops))]) // one twice
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for len(shuffled) > 0 {
			n := min(len(shuffled), 1+rng.IntN(3))
			if _, err := (Replica{V: dst}).Apply(ctx, shuffled[:n]); err != nil {
				t.Fatal(err)
			}
			shuffled = shuffled[n:]
		}
		if got := export(t, dst); !bytes.Equal(got, want) {
			t.Errorf("seed %d: export differs:\n%s\nwant\n%s", seed, got, want)
		}
		if back, _, _ := (Replica{V: dst}).Changes(ctx, 0, 100); len(back) != 0 {
			t.Errorf("seed %d: %d applied ops came back out", seed, len(back))
		}
	}
}

func TestConfigCheck(t *testing.T) {
	for _, tc := range []struct {
		c  Config
		ok bool
	}{
		{Config{Folder: "/x"}, true},
		{Config{WebDAV: "https://h/dav", WebDAVUser: "u"}, true},
		{Config{}, false},
		{Config{Folder: "/x", WebDAV: "https://h", WebDAVUser: "u"}, false},
		{Config{WebDAV: "https://h/dav"}, false},
		{Config{WebDAV: "ftp://h", WebDAVUser: "u"}, false},
	} {
		if err := tc.c.Check(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v", tc.c, err)
		}
	}
}
