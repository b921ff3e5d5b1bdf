package journey

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// F452, F454: the visit summary said neither the gestational diabetes targets the guide and its
// card give beside a woman's meter readings (NICE NG3), nor how many of the period's blood
// sugars were low (under 70 mg/dL / 3.9 mmol/L; very low under 54 / 3.0), which the card and
// the results flag. Both are said beside the series, in the readings' unit and the same words;
// no targets once the pregnancy has ended, nor for type 1 diabetes; no lows line without a low.
func TestSummarySaysGlucoseTargetsAndLows(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 12, 6, 20, 0, 0, 0, lon)
	cond := func(code, name, extra string) string {
		return fmt.Sprintf(`{"resourceType":"Condition","id":"c-%s","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":%q,"display":%q}]},"onsetDateTime":"2026-10-20"%s}`, code, code, name, extra)
	}
	meter := func(code, unit string, vals ...float64) []string {
		var out []string
		for i, v := range vals {
			at := time.Date(2026, 12, 3+i/4, 8+3*(i%4), 0, 0, 0, lon).UTC().Format(time.RFC3339)
			out = append(out, observation(fmt.Sprintf("m%d", i), code, "Glucose in Capillary blood by Glucometer", v, unit, at, ""))
		}
		return out
	}
	const ng3 = "NICE NG3's targets: fasting under 5.3 mmol/L, 1 hour after a meal under 7.8 mmol/L, 2 hours after a meal under 6.4 mmol/L"
	for _, tc := range []struct {
		name          string
		records       []string
		targets, lows string
	}{
		{"gestational diabetes, mmol/L", append([]string{cond("11687002", "Gestational diabetes mellitus", "")}, meter("14743-9", "mmol/L", 5.1, 3.6, 8.1, 2.8, 5.0, 6.9)...),
			ng3, "2 readings under 3.9 mmol/L (low), 1 of them under 3.0 mmol/L (very low)"},
		{"gestational diabetes, mg/dL, no low", append([]string{cond("11687002", "Gestational diabetes mellitus", "")}, meter("41653-7", "mg/dL", 92, 130, 146)...),
			"NICE NG3's targets: fasting under 95 mg/dL (5.3 mmol/L), 1 hour after a meal under 140 mg/dL (7.8 mmol/L), 2 hours after a meal under 115 mg/dL (6.4 mmol/L)", ""},
		{"after the birth", append([]string{cond("11687002", "Gestational diabetes mellitus", `,"abatementDateTime":"2026-12-05"`)}, meter("14743-9", "mmol/L", 5.1, 3.6)...),
			"", "1 reading under 3.9 mmol/L (low)"},
		{"type 1 diabetes, mg/dL", append([]string{cond("46635009", "Diabetes mellitus type 1", "")}, meter("41653-7", "mg/dL", 48, 52, 61, 120, 180)...),
			"", "3 readings under 70 mg/dL (low), 2 of them under 54 mg/dL (very low)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Ada")
			writeAt(t, v, p, "clinic", now.Add(-time.Hour), tc.records...)
			s, err := BuildSummary(context.Background(), v, p, now.AddDate(0, -1, 0), now, now, LoadOptions{Device: lon})
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Results) != 1 {
				t.Fatalf("%d series, want the meter's", len(s.Results))
			}
			se := s.Results[0]
			if se.Targets != tc.targets || se.Lows != tc.lows {
				t.Errorf("targets %q, lows %q; want %q, %q", se.Targets, se.Lows, tc.targets, tc.lows)
			}
			var pdf bytes.Buffer
			if err := WritePDF(&pdf, s); err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(pdfText(t, pdf.Bytes())), " ")
			for _, w := range []string{tc.targets, tc.lows} {
				if w != "" && !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("the PDF does not say %q:\n%s", w, text)
				}
			}
			if tc.lows == "" && strings.Contains(text, "(low)") {
				t.Errorf("the PDF says a low:\n%s", text)
			}
		})
	}
}
