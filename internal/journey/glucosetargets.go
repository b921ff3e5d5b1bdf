package journey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/storage"
)

// meterCodes are the LOINC codes of a finger-prick meter's glucose readings ("Glucose … in
// Capillary blood by Glucometer", mmol/L and mg/dL): the readings a guide's glucose targets
// are said beside (F452).
var meterCodes = map[string]bool{"14743-9": true, "41653-7": true}

// birthCodes are SNOMED CT procedures that end a pregnancy: a delivery, a caesarean section,
// a birth, an induced termination.
var birthCodes = map[string]bool{
	"236973005": true, // delivery procedure
	"48782003":  true, // delivery normal
	"177184002": true, // normal delivery procedure
	"22633006":  true, // vaginal delivery, medical personnel present
	"66348005":  true, // childbirth
	"65588006":  true, // premature birth of newborn
	"11466000":  true, // cesarean section
	"274130007": true, // emergency cesarean section
	"177141003": true, // elective cesarean section
	"302383004": true, // forceps delivery
	"61586001":  true, // delivery by vacuum extraction
	"714812005": true, // induced termination of pregnancy
}

// readBirths keeps the days of the person's recorded births (Procedures of birthCodes, not
// entered in error or not done), for the guides that end at a birth.
func (d *Data) readBirths(ctx context.Context, v *storage.Vault) error {
	var ids []storage.ID
	err := v.Records(ctx, storage.Query{Profile: d.Profile, Type: "Procedure", MetaOnly: true}, func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		for _, c := range r.Meta.Codes {
			if sys, code, _ := strings.Cut(c, "|"); sys == guides.SNOMED && birthCodes[code] {
				ids = append(ids, r.ID)
				break
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading the procedures: %w", err)
	}
	for _, id := range ids {
		r, err := v.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue // gone since the listing
		}
		if err != nil {
			return fmt.Errorf("reading a procedure: %w", err)
		}
		var p struct{ Status string }
		if json.Unmarshal(r.Resource, &p) != nil || p.Status == "entered-in-error" || p.Status == "not-done" || p.Status == "preparation" {
			continue
		}
		if day := health.DayIn(r.Meta.Date, d.Loc); day != "" {
			d.births = append(d.births, day)
		}
	}
	return nil
}

// targetsGuide is the person's guide with glucose targets and the condition it matched, nil
// when none.
func (d *Data) targetsGuide() (*guides.Guide, health.Condition) {
	for _, g := range d.Guides {
		if g.GlucoseTargets.Fasting > 0 {
			return g, d.guideCond[g.Slug]
		}
	}
	return nil, health.Condition{}
}

// targetsNow is the guide whose glucose targets are the person's now and its condition: none
// once the pregnancy has ended (a guide that ends at the birth), nor for a person who died.
func (d *Data) targetsNow() (*guides.Guide, health.Condition) {
	g, cond := d.targetsGuide()
	if g == nil || d.Death.Deceased || g.EndsAtBirth && d.pregnancyEnded(cond) {
		return nil, health.Condition{}
	}
	return g, cond
}

// isMeter says s is a meter's glucose series: the meter's codes, or a glucose entered at home
// (home: the series the person entered).
func isMeter(s *health.Series, home bool) bool {
	return meterCodes[codeOf(s)] || home && HomeKind([]string{s.Code}) == "glucose"
}

// pregnancyEnded says, for a guide that ends at the birth, whether the pregnancy of the
// condition has ended by today: the condition abated, coded as after the birth (ICD-10
// O24.42 in childbirth, O24.43 in the puerperium), a birth recorded on or after its onset, or
// a pregnancy condition abated on or after it.
func (d *Data) pregnancyEnded(cond health.Condition) bool {
	today := d.Now.In(d.Loc).Format("2006-01-02")
	if cond.Abated != "" && cond.Abated <= today {
		return true
	}
	if r := d.Set.Get(cond.Key); r != nil {
		var c struct {
			Code struct {
				Coding []struct{ System, Code string } `json:"coding"`
			} `json:"code"`
		}
		if json.Unmarshal(r.JSON, &c) == nil {
			for _, cd := range c.Code.Coding {
				code := strings.ToUpper(cd.Code)
				if (cd.System == guides.ICD10CM || cd.System == guides.ICD10) && (strings.HasPrefix(code, "O24.42") || strings.HasPrefix(code, "O24.43")) {
					return true
				}
			}
		}
	}
	for _, b := range d.births {
		if b >= cond.Onset && b <= today {
			return true
		}
	}
	_, past := health.ConditionsIn(d.Set, d.Loc)
	for _, p := range past {
		sys, code, _ := strings.Cut(p.Code, "|")
		if g := guides.ForCode(sys, code); g != nil && g.Slug == "pregnancy" && p.Abated != "" && p.Abated >= cond.Onset && p.Abated <= today {
			return true
		}
	}
	return false
}

// meterSeries are the person's meter glucose series with a reading by now: the meter's codes,
// or a glucose entered at home.
func (d *Data) meterSeries() []*health.Series {
	var out []*health.Series
	for _, s := range d.watchedSeries() {
		n := health.UpToNowIn(s.Points(), d.Now, d.Loc)
		if n == 0 || s.Pair {
			continue
		}
		if isMeter(s, s.At(n-1).Key.AtHome()) {
			out = append(out, s)
		}
	}
	return out
}

// ruleGlucoseTargets: a pregnant woman whose guide gives glucose targets (gestational
// diabetes: NICE NG3's) sees them beside her meter readings, in the readings' own unit, with
// her last reading and how many of the last 7 days' readings were at or above every target —
// until the pregnancy ends; nothing for a person who died (F452).
func ruleGlucoseTargets(d *Data) []Card {
	g, cond := d.targetsNow()
	if g == nil {
		return nil
	}
	var s *health.Series
	var last health.Point
	for _, x := range d.meterSeries() {
		if p := x.At(health.UpToNowIn(x.Points(), d.Now, d.Loc) - 1); s == nil || p.T.After(last.T) {
			s, last = x, p
		}
	}
	c := Card{
		Kind:     "glucose-targets",
		Severity: SeverityInfo,
		Action:   &Action{Kind: ActionAddMeasurement, Label: "Add a reading", Profile: d.Profile, Measure: "glucose"},
		Links:    []storage.ID{storageID(cond.Key)},
		Why:      []string{d.yourCondition() + cond.Name + " (its guide gives " + g.GlucoseTargets.By + "'s blood sugar targets in pregnancy)"},
	}
	if s == nil {
		c.ID = cardID("glucose-targets", keyString(cond.Key), "no readings")
		c.Title = d.your(false) + " blood sugar targets in pregnancy"
		c.Body = g.GlucoseTargets.Words("mmol/L") + ". Your care team may give you other targets: theirs come first. " +
			"No meter readings in CareKeeper yet: add them, or import them from your meter's app."
		c.Why = append(c.Why, "No blood sugar meter readings in CareKeeper")
		return []Card{c}
	}
	unit := s.UnitWords()
	f, h1, h2, ok := g.GlucoseTargets.In(unit)
	if !ok {
		return nil // a meter series in neither mmol/L nor mg/dL: nothing to compare
	}
	high := max(f, h1, h2) // at or above it, a reading is over every target
	since := d.Now.Add(-7 * 24 * time.Hour)
	// Every meter series of the days is counted, each reading in the newest one's unit: her
	// reading entered by hand (a blood glucose, 2339-0) is a series apart from her meter's
	// twelve (41653-7), and the card counted "1 reading" and lost the 3 over target (F511).
	tally := &mealTally{s: s, f: f, h1: h1, h2: h2}
	for _, x := range d.meterSeries() {
		for i := health.UpToNowIn(x.Points(), d.Now, d.Loc) - 1; i >= 0; i-- {
			p := x.At(i)
			if p.T.Before(since) {
				break
			}
			v := p.V
			if x != s {
				cv, ok := health.ConvertUnit(p.V, x.Unit, s.Unit, x.Code)
				if !ok {
					continue
				}
				v = cv
			}
			tally.add(v, p.Meal) // against its own target when its record says which (F547)
		}
	}
	n, over := tally.total()
	c.ID = cardID("glucose-targets", keyString(cond.Key), unit, last.DateIn(d.Loc))
	c.Date = last.T
	c.Links = append(c.Links, storageID(last.Key))
	c.Title = d.your(false) + " blood sugar targets in pregnancy"
	lastWords := fmt.Sprintf("%s %s", s.ReadingWords(last), onDate(last.WhenIn(d.Loc), last.Precision))
	if m := last.Meal.Words(); m != "" {
		lastWords += " (" + m + ")" // as its record says (F547)
	}
	body := []string{g.GlucoseTargets.Words(unit) + ". Your care team may give you other targets: theirs come first.",
		"Your last meter reading: " + lastWords + "."}
	switch mw := tally.words(); {
	case n > 0 && mw != "":
		// each reading against its own target, as its record names it (F547)
		w := fmt.Sprintf("In the last 7 days: %d %s (%s)", n, plural(n, "reading", "readings"), mw)
		if over > 0 {
			c.Title = fmt.Sprintf("%d blood sugar %s above %s pregnancy targets in 7 days", over, plural(over, "reading", "readings"), d.your(true))
		}
		body = append(body, w+".")
	case n > 0:
		w := fmt.Sprintf("In the last 7 days: %d %s", n, plural(n, "reading", "readings"))
		if over > 0 {
			w += fmt.Sprintf(", %d of them at or above %s, over even the target 1 hour after a meal", over, s.Value("", high))
			c.Title = fmt.Sprintf("%d blood sugar %s above %s pregnancy targets in 7 days", over, plural(over, "reading", "readings"), d.your(true))
		}
		body = append(body, w+". CareKeeper cannot tell which readings were fasting or after a meal.")
	}
	if over > 0 {
		body = append(body, d.careTeamLine())
		c.Severity = SeverityAttention
	}
	c.Body = strings.Join(body, " ")
	c.Why = append(c.Why, seriesName(s)+": last reading "+lastWords)
	return []Card{c}
}
