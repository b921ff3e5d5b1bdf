package intake

import (
	"fmt"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// F156: an export.xml that gives the very same sample twice, far apart (a long export with its
// first heart rate repeated at the end), imported into a new person said "… added, 1
// unchanged": the copy, in a later batch of 2,000, was counted as a record already there.
// The copy is the same record: not counted, in a batch of its own or not; imported again,
// the export is "nothing new" with as many records as were added.
func TestAppleSampleGivenTwiceInTwoBatches(t *testing.T) {
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 3 // the copy falls in a later batch, as 2,000 samples apart do
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<HealthData locale=\"en_US\">\n <ExportDate value=\"2025-11-23 08:00:00 -0800\"/>\n")
	rec := func(i int) string {
		at := fmt.Sprintf("2025-11-22 %02d:00:00 -0800", 8+i)
		return fmt.Sprintf(` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Sam’s Watch" sourceVersion="10.1" unit="count/min" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n", at, at, at, 60+i)
	}
	for i := range 8 {
		b.WriteString(rec(i))
	}
	b.WriteString(rec(0)) // the first sample again
	b.WriteString(rec(0)) // and again
	b.WriteString("</HealthData>\n")
	file := write(t, "export.zip", zipOf(t, map[string][]byte{
		"apple_health_export/export.xml":                      []byte(b.String()),
		"apple_health_export/clinical-records/Patient-1.json": []byte(patientR4),
	}))
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	s, err := importPath(t, v, file, opt)
	if err != nil {
		t.Fatal(err)
	}
	added := total(s.Added)
	if s.Unchanged != 0 || s.Added["Observation"] != 8 {
		t.Errorf("first import: %q (added %v, %d unchanged); want 8 heart rates added, none unchanged", s.Describe(), s.Added, s.Unchanged)
	}
	s, err = importPath(t, v, file, opt)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("nothing new: %d records already there", added); s.Describe() != want {
		t.Errorf("again: %q, want %q", s.Describe(), want)
	}
}
