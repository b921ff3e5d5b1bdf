package health

import "testing"

// F578: Kazuko's 28 morning readings, "家庭血圧（朝）" (home blood pressure, morning) from her
// "オムロン 上腕式血圧計 HCR-7502T", were no home readings: Japanese was not read. A code named
// home blood pressure, and a device named for home use in Japanese, Chinese or Korean, read as
// home now; the clinic's blood pressure (診察室血圧), a bare 血圧, or a model alone do not.
func TestMeasuredAtHomeInJapaneseChineseAndKorean(t *testing.T) {
	obs := func(code, device string) []byte {
		js := `{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}],"text":"` + code + `"},` +
			`"subject":{"reference":"Patient/k1"},"effectiveDateTime":"2024-12-06T06:50:00+09:00"`
		if device != "" {
			js += `,"device":{"display":"` + device + `"}`
		}
		return []byte(js + "}")
	}
	for _, c := range []struct {
		code, device string
		want         bool
	}{
		{"家庭血圧（朝）", "オムロン 上腕式血圧計 HCR-7502T", true},
		{"家庭血圧", "", true},
		{"自宅血圧（夜）", "", true},
		{"家庭血压", "", true},
		{"家庭血壓", "", true},
		{"가정혈압", "", true},
		{"Home blood pressure", "", true},
		{"血圧", "家庭用血圧計 テルモ", true},
		{"血压", "欧姆龙家用血压计", true},
		{"혈압", "가정용 혈압계", true},
		{"診察室血圧", "オムロン HBP-9030", false},
		{"血圧", "オムロン 上腕式血圧計 HCR-7502T", false},
		{"血压", "", false},
		{"Blood pressure", "Omron HEM-7361T", false},
	} {
		if got := MeasuredAtHome(obs(c.code, c.device)); got != c.want {
			t.Errorf("%q from %q: at home %v, want %v", c.code, c.device, got, c.want)
		}
	}
	if MeasuredAtHomeRule < 5 {
		t.Errorf("MeasuredAtHomeRule %d: the vaults marked by the rule before these words are not marked again", MeasuredAtHomeRule)
	}
}
