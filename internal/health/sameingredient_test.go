package health

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestIngredients(t *testing.T) {
	for _, c := range []struct {
		name string
		want []string
	}{
		{"Amoxicillin 250 MG/5 ML Oral Suspension", []string{"amoxicillin"}},
		{"amoxicillin 80 MG/ML Oral Suspension", []string{"amoxicillin"}},
		{"Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet", []string{"acetaminophen", "oxycodone"}},
		{"24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]", []string{"metoprolol"}},
		{"Metoprolol Tartrate 25 MG Oral Tablet", []string{"metoprolol"}},
		{"insulin glargine 100 UNT/ML Injectable Solution", []string{"insulin glargine"}},
		{"insulin lispro 100 UNT/ML Injectable Solution", []string{"insulin lispro"}},
		{"Potassium Chloride 20 MEQ Extended Release Oral Tablet", []string{"potassium chloride"}},
		{"Tylenol", nil},
	} {
		if got := Ingredients(c.name); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Ingredients(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// Two current medicines giving one ingredient are both to confirm, each naming the other;
// the one the person said they take is taken; two insulins of different kinds are not one
// ingredient (F45, vapp25).
func TestMedicinesSameIngredientToConfirm(t *testing.T) {
	now := time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)
	med := func(id, name, dosage string) Resource {
		return Resource{Key: Key{Source: "local", Type: "MedicationRequest", ID: id}, Profile: "lily",
			JSON: []byte(`{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","medicationCodeableConcept":{"text":"` + name + `"},"authoredOn":"2026-12-01","dosageInstruction":[` + dosage + `]}`)}
	}
	every := func(h int) string {
		return `{"timing":{"repeat":{"frequency":1,"period":` + strconv.Itoa(h) + `,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}]}`
	}
	s := NewSet([]Resource{
		med("a1", "Amoxicillin 250 MG/5 ML Oral Suspension", every(8)),
		med("a2", "Amoxicillin 80 MG/ML Oral Suspension", every(12)),
		med("i1", "insulin glargine 100 UNT/ML Injectable Solution", every(24)),
		med("i2", "insulin lispro 100 UNT/ML Injectable Solution", every(8)),
	}, nil)
	state := func(choices Choices) map[string]Medication {
		out := map[string]Medication{}
		for _, m := range Medicines(s, MedOptions{Now: now, Choices: choices}) {
			out[m.Ref] = m
		}
		return out
	}
	got := state(nil)
	for _, ref := range []string{"MedicationRequest/a1", "MedicationRequest/a2"} {
		if m := got[ref]; m.State != MedToConfirm || !m.SameIngredient || !strings.Contains(m.Question, "Another record also gives Amoxicillin") {
			t.Errorf("%s: state %v, question %q", ref, m.State, m.Question)
		}
	}
	if q := got["MedicationRequest/a1"].Question; !strings.Contains(q, "80 mg/mL") || !strings.Contains(q, "every 12 hours") {
		t.Errorf("the 250 mg/5 mL row's question does not say what the other gives: %q", q)
	}
	for _, ref := range []string{"MedicationRequest/i1", "MedicationRequest/i2"} {
		if m := got[ref]; m.State != MedTaking || m.SameIngredient {
			t.Errorf("%s (another insulin): state %v, same ingredient %v", ref, m.State, m.SameIngredient)
		}
	}
	got = state(Choices{"MedicationRequest/a2": {Taking: true, At: now}})
	if m := got["MedicationRequest/a2"]; m.State != MedTaking {
		t.Errorf("the one the person takes: %v %q", m.State, m.Question)
	}
	if m := got["MedicationRequest/a1"]; m.State != MedToConfirm {
		t.Errorf("the other, not answered: %v", m.State)
	}
}
