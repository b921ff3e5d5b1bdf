package journey

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// LowGlucoseDays: a low blood sugar this recent brings the low-glucose card.
const LowGlucoseDays = 7

// ruleLowGlucose: a blood sugar under 70 mg/dL (3.9 mmol/L) in the last days — a meter's
// reading gives no range, and Rose's 48 mg/dL at 12:40 said nothing anywhere (F454) — is said on
// the person's own card, the newest low with the others of the days before; under 54 mg/dL (3.0
// mmol/L) as very low. Nothing for a person who died.
func ruleLowGlucose(d *Data) []Card {
	if d.Death.Deceased {
		return nil
	}
	// A low is a run of low readings of one series, each within lowRunGap of the one before:
	// a sensor's night hypo is 13 readings over an hour, one low said by its lowest reading
	// and how long it lasted — Ren's 2.6 mmol/L at 02:30 was "low: 3.7 mmol/L at 03:05",
	// the run's last reading, and the CGM's readings were no lows at all (F521). A meter's
	// readings hours apart are a low each, as before.
	type low struct {
		s           *health.Series
		p           health.Point // the lowest reading of the run
		how         string       // its level: "very low" when any reading of the run is
		unit        string
		first, last time.Time // the run's first and last low readings
		n           int       // readings in the run
	}
	var lows []low
	since := d.Now.Add(-LowGlucoseDays * 24 * time.Hour)
	for _, s := range d.watchedSeries() {
		if s.Pair || !health.IsGlucose(codeOf(s)) {
			continue
		}
		var run *low
		for i := health.UpToNowIn(s.Points(), d.Now, d.Loc) - 1; i >= 0; i-- {
			p := s.At(i)
			if p.T.Before(since) {
				break
			}
			how := lowOf(s, p)
			if how == "" {
				run = nil
				continue
			}
			if run != nil && run.first.Sub(p.T) <= lowRunGap {
				run.first, run.n = p.T, run.n+1
				if p.V < run.p.V || p.V == run.p.V && p.T.After(run.p.T) {
					run.p = p
				}
				if how == "very low" {
					run.how = how
				}
				continue
			}
			lows = append(lows, low{s: s, p: p, how: how, unit: s.UnitWords(), first: p.T, last: p.T, n: 1})
			run = &lows[len(lows)-1]
		}
	}
	if len(lows) == 0 {
		return nil
	}
	sort.SliceStable(lows, func(i, j int) bool { return lows[i].last.After(lows[j].last) })
	newest := lows[0]
	s, p := newest.s, newest.p
	lowLevel, veryLowLevel := lowLevels(newest.unit)
	when := onDate(p.WhenIn(d.Loc), p.Precision)
	c := Card{
		Kind:     "low-glucose",
		ID:       cardID("low-glucose", keyString(p.Key)),
		Severity: SeverityAttention,
		Date:     p.T,
		Title:    fmt.Sprintf("%s blood sugar was %s: %s %s", d.your(false), newest.how, pointValue(s, p), when),
		Links:    []storage.ID{storageID(p.Key)},
		Action:   &Action{Kind: ActionAddMeasurement, Label: "Add a reading", Profile: d.Profile, Measure: "glucose"},
	}
	body := []string{}
	if newest.how == "very low" {
		body = append(body, fmt.Sprintf("%s is under %s, a very low blood sugar (under %s is low).", pointValue(s, p), veryLowLevel, lowLevel))
	} else {
		body = append(body, fmt.Sprintf("%s is under %s, a low blood sugar.", pointValue(s, p), lowLevel))
	}
	if newest.n > 1 {
		body = append(body, fmt.Sprintf("It stayed under %s %s (%d readings, the lowest %s).", lowLevel, lowSpanWords(newest.first, newest.last, d.Loc), newest.n, pointValue(s, p)))
	}
	if n := len(lows); n > 1 {
		var others []string
		readings := 0
		for _, l := range lows {
			readings += l.n
			if l.p.Key != p.Key && len(others) < 5 {
				others = append(others, pointValue(l.s, l.p)+" "+onDate(l.p.WhenIn(d.Loc), l.p.Precision))
			}
		}
		more := ""
		if n-1 > len(others) {
			more = fmt.Sprintf(" and %d more", n-1-len(others))
		}
		if readings == n {
			body = append(body, fmt.Sprintf("In the last %d days: %d readings under %s, also %s%s.", LowGlucoseDays, n, lowLevel, strings.Join(others, ", "), more))
		} else {
			body = append(body, fmt.Sprintf("In the last %d days: %d lows under %s (%d readings), also %s%s.", LowGlucoseDays, n, lowLevel, readings, strings.Join(others, ", "), more))
		}
		c.Title += fmt.Sprintf(" (%d lows in %d days)", n, LowGlucoseDays)
	}
	treat := "Treat a low the way your care team showed you, and tell your diabetes team about lows: they may change your plan."
	if d.nameThePerson && d.Person != nil && d.Person.Name != "" {
		treat = "Treat a low the way " + d.Person.Name + "'s care team showed you, and tell their diabetes team about lows: they may change the plan."
	}
	body = append(body, treat, d.careTeamLine())
	c.Body = strings.Join(body, " ")
	c.Why = []string{fmt.Sprintf("%s: %s %s (under %s counts as low, under %s as very low)", seriesName(s), pointValue(s, p), when, lowLevel, veryLowLevel)}
	for _, g := range d.Guides {
		if g.Home == "glucose" { // a diabetes guide's condition: the card is about it
			cond := d.guideCond[g.Slug]
			c.Why = append(c.Why, d.yourCondition()+cond.Name)
			c.Links = append([]storage.ID{storageID(cond.Key)}, c.Links...)
			break
		}
	}
	return []Card{c}
}

