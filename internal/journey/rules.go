package journey

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// Tunables of the rules.
const (
	// ResultRecentDays: a result card is about a result at most this old.
	ResultRecentDays = 45
	// HomeMeasureDays: no home measurement for this long brings a home-measurement card.
	HomeMeasureDays = 14
	// CheckInDueDays: no check-in for a condition for this long brings a check-in card.
	CheckInDueDays = 14
	// PortalNewDays: records written by a portal sync this recently count as new.
	PortalNewDays = 7
)

// careTeamLine ends every card that could be about something worrying.
const careTeamLine = "If you feel unwell or something worries you, contact your care team; in an emergency, call your local emergency number."

// careTeamLine is careTeamLine as a card says it: to the person, or while the app's user may be
// someone else looking at their page (LoadOptions.NameThePerson) to that carer, of the person:
// "If Ren Tanaka seems unwell or something worries you, contact their care team; …" (F505).
func (d *Data) careTeamLine() string {
	if d.nameThePerson && d.Person != nil && d.Person.Name != "" {
		return "If " + d.Person.Name + " seems unwell or something worries you, contact their care team; in an emergency, call your local emergency number."
	}
	return careTeamLine
}

// Rules is the table of insight rules, in the order their cards are built. Add a rule here
// (and a test in rules_test.go): nothing else needs to change.
func Rules() []Rule {
	return []Rule{
		{ID: "weight-gain", Doc: "a quick weight gain that the person's condition guide asks them to call about (heart failure: about 2 kg in 3 days)", Eval: ruleWeightGain},
		{ID: "low-glucose", Doc: "a blood sugar under 70 mg/dL (3.9 mmol/L) in the last 7 days, the newest with the others; under 54 mg/dL (3.0 mmol/L) very low", Eval: ruleLowGlucose},
		{ID: "glucose-targets", Doc: "a pregnant woman whose guide gives blood sugar targets (gestational diabetes: NICE NG3's) sees them beside her meter readings, in their unit, until the birth", Eval: ruleGlucoseTargets},
		{ID: "kidney-fall", Doc: "the eGFR (kidney function) a quarter or more lower than its first reading of the last three years, the newest recent and under 60", Eval: ruleKidneyFall},
		{ID: "result-change", Doc: "a result moved into or out of its reference range, or changed markedly since the one before", Eval: ruleResultChange},
		{ID: "appointment-tomorrow", Doc: "an appointment tomorrow, with its preparation note and what to bring for the person's conditions", Eval: ruleAppointmentTomorrow},
		{ID: "refill-due", Doc: "a medicine's supply runs out within the refill lead time", Eval: ruleRefillDue},
		{ID: "adherence-drop", Doc: "fewer doses taken on time in the last 7 days than in the 7 before", Eval: ruleAdherenceDrop},
		{ID: "adherence-streak", Doc: "every dose of the last 7 days taken", Eval: ruleAdherenceStreak},
		{ID: "portal-new-records", Doc: "records arrived from a portal in the last days", Eval: rulePortalNew},
		{ID: "portal-sign-in", Doc: "a portal needs the person to sign in again", Eval: rulePortalSignIn},
		{ID: "home-measurement", Doc: "a condition usually followed at home with no home measurement recently", Eval: ruleHomeMeasurement},
		{ID: "check-in-due", Doc: "a condition's check-in not done for a while (or never)", Eval: ruleCheckInDue},
		{ID: "reminder-time", Doc: "doses usually taken well before or after their reminder time: suggest moving it", Eval: ruleReminderTime},
		{ID: "snooze-pattern", Doc: "reminders at one time of day snoozed again and again: suggest a later time", Eval: ruleSnoozePattern},
	}
}

// --- results ---

// commonResults are followed for everyone, besides the codes the person's guides track.
var commonResults = []string{"4548-4", "2339-0", "2093-3", "18262-6", "2085-9", "2571-8", "33914-3", "2160-0", "718-7",
	health.CodeSystolic, "29463-7", "39156-5",
	// neutrophils (absolute count): a fall under the range after chemotherapy is the
	// febrile-neutropenia window, and no card said Thi Lan's 0.6 ×10⁹/L (F534 more)
	"751-8", "26499-4"}

// markedChange is the smallest change that counts as marked, by LOINC code, in its unit
// (a series in another unit is compared in this one: 3 kg, not 3 lb); other codes use a 10 %
// relative change.
var markedChange = map[string]struct {
	by   float64
	unit string
}{
	"4548-4":            {0.5, "%"},     // HbA1c
	health.CodeSystolic: {10, "mm[Hg]"}, //
	"39156-5":           {1.5, "kg/m2"}, // BMI
	"29463-7":           {3, "kg"},      // body weight
}

// codeOf is the LOINC code a series is watched under (health.AnalyteCode of its code: HbA1c in
// mmol/mol is HbA1c).
func codeOf(s *health.Series) string {
	c := s.Code[strings.LastIndexByte(s.Code, '|')+1:]
	return health.AnalyteCode(strings.TrimSuffix(c, "/alone"))
}

// markedDelta reports whether the change from a to b (values of s) is marked: at least
// markedChange's amount in its unit (the values converted into it when s is in another),
// else at least 10 % of a.
func markedDelta(s *health.Series, code string, a, b float64) bool {
	th, ok := markedChange[code]
	if !ok {
		return a != 0 && abs(b-a)/abs(a) >= 0.10
	}
	if ca, okA := health.ConvertUnit(a, s.Unit, th.unit, s.Code); okA {
		if cb, okB := health.ConvertUnit(b, s.Unit, th.unit, s.Code); okB {
			a, b = ca, cb
		}
	}
	return abs(b-a) >= th.by
}

func (d *Data) watched() map[string]bool {
	w := map[string]bool{}
	for _, c := range commonResults {
		w[c] = true
	}
	for _, g := range d.Guides {
		for _, t := range g.Tracks {
			w[t[strings.LastIndexByte(t, '|')+1:]] = true
		}
	}
	return w
}

