package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/testutil"

	"github.com/klauspost/compress/zstd"
)

// zstdFixtures are the fixture files whose records TestEnvelopeZstdSameAsUpstream encodes:
// the 13 Synthea bundles of the peer benchmark, and the hospital and practitioner files.
var zstdFixtures = []string{
	"Bob965_Keeling57_3f6fd0bb-6cd3-eb3f-4401-cd38ace25f2b.json",
	"Buster_Hoeger_ad2e3fc5-2b5d-4cb9-8d03-9ea0f4ac8423.json",
	"Byron202_Sauer652_dfddba4c-a2c8-08e7-49e4-c1dfe29a786b.json",
	"Clair921_Stroman228_67ef7123-862d-70ca-b313-fb99ce4e1c13.json",
	"Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json",
	"Courtney_Schinner_7b5bea3e-de83-4c43-a89c-5078e923c3db.json",
	"Fletcher_Hyatt_fe0562b5-f517-4951-8366-32fdab088930.json",
	"Gustavo_Mejía_59a8543c-e24f-4a01-b28b-47ccde6bc11d.json",
	"Laticia649_Gutkowski940_3afd24c3-7352-9ed2-9233-29a541a51a15.json",
	"Lola232_Miramontes145_c79315ab-4b21-de24-f87d-7eddd0e8c82a.json",
	"Ned_Hintz_e4b9259d-0f54-48d1-a35d-b526729a4dfe.json",
	"Sharonda198_Pia232_Casper496_db466900-cd2f-6bb0-2e45-958a7a1e6551.json",
	"Wendell_Lesch_853767e6-14a5-400e-8b95-636f87701943.json",
	"hospitalInformation1744926181291.json",
	"practitionerInformation1744926181291.json",
}

// zstdUpstreamSHA256 is the SHA-256 of the envelopes of every record of zstdFixtures, in
// order, encoded one after the other with unpatched github.com/klauspost/compress v1.20.4
// (the replace of go.mod taken out). The patched copy (third_party/compress) must write the
// very same bytes: its change is only how the encoder goes back to the dictionary's state
// between records. Never regenerate it with the patched copy.
const zstdUpstreamSHA256 = "112d469e0e530fce2c483fd8375cc9dc8753ad4d82fda2f7449301cf2cc0f90e"

