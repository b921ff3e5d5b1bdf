package applehealth

import "testing"

// A daily total is kept as stored only when the stored one is larger in the same unit (issue
// 15: an older export imported after a newer one lowered a day's steps).
func TestKeepStoredTotal(t *testing.T) {
	total := func(id, code, value, unit string) []byte {
		return []byte(`{"resourceType":"Observation","id":"` + id + `","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}]},"valueQuantity":{"value":` + value + `,"code":"` + unit + `"}}`)
	}
	steps := func(v string) []byte { return total("ah-1", "41950-7", v, "{steps}") }
	tests := []struct {
		name      string
		o, stored []byte
		keep      bool
	}{
		{"stored larger", steps("4600"), steps("5400"), true},
		{"import larger", steps("6000"), steps("5400"), false},
		{"equal", steps("5400"), steps("5400"), false},
		{"nothing stored", steps("4600"), nil, false},
		{"energy, stored larger", total("ah-2", "41981-2", "300", "kcal"), total("ah-2", "41981-2", "410", "kcal"), true},
		{"another unit", total("ah-2", "41981-2", "300", "kcal"), total("ah-2", "41981-2", "1200", "kJ"), false},
		{"not a daily total", total("ah-3", "8867-4", "60", "/min"), total("ah-3", "8867-4", "80", "/min"), false},
		{"not made from an export", total("x", "41950-7", "1", "{steps}"), total("x", "41950-7", "2", "{steps}"), false},
		{"another id", steps("4600"), total("ah-9", "41950-7", "5400", "{steps}"), false},
		{"stored unreadable", steps("4600"), []byte(`{`), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := KeepStoredTotal(tc.o, tc.stored); got != tc.keep {
				t.Errorf("KeepStoredTotal = %v, want %v", got, tc.keep)
			}
		})
	}
	if id, ok := DailyTotalID(steps("1")); !ok || id != "ah-1" {
		t.Errorf("DailyTotalID = %q, %v", id, ok)
	}
	if _, ok := DailyTotalID(total("ah-3", "8867-4", "60", "/min")); ok {
		t.Error("a heart rate is a daily total")
	}
}
