package health

import (
	"bytes"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
)

// LOINC codes of the blood-pressure panel and its two components.
const (
	LOINC             = "http://loinc.org"
	CodeBPPanel       = "85354-9"
	CodeSystolic      = "8480-6"
	CodeDiastolic     = "8462-4"
	bloodPressureName = "Blood pressure"
)

// Range is a reference range. Low or High may be missing.
type Range struct {
	Low, High *float64
	// Typical is set when the range is a general adult range CareKeeper knows, not one the
	// records give; the app says so.
	Typical bool
	// Text is the lab's range as it wrote it, when it gives no numbers ("65-74 y Male: 4.3 -
	// 5.3 x 10^12/L ; …"), spaces folded; shown as written, never drawn (F153). When the text
	// gives a line per age and sex and one applies to the person at the reading's date, Text is
	// that line's range ("4.3 - 5.3 x 10^12/L") and For says whom it is for ("males aged
	// 65–74"); For is "" when Text is the whole text as written.
	Text, For string
	// Therapeutic: the record's range is typed "therapeutic" — the target on a treatment (INR
	// 2–3 on warfarin), not a normal range; a value outside it is flagged High or Low against
	// it, and the range is called "therapeutic range" wherever it is said (F364).
	Therapeutic bool
}

// Point is one measurement.
type Point struct {
	T     time.Time
	V     float64 // the value (systolic for blood pressure)
	V2    float64 // diastolic, for blood pressure
	Key   Key
	Range Range // the record's own reference range, if any
	// Range2 is the record's own range for V2 (the diastolic component's), if any.
	Range2 Range
	// Flag is High/Low when V is outside the record's own range or its interpretation code
	// says so; Flag2 the same for V2 (diastolic).
	Flag, Flag2 Flag
	// Comparator is the record's own "<", "<=", ">=" or ">" before V ("eGFR >=60"), if any.
	Comparator string
	// DateOnly: the record gives the day, not the time (a C-CDA time without a zone), or only
	// the month or year (Precision says which).
	DateOnly bool
	// Precision is how precisely the record dates the reading: "2020-03" is March 2020.
	Precision fhirjson.Precision
	// Converted: the record gave the value in another unit (OriginalUnit, as written) and V
	// is Original converted into the series' unit (ConvertUnit); Range is converted too.
	Converted    bool
	Original     float64
	OriginalUnit string
	// Meal is, for a blood sugar, when its record says it was taken beside a meal (fasting, 1
	// or 2 hours after a meal: MealOf), MealNotSaid otherwise (F547).
	Meal Meal
}

// In is the point's time as shown in loc: a date-only reading on its own day in every zone
// (InZone).
func (p Point) In(loc *time.Location) time.Time { return InZone(p.T, p.DateOnly, loc) }

// DateIn is the reading's date in words, as precisely as the record gives it: "2020",
// "March 2020", "4 Mar 2020" (a date-only reading on its own day in every zone, a timed one
// on its day in loc; loc nil: in the offset the record wrote).
func (p Point) DateIn(loc *time.Location) string {
	return readingDate(p.T, p.Precision, p.DateOnly, loc)
}

// WhenIn is when the reading was taken, in words, as precisely as the record says it: "6 Dec
// 2026, 14:00" with a time of day, else DateIn (ChartPoint.WhenIn).
func (p Point) WhenIn(loc *time.Location) string {
	return ChartPoint{T: p.T, DateOnly: p.DateOnly, Precision: p.Precision}.WhenIn(loc)
}

func readingDate(t time.Time, prec fhirjson.Precision, dateOnly bool, loc *time.Location) string {
	if prec == fhirjson.PrecisionUnknown && dateOnly {
		prec = fhirjson.PrecisionDay
	}
	switch prec {
	case fhirjson.PrecisionYear:
		return t.UTC().Format("2006")
	case fhirjson.PrecisionMonth:
		return t.UTC().Format("January 2006")
	case fhirjson.PrecisionDay:
		return DateWords(InZone(t, true, time.UTC))
	}
	if loc != nil {
		t = t.In(loc)
	}
	return DateWords(t)
}

// readingPrecision is the precision of a reading's FHIR date as written (by its length: the
// observation reader has parsed it already).
func readingPrecision(at string) fhirjson.Precision {
	switch len(at) {
	case len("2006"):
		return fhirjson.PrecisionYear
	case len("2006-01"):
		return fhirjson.PrecisionMonth
	case len("2006-01-02"):
		return fhirjson.PrecisionDay
	}
	return fhirjson.PrecisionTime
}

// OriginalWords is a converted point's value as the record wrote it ("5.5 mmol/L"), else "".
func (p Point) OriginalWords() string {
	if !p.Converted {
		return ""
	}
	return Value(p.Comparator, p.Original, p.OriginalUnit)
}

// Series is the measurements of one code of one person over time, oldest first. Results
// never merges people: the same code of two people is two series.
type Series struct {
	Profile string // the person the readings belong to
	Code    string // "system|code"; for blood pressure the systolic code
	Name    string
	Unit    string
	Pair    bool // blood pressure: V is systolic, V2 diastolic
	// The readings, oldest first (Len, At, Points; Append for a series made by hand), kept
	// compactly (points.go).
	r      cols
	tab    *pointTable
	Range  Range // for V
	Range2 Range // for V2 (blood pressure)
	// RangeFrom is the day of the reading whose range Range is, in words ("29 Nov 2026"), when
	// it is not the newest's: the newest reading gives none, an earlier one does (F510); "" else.
	RangeFrom string
	// Apart: other readings of this result are in a unit that cannot be converted into this
	// one (Unit), so they are a series of their own; names say the unit ("Glucose (mg/dL)").
	Apart bool
	// Child: the newest reading was taken before the person was 18, so CareKeeper's typical
	// adult range is not given (ranges for children depend on age, F112); a range the records
	// give still is.
	Child bool
	// Specimen tells this series from another of the same person with the same plain name
	// ("blood" for a meter's or whole-blood glucose, "serum or plasma" for the lab's); names
	// say it: "Glucose (blood)". "" when no other series shares the name.
	Specimen string
}

// Latest is the newest point.
func (s *Series) Latest() Point { return s.At(len(s.r.pts) - 1) }

// Change is the newest value minus the one before (0 and false with a single point).
func (s *Series) Change() (d, d2 float64, ok bool) {
	n := len(s.r.pts)
	if n < 2 {
		return 0, 0, false
	}
	return s.r.pts[n-1].v - s.r.pts[n-2].v, s.r.second(n-1) - s.r.second(n-2), true
}

