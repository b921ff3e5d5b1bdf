package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F202: 'medicines stop' answered "Marked as stopped; no more reminders for it." — not which
// medicine, nor whose — and the same again when it already was. The answer names both, and
// says when nothing changed; confirm likewise.
func TestMedicinesConfirmStopNameWhatAndWhose(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Eve"}, "family": "Betterhalf"}}, "birthDate": "1960-01-01"}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Atenolol 25 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authoredOn":        time.Now().AddDate(0, -1, 0).Format("2006-01-02"),
			"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"08:00:00"}}}}}}},
	}})
	f := filepath.Join(t.TempDir(), "eve.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	id := importJSON(t, r, f)["profile"].(string)
	// 'dose take' and 'schedule set' name them too (they said "Recorded: the 08:00 dose, taken
	// at …" and "Plan: …" alone).
	y := time.Now().UTC().AddDate(0, 0, -1)
	due := time.Date(y.Year(), y.Month(), y.Day(), 8, 0, 0, 0, time.UTC).Format("2006-01-02T15:04")
	if out := r.run(t, "dose", "take", "--profile", id, "--ref", "MedicationRequest/m1", "--at", due).ok(t).stdout; !strings.HasPrefix(out, "Recorded: the 08:00 dose, taken at ") || !strings.HasSuffix(out, " — Atenolol 25 mg tablet (Eve Betterhalf).\n") {
		t.Errorf("dose take said %q", out)
	}
	if out := r.run(t, "schedule", "set", "--profile", id, "--ref", "MedicationRequest/m1", "--times", "08:00").ok(t).stdout; out != "Plan: once a day at 08:00 — Atenolol 25 mg tablet (Eve Betterhalf).\n" {
		t.Errorf("schedule set said %q", out)
	}
	for _, c := range []struct{ sub, want string }{
		{"stop", "Atenolol 25 mg tablet (Eve Betterhalf): marked as stopped; no more reminders for it.\n"},
		{"stop", "Atenolol 25 mg tablet (Eve Betterhalf): was already stopped; no reminders for it.\n"},
		{"confirm", "Atenolol 25 mg tablet (Eve Betterhalf): kept as being taken; reminders are on.\n"},
		{"confirm", "Atenolol 25 mg tablet (Eve Betterhalf): already being taken; reminders are on.\n"},
	} {
		if out := r.run(t, "medicines", c.sub, "--profile", id, "--ref", "MedicationRequest/m1").ok(t).stdout; out != c.want {
			t.Errorf("medicines %s said %q, want %q", c.sub, out, c.want)
		}
	}
	if out := r.run(t, "medicines", "stop", "--json", "--profile", id, "--ref", "MedicationRequest/m1").ok(t).stdout; strings.Contains(out, "Atenolol") {
		t.Errorf("--json printed words: %q", out)
	}
}

// F260: after 'schedule set --times', 'today' and 'reminders' said "09:00 Metformin 500 mg
// tablet", no longer "(1 tablet)": new times drop none of the record's amount.
func TestScheduleSetKeepsTheAmount(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Margaret"}, "family": "Smith"}}, "birthDate": "1940-01-01"}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Metformin 500 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authoredOn": time.Now().AddDate(0, -1, 0).Format("2006-01-02"),
			"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"08:00:00", "20:00:00"}}},
				"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1, "unit": "tablet"}}}}}}},
	}})
	f := filepath.Join(t.TempDir(), "mum.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	id := importJSON(t, r, f)["profile"].(string)
	r.run(t, "schedule", "set", "--profile", id, "--ref", "MedicationRequest/m1", "--times", "09:00,21:00").ok(t)
	day := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")
	var rs []struct{ Kind, Title string }
	json.Unmarshal([]byte(r.run(t, "reminders", "--json", "--profile", id, "--from", day, "--to", time.Now().UTC().AddDate(0, 0, 2).Format("2006-01-02")).ok(t).stdout), &rs)
	if len(rs) != 2 {
		t.Fatalf("reminders %+v", rs)
	}
	for _, x := range rs {
		if x.Title != "Metformin 500 mg tablet (1 tablet)" {
			t.Errorf("reminder %q, want the amount kept: Metformin 500 mg tablet (1 tablet)", x.Title)
		}
	}
}

// F266: for a person who died, 'medicines confirm' answered "Kept as being taken. It gets no
// reminders: the records give no times to take it." (the record gives 09:00; the reason is her
// death) and 'schedule set' was taken without a word. Both are refused in one line, exit 1,
// naming neither her nor the date, and nothing changes.
func TestNothingToChangeForAPersonWhoDied(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/Los_Angeles")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Rosa"}, "family": "Alvarez"}},
			"birthDate": "1940-01-01", "deceasedDateTime": time.Now().AddDate(0, 0, -1).Format("2006-01-02")}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "gm1", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Furosemide 40 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authoredOn":        time.Now().AddDate(0, -1, 0).Format("2006-01-02"),
			"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"09:00:00"}}}}}}},
	}})
	f := filepath.Join(t.TempDir(), "rosa.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	id := importJSON(t, r, f)["profile"].(string)
	before := r.run(t, "medicines", "--json", "--profile", id).ok(t).stdout
	for _, args := range [][]string{
		{"medicines", "confirm", "--profile", id, "--ref", "MedicationRequest/gm1"},
		{"medicines", "stop", "--profile", id, "--ref", "MedicationRequest/gm1"},
		{"schedule", "set", "--profile", id, "--ref", "MedicationRequest/gm1", "--times", "10:00"},
	} {
		res := r.run(t, args...).fails(t, 1, "the records say this person has died", "nothing was changed")
		if strings.Contains(res.stderr, "Rosa") || strings.Contains(res.stdout, "Kept") {
			t.Errorf("%v: %q %q", args, res.stdout, res.stderr)
		}
	}
	if after := r.run(t, "medicines", "--json", "--profile", id).ok(t).stdout; after != before {
		t.Errorf("her medicines changed:\n%s\n%s", before, after)
	}
}
