package remind

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A dose given keeps the amount it was given with: after a newer record doubled Metformin,
// "09:30 taken Metformin 500 mg tablet (2 tablets)" read for the one tablet given that
// morning, though its record says "1 tablet" (F372). Doses still to come say the new amount.
func TestDoseGivenKeepsItsAmountWhenTheRecordChanges(t *testing.T) {
	ctx := context.Background()
	utc := time.UTC
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, utc) }
	plan := func(n int) string {
		return `[{"timing":{"repeat":{"timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":` +
			map[int]string{1: "1", 2: "2"}[n] + `,"unit":"tablet"}}]}]`
	}
	v := openVault(t)
	p := addPerson(t, v, "Maria")
	ref := addMed(t, v, p, "mm1", "Metformin 500 mg tablet", plan(1))
	m, err := Load(ctx, v, LoadOptions{Device: utc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecordDose(ctx, v, m.Medicine(p, ref), DoseAction{Occurrence: "2026-12-06T09:30", Scheduled: at(9, 30), When: at(9, 35)}); err != nil {
		t.Fatal(err)
	}
	addMed(t, v, p, "mm1", "Metformin 500 mg tablet", plan(2)) // the portal's newer record
	m, err = Load(ctx, v, LoadOptions{Device: utc})
	if err != nil {
		t.Fatal(err)
	}
	st := m.DoseStates(p, at(0, 0), at(23, 59), at(12, 0))
	if len(st) != 2 {
		t.Fatalf("doses %+v, want 09:30 and 21:30", st)
	}
	if st[0].State != DoseTaken || !strings.HasSuffix(st[0].Title, "(1 tablet)") {
		t.Errorf("the 09:30 dose given as 1 tablet reads %q (%s)", st[0].Title, st[0].State)
	}
	if !strings.HasSuffix(st[1].Title, "(2 tablets)") {
		t.Errorf("the 21:30 dose, under the newer record, reads %q", st[1].Title)
	}
}