// Since returns the points at or after from (all of them for a zero from).
func (s *Series) Since(from time.Time) Points {
	if from.IsZero() {
		return s.Points()
	}
	i := s.search(from, false)
	return Points{s, i, len(s.r.pts)}
}

// search is the index of the first reading at or after t (after t when after is true).
func (s *Series) search(t time.Time, after bool) int {
	sec, nsec := t.Unix(), uint32(t.Nanosecond())
	return sort.Search(len(s.r.pts), func(i int) bool {
		c := &s.r.pts[i]
		if c.sec != sec {
			return c.sec > sec
		}
		if after {
			return c.nsec > nsec
		}
		return c.nsec >= nsec
	})
}

// SearchTime is the index of the first reading at or after t (after t when after is true),
// Len() if none: the readings are in order of time.
func (s *Series) SearchTime(t time.Time, after bool) int { return s.search(t, after) }

func f(v float64) *float64 { return &v }

// typicalRanges are general adult ranges shown when the records give none, marked as such.
var typicalRanges = map[string]Range{
	CodeSystolic:  {Low: f(90), High: f(120), Typical: true},
	CodeDiastolic: {Low: f(60), High: f(80), Typical: true},
	"8867-4":      {Low: f(60), High: f(100), Typical: true},  // heart rate /min
	"39156-5":     {Low: f(18.5), High: f(25), Typical: true}, // BMI
	"4548-4":      {Low: f(4), High: f(5.7), Typical: true},   // HbA1c %
	"2339-0":      {Low: f(70), High: f(100), Typical: true},  // glucose mg/dL
	"9279-1":      {Low: f(12), High: f(20), Typical: true},   // respiratory rate
}

// typicalUnits are the units of typicalRanges.
var typicalUnits = map[string]string{
	CodeSystolic: "mm[Hg]", CodeDiastolic: "mm[Hg]", "8867-4": "/min", "39156-5": "kg/m2", "4548-4": "%",
	"2339-0": "mg/dL", "9279-1": "/min",
}

// preferred orders the series people look at most first.
var preferred = []string{CodeSystolic, "29463-7", "39156-5", "8867-4", "2339-0", "4548-4", "2093-3", "18262-6", "2085-9", "33914-3", "8302-2"}

type obsJSON struct {
	Status            string    `json:"status"`
	Code              Concept   `json:"code"`
	EffectiveDateTime string    `json:"effectiveDateTime"`
	EffectivePeriod   *Period   `json:"effectivePeriod"`
	Issued            string    `json:"issued"`
	ValueQuantity     *Quantity `json:"valueQuantity"`
	HasMember         []struct {
		Reference string `json:"reference"`
	} `json:"hasMember"`
	ReferenceRange []refRange `json:"referenceRange"`
	Interpretation []Concept  `json:"interpretation"`
	Component      []struct {
		Code           Concept    `json:"code"`
		ValueQuantity  *Quantity  `json:"valueQuantity"`
		ReferenceRange []refRange `json:"referenceRange"`
		Interpretation []Concept  `json:"interpretation"`
	} `json:"component"`
}

type refRange struct {
	Low       *Quantity `json:"low"`
	High      *Quantity `json:"high"`
	Type      *Concept  `json:"type"`
	AppliesTo []Concept `json:"appliesTo"`
	Age       *struct {
		Low  *Quantity `json:"low"`
		High *Quantity `json:"high"`
	} `json:"age"`
	Text string `json:"text"`
}

// rangeOf is the record's range in the unit of its value q (for a result of code): a bound
// written in another unit is converted (70–99 mg/dL for a glucose in mmol/L is 3.9–5.5); a
// range that cannot be converted gives no numbers — it flags nothing and is shown as written,
// "10–40 mmol/L" (F324: a glucose of 7.9 mmol/L read against 70–99 was "Low"). A bound
// without a unit is in the value's.
func rangeOf(rr []refRange, q *Quantity, code string) Range {
	var r Range
	if len(rr) == 0 {
		return r
	}
	bounds := []struct {
		in  *Quantity
		out **float64
	}{{rr[0].Low, &r.Low}, {rr[0].High, &r.High}}
	for _, b := range bounds {
		if b.in == nil || !usable(b.in.Value) {
			continue
		}
		v, ok := inUnitOf(*b.in.Value, b.in, q, code)
		if !ok {
			return Range{Text: rangeWords(rr[0])}
		}
		*b.out = &v
	}
	if r.Low == nil && r.High == nil {
		r.Text = strings.Join(strings.Fields(rr[0].Text), " ")
	}
	return r
}

// inUnitOf is v, a bound written in b's unit, in the unit of the value q; ok is false when
// the two units are known to differ and do not convert.
func inUnitOf(v float64, b, q *Quantity, code string) (float64, bool) {
	from := strings.TrimSpace(firstNonEmpty(b.Code, b.Unit))
	if from == "" || q == nil {
		return v, true
	}
	to := strings.TrimSpace(firstNonEmpty(q.Code, q.Unit))
	if to == "" {
		return v, false
	}
	if sameUnit(b.Code, q.Code) && b.Code != "" || sameUnit(b.Unit, q.Unit) && b.Unit != "" || sameUnit(from, to) {
		return v, true
	}
	fu, tu := UCUMOf(b.Code, b.Unit), UCUMOf(q.Code, q.Unit)
	if fu == "" || tu == "" {
		return v, true // a unit not known here ("K/uL" beside "10*3/uL"): as the record pairs them
	}
	out, ok := ConvertUnit(v, fu, tu, code)
	if !ok || out == 0 {
		return out, ok
	}
	// To three significant digits, as a lab writes a range: 99 mg/dL is 5.50 mmol/L, so a
	// glucose of 5.5 mmol/L is not "High" over 5.495.
	scale := math.Pow(10, 2-math.Floor(math.Log10(math.Abs(out))))
	return math.Round(out*scale) / scale, true
}

// rangeWords is a range as the record writes it: "10–40 mmol/L", "≥ 60 mL/min".
func rangeWords(r refRange) string {
	num := func(q *Quantity) string {
		if q == nil || !usable(q.Value) {
			return ""
		}
		return Number(*q.Value, "")
	}
	unit := func(q *Quantity) string {
		if q == nil {
			return ""
		}
		if u := Unit(q.UnitLabel()); u != "" {
			return " " + u
		}
		return ""
	}
	low, high := num(r.Low), num(r.High)
	switch {
	case low != "" && high != "":
		if unit(r.Low) == unit(r.High) {
			return low + "–" + high + unit(r.High)
		}
		return low + unit(r.Low) + "–" + high + unit(r.High)
	case low != "":
		return "≥ " + low + unit(r.Low)
	case high != "":
		return "≤ " + high + unit(r.High)
	}
	return strings.Join(strings.Fields(r.Text), " ")
}

