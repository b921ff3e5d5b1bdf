package journey

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// Summary is the doctor-visit summary of a person for a period: what the PDF prints and the
// International Patient Summary Bundle carries.
type Summary struct {
	Profile   string
	Name      string
	BirthDate string
	Gender    string
	Death     health.Death // the summary states the date of death
	// UpToDeath: the period asked for went on after the death, and ends at it (F212).
	UpToDeath bool
	// Pregnancy says a pregnancy's estimated due date and how far it is on the summary's day
	// (Data.PregnancyWords): "Pregnant, due 30 Mar 2027 (23 weeks 6 days on 7 Dec 2026, counted from
	// the due date)"; "" when the records give no due date that says anything now.
	Pregnancy string
	// Unreadable counts results left out because their value or date cannot be read; the
	// summary says so instead of dropping them silently.
	Unreadable int
	From, To   time.Time // the period, [From, To)
	Generated  time.Time
	Loc        *time.Location

	Problems  []health.Condition
	Medicines []SummaryMedicine
	// MedicinesOutside counts the medicines of the records not in the period.
	MedicinesOutside int
	// DietOrders are the diet and fluid orders in force ("Fluid restriction — Fluid 1500 mL:
	// …"; health.DietOrder), with the day each was ordered (F576).
	DietOrders []SummaryItem
	Allergies  []SummaryItem // current ones only
	// PastAllergies counts the allergies the records say are inactive or resolved: not
	// listed as if current, only counted.
	PastAllergies int
	Immunizations []SummaryItem
	Results       []SummarySeries // from the records
	// TextResults are the results in the period given in words (a valueString, or a coded
	// answer such as "Negative": health.TextResults), one per result, never charted.
	TextResults   []SummaryText
	Home          []SummarySeries // entered by the person
	CheckIns      []CheckIn
	CheckInTitles map[string]string // guide slug -> title
	Questions     []string

	patient *health.Resource
	data    *Data
	// observations, when data has none (BuildSummary), reads those the IPS Bundle lists as
	// it writes them (ipsobs.go).
	observations *laterObservations
}

// dosesCounted says which doses a medicine's adherence counts: "in the period", or, when
// counting began after the period's start (the medicine came into CareKeeper, or its
// reminders began, later: remind.Tally.Since), "since 6 Dec 2026, when CareKeeper began
// keeping them" — a medicine imported today had 132 doses of the period "not marked" (F193).
func (s *Summary) dosesCounted(t *remind.Tally) string {
	if t.Since.IsZero() {
		return "in the period"
	}
	loc := s.Loc
	if loc == nil {
		loc = time.Local
	}
	return "since " + t.Since.In(loc).Format("2 Jan 2006") + ", when CareKeeper began keeping them"
}

// givenTwice says the doses of t given more than once (remind.Tally.Twice) after sep, each on
// its day and with its times on the person's clock: "; given twice on 6 Dec 2026 (22:04 and
// 22:10)" — the summary said "1 of 1 taken on time" of a basal insulin given twice (F493);
// "" for none. Five are said, then how many more.
func (s *Summary) givenTwice(t *remind.Tally, sep string) string {
	if len(t.Twice) == 0 {
		return ""
	}
	loc := s.Loc
	if loc == nil {
		loc = time.Local
	}
	var parts []string
	for i, g := range t.Twice {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(t.Twice)-i))
			break
		}
		var at []string
		for _, a := range g.Takes {
			at = append(at, a.When.In(loc).Format("15:04"))
		}
		times := "twice"
		if len(at) > 2 {
			times = strconv.Itoa(len(at)) + " times"
		}
		parts = append(parts, fmt.Sprintf("the %s dose of %s given %s (%s)", g.At.In(loc).Format("15:04"), g.At.In(loc).Format("2 Jan 2006"), times, andList(at)))
	}
	return sep + strings.Join(parts, ", ")
}

// SummaryMedicine is a medicine with its adherence over the period (when reminders ran).
type SummaryMedicine struct {
	health.Medication
	Adherence *remind.Tally // nil when no dose was scheduled in the period
	// Plan is how the person takes a current medicine when they set it themselves in
	// CareKeeper (the reminders' plan, "once a day at 21:38"; a medicine added by hand has no
	// other), "" when the reminders follow the record (F143).
	Plan string
	// StartsAfter: a medicine being taken whose record starts it after the period
	// (health.Medication.Starts on or after the day after its end): not one taken in it
	// (StartNote, F369).
	StartsAfter bool
	// Course is the days of a course that runs between dates, phase by phase (an antibiotic's
	// 8–14 Dec, a taper's steps), from the plan its reminders follow; nil for a medicine taken
	// on and on. HowWords says it (F369: a finished or changing course read as current).
	Course []schedule.PhaseDays
	// Steps is, for a current medicine whose record's dosage CareKeeper follows, that dosage in
	// CareKeeper's words ("2 tablets Mon, Tue, Wed, Thu, Fri at 08:00; and 3 tablets Sat, Sun
	// at 08:00"): the PDF says it where the record's own words cannot be printed (F564).
	Steps string
}

// pickedTimes are CareKeeper's own times in a plan's words, which a printed summary does not
// give as the record's: " from 1 Dec 2026 07:30 (CareKeeper's time: change it)", " (07:30,
// 12:30 and 18:30 are CareKeeper's times: change them)".
var pickedTimes = regexp.MustCompile(` from [^()]*\(CareKeeper's time: change it\)| \([^()]*CareKeeper's times?: change (?:it|them)\)`)

