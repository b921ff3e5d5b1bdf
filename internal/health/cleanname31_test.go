package health

import "testing"

// F350: the HL7 example's Glasgow Coma Scale is titled "Glasgow Coma Scale , (GCS)" in its
// record; Results said it so. A stray space before a comma, a comma before a parenthesis and
// one at the end are dropped; names with commas that mean something keep them.
func TestCleanNameStrayCommas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Glasgow Coma Scale , (GCS)", "Glasgow Coma Scale (GCS)"},
		{"Hemoglobin A1c ,", "Hemoglobin A1c"},
		{"Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet", "Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet"},
		{"Fracture of ankle, left (disorder)", "Fracture of ankle, left"},
		{"Sodium, serum ; plasma", "Sodium, serum; plasma"},
		{"Acute bronchitis (disorder)", "Acute bronchitis"},
	} {
		if got := CleanName(tc.in); got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	gcs := &Concept{Coding: []Coding{{System: LOINC, Code: "9269-2", Display: "Glasgow coma score total"}}, Text: "Glasgow Coma Scale , (GCS)"}
	if got := gcs.Label(); got != "Glasgow Coma Scale (GCS)" {
		t.Errorf("Label %q", got)
	}
}