// interpretationCode is the first v3 ObservationInterpretation code of the concepts.
func interpretationCode(cs []Concept) string {
	for _, c := range cs {
		for _, cd := range c.Coding {
			if cd.Code != "" {
				return cd.Code
			}
		}
	}
	return ""
}

// MaxReadable is the largest magnitude a measured value is taken for; anything beyond (such
// as ±1.7e308) is a broken record, counted as unreadable instead of drawn or summed.
const MaxReadable = 1e12

func usable(v *float64) bool {
	return v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) && math.Abs(*v) <= MaxReadable
}

// Unreadable counts the person's numeric-looking observations Results leaves out: no
// readable date, or a value that is not a usable number. Views say so ("2 results could not
// be read") instead of dropping them silently.
func Unreadable(s *Set) int { return readObservations(s).Unreadable() }

// Results groups numeric observations into series by person and code: a Set holding
// several people's records gives each person their own series (never one merged line).
// Blood pressure (the panel, or systolic and diastolic observations taken at the same time)
// becomes one series with both values. Each point is flagged against its record's own range
// or interpretation. Values that are not usable numbers are left out (Unreadable counts
// them). Series are ordered by person, then: blood pressure, weight, BMI, heart rate,
// glucose, HbA1c, cholesterol, eGFR…, then by name.
func Results(s *Set) []*Series { return readObservations(s).Series() }

// readObservations reads the set's observations (ObservationReader).
func readObservations(s *Set) *ObservationReader {
	var b ObservationReader
	for _, r := range s.OfType("Patient") {
		b.Add(r) // their birth date and sex
	}
	for _, r := range s.OfType("DiagnosticReport", "Observation") {
		b.Add(r)
	}
	return &b
}

// ObservationReader reads a person's observations one at a time and keeps only what Results,
// Unreadable and TextResults need of each (the reading, not the record), so a view of tens of
// thousands of results need not hold every record's JSON: Series, Unreadable and Text give
// what the functions of those names give for a Set of the observations added, in the order
// added.
type ObservationReader struct {
	// Readings of one code (or of one analyte whose mass and substance concentrations have
	// two codes) are one series in the unit most of them were taken in (commonUnit): the others are converted
	// (ConvertUnit) and marked so (Point.Converted, the value as written kept). Readings in a
	// unit that cannot be converted are a series of their own (Series.Apart), never one line
	// mixing their numbers.
	groups             map[groupKey]*cols // the readings of each group, each with its unit (cpoint.unit)
	tab                *pointTable        // what readings share besides time, values and id (the series' table)
	units              []unitOf           // the units readings were taken in (cpoint.unit)
	unitIdx            map[unitOf]int32   // their places in units
	names              map[groupKey]string
	order              []groupKey
	sys, dia           map[bpWhen]*bpHalf
	sysOrder, diaOrder []bpWhen
	unreadable         int
	text               []TextResult
	adult              map[string]time.Time    // profile → the day they are 18 (Born)
	people             map[string]*personFacts // profile → birth date and sex (Born, Sex)
	// A result with no date of its own is dated by the report or panel that lists it (FHIR
	// puts the time on the DiagnosticReport, F111): listedAt holds those dates by the
	// reference's "Type/id" and by the key the vault resolved it to; undated waits for them
	// (its records kept) until the views are asked for.
	listedAt map[string]string
	undated  []*Resource
	meals    map[string]Meal // a blood sugar's code and names → MealOf
}

// Born tells the reader a person's birth date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"): a series
// whose newest reading was taken before they were 18 gets no typical adult range (Series.Child).
func (b *ObservationReader) Born(profile, birthDate string) {
	if f := b.facts(profile); f.birth == "" {
		f.birth = birthDate // a range given by age in words is read for it
	}
	t := AdultFrom(birthDate)
	if t.IsZero() {
		return
	}
	if b.adult == nil {
		b.adult = map[string]time.Time{}
	}
	if _, ok := b.adult[profile]; !ok {
		b.adult[profile] = t
	}
}

// AdultFrom is the day a person born on birthDate is 18 (UTC midnight; for a year or month
// alone, the latest it can be), or the zero time when the date is not one.
func AdultFrom(birthDate string) time.Time {
	var t time.Time
	var err error
	switch len(birthDate) {
	case 4:
		t, err = time.Parse("2006", birthDate)
		t = t.AddDate(1, 0, -1)
	case 7:
		t, err = time.Parse("2006-01", birthDate)
		t = t.AddDate(0, 1, -1)
	default:
		if len(birthDate) < 10 {
			return time.Time{}
		}
		t, err = time.Parse("2006-01-02", birthDate[:10])
	}
	if err != nil {
		return time.Time{}
	}
	return t.AddDate(18, 0, 0)
}

// unitOf is what a reading's unit and code are.
type unitOf struct {
	unit, code string // the unit as written; "system|code"
	ucum       string // the unit for conversion (UCUMOf), or ""
}

type groupKey struct{ profile, code string }

// bpHalf is a systolic or diastolic reading waiting for its other half.
type bpHalf struct {
	v     float64
	unit  Quantity
	key   Key
	rng   Range
	flag  Flag
	taken bool
	day   bool // dated by its day alone
}

type bpWhen struct {
	profile string
	t       time.Time
}

// obsText is an observation with the fields of a result written as text.
type obsText struct {
	obsJSON
	ValueString string `json:"valueString"`
	// ValueCodeableConcept is a coded answer ("Negative", "Positive"): a result in words.
	ValueCodeableConcept *Concept  `json:"valueCodeableConcept"`
	Category             []Concept `json:"category"`
	DataAbsentReason     *Concept  `json:"dataAbsentReason"`
	// ValueDateTime is a result given as a date: an estimated due date (11778-8).
	ValueDateTime string `json:"valueDateTime"`
}

// add adds a reading of code, named name by its record, to its series (group); display is
// the code's own name (the coding's display, "" for none). Readings of one code named in
// different words by their records — a meter's "Glikemia na czczo" (fasting) and "Glikemia 1 h
// po śniadaniu" (after breakfast) — are a series named by the code, never by one reading's
// words: Zofia's after-dinner 147 mg/dL was "Glikemia na czczo 147 mg/dL" (F547).
func (b *ObservationReader) add(profile, group, code, name, display string, q Quantity, p Point) {
	k := groupKey{profile, group}
	if b.groups == nil {
		b.groups, b.names, b.unitIdx, b.tab = map[groupKey]*cols{}, map[groupKey]string{}, map[unitOf]int32{}, &pointTable{}
	}
	g := b.groups[k]
	if g == nil {
		g = &cols{}
		b.groups[k] = g
		b.order = append(b.order, k)
		b.names[k] = name
	} else if display != "" && b.names[k] != display && !sameWords(b.names[k], name) {
		b.names[k] = display
	}
	u := unitOf{q.unitWritten(), code, UCUMOf(q.Code, q.Unit)}
	i, ok := b.unitIdx[u]
	if !ok {
		i = int32(len(b.units))
		b.units = append(b.units, u)
		b.unitIdx[u] = i
	}
	c := b.tab.encode(p) // the vault's id string is let go: its bytes are kept in the table
	c.unit = i
	g.add(c, p.V2)
}