// recordsOwnSteps is a plan's words without CareKeeper's own times: "three times a day with
// meals", not "… (07:30, 12:30 and 18:30 are CareKeeper's times: change them)" — a printout
// to the care team is no place to change them, nor are they the record's (F564).
func recordsOwnSteps(describe string) string {
	return strings.Join(strings.Fields(pickedTimes.ReplaceAllString(describe, "")), " ")
}

// StartNote is what the summary adds to the line of a medicine being taken that had not begun
// by the end of the period, as 'medicines' says it (health.Medication.StartWords): " (starts 8
// Dec 2026, after this period)" — an antibiotic course of 8–14 Dec read as taken now in a
// summary ending 6 Dec (F369); " (starts 8 Dec 2026)" for one starting within a period that
// ends after today; "" for one begun.
func (m SummaryMedicine) StartNote() string {
	w := m.StartWords()
	switch {
	case w == "":
		return ""
	case m.StartsAfter:
		return " (" + w + ", after this period)"
	}
	return " (" + w + ")"
}

// HowWords is how the medicine is taken, as the summary says it: the records' dosage, and a
// plan the person set after it ("1 tablet by mouth, twice a day; as set in CareKeeper: at
// 08:00 and 20:00"), or that plan alone ("once a day at 21:38 (set in CareKeeper)"); "" when
// neither says.
func (m SummaryMedicine) HowWords() string {
	var w string
	switch {
	case m.Plan == "":
		w = m.Dosage
	case m.Dosage == "":
		w = health.HowTaken(m.Dose, m.Plan) + " (set in CareKeeper)"
	default:
		w = m.Dosage + "; as set in CareKeeper: " + m.Plan
	}
	c := CourseWords(m.Course)
	switch {
	case c == "":
		return w
	case w == "":
		return c
	case len(m.Course) == 1:
		return w + ", " + c
	}
	return w + " (" + c + ")"
}