func fixtureRecords(t *testing.T) [][]byte {
	t.Helper()
	dir := filepath.Dir(testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json"))
	var out [][]byte
	for _, name := range zstdFixtures {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := fhirjson.ParseFile(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, e := range f.Entries {
			out = append(out, e.Resource)
		}
	}
	return out
}

// TestEnvelopeZstdSameAsUpstream: the records of the fixtures, encoded one after the other by
// one shared encoder (the import's path) with the upstream choice of sequence tables (without
// WithPreviousTablesFirst, which changes the bytes: TestEnvelopePreviousTablesFirst), are byte
// for byte what upstream's encoder writes, and each is what a new encoder writes for that
// record alone; every one decodes back.
func TestEnvelopeZstdSameAsUpstream(t *testing.T) {
	if err := codecs(); err != nil {
		t.Fatal(err)
	}
	upstream, err := newEnvelopeEncoder(false)
	if err != nil {
		t.Fatal(err)
	}
	saved := zenc
	zenc = upstream
	defer func() { zenc = saved }()
	recs := fixtureRecords(t)
	if len(recs) < 7000 {
		t.Fatalf("%d records in the fixtures, want the 13 bundles' and more", len(recs))
	}
	// A very large record (over the encoder's 32 KiB limit for tracking what it wrote) and a
	// tiny one between the others, so each path back to the dictionary's state is taken.
	big := bytes.Repeat(recs[0], 1+(64<<10)/len(recs[0]))
	recs = append(recs[:100:100], append([][]byte{big, []byte(`{"resourceType":"Basic"}`)}, recs[100:]...)...)
	// ImportedAt: the time a zero one was written as before F238, so the metadata before each
	// frame is the bytes the upstream sum was taken with (the sum is of the frames).
	m := &Meta{FullURL: "urn:uuid:x", File: "f.json", Hash: []byte("0123456789abcdef0123456789abcdef"), Date: "2020-01-01T00:00:00Z",
		ImportedAt: time.Unix(0, time.Time{}.UnixNano())}
	sum := sha256.New()
	fresh := func() *zstd.Encoder {
		enc, err := newEnvelopeEncoder(false)
		if err != nil {
			t.Fatal(err)
		}
		return enc
	}
	for i, r := range recs {
		env, err := encodeEnvelopeZstd(m, r)
		if err != nil {
			t.Fatal(err)
		}
		if i == 100 || i == 101 {
			continue // not in the upstream sum: added here
		}
		sum.Write(env)
		if i%97 == 0 || i < 150 {
			_, z, err := decodeMeta(env)
			if err != nil {
				t.Fatal(err)
			}
			if want := fresh().EncodeAll(r, nil); !bytes.Equal(z, want) {
				t.Fatalf("record %d: the shared encoder wrote %d bytes, a new encoder %d (or other bytes)", i, len(z), len(want))
			}
		}
		_, back, err := decodeEnvelope(env)
		if err != nil || !bytes.Equal(back, r) {
			t.Fatalf("record %d does not decode back (%v)", i, err)
		}
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != zstdUpstreamSHA256 {
		if os.Getenv("CAREKEEPER_ZSTD_PRINT") != "" {
			t.Logf("SHA-256 of the envelopes: %s", got)
		}
		t.Fatalf("the envelopes of %d records differ from upstream's (SHA-256 %s…)", len(recs)-2, got[:12])
	}
}

// TestEnvelopePreviousTablesFirst: the vault's encoder codes a record's sequences with the
// dictionary's tables whenever they can (WithPreviousTablesFirst): every record of the
// fixtures, encoded one after the other by the shared encoder, decodes back, is what a new
// encoder writes for it alone, and the frames of the upstream choice differ from some of them
// (the option is in use) while all of them together are at most 1 % larger.
func TestEnvelopePreviousTablesFirst(t *testing.T) {
	recs := fixtureRecords(t)
	big := bytes.Repeat(recs[0], 1+(200<<10)/len(recs[0])) // several blocks in one frame
	recs = append(recs, big, []byte(`{"resourceType":"Basic"}`))
	fresh, err := newEnvelopeEncoder(true)
	if err != nil {
		t.Fatal(err)
	}
	upstream, err := newEnvelopeEncoder(false)
	if err != nil {
		t.Fatal(err)
	}
	m := &Meta{FullURL: "urn:uuid:x", File: "f.json", Hash: []byte("0123456789abcdef0123456789abcdef"), Date: "2020-01-01T00:00:00Z"}
	ours, theirs, differ := 0, 0, 0
	for i, r := range recs {
		env, err := encodeEnvelopeZstd(m, r)
		if err != nil {
			t.Fatal(err)
		}
		_, z, err := decodeMeta(env)
		if err != nil {
			t.Fatal(err)
		}
		if i%53 == 0 || i >= len(recs)-2 {
			if want := fresh.EncodeAll(r, nil); !bytes.Equal(z, want) {
				t.Fatalf("record %d: the shared encoder wrote %d bytes, a new encoder %d (or other bytes)", i, len(z), len(want))
			}
		}
		u := upstream.EncodeAll(r, nil)
		if !bytes.Equal(z, u) {
			differ++
		}
		ours, theirs = ours+len(z), theirs+len(u)
		_, back, err := decodeEnvelope(env)
		if err != nil || !bytes.Equal(back, r) {
			t.Fatalf("record %d does not decode back (%v)", i, err)
		}
	}
	if differ == 0 {
		t.Fatal("every frame is the upstream choice's: WithPreviousTablesFirst is not in use")
	}
	if ours > theirs+theirs/100 {
		t.Fatalf("the frames take %d bytes, the upstream choice's %d: more than 1 %% larger", ours, theirs)
	}
	t.Logf("%d records, %d frames differ; %d bytes against %d", len(recs), differ, ours, theirs)
}
