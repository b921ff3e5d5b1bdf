package health

import (
	"errors"
	"testing"
	"time"
)

// F400: height was not a measurement one could add. It is read as people write it — in cm, in
// m, in inches, in feet and inches — and a value more than twice or less than half the last
// height is asked about as a weight is.
func TestParseHeightAsPeopleWriteIt(t *testing.T) {
	for _, tt := range []struct {
		text, unit string
		want       float64
	}{
		{"168", HeightCm, 168},
		{"168 cm", HeightCm, 168},
		{"168cm", HeightCm, 168},
		{"1,68 m", HeightCm, 168},
		{"1.68m", HeightCm, 168},
		{"66 in", HeightCm, 167.6},
		{`66"`, HeightCm, 167.6},
		{"5 ft 6 in", HeightCm, 167.6},
		{"5ft6in", HeightCm, 167.6},
		{`5'6"`, HeightCm, 167.6},
		{"5′ 6″", HeightCm, 167.6},
		{"5 feet 6 inches", HeightCm, 167.6},
		{"5 ft 6", HeightCm, 167.6},
		{"5'6", HeightCm, 167.6},
		{"6 ft", HeightCm, 182.9},
		{"5.5 ft", HeightCm, 167.6},
		{"5 ft 6 in", HeightIn, 66},
		{"66", HeightIn, 66},
		{"168 cm", HeightIn, 66.1},
		{"43.5", HeightIn, 43.5},
	} {
		got, err := ParseHeight(tt.text, tt.unit)
		if err != nil || got != tt.want {
			t.Errorf("ParseHeight(%q, %s) = %v, %v; want %v", tt.text, tt.unit, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "tall", "5 ft 14 in", "168 kg", "5 6", "-5 ft"} {
		if _, err := ParseHeight(bad, HeightCm); !errors.Is(err, ErrHeightWords) {
			t.Errorf("ParseHeight(%q) = %v; want ErrHeightWords", bad, err)
		}
	}

	nov20 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 6, 13, 30, 0, 0, time.UTC)
	cm := (&Series{Code: "http://loinc.org|8302-2", Name: "Body height", Unit: "cm"}).Append(Point{T: nov20, V: 112})
	in := (&Series{Code: "http://loinc.org|8302-2", Name: "Body height", Unit: "[in_i]"}).Append(Point{T: nov20, V: 44})
	for _, tt := range []struct {
		name string
		se   *Series
		v    float64
		unit string
		want string
	}{
		{"inches typed as cm", cm, 44, HeightCm, "44 cm is less than half the last body height, 112 cm on 20 Nov 2026: are the number and its unit right?"},
		{"cm typed for a child measured in inches", in, 112, HeightIn, "112 in is more than twice the last body height, 44 in on 20 Nov 2026: are the number and its unit right?"},
		{"near", cm, 113.5, HeightCm, ""},
		{"the same in inches", in, 44.5, HeightIn, ""},
	} {
		if got := FarFromLast(tt.se, tt.v, tt.unit, now, time.UTC); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