// CourseWords says a course's days in plain words (F369): "8–14 Dec 2026" for one phase,
// "until 14 Dec 2026" from no known start; a taper's phases with their doses, "3 tablets on
// 4–5 Dec 2026, then 2 tablets on 6–8 Dec 2026, then 1 tablet from 9 Dec 2026"; "" for none.
func CourseWords(c []schedule.PhaseDays) string {
	if len(c) == 1 {
		switch pd := c[0]; {
		case pd.First.IsZero():
			return "until " + pd.Last.Format("2 Jan 2006")
		case pd.Last.IsZero():
			return "from " + pd.First.Format("2 Jan 2006")
		}
		return DaysWords(c[0].First, c[0].Last)
	}
	parts := make([]string, 0, len(c))
	for _, pd := range c {
		var w string
		switch {
		case pd.First.IsZero():
			w = "until " + pd.Last.Format("2 Jan 2006")
		case pd.Last.IsZero():
			w = "from " + pd.First.Format("2 Jan 2006")
		default:
			w = "on " + DaysWords(pd.First, pd.Last)
		}
		if pd.Dose != "" {
			w = health.DoseWords(pd.Dose) + " " + w
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, ", then ")
}

// DaysWords says the days from first to last (both included) in short: "4 Dec 2026" for one
// day, "4–5 Dec 2026", "28 Nov–3 Dec 2026", "28 Dec 2026–3 Jan 2027".
func DaysWords(first, last time.Time) string {
	fy, fm, fd := first.Date()
	ly, lm, ld := last.Date()
	switch {
	case fy == ly && fm == lm && fd == ld:
		return last.Format("2 Jan 2006")
	case fy == ly && fm == lm:
		return strconv.Itoa(fd) + "–" + last.Format("2 Jan 2006")
	case fy == ly:
		return first.Format("2 Jan") + "–" + last.Format("2 Jan 2006")
	}
	return first.Format("2 Jan 2006") + "–" + last.Format("2 Jan 2006")
}

// SummaryItem is an allergy or an immunization in words.
type SummaryItem struct {
	Name   string
	Date   string // YYYY-MM-DD
	Detail string // allergy: reaction and criticality; immunization: NotCheckedWords
	Key    health.Key
}

// NotCheckedWords is said beside a vaccination known only from a SMART Health Card whose
// signature was not checked (its issuer is not among those trusted): the summary, its PDF and
// its IPS Bundle never pass it off as a confirmed record.
const NotCheckedWords = "from a health card whose signature was not checked"

// ChartsBefore says a series' chart begins with the reading before the period (se.Before,
// F493): only when it lies no further before the period than the period is long. Kenji's chart
// of 20 Nov–7 Dec began at a reading of 5 Apr, his fortnight's 28 home readings piled at its
// right edge and a straight line from April read as a trend (F530); a reading that far back is
// said in words, not drawn.
func (s *Summary) ChartsBefore(se SummarySeries) bool {
	b := se.Before
	return b != nil && !b.T.Before(s.From.Add(-s.To.Sub(s.From)))
}

// Chart is the chart the summary draws of a series: its period's readings, and the one before
// when the chart begins with it (ChartsBefore), summarised as Results summarises as many
// readings (health.ChartOf): a watch's 42,800 heart rates of a month are 30 daily means, each
// with its day's lowest and highest, where the PDF drew them one by one as a solid block
// (F541). Chart.Summarised.Words is its caption.
func (s *Summary) Chart(se SummarySeries) health.Chart {
	pts := se.Points
	if s.ChartsBefore(se) {
		pts = pts.Earlier(1)
	}
	return health.ChartOf(se.Series, pts, s.Loc)
}

// Guides are the guides of the person's current conditions (Data.Guides), nil when not known.
func (s *Summary) Guides() []*guides.Guide {
	if s.data == nil {
		return nil
	}
	return s.data.Guides
}

// SummarySeries is a result series as the summary shows it: the points in the period (and
// the one before it, for the trend).
type SummarySeries struct {
	*health.Series
	Points health.Points // in the period, oldest first
	Before *health.Point // the last point before the period
	// Gain is, for the body weight of a person whose condition guide asks them to call about a
	// quick gain (heart failure: 2 kg in 3 days), that gain in the last days of the period in
	// words: "up 2.7 kg in 3 days (81.9 kg on 2 Dec 2026 to 84.6 kg on 5 Dec 2026; the heart
	// failure guide: 2 kg in 3 days)"; "" otherwise. The summary said only "down 0.2 kg since
	// 5 Dec 2026" (F424). For an eGFR, a fall of a quarter or more over up to three years:
	// "down 32% in 2 years (28 mL/min/1.73 m² on 3 Dec 2024 to 19 … on 3 Dec 2026; KDIGO …)" (F453).
	Gain string
	// Lows are, for a blood sugar, its readings of the period under 70 mg/dL (3.9 mmol/L), as
	// the low-glucose card and the results' flag count them: "2 readings under 3.9 mmol/L
	// (low), 1 of them under 3.0 mmol/L (very low)" (LowsWords); "" for none.
	Lows string
	// InRange are, for a glucose sensor's (CGM) readings, the shares of them in the target
	// range, below and above it (TimeInRangeWords); "" otherwise.
	InRange string
	// Targets are, beside a meter's blood sugar of a woman with gestational diabetes, her
	// guide's targets in the readings' unit, as the guide and its card say them: "NICE NG3's
	// targets: fasting under 5.3 mmol/L, 1 hour after a meal under 7.8 mmol/L, 2 hours after
	// a meal under 6.4 mmol/L" (guides.GlucoseTargets.Words); "" otherwise.
	Targets string
	// MealTargets are, beside Targets, the period's readings against the target of each as
	// their records say when they were taken (fasting, 1 or 2 hours after a meal: mealTally):
	// "fasting: 14 readings, 82–97 mg/dL, 3 at or above 95 mg/dL; 1 hour after a meal: …";
	// "" when no record says (F547).
	MealTargets string
	// AtHome are, in a series of the records that readings taken at home joined (Results shows
	// them in one chart: a meter's series from the clinic and the blood sugar entered at
	// home), how many of the period's readings were taken at home, and where from in words:
	// "entered in CareKeeper", "from Apple Health" (F493). 0 and "" for a series all of the
	// records' or all taken at home (Home measurements).
	AtHome      int
	AtHomeWords string
	// Device is the device its latest reading's record names (health.DeviceName): "オムロン
	// 上腕式血圧計 HCR-7502T" (F567 item 6: Kazuko's home monitor, said nowhere); "" when none.
	Device string
}

// setDevices sets each series' Device from its latest reading's record (get: the record's
// JSON, nil when it cannot be read).
func (s *Summary) setDevices(get func(health.Key) []byte) {
	for _, list := range [][]SummarySeries{s.Results, s.Home} {
		for i := range list {
			if n := list[i].Points.Len(); n > 0 {
				list[i].Device = health.DeviceName(get(list[i].Points.At(n - 1).Key))
			}
		}
	}
}

// ReadingDevice is the device a reading's record names (health.DeviceName), "" when none or
// when the record cannot be read: Results may say it beside the reading (F567 item 6).
func ReadingDevice(v *storage.Vault, k health.Key) string {
	rec, err := v.Get(storage.ID{Source: k.Source, Type: k.Type, ID: k.ID})
	if err != nil || rec == nil {
		return ""
	}
	return health.DeviceName(rec.Resource)
}

// HomeWords says where a reading taken at home came from: "entered in CareKeeper", "from
// Apple Health" (health.Key.AtHome); "" for one of the records.
func HomeWords(k health.Key) string {
	switch {
	case !k.AtHome():
		return ""
	case k.Source == health.AppSource:
		return "entered in CareKeeper"
	}
	return "from Apple Health"
}

// SummaryText is a result given in words, as the summary lists it: the newest in the period
// and how many there were.
type SummaryText struct {
	health.TextResult              // the newest in the period
	Count             int          // how many in the period
	Keys              []health.Key // each one in the period, oldest first
}

// Trend is the change from the point before the newest one, in words ("up 0.4 % since
// 3 Mar 2026"), or "" with a single point, or two taken at different times beside a meal.
func (s SummarySeries) Trend(loc *time.Location) string {
	pts := s.Points
	var prev *health.Point
	switch {
	case pts.Len() >= 2:
		p := pts.At(pts.Len() - 2)
		prev = &p
	case pts.Len() == 1 && s.Before != nil:
		prev = s.Before
	default:
		return ""
	}
	last := pts.At(pts.Len() - 1)
	if last.Meal != prev.Meal {
		// one fasting, one after dinner, as their records say: no change of the blood sugar
		// ("down 13 mg/dL since 08:45" from after breakfast to fasting, F547)
		return ""
	}
	unit := s.Unit
	if s.Pair {
		unit = "mm[Hg]"
	}
	d := health.ChangeBetween(prev.V, last.V, unit) // to the readings' precision (F345)
	word := "no change"
	note := ""
	switch n := health.Number(math.Abs(d), unit); {
	case !s.Pair && (last.Comparator != "" || prev.Comparator != ""):
		// the lab wrote ">90" or "<40": the change is only known to be more than that (F189)
		word, note, _ = health.CensoredChange(s.Series, *prev, last)
		note = " (" + note + ")"
	case s.Pair:
		word = pairChange(d, last.V2-prev.V2)
	case n == "0":
	case d > 0:
		word = "up " + health.ChangeSize(s.Series, d) // "up 5 percentage points" of a saturation (F525)
	default:
		word = "down " + health.ChangeSize(s.Series, d)
	}
	if last.T.Sub(prev.T) > health.ChangeWithin {
		return health.FirstReadingIn(prev.T, last.T)
	}
	return word + " " + health.SinceWords(*prev, last, loc) + note
}

// pairChange is a blood pressure's change in words, both numbers: "down 20/12 mmHg", "up 4/0
// mmHg", "+4/−2 mmHg" when one rose and the other fell, "no change".
func pairChange(d1, d2 float64) string {
	n1, n2 := health.Number(math.Abs(d1), "mm[Hg]"), health.Number(math.Abs(d2), "mm[Hg]")
	up := (d1 > 0 || n1 == "0") && (d2 > 0 || n2 == "0")
	down := (d1 < 0 || n1 == "0") && (d2 < 0 || n2 == "0")
	switch {
	case n1 == "0" && n2 == "0":
		return "no change"
	case up:
		return "up " + n1 + "/" + n2 + " mmHg"
	case down:
		return "down " + n1 + "/" + n2 + " mmHg"
	}
	sign := func(d float64, n string) string {
		if d < 0 {
			return "−" + n
		}
		return "+" + n
	}
	return sign(d1, n1) + "/" + sign(d2, n2) + " mmHg"
}

// BuildSummary gathers a person's summary for [from, to).
func BuildSummary(ctx context.Context, v *storage.Vault, profile string, from, to, now time.Time, opt LoadOptions) (*Summary, error) {
	if !from.Before(to) {
		return nil, fmt.Errorf("the period ends before it starts")
	}
	opt.summary = true
	d, err := Load(ctx, v, profile, now, opt)
	if err != nil {
		return nil, err
	}
	if !d.obsLeft {
		return d.Summary(from, to), nil
	}
	s := d.summary(from, to, obsViews{})
	s.observations = &laterObservations{ctx: ctx, v: v, d: d}
	// All but the results is made: of the records' resources only the Bundle reads more,
	// those it lists. The others are let go before the observations are read (a person's
	// 1,800 conditions are a few dozen problems, their 2,600 prescriptions a few medicines:
	// ~5 MB of text at 100k).
	listed := map[health.Key]bool{}
	for _, k := range s.listedRecords() {
		listed[k] = true
	}
	for _, list := range [][]health.Resource{d.Set.Records, d.Set.Shared} {
		for i := range list {
			if !listed[list[i].Key] {
				list[i].JSON = nil
			}
		}
	}
	obs, err := d.streamObservations(ctx, v)
	if err != nil {
		return nil, err
	}
	s.setResults(obs)
	s.setDevices(func(k health.Key) []byte {
		rec, err := v.Get(storage.ID{Source: k.Source, Type: k.Type, ID: k.ID})
		if err != nil || rec == nil {
			return nil
		}
		return rec.Resource
	})
	s.weightGains(d, minTime(to, d.Now))
	return s, nil
}

// Summary gathers the summary for [from, to) from loaded data.
func (d *Data) Summary(from, to time.Time) *Summary { return d.summary(from, to, splitSeries(d)) }

// summary gathers the summary for [from, to) from loaded data and what it shows of the
// observations.
func (d *Data) summary(from, to time.Time, obs obsViews) *Summary {
	asked := to
	from, to = lifePeriod(from, to, d.Death, d.Loc)
	s := &Summary{UpToDeath: !to.Equal(asked), Profile: d.Profile, Name: d.Person.Name, BirthDate: d.Person.BirthDate, From: from, To: to,
		Generated: d.Now, Loc: d.Loc, data: d, CheckInTitles: map[string]string{}}
	for _, r := range d.OfType("Patient") {
		var p struct {
			Gender    string             `json:"gender"`
			BirthDate string             `json:"birthDate"`
			Name      []health.HumanName `json:"name"`
		}
		if json.Unmarshal(r.JSON, &p) == nil {
			s.patient = r
			s.Gender = p.Gender
			if s.BirthDate == "" {
				s.BirthDate = p.BirthDate
			}
			break
		}
	}
	// Records dated by the day are the period's when their day is one of its days: toDay is the
	// day after its last. A summary printed at 21:40 ends a minute later, on that day, and the
	// medicine added by hand that morning was left out as if begun after it (F105).
	last := to.Add(-time.Nanosecond).In(d.Loc)
	fromDay := from.In(d.Loc).Format("2006-01-02")
	toDay := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, d.Loc).Format("2006-01-02")
	// Problems: current ones, and those that started in the period.
	current, past := health.ConditionsIn(d.Set, d.Loc) // their days on the person's clock (F78)
	s.Problems = append(s.Problems, current...)
	for _, c := range past {
		if c.Onset >= fromDay && c.Onset < toDay {
			s.Problems = append(s.Problems, c)
		}
	}
	s.Death = d.Death
	// Medicines: current ones (being taken or to confirm, as of the end of the period) and
	// those recorded in the period, with adherence. They end at death.
	var active, pastMeds []health.Medication
	for _, m := range health.Medicines(d.Set, health.MedOptions{Now: minTime(to, d.Now), Choices: d.choices, Death: &d.Death, Loc: d.Loc}) {
		if m.State == health.MedPast || m.State == health.MedStopped {
			pastMeds = append(pastMeds, m)
		} else {
			active = append(active, m)
		}
	}
	adh := d.Reminders.Adherence(d.Profile, from, to, minTime(to, d.Now), remind.Week)
	byKey := map[health.Key]*remind.Tally{}
	for i := range adh.Meds {
		m := &adh.Meds[i]
		if m.Total.Scheduled > 0 {
			byKey[key(m.Med.ID)] = &m.Total
		}
	}
	addMed := func(m health.Medication) {
		sm := SummaryMedicine{Medication: m, StartsAfter: m.Starts != "" && m.Starts >= toDay}
		// the days of a course (an end date, a taper's steps), from the plan the reminders
		// follow (the record's, or the person's own), else the newest record's (F369)
		r := schedule.DefaultRoutine()
		var med *remind.Medicine
		if d.Reminders != nil {
			if per := d.Reminders.Person(d.Profile); per != nil {
				r = per.Settings.Routine
			}
			med = d.Reminders.Medicine(d.Profile, m.Ref)
			if med != nil && med.SameAs != "" {
				// the copy that reminds: a discharge letter's words-only copy has no steps,
				// the GP's taper beside it does (F502)
				if kept := d.Reminders.Medicine(d.Profile, med.SameAs); kept != nil {
					med = kept
				}
			}
		}
		if med != nil {
			sm.Course = med.Plan.Course(d.Loc, r)
			if m.State != health.MedPast && m.State != health.MedStopped && !med.Overridden && med.Plan.Problem() == "" {
				sm.Steps = recordsOwnSteps(med.Describe)
			}
		} else if len(m.Records) > 0 {
			if rec := d.Set.Get(m.Records[0]); rec != nil {
				if plan, err := schedule.PlanFromResource(rec.JSON); err == nil {
					sm.Course = plan.Course(d.Loc, r)
				}
			}
		}
		if d.Reminders != nil && m.State != health.MedPast && m.State != health.MedStopped {
			// A plan the person set (a medicine they added, or times they chose): Medicines
			// says it "(set by you)"; the summary said nothing of it (F143).
			if med := d.Reminders.Medicine(d.Profile, m.Ref); med != nil && med.Overridden {
				sm.Plan = med.Describe
			}
		}
		for _, k := range m.Records {
			if t := byKey[k]; t != nil {
				sm.Adherence = t
				break
			}
		}
		s.Medicines = append(s.Medicines, sm)
	}
	// A current medicine begun after the period is not the period's (lisinopril 20 mg begun
	// in September 2026 is not in a summary ending in July 2026).
	for _, m := range active {
		if m.Started == "" || m.Started < toDay {
			addMed(m)
		}
	}
	for _, m := range pastMeds {
		if usedIn(m, fromDay, toDay) {
			addMed(m)
		}
	}
	// the medicines the records hold outside the period: "none in this period", not "No
	// medicines recorded", of a person whose records hold six (F212)
	s.MedicinesOutside = len(active) + len(pastMeds) - len(s.Medicines)
	s.DietOrders = dietOrders(d)
	s.Allergies, s.PastAllergies = allergies(d)
	for _, im := range immunizations(d) {
		if im.Date < toDay {
			s.Immunizations = append(s.Immunizations, im)
		}
	}
	s.setResults(obs)
	s.setDevices(func(k health.Key) []byte {
		if r := d.Set.Get(k); r != nil {
			return r.JSON
		}
		return nil
	})
	s.weightGains(d, minTime(to, d.Now))
	for _, c := range d.CheckIns {
		if !c.At.Before(from) && c.At.Before(to) {
			s.CheckIns = append(s.CheckIns, c)
			if g := guides.BySlug(c.Slug); g != nil {
				s.CheckInTitles[c.Slug] = g.Title
			}
		}
	}
	s.Questions = d.Questions.Items()
	return s
}

