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
			mg, ok := health.ConvertUnit(p.V, s.Unit, "mg/dL", s.Code)
			if !ok || p.Comparator == ">" || p.Comparator == ">=" {
				continue
			}
			if how := health.LowGlucoseMgDL(mg); how != "" {
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
	mmol := newest.unit == "mmol/L"
	level := func(mg, mmolL string) string {
		if mmol {
			return mmolL + " mmol/L"
		}
		return mg + " mg/dL"
	}
	lowLevel, veryLowLevel := level("70", "3.9"), level("54", "3.0")
	when := onDate(p.WhenIn(d.Loc), p.Precision)
	c := Card{
		Kind:     "low-glucose",
		ID:       cardID("low-glucose", keyString(p.Key)),
		Severity: SeverityAttention,
		Date:     p.T,
		Title:    fmt.Sprintf("Your blood sugar was %s: %s %s", newest.how, pointValue(s, p), when),
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
			c.Why = append(c.Why, "Your condition: "+cond.Name)
			c.Links = append([]storage.ID{storageID(cond.Key)}, c.Links...)
			break
		}
	}
	return []Card{c}
}
