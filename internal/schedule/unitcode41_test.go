package schedule_test

import (
	"testing"

	"carekeeper/internal/schedule"
)

// F557 item 1: Zofia's Levemir "8 j." ([iU]) and Stanisław's Berodual "20 kropli" ([drp]) were
// said in the record's Polish on Today ("(8 j.)", "(20 kropli)") while Medicines, reading the
// UCUM code, said "8 units" and "20 drops". A dose's unit that is not a word CareKeeper knows
// is kept by its UCUM code; one it knows stays as written.
func TestDoseUnitInWordsNotKnownIsKeptByItsCode(t *testing.T) {
	for _, c := range []struct{ unit, code, want string }{
		{"j.", "[iU]", "8 [iU]"},
		{"kropli", "[drp]", "8 [drp]"},
		{"tabl.", "{tbl}", "8 {tbl}"},
		{"puff", "{puff}", "8 puff"},
		{"tablets", "{tbl}", "8 tablets"},
		{"mg", "mg", "8 mg"},
		{"units", "", "8 units"},
		{"", "[iU]", "8 [iU]"},
	} {
		res := `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-10","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}},` +
			`"doseAndRate":[{"doseQuantity":{"value":8,"unit":"` + c.unit + `","system":"http://unitsofmeasure.org","code":"` + c.code + `"}}]}]}`
		p, err := schedule.PlanFromResource([]byte(res))
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Phases) != 1 || p.Phases[0].Dose != c.want {
			t.Errorf("%q/%q: dose %+v, want %q", c.unit, c.code, p.Phases, c.want)
		}
	}
}
