package remind

import (
	"testing"

	"carekeeper/internal/schedule"
)

// F540 item 2: Today said "Dexaméthasone 4 mg (2 doses)" of "2 comprimés 2 fois par jour".
func TestBareDoseCountedInItsInstruction(t *testing.T) {
	p := schedule.Plan{Phases: []schedule.Phase{{Dose: "2", Text: "Dexaméthasone 4 mg : 2 comprimés 2 fois par jour"}, {Dose: "1", Text: "1 fois"}}}
	got := countBareDoses(p, "Dexaméthasone 4 mg")
	if got.Phases[0].Dose != "2 tablet" || got.Phases[1].Dose != "1" || p.Phases[0].Dose != "2" {
		t.Errorf("doses %q, %q (the plan given: %q)", got.Phases[0].Dose, got.Phases[1].Dose, p.Phases[0].Dose)
	}
	if l := (&Medicine{Name: "Dexaméthasone 4 mg", Plan: got}).DoseLabel(); l != "Dexaméthasone 4 mg (2 tablets)" {
		t.Errorf("label %q", l)
	}
}
