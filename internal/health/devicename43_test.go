package health

import "testing"

// F567 item 6: a reading's record names its device; DeviceName gives it as written.
func TestDeviceNameOfAReading(t *testing.T) {
	for _, c := range []struct{ js, want string }{
		{`{"resourceType":"Observation","device":{"display":"オムロン 上腕式血圧計 HCR-7502T"},"status":"final"}`, "オムロン 上腕式血圧計 HCR-7502T"},
		{`{"resourceType":"Observation","device":{"display":"  Omron HEM-7361T\nhome monitor "}}`, "Omron HEM-7361T home monitor"},
		{`{"resourceType":"Observation","device":{"reference":"Device/d1"}}`, ""},
		{`{"resourceType":"Observation","code":{"text":"Blood pressure"}}`, ""},
		{`{"resourceType":"Procedure","device":{"display":"Pump"}}`, ""},
		{`{"resourceType":"Observation","device":`, ""},
	} {
		if got := DeviceName([]byte(c.js)); got != c.want {
			t.Errorf("DeviceName(%s) = %q, want %q", c.js, got, c.want)
		}
	}
}
