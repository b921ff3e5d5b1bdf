package ccda_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/schedule"
	"carekeeper/internal/testutil"
)

// TestMaxDoseQuantityIsTheMostADay: a Medication Activity's maxDoseQuantity ("at most 1 in
// 1 d") is the MedicationRequest's maxDosePerPeriod, as a FHIR order carries it, so that a
// discharge summary's "at most 1 dose a day" of a rescue medicine is said when the C-CDA is
// its only source (F443: it was dropped).
func TestMaxDoseQuantityIsTheMostADay(t *testing.T) {
	entry := `<entry><substanceAdministration classCode="SBADM" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.16" extension="2014-06-09"/>
<id root="5.5.5" extension="mx"/><statusCode code="active"/>
<effectiveTime xsi:type="IVL_TS"><low value="20261121"/></effectiveTime>
<doseQuantity %s/>
%s
<consumable><manufacturedProduct><manufacturedMaterial><code code="6960" codeSystem="2.16.840.1.113883.6.88" displayName="midazolam"><originalText>%s</originalText></code></manufacturedMaterial></manufacturedProduct></consumable>
<precondition typeCode="PRCN"><criterion><code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4"/><value xsi:type="CD" code="91175000" codeSystem="2.16.840.1.113883.6.96" displayName="Seizure"/></criterion></precondition>
</substanceAdministration></entry>`
	const buccolam = "Buccolam 5 mg/1 mL oromucosal solution"
	tests := []struct {
		name, dose, max, product string
		ratio                    string // maxDosePerPeriod, "" for none
		words                    string // schedule.Limit's words
	}{
		{"1 dose a day (no unit: doses)", `value="1" unit="mL"`,
			`<maxDoseQuantity><numerator value="1"/><denominator value="1" unit="d"/></maxDoseQuantity>`, buccolam,
			`{"denominator":{"code":"d","system":"http://unitsofmeasure.org","unit":"d","value":1},"numerator":{"value":1}}`,
			"at most 1 dose a day"},
		{"2 doses in 24 hours", `value="1" unit="mL"`,
			`<maxDoseQuantity><numerator value="2"/><denominator value="24" unit="h"/></maxDoseQuantity>`, buccolam,
			`{"denominator":{"code":"h","system":"http://unitsofmeasure.org","unit":"h","value":24},"numerator":{"value":2}}`,
			"at most 2 doses a day"},
		{"an amount in the dose's unit counts doses", `value="5" unit="mg"`,
			`<maxDoseQuantity><numerator value="10" unit="mg"/><denominator value="1" unit="d"/></maxDoseQuantity>`, buccolam,
			`{"denominator":{"code":"d","system":"http://unitsofmeasure.org","unit":"d","value":1},"numerator":{"code":"mg","system":"http://unitsofmeasure.org","unit":"mg","value":10}}`,
			"at most 2 doses a day"},
		{"tablets of a range of tablets, as written", `value="1"`,
			`<maxDoseQuantity><numerator value="8" unit="{tbl}"/><denominator value="1" unit="d"/></maxDoseQuantity>`, "Paracetamol 500 MG Oral Tablet",
			`{"denominator":{"code":"d","system":"http://unitsofmeasure.org","unit":"d","value":1},"numerator":{"code":"{tbl}","system":"http://unitsofmeasure.org","unit":"tablet","value":8}}`,
			"at most 8 tablets a day"}, // as written, 8 tablets (F538)
		{"unknown (HL7's examples)", `value="1" unit="mL"`,
			`<maxDoseQuantity nullFlavor="UNK"><numerator nullFlavor="UNK"/><denominator nullFlavor="UNK"/></maxDoseQuantity>`, buccolam, "", ""},
		{"no time", `value="1" unit="mL"`,
			`<maxDoseQuantity><numerator value="1"/><denominator value="1"/></maxDoseQuantity>`, buccolam, "", ""},
		{"none", `value="1" unit="mL"`, ``, buccolam, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := convert(t, doc(section("10160-0", sprintf(entry, tt.dose, tt.max, tt.product))))
			reqs := resources(t, res.Bundle, "MedicationRequest")
			if len(reqs) != 1 {
				t.Fatalf("%d MedicationRequests", len(reqs))
			}
			dosage := reqs[0]["dosageInstruction"].([]any)[0].(map[string]any)
			got := ""
			if m, ok := dosage["maxDosePerPeriod"]; ok {
				got = jsonOf(m)
			}
			if got != tt.ratio {
				t.Errorf("maxDosePerPeriod %s\nwant             %s", got, tt.ratio)
			}
			plan, err := schedule.PlanFromResource([]byte(jsonOf(reqs[0])))
			if err != nil {
				t.Fatal(err)
			}
			if w := plan.Limit().Words(); w != tt.words {
				t.Errorf("limit %q, want %q", w, tt.words)
			}
		})
	}
}

// TestHL7ExamplesMaxDoseUnknownSaysNothing: the HL7 C-CDA examples that carry a
// maxDoseQuantity (History and Physical, Operative Note, Procedure Note) carry it unknown: no
// most is made up from it.
func TestHL7ExamplesMaxDoseUnknownSaysNothing(t *testing.T) {
	root := filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents")
	n := 0
	for _, p := range []string{"History and Physical/History_and_Physical.xml", "Operative Note/Operative_Note.xml", "Procedure Note/Procedure_Note.xml"} {
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "<maxDoseQuantity") {
			t.Fatalf("%s: no maxDoseQuantity any more", p)
		}
		res := convert(t, data)
		for _, r := range resources(t, res.Bundle, "MedicationRequest") {
			n++
			if strings.Contains(jsonOf(r), "maxDosePerPeriod") {
				t.Errorf("%s: %s has a maxDosePerPeriod from an unknown maxDoseQuantity", p, r["id"])
			}
		}
	}
	if n == 0 {
		t.Fatal("no MedicationRequest made from the examples")
	}
}
