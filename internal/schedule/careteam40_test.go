package schedule

import "testing"

// F532: a medicine the care team gives is not the person's to time.
func TestGivenByTheCareTeam(t *testing.T) {
	const timing = `"timing":{"repeat":{"frequency":1,"period":21,"periodUnit":"d"}}`
	for _, tt := range []struct {
		name, res string
		want      bool
	}{
		{"into a vein (SNOMED)", `{"resourceType":"MedicationRequest","dosageInstruction":[{"route":{"coding":[{"code":"47625008"}]},` + timing + `}]}`, true},
		{"into a vein (display only)", `{"resourceType":"MedicationRequest","dosageInstruction":[{"route":{"coding":[{"display":"Intravenous route (qualifier value)"}]},` + timing + `}]}`, true},
		{"into a vein (French text)", `{"resourceType":"MedicationRequest","dosageInstruction":[{"route":{"text":"Intraveineuse"},` + timing + `}]}`, true},
		{"at the clinic", `{"resourceType":"MedicationRequest","category":[{"coding":[{"code":"outpatient"}]}],"dosageInstruction":[{` + timing + `}]}`, true},
		{"in hospital (a statement's one category)", `{"resourceType":"MedicationStatement","category":{"coding":[{"code":"inpatient"}]},"dosage":[{` + timing + `}]}`, true},
		{"an infusion at home", `{"resourceType":"MedicationRequest","category":[{"coding":[{"code":"community"}]}],"dosageInstruction":[{"route":{"text":"IV"},` + timing + `}]}`, false},
		{"by mouth", `{"resourceType":"MedicationRequest","dosageInstruction":[{"route":{"text":"oral"},` + timing + `}]}`, false},
		{"no route", `{"resourceType":"MedicationRequest","dosageInstruction":[{` + timing + `}]}`, false},
		{"one dosage into a vein, one by mouth", `{"resourceType":"MedicationRequest","dosageInstruction":[{"sequence":1,"route":{"text":"IV"},` + timing + `},{"sequence":1,"route":{"text":"oral"},` + timing + `}]}`, false},
		{"a dispense (handed over)", `{"resourceType":"MedicationDispense","dosageInstruction":[{"route":{"text":"IV"},` + timing + `}]}`, false},
		{"under the skin (insulin)", `{"resourceType":"MedicationRequest","dosageInstruction":[{"route":{"coding":[{"code":"34206005"}]},` + timing + `}]}`, false},
	} {
		p, err := PlanFromResource([]byte(tt.res))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := p.Unclear == GivenByCareTeam; got != tt.want {
			t.Errorf("%s: given by the care team %v (Unclear %q), want %v", tt.name, got, p.Unclear, tt.want)
		}
		if tt.want && p.Describe(DefaultRoutine()) != "given by the care team" {
			t.Errorf("%s: %q", tt.name, p.Describe(DefaultRoutine()))
		}
	}
}
