package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDischargeSummarysMostADayIsSaid: a discharge summary (C-CDA) that is the only source of
// a rescue medicine gives its "at most 1 dose a day" (maxDoseQuantity) as a FHIR order does:
// medicines says it (F443: the most was dropped).
func TestDischargeSummarysMostADayIsSaid(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	r.run(t, "import", filepath.Join("testdata", "rescue-discharge.xml")).ok(t)
	pid := strings.Fields(r.run(t, "profile", "list").ok(t).stdout)[4]
	meds := r.run(t, "medicines", "--profile", pid).ok(t).stdout
	for _, want := range []string{"as needed for seizure, at most 1 dose a day", "at least 6 hours apart, at most 4 doses a day"} {
		if !strings.Contains(meds, want) {
			t.Errorf("medicines: %q\nwant %q", meds, want)
		}
	}
}
