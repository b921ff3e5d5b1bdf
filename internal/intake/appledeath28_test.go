package intake

import (
	"fmt"
	"strings"
	"testing"
	"time"

	cksync "carekeeper/sync"
)

// F234: an Apple Health export imported into Mary Smith, who died on 1 Dec 2026, put heart
// rates of 3 and 4 Dec on her Results without a word ('9 added; for Mary Smith'). Samples
// dated after the day of her death (on her clock) are not imported, and the line says so;
// those of the day she died and before are.
func TestAppleSamplesAfterDeathLeftOut(t *testing.T) {
	v := newVault(t)
	utc := func() *time.Location { return time.UTC }
	opt := Options{Options: cksync.Options{Now: clock}, Device: utc}
	s, err := importPath(t, v, write(t, "mary.json", []byte(`{"resourceType":"Patient","id":"m1","gender":"female","birthDate":"1950-05-01","deceasedDateTime":"2026-11-30T23:30:00-05:00","name":[{"family":"Smith","given":["Mary"]}]}`)), opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Profile = s.Profile
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<HealthData locale=\"en_US\">\n <ExportDate value=\"2026-12-05 08:00:00 -0800\"/>\n")
	for i, day := range []string{"2026-11-29 08:00:00 +0000", "2026-12-01 02:00:00 +0000", "2026-12-03 08:00:00 +0000", "2026-12-04 08:00:00 +0000", "2026-12-04 09:00:00 +0000"} {
		fmt.Fprintf(&b, ` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Mary’s Watch" unit="count/min" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n", day, day, day, 60+i)
	}
	b.WriteString("</HealthData>\n")
	file := write(t, "export.zip", zipOf(t, map[string][]byte{"apple_health_export/export.xml": []byte(b.String())}))
	s, err = importPath(t, v, file, opt)
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := v.Profiles()
	if got, want := s.DescribeFor(Names(ps)), "2 added; 3 samples dated after Mary Smith died (1 Dec 2026) not imported; for Mary Smith"; got != want || s.AfterDeath != 3 {
		t.Errorf("%q (%d after death)\nwant %q", got, s.AfterDeath, want)
	}
}
