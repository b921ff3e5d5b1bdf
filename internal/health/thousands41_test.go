package health

import "testing"

// F557 item 7: `results` said "43200 readings" of a watch's minute pulses, as the app said
// before F540 item 6; counts group their thousands.
func TestCountGroupsThousands(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{1, "1 reading"}, {2, "2 readings"}, {999, "999 readings"}, {1000, "1,000 readings"},
		{43200, "43,200 readings"}, {1234567, "1,234,567 readings"}, {-1500, "-1,500 readings"},
	} {
		if got := Count(tc.n, "reading", ""); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
