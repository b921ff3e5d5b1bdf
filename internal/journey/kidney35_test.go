package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F453: Harold (chronic kidney disease stage 4) had eGFR readings of 28, 27, 25, 24, 22, 21 and
// 19 over two years, by the CKD-EPI 2021 code US labs now use (98979-8): nothing said his
// kidney function was falling — the code was not known as eGFR, and the result card compares
// only the last two readings (21 → 19). A fall of a quarter or more since the first reading of
// the last three years, the newest recent and under 60, now gives a card; a small fall, one in
// the normal range, an old one or a quick one between two readings does not.
func TestKidneyFunctionFallingOverTheYears(t *testing.T) {
	chi, _ := time.LoadLocation("America/Chicago")
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, chi)
	type reading struct {
		code string
		v    float64
		day  string
	}
	series := func(code string, vs []float64, first time.Time, every int) []reading {
		var out []reading
		for i, v := range vs {
			out = append(out, reading{code, v, first.AddDate(0, every*i, 0).Format("2006-01-02")})
		}
		return out
	}
	harold := series("98979-8", []float64{28, 27, 25, 24, 22, 21, 19}, time.Date(2024, 12, 3, 0, 0, 0, 0, time.UTC), 4)
	for _, tc := range []struct {
		name     string
		readings []reading
		want     []string // "" : no card
	}{
		{"CKD-EPI 2021, 28 to 19 in two years", harold, []string{
			"Your kidney function (eGFR) went down from 28 to 19 in 2 years",
			"was 28 mL/min/1.73 m² on 3 Dec 2024 and 19 mL/min/1.73 m² on 3 Dec 2026: 32% lower",
			"eGFR: 28 mL/min/1.73 m² on 3 Dec 2024", "5 readings in between"}},
		{"the lab changed its equation in between", append(series("33914-3", []float64{31, 29}, time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC), 6),
			series("98979-8", []float64{24, 22}, time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), 9)...), []string{
			"Your kidney function (eGFR) went down from 31 to 22 in 22 months", "29% lower"}},
		{"a small fall", series("98979-8", []float64{25, 24, 23, 22}, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), 6), nil},
		{"in the normal range", series("98979-8", []float64{110, 95, 80}, time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC), 6), nil},
		{"the newest is old", series("98979-8", []float64{40, 30}, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), 4), nil},
		{"a quick fall between two readings", series("98979-8", []float64{40, 28}, time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), 1), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Harold")
			var obs []string
			for i, r := range tc.readings {
				obs = append(obs, observation("e"+string(rune('a'+i)), r.code, "Glomerular filtration rate/1.73 sq M.predicted", r.v, "mL/min/{1.73_m2}", r.day,
					`,"referenceRange":[{"low":{"value":60,"unit":"mL/min/{1.73_m2}"}}]`))
			}
			writeAt(t, v, p, "https://lab.example.org/fhir", now.AddDate(0, 0, -2), append(obs, condition("c1", "431857002", "Chronic kidney disease stage 4"))...)
			cs, err := (&Engine{Load: LoadOptions{Device: chi}}).Cards(context.Background(), v, p, now)
			if err != nil {
				t.Fatal(err)
			}
			got := byKind(cs, "kidney-fall")
			if tc.want == nil {
				if len(got) != 0 {
					t.Errorf("a card: %q %q", got[0].Title, got[0].Body)
				}
				return
			}
			c := one(t, cs, "kidney-fall", tc.want...)
			if c.Severity != SeverityAttention || len(c.Links) != 2 {
				t.Errorf("card %+v", c)
			}
			checkWording(t, cs)
			if !strings.Contains(c.Body, "kidney care team") {
				t.Errorf("body %q", c.Body)
			}
		})
	}
}

// The visit summary says the fall beside the eGFR, as the card does (F453); a small fall says
// nothing.
func TestSummarySaysTheKidneyFunctionFall(t *testing.T) {
	chi, _ := time.LoadLocation("America/Chicago")
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, chi)
	for _, tc := range []struct {
		name string
		egfr []float64 // every 4 months from 3 Dec 2024
		want string
	}{
		{"28 to 19", []float64{28, 27, 25, 24, 22, 21, 19}, "down 32% in 2 years (28 mL/min/1.73 m² on 3 Dec 2024 to 19 mL/min/1.73 m² on 3 Dec 2026; KDIGO counts a fall of 25% or more as a certain drop)"},
		{"28 to 25", []float64{28, 27, 27, 26, 26, 25, 25}, ""},
	} {
		v, p := newPerson(t, "Harold "+tc.name)
		var obs []string
		for i, e := range tc.egfr {
			obs = append(obs, observation("e"+string(rune('a'+i)), "98979-8", "Glomerular filtration rate/1.73 sq M.predicted", e, "mL/min/{1.73_m2}",
				time.Date(2024, time.Month(12+4*i), 3, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), ""))
		}
		writeAt(t, v, p, "https://lab.example.org/fhir", now, obs...)
		s, err := BuildSummary(context.Background(), v, p, time.Date(2026, 6, 1, 0, 0, 0, 0, chi), now, now, LoadOptions{Device: chi})
		if err != nil {
			t.Fatal(err)
		}
		got, found := "", false
		for _, se := range s.Results {
			if codeOf(se.Series) == codeEGFR {
				got, found = se.Gain, true
			}
		}
		if !found || got != tc.want {
			t.Errorf("%s: %q (series found %v), want %q", tc.name, got, found, tc.want)
		}
	}
}
