package app

import "testing"

// F540 item 6: Results said "Heart rate … 50000 readings": a count of thousands is grouped,
// by commas in English and by a no-break space where a comma marks decimals.
func TestCount_ThousandsGrouped(t *testing.T) {
	for _, tc := range []struct {
		n      int
		locale string
		want   string
	}{
		{50000, "en-CA", "50,000 readings"},
		{1234567, "en-US", "1,234,567 readings"},
		{999, "en-US", "999 readings"},
		{1, "en-US", "1 reading"},
		{50000, "fr-CA", "50\u00a0000 readings"},
		{5000, "fr-CA", "5000 readings"},
	} {
		if got := countIn(tc.locale, tc.n, "{{.Count}} readings"); got != tc.want {
			t.Errorf("%d in %s: %q, want %q", tc.n, tc.locale, got, tc.want)
		}
	}
}
