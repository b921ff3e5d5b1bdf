package passphrase

import (
	"strings"
	"testing"
)

// The strength rating is zxcvbn's, unchanged by building its dictionaries on first use (the
// patched copy under third_party): the first rating, and every later one, gives upstream's scores.
func TestScore(t *testing.T) {
	for _, tc := range []struct {
		pass string
		want int
	}{
		{"", 0},
		{"a", 0},
		{"password", 0},
		{"carekeeper", 0}, // one of the app's own words
		{"Tr0ub4dour&3", 2},
		{"correct horse battery staple", 4},
		{"correct horse battery staple", 4}, // the second rating reuses the built dictionaries
	} {
		if got := Score(tc.pass); got != tc.want {
			t.Errorf("Score(%q) = %d, want %d", tc.pass, got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		pass     string
		minScore int
		want     string // "" when accepted
	}{
		{"a", 0, ""},
		{"qz", 2, `at least "fair"; this one is "very weak"`},
		{"Tr0ub4dour&3", 2, ""},
		{"Tr0ub4dour&3", 3, `at least "strong"; this one is "fair"`},
		{"correct horse battery staple", 4, ""},
	} {
		err := Check(tc.pass, tc.minScore)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Check(%q, %d) = %v, want accepted", tc.pass, tc.minScore, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Check(%q, %d) = %v, want %q", tc.pass, tc.minScore, err, tc.want)
		case err != nil && strings.Contains(err.Error(), tc.pass):
			t.Errorf("Check(%q, %d) says the passphrase: %v", tc.pass, tc.minScore, err)
		}
	}
}

func TestStrengthName(t *testing.T) {
	for score, want := range map[int]string{-1: "very weak", 0: "very weak", 1: "weak", 2: "fair", 3: "strong", 4: "very strong", 5: "very strong"} {
		if got := StrengthName(score); got != want {
			t.Errorf("StrengthName(%d) = %q, want %q", score, got, want)
		}
	}
}
