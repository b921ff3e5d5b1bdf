package storage

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// A record's card mark (Meta.Card) is stored beside it (envelope version 5, only for marked
// records: others keep version 4) and read back; it is kept while the same resource comes
// again from anywhere, replaced by a new mark, and dropped when other content is written.
func TestCardMark(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	id := ID{Source: "local", Type: "Immunization", ID: "i1"}
	res := []byte(`{"resourceType":"Immunization","id":"i1","status":"completed"}`)
	other := []byte(`{"resourceType":"Immunization","id":"i1","status":"entered-in-error"}`)
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	write := func(resource []byte, mark *CardMark) *Result {
		t.Helper()
		r := Record{Profile: "p", ID: id, Resource: resource}
		r.Meta.Card = mark
		out, err := v.Write(ctx, &Batch{Now: now, Records: []Record{r}})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	mark := func() *CardMark {
		t.Helper()
		rec, err := v.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Meta.Card
	}
	notChecked := &CardMark{Issuer: "https://issuer.example"}
	verified := &CardMark{Issuer: "https://issuer.example", Verified: true}
	for _, step := range []struct {
		what     string
		resource []byte
		mark     *CardMark
		changed  bool
		want     *CardMark
	}{
		{"a file", res, nil, true, nil},
		{"the card, not checked", res, notChecked, true, notChecked},
		{"the card again", res, notChecked, false, notChecked},
		{"the card, verified", res, verified, true, verified},
		{"the same resource from a file", res, nil, false, verified},
		{"other content from a file", other, nil, true, nil},
		{"the card once more", res, verified, true, verified},
	} {
		if got := write(step.resource, step.mark); got.Changed() != step.changed {
			t.Errorf("%s: changed %v, want %v", step.what, got.Changed(), step.changed)
		}
		if got := mark(); !sameMark(got, step.want) {
			t.Errorf("%s: mark %+v, want %+v", step.what, got, step.want)
		}
	}
}

func TestEnvelopeCardMark(t *testing.T) {
	for _, m := range []*CardMark{nil, {Issuer: "https://a.example"}, {Issuer: "https://b.example/x", Verified: true}, {}} {
		meta := Meta{File: "f.json", Hash: []byte{1, 2}, Date: "2021-01-01", Codes: []string{"s|c"}, Card: m,
			Deleted: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
		env, err := encodeEnvelope(&meta, []byte(`{"resourceType":"Patient"}`))
		if err != nil {
			t.Fatal(err)
		}
		if want := byte(envelopeVersion); m != nil {
			want = envelopeVersionCard
			if env[0]&^envelopeS2 != want {
				t.Errorf("%+v: version %d", m, env[0])
			}
		} else if env[0]&^envelopeS2 != want {
			t.Errorf("unmarked: version %d", env[0])
		}
		got, res, err := decodeEnvelope(env)
		if err != nil || !sameMark(got.Card, m) || !got.Deleted.Equal(meta.Deleted) || got.Codes[0] != "s|c" || !bytes.Equal(res, []byte(`{"resourceType":"Patient"}`)) {
			t.Errorf("%+v: %+v %s %v", m, got, res, err)
		}
	}
	bad := []byte{envelopeVersionCard + 1}
	if _, _, err := decodeMeta(bad); err == nil {
		t.Error("an unknown envelope version is read")
	}
}
