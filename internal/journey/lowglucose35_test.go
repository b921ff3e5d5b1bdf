package journey

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// F454: Rose (7, type 1 diabetes) had 48 mg/dL on her meter at 12:40 today and 52, 58, 61 in
// the days before; the meter gives no range, and nothing said it. Her own card now does — the
// newest low, very low under 54 mg/dL, with the others — and never her twin Lily's (asthma, no
// readings), nor a reading of more than a week ago, nor a person who died.
func TestLowGlucoseIsSaidOnThePersonsCard(t *testing.T) {
	chi, _ := time.LoadLocation("America/Chicago")
	now := time.Date(2026, 12, 6, 14, 0, 0, 0, chi)
	t1d := condition("c1", "46635009", "Diabetes mellitus type 1")
	meter := func(unit string, perDay map[int][]float64) []string {
		var out []string
		hours := []int{7, 12, 17, 21}
		for day, vals := range perDay {
			for i, v := range vals {
				h, m := hours[i], 0
				if day == 6 && i == 1 {
					m = 40
				}
				at := time.Date(2026, 12, day, h, m, 0, 0, chi).UTC().Format(time.RFC3339)
				code := "41653-7"
				if unit == "mmol/L" {
					code = "14743-9"
				}
				out = append(out, observation(fmt.Sprintf("g%d-%d", day, i), code, "Glucose [Mass/volume] in Capillary blood by Glucometer", v, unit, at, ""))
			}
		}
		return out
	}
	rose := meter("mg/dL", map[int][]float64{
		3: {112, 61, 180, 140}, 4: {98, 150, 58, 120}, 5: {52, 130, 160, 110}, 6: {105, 48},
	})
	for _, tc := range []struct {
		name    string
		records []string
		at      time.Time
		want    []string // nil: no card
	}{
		{"Rose", append([]string{t1d}, rose...), now, []string{
			"Your blood sugar was very low: 48 mg/dL on 6 Dec 2026, 12:40 (4 lows in 7 days)",
			"48 mg/dL is under 54 mg/dL, a very low blood sugar (under 70 mg/dL is low).",
			"In the last 7 days: 4 readings under 70 mg/dL, also 52 mg/dL on 5 Dec 2026, 07:00, 58 mg/dL on 4 Dec 2026, 17:00, 61 mg/dL on 3 Dec 2026, 12:00.",
			"tell your diabetes team about lows",
			"Your condition: Diabetes mellitus type 1",
		}},
		{"in mmol/L, one low", append([]string{t1d}, meter("mmol/L", map[int][]float64{5: {6.1, 3.6, 8.0}})...), now, []string{
			"Your blood sugar was low: 3.6 mmol/L on 5 Dec 2026, 12:00",
			"3.6 mmol/L is under 3.9 mmol/L, a low blood sugar.",
		}},
		{"Lily: asthma, no readings", []string{condition("l1", "195967001", "Asthma")}, now, nil},
		{"no low", append([]string{t1d}, meter("mg/dL", map[int][]float64{5: {95, 120, 140}})...), now, nil},
		{"a low of more than a week ago", append([]string{t1d}, rose...), now.AddDate(0, 0, 10), nil},
		{"she died", append([]string{t1d, `{"resourceType":"Patient","id":"rose","birthDate":"2019-05-03","deceasedDateTime":"2026-12-06T13:00:00-06:00"}`}, rose...), now, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Rose")
			writeAt(t, v, p, "clinic", now.Add(-time.Hour), tc.records...)
			cs, err := (&Engine{Load: LoadOptions{Device: chi}}).Cards(context.Background(), v, p, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			got := byKind(cs, "low-glucose")
			if tc.want == nil {
				if len(got) != 0 {
					t.Errorf("a card: %q %q", got[0].Title, got[0].Body)
				}
				return
			}
			c := one(t, cs, "low-glucose", tc.want...)
			// her meter's readings are readings at home: no "No blood sugar reading at home" beside them
			for _, h := range byKind(cs, "home-measurement") {
				t.Errorf("home-measurement card beside the meter's readings: %q %q", h.Title, h.Why)
			}
			checkWording(t, []Card{c})
			if c.Severity != SeverityAttention || !strings.Contains(c.Body, "care team") {
				t.Errorf("severity %q body %q", c.Severity, c.Body)
			}
		})
	}
}
