package remind

import (
	"testing"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// F525 item 6: Margaret's paracetamol from the discharge letter gives its dose in words alone
// ("Paracetamol 500 mg: two tablets up to four times a day if needed for pain (no more than 8
// tablets in 24 hours)"); 'dose log' recorded it with no amount, and the other devices read
// three doses of nothing in particular. The one amount the words give is the dose recorded;
// a range, a worked-out dose or two amounts give none (asked, as before).
func TestAmountInWords(t *testing.T) {
	const para = "Acetaminophen 500 mg tablet"
	for _, c := range []struct{ words, name, want string }{
		{"Paracetamol 500 mg: two tablets up to four times a day if needed for pain (no more than 8 tablets in 24 hours)", para, "2 tablets"},
		{"one tablet at night", "Aricept (donepezil) 10 mg", "1 tablet"},
		{"Take 2 puffs when required, maximum 8 puffs a day", "Ventolin 100 micrograms inhaler", "2 puffs"},
		{"500 mg every 6 hours if needed", para, "500 mg"},
		{"half a tablet in the morning", "Bisoprolol 2.5 mg", "0.5 tablet"},
		{"1-2 tablets every 4 to 6 hours if needed", para, ""},
		{"one or two tablets at night", para, ""},
		{"1 unit for every 10 g of carbohydrate", "NovoRapid FlexPen", ""},
		{"3 mg on Mon, Wed and Fri and 2 mg on other days", "Warfarin 1 mg tablets", ""},
		{"as directed", para, ""},
	} {
		if got := AmountInWords(c.words, c.name); got != c.want {
			t.Errorf("AmountInWords(%q) = %q, want %q", c.words, got, c.want)
		}
	}
	// and it is what a dose logged of it records
	med := &Medicine{Profile: "m", Name: para, ID: storage.ID{Source: "local", Type: "MedicationRequest", ID: "para"},
		Plan: schedule.Plan{AsNeeded: true, Phases: []schedule.Phase{{AsNeeded: true,
			Text: "Paracetamol 500 mg: two tablets up to four times a day if needed for pain (no more than 8 tablets in 24 hours)"}}}}
	if got := recordedDose(med, DoseAction{When: time.Date(2026, 12, 7, 22, 2, 0, 0, time.UTC)}); got != "2 tablets" {
		t.Errorf("recorded dose %q, want 2 tablets", got)
	}
}