// inRange reports whether v is within r (known: r has a bound). A general adult range
// (Typical) is a rough guide, so a value counts as outside it only when it is more than 5 %
// beyond the bound.
func inRange(v float64, r health.Range) (in, known bool) {
	if r.Low == nil && r.High == nil {
		return true, false
	}
	tol := 0.0
	if r.Typical {
		tol = 0.05
	}
	if r.Low != nil && v < *r.Low-abs(*r.Low)*tol {
		return false, true
	}
	if r.High != nil && v > *r.High+abs(*r.High)*tol {
		return false, true
	}
	return true, true
}

func pointValue(s *health.Series, p health.Point) string {
	if s.Pair {
		return health.Pressure(p.V, p.V2)
	}
	return s.Value(p.Comparator, p.V)
}

// pointFlag is the reading's flag (for blood pressure, either value's).
func pointFlag(s *health.Series, p health.Point) health.Flag {
	if s.Pair && p.Flag == health.FlagNone {
		return p.Flag2
	}
	return p.Flag
}

// seriesName is a series' name on cards and in the summary's sentences (health.ShortName).
func seriesName(s *health.Series) string { return s.PlainName() }

// RangeWords is a series' reference range in words ("7.1–11.2 mmol/L", "up to 200 mg/dL",
// "60 mL/min/1.73 m² or more"; a typical adult range says so), "" without one: the summary,
// the cards and the Results screen say it alike.
func RangeWords(s *health.Series) string { return rangeWords(s) }

// RangeWordsFor is RangeWords for a person with the guides gs (their current conditions'):
// an HbA1c's general adult range is the range of adults without diabetes, and a person with
// type 1 or type 2 diabetes is told so, with the usual target beside it: "4–5.7% (a general
// range for adults without diabetes; with diabetes the target is agreed with the care team,
// for many adults under 7% (ADA))". Geneviève, with type 2 diabetes, read only the
// non-diabetic range beside her 7.9% (F540 item 7).
//
// A blood pressure's typical adult range beside a person with high blood pressure says the
// usual targets too: Kazuko's 28 home readings of about 150/90, treated for hypertension at 75,
// were shaded against "90–120 over 60–80 mmHg" alone (F567 item 6).
func RangeWordsFor(s *health.Series, gs []*guides.Guide) string {
	w := rangeWords(s)
	if w != "" && s.Range.Typical && s.Pair && hasGuide(gs, "hypertension") {
		return strings.Replace(w, generalRange, " (a typical range for adults without high blood pressure; with it the target is agreed with the care team, "+
			bpTargets+")", 1)
	}
	if w == "" || !s.Range.Typical || !health.IsHbA1c(s.Code) || !hasDiabetes(gs) {
		return w
	}
	return strings.Replace(w, generalRange,
		" (a general range for adults without diabetes; with diabetes the target is agreed with the care team, for many adults under "+
			hba1cTarget(s.Unit)+" (ADA))", 1)
}

// generalRange is what rangeWords adds to a typical adult range.
const generalRange = " (a general adult range; the lab or care team may use another)"

// bpTargets are NICE NG136's usual blood pressure targets for adults treated for high blood
// pressure, at the clinic and at home, under 80 and from 80.
const bpTargets = "for many adults under 140/90 mmHg at the clinic and under 135/85 mmHg at home; from age 80, under 150/90 and 145/85 (NICE NG136)"

// hasGuide says one of the guides gs has the slug.
func hasGuide(gs []*guides.Guide, slug string) bool {
	for _, g := range gs {
		if g.Slug == slug {
			return true
		}
	}
	return false
}

// hasDiabetes says one of the guides gs is of type 1 or type 2 diabetes.
func hasDiabetes(gs []*guides.Guide) bool {
	for _, g := range gs {
		if g.Slug == "type-1-diabetes" || g.Slug == "type-2-diabetes" {
			return true
		}
	}
	return false
}

// hba1cTarget is the ADA's usual HbA1c target for adults with diabetes in the unit of the
// readings: "7%", "53 mmol/mol".
func hba1cTarget(unit string) string {
	if health.Unit(unit) == "mmol/mol" {
		return "53 mmol/mol"
	}
	return "7%"
}

func rangeWords(s *health.Series) string {
	r := s.Range
	var w, more string
	n := func(v float64) string { return health.Number(v, s.Unit) }
	switch {
	case r.Low != nil && r.High != nil:
		w = n(*r.Low) + "–" + n(*r.High)
	case r.High != nil:
		w = "up to " + n(*r.High)
	case r.Low != nil:
		// "60 mL/min/1.73 m² or more": "from 60" read "the range of from 60" on a card
		w, more = n(*r.Low), " or more"
	default:
		return ""
	}
	if s.Pair && s.Range2.Low != nil && s.Range2.High != nil {
		w += " over " + n(*s.Range2.Low) + "–" + n(*s.Range2.High)
	}
	if u := s.UnitWords(); !s.Pair && u != "" {
		if u != "%" {
			w += " "
		}
		w += u
	} else if s.Pair {
		w += " mmHg"
	}
	w += more
	if r.Typical {
		// "the lab", not "your lab": a carer reads it, and a late mother's summary (F540 item 7)
		w += generalRange
	}
	if s.RangeFrom != "" {
		// the newest reading gives none: whose range it is (F510)
		w += " (given with the reading of " + s.RangeFrom + ")"
	}
	return w
}

// originalRange is the series' range in the unit the latest reading last was written in, when
// it was converted and the range is that reading's own (the lab's numbers: "4–5.6%" beside
// "20–38 mmol/mol"); "" otherwise.
func originalRange(s *health.Series, last health.Point) string {
	r := s.Range
	if !last.Converted || s.Pair || r.Typical || r.Text != "" || s.RangeFrom != "" || (r.Low == nil && r.High == nil) {
		return ""
	}
	code := s.Code[strings.LastIndex(s.Code, "|")+1:]
	back := func(v *float64) (string, bool) {
		if v == nil {
			return "", true
		}
		o, ok := health.ConvertUnit(*v, s.Unit, last.OriginalUnit, code)
		return health.Number(o, last.OriginalUnit), ok
	}
	lo, ok1 := back(r.Low)
	hi, ok2 := back(r.High)
	if !ok1 || !ok2 {
		return ""
	}
	var w string
	switch {
	case lo != "" && hi != "":
		w = lo + "–" + hi
	case hi != "":
		w = "up to " + hi
	default:
		w = lo
	}
	if last.OriginalUnit != "%" {
		w += " "
	}
	w += last.OriginalUnit
	if hi == "" {
		w += " or more"
	}
	return w
}