const bpCode = LOINC + "|" + CodeSystolic

// mmHgFactor is what a blood pressure value in q's unit is multiplied by to be in mmHg: 1 for
// mmHg and for a unit CareKeeper does not know (as before), 7.5 for kPa; ok is false for a
// unit of something else than pressure (not a blood pressure to show in mmHg).
func mmHgFactor(q Quantity) (f float64, ok bool) {
	u := UCUMOf(q.Code, q.Unit)
	if u == "" {
		return 1, true
	}
	return ConvertUnit(1, u, "mm[Hg]", "")
}

// scaled is the range with its limits multiplied by f.
func (r Range) scaled(f float64) Range {
	if f == 1 {
		return r
	}
	for _, p := range []**float64{&r.Low, &r.High} {
		if *p != nil {
			v := **p * f
			*p = &v
		}
	}
	return r
}

func (b *ObservationReader) bp(profile string, p Point) {
	b.add(profile, bpCode, bpCode, bloodPressureName, "", Quantity{Unit: "mmHg"}, p)
}

// Add reads one record; records that are not observations, diagnostic reports or Patients, or
// deleted, are left out. A Patient tells the reader the person's birth date (unless Born did)
// and sex, for a range a lab gives in words by age and sex: add it before the observations. A report (or a panel observation) dates the results it lists that have no
// date of its own, whichever comes first. The reader keeps nothing of r (its JSON may be
// reused afterwards) except an observation with no date, kept whole until the views are
// asked for.
func (b *ObservationReader) Add(r *Resource) {
	if r.Deleted {
		return
	}
	switch r.Type {
	case "Patient":
		b.patient(r)
	case "DiagnosticReport":
		var dr struct {
			EffectiveDateTime string  `json:"effectiveDateTime"`
			EffectivePeriod   *Period `json:"effectivePeriod"`
			Issued            string  `json:"issued"`
			Status            string  `json:"status"`
			Result            []struct {
				Reference string `json:"reference"`
			} `json:"result"`
		}
		if !decode(r, &dr) || dr.Status == "entered-in-error" || dr.Status == "cancelled" {
			return
		}
		at := dr.EffectiveDateTime
		if dr.EffectivePeriod != nil {
			at = firstNonEmpty(dr.EffectivePeriod.Start, at)
		}
		at = firstNonEmpty(at, dr.Issued, r.Date)
		for _, x := range dr.Result {
			b.listed(r, x.Reference, at)
		}
		return
	case "Observation":
		b.read(r, "")
	}
}

// listed notes that the record r, dated at, lists the result ref (and the results the vault
// resolved its references to).
func (b *ObservationReader) listed(r *Resource, ref, at string) {
	if _, ok := ParseTime(at); !ok || ref == "" {
		return
	}
	if b.listedAt == nil {
		b.listedAt = map[string]string{}
	}
	if k := refKey(r.Profile, ref); k != "" && b.listedAt[k] == "" {
		b.listedAt[k] = at
	}
	for _, l := range r.Links {
		if l.Type == "Observation" && b.listedAt[keyString(l)] == "" {
			b.listedAt[keyString(l)] = at
		}
	}
}

// refKey is a reference's "profile Type/id" ("urn:uuid:x" is "Observation/x"), "" for a
// reference that names no id.
func refKey(profile, ref string) string {
	if strings.HasPrefix(ref, "urn:uuid:") || strings.HasPrefix(ref, "urn:oid:") {
		return profile + "\x00Observation/" + ref[strings.LastIndexByte(ref, ':')+1:]
	}
	parts := strings.Split(strings.TrimRight(ref, "/"), "/")
	if len(parts) < 2 || strings.Contains(ref, "?") {
		return ""
	}
	return profile + "\x00" + parts[len(parts)-2] + "/" + parts[len(parts)-1]
}

// dateUndated reads the results that had no date of their own, dated by the report or panel
// that lists them; those no record dates are counted as not read.
func (b *ObservationReader) dateUndated() {
	for _, r := range b.undated {
		at := b.listedAt[keyString(r.Key)]
		if at == "" {
			at = b.listedAt[refKey(r.Profile, "Observation/"+r.Key.ID)]
		}
		b.read(r, firstNonEmpty(at, "-"))
	}
	b.undated = nil
}

// read reads an observation; listedAt is the date of the report that lists it ("" while not
// known: an undated observation waits; "-" when none does).
func (b *ObservationReader) read(r *Resource, listedAt string) {
	// One decoding for the three views. A record whose text fields cannot be read (a number
	// as valueString) is still a numeric result: decoded again without them.
	var o obsText
	textOK := decode(r, &o)
	if !textOK {
		o = obsText{}
		if !decode(r, &o.obsJSON) {
			b.unreadable++
			return
		}
	}
	if o.Status == "entered-in-error" {
		return
	}
	if o.Status == "cancelled" {
		// Not a result, but a test that was not done: listed with the results in words,
		// saying so, so it is neither taken for a result nor gone without a word (F154).
		at := firstNonEmpty(o.EffectiveDateTime, o.Issued, r.Date)
		if o.EffectivePeriod != nil {
			at = firstNonEmpty(o.EffectivePeriod.Start, at)
		}
		if t, ok := ParseTime(at); ok && textOK {
			b.addCancelled(r, &o, at, t)
		}
		return
	}
	at := firstNonEmpty(o.EffectiveDateTime, o.Issued, r.Date)
	if o.EffectivePeriod != nil {
		at = firstNonEmpty(o.EffectivePeriod.Start, at)
	}
	t, ok := ParseTime(at)
	if !ok && listedAt == "" && (o.ValueQuantity != nil || len(o.Component) > 0 || o.ValueString != "" || o.ValueCodeableConcept != nil) {
		// No date of its own: a report read later may give it one.
		c := *r
		c.JSON = bytes.Clone(r.JSON)
		b.undated = append(b.undated, &c)
		return
	}
	if !ok && listedAt != "" && listedAt != "-" {
		at = listedAt
		t, ok = ParseTime(at)
	}
	for _, m := range o.HasMember { // a panel dates its members
		if ok {
			b.listed(r, m.Reference, at)
		}
	}
	bad := o.ValueQuantity != nil && !usable(o.ValueQuantity.Value)
	for _, c := range o.Component {
		if c.ValueQuantity != nil && !usable(c.ValueQuantity.Value) {
			bad = true
		}
	}
	if bad || (!ok && (o.ValueQuantity != nil || len(o.Component) > 0)) {
		b.unreadable++
	}
	if !ok {
		return
	}
	if textOK {
		b.addText(r, &o, at, t)
	}
	b.addNumeric(r, &o.obsJSON, at, t)
}

