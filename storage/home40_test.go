package storage

import (
	"bytes"
	"context"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

// F525 item 12: a reading from a file whose record says it was measured at home (a home
// monitor's, the person's own) is marked so at import (Meta.Home), for the cards, which read
// metadata only. The mark is a bit of the envelope's version byte: written beside every
// envelope version and either resource coding, read back; an envelope without it (every one
// written before) reads as not at home; the same resource written again with the mark gets it
// (counted unchanged); and it travels to the household's other devices.
func TestHomeMarkKept(t *testing.T) {
	at := time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC)
	big := append([]byte(`{"resourceType":"Observation","id":"big","note":[{"text":"`), bytes.Repeat([]byte("x"), s2ResourceMax)...)
	big = append(big, `"}]}`...)
	small := []byte(`{"resourceType":"Observation","id":"small"}`)
	for _, c := range []struct {
		name    string
		meta    Meta
		res     []byte
		version byte
	}{
		{"plain", Meta{Date: "2026-12-06T21:00:00Z"}, small, envelopeVersion},
		{"card", Meta{Date: "2026-12-06T21:00:00Z", Card: &CardMark{Issuer: "https://issuer.example", Verified: true}}, small, envelopeVersionCard},
		{"month", Meta{Date: "2026-12-01T00:00:00Z", Precision: fhirjson.PrecisionMonth}, small, envelopeVersionPrecision},
		{"added", Meta{Date: "2026-12-06T21:00:00Z", ImportedAt: at, Added: at.Add(-time.Hour)}, small, envelopeVersionAdded},
		{"zstd", Meta{Date: "2026-12-06T21:00:00Z"}, big, envelopeVersion},
	} {
		for _, home := range []bool{false, true} {
			m := c.meta
			m.Home = home
			env, err := encodeEnvelope(&m, c.res)
			if err != nil {
				t.Fatal(err)
			}
			if v := env[0] &^ (envelopeS2 | envelopeHome); v != c.version {
				t.Errorf("%s home %v: envelope version %d, want %d", c.name, home, v, c.version)
			}
			got, res, err := decodeEnvelope(env)
			if err != nil || !bytes.Equal(res, c.res) {
				t.Fatalf("%s home %v: read back %v", c.name, home, err)
			}
			if got.Home != home || got.Date != m.Date || (m.Precision != fhirjson.PrecisionUnknown && got.Precision != m.Precision) ||
				(got.Card == nil) != (m.Card == nil) || !got.Added.Equal(m.Added) {
				t.Errorf("%s home %v: read back %+v, want %+v", c.name, home, got, m)
			}
		}
	}

	ctx := context.Background()
	fakeChangeClock(t)
	a, b := newTestVault(t, Options{}), newTestVault(t, Options{})
	p, err := a.AddProfile("Kenji", "")
	if err != nil {
		t.Fatal(err)
	}
	bp := func(home bool, id ...string) Record {
		i := "bp1"
		if len(id) > 0 {
			i = id[0]
		}
		r, err := NewRecord(p.ID, ID{Source: "local", Type: "Observation", ID: i},
			resource("Observation", i, `,"effectiveDateTime":"2026-12-06T21:00:00Z","device":{"display":"Omron HEM-7361T home monitor"}`))
		if err != nil {
			t.Fatal(err)
		}
		r.Meta.Home = home
		return r
	}
	// stored by a CareKeeper that kept no mark
	if _, err := a.Write(ctx, &Batch{Now: at, Records: []Record{bp(false)}}); err != nil {
		t.Fatal(err)
	}
	if r, err := a.Get(ID{Source: "local", Type: "Observation", ID: "bp1"}); err != nil || r.Meta.Home {
		t.Fatalf("stored without the mark: Home %v (%v)", r.Meta.Home, err)
	}
	// imported again, marked: unchanged, but the mark is kept
	res, err := a.Write(ctx, &Batch{Now: at.Add(time.Hour), Records: []Record{bp(true)}})
	if err != nil || res.Unchanged != 1 || len(res.Updated) != 0 {
		t.Fatalf("imported again with the mark: %+v %v", res, err)
	}
	if r, err := a.Get(ID{Source: "local", Type: "Observation", ID: "bp1"}); err != nil || !r.Meta.Home {
		t.Fatalf("imported again with the mark: Home %v (%v)", r.Meta.Home, err)
	}
	// and once more without it (as a lazy record would be judged): the mark stays
	if _, err := a.Write(ctx, &Batch{Now: at.Add(2 * time.Hour), Records: []Record{bp(false)}}); err != nil {
		t.Fatal(err)
	}
	if r, err := a.Get(ID{Source: "local", Type: "Observation", ID: "bp1"}); err != nil || !r.Meta.Home {
		t.Fatalf("imported again without the mark: Home %v (%v)", r.Meta.Home, err)
	}
	// to another device of the household
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Write(ctx, &Batch{Now: at.Add(3 * time.Hour), Records: []Record{bp(true, "bp2")}, Profiles: []Profile{*p}}); err != nil {
		t.Fatal(err)
	}
	ch, _, err := a.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ApplyChanges(ctx, ch, lww); err != nil {
		t.Fatal(err)
	}
	if r, err := b.Get(ID{Source: "local", Type: "Observation", ID: "bp2"}); err != nil || !r.Meta.Home {
		t.Errorf("on the household's other device: Home %v (%v)", r.Meta.Home, err)
	}
}
