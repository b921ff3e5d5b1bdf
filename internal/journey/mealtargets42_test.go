package journey

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// F547: Zofia (gestational diabetes) checks her blood sugar fasting and 1 hour after each meal;
// her meter's records say which ("Glikemia na czczo", "Glikemia 1 h po obiedzie"). Her card
// read every reading of the week against 140 mg/dL, the highest target, saying "CareKeeper
// cannot tell which readings were fasting or after a meal", so fastings of 97 and 99 mg/dL
// (over 95) were counted nowhere; her summary gave the step from a fasting reading to the
// after-breakfast one as a change of her blood sugar. Each reading is read against its own
// target when its record says which, the summary says each kind's readings, and a reading
// whose record does not say is never fasting.
func TestGestationalReadingsAgainstTheirOwnTargets(t *testing.T) {
	ctx := context.Background()
	waw, _ := time.LoadLocation("Europe/Warsaw")
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, waw)
	gdm := condition("gdm", "11687002", "Cukrzyca ciążowa")
	reading := func(id, text string, v float64, at time.Time) string {
		return fmt.Sprintf(`{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"41653-7","display":"Glucose [Mass/volume] in Capillary blood by Glucometer"}],"text":%q},"effectiveDateTime":%q,"valueQuantity":{"value":%v,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`,
			id, text, at.Format(time.RFC3339), v)
	}
	kinds := []struct {
		text      string
		hour, min int
		vals      [7]float64
	}{
		{"Glikemia na czczo", 6, 50, [7]float64{88, 92, 97, 90, 99, 85, 91}},
		{"Glikemia 1 h po śniadaniu", 8, 40, [7]float64{120, 131, 142, 118, 125, 129, 122}},
		{"Glikemia 1 h po obiedzie", 14, 45, [7]float64{128, 135, 133, 126, 139, 131, 0}},
		{"Glikemia 1 h po kolacji", 19, 45, [7]float64{130, 138, 136, 129, 133, 147, 0}},
	}
	records := []string{gdm}
	for d := range 7 {
		for k, kd := range kinds {
			if kd.vals[d] == 0 {
				continue
			}
			at := time.Date(2026, 12, 1+d, kd.hour, kd.min, 0, 0, waw)
			records = append(records, reading(fmt.Sprintf("g%d-%d", d, k), kd.text, kd.vals[d], at))
		}
	}
	v, p := newPerson(t, "Zofia")
	writeAt(t, v, p, "clinic", now.Add(-time.Hour), records...)

	cs, err := (&Engine{Load: LoadOptions{Device: waw}}).Cards(ctx, v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	c := one(t, cs, "glucose-targets",
		"4 blood sugar readings above your pregnancy targets in 7 days",
		"Your last meter reading: 122 mg/dL on 7 Dec 2026, 08:40 (1 hour after a meal).",
		"In the last 7 days: 26 readings (fasting: 7 readings, 85–99 mg/dL, 2 at or above 95 mg/dL; 1 hour after a meal: 19 readings, 118–147 mg/dL, 2 at or above 140 mg/dL).")
	if strings.Contains(c.Body, "cannot tell") {
		t.Errorf("the card says it cannot tell: %s", c.Body)
	}

	txt := summaryWords(t, v, p, time.Date(2026, 11, 30, 0, 0, 0, 0, waw), now, waw)
	for _, want := range []string{
		"Latest: 122 mg/dL on 7 Dec 2026 (1 hour after a meal); NICE NG3",
		"in the period fasting: 7 readings, 85–99 mg/dL, 2 at or above 95 mg/dL; 1 hour after a meal: 19 readings, 118–147 mg/dL, 2 at or above 140 mg/dL",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("the summary does not say %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "since 06:50") {
		t.Errorf("the summary gives a change from a fasting reading to an after-breakfast one:\n%s", txt)
	}
}