// lifePeriod is the period [from, to) of a summary of a person who died: it ends at the death
// (the end of its day when the records give the day alone), and a period wholly after it is
// the same number of days before it — the app's "last 6 months", counted back from today,
// made a summary of the eight years after a death saying "No medicines recorded" (F212).
func lifePeriod(from, to time.Time, death health.Death, loc *time.Location) (time.Time, time.Time) {
	last := death.In(loc).End() // the end of a day alone on the person's clock (F465)
	if last.IsZero() {
		return from, to
	}
	end := last.Add(time.Nanosecond)
	if !to.After(end) {
		return from, to
	}
	if from.Before(end) {
		return from, end
	}
	days := int(math.Round(to.Sub(from).Hours() / 24))
	return end.AddDate(0, 0, -days), end
}

// usedIn says whether a past medicine was in use in the days [fromDay, toDay): it started before
// the period ends and ended (or, when no end is recorded, was last recorded) in it or after it
// began. A medicine ordered in 2023 and stopped in June 2026 belongs in a summary of 2025–2026.
func usedIn(m health.Medication, fromDay, toDay string) bool {
	start, end := m.Started, m.Last
	if start == "" {
		start = end
	}
	if m.Ended > end {
		end = m.Ended
	}
	return end != "" && start < toDay && end >= fromDay
}