// ruleResultChange makes the cards of a followed result's change (the codes of commonResults
// and of the person's guides): into or back within its range, a marked change, further out of
// its range. A result of any other code of few readings (fewCodes: a drug level, a blood
// count) makes a card only outside its lab's range: out of it anew or further out (Łukasz's
// levetiracetam 11.1 then 7.9 µg/mL under 12–46 said nothing, F553). The first result of a
// code, outside its range, is said once: "It is the first reading" (Thi Lan's only hemoglobin,
// 104 g/L Low, made no card, F534 more).
func ruleResultChange(d *Data) []Card {
	watched := d.watched()
	var out []Card
	for _, s := range d.watchedSeries() {
		code := codeOf(s)
		// The readings taken by now, as Results and Today judge them (health.UpToNow): one
		// dated later today is not the newest (F386: at 09:00, an HbA1c dated 21:00; F352: at
		// 11:00 in London, a weighing dated 21:00).
		// One dated by its day alone is taken once its day has begun on the person's clock.
		n := health.UpToNowIn(s.Points(), d.Now, d.Loc)
		followed := watched[code] || peakFlowCodes[code]
		if n < 1 || !followed && (!d.fewCodes()[code] || s.Range.Typical || s.Pair) {
			continue
		}
		last := s.At(n - 1)
		if d.Now.Sub(last.T) > ResultRecentDays*24*time.Hour {
			continue
		}
		if peakFlowCodes[code] {
			// a peak flow, mostly read at home, is read against the person's best as asthma
			// action plans read it, not against the reading before (F525 item 12 more)
			if c, ok := d.peakFlowCard(s, n); ok {
				out = append(out, c)
			}
			continue
		}
		if last.Key.AtHome() {
			continue
		}
		prev := last // a first result: compared with nothing (below)
		if n >= 2 {
			prev = s.At(n - 2)
		}
		inPrev, known := inRange(prev.V, s.Range)
		inLast, _ := inRange(last.V, s.Range)
		if s.Pair {
			in2p, _ := inRange(prev.V2, s.Range2)
			in2l, _ := inRange(last.V2, s.Range2)
			inPrev, inLast = inPrev && in2p, inLast && in2l
		}
		marked := markedDelta(s, code, prev.V, last.V)
		pv, lv := pointValue(s, prev), pointValue(s, last)
		c := Card{
			ID:    cardID("result-change", s.Code, keyString(prev.Key), keyString(last.Key)),
			Links: []storage.ID{storageID(prev.Key), storageID(last.Key)},
			Date:  last.T,
			Why: []string{
				// dated as the record dates them: a date-only reading on its own day west of UTC too
				fmt.Sprintf("%s: %s %s", seriesName(s), pv, onDate(prev.DateIn(d.Loc), prev.Precision)),
				fmt.Sprintf("%s: %s %s", seriesName(s), lv, onDate(last.DateIn(d.Loc), last.Precision)),
			},
		}
		// A therapeutic range (an INR's 2–3 on warfarin, an HbA1c target) is the aim, not the
		// lab's reference: the card says which (F364).
		rangeName := "range"
		if s.Range.Therapeutic {
			rangeName = "therapeutic range"
		}
		if rw := rangeWords(s); rw != "" {
			c.Why = append(c.Why, strings.ToUpper(rangeName[:1])+rangeName[1:]+": "+rw)
		}
		// A reading long after the one before is not compared with it ("first reading in
		// 3 years"): only a value outside its range makes a card then; the first reading so.
		if gap := last.T.Sub(prev.T); n == 1 || gap > health.ChangeWithin {
			if n == 1 {
				c.ID = cardID("result-change", s.Code, keyString(last.Key)) // said once: its own reading
				c.Links = c.Links[1:]
			}
			if !known || inLast {
				continue
			}
			side := "outside"
			if s.Range.High != nil && last.V > *s.Range.High || s.Pair && s.Range2.High != nil && last.V2 > *s.Range2.High {
				side = "above"
			} else if s.Range.Low != nil && last.V < *s.Range.Low {
				side = "below"
			}
			if !s.Range.Typical {
				c.Severity = SeverityAttention
			}
			c.Why = c.Why[1:] // the reading before is too old to be part of it
			c.Title = fmt.Sprintf("%s %s %s %s %s", d.your(false), isWords(lower(seriesName(s))), side, itsWord(seriesName(s)), rangeName)
			c.Body = fmt.Sprintf("Your %s %s %s, %s the %s of %s. It is the %s. "+
				"Your care team can tell you what this result means for you. %s",
				wasWords(lower(seriesName(s))), lv, onDate(last.DateIn(d.Loc), last.Precision), side, rangeName, RangeWordsFor(s, d.Guides), health.ChangeWordsIn(s, last.T, d.Loc), d.careTeamLine())
			out = append(out, c)
			continue
		}
		switch {
		case known && inPrev && !inLast:
			side := "outside"
			if !s.Range.Typical {
				c.Severity = SeverityAttention
			}
			if s.Range.High != nil && last.V > *s.Range.High || s.Pair && s.Range2.High != nil && last.V2 > *s.Range2.High {
				side = "above"
			} else if s.Range.Low != nil && last.V < *s.Range.Low {
				side = "below"
			}
			c.Title = fmt.Sprintf("%s %s %s %s %s", d.your(false), isWords(lower(seriesName(s))), side, itsWord(seriesName(s)), rangeName)
			c.Body = fmt.Sprintf("Your %s %s %s, %s the %s of %s. The one before, %s, was %s. "+
				"Your care team can tell you what this result means for you. %s",
				wasWords(lower(seriesName(s))), lv, onDate(last.DateIn(d.Loc), last.Precision), side, rangeName, RangeWordsFor(s, d.Guides), onDate(prev.DateIn(d.Loc), prev.Precision), pv, d.careTeamLine())
		case followed && known && !inPrev && inLast:
			c.Title = fmt.Sprintf("%s %s back within %s %s", d.your(false), isWords(lower(seriesName(s))), itsWord(seriesName(s)), rangeName)
			c.Body = fmt.Sprintf("Your %s went from %s to %s %s, within the %s of %s.",
				lower(seriesName(s)), pv, lv, d.betweenWords(prev, last), rangeName, RangeWordsFor(s, d.Guides))
		case followed && marked:
			c.Title = fmt.Sprintf("%s %s went from %s to %s %s", d.your(false), lower(seriesName(s)), pv, lv, d.betweenWords(prev, last))
			c.Body = fmt.Sprintf("The newest result is from %s. You can see all your %s results in the chart, and "+
				"ask your care team at your next visit what the change means for you.", last.DateIn(d.Loc), lower(seriesName(s)))
		case known && !s.Pair && furtherOut(s, prev.V, last.V):
			// Outside its range and further out than the one before: Gérard's potassium 5.1
			// then 5.6 mmol/L (3.5–5.0) was neither out of range anew nor a 10 % change, and
			// said nothing while his eGFR got a card (F534).
			side, more := "above", "higher"
			if s.Range.Low != nil && last.V < *s.Range.Low {
				side, more = "below", "lower"
			}
			if !s.Range.Typical {
				c.Severity = SeverityAttention
			}
			c.Title = fmt.Sprintf("%s %s further %s %s %s: %s", d.your(false), isWords(lower(seriesName(s))), side, itsWord(seriesName(s)), rangeName, lv)
			c.Body = fmt.Sprintf("Your %s %s %s, %s the %s of %s, and %s than the one before, %s %s. %s"+
				"Your care team can tell you what this result means for you. %s",
				wasWords(lower(seriesName(s))), lv, onDate(last.DateIn(d.Loc), last.Precision), side, rangeName, RangeWordsFor(s, d.Guides), more,
				pv, onDate(prev.DateIn(d.Loc), prev.Precision), d.runWords(s, n, more), d.careTeamLine())
		default:
			continue
		}
		out = append(out, c)
	}
	return out
}

