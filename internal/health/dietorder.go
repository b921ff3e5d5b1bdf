package health

import (
	"encoding/json"
	"strings"
)

// DietOrder is what a NutritionOrder says in words: a diet or fluid order of the care team,
// kept as a medicine is (F576: Guðrún's heart-failure clinic limited her fluids to 1.5 litres a
// day; the record was kept but said on no screen).
type DietOrder struct {
	// Name is what is ordered: the diet's kinds ("Fluid restriction"), else a supplement's or
	// a tube feed's product, else "Diet order".
	Name string
	// Amounts are the nutrients' amounts as the record gives them ("Fluid 1500 mL").
	Amounts string
	// Instruction is the order's own words to the person, if any.
	Instruction string
	// Status is the record's (active, on-hold, completed, revoked, …); Current says whether
	// it is in force.
	Status string
}

// Current says the order is in force: active or on hold, or given no status.
func (o DietOrder) Current() bool {
	switch o.Status {
	case "", "active", "on-hold", "draft":
		return true
	}
	return false
}

// Words is the order in one line: "Fluid restriction — Fluid 1500 mL: Do not drink more than
// 1.5 litres in 24 hours."
func (o DietOrder) Words() string {
	out := o.Name
	if o.Amounts != "" {
		out += " — " + o.Amounts
	}
	if o.Instruction != "" {
		sep := ": "
		if o.Amounts == "" {
			sep = " — "
		}
		out += sep + o.Instruction
	}
	return out
}

// DietOrderOf reads a NutritionOrder's JSON; ok is false for a record that is not one, cannot
// be read or was entered in error.
func DietOrderOf(js []byte) (DietOrder, bool) {
	type nutrient struct {
		Modifier *Concept `json:"modifier"`
		Amount   Quantity `json:"amount"`
	}
	var r struct {
		ResourceType string `json:"resourceType"`
		Status       string `json:"status"`
		OralDiet     *struct {
			Type        []Concept  `json:"type"`
			Nutrient    []nutrient `json:"nutrient"`
			Fluid       []Concept  `json:"fluidConsistencyType"`
			Instruction string     `json:"instruction"`
		} `json:"oralDiet"`
		Supplement []struct {
			Type        *Concept `json:"type"`
			ProductName string   `json:"productName"`
			Quantity    Quantity `json:"quantity"`
			Instruction string   `json:"instruction"`
		} `json:"supplement"`
		Enteral *struct {
			BaseType    *Concept `json:"baseFormulaType"`
			ProductName string   `json:"baseFormulaProductName"`
			Instruction string   `json:"administrationInstruction"`
		} `json:"enteralFormula"`
	}
	if json.Unmarshal(js, &r) != nil || r.ResourceType != "NutritionOrder" || r.Status == "entered-in-error" {
		return DietOrder{}, false
	}
	o := DietOrder{Status: r.Status}
	var names, amounts, said []string
	if d := r.OralDiet; d != nil {
		for _, c := range append(append([]Concept(nil), d.Type...), d.Fluid...) {
			if l := c.Label(); l != "" {
				names = append(names, l)
			}
		}
		for _, n := range d.Nutrient {
			a := ""
			if n.Amount.Value != nil && usable(n.Amount.Value) {
				a = ValueOf("", n.Amount.Comparator, *n.Amount.Value, n.Amount.UnitLabel())
			}
			if w := strings.TrimSpace(n.Modifier.Label() + " " + a); w != "" {
				amounts = append(amounts, w)
			}
		}
		said = append(said, CleanName(d.Instruction))
	}
	for _, s := range r.Supplement {
		names = append(names, firstNonEmpty(CleanName(s.ProductName), s.Type.Label()))
		said = append(said, CleanName(s.Instruction))
	}
	if e := r.Enteral; e != nil {
		names = append(names, firstNonEmpty(CleanName(e.ProductName), e.BaseType.Label()))
		said = append(said, CleanName(e.Instruction))
	}
	o.Name = strings.Join(nonEmpty(names...), ", ")
	if o.Name == "" {
		o.Name = "Diet order"
	}
	o.Amounts = strings.Join(amounts, ", ")
	o.Instruction = strings.Join(nonEmpty(said...), " ")
	return o, true
}
