package journey

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// F452: a pregnant woman with gestational diabetes checks her blood sugar with a finger-prick
// meter four times a day, and nothing in CareKeeper said what her readings should be under.
// Her guide now gives NICE NG3's targets beside her meter readings, in their own unit, with her
// last reading and the readings of the week over every target — until the pregnancy ends (the
// condition resolved, a birth recorded, the pregnancy abated), and never for a woman who died.
func TestGlucoseTargetsForGestationalDiabetes(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 12, 6, 20, 0, 0, 0, lon)
	gdm := func(system, code, extra string) string {
		return fmt.Sprintf(`{"resourceType":"Condition","id":"gdm","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":%q,"code":%q,"display":"Gestational diabetes mellitus"}]},"onsetDateTime":"2026-10-20"%s}`, system, code, extra)
	}
	const snomed, icd = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm"
	// readings at 08:00, 11:00, 15:00 and 20:00 in the meter's unit, 3 to 6 Dec
	meter := func(code, unit string, vals ...float64) []string {
		var out []string
		hours := []int{8, 11, 15, 19}
		for i, v := range vals {
			at := time.Date(2026, 12, 3+i/4, hours[i%4], 0, 0, 0, lon).UTC().Format(time.RFC3339)
			out = append(out, observation(fmt.Sprintf("m%d", i), code, "Glucose [Moles/volume] in Capillary blood by Glucometer", v, unit, at, ""))
		}
		return out
	}
	mmol := meter("14743-9", "mmol/L", 5.1, 7.2, 8.1, 6.0, 5.0, 6.9, 7.4, 6.1, 5.4, 7.9, 6.3, 6.0, 5.2, 6.6, 6.2, 6.6)
	mg := meter("41653-7", "mg/dL", 92, 130, 146, 108, 90, 124, 133, 110)
	caesarean := `{"resourceType":"Procedure","id":"cs","status":"completed","code":{"coding":[{"system":"http://snomed.info/sct","code":"11466000","display":"Cesarean section"}]},"performedDateTime":"2026-12-05T10:00:00Z"}`
	pregnancyEnded := `{"resourceType":"Condition","id":"preg","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"72892002","display":"Normal pregnancy"}]},"onsetDateTime":"2026-04-01","abatementDateTime":"2026-12-04"}`
	died := `{"resourceType":"Patient","id":"ada","name":[{"given":["Ada"],"family":"Okafor"}],"birthDate":"1992-05-03","deceasedDateTime":"2026-12-06T07:15:00Z"}`
	for _, tc := range []struct {
		name    string
		records []string
		want    []string // "": no card
	}{
		{"mmol/L", append([]string{gdm(snomed, "11687002", "")}, mmol...), []string{
			"NICE NG3's targets: fasting under 5.3 mmol/L, 1 hour after a meal under 7.8 mmol/L, 2 hours after a meal under 6.4 mmol/L.",
			"Your last meter reading: 6.6 mmol/L on 6 Dec 2026, 19:00.",
			"In the last 7 days: 16 readings, 2 of them at or above 7.8 mmol/L, over even the target 1 hour after a meal.",
			"2 blood sugar readings above your pregnancy targets in 7 days",
			"Your condition: Gestational diabetes mellitus (its guide gives NICE NG3's blood sugar targets in pregnancy)",
		}},
		{"mg/dL, ICD-10 O24.410", append([]string{gdm(icd, "O24.410", "")}, mg...), []string{
			"fasting under 95 mg/dL (5.3 mmol/L), 1 hour after a meal under 140 mg/dL (7.8 mmol/L), 2 hours after a meal under 115 mg/dL (6.4 mmol/L).",
			"Your last meter reading: 110 mg/dL on 4 Dec 2026, 19:00.",
			"8 readings, 1 of them at or above 140 mg/dL",
		}},
		{"no readings yet", []string{gdm(snomed, "75022004", "")}, []string{"Your blood sugar targets in pregnancy", "No meter readings in CareKeeper yet", "fasting under 5.3 mmol/L"}},
		{"no reading over every target", append([]string{gdm(snomed, "11687002", "")}, mmol[:2]...), []string{"Your blood sugar targets in pregnancy", "In the last 7 days: 2 readings. CareKeeper cannot tell"}},
		{"after a caesarean", append([]string{gdm(snomed, "11687002", ""), caesarean}, mmol...), nil},
		{"the condition abated", append([]string{gdm(snomed, "11687002", `,"abatementDateTime":"2026-12-05"`)}, mmol...), nil},
		{"the condition resolved", append([]string{strings.Replace(gdm(snomed, "11687002", ""), `"active"`, `"resolved"`, 1)}, mmol...), nil},
		{"in the puerperium, O24.430", append([]string{gdm(icd, "O24.430", "")}, mmol...), nil},
		{"the pregnancy ended", append([]string{gdm(snomed, "11687002", ""), pregnancyEnded}, mmol...), nil},
		{"she died", append([]string{gdm(snomed, "11687002", ""), died}, mmol...), nil},
		{"type 2 diabetes, not in pregnancy", append([]string{condition("t2", "44054006", "Type 2 diabetes")}, mmol...), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Ada")
			writeAt(t, v, p, "clinic", now.Add(-time.Hour), tc.records...)
			cs, err := (&Engine{Load: LoadOptions{Device: lon}}).Cards(context.Background(), v, p, now)
			if err != nil {
				t.Fatal(err)
			}
			got := byKind(cs, "glucose-targets")
			if tc.want == nil {
				if len(got) != 0 {
					t.Errorf("a card: %q %q", got[0].Title, got[0].Body)
				}
				return
			}
			c := one(t, cs, "glucose-targets", tc.want...)
			checkWording(t, []Card{c})
			if c.Action == nil || c.Action.Measure != "glucose" {
				t.Errorf("action %+v", c.Action)
			}
		})
	}
}
