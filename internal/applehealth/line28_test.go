package applehealth

import (
	"context"
	"strings"
	"testing"
)

// F184: an export.xml whose DOCTYPE spans lines 2–4 and whose line 12 is not well-formed was
// said to fail on line 10: the DOCTYPE was dropped with its line breaks. The line is the file's.
func TestNotWellFormedSaysTheFilesLine(t *testing.T) {
	lines := []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<!DOCTYPE HealthData [`,
		`<!ELEMENT HealthData (ExportDate)>`,
		`]>`,
		`<HealthData locale="en_US">`,
		` <ExportDate value="2025-11-23 08:00:00 -0800"/>`,
		` <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-11-22 08:00:00 -0800" endDate="2025-11-22 08:00:00 -0800" value="61"/>`,
		` <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-11-22 09:00:00 -0800" endDate="2025-11-22 09:00:00 -0800" value="62"/>`,
		` <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-11-22 10:00:00 -0800" endDate="2025-11-22 10:00:00 -0800" value="63"/>`,
		` <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-11-22 11:00:00 -0800" endDate="2025-11-22 11:00:00 -0800" value="64"/>`,
		` <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-11-22 12:00:00 -0800" endDate="2025-11-22 12:00:00 -0800" value="65"/>`,
		` <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2025-11-22 13:00:00 -0800" endDate="2025-11-22 13:00:00 -0800" value="<x"/>`,
		`</HealthData>`,
	}
	_, err := Scan(context.Background(), strings.NewReader(strings.Join(lines, "\n")+"\n"), Options{}, func([]byte) error { return nil })
	if err == nil || err.Error() != "export.xml is not well-formed XML (line 12)" {
		t.Errorf("%v, want line 12", err)
	}
}
