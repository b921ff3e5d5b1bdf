package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F536's last part: after 'profile join' of Peggy O'Brien into Margaret, her two warfarin
// rows became one ("Marevan (warfarin) 1 mg tablets", its sources giving different doses), and
// the join's answer said only "4 records moved": nothing told the carer that the portal's
// "Warfarin 1 mg tablets" was now that row, or that two amlodipines, one from each, stay two
// rows to confirm. The answer says which medicines of both are one now, counted, and which of
// one ingredient are left to check.
func TestProfileJoinSaysTheMedicinesMadeOne(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Australia/Sydney")
	dir := t.TempDir()
	med := func(patient, id, name, dose string) string {
		return fmt.Sprintf(`,{"resource":{"resourceType":"MedicationRequest","id":%q,"status":"active","intent":"order","authoredOn":"2026-11-10",`+
			`"subject":{"reference":"Patient/%s"},"medicationCodeableConcept":{"text":%q},`+
			`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["17:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":%s,"unit":"mg"}}]}]}}`,
			id, patient, name, dose)
	}
	write := func(file, patient, given string, meds ...string) string {
		p := filepath.Join(dir, file)
		data := `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"` + patient +
			`","name":[{"family":"O'Brien","given":["` + given + `"]}],"gender":"female","birthDate":"1942-08-14"}}` + strings.Join(meds, "") + `]}`
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r.run(t, "import", write("gp.json", "m1", "Margaret Mary",
		med("m1", "m-warf", "Marevan (warfarin) 1 mg tablets", "2"),
		med("m1", "m-aml", "Amlodipine 5 mg tablets", "5"),
		med("m1", "m-met", "Metformin 500 mg tablets", "500"))).ok(t)
	r.run(t, "import", write("myhealth.json", "p1", "Peggy",
		med("p1", "p-warf", "Warfarin 1 mg tablets", "3"),
		med("p1", "p-aml", "Amlodipine 10 mg tablets", "10"))).ok(t)
	ids := peopleIDs(t, r)
	if len(ids) != 2 {
		t.Fatalf("people %v, want two", ids)
	}
	m, p := ids[0], ids[1]
	out := r.run(t, "profile", "join", "--keep", m, "--from", p, "--other-names", "--yes").ok(t).stdout
	for _, want := range []string{
		"Margaret Mary O'Brien and Peggy O'Brien are one person now: 3 records moved to Margaret Mary O'Brien (" + m + ").",
		"1 medicine of both is one row now: Marevan (warfarin) 1 mg tablets (Peggy O'Brien's Warfarin 1 mg tablets joined it; its sources give different doses: check which is current).",
		"1 pair of medicines of one ingredient, one of each, stays two rows to confirm: Amlodipine 5 mg tablets and Peggy O'Brien's Amlodipine 10 mg tablets (amlodipine): check which is current with 'carekeeper medicines --profile " + m + "'.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("profile join:\n%s\nwant %q", out, want)
		}
	}
	if strings.Contains(out, "Metformin") {
		t.Errorf("profile join names a medicine of one of them only:\n%s", out)
	}
}

// F520 (vchk40's note): "Maxime Leblanc-Nguyen and Maxime Leblanc-Nguyen are one person now"
// did not say which stayed. Two of one name are told apart by their birth dates.
func TestProfileJoinOfOneNameSaysWhichIsWhich(t *testing.T) {
	r := in(newVault(t))
	dir := t.TempDir()
	write := func(file, id, birth string) string {
		p := filepath.Join(dir, file)
		b := ""
		if birth != "" {
			b = `,"birthDate":"` + birth + `"`
		}
		if err := os.WriteFile(p, []byte(`{"resourceType":"Patient","id":"`+id+`","name":[{"family":"Leblanc-Nguyen","given":["Maxime"]}],"gender":"male"`+b+`}`), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r.run(t, "import", write("gmf.json", "mx", "2015-02-11")).ok(t)
	r.run(t, "import", write("nobirth.json", "nb", "")).ok(t)
	ids := peopleIDs(t, r)
	if len(ids) != 2 {
		t.Fatalf("people %v, want two", ids)
	}
	out := r.run(t, "profile", "join", "--keep", ids[0], "--from", ids[1], "--yes").ok(t).stdout
	if want := "Maxime Leblanc-Nguyen (born 11 Feb 2015) and Maxime Leblanc-Nguyen (no birth date) are one person now: 1 record moved to "; !strings.HasPrefix(out, want) {
		t.Errorf("profile join: %q\nwant %q", out, want)
	}
}
