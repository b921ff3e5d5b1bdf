package applehealth_test

import (
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/applehealth/ahtest"
	"carekeeper/internal/health"
)

// TestDailyTotalNames: the daily totals read in plain words wherever results are listed (the
// app and `carekeeper results` both name series through health), not as the LOINC display
// ("Number of steps in 24 hour Measured").
func TestDailyTotalNames(t *testing.T) {
	_, obs := scan(t, export(t, ahtest.Options{Days: 2, PerDay: 3}))
	var recs []health.Resource
	for _, m := range obs {
		recs = append(recs, health.Resource{Key: health.Key{Source: "local", Type: "Observation", ID: m["id"].(string)},
			Profile: "p1", JSON: mustJSON(t, m)})
	}
	names := map[string]string{}
	for _, se := range health.Results(health.NewSet(recs, nil)) {
		names[se.Code] = se.ShortName() + " / " + se.PlainName()
	}
	for _, tc := range []struct{ code, want string }{
		{"http://loinc.org|41950-7", "Steps (daily total) / Steps (daily total)"},
		{"http://loinc.org|41981-2", "Active energy (daily total) / Active energy (daily total)"},
		{"http://loinc.org|8867-4", "Heart rate / Heart rate"},
	} {
		if got := names[tc.code]; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.code, got, tc.want)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMeasurementNames: each measurement's code text is its name in plain words, so the
// timeline and the records browser (health.Describe) say "Blood pressure: 120/80 mmHg", not the
// LOINC display ("Blood pressure panel with all children optional", "Glucose [Moles/volume] in
// Blood", "Oxygen saturation in Arterial blood by Pulse oximetry"), which stays in the coding.
func TestMeasurementNames(t *testing.T) {
	_, obs := scan(t, export(t, ahtest.Options{Days: 1, PerDay: 1}))
	texts := map[string]string{}
	for _, m := range obs {
		code := m["code"].(map[string]any)
		loinc := code["coding"].([]any)[0].(map[string]any)["code"].(string)
		texts[loinc], _ = code["text"].(string)
		title := health.Describe("Observation", mustJSON(t, m))
		for _, bad := range []string{"panel with all children", "[", "Pulse oximetry", "in Blood"} {
			if strings.Contains(title, bad) {
				t.Errorf("%s: timeline title %q", loinc, title)
			}
		}
	}
	for _, tc := range []struct{ code, want string }{
		{"85354-9", "Blood pressure"},
		{"15074-8", "Blood glucose"},
		{"59408-5", "Oxygen saturation"},
		{"29463-7", "Body weight"},
		{"8867-4", "Heart rate"},
		{"41950-7", "Steps (daily total)"},
	} {
		if got, ok := texts[tc.code]; !ok || got != tc.want {
			t.Errorf("%s: code text %q, want %q", tc.code, got, tc.want)
		}
	}
}
