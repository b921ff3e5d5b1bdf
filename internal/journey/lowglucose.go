package journey

import (
	"fmt"
	"sort"
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
	type low struct {
		s    *health.Series
		p    health.Point
		how  string
		unit string
	}
	var lows []low
	since := d.Now.Add(-LowGlucoseDays * 24 * time.Hour)
	for _, s := range d.watchedSeries() {
		if s.Pair || !health.IsGlucose(codeOf(s)) {
			continue
		}
		for i := health.UpToNowIn(s.Points(), d.Now, d.Loc) - 1; i >= 0; i-- {
			p := s.At(i)
			if p.T.Before(since) {
				break
			}
			if how := lowOf(s, p); how != "" {
				lows = append(lows, low{s, p, how, s.UnitWords()})
			}
		}
	}
	if len(lows) == 0 {
		return nil
	}
	sort.SliceStable(lows, func(i, j int) bool { return lows[i].p.T.After(lows[j].p.T) })
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
	if n := len(lows); n > 1 {
		var others []string
		for _, l := range lows {
			if l.p.Key != p.Key && len(others) < 5 {
				others = append(others, pointValue(l.s, l.p)+" "+onDate(l.p.WhenIn(d.Loc), l.p.Precision))
			}
		}
		more := ""
		if n-1 > len(others) {
			more = fmt.Sprintf(" and %d more", n-1-len(others))
		}
		body = append(body, fmt.Sprintf("In the last %d days: %d readings under %s, also %s%s.", LowGlucoseDays, n, lowLevel, strings.Join(others, ", "), more))
		c.Title += fmt.Sprintf(" (%d lows in %d days)", n, LowGlucoseDays)
	}
	body = append(body, "Treat a low the way your care team showed you, and tell your diabetes team about lows: they may change your plan.", careTeamLine)
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
