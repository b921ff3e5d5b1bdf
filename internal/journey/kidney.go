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
		base, last, between, pct, ok := kidneyFallOf(s, d.Now, d.Loc)
		if !ok || d.Now.Sub(last.T) > ResultRecentDays*24*time.Hour {
			continue
		}
		c := Card{
			ID:       cardID("kidney-fall", s.Code, keyString(base.Key), keyString(last.Key)),
			Title:    fmt.Sprintf("%s kidney function (%s) went down from %s to %s in %s", d.your(false), seriesName(s), health.FormatNumber(base.V), health.FormatNumber(last.V), spanWords(base.T, last.T, d.Loc)),
			Severity: SeverityAttention,
			Date:     last.T,
			Links:    []storage.ID{storageID(base.Key), storageID(last.Key)},
			Why: []string{
				fmt.Sprintf("%s: %s %s", seriesName(s), pointValue(s, base), onDate(base.DateIn(d.Loc), base.Precision)),
				fmt.Sprintf("%s: %s %s", seriesName(s), pointValue(s, last), onDate(last.DateIn(d.Loc), last.Precision)),
			},
		}
		if between > 0 {
			c.Why = append(c.Why, fmt.Sprintf("%d %s in between", between, plural(between, "reading", "readings")))
		}
		c.Body = fmt.Sprintf("Your %s, which estimates how well the kidneys filter the blood, was %s %s and %s %s: %d%% lower. "+
			"A fall of a quarter or more is one your kidney care team will want to know about (KDIGO's guideline counts it as a certain drop). "+
			"Ask them what it means for you and what comes next. %s",
			seriesName(s), pointValue(s, base), onDate(base.DateIn(d.Loc), base.Precision), pointValue(s, last), onDate(last.DateIn(d.Loc), last.Precision), pct, d.careTeamLine())
		out = append(out, c)
	}
	return out
}

// kidneyFallOf finds the fall ruleKidneyFall says in an eGFR series s, among its readings taken
// by end: the newest (last) under 60 and at least a quarter (pct, in percent) under the first
// of the three years before it (base), at least 90 days before it; between readings lie
// between them. ok is false for any other series, or no such fall.
func kidneyFallOf(s *health.Series, end time.Time, loc *time.Location) (base, last health.Point, between, pct int, ok bool) {
	if codeOf(s) != codeEGFR || s.Pair {
		return
	}
	n := health.UpToNowIn(s.Points(), end, loc)
	if n < 2 {
		return
	}
	last = s.At(n - 1)
	if last.Key.AtHome() || last.V >= kidneyBelow || last.Comparator != "" {
		return
	}
	first := -1
	for i := 0; i < n-1; i++ {
		if p := s.At(i); last.T.Sub(p.T) <= kidneyFallWithin && p.Comparator == "" {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	base = s.At(first)
	if last.T.Sub(base.T) < kidneyFallOver || base.V <= 0 || (base.V-last.V)/base.V < kidneyFall-1e-9 {
		return
	}
	return base, last, n - 2 - first, int(math.Round((base.V - last.V) / base.V * 100)), true
}

// kidneyFallWords is the fall kidneyFallOf finds, as the visit summary says it beside the
// series: "down 32% in 2 years (28 mL/min/1.73 m² on 3 Dec 2024 to 19 mL/min/1.73 m² on 3 Dec
// 2026; KDIGO counts a fall of 25% or more as a certain drop)"; "" when there is none.
func kidneyFallWords(s *health.Series, end time.Time, loc *time.Location) string {
	base, last, _, pct, ok := kidneyFallOf(s, end, loc)
	if !ok {
		return ""
	}
	return fmt.Sprintf("down %d%% in %s (%s %s to %s %s; KDIGO counts a fall of 25%% or more as a certain drop)", pct, spanWords(base.T, last.T, loc),
		pointValue(s, base), onDate(base.DateIn(loc), base.Precision), pointValue(s, last), onDate(last.DateIn(loc), last.Precision))
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
