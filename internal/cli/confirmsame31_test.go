package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// F381: 'medicines confirm' of a medicine already being taken said "already being taken" and
// wrote a new choice anyway; in a household that newer choice replaced a stop made a moment
// before on another device, and the stop was lost. An answer that changes nothing writes
// nothing: confirm of a medicine being taken, stop of one already stopped.
func TestMedicinesAnswerThatChangesNothingWritesNothing(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Grace"}, "family": "Hopper"}}, "birthDate": "1940-01-01"}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "m10", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Warfarin 5 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authoredOn":        time.Now().AddDate(0, -1, 0).Format("2006-01-02"),
			"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"18:00:00"}}}}}}},
	}})
	f := filepath.Join(t.TempDir(), "grace.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	id := importJSON(t, r, f)["profile"].(string)
	choice := func() []byte {
		t.Helper()
		v, err := storage.Open(dir, []byte(pass), storage.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		got, err := v.GetState(health.ChoiceKey(id, "MedicationRequest/m10"))
		if err != nil && err != storage.ErrNotFound {
			t.Fatal(err)
		}
		return got
	}
	for _, c := range []struct {
		sub, want string
		writes    bool
	}{
		{"confirm", "Warfarin 5 mg tablet (Grace Hopper): already being taken; reminders are on.\n", false},
		{"stop", "Warfarin 5 mg tablet (Grace Hopper): marked as stopped; no more reminders for it.\n", true},
		{"stop", "Warfarin 5 mg tablet (Grace Hopper): was already stopped; no reminders for it.\n", false},
		{"confirm", "Warfarin 5 mg tablet (Grace Hopper): kept as being taken; reminders are on.\n", true},
		{"confirm", "Warfarin 5 mg tablet (Grace Hopper): already being taken; reminders are on.\n", false},
	} {
		before := choice()
		if out := r.run(t, "medicines", c.sub, "--profile", id, "--ref", "MedicationRequest/m10").ok(t).stdout; out != c.want {
			t.Errorf("medicines %s said %q, want %q", c.sub, out, c.want)
		}
		if after := choice(); bytes.Equal(before, after) == c.writes {
			t.Errorf("medicines %s (%q): choice %s → %s; want written %v", c.sub, c.want, before, after, c.writes)
		}
	}
}
