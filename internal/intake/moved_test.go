package intake

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/shc/shctest"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A health card (or FHIR file) without a Patient, imported again into another person, is
// refused instead of moving the records silently.
func TestCardWithoutPatientNotMoved(t *testing.T) {
	var b map[string]any
	if err := json.Unmarshal(shctest.Bundle(t, "covid-vaccines-bundle.json"), &b); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, e := range b["entry"].([]any) {
		res := e.(map[string]any)["resource"].(map[string]any)
		if res["resourceType"] == "Patient" {
			continue
		}
		delete(res, "patient")
		kept = append(kept, e)
	}
	b["entry"] = kept
	bundle, _ := json.Marshal(b)
	jws := shctest.Sign(t, shctest.ExampleKey(t), bundle, shctest.Claims{Nbf: now.Add(-time.Hour)})
	file := write(t, "card.smart-health-card", shctest.File(jws))
	v := newVault(t)
	for _, name := range []string{"Ann", "Bob"} {
		if _, err := importPath(t, v, write(t, name+".json", []byte(`{"resourceType":"Patient","id":"`+name+`","name":[{"given":["`+name+`"],"family":"X"}],"birthDate":"1980-01-01"}`)), Options{Options: cksync.Options{Now: clock}}); err != nil {
			t.Fatal(err)
		}
	}
	ps, _ := v.Profiles()
	if len(ps) != 2 {
		t.Fatalf("%d people", len(ps))
	}
	if _, err := importPath(t, v, file, Options{Options: cksync.Options{Now: clock, Profile: ps[0].ID}}); err != nil {
		t.Fatal(err)
	}
	_, err := importPath(t, v, file, Options{Options: cksync.Options{Now: clock, Profile: ps[1].ID}})
	if !errors.Is(err, ErrOtherPerson) {
		t.Fatalf("into another person: %v", err)
	}
	n := 0
	v.Records(ctx, storage.Query{Type: "Immunization"}, func(r *storage.Record) error {
		if r.Profile != ps[0].ID {
			t.Errorf("an immunization moved to %s", r.Profile)
		}
		n++
		return nil
	})
	if n == 0 {
		t.Error("no immunizations")
	}
	// into the same person again: fine
	if _, err := importPath(t, v, file, Options{Options: cksync.Options{Now: clock, Profile: ps[0].ID}}); err != nil {
		t.Fatal(err)
	}
	// the same for a FHIR file without a Patient
	obs := write(t, "weight.json", []byte(`{"resourceType":"Observation","id":"w1","status":"final","code":{"text":"Weight"},"effectiveDateTime":"2026-01-01","valueQuantity":{"value":70,"unit":"kg"}}`))
	if _, err := importPath(t, v, obs, Options{Options: cksync.Options{Now: clock, Profile: ps[1].ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := importPath(t, v, obs, Options{Options: cksync.Options{Now: clock, Profile: ps[0].ID}}); !errors.Is(err, ErrOtherPerson) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("FHIR file into another person: %v", err)
	}
}
