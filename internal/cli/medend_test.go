package cli_test

import (
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// `carekeeper medicines` said "ended 27 Apr 2018" of the medicines Wendell Lesch's records
// still gave as taken when he died, the app "Stopped 27 Apr 2018", the summary "ended at
// death": all three say "ended at death" (health.Medication.EndWords).
func TestMedicinesEndedAtDeath(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	r.run(t, "import", testutil.Fixture(t, "synthea/Wendell_Lesch_*.json")).ok(t)
	out := r.run(t, "medicines").ok(t).stdout
	if !strings.Contains(out, "ended at death, 27 Apr 2018") || strings.Contains(out, "ended 27 Apr 2018") {
		t.Errorf("medicines:\n%s", out)
	}
}