// PeakFlowBestDays: a peak flow is read against the highest of the readings of this many days
// up to it (the person's recent best, as an asthma action plan's personal best).
const PeakFlowBestDays = 180

// peakFlowCard is the card of the newest of the first n peak flow readings of s when it is
// under 80 % of the best reading of the PeakFlowBestDays before it — asthma action plans'
// yellow zone (50–80 %), or their red zone under 50 % (attention) — as they read a peak flow:
// against the personal best, not the reading before. Maxime's morning readings falling a few
// percent a day made no card (each under 10 % from the one before), and one back up 11 %
// after a dip made "went from … to …" (F525 item 12 more). ok false within 80 %, or with no
// reading before it in those days.
func (d *Data) peakFlowCard(s *health.Series, n int) (Card, bool) {
	last := s.At(n - 1)
	best, found := last, false
	for i := n - 2; i >= 0; i-- {
		p := s.At(i)
		if last.T.Sub(p.T) > PeakFlowBestDays*24*time.Hour {
			break
		}
		if !found || p.V > best.V {
			best, found = p, true
		}
	}
	if !found || best.V <= 0 || last.V >= 0.8*best.V {
		return Card{}, false
	}
	pct := int(math.Floor(100 * last.V / best.V))
	zone, what, sev := "yellow", "80%", SeverityInfo
	if pct < 50 {
		zone, what, sev = "red", "50%", SeverityAttention
	}
	lv, bv := pointValue(s, last), pointValue(s, best)
	c := Card{
		ID:       cardID("result-change", s.Code, "best", keyString(best.Key), keyString(last.Key)),
		Links:    []storage.ID{storageID(best.Key), storageID(last.Key)},
		Date:     last.T,
		Severity: sev,
		Why: []string{
			fmt.Sprintf("%s: %s %s", seriesName(s), lv, onDate(last.DateIn(d.Loc), last.Precision)),
			fmt.Sprintf("Best in the %d days before: %s %s", PeakFlowBestDays, bv, onDate(best.DateIn(d.Loc), best.Precision)),
		},
	}
	c.Title = fmt.Sprintf("%s peak flow is under %s of the best reading: %s", d.your(false), what, lv)
	c.Body = fmt.Sprintf("The peak flow was %s %s: %d%% of the best reading of the last %d days, %s %s. "+
		"Asthma action plans call 50–80%% of the personal best the yellow zone and under 50%% the red zone, each with its own steps: "+
		"follow the plan the care team gave (this reading is in its %s zone if its personal best is this one). %s",
		lv, onDate(last.DateIn(d.Loc), last.Precision), pct, PeakFlowBestDays, bv, onDate(best.DateIn(d.Loc), best.Precision), zone, d.careTeamLine())
	return c, true
}

// pluralResults are the last words of results named in the plural: "Your neutrophils are below
// their range", not "is below its range".
var pluralResults = map[string]bool{"neutrophils": true, "lymphocytes": true, "platelets": true, "triglycerides": true,
	"ketones": true, "eosinophils": true, "monocytes": true, "basophils": true, "cells": true, "leukocytes": true,
	"erythrocytes": true, "reticulocytes": true}

func pluralResult(name string) bool {
	f := strings.Fields(strings.ToLower(name))
	return len(f) > 0 && pluralResults[strings.Trim(f[len(f)-1], "(),")]
}

// isWords is a result's name with its verb: "potassium is", "neutrophils are".
func isWords(name string) string {
	if pluralResult(name) {
		return name + " are"
	}
	return name + " is"
}

// wasWords is a result's name with "was", or "were" of one named in the plural.
func wasWords(name string) string {
	if pluralResult(name) {
		return name + " were"
	}
	return name + " was"
}

// itsWord is "its", or "their" of a result named in the plural.
func itsWord(name string) string {
	if pluralResult(name) {
		return "their"
	}
	return "its"
}

