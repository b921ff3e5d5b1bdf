package health

import "testing"

// F489: an HbA1c of 64 mmol/mol converted into % read "8%" beside the other lab's "7.9%": an
// HbA1c in % keeps its one decimal, as labs write it.
func TestA1cPercentKeepsItsDecimal(t *testing.T) {
	for _, c := range []struct {
		code, unit string
		v          float64
		want       string
	}{
		{"4548-4", "%", 7.99, "8.0%"},
		{"http://loinc.org|4548-4", "%", 7.2, "7.2%"},
		{"17856-6", "%", 6, "6.0%"},
		{"4548-4", "mmol/mol", 64, "64 mmol/mol"},
		{"2339-0", "%", 8, "8%"}, // not an HbA1c: as before
	} {
		if got := ValueOf(c.code, "", c.v, c.unit); got != c.want {
			t.Errorf("ValueOf(%s, %v %s) = %q, want %q", c.code, c.v, c.unit, got, c.want)
		}
	}
}