// setResults sets the results in the summary's period, clinical and home, from what it shows
// of the observations.
func (s *Summary) setResults(obs obsViews) {
	s.Results = inPeriod(obs.clinical, s.From, s.To, s.Generated, s.Loc)
	s.TextResults = textInPeriod(obs.text, s.From, s.To, s.Generated, s.Loc)
	if s.data != nil {
		s.Pregnancy = s.data.PregnancyWords(obs.text, s.Generated)
	}
	s.Unreadable = obs.unreadable
	s.Home = inPeriod(obs.home, s.From, s.To, s.Generated, s.Loc)
	for i := range s.Home {
		s.Home[i].AtHome, s.Home[i].AtHomeWords = 0, "" // all taken at home: the heading says it
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// obsViews are what the summary shows of the person's observations: the result series, as
// Results shows them (one series per code, the readings taken at home in it among the
// records'), and, apart, the home measurements — the series of readings all taken at home
// (entered in CareKeeper or from Apple Health: health.Key.AtHome) —, the results in words from
// the records, and how many results could not be read (of both).
type obsViews struct {
	clinical, home []*health.Series
	text           []health.TextResult
	unreadable     int
}

// obsReaders read the person's observations into obsViews, each once, in the order given.
type obsReaders struct{ all health.ObservationReader }

// add reads an observation: the records' and those taken at home into one reader, as Results
// reads them. Apart, Tobi's 2.8 mmol/L entered at home was the "Latest" of a glucose under
// Home measurements while his meter's series from the clinic said "Latest: 10.4 mmol/L" and
// counted his lows apart (F493).
func (o *obsReaders) add(r *health.Resource) { o.all.Add(r) }

// obsReaders are the readers of the person's observations, knowing when they were born and
// their sex.
func (d *Data) obsReaders() *obsReaders {
	var o obsReaders
	d.tellPerson(&o.all)
	return &o
}

func (o *obsReaders) views() obsViews {
	v := obsViews{unreadable: o.all.Unreadable()}
	for _, se := range o.all.Series() {
		if atHomeOnly(se) { // entered in CareKeeper, or from Apple Health (F194)
			v.home = append(v.home, se)
		} else {
			v.clinical = append(v.clinical, se)
		}
	}
	for _, t := range o.all.Text() {
		if !t.Key.AtHome() { // results in words are the records'
			v.text = append(v.text, t)
		}
	}
	return v
}

// atHomeOnly says every reading of a series was taken at home (health.Key.AtHome).
func atHomeOnly(se *health.Series) bool {
	for _, p := range se.Points().All() {
		if !p.Key.AtHome() {
			return false
		}
	}
	return true
}

// splitSeries reads the observations of loaded data (with their resources).
func splitSeries(d *Data) obsViews {
	o := d.obsReaders()
	for _, typ := range []string{"DiagnosticReport", "Observation"} { // a report dates the results it lists (F111)
		for _, r := range d.OfType(typ) {
			o.add(r)
		}
	}
	return o.views()
}

// streamObservations reads the person's observations from the vault once, in the order Load
// read them, each decoded as it streams and none kept (Load read them without their
// resources: LoadOptions.summary).
func (d *Data) streamObservations(ctx context.Context, v *storage.Vault) (obsViews, error) {
	o := d.obsReaders()
	read := func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		res := health.Resource{Key: key(r.ID), Profile: r.Profile, Date: r.Meta.Date, File: r.Meta.File, JSON: r.Resource}
		for _, l := range r.Meta.Links {
			res.Links = append(res.Links, key(l))
		}
		o.add(&res)
		return nil
	}
	// The reports first (the summary loads none): a report dates the results it lists that
	// have no date of their own (F111).
	err := v.Records(ctx, storage.Query{Profile: d.Profile, Type: "DiagnosticReport", Reuse: true}, read)
	if err == nil {
		err = v.Records(ctx, storage.Query{Profile: d.Profile, Type: "Observation", Reuse: true}, read)
	}
	if err != nil {
		return obsViews{}, fmt.Errorf("reading the records: %w", err)
	}
	return o.views(), nil
}

// textInPeriod groups the results in words of [from, to) by result (TextResults orders them by
// name, then date), those not taken yet at now left out as readings are (F399).
func textInPeriod(text []health.TextResult, from, to, now time.Time, loc *time.Location) []SummaryText {
	var out []SummaryText
	at := map[[2]string]int{}
	for _, tr := range text {
		if tr.T.Before(from) || !tr.T.Before(to) || health.AfterTodayIn(health.Point{T: tr.T, DateOnly: tr.DateOnly, Precision: tr.Precision}, now, loc) {
			continue
		}
		k := [2]string{tr.Code, tr.Name}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, SummaryText{})
		}
		st := &out[i]
		if st.Count == 0 || !tr.T.Before(st.T) {
			st.TextResult = tr
		}
		st.Count++
		st.Keys = append(st.Keys, tr.Key)
	}
	return out
}

