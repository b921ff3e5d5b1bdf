package intake

import (
	"encoding/json"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// Blood pressure written as a lone systolic and diastolic Record, without the correlation
// Apple's export wraps a reading in, is said as skipped in words and in --json's skipped list,
// not dropped without a word (finding F15; the record is a hand-made export, F15's repro).
func TestAppleLoneBloodPressureSaid(t *testing.T) {
	const at = `creationDate="2026-12-02 09:00:00 +1300" startDate="2026-12-02 09:00:00 +1300" endDate="2026-12-02 09:00:00 +1300"`
	xml := `<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_NZ">
 <ExportDate value="2026-12-03 21:14:09 +1300"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1957-06-14"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" unit="count/min" ` + at + ` value="64"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" ` + at + ` value="142"/>
 <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" sourceName="Omron" unit="mmHg" ` + at + ` value="91"/>
</HealthData>
`
	v := newVault(t)
	p, err := v.AddProfile("Rosa", "1957-06-14")
	if err != nil {
		t.Fatal(err)
	}
	s, err := importPath(t, v, write(t, "export.xml", []byte(xml)), Options{Options: cksync.Options{Profile: p.ID, Now: clock}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Made["Observation"] != 1 {
		t.Errorf("made %v, want the heart rate", s.Made)
	}
	if d := s.Describe(); !strings.Contains(d, "2 blood pressure values skipped: systolic or diastolic values without their pair") || strings.Contains(d, "; 2 skipped") {
		t.Errorf("Describe() = %q", d)
	}
	b, _ := json.Marshal(s)
	if !strings.Contains(string(b), `"skipped":[{"what":"blood pressure value","reason":"a systolic or diastolic value without its pair","count":2}]`) {
		t.Errorf("--json: %s", b)
	}
	one := Summary{Skipped: []Skip{{What: "blood pressure value", Reason: "a systolic or diastolic value without its pair", Count: 1}}}
	if d := one.Describe(); d != "nothing new; 1 blood pressure value skipped: a systolic or diastolic value without its pair" {
		t.Errorf("one: %q", d)
	}
}
