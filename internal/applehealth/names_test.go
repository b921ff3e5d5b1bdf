package applehealth_test

import (
	"encoding/json"
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
