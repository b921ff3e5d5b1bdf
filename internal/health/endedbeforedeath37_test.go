package health

import (
	"testing"
	"time"
)

// F467 (the medicine's own check): a course whose record ends the day before a death given as
// a day alone ended then; the check took the death's midnight UTC, so it read "ended at
// death". It goes by Death.End on the person's clock, as the rest does.
func TestMedicineEndedBeforeADeathOnThePersonsClock(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	la, tokyo := mustZone(t, "America/Los_Angeles"), mustZone(t, "Asia/Tokyo")
	for _, tc := range []struct {
		name, died, end string
		loc             *time.Location
		want            string
	}{
		{"a date the day before", "2026-03-14", "2026-03-13", time.UTC, "ended 13 Mar 2026"},
		{"a date the day before, Tokyo", "2026-03-14", "2026-03-13", tokyo, "ended 13 Mar 2026"},
		{"a date the day before, Los Angeles", "2026-03-14", "2026-03-13", la, "ended 13 Mar 2026"},
		{"the evening before in Los Angeles", "2026-03-14", "2026-03-13T20:00:00-07:00", la, "ended 13 Mar 2026"},
		{"the day of death", "2026-03-14", "2026-03-14", time.UTC, "ended at death, 14 Mar 2026"},
		{"the day of death, Los Angeles", "2026-03-14", "2026-03-14", la, "ended at death, 14 Mar 2026"},
		{"after the death", "2026-03-14", "2026-04-30", la, "ended at death, 14 Mar 2026"},
		{"before a death at a time", "2026-03-14T10:00:00Z", "2026-03-14T08:00:00Z", time.UTC, "ended 14 Mar 2026"},
		{"after a death at a time", "2026-03-14T10:00:00Z", "2026-03-14T12:00:00Z", time.UTC, "ended at death, 14 Mar 2026"},
	} {
		rs := []Resource{
			{Key: Key{"f", "Patient", "pt"}, Profile: "p", JSON: []byte(`{"resourceType":"Patient","id":"pt","deceasedDateTime":"` + tc.died + `"}`)},
			{Key: Key{"f", "MedicationStatement", "m"}, Profile: "p", JSON: []byte(`{"resourceType":"MedicationStatement","id":"m","status":"active","medicationCodeableConcept":{"text":"Furosemide 40 mg tablet"},"effectivePeriod":{"start":"2026-01-05","end":"` + tc.end + `"}}`)},
		}
		meds := Medicines(NewSet(rs, nil), MedOptions{Now: now.In(tc.loc), Loc: tc.loc})
		if len(meds) != 1 {
			t.Fatalf("%s: %d medicines", tc.name, len(meds))
		}
		if got := meds[0].EndWords(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
