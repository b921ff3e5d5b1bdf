package health

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
)

// Chart data: what a result chart may draw, decided here so that no chart suggests what the
// data does not say. The app draws it (app/results), the CLI prints it.

// Flag marks a value outside its reference range.
type Flag string

// The flags.
const (
	FlagNone Flag = ""
	FlagHigh Flag = "High"
	FlagLow  Flag = "Low"
	// FlagAbnormal: the record calls it abnormal (interpretation A/AA) without saying which way.
	FlagAbnormal Flag = "Abnormal"
)

// FlagOf flags v against r (the record's own range) or, first, the record's interpretation
// code (H, HH, HU, >, L, LL, LU, <, A, AA). A typical (not the record's) range flags nothing:
// it is a guide, not the lab's verdict.
func FlagOf(v float64, r Range, interpretation string) Flag {
	switch interpretation {
	case "H", "HH", "HU", ">":
		return FlagHigh
	case "L", "LL", "LU", "<":
		return FlagLow
	case "A", "AA":
		return FlagAbnormal
	case "N":
		return FlagNone
	}
	if r.Typical || math.IsNaN(v) {
		return FlagNone
	}
	if r.High != nil && v > *r.High {
		return FlagHigh
	}
	if r.Low != nil && v < *r.Low {
		return FlagLow
	}
	return FlagNone
}

// flagOfWritten is FlagOf for a value as the record writes it: a value given as a limit
// (">60", "<0.5") is only flagged when the limit decides it — ">x" is high when x is at or
// above the range's high, "<x" low when x is at or below its low; ">60" against a low of 90
// may be normal, and is not "Low" (F340). The record's interpretation decides first.
func flagOfWritten(q Quantity, r Range, interpretation string) Flag {
	f := FlagOf(*q.Value, r, interpretation)
	if interpretation != "" || r.Typical {
		return f
	}
	v := *q.Value
	switch q.Comparator {
	case ">":
		if r.High != nil && v >= *r.High {
			return FlagHigh
		}
		return FlagNone
	case ">=":
		if r.High != nil && v > *r.High {
			return FlagHigh
		}
		return FlagNone
	case "<":
		if r.Low != nil && v <= *r.Low {
			return FlagLow
		}
		return FlagNone
	case "<=":
		if r.Low != nil && v < *r.Low {
			return FlagLow
		}
		return FlagNone
	}
	return f
}

// ChartPeriod is a chart's time window.
type ChartPeriod string

// The chart periods.
const (
	Period1M  ChartPeriod = "1m"
	Period3M  ChartPeriod = "3m"
	Period1Y  ChartPeriod = "1y"
	Period5Y  ChartPeriod = "5y"
	PeriodAll ChartPeriod = "all"
)

// Periods lists the periods in the order the picker shows them.
func Periods() []ChartPeriod { return []ChartPeriod{Period1M, Period3M, Period1Y, Period5Y, PeriodAll} }

// Label is the period in words ("1 month", "All").
func (p ChartPeriod) Label() string {
	switch p {
	case Period1M:
		return "1 month"
	case Period3M:
		return "3 months"
	case Period1Y:
		return "1 year"
	case Period5Y:
		return "5 years"
	}
	return "All"
}

// From is the start of the period ending at now (zero for All).
func (p ChartPeriod) From(now time.Time) time.Time {
	switch p {
	case Period1M:
		return now.AddDate(0, -1, 0)
	case Period3M:
		return now.AddDate(0, -3, 0)
	case Period1Y:
		return now.AddDate(-1, 0, 0)
	case Period5Y:
		return now.AddDate(-5, 0, 0)
	}
	return time.Time{}
}

// Band is a range drawn behind a line.
type Band struct {
	Low, High *float64
	// Typical: CareKeeper's general adult range, not the record's; Label says so.
	Typical bool
	Label   string // "Reference range", "Therapeutic range" or "Typical adult range"
}

// ChartPoint is one drawn point: a reading, or (N > 1) the mean of N readings of a day,
// week or month with their Min and Max.
type ChartPoint struct {
	T        time.Time
	V        float64
	Min, Max float64
	N        int
	Flag     Flag // the reading's flag; for a summary, High/Low when any reading in it is
	Key      Key  // the reading's record (the newest one for a summary)
	// Original is a single reading's value as the record wrote it, when it was converted into
	// the series' unit ("5.5 mmol/L"; Point.OriginalWords); "" otherwise and for summaries.
	Original string
	// DateOnly: a single reading the record dates by its day alone (Point.DateOnly).
	DateOnly bool
	// Precision: how precisely the record dates a single reading (Point.Precision).
	Precision fhirjson.Precision
}

