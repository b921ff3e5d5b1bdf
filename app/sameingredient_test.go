package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// F45 (vapp25): two records giving a child amoxicillin (250 mg/5 mL every 8 hours, 80 mg/mL
// every 12 hours) were two medicines to give, each reminded. Neither reminds until the person
// says which is taken, so Today says why, with each one's question, and lists neither as taken.
func TestToday_SameIngredientToCheck(t *testing.T) {
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow} // 2 Mar 2026
	med := func(id, name, hours string) string {
		return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order",` +
			`"subject":{"reference":"urn:uuid:pat"},"authoredOn":"2026-03-01","medicationCodeableConcept":{"text":"` + name + `"},` +
			`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":` + hours + `,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}]}]}}`
	}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Brennan","given":["Lily"]}],"birthDate":"2021-04-02"}},` +
		med("a1", "Amoxicillin 250 MG/5 ML Oral Suspension", "8") + "," + med("a2", "Amoxicillin 80 MG/ML Oral Suspension", "12") + `]}`
	path := filepath.Join(t.TempDir(), "lily.json")
	if err := os.WriteFile(path, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cksync.ImportFile(context.Background(), u.vault, path, cksync.Options{}); err != nil {
		t.Fatal(err)
	}
	ps, _ := u.vault.Profiles()
	u.main.loadPeople(ps[0].ID)
	u.idle()
	s := u.shell
	s.show(scToday)
	u.idle()
	today := drawnText(s.pages[scToday].view())
	for _, want := range []string{"Medicines to check", "Amoxicillin 250 mg/5 mL oral suspension — Another record also gives Amoxicillin 80 mg/mL oral suspension", "Amoxicillin 80 mg/mL oral suspension — Another record also gives Amoxicillin 250 mg/5 mL"} {
		if !strings.Contains(today, want) {
			t.Errorf("Today lacks %q:\n%s", want, today)
		}
	}
	if i := strings.Index(today, "Medicines being taken"); i >= 0 && strings.Contains(today[i:], "Amoxicillin") {
		t.Errorf("Today lists amoxicillin as being taken:\n%s", today[i:])
	}
}
