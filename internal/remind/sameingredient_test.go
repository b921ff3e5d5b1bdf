package remind

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// Two current records of one ingredient for one person (a portal's amoxicillin 250 mg/5 mL
// every 8 hours and a visit summary's 80 mg/mL every 12 hours) reminded of both: a child given
// amoxicillin five times a day (F45, vapp25). Neither reminds until the person says which they
// give; then that one does, and the other still waits for its answer.
func TestSameIngredientRemindsOnlyOnceAnswered(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	now := time.Date(2026, 6, 1, 7, 0, 0, 0, lon)
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Lily")
	addRecordMed(t, v, pid, "a1", "Amoxicillin 250 MG/5 ML Oral Suspension", "2026-05-30")
	addRecordMed(t, v, pid, "a2", "Amoxicillin 80 MG/ML Oral Suspension", "2026-05-31")
	addRecordMed(t, v, pid, "p1", "Paracetamol 120 MG/5 ML Oral Suspension", "2026-05-31")
	load := func() *Model {
		m, err := Load(ctx, v, LoadOptions{Device: lon, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	refs := func(m *Model) map[string]int {
		n := map[string]int{}
		for _, r := range m.Reminders(pid, now, now.Add(24*time.Hour), now) {
			n[r.Ref]++
		}
		return n
	}
	got := refs(load())
	if got["MedicationRequest/a1"] != 0 || got["MedicationRequest/a2"] != 0 {
		t.Errorf("reminders before the person answered: %v", got)
	}
	if got["MedicationRequest/p1"] == 0 {
		t.Errorf("paracetamol, another ingredient, has no reminders: %v", got)
	}
	choice := storage.StateOp{Key: health.ChoiceKey(pid, "MedicationRequest/a2"), Value: health.EncodeChoice(health.Choice{Taking: true, At: now.Add(-time.Hour)})}
	if err := v.UpdateState(ctx, choice); err != nil {
		t.Fatal(err)
	}
	got = refs(load())
	if got["MedicationRequest/a2"] == 0 || got["MedicationRequest/a1"] != 0 {
		t.Errorf("after the person said they give the 80 mg/mL one: %v", got)
	}
}
