package health

import "testing"

// F576: Guðrún's fluid limit (a NutritionOrder of her heart-failure clinic: 1.5 litres a day)
// was kept and said nowhere: the Timeline's line for it is what it orders, as an order.
func TestDietOrderInWords(t *testing.T) {
	const fluid = `{"resourceType":"NutritionOrder","id":"n1","status":"active","intent":"order","patient":{"reference":"Patient/g"},"dateTime":"2026-10-02",` +
		`"oralDiet":{"type":[{"coding":[{"system":"http://snomed.info/sct","code":"226211001","display":"Fluid restriction"}],"text":"Vökvatakmörkun"}],` +
		`"nutrient":[{"modifier":{"text":"Fluid"},"amount":{"value":1500,"unit":"mL"}}],"instruction":"Do not drink more than 1.5 litres in 24 hours."}}`
	for _, c := range []struct{ name, res, line, describe string }{
		{"fluid limit", fluid, "Vökvatakmörkun — Fluid 1500 mL: Do not drink more than 1.5 litres in 24 hours.", "Vökvatakmörkun: Fluid 1500 mL"},
		{"a supplement", `{"resourceType":"NutritionOrder","id":"n2","status":"active","dateTime":"2026-10-02","supplement":[{"productName":"Ensure Plus","instruction":"One bottle with lunch."}]}`,
			"Ensure Plus — One bottle with lunch.", "Ensure Plus: One bottle with lunch."},
		{"a tube feed", `{"resourceType":"NutritionOrder","id":"n3","status":"completed","enteralFormula":{"baseFormulaType":{"coding":[{"display":"Adult standard formula"}]}}}`,
			"Adult standard formula", "Ended: Adult standard formula"},
		{"nothing named", `{"resourceType":"NutritionOrder","id":"n4","status":"active"}`, "Diet order", "Diet order"},
	} {
		o, ok := DietOrderOf([]byte(c.res))
		if !ok || o.Words() != c.line {
			t.Errorf("%s: %q (%v), want %q", c.name, o.Words(), ok, c.line)
		}
		if got := Describe("NutritionOrder", []byte(c.res)); got != c.describe {
			t.Errorf("%s: the Timeline says %q, want %q", c.name, got, c.describe)
		}
	}
	if _, ok := DietOrderOf([]byte(`{"resourceType":"NutritionOrder","status":"entered-in-error"}`)); ok {
		t.Error("an order entered in error is an order")
	}
	if e := (&Event{Key: Key{Type: "NutritionOrder"}}); e.KindName() != "Diet order" {
		t.Errorf("its kind is %q, want Diet order", e.KindName())
	}
}