// addNumeric adds a readable observation's numbers, if any (dated at, t).
func (b *ObservationReader) addNumeric(r *Resource, o *obsJSON, at string, t time.Time) {
	// Blood pressure as components of a panel.
	var sv, dv *Quantity
	var sr, dr Range
	var sf, df string
	for _, c := range o.Component {
		switch {
		case c.Code.Has(CodeSystolic):
			sv, sr, sf = c.ValueQuantity, b.recordRange(r.Profile, c.ReferenceRange, c.ValueQuantity, CodeSystolic, t), interpretationCode(c.Interpretation)
		case c.Code.Has(CodeDiastolic):
			dv, dr, df = c.ValueQuantity, b.recordRange(r.Profile, c.ReferenceRange, c.ValueQuantity, CodeDiastolic, t), interpretationCode(c.Interpretation)
		}
	}
	if sv != nil && dv != nil {
		if !usable(sv.Value) || !usable(dv.Value) {
			return
		}
		fs, oks := mmHgFactor(*sv)
		fd, okd := mmHgFactor(*dv)
		if !oks || !okd {
			return
		}
		s, d := *sv.Value*fs, *dv.Value*fd
		sv, dv, sr, dr = &Quantity{Value: &s}, &Quantity{Value: &d}, sr.scaled(fs), dr.scaled(fd)
		b.bp(r.Profile, Point{T: t, V: *sv.Value, V2: *dv.Value, Key: r.Key, Range: sr, Range2: dr,
			Flag: FlagOf(*sv.Value, sr, sf), Flag2: FlagOf(*dv.Value, dr, df), DateOnly: len(at) <= len("2006-01-02"), Precision: readingPrecision(at)})
		return
	}
	q := o.ValueQuantity
	if q == nil || !usable(q.Value) {
		return
	}
	if len(o.Code.Coding) > 0 {
		if pq, ok := fractionAsPercent(resultCoding(o.Code), *q); ok {
			// An oxygen saturation written as the fraction 0.97 (UCUM "1") is 97%, as every
			// other record and the person's oximeter say it; its range too (F345).
			q = &pq
			o.ReferenceRange = slices.Clone(o.ReferenceRange)
			for i := range o.ReferenceRange {
				for _, bound := range []**Quantity{&o.ReferenceRange[i].Low, &o.ReferenceRange[i].High} {
					if *bound != nil && usable((*bound).Value) {
						if bq, ok := fractionAsPercent(resultCoding(o.Code), **bound); ok {
							*bound = &bq
						}
					}
				}
			}
		}
	}
	rng := b.recordRange(r.Profile, o.ReferenceRange, q, resultCoding(o.Code).Code, t)
	flag := flagOfWritten(*q, rng, interpretationCode(o.Interpretation))
	if flag == FlagNone && interpretationCode(o.Interpretation) == "" && rng.Low == nil && rng.High == nil && rng.Text == "" &&
		LowGlucose(resultCoding(o.Code).Code, *q) != "" {
		// A meter gives no range: a glucose under 70 mg/dL (3.9 mmol/L) is low blood sugar
		// whoever's range it would be read against (F454: Rose's 48 mg/dL said nothing).
		flag = FlagLow
	}
	if len(o.Code.Coding) == 0 {
		// A test named only in words ({"text":"Ferritin"}) is a series of that name — readings
		// of one name (in any case) together, as a code's are; it was left out of Results and
		// the summary without a word (F146). One with no name at all cannot be shown: it is
		// counted as not read.
		name := strings.Join(strings.Fields(o.Code.Text), " ")
		if name == "" {
			b.unreadable++
			return
		}
		b.add(r.Profile, "|"+strings.ToLower(name), "|"+name, name, "", *q, Point{T: t, V: *q.Value, Key: r.Key, Range: rng, Flag: flag,
			Comparator: q.Comparator, DateOnly: len(at) <= len("2006-01-02"), Precision: readingPrecision(at)})
		return
	}
	cd := resultCoding(o.Code)
	f, pressure := mmHgFactor(*q)
	switch cd.Code {
	case CodeSystolic, CodeDiastolic:
		if !pressure {
			break
		}
		halves, order := &b.sys, &b.sysOrder
		if cd.Code == CodeDiastolic {
			halves, order = &b.dia, &b.diaOrder
		}
		if *halves == nil {
			*halves = map[bpWhen]*bpHalf{}
		}
		w := bpWhen{r.Profile, t}
		if (*halves)[w] == nil {
			*order = append(*order, w)
		}
		(*halves)[w] = &bpHalf{v: *q.Value * f, unit: Quantity{Unit: "mmHg"}, key: r.Key, rng: rng.scaled(f), flag: flag, day: len(at) == len("2006-01-02")}
		return
	}
	name := o.Code.Label()
	code := cd.System + "|" + cd.Code
	group := code
	if cd.System == LOINC {
		group = LOINC + "|" + AnalyteCode(cd.Code)
	}
	p := Point{T: t, V: *q.Value, Key: r.Key, Range: rng, Flag: flag, Comparator: q.Comparator, DateOnly: len(at) <= len("2006-01-02"), Precision: readingPrecision(at)}
	if cd.System == LOINC && IsGlucose(cd.Code) {
		p.Meal = b.mealOf(&o.Code, cd.Code)
	}
	b.add(r.Profile, group, code, name, strings.TrimSpace(cd.Display), *q, p)
}

// mealOf is MealOf of a blood sugar's code (its text and every display), each name read once.
func (b *ObservationReader) mealOf(c *Concept, code string) Meal {
	name := c.Text
	for _, cd := range c.Coding {
		name += " · " + cd.Display
	}
	k := code + "|" + name
	m, ok := b.meals[k]
	if !ok {
		m = MealOf(name, code)
		if b.meals == nil {
			b.meals = map[string]Meal{}
		}
		b.meals[k] = m
	}
	return m
}

