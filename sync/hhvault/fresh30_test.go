package hhvault

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// A dose answer another device re-publishes in a snapshot (every 500 of its segments, or to
// repair a damaged file) is not new here: it must not make a dose given twice, or skipped and
// given, said again long after it was said (a snapshot re-sends every answer the household
// ever gave).
func TestRepublishedDoseAnswerIsNotNew(t *testing.T) {
	ctx := context.Background()
	src := openVault(t)
	if err := src.StartChanges(ctx, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); err != nil {
		t.Fatal(err)
	}
	p, _ := src.AddProfile("Dad", "1950-02-03")
	rec, err := storage.NewRecord(p.ID, storage.ID{Source: storage.AppSource, Type: "MedicationAdministration", ID: "d1"},
		[]byte(`{"resourceType":"MedicationAdministration","id":"d1","status":"completed"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Write(ctx, &storage.Batch{Now: time.Unix(1, 0), Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	ops, _, err := Replica{V: src}.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ops {
		ops[i].Device = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	}
	dst := openVault(t)
	if err := dst.StartChanges(ctx, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"); err != nil {
		t.Fatal(err)
	}
	r := Replica{V: dst}
	if people, fresh, err := r.dosesIn(ops, dst.Device()); err != nil || len(people) != 1 || len(fresh) != 1 {
		t.Fatalf("first time: %v %v %v", people, fresh, err)
	}
	if _, err := r.Apply(ctx, ops); err != nil {
		t.Fatal(err)
	}
	if people, fresh, err := r.dosesIn(ops, dst.Device()); err != nil || len(people) != 0 || len(fresh) != 0 {
		t.Errorf("the same answer again (a snapshot): %v %v %v", people, fresh, err)
	}
}