// DateIn is a single reading's date in words as precisely as the record gives it ("March
// 2020" for a reading dated "2020-03", never "1 Mar 2020"; Point.DateIn).
func (cp ChartPoint) DateIn(loc *time.Location) string {
	return readingDate(cp.T, cp.Precision, cp.DateOnly, loc)
}

// WhenIn is when a single reading was taken, in words, as precisely as the record says it:
// "17 Aug 2018, 09:40" with a time of day, else DateIn ("17 Aug 2018", "March 2020", "2019").
func (cp ChartPoint) WhenIn(loc *time.Location) string {
	if cp.Precision == fhirjson.PrecisionTime || (cp.Precision == fhirjson.PrecisionUnknown && !cp.DateOnly) {
		return DateTimeWords(cp.T.In(loc))
	}
	return cp.DateIn(loc)
}

// ChartLine is one measured quantity (a blood pressure has two: systolic and diastolic, each
// with its own band so a diastolic value is never read against the systolic range).
type ChartLine struct {
	Name string
	Band Band
	// Segments are runs of points to join; a gap much longer than the usual interval between
	// readings starts a new segment, so no line is drawn across it.
	Segments [][]ChartPoint
}

// Summarised says how a dense series was reduced.
type Summarised string

// How a chart is summarised.
const (
	SummaryNone    Summarised = ""
	SummaryDaily   Summarised = "daily"
	SummaryWeekly  Summarised = "weekly"
	SummaryMonthly Summarised = "monthly"
)

// Words say how a chart so summarised is drawn, as a caption says it: "daily means, shaded
// from each day's lowest to highest reading"; "" for SummaryNone.
func (s Summarised) Words() string {
	switch s {
	case SummaryDaily:
		return "daily means, shaded from each day's lowest to highest reading"
	case SummaryWeekly:
		return "weekly means, shaded from each week's lowest to highest reading"
	case SummaryMonthly:
		return "monthly means, shaded from each month's lowest to highest reading"
	}
	return ""
}

// LastMeanWords say a summarised chart's last day (week, month) as the useful latest of a dense
// series — a minute's reading and its change since the minute before say nothing (F541): "on
// 6 Dec 2026 a mean of 66 beats a minute, from 56 to 76 (1,440 readings)"; "in the week of 30
// Nov 2026 …", "in November 2026 …"; a blood pressure "a mean of 131/82 mmHg". "" when c is not
// summarised or its last day holds one reading.
func LastMeanWords(se *Series, c Chart) string {
	if c.Summarised == SummaryNone || len(c.Lines) == 0 {
		return ""
	}
	last := func(l ChartLine) (ChartPoint, bool) {
		if len(l.Segments) == 0 || len(l.Segments[len(l.Segments)-1]) == 0 {
			return ChartPoint{}, false
		}
		seg := l.Segments[len(l.Segments)-1]
		return seg[len(seg)-1], true
	}
	a, ok := last(c.Lines[0])
	if !ok || a.N < 2 {
		return ""
	}
	loc := c.Loc
	if loc == nil {
		loc = time.UTC
	}
	t := a.T.In(loc)
	when := "on " + t.Format("2 Jan 2006")
	switch c.Summarised {
	case SummaryWeekly:
		when = "in the week of " + t.Format("2 Jan 2006")
	case SummaryMonthly:
		when = "in " + t.Format("January 2006")
	}
	n := " (" + Grouped(a.N) + " readings)"
	if se.Pair && len(c.Lines) > 1 {
		if b, ok := last(c.Lines[1]); ok && b.T.Equal(a.T) {
			return when + " a mean of " + Pressure(a.V, b.V) + ", from " + Pressure(a.Min, b.Min) + " to " + Pressure(a.Max, b.Max) + n
		}
		return ""
	}
	return when + " a mean of " + se.Value("", a.V) + ", from " + Number(a.Min, se.Unit) + " to " + Number(a.Max, se.Unit) + n
}

