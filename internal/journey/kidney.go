package journey

import (
	"fmt"
	"math"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// codeEGFR is the code eGFR series are kept under (health.AnalyteCode): the MDRD code, which
// the CKD-EPI codes of 2009 and 2021 join.
const codeEGFR = "33914-3"

// kidneyFall is the smallest fall of the eGFR, as a share of its first reading in
// kidneyFallWithin, that makes a card: KDIGO 2012 counts a fall of 25 % or more from the
// baseline as a certain drop.
const (
	kidneyFall       = 0.25
	kidneyFallWithin = 3 * 365 * 24 * time.Hour
	kidneyFallOver   = 90 * 24 * time.Hour // a fall between readings closer than this is not a trend
	kidneyBelow      = 60                  // mL/min/1.73 m²: above it a fall is left to the result-change card
)

// ruleKidneyFall says a steady fall of the eGFR that two readings side by side never show
// (F453: Harold's 28 → 27 → 25 → 24 → 22 → 21 → 19 over two years, each step under 10 %): the
// newest reading recent, below 60, and at least a quarter under the first of the last three
// years, at least 90 days before it.
func ruleKidneyFall(d *Data) []Card {
	var out []Card
	for _, s := range d.watchedSeries() {
		if codeOf(s) != codeEGFR || s.Pair {
			continue
		}
		n := health.UpToNowIn(s.Points(), d.Now, d.Loc)
		if n < 2 {
			continue
		}
		last := s.At(n - 1)
		if last.Key.AtHome() || d.Now.Sub(last.T) > ResultRecentDays*24*time.Hour || last.V >= kidneyBelow || last.Comparator != "" {
			continue
		}
		first := -1
		for i := 0; i < n-1; i++ {
			p := s.At(i)
			if last.T.Sub(p.T) <= kidneyFallWithin && p.Comparator == "" {
				first = i
				break
			}
		}
		if first < 0 {
			continue
		}
		base := s.At(first)
		if last.T.Sub(base.T) < kidneyFallOver || base.V <= 0 || (base.V-last.V)/base.V < kidneyFall-1e-9 {
			continue
		}
		pct := int(math.Round((base.V - last.V) / base.V * 100))
		over := spanWords(base.T, last.T, d.Loc)
		c := Card{
			ID:       cardID("kidney-fall", s.Code, keyString(base.Key), keyString(last.Key)),
			Title:    fmt.Sprintf("Your kidney function (%s) went down from %s to %s in %s", seriesName(s), health.FormatNumber(base.V), health.FormatNumber(last.V), over),
			Severity: SeverityAttention,
			Date:     last.T,
			Links:    []storage.ID{storageID(base.Key), storageID(last.Key)},
			Why: []string{
				fmt.Sprintf("%s: %s %s", seriesName(s), pointValue(s, base), onDate(base.DateIn(d.Loc), base.Precision)),
				fmt.Sprintf("%s: %s %s", seriesName(s), pointValue(s, last), onDate(last.DateIn(d.Loc), last.Precision)),
				fmt.Sprintf("%d readings in between", n-1-first-1),
			},
		}
		if n-1-first-1 == 1 {
			c.Why[2] = "1 reading in between"
		}
		if n-1-first-1 == 0 {
			c.Why = c.Why[:2]
		}
		c.Body = fmt.Sprintf("Your %s, which estimates how well the kidneys filter the blood, was %s %s and %s %s: %d%% lower. "+
			"A fall of a quarter or more is one your kidney care team will want to know about (KDIGO's guideline counts it as a certain drop). "+
			"Ask them what it means for you and what comes next. %s",
			seriesName(s), pointValue(s, base), onDate(base.DateIn(d.Loc), base.Precision), pointValue(s, last), onDate(last.DateIn(d.Loc), last.Precision), pct, careTeamLine)
		out = append(out, c)
	}
	return out
}

// spanWords is the time from a to b in whole years, else whole months, else days: "2 years",
// "8 months", "20 days".
func spanWords(a, b time.Time, loc *time.Location) string {
	a, b = a.In(loc), b.In(loc)
	months := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		months--
	}
	switch {
	case months >= 24:
		return fmt.Sprintf("%d years", months/12)
	case months >= 12:
		if months >= 18 {
			return fmt.Sprintf("%d months", months)
		}
		return "a year"
	case months >= 2:
		return fmt.Sprintf("%d months", months)
	}
	days := daysApart(a, b, loc)
	return fmt.Sprintf("%d %s", days, plural(days, "day", "days"))
}
