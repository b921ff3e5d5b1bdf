package health

import (
	"fmt"
	"strings"
	"time"
)

// FarFromLast asks about a value about to be entered by hand (v in unit, a UCUM code, for a
// series of one value such as a weight) when it is more than twice or less than half the
// latest reading of se taken by now: "47 kg is more than twice the last body weight, 46 lb
// (20.9 kg) on 20 Nov 2026: are the number and its unit right?". "" when it is near the last
// one, when se has no reading taken by now, or when the units cannot be compared. A parent
// weighing in pounds kept a child's 46 lb as 47 kg, and Results showed a gain of 26 kg (F400).
func FarFromLast(se *Series, v float64, unit string, now time.Time, loc *time.Location) string {
	if se == nil || se.Pair || se.Len() == 0 || v <= 0 {
		return ""
	}
	if IsGlucose(se.Code) {
		// A blood sugar under half or over twice the last is routine with diabetes (a hypo of
		// 2.8 after 10.4 mmol/L): the question told a parent logging a hypo that it was
		// probably a typo (F492). Asked only beyond what a meter reads, as a unit slip is.
		return glucoseOutOfReach(se.Code, v, unit)
	}
	n := UpToNowIn(se.Points(), now, loc)
	if n == 0 {
		return ""
	}
	last := se.At(n - 1)
	if last.V <= 0 {
		return ""
	}
	code := se.Code[strings.LastIndexByte(se.Code, '|')+1:]
	lastIn := last.V // the last value in the unit being entered
	if from, to := UCUMOf("", se.Unit), UCUMOf("", unit); from != to {
		c, ok := ConvertUnit(last.V, from, to, code)
		if !ok || c <= 0 {
			return ""
		}
		lastIn = c
	}
	var how string
	switch {
	case v > 2*lastIn:
		how = "more than twice"
	case v < lastIn/2:
		how = "less than half"
	default:
		return ""
	}
	entered := ValueOf(code, "", v, unit)
	lastWords := se.Value("", last.V)
	if other := ValueOf(code, "", lastIn, unit); other != lastWords {
		lastWords += " (" + other + ")"
	}
	return fmt.Sprintf("%s is %s the last %s, %s on %s: are the number and its unit right?",
		entered, how, strings.ToLower(se.PlainName()), lastWords, last.DateIn(loc))
}

// glucoseOutOfReach asks about a blood sugar about to be entered that is beyond what a meter
// reads (under 1 or over 35 mmol/L, 18 and 630 mg/dL): "50 mmol/L is more than any blood sugar
// a meter reads: are the number and its unit right?" (50 mg/dL typed as mmol/L); "" otherwise.
func glucoseOutOfReach(code string, v float64, unit string) string {
	mmol := v
	if u := UCUMOf("", unit); u != "mmol/L" {
		c, ok := ConvertUnit(v, u, "mmol/L", code[strings.LastIndexByte(code, '|')+1:])
		if !ok {
			return ""
		}
		mmol = c
	}
	how := ""
	switch {
	case mmol > 35:
		how = "more than"
	case mmol < 1:
		how = "less than"
	default:
		return ""
	}
	return fmt.Sprintf("%s is %s any blood sugar a meter reads: are the number and its unit right?",
		ValueOf(code, "", v, unit), how)
}