// oxygenSaturationCodes are the LOINC codes of an oxygen saturation — a pulse oximeter's
// (59408-5, 59417-6 on inhaled oxygen, 2710-2 by oximetry in capillary blood) or the lab's
// (2708-6 arterial, 20564-1 blood, 2713-6 calculated): read in percent, a record may write
// them as a fraction of 1 (fractionAsPercent), and a change is in percentage points (ChangeWords).
// One list: the chart's held 2710-2 and not 20564-1 or 2713-6, the fractions' the reverse, so a
// capillary saturation written 0.97 stayed "0.97" and a lab's 88 % → 93 % read "+5%".
var oxygenSaturationCodes = map[string]bool{"59408-5": true, "59417-6": true, "2710-2": true, "2708-6": true, "20564-1": true, "2713-6": true}

// fractionAsPercent is q, a fraction of 1 (UCUM "1", or no unit) of a result read in percent
// (oxygenSaturationCodes), in percent: 0.97 is 97%. ok is false for any other result or unit, and for a
// value above 1 (already a percentage).
func fractionAsPercent(c Coding, q Quantity) (Quantity, bool) {
	if c.System != LOINC || !oxygenSaturationCodes[c.Code] || q.Value == nil || *q.Value < 0 || *q.Value > 1 {
		return q, false
	}
	u := strings.TrimSpace(firstNonEmpty(q.Code, q.Unit))
	if u != "1" && u != "" && !strings.EqualFold(u, "{fraction}") && !strings.EqualFold(u, "fraction") {
		return q, false
	}
	v := math.Round(*q.Value*100*1e6) / 1e6
	q.Value, q.Unit, q.Code = &v, "%", "%"
	return q, true
}

// Unreadable is Unreadable of the observations added.
func (b *ObservationReader) Unreadable() int {
	b.dateUndated()
	return b.unreadable
}

