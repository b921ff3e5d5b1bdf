package ccda_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/schedule"
	"carekeeper/internal/testutil"
)

// TestMedicationTiming checks that the timings of Medication Activities become FHIR Timings the
// reminder engine (internal/schedule) reads without "set the times yourself".
func TestMedicationTiming(t *testing.T) {
	med := `<entry><substanceAdministration classCode="SBADM" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.16" extension="2014-06-09"/>
<id root="5.5.5" extension="m1"/><statusCode code="active"/>
<effectiveTime xsi:type="IVL_TS"><low value="20250101"/></effectiveTime>%s
<doseQuantity value="1"/>
<consumable><manufacturedProduct><manufacturedMaterial><code code="197361" codeSystem="2.16.840.1.113883.6.88" displayName="amlodipine 5 MG Oral Tablet"/></manufacturedMaterial></manufacturedProduct></consumable>
</substanceAdministration></entry>`
	tests := []struct {
		name, timing, repeat string
	}{
		{"every 8 hours", `<effectiveTime xsi:type="PIVL_TS" operator="A"><period value="8" unit="h"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":8,"periodUnit":"h"}`},
		{"three times a day at the institution's times", `<effectiveTime xsi:type="PIVL_TS" institutionSpecified="true" operator="A"><period value="8" unit="h"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":3,"period":1,"periodUnit":"d"}`},
		{"once a day", `<effectiveTime xsi:type="PIVL_TS" institutionSpecified="true" operator="A"><period value="1" unit="d"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":1,"periodUnit":"d"}`},
		{"every week", `<effectiveTime xsi:type="PIVL_TS" operator="A"><period value="1" unit="wk"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":1,"periodUnit":"wk"}`},
		{"every 12 hours, decimal period", `<effectiveTime xsi:type="PIVL_TS" operator="A"><period value="12.0" unit="h"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":12,"periodUnit":"h"}`},
		{"every day at 08:00 (phase)", `<effectiveTime xsi:type="PIVL_TS" operator="A"><phase><low value="202501010800"/></phase><period value="1" unit="d"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}`},
		{"every other day (phase without a time)", `<effectiveTime xsi:type="PIVL_TS" alignment="CD" operator="A"><phase><low value="20250102"/></phase><period value="2" unit="d"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":2,"periodUnit":"d"}`},
		{"at bedtime", `<effectiveTime xsi:type="EIVL_TS" operator="A"><event code="HS"/></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}`},
		{"30 minutes after breakfast", `<effectiveTime xsi:type="EIVL_TS" operator="A"><event code="PCM"/><offset><width value="30" unit="min"/></offset></effectiveTime>`,
			`{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"offset":30,"period":1,"periodUnit":"d","when":["PCM"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := convert(t, doc(section("10160-0", sprintf(med, tt.timing))))
			reqs := resources(t, res.Bundle, "MedicationRequest")
			if len(reqs) != 1 {
				t.Fatalf("%d MedicationRequests", len(reqs))
			}
			dosage := reqs[0]["dosageInstruction"].([]any)[0].(map[string]any)
			if got := jsonOf(dosage["timing"].(map[string]any)["repeat"]); got != tt.repeat {
				t.Errorf("repeat %s\nwant   %s", got, tt.repeat)
			}
			plan, err := schedule.PlanFromResource([]byte(jsonOf(reqs[0])))
			if err != nil {
				t.Fatal(err)
			}
			if plan.Unclear != "" {
				t.Errorf("the reminder engine finds it unclear: %s", plan.Unclear)
			}
		})
	}
}

// TestMedicationFields checks status, dose, route, repeats and the "completed but still
// running" rule of C-CDA on FHIR.
func TestMedicationFields(t *testing.T) {
	entry := `<entry><substanceAdministration classCode="SBADM" moodCode="INT">
<templateId root="2.16.840.1.113883.10.20.22.4.16"/>
<id root="5.5.5" extension="m2"/><statusCode code="completed"/>
<effectiveTime xsi:type="IVL_TS"><low value="20250101"/><high value="20260601"/></effectiveTime>
<routeCode code="C38288" codeSystem="2.16.840.1.113883.3.26.1.1" displayName="Oral"/>
<doseQuantity><low value="1"/><high value="2"/></doseQuantity>
<repeatNumber value="3"/>
<consumable><manufacturedProduct><manufacturedMaterial><code nullFlavor="UNK"><originalText>Mystery pills</originalText></code></manufacturedMaterial></manufacturedProduct></consumable>
<precondition typeCode="PRCN"><criterion><code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4"/><value xsi:type="CD" code="25064002" codeSystem="2.16.840.1.113883.6.96" displayName="Headache"/></criterion></precondition>
</substanceAdministration></entry>`
	res := convert(t, doc(section("10160-0", entry)))
	reqs := resources(t, res.Bundle, "MedicationRequest")
	if len(reqs) != 1 {
		t.Fatalf("%d MedicationRequests", len(reqs))
	}
	r := reqs[0]
	checks := map[string]string{
		"status":                    `"active"`, // completed, but it runs until 2026-06-01 (now is 2026-01-15)
		"intent":                    `"plan"`,
		"medicationCodeableConcept": `{"text":"Mystery pills"}`,
		"dispenseRequest":           `{"numberOfRepeatsAllowed":2}`,
	}
	for k, want := range checks {
		if got := jsonOf(r[k]); got != want {
			t.Errorf("%s = %s, want %s", k, got, want)
		}
	}
	d := r["dosageInstruction"].([]any)[0].(map[string]any)
	if got := jsonOf(d["doseAndRate"]); got != `[{"doseRange":{"high":{"value":2},"low":{"value":1}}}]` {
		t.Errorf("doseAndRate %s", got)
	}
	if got := jsonOf(d["asNeededCodeableConcept"]); got != `{"coding":[{"code":"25064002","display":"Headache","system":"http://snomed.info/sct"}],"text":"Headache"}` {
		t.Errorf("asNeeded %s", got)
	}
}

// TestMedicationSingleDateWithFrequency: a medicine whose first effectiveTime is one date (not
// low/high) and which has a frequency starts on that date (C-CDA on FHIR), keeping the
// frequency, so reminders fall due every day after it instead of once on that day (held-out
// check of issue 15).
func TestMedicationSingleDateWithFrequency(t *testing.T) {
	med := `<entry><substanceAdministration classCode="SBADM" moodCode="EVN">
<templateId root="2.16.840.1.113883.10.20.22.4.16" extension="2014-06-09"/>
<id root="5.5.5" extension="m3"/><statusCode code="active"/>
%s
<effectiveTime xsi:type="PIVL_TS" institutionSpecified="true" operator="A"><period value="1" unit="d"/></effectiveTime>
<doseQuantity value="1"/>
<consumable><manufacturedProduct><manufacturedMaterial><code code="197361" codeSystem="2.16.840.1.113883.6.88" displayName="amlodipine 5 MG Oral Tablet"/></manufacturedMaterial></manufacturedProduct></consumable>
</substanceAdministration></entry>`
	for _, tc := range []struct{ name, first string }{
		{"IVL_TS with a value", `<effectiveTime xsi:type="IVL_TS" value="20250101"/>`},
		{"untyped with a value", `<effectiveTime value="20250101"/>`},
		{"TS", `<effectiveTime xsi:type="TS" value="20250101"/>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reqs := resources(t, convert(t, doc(section("10160-0", sprintf(med, tc.first)))).Bundle, "MedicationRequest")
			if len(reqs) != 1 {
				t.Fatalf("%d MedicationRequests", len(reqs))
			}
			timing := reqs[0]["dosageInstruction"].([]any)[0].(map[string]any)["timing"].(map[string]any)
			const want = `{"repeat":{"boundsPeriod":{"start":"2025-01-01"},"frequency":1,"period":1,"periodUnit":"d"}}`
			if got := jsonOf(timing); got != want {
				t.Errorf("timing %s\nwant   %s", got, want)
			}
			plan, err := schedule.PlanFromResource([]byte(jsonOf(reqs[0])))
			if err != nil {
				t.Fatal(err)
			}
			if plan.Problem() != "" {
				t.Fatalf("the reminder engine finds it unclear: %s", plan.Problem())
			}
			from := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
			if n := len(plan.Occurrences(from, from.AddDate(0, 0, 7), time.UTC, schedule.Routine{}, time.Time{})); n != 7 {
				t.Errorf("%d doses due in a week a month after the start, want 7", n)
			}
		})
	}
}

// TestPlannedOnceIsNotAMedicineTaken (F299): HL7's Transfer Summary plans one heparin
// injection for 5 Sep 2013 (a Planned Medication Activity in the plan of treatment, with the
// patient's Priority Preference 'High priority'). Medicines listed it as still active, 'still
// taking it?', 'for High priority'.
func TestPlannedOnceIsNotAMedicineTaken(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents", "Transfer Summary", "Transfer_Summary.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s := setOf(t, convert(t, data).Bundle)
	found := false
	for _, m := range health.Medicines(s, health.MedOptions{Now: fixedNow(), Loc: time.UTC}) {
		if !strings.Contains(strings.ToLower(m.Name), "heparin") {
			continue
		}
		found = true
		if m.State == health.MedTaking || m.State == health.MedToConfirm {
			t.Errorf("the heparin planned for 5 Sep 2013 is %q, want a past plan", m.State)
		}
		if strings.Contains(strings.ToLower(m.Reason), "priority") {
			t.Errorf("its reason %q: a preference is not what it is for", m.Reason)
		}
		if m.Started != "" && m.Started != "2013-09-05" {
			t.Errorf("started %q", m.Started)
		}
	}
	if !found {
		t.Fatal("no heparin among the medicines")
	}
}
