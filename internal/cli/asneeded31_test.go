package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F360: HL7's CCD 1 gives Eve Betterhalf's Proventil as "2 puffs q6 hours PRN wheezing" (a
// PIVL_TS of 6 h, institution specified, and a precondition Wheezing). It became "4 times a
// day" and read "as needed, at most 4 doses a day" here, "4 times a day, as needed" in the app;
// the reason and the 6 hours were lost. As needed, the period is the least gap between doses;
// 'today' says what it is for too.
func TestInhalerAsNeededForWheezingSixHoursApart(t *testing.T) {
	r := in(newVault(t))
	r.run(t, "import", testutil.Fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 1/CCD.XML")).ok(t)
	var meds []struct{ Profile, Ref, Name, Dose, Schedule string }
	if err := json.Unmarshal([]byte(r.run(t, "medicines", "--json").ok(t).stdout), &meds); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range meds {
		if strings.Contains(m.Name, "Proventil") {
			found = true
			if m.Dose != "2 puffs inhaled" || m.Schedule != "as needed for wheezing, at least 6 hours apart" {
				t.Errorf("%s: %q, %q", m.Name, m.Dose, m.Schedule)
			}
		}
	}
	if !found {
		t.Errorf("no Proventil in %+v", meds)
	}
	if out := r.run(t, "medicines").ok(t).stdout; !strings.Contains(out, "2 puffs inhaled, as needed for wheezing, at least 6 hours apart") {
		t.Errorf("medicines:\n%s", out)
	}
	for _, m := range meds { // being taken, Today offers to log a dose of it
		if strings.Contains(m.Name, "Proventil") {
			r.run(t, "medicines", "confirm", "--profile", m.Profile, "--ref", m.Ref).ok(t)
		}
	}
	if out := r.run(t, "today").ok(t).stdout; !strings.Contains(out, "As needed for wheezing: Albuterol 90 mcg per puff (Proventil) (2 puffs) · at least 6 hours apart") {
		t.Errorf("today:\n%s", out)
	}
}
