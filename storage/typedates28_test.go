package storage

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TypeDates gives every record of one type of one person with the date Records gives it (the
// Ref ReadRefs reads), deleted ones too, and no other person's or type's, from the index alone.
func TestTypeDates(t *testing.T) {
	v := newTestVault(t, Options{})
	ctx := context.Background()
	b := &Batch{File: "f.json", Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Profiles: []Profile{{ID: "p1", Name: "First"}, {ID: "p2", Name: "Second"}}}
	for i := range 700 {
		p, typ, date := "p1", "Observation", fmt.Sprintf("20%02d-01-01T00:00:00Z", i%30)
		switch {
		case i%7 == 0:
			p = "p2"
		case i%5 == 0:
			typ = "Condition"
		case i%11 == 0:
			date = "" // undated
		}
		src := "local"
		if i%2 == 0 {
			src = "https://portal.example.org/fhir"
		}
		id := fmt.Sprintf("r%05d", i)
		b.Records = append(b.Records, Record{Profile: p, ID: ID{src, typ, id}, Resource: resource(typ, id, ""), Meta: Meta{Date: date}})
	}
	if _, err := v.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	gone := ID{"local", "Observation", "r00003"}
	if _, err := v.Write(ctx, &Batch{Now: b.Now, Deleted: []ID{gone}}); err != nil {
		t.Fatal(err)
	}
	var want []Ref
	sawDeleted := false
	if err := v.Records(ctx, Query{Profile: "p1", Type: "Observation", MetaOnly: true}, func(r *Record) error {
		want = append(want, r.Ref())
		sawDeleted = sawDeleted || r.ID == gone && !r.Meta.Deleted.IsZero()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !sawDeleted {
		t.Fatal("the deleted record is not among the records")
	}
	var got []Ref
	if err := v.TypeDates(ctx, "p1", "Observation", func(id ID, date string) error {
		got = append(got, Ref{Profile: "p1", Date: date, ID: id})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(a, b Ref) int { return compareRefs(&a, &b) })
	if len(want) < 400 || !slices.Equal(got, want) {
		t.Errorf("TypeDates gave %d records, Records %d:\n%v\n%v", len(got), len(want), got[:min(5, len(got))], want[:min(5, len(want))])
	}
	n := 0
	if err := v.ReadRefs(ctx, got, func(r *Record) error { n++; return nil }); err != nil || n != len(got) {
		t.Errorf("ReadRefs of TypeDates' refs: %d of %d, %v", n, len(got), err)
	}
	if err := v.TypeDates(ctx, "", "Observation", func(ID, string) error { return nil }); err == nil {
		t.Error("TypeDates without a profile: no error")
	}
}