// inPeriod are the series' readings of [from, to) on the clock loc. Readings not taken yet at
// now are not the period's, as they are not Results' latest
// (health.UpToNow): a summary printed at 10:23 up to today listed a weighing dated 21:00 as
// "Body weight: 63 kg on 2026-12-06 (down 0.5 kg since 1 Dec 2026)" (F399).
func inPeriod(series []*health.Series, from, to, now time.Time, loc *time.Location) []SummarySeries {
	var out []SummarySeries
	if loc == nil {
		loc = time.UTC
	}
	// A reading dated by its day (its point at that day's UTC midnight) is in the period when
	// its day, on the person's clock, is: the 1 Jun reading of a period from 1 Jun in New York
	// (04:00 UTC) was left out, and one of the day after it counted (F361).
	dayIn := func(p health.Point) (day, in bool) {
		if !p.DateOnly || p.Precision != fhirjson.PrecisionDay {
			return false, false
		}
		y, m, d := p.T.UTC().Date()
		start := time.Date(y, m, d, 0, 0, 0, 0, loc)
		return true, start.AddDate(0, 0, 1).After(from) && start.Before(to)
	}
	for _, se := range series {
		// The points are oldest first (health.Results): those of the period are one run of
		// them, shown where they are rather than copied (a watch's 300,000 heart rates were
		// 70 MB more).
		i, j := se.SearchTime(from, false), se.SearchTime(to, false)
		for ; i > 0; i-- {
			if day, in := dayIn(se.At(i - 1)); !day || !in {
				break
			}
		}
		for ; j > i; j-- {
			if day, in := dayIn(se.At(j - 1)); !day || in {
				break
			}
		}
		// a reading dated by its day alone is taken once its day has begun on the person's clock
		if taken := health.UpToNowIn(se.Points(), now, loc); j > taken {
			j = taken
		}
		if j <= i {
			continue
		}
		ss := SummarySeries{Series: se, Points: se.Points().Slice(i, j)}
		// the readings taken at home among the records' (F493)
		for _, p := range ss.Points.All() {
			if w := HomeWords(p.Key); w != "" {
				ss.AtHome++
				switch ss.AtHomeWords {
				case "", w:
					ss.AtHomeWords = w
				default:
					ss.AtHomeWords = "entered in CareKeeper or from Apple Health"
				}
			}
		}
		if i > 0 {
			b := se.At(i - 1)
			ss.Before = &b
		}
		out = append(out, ss)
	}
	return out
}

