package schedule_test

import (
	"testing"
	"time"
)

// F548: Zofia's mealtime insulin as Polish e-prescriptions write it — three dosageInstructions
// with no sequence, 4 units at 07:30, 6 at 13:30 and 6 at 18:30, each every day — reminded of
// nothing ("several dosages without saying which comes first"). No time is in two of them,
// so none comes first: they hold together, each at its time with its amount. Dosages that
// share a time, one without a time, or an as-needed one stay unclear.
func TestDosagesAtTheirOwnTimesHoldTogether(t *testing.T) {
	waw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	dosage := func(at, units string) string {
		rep := `"frequency":1,"period":1,"periodUnit":"d"`
		if at != "" {
			rep += `,"timeOfDay":["` + at + `:00"]`
		}
		return `{"text":"` + units + ` j. s.c.","timing":{"repeat":{` + rep + `}},"doseAndRate":[{"doseQuantity":{"value":` + units + `,"unit":"j.","system":"http://unitsofmeasure.org","code":"[iU]"}}]}`
	}
	const prn = `{"asNeededBoolean":true,"doseAndRate":[{"doseQuantity":{"value":2,"unit":"j.","system":"http://unitsofmeasure.org","code":"[iU]"}}]}`
	for _, tc := range []struct {
		name    string
		dosages []string
		want    string // 8 Dec 2026, or "unclear"
	}{
		{"4, 6 and 6 units at meals", []string{dosage("07:30", "4"), dosage("13:30", "6"), dosage("18:30", "6")},
			"07:30 4 [iU], 13:30 6 [iU], 18:30 6 [iU]"},
		{"two at one time", []string{dosage("07:30", "4"), dosage("07:30", "6")}, "unclear"},
		{"one without a time", []string{dosage("07:30", "4"), dosage("", "6")}, "unclear"},
		{"an as-needed one", []string{dosage("07:30", "4"), prn}, "unclear"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := dosesOf(t, tc.dosages, time.Date(2026, 12, 8, 0, 0, 0, 0, waw), 1, "15:04")
			if got != tc.want {
				t.Errorf("got %s\nwant %s", got, tc.want)
			}
		})
	}
}
