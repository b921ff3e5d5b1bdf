package health

import (
	"testing"
	"time"
)

// Found using the binary with hand-written records (verify18).
func TestMedicines_VerifyEdgeCases(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	died := Death{Deceased: true, Date: "2024-11", At: time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)}
	bounded := `,"dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2024-06-01","end":"2024-06-10"},"frequency":2,"period":1,"periodUnit":"d","dayOfWeek":["mon","wed","fri"],"timeOfDay":["07:30:00","19:30:00"]}}}]`
	t.Run("a medicine that ended before the death ended then", func(t *testing.T) {
		meds := Medicines(NewSet([]Resource{medJSON("m", "active", "2024-06-01", "1", "Prednisolone", bounded)}, nil), MedOptions{Now: now, Death: &died})
		if len(meds) != 1 || meds[0].Ended != "2024-06-10" {
			t.Fatalf("%+v, want ended 2024-06-10 (its own end, before the death)", meds)
		}
	})
	t.Run("a medicine still going at the death ends there", func(t *testing.T) {
		meds := Medicines(NewSet([]Resource{medJSON("m", "active", "2024-06-01", "1", "Prednisolone", "")}, nil), MedOptions{Now: now, Death: &died})
		if len(meds) != 1 || meds[0].Ended != "2024-11" {
			t.Fatalf("%+v, want ended 2024-11", meds)
		}
	})
	t.Run("the days of the week are said", func(t *testing.T) {
		meds := Medicines(NewSet([]Resource{medJSON("m", "completed", "2024-06-01", "1", "Prednisolone", bounded)}, nil), MedOptions{Now: now})
		if want := "twice a day, on Mon, Wed and Fri at 07:30 and 19:30"; len(meds) != 1 || meds[0].Timing != want {
			t.Fatalf("%+v, want timing %q", meds, want)
		}
	})
	t.Run("a record entered in error is no medicine", func(t *testing.T) {
		meds := Medicines(NewSet([]Resource{medJSON("m", "entered-in-error", "2026-12-01", "1", "Warfarin", "")}, nil), MedOptions{Now: now})
		if len(meds) != 0 {
			t.Fatalf("%+v, want none", meds)
		}
	})
}
