package health

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F55: one schedule, one wording — the record's words (a past medicine's) and the reminders'
// words (a medicine being taken) say timeOfDay 08:00 the same, "once a day at 08:00". F46:
// times the record does not give (a frequency, a code such as BID) are said as CareKeeper's,
// never as the record's: "twice a day (07:30 and 18:30 are CareKeeper's times: change them)".
func TestOneScheduleOneWording(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		dosage, record, reminders string
	}{
		{`{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}}}`, "once a day at 08:00", "once a day at 08:00"},
		{`{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}}}`, "at 08:00 and 20:00", "twice a day at 08:00 and 20:00"},
		{`{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}`, "twice a day", "twice a day (07:30 and 18:30 are CareKeeper's times: change them)"},
		{`{"timing":{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation","code":"QD"}]}}}`, "", "once a day (07:30 is CareKeeper's time: change it)"},
	} {
		res := `{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","authoredOn":"2026-11-20","medicationCodeableConcept":{"text":"Some medicine"},"dosageInstruction":[` + c.dosage + `]}`
		meds := Medicines(NewSet([]Resource{{Key: Key{"https://m.example/fhir", "MedicationRequest", "m"}, Profile: "p", JSON: []byte(res)}}, nil), MedOptions{Now: now})
		if len(meds) != 1 {
			t.Fatalf("%s: %+v", c.dosage, meds)
		}
		if c.record != "" && meds[0].Timing != c.record {
			t.Errorf("%s: the record's words %q, want %q", c.dosage, meds[0].Timing, c.record)
		}
		p, err := schedule.PlanFromResource([]byte(res))
		if err != nil {
			t.Fatal(err)
		}
		got := p.Describe(schedule.DefaultRoutine())
		if got != c.reminders {
			t.Errorf("%s: the reminders' words %q, want %q", c.dosage, got, c.reminders)
		}
		if strings.Contains(got, ", 0") || strings.Contains(meds[0].Timing, ", at") {
			t.Errorf("two wordings: %q / %q", got, meds[0].Timing)
		}
	}
}
