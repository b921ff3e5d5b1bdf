package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/canvas"
)

// F391: a child's amoxicillin whose record gives three times of day but "once a day" gets no
// reminders, and Today listed it among the medicines being taken with no word of it: a parent
// waited for reminders of a 7-day course that never came. Today now says so on its row.
func TestToday_SaysAMedicineGetsNoReminders(t *testing.T) {
	const clash = `[{"text":"7.5 mL three times a day for 7 days","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","14:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":7.5,"unit":"mL"}}]}]`
	rig := newRemindRig(t, at(8, 0),
		medFixture{"Lily", "m1", "Amoxicillin 250 mg/5 mL oral suspension", clash},
		medFixture{"Lily", "m2", "Metformin 500 mg", twiceDaily})
	var all []string
	forEachText(rig.showToday().view(), func(t *canvas.Text) { all = append(all, t.Text) })
	texts := strings.Join(all, "\n")
	const want = "No reminders: its record gives times of day that do not match how many times a day it says. Set its times on Medicines."
	if strings.Count(texts, want) != 1 {
		t.Errorf("Today does not say once that the amoxicillin gets no reminders:\n%s", texts)
	}
}

// F512 item 5: on a tablet that only views Rafael, Today said "No reminders: …. Set its times
// on Medicines." — told to a device that cannot set times. It says who can.
func TestToday_NoRemindersOnADeviceThatOnlyViews(t *testing.T) {
	const clash = `[{"text":"7.5 mL three times a day for 7 days","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","14:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":7.5,"unit":"mL"}}]}]`
	rig := newRemindRig(t, at(8, 0), medFixture{"Lily", "m1", "Amoxicillin 250 mg/5 mL oral suspension", clash})
	if err := rig.u.vault.SetViewOnly(context.Background(), []string{rig.people["Lily"]}); err != nil {
		t.Fatal(err)
	}
	var all []string
	forEachText(rig.showToday().view(), func(t *canvas.Text) { all = append(all, t.Text) })
	texts := strings.Join(all, "\n")
	const want = "No reminders: its record gives times of day that do not match how many times a day it says. A device that manages Lily can set its times."
	if strings.Count(texts, want) != 1 || strings.Contains(texts, "Set its times on Medicines") {
		t.Errorf("Today on a device that only views Lily:\n%s", texts)
	}
}
