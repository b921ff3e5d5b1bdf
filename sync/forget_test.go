package sync_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// Deleting a person removes the portals bound to them (with their sign-ins and checkpoints)
// and leaves the other portals alone.
func TestForgetPersonOps(t *testing.T) {
	ctx := context.Background()
	v, _ := newVault(t)
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	ann, err := v.AddProfile("Ann", "")
	if err != nil {
		t.Fatal(err)
	}
	ben, err := v.AddProfile("Ben", "")
	if err != nil {
		t.Fatal(err)
	}
	pa, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "A", FHIR: "https://a.example/fhir", Profile: ann.ID}, now)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "B", FHIR: "https://b.example/fhir", Profile: ben.ID}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.UpdateState(ctx, storage.StateOp{Key: "sync/" + pa.ID + "/pass", Value: []byte("{}")}, storage.StateOp{Key: "sync/" + pb.ID + "/pass", Value: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	ops, err := cksync.ForgetPersonOps(ctx, v, ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.DeleteProfile(ctx, ann.ID, ops...); err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.GetPortal(v, pa.ID); !errors.Is(err, cksync.ErrUnknownPortal) {
		t.Errorf("the deleted person's portal: %v, want ErrUnknownPortal", err)
	}
	if _, err := v.GetState("sync/" + pa.ID + "/pass"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the deleted person's sync checkpoint: %v", err)
	}
	if p, err := cksync.GetPortal(v, pb.ID); err != nil || p.Profile != ben.ID {
		t.Errorf("the other portal: %+v, %v", p, err)
	}
	if _, err := v.GetState("sync/" + pb.ID + "/pass"); err != nil {
		t.Errorf("the other portal's checkpoint: %v", err)
	}
}
