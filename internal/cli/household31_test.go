package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// F338: on a device removed from the household, 'dose take' for a person the household shares
// said "Recorded: … taken" (exit 0), and 'appointment add' "Added for …", though nothing
// written there reaches the devices that now remind her: they kept the dose due, then missed,
// and alerted. Now such a change is refused in one line that says why and that nothing was
// recorded (exit 1); this device's own people, never shared, are changed as before.
func TestRemovedDeviceRefusesChangesOfSharedPeople(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a, b = a.with("TZ", "UTC"), b.with("TZ", "UTC")
	a.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(a.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people %v %v", people, err)
	}
	lena := people[0].ID
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	if err := json.Unmarshal([]byte(b.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	self := ""
	for _, d := range ds {
		if d.Self {
			self = d.ID
		}
	}
	a.run(t, "household", "revoke", self).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").fails(t, 1, "removed from the household on ")

	y := time.Now().UTC().AddDate(0, 0, -1)
	due := time.Date(y.Year(), y.Month(), y.Day(), 8, 0, 0, 0, time.UTC).Format("2006-01-02T15:04")
	day := "this device was removed from the household on "
	for _, args := range [][]string{
		{"dose", "take", "--profile", lena, "--ref", "MedicationRequest/metformin", "--at", due},
		{"dose", "skip", "--profile", lena, "--ref", "MedicationRequest/metformin", "--at", due},
		{"appointment", "add", "--profile", lena, "--title", "Checkup", "--start", time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)},
		{"schedule", "set", "--profile", lena, "--ref", "MedicationRequest/metformin", "--times", "09:00"},
	} {
		res := b.run(t, args...)
		res.fails(t, 1, day, "nothing was recorded", "would stay on this computer")
		if strings.Contains(res.stdout, "Recorded") || strings.Contains(res.stdout, "Added") {
			t.Errorf("%s on the removed device said %q", strings.Join(args[:2], " "), res.stdout)
		}
	}
	// This device's own person, added after the removal, is changed as before.
	anna := addedProfile(t, b, "--name", "Anna")
	b.run(t, "appointment", "add", "--profile", anna, "--title", "Dentist", "--start", time.Now().Add(48*time.Hour).UTC().Format(time.RFC3339)).ok(t)
	// The device that stays is not touched.
	a.run(t, "dose", "take", "--profile", lena, "--ref", "MedicationRequest/metformin", "--at", due).ok(t)
}
