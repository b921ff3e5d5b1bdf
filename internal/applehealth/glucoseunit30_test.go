package applehealth_test

import (
	"bytes"
	"testing"

	"carekeeper/internal/applehealth/ahtest"
)

// HealthKit writes glucose's mmol/L with glucose's molar mass inside, formatted as the iOS
// version formats a double: "mmol<180.1558800000541>/L" and also "mmol<180.15588000005408>/L"
// or "mmol<180.15588>/l". Only the first was read: every glucose reading of an export written
// the other way was skipped as "unreadable value, unit or date". Another molar mass is not
// glucose's, and stays unread.
func TestGlucoseInMmolOfEveryIOSVersion(t *testing.T) {
	base := export(t, ahtest.Options{Days: 3, PerDay: 5})
	const written = "mmol&lt;180.1558800000541&gt;/L"
	if !bytes.Contains(base, []byte(written)) {
		t.Fatal("the made-up export has no glucose in mmol/L")
	}
	for _, tc := range []struct {
		unit string
		made int
	}{
		{written, 3},
		{"mmol&lt;180.15588000005408&gt;/L", 3},
		{"mmol&lt;180.15588000005408&gt;/l", 3},
		{"mmol&lt;180.15588&gt;/L", 3},
		{"mmol&lt;58.44&gt;/L", 0},      // sodium chloride's, not glucose's
		{"mmol&lt;180.15588&gt;/dL", 0}, // not per litre
		{"mmol&lt;abc&gt;/L", 0},
	} {
		t.Run(tc.unit, func(t *testing.T) {
			st, obs := scan(t, bytes.ReplaceAll(base, []byte(written), []byte(tc.unit)))
			if st.Made["Blood glucose"] != tc.made {
				t.Fatalf("%d glucose readings made, want %d (skipped %v)", st.Made["Blood glucose"], tc.made, st.Skipped)
			}
			n := 0
			for _, o := range obs {
				coding := o["code"].(map[string]any)["coding"].([]any)[0].(map[string]any)
				if coding["code"] == "15074-8" {
					n++
					if q := o["valueQuantity"].(map[string]any); q["code"] != "mmol/L" || q["value"] != 5.4 {
						t.Errorf("glucose %v", q)
					}
				}
			}
			if n != tc.made {
				t.Errorf("%d glucose Observations in mmol/L, want %d", n, tc.made)
			}
			if tc.made == 0 && st.Skipped["HKQuantityTypeIdentifierBloodGlucose (unreadable value, unit or date)"] != 3 {
				t.Errorf("skipped %v", st.Skipped)
			}
		})
	}
}
