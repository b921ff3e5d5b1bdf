package health

import (
	"testing"
	"time"
)

// F257: a medicine stopped in the records and prescribed again years later is taken since the
// new prescription: Courtney's NuvaRing, stopped 2 Sep 2015 and active since 9 Dec 2020, was
// "since 2 Sep 2015 — Still active in the record since 2015". A prescription renewed every
// year (the old ones stopped) stays one spell since its first.
func TestMedicineStoppedThenPrescribedAgainStartsAgain(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	type rec struct{ status, day string }
	for _, tc := range []struct {
		name     string
		recs     []rec
		started  string
		question string
	}{
		{"stopped 2015, active 2020", []rec{{"stopped", "2015-09-02"}, {"active", "2020-12-09"}}, "2020-12-09", "Still active in the record since 2020 — still taking it?"},
		{"renewed every year", []rec{{"stopped", "2019-05-18"}, {"stopped", "2020-05-18"}, {"active", "2021-05-17"}}, "2019-05-18", "Still active in the record since 2019 — still taking it?"},
		{"active both times", []rec{{"active", "2015-09-02"}, {"active", "2020-12-09"}}, "2015-09-02", "Still active in the record since 2015 — still taking it?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rs []Resource
			for i, r := range tc.recs {
				id := string(rune('a' + i))
				res := `{"resourceType":"MedicationRequest","id":"` + id + `","status":"` + r.status + `","intent":"order","authoredOn":"` + r.day + `","medicationCodeableConcept":{"text":"NuvaRing 0.12/0.015 mg per 24 hours"}}`
				rs = append(rs, Resource{Key: Key{"https://m.example/fhir", "MedicationRequest", id}, Profile: "p", JSON: []byte(res)})
			}
			meds := Medicines(NewSet(rs, nil), MedOptions{Now: now})
			if len(meds) != 1 {
				t.Fatalf("%d medicines", len(meds))
			}
			if m := meds[0]; m.Started != tc.started || m.Question != tc.question {
				t.Errorf("since %q, %q; want since %q, %q", m.Started, m.Question, tc.started, tc.question)
			}
		})
	}
}