// furtherOut says b, outside s's range on the side a is, is further out than a by a twentieth
// of a or more (a lab's potassium 5.1 then 5.6 above 5.0: 9.8 %).
func furtherOut(s *health.Series, a, b float64) bool {
	r := s.Range
	switch {
	case r.High != nil && a > *r.High && b > *r.High:
		return b-a >= abs(a)/20
	case r.Low != nil && a < *r.Low && b < *r.Low:
		return a-b >= abs(a)/20
	}
	return false
}

// runWords says the readings before the newest (the first n of s) that went the same way
// at each step, when there are three or more: "It was higher at each of the last 4 results:
// 4.3, 4.7, 5.1 and 5.6 mmol/L (8 Sep to 3 Dec 2026). "; else "".
func (d *Data) runWords(s *health.Series, n int, more string) string {
	i := n - 1
	for i > 0 && i > n-6 {
		a, b := s.At(i-1).V, s.At(i).V
		if more == "higher" && b <= a || more == "lower" && b >= a {
			break
		}
		i--
	}
	if n-i < 3 {
		return ""
	}
	var vs []string
	for j := i; j < n; j++ {
		vs = append(vs, health.Number(s.At(j).V, s.Unit))
	}
	last := vs[len(vs)-1]
	if u := s.UnitWords(); u != "" {
		if u != "%" {
			last += " "
		}
		last += u
	}
	vs[len(vs)-1] = last
	return fmt.Sprintf("It was %s at each of the last %d results: %s and %s (%s to %s). ", more, n-i,
		strings.Join(vs[:len(vs)-1], ", "), vs[len(vs)-1], s.At(i).DateIn(d.Loc), s.At(n-1).DateIn(d.Loc))
}

