package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F135: `carekeeper medicines` says a dose counted in the medicine's form in words, as the
// app's Medicines does (health.Medicines): HL7 R4 examples for Patient-pat1 — Timoptic "1
// drop in the eye" (OPDROP), Lantus "20 units" (U), the Nystatin ointment "1 application"
// and the Proventil inhaler "1 puff" (ea); never "OPDROP", " U," or "ea".
func TestMedicinesDoseFormsInWords(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Australia/Sydney")
	hl7 := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	args := []string{"import", filepath.Join(hl7, "Patient-pat1.json")}
	for _, f := range []string{"0320", "0325", "0326", "0330"} {
		args = append(args, filepath.Join(hl7, "MedicationRequest-medrx"+f+".json"))
	}
	r.run(t, args...).ok(t)
	out := r.run(t, "medicines").ok(t).stdout
	for _, want := range []string{"1 drop in the eye, twice a day", "20 units under the skin", "1 application, 4 times a day", "1 puff, twice a day"} {
		if !strings.Contains(out, want) {
			t.Errorf("medicines lacks %q:\n%s", want, out)
		}
	}
	for _, code := range []string{"OPDROP", "20 U ", "1 ea"} {
		if strings.Contains(out, code) {
			t.Errorf("medicines says %q:\n%s", code, out)
		}
	}
}
