package storage

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestSourceIDs: a person's records of one source, deleted ones included, and neither another
// person's nor another source's, with a source whose name begins another's ("carekeeper-x").
func TestSourceIDs(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	ann, err := v.AddProfile("Ann", "1950-01-01")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := v.AddProfile("Bob", "1952-02-02")
	if err != nil {
		t.Fatal(err)
	}
	rec := func(profile, source, id string) Record {
		r, err := NewRecord(profile, ID{Source: source, Type: "Observation", ID: id},
			resource("Observation", id, `,"effectiveDateTime":"2026-11-01","valueString":"x"`))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	recs := []Record{
		rec(ann.ID, AppSource, "a1"), rec(ann.ID, AppSource, "a2"), rec(ann.ID, AppSource, "gone"),
		rec(bob.ID, AppSource, "b1"), rec(ann.ID, "clinic.example", "c1"), rec(ann.ID, AppSource+"-x", "d1"),
	}
	if _, err := v.Write(ctx, &Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	gone := ID{AppSource, "Observation", "gone"}
	if _, err := v.Write(ctx, &Batch{Now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Deleted: []ID{gone}}); err != nil {
		t.Fatal(err)
	}
	got, err := v.SourceIDs(ctx, AppSource, ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []ID{{AppSource, "Observation", "a1"}, {AppSource, "Observation", "a2"}, gone}
	if !slices.Equal(got, want) {
		t.Errorf("Ann's records of %s: %v, want %v", AppSource, got, want)
	}
	if got, err := v.SourceIDs(ctx, AppSource, bob.ID); err != nil || !slices.Equal(got, []ID{{AppSource, "Observation", "b1"}}) {
		t.Errorf("Bob's: %v, %v", got, err)
	}
}