// Chart tunables.
const (
	// MaxChartPoints: more readings than this in the window are summarised (daily, else
	// weekly, else monthly means with min–max).
	MaxChartPoints = 60
	// GapFactor: a gap longer than this many times the median interval breaks the line
	// (and never a gap under MinGap).
	GapFactor = 4
	MinGap    = 7 * 24 * time.Hour
	// ChangeWithin: "change since the one before" is shown only when the one before is at
	// most this old at the time of the newest; otherwise "first reading in N years".
	ChangeWithin = 365 * 24 * time.Hour
)

// Chart is what a result chart shows for one series and period.
type Chart struct {
	Name     string // short name (ShortName)
	FullName string // the heading: PlainName, not cut (LOINC's long name is in the record's details)
	Unit     string // in people's form (Unit)
	Period   ChartPeriod
	From, To time.Time // the window (From zero for All: the first reading)
	Lines    []ChartLine
	// ValueCard: the window holds a single reading: show it as a number, not a chart.
	ValueCard  bool
	Summarised Summarised
	Readings   int    // readings in the window
	Latest     string // the newest reading in words ("123/89 mmHg")
	LatestFlag Flag
	LatestAt   time.Time
	// LatestDateOnly: the latest reading is dated by its day alone (show it with InZone).
	LatestDateOnly bool
	// LatestPrecision: how precisely the record dates the latest reading (LatestDateIn).
	LatestPrecision fhirjson.Precision
	// Loc is the person's clock the chart's days are on (BuildChartIn); nil: UTC's days.
	Loc *time.Location
	// Change is "+4 mmHg since 2 May 2026", "first reading in 17 years", "first reading",
	// or "" without readings.
	Change string
}

// LatestDateIn is the latest reading's date in words as precisely as the record gives it
// (Point.DateIn): "March 2020" for a reading dated "2020-03".
func (c Chart) LatestDateIn(loc *time.Location) string {
	return readingDate(c.LatestAt, c.LatestPrecision, c.LatestDateOnly, loc)
}

// BuildChart makes the chart of a series for a period ending at now (days of UTC; BuildChartIn
// for a person's).
func BuildChart(se *Series, p ChartPeriod, now time.Time) Chart { return BuildChartIn(se, p, now, nil) }

// BuildChartIn makes the chart of a series for a period ending at now on the person's clock
// loc: a day's, week's or month's mean is of the readings of that day on their clock (a
// reading at 23:30 in Los Angeles is not the next day's), and the axis names their days (Loc).
func BuildChartIn(se *Series, p ChartPeriod, now time.Time, loc *time.Location) Chart {
	from := p.From(now)
	pts := se.Since(from)
	// Readings not taken yet are left out of the window, as they are of the latest (UpToNow: a
	// timed one by its instant, F352); one dated today by its day alone is today's, drawn
	// where its day is (its UTC midnight, up to 14 hours after now at UTC+14).
	pts = pts.Slice(0, UpToNowIn(pts, now, loc))
	c := ChartOf(se, pts, loc)
	c.Period, c.To = p, now
	if !from.IsZero() {
		c.From = from
	}
	if pts.Len() > 0 && pts.At(pts.Len()-1).T.After(c.To) {
		c.To = pts.At(pts.Len() - 1).T
	}
	return c
}

// ChartOf is the chart of the readings pts of se (oldest first), summarised as Results
// summarises a window of as many (MaxChartPoints: daily, else weekly, else monthly means with
// each one's lowest and highest reading), on the person's clock loc. Its window is from the
// first reading to the last (Period ""). The visit summary draws its period's readings so:
// a watch's 42,800 heart rates of a month were one solid block on paper (F541), where Results
// drew their daily means.
func ChartOf(se *Series, pts Points, loc *time.Location) Chart {
	c := Chart{Name: se.ShortName(), FullName: se.PlainName(), Unit: se.UnitWords(), Loc: loc}
	c.Readings = pts.Len()
	if pts.Len() == 0 {
		return c
	}
	c.From = pts.At(0).T
	c.ValueCard = pts.Len() == 1
	last := pts.At(pts.Len() - 1)
	c.To = last.T
	c.LatestAt, c.LatestDateOnly, c.LatestPrecision = last.T, last.DateOnly, last.Precision
	c.LatestFlag = last.Flag
	if se.Pair {
		c.Latest = Pressure(last.V, last.V2)
		if last.Flag2 != FlagNone && c.LatestFlag == FlagNone {
			c.LatestFlag = last.Flag2
		}
	} else {
		c.Latest = se.Value("", last.V)
	}
	c.Change = ChangeWordsIn(se, last.T, loc)
	c.Summarised = summaryFor(pts, loc)
	if se.Pair {
		c.Lines = []ChartLine{
			line("Systolic", pts, func(p Point) (float64, Flag) { return p.V, p.Flag }, bandOf(se.Range), c.Summarised, loc),
			line("Diastolic", pts, func(p Point) (float64, Flag) { return p.V2, p.Flag2 }, bandOf(se.Range2), c.Summarised, loc),
		}
	} else {
		c.Lines = []ChartLine{line(c.Name, pts, func(p Point) (float64, Flag) { return p.V, p.Flag }, bandOf(se.Range), c.Summarised, loc)}
	}
	return c
}

