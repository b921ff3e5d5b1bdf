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
