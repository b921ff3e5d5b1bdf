package ccda_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/ccda"
	"carekeeper/internal/testutil"
)

// A CDA section or entry may name a subject of its own: CDA's context conduction makes it
// override the document's recordTarget, so its entries are about that person (the mother's
// results in a newborn's summary, a fetus's measurements in an obstetric ultrasound report).
// They were filed as the patient's: the mother's hemoglobin and platelets showed in Results as
// Eve Betterhalf's. Now they are kept as text only and said, and the rest of the document is
// imported as before; a subject that is the patient ("ONESELF") and a family history's
// relatives are as before.
func TestEntriesAboutSomeoneElseAreNotThePersons(t *testing.T) {
	ccd, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents", "CCD", "CCD 1", "CCD.XML"))
	if err != nil {
		t.Fatal(err)
	}
	const results = "<title>RESULTS</title>"
	if !strings.Contains(string(ccd), results) {
		t.Fatal("the CCD has no RESULTS section title")
	}
	mother := `<subject typeCode="SBJ"><relatedSubject classCode="PRS"><code code="MTH" codeSystem="2.16.840.1.113883.5.111" displayName="mother"/>` +
		`<subject><name><given>Mary</given><family>Betterhalf</family></name><administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/></subject></relatedSubject></subject>`
	self := `<subject><relatedSubject classCode="PRS"><code code="ONESELF" codeSystem="2.16.840.1.113883.5.111"/></relatedSubject></subject>`
	fetus := `<subject><relatedSubject><code code="121026" codeSystem="1.2.840.10008.2.16.4" displayName="Fetus"/><subject><name>fetus_1</name></subject></relatedSubject></subject>`
	lab := func(subject string) []byte {
		return doc(section("30954-2", `<entry><organizer classCode="BATTERY" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.1" extension="2015-08-01"/><id root="1.2.3.4.5" extension="org1"/>
<code code="58410-2" codeSystem="2.16.840.1.113883.6.1" displayName="CBC"/><statusCode code="completed"/><effectiveTime value="20241003"/>
<component><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.2" extension="2015-08-01"/>`+subject+`
<id root="1.2.3.4.5" extension="obs1"/><code code="718-7" codeSystem="2.16.840.1.113883.6.1" displayName="Hemoglobin"/>
<statusCode code="completed"/><effectiveTime value="20241003"/><value xsi:type="PQ" value="13.2" unit="g/dL"/></observation></component>
<component><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.2" extension="2015-08-01"/>
<id root="1.2.3.4.5" extension="obs2"/><code code="777-3" codeSystem="2.16.840.1.113883.6.1" displayName="Platelets"/>
<statusCode code="completed"/><effectiveTime value="20241003"/><value xsi:type="PQ" value="123" unit="10*9/L"/></observation></component>
</organizer></entry>`))
	}
	whole := convert(t, ccd)
	tests := []struct {
		name      string
		data      []byte
		others    int            // entries kept as text only for being about someone else
		lessMade  map[string]int // resources the whole CCD makes that this one does not
		wantCodes []string       // LOINC codes of the Observations made (for the small documents)
	}{
		{"the CCD's results section about the mother", []byte(strings.Replace(string(ccd), results, results+mother, 1)),
			2, map[string]int{"Observation": 6, "DiagnosticReport": 2}, nil},
		{"the CCD's results section about the patient herself", []byte(strings.Replace(string(ccd), results, results+self, 1)),
			0, map[string]int{}, nil},
		{"one result of a panel about a fetus", lab(fetus), 1, nil, []string{"777-3"}},
		{"one result of a panel about the patient", lab(self), 0, nil, []string{"718-7", "777-3"}},
		{"no subject", lab(""), 0, nil, []string{"718-7", "777-3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, tc.data)
			checkBundle(t, tc.name, res)
			others := 0
			for _, s := range res.Skipped {
				if s.Reason == ccda.OtherSubjectReason {
					others++
				}
			}
			if others != tc.others {
				t.Errorf("%d entries kept for being about someone else, want %d (skipped %v)", others, tc.others, res.Skipped)
			}
			if tc.lessMade != nil {
				for typ, n := range whole.Made {
					if got, want := res.Made[typ], n-tc.lessMade[typ]; got != want {
						t.Errorf("%d %s made, want %d", got, typ, want)
					}
				}
				if res.TextOnly != whole.TextOnly+tc.others {
					t.Errorf("%d entries kept as text only, want %d", res.TextOnly, whole.TextOnly+tc.others)
				}
			}
			if tc.wantCodes != nil {
				var codes []string
				for _, o := range resources(t, res.Bundle, "Observation") {
					coding := o["code"].(map[string]any)["coding"].([]any)[0].(map[string]any)
					codes = append(codes, coding["code"].(string))
				}
				if strings.Join(codes, " ") != strings.Join(tc.wantCodes, " ") {
					t.Errorf("observations %v, want %v", codes, tc.wantCodes)
				}
			}
		})
	}
}