// lowRunGap is the most time between two low readings of one series that are one low: a
// sensor reads every 1–15 minutes.
const lowRunGap = 30 * time.Minute

// lowSpanWords is when a low lasted, on loc's clock: "from 02:05 to 03:05", "from 6 Dec 2026,
// 23:40 to 7 Dec 2026, 00:35" across midnight.
func lowSpanWords(first, last time.Time, loc *time.Location) string {
	a, b := first.In(loc), last.In(loc)
	if a.Format("2006-01-02") == b.Format("2006-01-02") {
		return "from " + a.Format("15:04") + " to " + b.Format("15:04")
	}
	return "from " + a.Format("2 Jan 2006, 15:04") + " to " + b.Format("2 Jan 2006, 15:04")
}

// lowOf is how low a reading p of the glucose series s is: "very low" under 54 mg/dL (3.0
// mmol/L), "low" under 70 mg/dL (3.9 mmol/L), "" otherwise (another series, a value written
// as more than, a unit CareKeeper cannot convert) — as the low-glucose card, the results'
// flag and the visit summary read it.
func lowOf(s *health.Series, p health.Point) string {
	if s.Pair || !health.IsGlucose(codeOf(s)) || p.Comparator == ">" || p.Comparator == ">=" {
		return ""
	}
	mg, ok := health.ConvertUnit(p.V, s.Unit, "mg/dL", s.Code)
	if !ok {
		return ""
	}
	return health.LowGlucoseMgDL(mg)
}

// lowLevels are the levels of a low and a very low blood sugar in the readings' unit (their
// UnitWords): "3.9 mmol/L" and "3.0 mmol/L", else "70 mg/dL" and "54 mg/dL".
func lowLevels(unit string) (low, veryLow string) {
	if unit == "mmol/L" {
		return "3.9 mmol/L", "3.0 mmol/L"
	}
	return "70 mg/dL", "54 mg/dL"
}

// LowsWords are the lows among a glucose series' readings pts, in the card's words: "2 under
// 3.9 mmol/L (low), 1 of them under 3.0 mmol/L (very low)"; "" when none is low or s is not a
// glucose. The visit summary says them beside the series (F454's lows over the period).
func LowsWords(s *health.Series, pts health.Points) string {
	n, very := 0, 0
	for _, p := range pts.All() {
		switch lowOf(s, p) {
		case "very low":
			very++
			n++
		case "low":
			n++
		}
	}
	if n == 0 {
		return ""
	}
	low, veryLow := lowLevels(s.UnitWords())
	w := fmt.Sprintf("%d %s under %s (low)", n, plural(n, "reading", "readings"), low)
	if very > 0 {
		w += fmt.Sprintf(", %d of them under %s (very low)", very, veryLow)
	}
	return w
}

