package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F482: on the night Berlin's clocks go back, 'dose take --at …T02:30' of a dose at 02:30 read
// the second 02:30 (CET), "a dose at 02:30, when none is scheduled, … counted for the 02:30
// dose". The plan's 02:30 is the one of the two that is a dose; a --when on the repeated hour is
// refused with both to choose from, as 'appointment add' does.
func TestDoseTakeOnTheNightTheClocksGoBack(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// the last night the clocks went back there: the last Sunday of October before now
	var night time.Time
	for y := time.Now().Year(); night.IsZero() || night.After(time.Now()); y-- {
		d := time.Date(y, 10, 31, 12, 0, 0, 0, berlin)
		night = d.AddDate(0, 0, -int(d.Weekday()))
	}
	day := night.Format("2006-01-02")
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"t","name":[{"text":"Tobi Okoye"}],"birthDate":"2016-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"glar","status":"active","intent":"order","medicationCodeableConcept":{"text":"Insulin glargine 100 units/mL pen"},` +
		`"subject":{"reference":"Patient/t"},"authoredOn":"` + night.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["02:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":18,"unit":"units"}}]}]}}]}`
	f := filepath.Join(t.TempDir(), "tobi.json")
	os.WriteFile(f, []byte(bundle), 0o600)
	r := in(newVault(t)).with("TZ", "Europe/Berlin")
	r.run(t, "import", f).ok(t)
	r.run(t, "dose", "take", "--ref", "MedicationRequest/glar", "--at", day+"T02:30", "--when", day+"T02:35").fails(t, 2, "happens twice on")
	out := r.run(t, "dose", "take", "--ref", "MedicationRequest/glar", "--at", day+"T02:30", "--when", day+"T02:35:00+02:00").ok(t).stdout
	if !strings.HasPrefix(out, "Recorded: the 02:30 CEST dose") || strings.Contains(out, "none is scheduled") {
		t.Errorf("%q, want the 02:30 CEST dose recorded", out)
	}
	// the time it was taken, on that hour, says which 02:35 too (F512 item 6)
	if !strings.Contains(out, "taken at "+night.Format("2 Jan 2006")+", 02:35 CEST") {
		t.Errorf("%q, want taken at 02:35 CEST", out)
	}
}
