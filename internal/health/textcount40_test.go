package health

import "testing"

// F540 item 2: Thi Lan's dexamethasone from the CHUM's C-CDA, a doseQuantity of 2 with no unit,
// its instruction "2 comprimés 2 fois par jour", read "2 doses by mouth, twice a day" — four a
// day, or two tablets twice? A bare number is counted in the form the instruction names when
// the medicine's name names none.
func TestBareDoseCountedInTheInstructionsForm(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"Dexaméthasone 4 mg", "Dexaméthasone 4 mg : 2 comprimés 2 fois par jour la veille de la chimiothérapie.", "2 tablets by mouth"},
		{"Omeprazol 20 mg", "1 cápsula en ayunas", "1 capsule by mouth"},
		{"Ibuprofen 400", "take 2 with food", "2 doses by mouth"}, // no form in the words: as before
		{"Salbutamol inhaler", "2 comprimés", "2 puffs by mouth"}, // the name's form comes first
	} {
		rec := `{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","subject":{"reference":"Patient/p"},"authoredOn":"2026-12-06",
"medicationCodeableConcept":{"text":"` + c.name + `"},"dosageInstruction":[{"text":"` + c.text + `","route":{"text":"oral"},
"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":` + c.want[:1] + `}}]}]}`
		meds := Medicines(NewSet([]Resource{{Key: Key{LocalSource, "MedicationRequest", "m"}, JSON: []byte(rec)}}, nil), MedOptions{})
		if len(meds) != 1 || meds[0].Dose != c.want {
			t.Errorf("%s: %+v, want the dose %q", c.name, meds, c.want)
		}
		if got := CountWordIn(c.name, c.text); got == "" && c.want[2:] != "doses by mouth" {
			t.Errorf("%s: no count word", c.name)
		}
	}
}
