package health

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// F536: after Peggy O'Brien's portal was joined to Margaret, her warfarin was two rows being
// taken, each reminded at 17:00 — the GP's "Marevan (warfarin) 1 mg tablets" (RxNorm 855288,
// "warfarin sodium 1 MG Oral Tablet", 3 mg Mon/Wed/Fri and 2 mg other days) and the portal's
// "Warfarin 1 mg tablets" with no code (3 mg a day): 5 mg on a 2 mg day. One product (one
// ingredient, strength and form, however named) is one row, whose sources give different
// doses; the same ingredient in another strength or kind is two rows, both to confirm.
func TestOneProductNamedTwoWaysIsOneMedicine(t *testing.T) {
	now := time.Date(2026, 12, 8, 16, 30, 0, 0, time.UTC)
	const daily3 = `,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["17:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":3,"unit":"mg"}}]}]`
	const weekdays = `,"dosageInstruction":[{"timing":{"repeat":{"dayOfWeek":["mon","wed","fri"],"timeOfDay":["17:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":3,"unit":"mg"}}]},` +
		`{"timing":{"repeat":{"dayOfWeek":["tue","thu","sat","sun"],"timeOfDay":["17:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"mg"}}]}]`
	med := func(src, id, coding, text, dosage string) Resource {
		concept := fmt.Sprintf(`{"text":%q}`, text)
		if coding != "" {
			concept = fmt.Sprintf(`{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"x-%s","display":%q}],"text":%q}`, id, coding, text)
		}
		return Resource{Key: Key{"https://" + src + "/fhir", "MedicationRequest", id}, Profile: "p", JSON: []byte(fmt.Sprintf(
			`{"resourceType":"MedicationRequest","id":%q,"status":"active","intent":"order","authoredOn":"2026-11-10","medicationCodeableConcept":%s%s}`, id, concept, dosage))}
	}
	gp := med("fhir.balmaingp.example.com.au", "m-warf", "warfarin sodium 1 MG Oral Tablet", "Marevan (warfarin) 1 mg tablets", weekdays)
	for _, c := range []struct {
		name  string
		other Resource
		want  []string // the rows: name, sources, difference, same-ingredient question or not
	}{
		{"portal's words, no code", med("myhealth.example.com.au", "p-warf", "", "Warfarin 1 mg tablets", daily3), []string{
			"Marevan (warfarin) 1 mg tablets | fhir.balmaingp.example.com.au, myhealth.example.com.au | Sources give different doses | false"}},
		{"RxNorm's name only", med("pharmacy.example.com.au", "ph-warf", "", "Warfarin Sodium 1 MG Oral Tablet", daily3), []string{
			"Marevan (warfarin) 1 mg tablets | fhir.balmaingp.example.com.au, pharmacy.example.com.au | Sources give different doses | false"}},
		{"brand first, plural", med("myhealth.example.com.au", "p-warf", "", "Coumadin (warfarin) 1 mg tabs", daily3), []string{
			"Marevan (warfarin) 1 mg tablets | fhir.balmaingp.example.com.au, myhealth.example.com.au | Sources give different doses | false"}},
		{"another strength", med("myhealth.example.com.au", "p-warf", "", "Warfarin 5 mg tablets", daily3), []string{
			"Marevan (warfarin) 1 mg tablets | fhir.balmaingp.example.com.au |  | true",
			"Warfarin 5 mg tablets | myhealth.example.com.au |  | true"}},
		{"no strength", med("myhealth.example.com.au", "p-warf", "", "Warfarin", daily3), []string{
			"Marevan (warfarin) 1 mg tablets | fhir.balmaingp.example.com.au |  | false",
			"Warfarin | myhealth.example.com.au |  | false"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, m := range Medicines(NewSet([]Resource{gp, c.other}, nil), MedOptions{Now: now}) {
				got = append(got, fmt.Sprintf("%s | %s | %s | %v", m.Name, strings.Join(m.Sources, ", "), m.Difference, m.SameIngredient))
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
	// products that are not one: another kind, another form, two ingredients
	for _, pair := range [][2]string{
		{"Metformin 500 mg tablets", "Metformin 500 mg extended-release tablets"},
		{"Metformin 500 MG Oral Tablet", "metformin hydrochloride 500 MG Extended Release Oral Tablet"},
		{"Amoxicillin 250 mg capsules", "Amoxicillin 250 mg/5 mL oral suspension"},
		{"Paracetamol 500 mg tablets", "Paracetamol 500 mg and codeine 30 mg tablets"},
	} {
		if a, b := productKey(pair[0]), productKey(pair[1]); a == b && a != "" {
			t.Errorf("%q and %q read as one product %q", pair[0], pair[1], a)
		}
	}
	for name, want := range map[string]string{
		"Marevan (warfarin) 1 mg tablets":           "warfarin|1 mg|tablet",
		"warfarin sodium 1 MG Oral Tablet":          "warfarin|1 mg|tablet",
		"Levothyroxine sodium 50 microgram tablets": "levothyroxine|50 mcg|tablet",
		"Paracetamol 500 mg and codeine 30 mg":      "",
		"Vitamin D":                                 "",
	} {
		if got := productKey(name); got != want {
			t.Errorf("productKey(%q) = %q, want %q", name, got, want)
		}
	}
}
