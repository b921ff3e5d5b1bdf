package storage

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

// A record's date precision is kept beside its sortable date, in the record and in its
// timeline entry: "1999-11" is a month, not 1 Nov 1999; a time at midnight UTC is a time.
// Only the precisions the sortable date cannot say are written (a version 6 envelope).
func TestDatePrecisionKept(t *testing.T) {
	cases := []struct {
		id, date string
		want     fhirjson.Precision
		version  byte
		card     bool
	}{
		{"year", "1999", fhirjson.PrecisionYear, envelopeVersionPrecision, false},
		{"month", "1999-11", fhirjson.PrecisionMonth, envelopeVersionPrecision, false},
		{"month-card", "1999-11", fhirjson.PrecisionMonth, envelopeVersionPrecision, true},
		{"day", "1999-11-04", fhirjson.PrecisionDay, envelopeVersion, false},
		{"midnight", "2020-03-04T00:00:00Z", fhirjson.PrecisionTime, envelopeVersionPrecision, false},
		{"midnight-offset", "2020-03-04T01:00:00+01:00", fhirjson.PrecisionTime, envelopeVersionPrecision, false},
		{"evening", "2020-03-04T19:30:00-05:00", fhirjson.PrecisionTime, envelopeVersion, false},
		{"evening-card", "2020-03-04T19:30:00-05:00", fhirjson.PrecisionTime, envelopeVersionCard, true},
	}
	v := newTestVault(t, Options{})
	ctx := context.Background()
	p := Profile{ID: "p1", Name: "Ann"}
	b := &Batch{Now: time.Unix(1e9, 0), Profiles: []Profile{p}}
	for _, c := range cases {
		res := []byte(`{"resourceType":"Immunization","id":"` + c.id + `","occurrenceDateTime":"` + c.date + `"}`)
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
	entries := map[string]fhirjson.Precision{}
	if err := v.Timeline(ctx, Query{Profile: "p1"}, func(e *Entry) error {
		entries[e.ID.ID] = e.Precision
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		r, err := v.Get(ID{Source: "local", Type: "Immunization", ID: c.id})
		if err != nil {
			t.Fatal(err)
		}
		if r.Meta.Precision != c.want || entries[c.id] != c.want {
			t.Errorf("%s: precision %d in the record, %d in the timeline; want %d", c.date, r.Meta.Precision, entries[c.id], c.want)
		}
		if (r.Meta.Card != nil) != c.card || (c.card && !r.Meta.Card.Verified) {
			t.Errorf("%s: card mark %+v", c.date, r.Meta.Card)
		}
		env, err := encodeEnvelope(&r.Meta, r.Resource)
		if err != nil {
			t.Fatal(err)
		}
		if env[0]&^envelopeS2 != c.version {
			t.Errorf("%s: envelope version %d, want %d", c.date, env[0]&^envelopeS2, c.version)
		}
	}
}

// A record stored before its date's precision was kept (a version 4 envelope and a timeline
// entry without it) reads as its sortable date implies, and importing the same resource again
// writes the precision, counted as unchanged.
func TestDatePrecisionOldRecordsRewritten(t *testing.T) {
	v := newTestVault(t, Options{})
	ctx := context.Background()
	res := []byte(`{"resourceType":"Immunization","id":"i1","occurrenceDateTime":"1999-11"}`)
	r, err := NewRecord("p1", ID{Source: "local", Type: "Immunization", ID: "i1"}, res)
	if err != nil {
		t.Fatal(err)
	}
	old := r
	old.Meta.Precision = fhirjson.PrecisionUnknown // as an older build wrote it
	b := &Batch{Now: time.Unix(1e9, 0), Profiles: []Profile{{ID: "p1", Name: "Ann"}}, Records: []Record{old}}
	if _, err := v.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, err := v.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Meta.Precision != fhirjson.PrecisionDay {
		t.Fatalf("an old record's precision = %d, want the day its sortable date implies", got.Meta.Precision)
	}
	b = &Batch{Now: time.Unix(2e9, 0), Records: []Record{r}}
	out, err := v.Write(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if out.Unchanged != 1 || len(out.Updated) != 0 || len(out.Added) != 0 {
		t.Errorf("re-import: %+v, want 1 unchanged", out)
	}
	if got, _ = v.Get(r.ID); got.Meta.Precision != fhirjson.PrecisionMonth {
		t.Errorf("after re-import the precision = %d, want a month", got.Meta.Precision)
	}
	var entry fhirjson.Precision
	v.Timeline(ctx, Query{Profile: "p1"}, func(e *Entry) error { entry = e.Precision; return nil })
	if entry != fhirjson.PrecisionMonth {
		t.Errorf("timeline precision = %d, want a month", entry)
	}
}
