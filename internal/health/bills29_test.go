package health

import (
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F226: a pharmacy claim is named by its medicine, not by the visit its item names: Courtney's
// visit of 16 Mar 2021 had three bills, two of them 'Encounter for problem' — the Allopurinol
// and Colchicine she was prescribed.
func TestBillOfAPrescriptionNamesItsMedicine(t *testing.T) {
	s := loadBundle(t, testutil.Fixture(t, "synthea/Courtney_Schinner_*.json"))
	var titles []string
	for _, bill := range Bills(s, nil).Bills {
		if bill.Date == "2021-03-16" {
			titles = append(titles, bill.Title)
		}
	}
	if len(titles) != 3 {
		t.Fatalf("16 Mar 2021: %d bills %q, want the visit and its two prescriptions", len(titles), titles)
	}
	got := strings.Join(titles, " | ")
	for _, want := range []string{"Encounter for problem", "Allopurinol 100 mg tablet — prescription", "Colchicine 0.6 mg (Colcrys) — prescription"} {
		if !strings.Contains(got, want) {
			t.Errorf("16 Mar 2021's bills %q: no %q", got, want)
		}
	}
	if strings.Count(got, "Encounter for problem") != 1 {
		t.Errorf("16 Mar 2021's bills %q: the visit named more than once", got)
	}
	// A pharmacy claim whose medicine is not in the records is a prescription, not the visit.
	b := Bills(NewSet([]Resource{{Key: Key{LocalSource, "Claim", "1"}, JSON: []byte(`{"resourceType":"Claim","type":{"coding":[{"code":"pharmacy"}]},"created":"2021-03-16","prescription":{"reference":"MedicationRequest/gone"},"item":[{"productOrService":{"text":"Encounter for problem"}}],"total":{"value":255,"currency":"USD"}}`)}}, nil), nil)
	if len(b.Bills) != 1 || b.Bills[0].Title != "Prescription" {
		t.Errorf("a prescription not in the records: %+v", b.Bills)
	}
}
