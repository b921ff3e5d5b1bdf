package remind

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F182: a taper's plan said each phase's dose by the record's code — "4 TAB once a day …; then
// 2 TAB …" (HL7 R4 example medrx0303, prednisone 4, 2, then 1 tablet). The plan's words (the
// medicine's settings, Medicines, `schedule list`) now say them as Medicines says a dose:
// "4 tablets", "2 tablets", "1 tablet".
func TestTaperSaysItsDosesInWords(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "hl7-examples", "MedicationRequest-medrx0303.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rx struct{ DosageInstruction json.RawMessage }
	if err := json.Unmarshal(b, &rx); err != nil {
		t.Fatal(err)
	}
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	ref := addMed(t, v, pid, "p1", "Prednisone 5 mg tablet", string(rx.DosageInstruction))
	m, err := Load(context.Background(), v, LoadOptions{Device: mustLoc(t, "Australia/Sydney"), Now: time.Date(2015, 1, 16, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pid, ref)
	if med == nil {
		t.Fatal("no medicine")
	}
	for _, want := range []string{"4 tablets once a day", "then 2 tablets once a day", "then 1 tablet once a day"} {
		if !strings.Contains(med.Describe, want) {
			t.Errorf("plan %q, want %q in it", med.Describe, want)
		}
	}
	if strings.Contains(med.Describe, "TAB") {
		t.Errorf("plan %q says the record's code", med.Describe)
	}
}