// lower lower-cases a name's first letter when it is the only capital ("Glucose" →
// "glucose"); names like "HbA1c" or "Body Weight" stay as they are.
func lower(s string) string {
	if s == "" || strings.IndexFunc(s[1:], func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0 {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func keyString(k health.Key) string { return k.Source + "\x00" + k.Type + "\x00" + k.ID }

// --- appointments ---

// homeHints are what to bring to a visit for each kind of home measurement.
var homeHints = map[string]string{
	"bp":        "Bring your blood pressure readings.",
	"glucose":   "Bring your blood sugar log or meter.",
	"weight":    "Bring your weight log.",
	"peak-flow": "Bring your peak flow diary.",
}

func ruleAppointmentTomorrow(d *Data) []Card {
	now := d.Now.In(d.Loc)
	start := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, d.Loc).AddDate(0, 0, 1)
	end := start.AddDate(0, 0, 1)
	var out []Card
	for _, a := range d.Reminders.Upcoming(d.Profile, d.Now) {
		if a.Start.Before(start) || !a.Start.Before(end) {
			continue
		}
		c := Card{
			ID:    cardID("appointment-tomorrow", a.Key(), a.Start.UTC().Format(time.RFC3339)),
			Title: fmt.Sprintf("Tomorrow at %s: %s", a.Start.In(d.Loc).Format("15:04"), a.Title),
			Links: []storage.ID{a.ID},
			Date:  a.Start,
			Why:   []string{fmt.Sprintf("Appointment on %s at %s", d.day(a.Start), a.Start.In(d.Loc).Format("15:04"))},
		}
		var body []string
		if a.Location != "" {
			body = append(body, "At "+a.Location+".")
		}
		if a.Note != "" {
			body = append(body, "Preparation: "+strings.TrimSuffix(a.Note, ".")+".")
		}
		seen := map[string]bool{}
		var conds []string
		for _, g := range d.Guides {
			if h := homeHints[g.Home]; h != "" && !seen[h] {
				seen[h] = true
				body = append(body, h)
				conds = append(conds, g.Title)
			}
		}
		body = append(body, "Bring a list of your medicines.")
		if n := len(d.Questions.Items()); n > 0 {
			body = append(body, fmt.Sprintf("%d %s for your doctor %s saved in CareKeeper.", n, plural(n, "question", "questions"), plural(n, "is", "are")))
			c.Why = append(c.Why, fmt.Sprintf("%s questions for the doctor: %d", d.your(false), n))
		}
		if len(conds) > 0 {
			c.Why = append(c.Why, "Hints for your conditions: "+strings.Join(conds, ", "))
		}
		c.Body = strings.Join(body, " ")
		out = append(out, c)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// --- refills ---

func ruleRefillDue(d *Data) []Card {
	var out []Card
	for _, r := range d.Reminders.Refills(d.Profile, d.Now) {
		// A supply that does not fit today's dose, with no date of the change, keeps its card
		// whatever the run-out counted back to the hand-over says (F374).
		if d.Now.Before(r.RemindAt) || (r.RunOut.Before(d.Now.AddDate(0, 0, -7)) && r.DoseChanged == "") || !d.Taking(r.Med) {
			continue
		}
		med := r.Med
		body := fmt.Sprintf("Your supply of %s is expected to run out around %s. Ask your pharmacy or care team for a refill in time.",
			med.Label(), d.day(r.RunOut))
		if r.DoseChanged != "" && r.RunOut.Before(d.Now) {
			body = fmt.Sprintf("Your supply of %s may have run out: %s. Check how many are left, and ask your pharmacy or care team for a refill in time.",
				med.Label(), r.DoseChanged)
		}
		c := Card{
			ID:    cardID("refill-due", med.Key(), med.Supply.AsOf.UTC().Format(time.RFC3339)),
			Title: "Time to order " + med.Label(),
			Body:  body,
			Links: []storage.ID{med.ID},
			Date:  r.RunOut,
		}
		s := med.Supply
		switch {
		case s.Quantity > 0:
			c.Why = append(c.Why, fmt.Sprintf("Supply: %s on %s", health.FormatNumber(s.Quantity), d.day(s.AsOf)))
		case s.Days > 0:
			c.Why = append(c.Why, fmt.Sprintf("Supply: %s days from %s", health.FormatNumber(s.Days), d.day(s.AsOf)))
		}
		if r.DoseChange != "" {
			// the count uses the dose in force each day: said, or the date reads wrong (F374)
			c.Why = append(c.Why, "T"+r.DoseChange[1:]+": each day is counted with the dose then")
		}
		c.Why = append(c.Why, "Doses logged since then and the reminder schedule "+med.Describe)
		out = append(out, c)
	}
	return out
}

// --- adherence ---

// weeks returns the adherence tallies of the last 7 days and of the 7 before, and whether the
// person logged any dose in those 14 days (without a dose log there is nothing to say).
func (d *Data) weeks() (this, before remind.Tally, logged bool) {
	now := d.Now.In(d.Loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, d.Loc)
	from := today.AddDate(0, 0, -13)
	mid := today.AddDate(0, 0, -6)
	for _, ds := range d.Reminders.Doses {
		for _, x := range ds {
			if x.Profile == d.Profile && !x.When.Before(from) && !x.When.After(d.Now) {
				logged = true
			}
		}
	}
	if !logged {
		return this, before, false
	}
	a := d.Reminders.Adherence(d.Profile, from, d.Now, d.Now, remind.Day)
	for _, b := range a.Buckets {
		t := &before
		if !b.Start.Before(mid) {
			t = &this
		}
		t.Scheduled += b.Scheduled
		t.OnTime += b.OnTime
		t.Late += b.Late
		t.Skipped += b.Skipped
		t.Missed += b.Missed
	}
	return this, before, true
}

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

func ruleAdherenceDrop(d *Data) []Card {
	this, before, ok := d.weeks()
	if !ok || this.Scheduled < 5 || before.Scheduled < 5 || before.Rate()-this.Rate() < 0.2 {
		return nil
	}
	return []Card{{
		ID:    cardID("adherence-drop", isoWeek(d.Now.In(d.Loc))),
		Title: "Fewer doses taken on time this week",
		Body: fmt.Sprintf("In the last 7 days %d of %d doses were marked as taken on time, compared with %d of %d in the 7 days before. "+
			"If something makes the doses hard to fit in, you can change the reminder times in CareKeeper, and your pharmacist or "+
			"care team can help.", this.OnTime, this.Scheduled, before.OnTime, before.Scheduled),
		Why: []string{
			fmt.Sprintf("Last 7 days: %d on time, %d late, %d skipped, %d not answered", this.OnTime, this.Late, this.Skipped, this.Missed),
			fmt.Sprintf("7 days before: %d on time, %d late, %d skipped, %d not answered", before.OnTime, before.Late, before.Skipped, before.Missed),
		},
		Date: d.Now,
	}}
}

func ruleAdherenceStreak(d *Data) []Card {
	this, _, ok := d.weeks()
	if !ok || this.Scheduled < 7 || this.OnTime+this.Late != this.Scheduled {
		return nil
	}
	return []Card{{
		ID:    cardID("adherence-streak", isoWeek(d.Now.In(d.Loc))),
		Title: "Every dose taken for 7 days",
		Body:  fmt.Sprintf("All %d doses due in the last 7 days are marked as taken. Nice work keeping it up.", this.Scheduled),
		Why:   []string{fmt.Sprintf("Last 7 days: %d doses due, %d on time, %d later than the reminder", this.Scheduled, this.OnTime, this.Late)},
		Date:  d.Now,
	}}
}

// --- portals ---

func (d *Data) portalName(source string) string {
	for _, p := range d.Portals {
		if p.Source() == strings.TrimRight(source, "/") && p.Name != "" {
			return p.Name
		}
	}
	r := health.Resource{Key: health.Key{Source: source}}
	return r.Origin()
}

func rulePortalNew(d *Data) []Card {
	type group struct {
		n      int
		latest time.Time
		types  map[string]int
		links  []storage.ID
	}
	by := map[string]*group{}
	var order []string
	since := d.Now.AddDate(0, 0, -PortalNewDays)
	for _, w := range d.portal {
		r, at := w.key, w.at
		if !isPortal(r.Source) || at.Before(since) || at.After(d.Now) {
			continue
		}
		// A file whose records carry their server's addresses was imported, not synced: its
		// records are said apart, as imported from it (F427).
		k := r.Source + "\x00" + w.file
		g := by[k]
		if g == nil {
			g = &group{types: map[string]int{}}
			by[k] = g
			order = append(order, k)
		}
		g.n++
		kind := health.KindOf(r.Type).String()
		switch r.Type {
		case "Appointment":
			kind = "Appointments" // booked ones to come are no visits (F427)
		case "Patient":
			kind = "Personal details" // the person's own record: "Other: 1" said nothing (F461)
		}
		g.types[kind]++
		if at.After(g.latest) {
			g.latest = at
		}
		if len(g.links) < 50 {
			g.links = append(g.links, storageID(r))
		}
	}
	sort.Strings(order)
	var out []Card
	for _, k := range order {
		g := by[k]
		src, file, _ := strings.Cut(k, "\x00")
		name := d.portalName(src)
		var kinds []string
		for k, n := range g.types {
			kinds = append(kinds, fmt.Sprintf("%s: %d", k, n))
		}
		sort.Strings(kinds)
		body := fmt.Sprintf("They arrived on %s. You can find them in your timeline.", d.day(g.latest))
		why := fmt.Sprintf("Records written by a sync with %s in the last %d days", name, PortalNewDays)
		id := cardID("portal-new-records", src, g.latest.In(d.Loc).Format("2006-01-02"))
		if file != "" {
			body = fmt.Sprintf("They were imported from a file (%s) on %s. You can find them in your timeline.", file, d.day(g.latest))
			why = fmt.Sprintf("Records of %s imported from a file (%s) in the last %d days", name, file, PortalNewDays)
			id = cardID("portal-new-records", src, file, g.latest.In(d.Loc).Format("2006-01-02"))
		}
		out = append(out, Card{
			ID:    id,
			Title: fmt.Sprintf("%d new or updated %s from %s", g.n, plural(g.n, "record", "records"), name),
			Body:  body,
			Why:   append([]string{why}, kinds...),
			Links: g.links,
			Date:  g.latest,
		})
	}
	return out
}

func rulePortalSignIn(d *Data) []Card {
	var out []Card
	for _, p := range d.Portals {
		if p.Status != cksync.StatusSignInAgain || (p.Profile != "" && p.Profile != d.Profile) {
			continue
		}
		c := Card{
			ID:     cardID("portal-sign-in", p.ID, p.LastSync.UTC().Format(time.RFC3339)),
			Title:  "Sign in to " + p.Name + " again",
			Body:   p.Name + " did not accept the saved sign-in, so CareKeeper cannot bring in new records from it. Sign in again when it suits you.",
			Why:    []string{"Portal status: " + p.Status},
			Date:   p.LastSync,
			Action: &Action{Kind: ActionSignIn, Label: "Sign in", Profile: d.Profile, Portal: p.ID},
		}
		if !p.LastSync.IsZero() {
			c.Why = append(c.Why, "Last complete sync: "+d.day(p.LastSync))
		}
		out = append(out, c)
	}
	return out
}

// --- home measurements ---

// homeCodes are the LOINC codes of each kind of home measurement.
var homeCodes = map[string][]string{
	"bp":        {health.CodeBPPanel, health.CodeSystolic, "55284-4"},
	"weight":    {"29463-7", "3141-9"},
	"glucose":   {"2339-0", "2345-7", "15074-8", "41653-7", "14743-9", "105272-9", "99504-3"},
	"peak-flow": {"19935-6", "33452-4"},
}

var homeWords = map[string]string{"bp": "blood pressure", "weight": "weight", "glucose": "blood sugar", "peak-flow": "peak flow"}

// HomeKind returns the kind of home measurement an Observation's codes are (bp, weight,
// glucose, peak-flow), or "".
func HomeKind(codes []string) string {
	for _, c := range codes {
		c = c[strings.LastIndexByte(c, '|')+1:]
		for kind, list := range homeCodes {
			for _, k := range list {
				if k == c {
					return kind
				}
			}
		}
	}
	return ""
}

// sensorCodes are the LOINC codes of a continuous glucose monitor's readings (glucose in
// interstitial fluid, mmol/L and mg/dL): taken at home, as a meter's are (F521).
var sensorCodes = map[string]bool{"105272-9": true, "99504-3": true}

// peakFlowCodes are the LOINC codes of peak flow by a peak flow meter: a person's own meter,
// read morning and evening at home to follow an asthma action plan (Maxime's 28 readings in
// the clinic's file were "No peak flow reading at home", F525 item 12).
var peakFlowCodes = map[string]bool{"19935-6": true, "33452-4": true}

// meterReading says an observation's codes are a glucose meter's (meterCodes), a glucose
// sensor's (sensorCodes) or a peak flow meter's: a reading taken at home, whoever's file
// brought it.
func meterReading(codes []string) bool {
	for _, c := range codes {
		if c = c[strings.LastIndexByte(c, '|')+1:]; meterCodes[c] || sensorCodes[c] || peakFlowCodes[c] {
			return true
		}
	}
	return false
}

// lastHome returns the newest home measurement (an Observation entered in CareKeeper or from
// Apple Health, or one whose record says it was measured at home: Data.atHome) of each kind
// taken by now.
func (d *Data) lastHome() map[string]*health.Resource {
	out := map[string]*health.Resource{}
	for _, r := range d.observations() {
		// A finger-prick meter's reading is taken at home, whoever's file brought it: 55 of
		// Rose's were beside "No blood sugar reading at home in CareKeeper yet" (F454).
		if !d.atHome(r.Key) && !meterReading(d.codes[r.Key]) {
			continue
		}
		kind := HomeKind(d.codes[r.Key])
		if kind == "" {
			continue
		}
		// one dated later than now is not taken yet (F352): not the last reading
		if t, ok := health.ParseTime(r.Date); ok && len(r.Date) > len("2006-01-02") && t.After(d.Now) {
			continue
		}
		if old := out[kind]; old == nil || r.Date > old.Date {
			out[kind] = r
		}
	}
	return out
}

func ruleHomeMeasurement(d *Data) []Card {
	last := d.lastHome()
	var out []Card
	seen := map[string]bool{}
	for _, g := range d.Guides {
		if g.Home == "none" || seen[g.Home] {
			continue
		}
		seen[g.Home] = true
		kind, words := g.Home, homeWords[g.Home]
		lr := last[kind]
		var lt time.Time
		if lr != nil {
			lt, _ = health.ParseTime(lr.Date)
			if d.Now.Sub(lt) < HomeMeasureDays*24*time.Hour {
				continue
			}
		}
		c := Card{
			ID:     cardID("home-measurement", kind, lastDate(lr)),
			Why:    []string{d.yourCondition() + g.Title + " (its guide suggests keeping track of " + words + " at home)"},
			Action: &Action{Kind: ActionAddMeasurement, Label: "Add a reading", Profile: d.Profile, Measure: kind},
			Date:   lt,
		}
		cond := d.guideCond[g.Slug]
		c.Links = []storage.ID{storageID(cond.Key)}
		if lr == nil {
			c.Title = "Keep track of " + d.your(true) + " " + words + " at home"
			c.Why = append(c.Why, "No "+words+" reading at home in CareKeeper yet (entered, from Apple Health, or a home monitor's in the records)")
		} else {
			c.Title = fmt.Sprintf("No %s reading at home for %d days", words, d.daysSince(lt))
			c.Why = append(c.Why, "Last "+words+" reading at home: "+d.day(lt))
			c.Links = append(c.Links, storageID(lr.Key))
		}
		c.Body = fmt.Sprintf("People with %s often check their %s at home. If your care team asked you to, you can add "+
			"readings in CareKeeper and bring them to your visits.", lower(g.Title), words)
		out = append(out, c)
	}
	return out
}

// daysSince counts calendar days from t to now in the person's zone.
func (d *Data) daysSince(t time.Time) int { return daysApart(t, d.Now, d.Loc) }

func lastDate(r *health.Resource) string {
	if r == nil {
		return "never"
	}
	return r.Date
}

// --- check-ins ---

func ruleCheckInDue(d *Data) []Card {
	var out []Card
	never := false // one "never done" card at a time, so a long problem list does not flood Today
	for _, g := range d.Guides {
		if len(g.Symptoms) == 0 {
			continue
		}
		var last *CheckIn
		for i := range d.CheckIns {
			if d.CheckIns[i].Slug == g.Slug {
				last = &d.CheckIns[i]
			}
		}
		cond := d.guideCond[g.Slug]
		c := Card{
			Links:  []storage.ID{storageID(cond.Key)},
			Action: &Action{Kind: ActionCheckIn, Label: "Check in", Profile: d.Profile, Slug: g.Slug},
			Why:    []string{d.yourCondition() + cond.Name},
		}
		if last == nil {
			if never {
				continue
			}
			never = true
			c.ID = cardID("check-in-due", g.Slug, "never")
			c.Title = "A short check-in for " + lower(g.Title)
			c.Body = "Noting your symptoms and how you feel (0–10) now and then builds a picture you can share at your next visit. It takes a minute."
			c.Why = append(c.Why, "No check-in yet")
		} else {
			days := d.daysSince(last.At)
			if days < CheckInDueDays {
				continue
			}
			c.ID = cardID("check-in-due", g.Slug, last.ID.ID)
			c.Title = fmt.Sprintf("Time for a %s check-in?", lower(g.Title))
			c.Body = fmt.Sprintf("Your last check-in for %s was %d days ago. A new one keeps the chart for your next visit up to date.", lower(g.Title), days)
			c.Why = append(c.Why, "Last check-in: "+d.day(last.At))
			c.Links = append(c.Links, last.ID)
			c.Date = last.At
		}
		out = append(out, c)
	}
	return out
}

// --- weight gain ---

// ruleWeightGain: a person whose guide asks them to call about a quick weight gain (heart
// failure: about 2 kg over three days) has gained that much in the weights taken by now, the
// newest in the last days — from their records or weighed at home (F424: 81.9 → 84.6 kg in
// three days, and no card said so).
func ruleWeightGain(d *Data) []Card {
	var g *guides.Guide
	for _, x := range d.Guides {
		if x.WeightGain.KG > 0 {
			g = x
			break
		}
	}
	if g == nil || d.Death.Deceased {
		return nil
	}
	for _, s := range d.watchedSeries() {
		if codeOf(s) != "29463-7" {
			continue
		}
		low, last, gain := weightGain(s, d.Now, g.WeightGain.Days, d.Loc)
		if gain < g.WeightGain.KG-1e-9 {
			continue
		}
		days := max(daysApart(low.T, last.T, d.Loc), 1)
		within := fmt.Sprintf("%d %s", days, plural(days, "day", "days"))
		c := Card{
			ID:       cardID("weight-gain", keyString(low.Key), keyString(last.Key)),
			Title:    fmt.Sprintf("%s weight went up %s in %s", d.your(false), gainWords(s, last.V-low.V, gain), within),
			Severity: SeverityAttention,
			Date:     last.T,
			Why: []string{
				d.yourCondition() + g.Title + fmt.Sprintf(" (its guide: a gain of %s kg over %d %s)", health.FormatNumber(g.WeightGain.KG), g.WeightGain.Days, plural(g.WeightGain.Days, "day", "days")),
				fmt.Sprintf("%s: %s %s", seriesName(s), pointValue(s, low), onDate(low.DateIn(d.Loc), low.Precision)),
				fmt.Sprintf("%s: %s %s", seriesName(s), pointValue(s, last), onDate(last.DateIn(d.Loc), last.Precision)),
			},
			Links: []storage.ID{storageID(low.Key), storageID(last.Key)},
		}
		if cond, ok := d.guideCond[g.Slug]; ok {
			c.Links = append([]storage.ID{storageID(cond.Key)}, c.Links...)
		}
		advice := "contact your care team the same day."
		for _, u := range g.Urgent {
			if strings.Contains(strings.ToLower(u), "weight") {
				advice = strings.ToLower(u[:1]) + u[1:] // "says: a weight gain of about 2 kg …"
				break
			}
		}
		c.Body = fmt.Sprintf("From %s %s to %s %s. Your %s guide says: %s %s", pointValue(s, low), onDate(low.DateIn(d.Loc), low.Precision),
			pointValue(s, last), onDate(last.DateIn(d.Loc), last.Precision), lower(g.Title), advice, d.careTeamLine())
		return []Card{c}
	}
	return nil
}

// gainWords is a weight gain in the series' own unit, with kilograms beside another: "2.7 kg",
// "5.5 lb (2.5 kg)"; kilograms to one decimal.
// weightGain is the largest gain in kg of s within days, ending at a weight taken by now in the
// last days (on loc's clock): 81.9 kg on 2 Dec to 84.6 kg on 5 Dec is still said on the 6th,
// weighed 84.4 kg. The card (ruleWeightGain) and the visit summary read it alike (F424).
func weightGain(s *health.Series, now time.Time, days int, loc *time.Location) (low, last health.Point, gain float64) {
	n := health.UpToNow(s.Points(), now)
	kg := func(p health.Point) (float64, bool) { return health.ConvertUnit(p.V, s.Unit, "kg", s.Code) }
	for e := n - 1; e > 0; e-- {
		end := s.At(e)
		if daysApart(end.T, now, loc) > days {
			break
		}
		endKG, ok := kg(end)
		if !ok {
			continue
		}
		for i := e - 1; i >= 0; i-- {
			p := s.At(i)
			if daysApart(p.T, end.T, loc) > days {
				break
			}
			if v, ok := kg(p); ok && endKG-v > gain {
				low, last, gain = p, end, endKG-v
			}
		}
	}
	return low, last, gain
}

func gainWords(s *health.Series, inUnit, kg float64) string {
	kgWords := health.FormatNumber(math.Round(kg*10)/10) + " kg"
	if u := s.UnitWords(); u == "kg" || u == "" {
		return kgWords
	}
	return s.Value("", math.Round(inUnit*10)/10) + " (" + kgWords + ")"
}

// daysApart counts calendar days from a to b on loc's clock.
func daysApart(a, b time.Time, loc *time.Location) int {
	a, b = a.In(loc), b.In(loc)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}
