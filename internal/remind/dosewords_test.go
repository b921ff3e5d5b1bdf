package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
)

// A reminder says the dose as the medicines list does: "(2 tablets)", not the record's bare
// "(2 tablet)" or "(2 {tbl})" (found with the binary, verify18).
func TestReminders_DoseInWords(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 6, 1, 7, 0, 0, 0, lon)
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	tests := []struct{ id, dose, want string }{
		{"a", `{"value":2,"unit":"tablet"}`, "A (2 tablets)"},
		{"b", `{"value":2,"system":"http://unitsofmeasure.org","code":"{tbl}"}`, "B (2 tablets)"},
		{"c", `{"value":1,"unit":"tablet"}`, "C (1 tablet)"},
		{"d", `{"value":500,"unit":"mg"}`, "D (500 mg)"},
		{"e", `{"value":2,"unit":"capsules"}`, "E (2 capsules)"},
	}
	for _, tc := range tests {
		name := string(tc.id[0] - 'a' + 'A')
		rec, err := storage.NewRecord(pid, storage.ID{Source: "local", Type: "MedicationRequest", ID: tc.id}, []byte(`{"resourceType":"MedicationRequest","id":"`+tc.id+
			`","status":"active","intent":"order","medicationCodeableConcept":{"text":"`+name+`"},"authoredOn":"2026-05-01","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},"doseAndRate":[{"doseQuantity":`+tc.dose+`}]}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range m.Reminders(pid, now, now.Add(24*time.Hour), now) {
		got[r.Title] = true
	}
	for _, tc := range tests {
		if !got[tc.want] {
			t.Errorf("no reminder %q among %v", tc.want, got)
		}
	}
}

// A dose that only looks like part of the medicine's name is still said: Warfarin 2.5 mg
// tablets taken 5 mg at a time said "Warfarin 2.5 mg tablet" (as if one tablet) because
// "2.5 mg" holds "5 mg", and an oral suspension of 250 mg/5 mL taken 10 mL said its dose but
// taken 5 mL said none. A dose the name gives whole ("Metformin 500 mg tablet", 500 mg) is
// said once.
func TestReminders_DoseInsideTheNameIsStillSaid(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 6, 1, 7, 0, 0, 0, lon)
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	tests := []struct{ id, name, dose, want string }{
		{"a", "Warfarin 2.5 MG Oral Tablet", `{"value":5,"unit":"mg"}`, "Warfarin 2.5 mg tablet (5 mg)"},
		{"b", "Amoxicillin 250 MG/5ML Oral Suspension", `{"value":5,"unit":"mL"}`, "Amoxicillin 250 mg/5 mL oral suspension (5 mL)"},
		{"c", "Aspirin 81 MG Oral Tablet", `{"value":1,"unit":"mg"}`, "Aspirin 81 mg tablet (1 mg)"},
		{"d", "Levothyroxine 125 MCG Oral Tablet", `{"value":25,"unit":"mcg"}`, "Levothyroxine 125 mcg tablet (25 mcg)"},
		{"e", "Metformin 500 MG Oral Tablet", `{"value":500,"unit":"mg"}`, "Metformin 500 mg tablet"},
		{"f", "Cefdinir 250 MG/5ML Oral Suspension", `{"value":250,"unit":"mg"}`, "Cefdinir 250 mg/5 mL oral suspension (250 mg)"},
	}
	for _, tc := range tests {
		rec, err := storage.NewRecord(pid, storage.ID{Source: "local", Type: "MedicationRequest", ID: tc.id}, []byte(`{"resourceType":"MedicationRequest","id":"`+tc.id+
			`","status":"active","intent":"order","medicationCodeableConcept":{"text":"`+tc.name+`"},"authoredOn":"2026-05-01","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},"doseAndRate":[{"doseQuantity":`+tc.dose+`}]}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range m.Reminders(pid, now, now.Add(24*time.Hour), now) {
		got[r.Ref] = r.Title
	}
	for _, med := range m.Medicines(pid) {
		if l := med.DoseLabel(); l != got[med.Ref] {
			t.Errorf("%s: DoseLabel %q, reminder %q", med.Ref, l, got[med.Ref])
		}
	}
	for _, tc := range tests {
		if g := got["MedicationRequest/"+tc.id]; g != tc.want {
			t.Errorf("%s: reminder %q, want %q", tc.name, g, tc.want)
		}
	}
}