// allergies are the person's current allergies and the number of past (inactive or resolved)
// ones.
// dietOrders are the person's diet and fluid orders in force, oldest first.
func dietOrders(d *Data) []SummaryItem {
	var out []SummaryItem
	for _, r := range d.OfType("NutritionOrder") {
		if o, ok := health.DietOrderOf(r.JSON); ok && o.Current() {
			out = append(out, SummaryItem{Name: o.Words(), Date: dayOn(d.Loc, r.Date), Key: r.Key})
		}
	}
	slices.SortStableFunc(out, func(a, b SummaryItem) int { return strings.Compare(a.Date, b.Date) })
	return out
}

func allergies(d *Data) ([]SummaryItem, int) {
	var out, none []SummaryItem
	var raw [][]byte  // each item's record, for health.SameAllergy
	var from []string // and its source
	past := 0
	for _, r := range d.OfType("AllergyIntolerance") {
		var a struct {
			Code               *health.Concept `json:"code"`
			RecordedDate       string          `json:"recordedDate"`
			OnsetDateTime      string          `json:"onsetDateTime"`
			VerificationStatus *health.Concept `json:"verificationStatus"`
			ClinicalStatus     *health.Concept `json:"clinicalStatus"`
		}
		if json.Unmarshal(r.JSON, &a) != nil || a.VerificationStatus.Has("entered-in-error") || a.VerificationStatus.Has("refuted") {
			continue
		}
		if a.ClinicalStatus.Has("inactive") || a.ClinicalStatus.Has("resolved") {
			if !isNoKnownAllergy(a.Code) {
				past++
			}
			continue
		}
		it := SummaryItem{Name: a.Code.Label(), Date: dayOn(d.Loc, r.Date, a.OnsetDateTime, a.RecordedDate), Key: r.Key}
		if it.Name == "" {
			it.Name = "Unnamed allergy"
		}
		// its reactions and risk as Conditions and the Timeline say them: "anaphylaxis; high
		// risk" (F403; the criticality in words, not FHIR's "criticality: low", F297)
		it.Detail = health.AllergyDetail(r.JSON)
		if isNoKnownAllergy(a.Code) {
			none = append(none, it)
			continue
		}
		// One allergy from two sources is one item, as Conditions says it (F433).
		merged := false
		for i := range out {
			if from[i] != r.Origin() && health.SameAllergy(raw[i], r.JSON) {
				out[i].Name = health.AllergyNames(out[i].Name, it.Name)
				if out[i].Detail == "" {
					out[i].Detail = it.Detail
				}
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, it)
			raw, from = append(raw, r.JSON), append(from, r.Origin())
		}
	}
	// "No known allergy" (an older document's, or a general one beside a food allergy) is not
	// said beside an allergy the records know.
	if len(out) == 0 {
		return none, past
	}
	return out, past
}

// noKnownAllergy are the SNOMED CT codes of "no known (drug, food, environmental) allergy",
// as C-CDA documents and portals write them.
var noKnownAllergy = []string{"716186003", "409137002", "429625007", "428607008"}

func isNoKnownAllergy(c *health.Concept) bool {
	for _, code := range noKnownAllergy {
		if c.Has(code) {
			return true
		}
	}
	return false
}

// dateUnknown stands for the date of a vaccination its record does not date (a C-CDA
// document's effectiveTime with a nullFlavor).
const dateUnknown = "date unknown"

