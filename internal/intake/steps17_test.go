package intake

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"carekeeper/internal/applehealth"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// stepsExport is an Apple Health export whose export.xml holds the iPhone's step samples of
// 22 Nov 2025 (the counts given).
func stepsExport(t *testing.T, steps ...int) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<HealthData locale=\"en_US\">\n <ExportDate value=\"2025-11-23 08:00:00 -0800\"/>\n")
	for i, n := range steps {
		at := fmt.Sprintf("2025-11-22 %02d:00:00 -0800", 8+i)
		end := fmt.Sprintf("2025-11-22 %02d:10:00 -0800", 8+i)
		fmt.Fprintf(&b, ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Sam’s iPhone" sourceVersion="17.1" unit="count" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n", end, at, end, n)
	}
	b.WriteString("</HealthData>\n")
	return zipOf(t, map[string][]byte{
		"apple_health_export/export.xml":                      []byte(b.String()),
		"apple_health_export/clinical-records/Patient-1.json": []byte(patientR4),
	})
}

// Issue 15: importing an older Apple Health export after a newer one lowered a day's steps
// total (22 Nov: 5400 → 4600). A stored daily total larger than the import's, in the same
// unit, is kept (counted unchanged); a larger one still replaces it.
func TestAppleDailyTotalNeverDrops(t *testing.T) {
	v := newVault(t)
	opt := Options{Options: cksync.Options{Now: clock}}
	stored := func() float64 {
		t.Helper()
		var total float64
		n := 0
		err := v.Records(ctx, storage.Query{Type: "Observation"}, func(r *storage.Record) error {
			if _, ok := applehealth.DailyTotalID(r.Resource); ok {
				var o struct {
					ValueQuantity struct{ Value float64 } `json:"valueQuantity"`
				}
				if err := json.Unmarshal(r.Resource, &o); err != nil {
					return err
				}
				total = o.ValueQuantity.Value
				n++
			}
			return nil
		})
		if err != nil || n != 1 {
			t.Fatalf("%d daily totals stored (%v)", n, err)
		}
		return total
	}
	newer := write(t, "export.zip", stepsExport(t, 3000, 2400))
	older := write(t, "export.zip", stepsExport(t, 3000, 1600))
	later := write(t, "export.zip", stepsExport(t, 3000, 2400, 600))
	steps := []struct {
		name      string
		path      string
		want      float64
		unchanged bool // the total is left as stored
	}{
		{"the newer export", newer, 5400, false},
		{"an older export after it", older, 5400, true},
		{"a later export", later, 6000, false},
		{"the older again", older, 6000, true},
	}
	for _, st := range steps {
		s, err := importPath(t, v, st.path, opt)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := stored(); got != st.want {
			t.Errorf("%s: the day's steps are %v, want %v", st.name, got, st.want)
		}
		if st.unchanged && (s.Updated["Observation"] != 0 || s.Unchanged == 0) {
			t.Errorf("%s: summary %+v, want the total unchanged", st.name, s.Summary)
		}
	}
}
