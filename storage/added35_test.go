package storage

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

// A record written again keeps when it first came in (Meta.Added, a version 7 envelope), with
// its date's precision and card mark, so a household's devices judge a medicine's doses
// before it was added the same way after a rewrite (F421). A record written once has none and
// is stored as before.
func TestRecordWrittenAgainKeepsWhenItFirstCameIn(t *testing.T) {
	cases := []struct {
		id, date string
		card     bool
		prec     fhirjson.Precision
	}{
		{"day", "1999-11-04", false, fhirjson.PrecisionDay},
		{"month", "1999-11", false, fhirjson.PrecisionMonth},
		{"month-card", "1999-11", true, fhirjson.PrecisionMonth},
		{"evening-card", "2020-03-04T19:30:00-05:00", true, fhirjson.PrecisionTime},
	}
	v := newTestVault(t, Options{})
	ctx := context.Background()
	first, second, third := time.Unix(1e9, 0).UTC(), time.Unix(1e9+3600, 0).UTC(), time.Unix(1e9+7200, 0).UTC()
	write := func(at time.Time, note string) {
		t.Helper()
		b := &Batch{Now: at, Profiles: []Profile{{ID: "p1", Name: "Ann"}}}
		for _, c := range cases {
			res := []byte(`{"resourceType":"Immunization","id":"` + c.id + `","occurrenceDateTime":"` + c.date + `"` + note + `}`)
			r, err := NewRecord("p1", ID{Source: "local", Type: "Immunization", ID: c.id}, res)
			if err != nil {
				t.Fatal(err)
			}
			if c.card {
				r.Meta.Card = &CardMark{Issuer: "https://issuer.example", Verified: true}
			}
			b.Records = append(b.Records, r)
		}
		if _, err := v.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string, added, written time.Time, version byte) {
		t.Helper()
		for _, c := range cases {
			r, err := v.Get(ID{Source: "local", Type: "Immunization", ID: c.id})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Meta.Added.Equal(added) || !r.Meta.ImportedAt.Equal(written) || r.Meta.Precision != c.prec || (r.Meta.Card != nil) != c.card {
				t.Errorf("%s, %s: added %v, written %v, precision %d, card %v; want %v, %v, %d, %v", when, c.id, r.Meta.Added, r.Meta.ImportedAt, r.Meta.Precision, r.Meta.Card, added, written, c.prec, c.card)
			}
			env, err := encodeEnvelope(&r.Meta, r.Resource)
			if err != nil {
				t.Fatal(err)
			}
			if version != 0 && env[0]&^envelopeS2 != version {
				t.Errorf("%s, %s: envelope version %d, want %d", when, c.id, env[0], version)
			}
			m, res, err := decodeEnvelope(env)
			if err != nil || string(res) != string(r.Resource) || !m.Added.Equal(r.Meta.Added) || m.Precision != r.Meta.Precision || (m.Card != nil) != c.card {
				t.Errorf("%s, %s: envelope read back %+v, %v", when, c.id, m, err)
			}
		}
	}
	write(first, "")
	check("written once", time.Time{}, first, 0)
	write(second, `,"lotNumber":"A1"`)
	check("written again", first, second, envelopeVersionAdded)
	write(third, `,"lotNumber":"A1"`) // the same: unchanged
	check("the same again", first, second, envelopeVersionAdded)
	write(third, `,"lotNumber":"B2"`)
	check("a third version", first, third, envelopeVersionAdded)
}
