package health

import (
	"strings"
	"testing"
	"time"
)

// A MedicationRequest naming a Medication contained in it ("#c1", as Epic and Cerner write
// them) is named by it: it was "Unnamed medicine" (F56).
func TestMedicineNamedByItsContainedMedication(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	rec := func(ref, contained string) Resource {
		return Resource{Key: Key{LocalSource, "MedicationRequest", "mr"}, Profile: "p", JSON: []byte(
			`{"resourceType":"MedicationRequest","id":"mr","status":"active","intent":"order","authoredOn":"2026-11-20",` +
				`"contained":[` + contained + `],"medicationReference":{"reference":"` + ref + `"}}`)}
	}
	warfarin := `{"resourceType":"Medication","id":"c1","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"855332","display":"warfarin sodium 5 MG Oral Tablet"}]}}`
	other := `{"resourceType":"Medication","id":"c0","code":{"text":"Aspirin"}}`
	for _, c := range []struct {
		name string
		r    Resource
		want string
	}{
		{"contained", rec("#c1", other+","+warfarin), "Warfarin sodium 5 mg tablet"},
		{"no such contained resource", rec("#c9", warfarin), "Unnamed medicine"},
		{"not a local reference", rec("c1", warfarin), "Unnamed medicine"},
	} {
		meds := Medicines(NewSet([]Resource{c.r}, nil), MedOptions{Now: now})
		if len(meds) != 1 || meds[0].Name != c.want {
			t.Errorf("%s: %+v, want one medicine named %q", c.name, meds, c.want)
		}
	}
}

// The Timeline's line for such a record names the medicine too (it said "A medicine").
func TestDescribeNamesAContainedMedication(t *testing.T) {
	j := `{"resourceType":"MedicationRequest","id":"mr","status":"active","intent":"order","authoredOn":"2026-11-20",` +
		`"contained":[{"resourceType":"Medication","id":"c1","code":{"text":"Warfarin 5 mg tablet"}}],"medicationReference":{"reference":"#c1"}}`
	if got := Describe("MedicationRequest", []byte(j)); !strings.Contains(got, "Warfarin 5 mg tablet") {
		t.Errorf("Describe: %q, want the contained Medication's name", got)
	}
}