func bandOf(r Range) Band {
	b := Band{Low: r.Low, High: r.High, Typical: r.Typical}
	switch {
	case r.Low == nil && r.High == nil:
	case r.Typical:
		b.Label = "Typical adult range"
	case r.Therapeutic:
		b.Label = "Therapeutic range"
	default:
		b.Label = "Reference range"
	}
	return b
}

// summaryFor picks the coarsest-needed summary for the readings.
func summaryFor(pts Points, loc *time.Location) Summarised {
	if pts.Len() <= MaxChartPoints {
		return SummaryNone
	}
	for _, s := range []Summarised{SummaryDaily, SummaryWeekly} {
		if buckets(pts, s, loc) <= MaxChartPoints {
			return s
		}
	}
	return SummaryMonthly
}

// bucketOf is the start of the day, week (Monday) or month of p on the clock loc (UTC when
// nil): midnight there. A reading dated by its day alone is in its own day in every zone.
func bucketOf(p Point, s Summarised, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t := p.In(loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	switch s {
	case SummaryWeekly:
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // Monday
	case SummaryMonthly:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
	}
	return day
}

func buckets(pts Points, s Summarised, loc *time.Location) int {
	n := 0
	var prev time.Time
	for i, p := range pts.All() {
		if b := bucketOf(p, s, loc); i == 0 || !b.Equal(prev) {
			n++
			prev = b
		}
	}
	return n
}

func line(name string, pts Points, val func(Point) (float64, Flag), band Band, s Summarised, loc *time.Location) ChartLine {
	l := ChartLine{Name: name, Band: band}
	var cps []ChartPoint
	var bucket []time.Time // each summary point's bucket
	for _, p := range pts.All() {
		v, fl := val(p)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		cp := ChartPoint{T: p.T, V: v, Min: v, Max: v, N: 1, Flag: fl, Key: p.Key, Original: p.OriginalWords(), DateOnly: p.DateOnly, Precision: p.Precision}
		b := bucketOf(p, s, loc)
		if s != SummaryNone && len(cps) > 0 {
			last := &cps[len(cps)-1]
			if bucket[len(bucket)-1].Equal(b) {
				last.V = (last.V*float64(last.N) + v) / float64(last.N+1)
				last.N++
				last.Min, last.Max = math.Min(last.Min, v), math.Max(last.Max, v)
				last.Key = p.Key
				last.Original, last.DateOnly, last.Precision = "", false, fhirjson.PrecisionUnknown
				if fl != FlagNone {
					last.Flag = fl
				}
				continue
			}
		}
		cps = append(cps, cp)
		bucket = append(bucket, b)
	}
	if s != SummaryNone {
		// A summary point sits at the start of its day, week or month on the person's clock.
		// (A bucket of one reading keeps its own time: "5 Dec 2026, 23:30", not 00:00.)
		for i := range cps {
			if cps[i].N > 1 {
				cps[i].T = bucket[i]
			}
		}
	}
	l.Segments = Segments(cps)
	return l
}

// Segments splits points (oldest first) where the gap to the next is longer than GapFactor
// times the median gap (and at least MinGap), so a line never bridges years without data.
func Segments(pts []ChartPoint) [][]ChartPoint {
	if len(pts) == 0 {
		return nil
	}
	gaps := make([]time.Duration, 0, len(pts)-1)
	for i := 1; i < len(pts); i++ {
		gaps = append(gaps, pts[i].T.Sub(pts[i-1].T))
	}
	limit := MinGap
	if len(gaps) > 0 {
		sorted := append([]time.Duration(nil), gaps...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
		if m := sorted[len(sorted)/2] * GapFactor; m > limit {
			limit = m
		}
	}
	var out [][]ChartPoint
	start := 0
	for i, g := range gaps {
		if g > limit {
			out = append(out, pts[start:i+1])
			start = i + 1
		}
	}
	return append(out, pts[start:])
}

// ChangeWords is how the reading at "at" (normally the newest) compares with the one
// before: "+4 mmHg since 2 May 2026" (a blood pressure: "+4/−2 mmHg since …"), "no change
// since …", "first reading in 17 years" when the one before is older than ChangeWithin,
// "first reading" without one. The date is as the record wrote it (ChangeWordsIn: on a
// person's clock).
func ChangeWords(se *Series, at time.Time) string { return ChangeWordsIn(se, at, nil) }

// ChangeWordsIn is ChangeWords with the reading before dated on the person's clock loc.
func ChangeWordsIn(se *Series, at time.Time, loc *time.Location) string {
	i := se.SearchTime(at, true) - 1
	if i < 0 {
		return ""
	}
	if i == 0 {
		return "first reading"
	}
	a, b := se.At(i-1), se.At(i)
	if gap := b.T.Sub(a.T); gap > ChangeWithin {
		return FirstReadingIn(a.T, b.T)
	}
	since := " " + SinceWords(a, b, loc)
	if se.Pair {
		d1, d2 := b.V-a.V, b.V2-a.V2
		if Number(d1, "mm[Hg]") == "0" && Number(d2, "mm[Hg]") == "0" {
			return "no change" + since
		}
		return signed(d1, "mm[Hg]") + "/" + signed(d2, "mm[Hg]") + " mmHg" + since
	}
	if w, note, ok := CensoredChange(se, a, b); ok {
		// ">90" then 62: "down more than 28 … since 1 Jun 2026 (then above 90 …)", F189
		return w + since + " (" + note + ")"
	}
	d := ChangeBetween(a.V, b.V, se.Unit) // to the readings' precision (F345)
	if Number(d, se.Unit) == "0" {
		return "no change" + since
	}
	v := ChangeSize(se, d)
	if d < 0 {
		return "−" + v + since
	}
	return "+" + v + since
}

// ChangeSize is the size of a change d of a series' readings in words, without its sign: "5
// kg"; of a percentile "4.2 percentile points" (a change of rank, not a rank); of an oxygen
// saturation "5 percentage points" — 88 % then 93 % is up 5 points, not "+5%" (5 % of 88 is
// 4.4, F512). ChangeWords and the visit summary's trend say it so (F525).
func ChangeSize(se *Series, d float64) string {
	switch {
	case isPercentile(se.Code, se.Unit):
		return Number(math.Abs(d), "%") + " percentile points"
	case oxygenSaturationCodes[codeOnly(se.Code)] && Unit(se.Unit) == "%":
		return Number(math.Abs(d), "%") + " percentage points"
	}
	return se.Value("", math.Abs(d))
}

// FirstReadingIn says a reading gap after the one before (more than ChangeWithin): "first
// reading in over a year" for up to 13 months (a card said "It is the first reading in 1 year"
// of a yearly check 371 days apart), "first reading in 19 months" under two years (a child's
// height 19 months after the one before read "in 1 year", F394), then "first reading in 3
// years".
func FirstReadingIn(before, at time.Time) string {
	a, b := before.UTC(), at.UTC()
	months := (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	if b.Day() < a.Day() {
		months-- // whole calendar months: 14 Apr 2025 to 20 Nov 2026 is 19
	}
	switch {
	case months < 13:
		return "first reading in over a year"
	case months < 24:
		return "first reading in " + strconv.Itoa(months) + " months"
	}
	return "first reading in " + Count(months/12, "year", "")
}

// sameDayTimed says a and b are both timed readings of the same day on the clock loc.
// SinceWords says when the reading a before b was, as a change says it: "since 5 Dec 2026", as
// precisely as the record dates it ("since 2023"); for two readings of one day the time of the
// one before, not the day both were taken ("since 09:00", not "since 5 Dec 2026" under
// "Latest, on 5 Dec 2026", F246). Results and the visit summary say it alike.
func SinceWords(a, b Point, loc *time.Location) string {
	if !sameDayTimed(a, b, loc) {
		return "since " + a.DateIn(loc)
	}
	t := a.T
	if loc != nil {
		t = t.In(loc)
	}
	return "since " + t.Format("15:04")
}

func sameDayTimed(a, b Point, loc *time.Location) bool {
	return timed(a) && timed(b) && a.DateIn(loc) == b.DateIn(loc)
}

func signed(d float64, unit string) string {
	n := Number(math.Abs(d), unit)
	switch {
	case n == "0":
		return "0"
	case d < 0:
		return "−" + n
	}
	return "+" + n
}

// CensoredChange is a change between two readings when either was written with a comparator
// (">90", "<40"): the lab only says the value was beyond a limit, so the change is only known
// to be more than the difference, or not known at all. ok is false when neither reading has a
// comparator (say the change as a number); words is then "". Otherwise words is "up more than
// 110 mg/dL", "down more than 28 mL/min/1.73 m²" or "change not known", and note says which
// reading was a limit: "then below 40 mg/dL", "now above 90 mL/min/1.73 m²" (F189: a summary
// read "down 28 since 1 Jun 2026" when the lab wrote ">90").
func CensoredChange(se *Series, a, b Point) (words, note string, ok bool) {
	if a.Comparator == "" && b.Comparator == "" {
		return "", "", false
	}
	bounds := func(p Point) (lo, hi float64) {
		switch p.Comparator {
		case ">", ">=":
			return p.V, math.Inf(1)
		case "<", "<=":
			return math.Inf(-1), p.V
		}
		return p.V, p.V
	}
	limit := func(p Point) string {
		w := map[string]string{">": "above", ">=": "at least", "<": "below", "<=": "at most"}[p.Comparator]
		return w + " " + se.Value("", p.V)
	}
	var notes []string
	if a.Comparator != "" {
		notes = append(notes, "then "+limit(a))
	}
	if b.Comparator != "" {
		notes = append(notes, "now "+limit(b))
	}
	loA, hiA := bounds(a)
	loB, hiB := bounds(b)
	least, most := loB-hiA, hiB-loA
	switch {
	case least > 0 && Number(least, se.Unit) != "0":
		words = "up more than " + se.Value("", least)
	case least > 0:
		words = "up"
	case most < 0 && Number(-most, se.Unit) != "0":
		words = "down more than " + se.Value("", -most)
	case most < 0:
		words = "down"
	default:
		words = "change not known"
	}
	return words, strings.Join(notes, ", "), true
}

// LatestAsOf is the reading to show as the latest at now: the newest taken by now (UpToNow).
// A timed reading is judged by its own instant: at 11:00 one dated 21:00 that day is not taken
// yet, wherever the computer is (F352: after 10:00 UTC it is already tomorrow at UTC+14, and a
// weighing eleven hours ahead was the latest and a loss of 0.5 kg). A reading dated by its day
// alone is taken once its day has begun anywhere on Earth (its day at UTC+14, as the import
// line counts them): one of today is today's. Readings not taken yet (a file's typo: '2 Sep
// 2062') are kept and returned in ahead, oldest first, never the latest (F175). When every
// reading is ahead, latest is the newest of them (and in ahead too): say so with its date
// (AfterToday).
func LatestAsOf(se *Series, now time.Time) (latest Point, ahead Points) {
	return LatestAsOfIn(se, now, nil)
}

// LatestAsOfIn is LatestAsOf for a person on the clock loc: a reading dated by its day alone
// is taken once its day has begun on their clock (UpToNowIn), not once it has begun at
// UTC+14: in London at 13:00 on 6 Dec a lab's "2026-12-07" was the Latest, on 7 Dec. loc nil:
// LatestAsOf.
func LatestAsOfIn(se *Series, now time.Time, loc *time.Location) (latest Point, ahead Points) {
	if se.Len() == 0 {
		return Point{}, Points{}
	}
	i := UpToNowIn(se.Points(), now, loc)
	ahead = se.Points().Slice(i, se.Len())
	if i == 0 {
		return se.Latest(), ahead
	}
	return se.At(i - 1), ahead
}

// UpToNow is how many of the readings ps (oldest first) are taken by now: the leading run
// before the first one not taken yet (AfterToday). A reading dated by its day alone that sorts
// after one not taken yet is left out with it.
func UpToNow(ps Points, now time.Time) int { return UpToNowIn(ps, now, nil) }

// UpToNowIn is UpToNow for a person on the clock loc (AfterTodayIn): a reading dated by its
// day alone is taken once that day has begun there. loc nil: its day at UTC+14 (UpToNow).
func UpToNowIn(ps Points, now time.Time, loc *time.Location) int {
	// Only the readings from 14 hours before now on can be not taken yet (a date-only one of a
	// day that has not begun west of UTC); the others are. They are looked at one by one (a
	// day's readings at most stand around now).
	from := now
	if loc != nil {
		from = now.Add(-14 * time.Hour)
	}
	i := ps.Search(func(p Point) bool { return p.T.After(from) })
	for i < ps.Len() && !AfterTodayIn(ps.At(i), now, loc) {
		i++
	}
	return i
}

// AfterToday says a reading is not taken yet at now: a timed one dated after now (21:00 at
// 11:00), one dated by its day alone (or month, or year) dated after today anywhere on Earth
// (after the end of today at UTC+14): a reading no clock has reached yet.
func AfterToday(p Point, now time.Time) bool { return AfterTodayIn(p, now, nil) }

// AfterTodayIn is AfterToday for a person on the clock loc: a reading dated by its day alone
// (or month, or year) is not taken yet until its day has begun on their clock — one dated
// tomorrow is tomorrow's wherever it is already tomorrow (F352's note, Kiritimati). loc nil:
// AfterToday (anywhere on Earth, as an import counts them).
func AfterTodayIn(p Point, now time.Time, loc *time.Location) bool {
	if timed(p) {
		return p.T.After(now)
	}
	if loc != nil {
		y, m, d := now.In(loc).Date()
		return !p.T.Before(time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)) // p.T: its day's UTC midnight
	}
	east := time.FixedZone("UTC+14", 14*3600)
	y, m, d := now.In(east).Date()
	return !p.T.Before(time.Date(y, m, d+1, 0, 0, 0, 0, east))
}

// timed says the record dates the reading to its time, not only its day.
func timed(p Point) bool {
	return !p.DateOnly && (p.Precision == fhirjson.PrecisionUnknown || p.Precision > fhirjson.PrecisionDay)
}

// AheadWords says the readings not taken yet at now (LatestAsOf's ahead), on the clock loc: "1
// reading dated after today, 2 Sep 2062", "3 readings dated after today, the latest 31 Dec
// 9999"; those of today still to come (21:00 at 09:00) are not "after today, 2 Mar 2026" on
// 2 Mar 2026 but "1 reading dated later today, 21:00", "2 readings dated later today, the
// latest 23:00" (F352); both kinds: "1 reading dated later today, 21:00; 1 reading dated after
// today, 2 Sep 2062"; "" for none.
func AheadWords(ahead Points, now time.Time, loc *time.Location) string {
	var later, after int
	var lastLater, lastAfter Point
	for _, p := range ahead.All() {
		if laterToday(p, now, loc) {
			later, lastLater = later+1, p
		} else {
			after, lastAfter = after+1, p
		}
	}
	var parts []string
	switch {
	case later == 1:
		parts = append(parts, "1 reading dated later today, "+lastLater.In(loc).Format("15:04"))
	case later > 1:
		parts = append(parts, Count(later, "reading", "")+" dated later today, the latest "+lastLater.In(loc).Format("15:04"))
	}
	switch {
	case after == 1:
		parts = append(parts, "1 reading dated after today, "+lastAfter.DateIn(loc))
	case after > 1:
		parts = append(parts, Count(after, "reading", "")+" dated after today, the latest "+lastAfter.DateIn(loc))
	}
	return strings.Join(parts, "; ")
}

// AfterDeathWords say the readings dated after a person's death (Death.Until), left out of
// their chart and their latest: "1 reading dated after the death, 2 Apr 2026"; "3 readings
// dated after the death, the latest 2 Apr 2026"; "" for none (F439).
func AfterDeathWords(after Points, loc *time.Location) string {
	switch n := after.Len(); {
	case n == 1:
		return "1 reading dated after the death, " + after.At(0).DateIn(loc)
	case n > 1:
		return Count(n, "reading", "") + " dated after the death, the latest " + after.At(n-1).DateIn(loc)
	}
	return ""
}

// AheadWord says a series' only reading, not taken yet: "dated after today", or "dated later
// today, 21:00" for one of today still to come on the clock loc.
func AheadWord(p Point, now time.Time, loc *time.Location) string {
	if laterToday(p, now, loc) {
		return "dated later today, " + p.In(loc).Format("15:04")
	}
	return "dated after today"
}

// laterToday says a reading not taken yet is a timed one of today on the clock loc.
func laterToday(p Point, now time.Time, loc *time.Location) bool {
	return loc != nil && timed(p) && sameDay(p.In(loc), now.In(loc))
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