func immunizations(d *Data) []SummaryItem {
	var out []SummaryItem
	seen := map[string]int{} // system|code|day → index in out
	named := map[int]bool{}  // index in out → its name is the record's own, not derived from its code
	for _, r := range d.OfType("Immunization") {
		var im struct {
			Status             string          `json:"status"`
			VaccineCode        *health.Concept `json:"vaccineCode"`
			OccurrenceDateTime string          `json:"occurrenceDateTime"`
		}
		if json.Unmarshal(r.JSON, &im) != nil || im.Status == "entered-in-error" || im.Status == "not-done" {
			continue
		}
		it := SummaryItem{Name: health.VaccineName(im.VaccineCode), Date: dayOn(d.Loc, r.Date, im.OccurrenceDateTime), Key: r.Key}
		if it.Name == "" {
			it.Name = "Unnamed vaccine"
		}
		if d.NotChecked[r.Key] {
			it.Detail = NotCheckedWords
		}
		// The same vaccination from two sources (a portal and a C-CDA document, two health
		// cards) is one line: the same vaccine code on the same day.
		dup := -1
		if im.VaccineCode != nil {
			for _, c := range im.VaccineCode.Coding {
				if i, ok := seen[c.System+"|"+c.Code+"|"+it.Date]; ok && c.Code != "" {
					dup = i
				}
			}
		}
		if dup >= 0 {
			if !named[dup] && health.VaccineNamed(im.VaccineCode) {
				out[dup].Name, named[dup] = it.Name, true
			}
			if it.Detail == "" {
				out[dup].Detail = "" // another source (a portal, a verified card) confirms it
			}
			continue
		}
		if im.VaccineCode != nil {
			for _, c := range im.VaccineCode.Coding {
				seen[c.System+"|"+c.Code+"|"+it.Date] = len(out)
			}
		}
		named[len(out)] = health.VaccineNamed(im.VaccineCode)
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out
}

// dayOn is the day ("2006-01-02") of the first of a record's own dates on the person's clock
// loc (health.DayIn: a date alone is its own day in every zone), else of its index date
// (sortable, kept as its UTC day: a date alone there is midnight UTC).
func dayOn(loc *time.Location, sortable string, own ...string) string {
	if raw := firstOf(own...); raw != "" {
		return health.DayIn(raw, loc)
	}
	return health.Day(sortable)
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// weightGains sets Gain on the body weight series of the period (SummarySeries.Gain), as the
// weight-gain card reads them at end (the period's end, or now before it).
func (s *Summary) weightGains(d *Data, end time.Time) {
	// an eGFR a quarter or more lower than three years before, as its card says (F453)
	for i := range s.Results {
		if w := kidneyFallWords(s.Results[i].Series, end, d.Loc); w != "" {
			s.Results[i].Gain = w
		}
	}
	// a blood sugar's lows in the period, and a meter's beside the gestational diabetes
	// targets the guide and its card give (F452, F454: the summary said neither)
	tg, _ := d.targetsNow()
	for h, list := range [][]SummarySeries{s.Results, s.Home} {
		for i := range list {
			se := &list[i]
			se.Lows = LowsWords(se.Series, se.Points)
			se.InRange = TimeInRangeWords(se.Series, se.Points)
			if tg != nil && isMeter(se.Series, h == 1) {
				se.Targets = tg.GlucoseTargets.Words(se.Series.UnitWords())
				if f, h1, h2, ok := tg.GlucoseTargets.In(se.Series.UnitWords()); ok {
					t := &mealTally{s: se.Series, f: f, h1: h1, h2: h2}
					for _, p := range se.Points.All() {
						t.add(p.V, p.Meal)
					}
					se.MealTargets = t.words()
				}
			}
		}
	}
	var g *guides.Guide
	for _, x := range d.Guides {
		if x.WeightGain.KG > 0 {
			g = x
			break
		}
	}
	if g == nil {
		return
	}
	for _, list := range [][]SummarySeries{s.Results, s.Home} {
		for i := range list {
			s.weightGain(&list[i], d, g, end)
		}
	}
}

func (s *Summary) weightGain(se *SummarySeries, d *Data, g *guides.Guide, end time.Time) {
	if w := guideGainWords(se.Series, g, end, d.Loc); w != "" {
		se.Gain = w
	}
}

// WeightGainWords is the gain a guide of the person's conditions names (heart failure: 2 kg in
// 3 days) when the body weight series se shows one by end, as the visit summary and the card
// say it: "up 5.4 lb (2.4 kg) in 3 days (168.4 lb on 3 Dec 2026 to 173.8 lb on 6 Dec 2026; the
// heart failure guide: 2 kg in 3 days)"; "" when none of gs names a gain, se is not a body
// weight, or the gain is smaller. The app's weight chart says it under its latest reading: it
// said only "+1.8 lb since 5 Dec 2026" of a gain the card called urgent (F461 item 4).
func WeightGainWords(se *health.Series, gs []*guides.Guide, end time.Time, loc *time.Location) string {
	for _, g := range gs {
		if g.WeightGain.KG > 0 {
			return guideGainWords(se, g, end, loc)
		}
	}
	return ""
}

func guideGainWords(se *health.Series, g *guides.Guide, end time.Time, loc *time.Location) string {
	if se == nil || codeOf(se) != "29463-7" {
		return ""
	}
	low, last, gain := weightGain(se, end, g.WeightGain.Days, loc)
	if gain < g.WeightGain.KG-1e-9 {
		return ""
	}
	days := max(daysApart(low.T, last.T, loc), 1)
	return fmt.Sprintf("up %s in %d %s (%s %s to %s %s; the %s guide: %s kg in %d %s)", gainWords(se, last.V-low.V, gain), days, plural(days, "day", "days"),
		pointValue(se, low), onDate(low.DateIn(loc), low.Precision), pointValue(se, last), onDate(last.DateIn(loc), last.Precision),
		lower(g.Title), health.FormatNumber(g.WeightGain.KG), g.WeightGain.Days, plural(g.WeightGain.Days, "day", "days"))
}

// GuidesOf are the guides of the current conditions in s (one person's records), as Data
// matches them.
func GuidesOf(s *health.Set) []*guides.Guide {
	d := &Data{Set: s}
	d.matchGuides()
	return d.Guides
}
