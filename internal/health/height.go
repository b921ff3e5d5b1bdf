package health

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// HeightUnits are the units a height is entered in (UCUM): centimetres, or inches where the
// person's heights are in inches or feet.
const (
	HeightCm = "cm"
	HeightIn = "[in_i]"
)

// ErrHeightWords says how a height may be written.
var ErrHeightWords = errors.New(`write the height as 168 cm, 1.68 m, 66 in or 5 ft 6 in (5'6")`)

var (
	heightFeet = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*(?:'|ft|feet|foot)\.?\s*(?:(\d+(?:\.\d+)?)\s*(?:"|''|in|inch|inches)?\.?)?$`)
	heightOne  = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*(cm|mm|m|"|''|in|inch|inches)?\.?$`)
)

// ParseHeight reads a height as people write it — "168", "168 cm", "1,68 m", "66 in", "66\"",
// "5 ft 6 in", "5'6\"", "5′ 6″", "5 feet 6", "5 ft" — into unit (HeightCm or HeightIn; a bare
// number is in it). A height in cm is given to the millimetre, one in inches to the tenth.
// Inches of a height in feet are under 12 ("5 ft 14 in" is refused). Not a height (no number,
// an unknown unit): ErrHeightWords.
func ParseHeight(text, unit string) (float64, error) {
	s := strings.ToLower(strings.TrimSpace(text))
	s = strings.NewReplacer(",", ".", "′", "'", "’", "'", "″", `"`, "“", `"`, "”", `"`).Replace(s)
	var cm float64
	if m := heightFeet.FindStringSubmatch(s); m != nil {
		ft, _ := strconv.ParseFloat(m[1], 64)
		in := 0.0
		if m[2] != "" {
			in, _ = strconv.ParseFloat(m[2], 64)
			if in >= 12 {
				return 0, ErrHeightWords
			}
		}
		cm = (ft*12 + in) * 2.54
	} else if m := heightOne.FindStringSubmatch(s); m != nil {
		v, _ := strconv.ParseFloat(m[1], 64)
		switch m[2] {
		case "":
			if unit == HeightIn {
				cm = v * 2.54
			} else {
				cm = v
			}
		case "cm":
			cm = v
		case "mm":
			cm = v / 10
		case "m":
			cm = v * 100
		default:
			cm = v * 2.54
		}
	} else {
		return 0, ErrHeightWords
	}
	if unit == HeightIn {
		return math.Round(cm/2.54*10) / 10, nil
	}
	return math.Round(cm*10) / 10, nil
}