// sensorSeries says s is a glucose sensor's (CGM) series (sensorCodes).
func sensorSeries(s *health.Series) bool {
	c := s.Code[strings.LastIndexByte(s.Code, '|')+1:]
	return sensorCodes[c]
}

// TimeInRangeWords are, for a glucose sensor's (CGM) readings of the period, the shares of
// them in the international consensus target range (3.9–10 mmol/L, 70–180 mg/dL), below it
// and above it: "time in range (3.9–10 mmol/L) 93% of the readings, below 3.9 mmol/L 1% (under
// 3.0 mmol/L 0.4%), above 10 mmol/L 6%". Ren's summary for the diabetes clinic said his
// sensor's 8,641 readings only by the latest (F521). "" for another series or under a day of
// readings (288 at 5 minutes).
func TimeInRangeWords(s *health.Series, pts health.Points) string {
	rng, shares := timeInRange(s, pts)
	if shares == "" {
		return ""
	}
	return "time in range (" + rng + ") " + shares
}

// SensorTimeInRange says, for a glucose sensor's (CGM) series, the shares of its readings of
// the 14 days up to its latest reading taken by now (loc: the person's clock, for that day) in
// the international consensus target range, below it and above it, as a diabetes clinic reads
// them: "Time in range (3.9–10 mmol/L) over the 14 days to 7 Dec 2026: 71% of the readings,
// below 3.9 mmol/L 4% (under 3.0 mmol/L 1%), above 10 mmol/L 25%". Ren's sensor chart said
// none of it (F521): Results says it under the chart and 'results' beside the series. "" for
// another series or under a day of readings (288 at 5 minutes) in those 14 days.
func SensorTimeInRange(s *health.Series, now time.Time, loc *time.Location) string {
	if s == nil || !sensorSeries(s) {
		return ""
	}
	n := health.UpToNowIn(s.Points(), now, loc)
	if n == 0 {
		return ""
	}
	last := s.At(n - 1)
	i := min(s.SearchTime(last.T.Add(-14*24*time.Hour), true), n)
	rng, shares := timeInRange(s, s.Points().Slice(i, n))
	if shares == "" {
		return ""
	}
	return "Time in range (" + rng + ") over the 14 days to " + last.DateIn(loc) + ": " + shares
}

// timeInRange is the target range in s's unit and the shares of pts in it, below and above it
// in words ("93% of the readings, below 3.9 mmol/L 1% (under 3.0 mmol/L 0.4%), above 10
// mmol/L 6%"); shares "" for a series not a sensor's or under 288 readings.
func timeInRange(s *health.Series, pts health.Points) (rng, shares string) {
	if !sensorSeries(s) || pts.Len() < 288 {
		return "", ""
	}
	var in, below, veryLow, above int
	for _, p := range pts.All() {
		mg, ok := health.ConvertUnit(p.V, s.Unit, "mg/dL", s.Code)
		if !ok {
			return "", ""
		}
		switch {
		case mg < 54:
			veryLow++
			below++
		case mg < 70:
			below++
		case mg > 180:
			above++
		default:
			in++
		}
	}
	n := float64(pts.Len())
	pct := func(k int) string {
		v := 100 * float64(k) / n
		if v > 0 && v < 1 {
			return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + "%"
		}
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64) + "%"
	}
	rng, low, vlow, high := "3.9–10 mmol/L", "3.9 mmol/L", "3.0 mmol/L", "10 mmol/L"
	if s.UnitWords() != "mmol/L" {
		rng, low, vlow, high = "70–180 mg/dL", "70 mg/dL", "54 mg/dL", "180 mg/dL"
	}
	w := fmt.Sprintf("%s of the readings, below %s %s", pct(in), low, pct(below))
	if veryLow > 0 {
		w += fmt.Sprintf(" (under %s %s)", vlow, pct(veryLow))
	}
	return rng, w + fmt.Sprintf(", above %s %s", high, pct(above))
}