// Series is Results of the observations added. Call it once, after the last Add.
func (b *ObservationReader) Series() []*Series {
	b.dateUndated()
	for _, w := range b.sysOrder {
		sh := b.sys[w]
		if dh := b.dia[w]; dh != nil {
			b.bp(w.profile, Point{T: w.t, V: sh.v, V2: dh.v, Key: sh.key, Range: sh.rng, Range2: dh.rng, Flag: sh.flag, Flag2: dh.flag, DateOnly: sh.day && dh.day})
			dh.taken = true
			continue
		}
		code := LOINC + "|" + CodeSystolic + "/alone"
		b.add(w.profile, code, code, "Systolic blood pressure", "", sh.unit, Point{T: w.t, V: sh.v, Key: sh.key, Range: sh.rng, Flag: sh.flag, DateOnly: sh.day})
	}
	for _, w := range b.diaOrder {
		dh := b.dia[w]
		if dh.taken {
			continue
		}
		code := LOINC + "|" + CodeDiastolic
		b.add(w.profile, code, code, "Diastolic blood pressure", "", dh.unit, Point{T: w.t, V: dh.v, Key: dh.key, Range: dh.rng, Flag: dh.flag, DateOnly: dh.day})
	}
	var out []*Series
	for _, k := range b.order {
		g := b.groups[k]
		delete(b.groups, k) // let go once its points are made
		if !sort.IsSorted(g) {
			sort.Stable(g)
		}
		if k.code == bpCode {
			se := &Series{Profile: k.profile, Code: bpCode, Name: bloodPressureName, Unit: "mmHg", Pair: true, r: *g, tab: b.tab}
			out = append(out, finish(se, b.adult[k.profile]))
			continue
		}
		// The series' unit is the one most of its readings were taken in (of two as common, the
		// one of the newer reading): one height measured in feet among years of centimetres
		// does not turn the whole series into feet. Readings that cannot be converted to it
		// make a series of their own in the most common unit among them, and so on.
		var made []*Series
		rs := g
		for rs.Len() > 0 {
			anchor := b.units[rs.pts[commonUnit(rs.Len(), func(i int) string { return b.units[rs.pts[i].unit].unit })].unit]
			se := &Series{Profile: k.profile, Code: anchor.code, Name: b.names[k], Unit: anchor.unit, tab: b.tab}
			// The readings that convert become the series' points where they are; the others
			// (rest) wait for a series of their own.
			rest, n := &cols{}, 0
			same := map[int32]bool{} // by unit: taken as they are (convertPoint's first case)
			for i, c := range rs.pts {
				u := c.unit
				r := b.units[u]
				s, ok := same[u]
				if !ok {
					s = sameUnit(r.unit, se.Unit) || (r.ucum != "" && r.ucum == anchor.ucum)
					same[u] = s
				}
				v2 := rs.second(i)
				if !s {
					p, ok := convertPoint(b.tab.decode(c, v2), r.unit, r.ucum, se.Unit, anchor.ucum, r.code)
					if !ok {
						rest.add(c, v2)
						continue
					}
					c = b.tab.reencode(c, p)
				}
				rs.set(n, c, v2)
				n++
			}
			rs.cut(n)
			se.r = *rs
			made = append(made, finish(se, b.adult[k.profile]))
			rs = rest
		}
		for _, se := range made {
			se.Apart = len(made) > 1
		}
		out = append(out, made...)
	}
	if b.tab != nil {
		b.tab.frozen = true // shared by the series made: one changed later copies it
	}
	tellApart(out)
	rank := func(se *Series) int {
		code := codeOnly(se.Code)
		for i, p := range preferred {
			if p == code {
				return i
			}
		}
		return len(preferred)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Profile != out[j].Profile {
			return out[i].Profile < out[j].Profile
		}
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

// commonUnit is the index of the newest of the readings (oldest first, unit(i) each) in the
// unit most of them were taken in; of units as common, the one read last wins. A unit no
// patient reads (kelvin: a lab's 310.15 K made a person's temperatures '310 K', F273) is
// chosen only when every reading is in it.
func commonUnit(n int, unit func(i int) string) int {
	count := map[string]int{}
	best := -1
	others := false
	for i := 0; i < n && !others; i++ {
		others = !labOnlyUnits[unit(i)]
	}
	for i := 0; i < n; i++ {
		u := unit(i)
		if others && labOnlyUnits[u] {
			continue
		}
		count[u]++
		if best < 0 || count[u] >= count[unit(best)] {
			best = i // the newest reading of the unit that leads, or ties the lead, now
		}
	}
	return best
}

// labOnlyUnits are units a series is shown in only when all its readings are: kelvin.
var labOnlyUnits = map[string]bool{"K": true}

// unitWritten is the unit a series or converted reading is shown in: the UCUM code when
// CareKeeper knows it ("[lb_av]" for "lbs", "[degF]" for "degF"), else the unit as written.
func (q *Quantity) unitWritten() string {
	if _, ok := ucumUnits[q.Code]; ok {
		return q.Code
	}
	if _, ok := unitTable[q.Code]; ok {
		return q.Code
	}
	return q.UnitLabel()
}

// convertPoint is p (in unit from as written, fromUCUM for conversion) in unit to, for a
// result of code: the value and its range converted, the value as written kept
// (Point.Converted). ok is false when the units cannot be converted.
func convertPoint(p Point, from, fromUCUM, to, toUCUM, code string) (Point, bool) {
	if sameUnit(from, to) || (fromUCUM != "" && fromUCUM == toUCUM) {
		return p, true
	}
	if fromUCUM == "" || toUCUM == "" {
		return p, false
	}
	v, ok := ConvertUnit(p.V, fromUCUM, toUCUM, code)
	if !ok {
		return p, false
	}
	p.Original, p.OriginalUnit, p.Converted = p.V, from, true
	p.V = v
	p.Range = convertRange(p.Range, fromUCUM, toUCUM, code)
	return p, true
}

// convertRange is r in another unit (no range when it cannot be converted).
func convertRange(r Range, from, to, code string) Range {
	out := Range{Typical: r.Typical, Text: r.Text, Therapeutic: r.Therapeutic} // a range in words stays as the lab wrote it
	for _, b := range []struct{ in, out **float64 }{{&r.Low, &out.Low}, {&r.High, &out.High}} {
		if *b.in == nil {
			continue
		}
		v, ok := ConvertUnit(**b.in, from, to, code)
		if !ok {
			return Range{}
		}
		*b.out = &v
	}
	return out
}

// finish orders a series' points, drops repeats, and sets its range: the newest point's own,
// else a typical adult range in the series' unit — unless the newest point was taken before
// adult (the day the person is 18, zero when not known): a child's heart rate of 63 sat 'in
// range' on the adult band of 60–100 (F112).
func finish(se *Series, adult time.Time) *Series {
	if !sort.IsSorted(&se.r) {
		sort.Stable(&se.r)
	}
	se.samePointsOnce()
	se.normalBesideTarget()
	code := codeOnly(se.Code)
	typical := func(code string) Range {
		r, ok := typicalRanges[code]
		if !ok {
			return Range{}
		}
		if se.Pair || sameUnit(typicalUnits[code], se.Unit) || UCUMOf(se.Unit, se.Unit) == "" {
			return r // the typical range's unit, or one CareKeeper does not know (taken as it)
		}
		return convertRange(r, typicalUnits[code], se.Unit, code)
	}
	last := se.Latest()
	if !adult.IsZero() && last.T.Before(adult) {
		se.Child = true
		typical = func(string) Range { return Range{} }
	}
	switch {
	case se.Pair:
		se.Range, se.Range2 = typical(CodeSystolic), typical(CodeDiastolic)
		if last.Range.Low != nil || last.Range.High != nil {
			se.Range = last.Range
		}
		if last.Range2.Low != nil || last.Range2.High != nil {
			se.Range2 = last.Range2
		}
	case last.Range.Low != nil || last.Range.High != nil || last.Range.Text != "":
		se.Range = last.Range // the lab's own, in words if that is how it gave it (F153)
	case se.rangeOfAnEarlierReading():
	default:
		se.Range = typical(code)
	}
	return se
}

// targetNear is how far apart a reading giving only the normal range and one giving the
// person's target may be for the target to count (normalBesideTarget).
const targetNear = 180 * 24 * time.Hour

// normalBesideTarget judges a reading whose record gives only a normal range (a hospital's INR
// 2.3 against 0.9–1.2) as if it gave the target too when a reading of the series within
// targetNear gives a therapeutic range (her clinic's 2.0–3.0): inside either it is not flagged,
// between them neither flags it (withTarget). Margaret's 2.3, on her 2–3 target, was "High" on
// the chart whose shaded band was that target (F518). A flag other than the normal range's own
// (the record's interpretation said otherwise) is kept.
func (se *Series) normalBesideTarget() {
	if se.Pair || se.tab == nil {
		return
	}
	det := func(i int) *Point { return &se.tab.det[se.r.pts[i].det].Point }
	type target struct {
		t time.Time
		r Range
	}
	var targets []target
	for i := range se.Len() {
		if r := det(i).Range; r.Therapeutic && r.Text == "" {
			p := se.At(i)
			targets = append(targets, target{p.T, p.Range})
		}
	}
	if len(targets) == 0 {
		return
	}
	for i := range se.Len() {
		d := det(i)
		if r := d.Range; r.Therapeutic || r.Typical || r.Text != "" || r.Low == nil && r.High == nil {
			continue
		}
		p := se.At(i)
		if p.Flag != FlagOf(p.V, p.Range, "") {
			continue
		}
		var t Range
		found, gap := false, targetNear
		for _, x := range targets {
			if g := x.t.Sub(p.T).Abs(); g <= gap {
				t, found, gap = x.r, true, g
			}
		}
		if !found {
			continue
		}
		if sameBound(t.Low, p.Range.Low) && sameBound(t.High, p.Range.High) {
			continue // the target itself, given untyped
		}
		r := withTarget(p.V, p.Range, t, rangeNumbers(p.Range, se.Unit)+" (normal range); "+rangeNumbers(t, se.Unit)+" (therapeutic range)")
		p.Range, p.Flag = r, FlagOf(p.V, r, "")
		se.set(i, p)
	}
}

func sameBound(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// rangeNumbers says a range of numbers in unit ("0.9–1.2", "≤ 5 mg/dL", "≥ 2 mg/dL").
func rangeNumbers(r Range, unit string) string {
	u := ""
	if w := Unit(unit); w != "" {
		u = " " + w
	}
	switch {
	case r.Low != nil && r.High != nil:
		return Number(*r.Low, "") + "–" + Number(*r.High, "") + u
	case r.High != nil:
		return "≤ " + Number(*r.High, "") + u
	case r.Low != nil:
		return "≥ " + Number(*r.Low, "") + u
	}
	return ""
}

// rangeOfAnEarlierReading gives the series the range of its newest reading that gives one in
// numbers when the newest gives none (RangeFrom says which), and judges by it the readings that
// give none of their own. Rafael's home oximetry gave "92 % or more" with the reading of 29 Nov
// only: Results said "No reference range in the records" and left his 88 % unmarked (F510).
func (se *Series) rangeOfAnEarlierReading() bool {
	// Read from what the readings share (pointTable.det), not decoded one by one: a watch's
	// 300,000 heart rates, none with a range, are looked at without making a Point of each.
	det := func(i int) *Point { return &se.tab.det[se.r.pts[i].det].Point }
	from := -1
	for i := se.Len() - 2; i >= 0 && from < 0; i-- {
		if r := det(i).Range; r.Low != nil || r.High != nil {
			from = i
		}
	}
	if from < 0 {
		return false
	}
	p := se.At(from)
	se.Range, se.RangeFrom = p.Range, p.DateIn(nil)
	for i := range se.Len() {
		d := det(i)
		if r := d.Range; r.Low != nil || r.High != nil || r.Text != "" || d.Flag != FlagNone || d.Comparator != "" {
			continue
		}
		if f := FlagOf(se.r.pts[i].v, se.Range, ""); f != FlagNone {
			q := se.At(i)
			q.Flag = f
			se.set(i, q)
		}
	}
	return true
}

// codeOnly is the code part of "system|code" (without the "/alone" suffix).
func codeOnly(c string) string {
	return strings.TrimSuffix(c[strings.LastIndexByte(c, '|')+1:], "/alone")
}

// sameValue reports whether two readings of one instant have the same value: equal, or, when
// one was converted from another unit, within 1 % (a lab giving one glucose as 99 mg/dL and
// as 5.5 mmol/L, which converts to 99.09).
func sameValue(a, b Point) bool {
	if a.V == b.V {
		return true
	}
	if !a.Converted && !b.Converted {
		return false
	}
	return math.Abs(a.V-b.V) <= 0.01*math.Max(math.Abs(a.V), math.Abs(b.V))
}

// samePointsOnce drops a point that repeats the one before it (the same instant and values):
// the same result arriving from two sources (a portal and a C-CDA document) is one reading.
func (se *Series) samePointsOnce() {
	r := &se.r
	pts := r.pts
	// A reading dated by its day alone is the same reading as one with a time on that day
	// (in the time's own offset) and the same values: one source kept the time, the other
	// only the date. It gives its range and flag to the timed one.
	type dayValue struct {
		day   string
		v, v2 float64
	}
	dateOnly := func(c cpoint) bool { return se.tab.det[c.det].DateOnly }
	// Only a series with a reading dated by its day needs them (a watch's 300,000 timed
	// readings made a map of 300,000 days for nothing).
	dated := slices.ContainsFunc(pts, dateOnly)
	timed := map[dayValue]int{}
	for i, c := range pts {
		if !dateOnly(c) && dated {
			timed[dayValue{se.At(i).T.Format("2006-01-02"), c.v, r.second(i)}] = i
		}
	}
	if dated && len(timed) < len(pts) {
		drop := map[int]bool{}
		for j := range pts {
			p := se.At(j)
			i, ok := timed[dayValue{p.T.Format("2006-01-02"), p.V, p.V2}]
			if !p.DateOnly || !ok {
				continue
			}
			q := se.At(i)
			if q.Range.Low == nil && q.Range.High == nil {
				q.Range = p.Range
			}
			if q.Flag == FlagNone {
				q.Flag = p.Flag
			}
			se.set(i, q)
			drop[j] = true
		}
		kept := 0
		for j, c := range pts {
			if !drop[j] {
				r.set(kept, c, r.second(j))
				kept++
			}
		}
		r.cut(kept)
		pts = r.pts
	}
	n := 0
	for j, c := range pts {
		if n > 0 && pts[n-1].sec == c.sec && pts[n-1].nsec == c.nsec && r.second(n-1) == r.second(j) {
			if q, p := se.At(n-1), se.At(j); sameValue(q, p) {
				// The same reading from another source: keep the range and flag either one gives,
				// and the value as written in the series' unit where one source gave it so.
				if q.Converted && !p.Converted {
					q.V, q.Converted, q.Original, q.OriginalUnit, q.Comparator = p.V, false, 0, "", p.Comparator
					if p.Range.Low != nil || p.Range.High != nil {
						q.Range = p.Range
					}
				}
				if q.Range.Low == nil && q.Range.High == nil {
					q.Range = p.Range
				}
				if q.Range2.Low == nil && q.Range2.High == nil {
					q.Range2 = p.Range2
				}
				if q.Flag == FlagNone {
					q.Flag = p.Flag
				}
				if q.Flag2 == FlagNone {
					q.Flag2 = p.Flag2
				}
				se.set(n-1, q)
				continue
			}
		}
		r.set(n, c, r.second(j))
		n++
	}
	r.cut(n)
}

// resultCoding is the coding a result is known by: its first LOINC coding, else its first.
func resultCoding(c Concept) Coding {
	if len(c.Coding) == 0 {
		return Coding{}
	}
	for _, cd := range c.Coding {
		if cd.System == LOINC {
			return cd
		}
	}
	return c.Coding[0]
}

// resultCode is resultCoding's "system|code" ("" without a coding).
func resultCode(c Concept) string {
	if cd := resultCoding(c); cd.Code != "" {
		return cd.System + "|" + cd.Code
	}
	return ""
}

// specimens are the specimen words of results that share a plain name, by LOINC code.
var specimens = map[string]string{
	"2339-0": "blood", "15074-8": "blood", "41653-7": "meter", "14743-9": "meter",
	"105272-9": "sensor", "99504-3": "sensor",
	"2345-7": "serum or plasma", "14749-6": "serum or plasma",
}

// tellApart gives a Specimen to each of a person's series that share a plain name with another
// of different code (a home meter's "Blood glucose" and the lab's "Glucose [Mass/volume] in
// Serum or Plasma" are both "Glucose"), so their names differ: "Glucose (blood)", "Glucose
// (serum or plasma)" (F32).
func tellApart(out []*Series) {
	type key struct{ profile, name string }
	groups := map[key][]*Series{}
	for _, se := range out {
		if !se.Pair {
			k := key{se.Profile, PlainName(se.Code, se.Name)}
			groups[k] = append(groups[k], se)
		}
	}
	for _, g := range groups {
		codes := map[string]bool{}
		for _, se := range g {
			codes[AnalyteCode(codeOnly(se.Code))] = true
		}
		if len(codes) < 2 {
			continue // one result split by unit only: Apart says the unit
		}
		for _, se := range g {
			se.Specimen = specimenOf(se.Code, se.Name)
		}
	}
}

// specimenOf is a result's specimen in words: from specimens, else from LOINC's name ("… in
// Urine" → "urine"); "" when neither says.
func specimenOf(code, name string) string {
	if w := specimens[codeOnly(code)]; w != "" {
		return w
	}
	if i := strings.Index(name, " in "); i > 0 {
		w := name[i+4:]
		if j := strings.Index(w, " by "); j > 0 {
			w = w[:j]
		}
		return strings.ToLower(strings.TrimSpace(w))
	}
	return ""
}

// sameWords says two names are the same words, whatever their case and spaces.
func sameWords(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}
