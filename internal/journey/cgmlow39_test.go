package journey

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F521: Ren (16, type 1 diabetes) wears a CGM: readings every 5 minutes of glucose in
// interstitial fluid (LOINC 105272-9 in mmol/L, 99504-3 in mg/dL, the HL7 CGM IG's codes).
// On 6 Dec from 02:05 to 03:05 it stayed under 3.9 mmol/L, its lowest 2.6 at 02:30; a
// fingerprick at 02:40 read 3.1. The sensor's readings were no glucose: no low marks, and the
// card said "low: 3.1 mmol/L" of the fingerprick. Now they are read as glucose (flagged low,
// one series in either unit), and the card says the run of lows by its lowest reading and how
// long it lasted.
func TestSensorGlucoseLowIsSaidByItsLowestAndItsLength(t *testing.T) {
	syd, _ := time.LoadLocation("Australia/Sydney")
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, syd)
	t1d := condition("c1", "46635009", "Diabetes mellitus type 1")
	// the night of 6 Dec, 00:00–06:00, every 5 minutes; under 3.9 from 02:05 to 03:05
	night := func(code, unit string, scale float64) []string {
		var out []string
		for m := 0; m <= 360; m += 5 {
			v := 6.0
			if m >= 125 && m <= 185 {
				v = 3.8 - 1.2*(1-abs(float64(m-150))/30) // 2.6 at 02:30
				if v > 3.8 {
					v = 3.8
				}
			}
			at := time.Date(2026, 12, 6, 0, m, 0, 0, syd).UTC().Format(time.RFC3339)
			out = append(out, observation(fmt.Sprintf("cgm-%d", m), code, "Glucose [Moles/volume] in Interstitial fluid", float64(int(v*scale*10+0.5))/10, unit, at, ""))
		}
		return out
	}
	finger := observation("fp", "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", 3.1, "mmol/L",
		time.Date(2026, 12, 6, 2, 40, 0, 0, syd).UTC().Format(time.RFC3339), "")
	for _, tc := range []struct {
		name    string
		records []string
		want    []string
	}{
		{"mmol/L", append([]string{t1d, finger}, night("105272-9", "mmol/L", 1)...), []string{
			"Your blood sugar was very low: 2.6 mmol/L on 6 Dec 2026, 02:30 (2 lows in 7 days)",
			"2.6 mmol/L is under 3.0 mmol/L, a very low blood sugar (under 3.9 mmol/L is low).",
			"It stayed under 3.9 mmol/L from 02:05 to 03:05 (13 readings, the lowest 2.6 mmol/L).",
			"In the last 7 days: 2 lows under 3.9 mmol/L (14 readings), also 3.1 mmol/L on 6 Dec 2026, 02:40.",
		}},
		{"mg/dL", append([]string{t1d}, night("99504-3", "mg/dL", 18.016)...), []string{
			"Your blood sugar was very low: 47 mg/dL on 6 Dec 2026, 02:30",
			"It stayed under 70 mg/dL from 02:05 to 03:05 (13 readings, the lowest 47 mg/dL).",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Ren")
			writeAt(t, v, p, "dexcom", now.Add(-time.Hour), tc.records...)
			cs, err := (&Engine{Load: LoadOptions{Device: syd}}).Cards(context.Background(), v, p, now)
			if err != nil {
				t.Fatal(err)
			}
			c := one(t, cs, "low-glucose", tc.want...)
			if strings.Contains(c.Title, "(") && tc.name == "mg/dL" {
				t.Errorf("one run of lows is one low: %q", c.Title)
			}
			// a sensor's readings are readings at home: no "No blood sugar reading at home"
			for _, h := range byKind(cs, "home-measurement") {
				t.Errorf("home-measurement card beside the sensor's readings: %q %q", h.Title, h.Why)
			}
		})
	}
	// F505: a carer reading Ren's card is not told "If you feel unwell … contact your care team"
	v, p := newPerson(t, "Ren")
	writeAt(t, v, p, "dexcom", now.Add(-time.Hour), append([]string{t1d}, night("105272-9", "mmol/L", 1)...)...)
	cs, err := (&Engine{Load: LoadOptions{Device: syd, NameThePerson: true}}).Cards(context.Background(), v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	c := one(t, cs, "low-glucose", "Ren's blood sugar was very low", "Treat a low the way Ren's care team showed you, and tell their diabetes team about lows",
		"If Ren seems unwell or something worries you, contact their care team")
	if strings.Contains(c.Body, "your care team") || strings.Contains(c.Body, "you feel unwell") {
		t.Errorf("the card speaks to Ren: %q", c.Body)
	}
	// the sensor's readings are glucose: flagged low as a meter's are, in either unit
	for _, c := range []struct {
		code, unit string
		v          float64
		want       string
	}{{"105272-9", "mmol/L", 2.6, "very low"}, {"105272-9", "mmol/L", 3.5, "low"}, {"99504-3", "mg/dL", 65, "low"}, {"99504-3", "mg/dL", 90, ""}} {
		v := c.v
		if got := health.LowGlucose(c.code, health.Quantity{Value: &v, Unit: c.unit}); got != c.want {
			t.Errorf("LowGlucose(%s, %v %s) = %q, want %q", c.code, c.v, c.unit, got, c.want)
		}
	}
}
