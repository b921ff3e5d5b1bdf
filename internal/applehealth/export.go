// Package applehealth reads an Apple Health export: export.xml, streamed in bounded memory
// (it can be gigabytes), turned into FHIR R4 Observations with LOINC codes and UCUM units, and
// the clinical-records/*.json files the iPhone downloaded from providers (FHIR R4 kept, DSTU2
// converted for the types CareKeeper shows). See docs/intake.md.
package applehealth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Limits of the export.xml reader.
const (
	MaxDepth      = 32      // element nesting
	MaxAttrs      = 64      // attributes on one element
	MaxTokenBytes = 1 << 20 // one tag, text run or comment
	MaxTypes      = 1000    // distinct record types counted as skipped
	MaxRecords    = 200000  // ClinicalRecord elements
)

// ErrNotExport is returned for XML whose root is not HealthData.
var ErrNotExport = errors.New("not an Apple Health export.xml (its root is not HealthData)")

// Stats is what a pass over export.xml found.
type Stats struct {
	Records  int               // Record elements read
	Made     map[string]int    // Observations made, by what they are ("Heart rate", "Steps (daily total)")
	Skipped  map[string]int    // record types (and other elements) not converted, by type
	Clinical map[string]Source // ClinicalRecord resourceFilePath → where it came from
}

// Samples is the number of Observations made.
func (s *Stats) Samples() int {
	n := 0
	for _, k := range s.Made {
		n += k
	}
	return n
}

// Source is where a clinical record came from, as export.xml says.
type Source struct {
	URL         string // sourceURL: the provider's FHIR URL of the resource
	FHIRVersion string // "1.0.2" (DSTU2) or "4.0.1" (R4)
}

// Options tune Scan.
type Options struct {
	// Subject is the reference every Observation's subject is set to ("" leaves it out).
	Subject string
	// Person is a stable value naming the person the samples go to (their profile id): it is
	// part of every id, so two people's identical samples or day totals are two records.
	Person string
	// Known, if set, reports whether the vault holds this person's record under id as made
	// before ids named the person; Scan then keeps that id, so re-importing into the same
	// person does not duplicate what an older version imported.
	Known func(id string) bool
}

// kind is how one HealthKit quantity type becomes an Observation.
type kind struct {
	name     string // what it is, for counts; the code's text of a daily total
	code     string // LOINC
	display  string // the LOINC display
	category string // vital-signs or activity
	daily    bool   // summed per day
}

var kinds = map[string]kind{
	"HKQuantityTypeIdentifierBodyMass":           {"Body weight", "29463-7", "Body weight", "vital-signs", false},
	"HKQuantityTypeIdentifierHeight":             {"Body height", "8302-2", "Body height", "vital-signs", false},
	"HKQuantityTypeIdentifierHeartRate":          {"Heart rate", "8867-4", "Heart rate", "vital-signs", false},
	"HKQuantityTypeIdentifierBloodGlucose":       {"Blood glucose", "2339-0", "Glucose [Mass/volume] in Blood", "laboratory", false},
	"HKQuantityTypeIdentifierOxygenSaturation":   {"Oxygen saturation", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "vital-signs", false},
	"HKQuantityTypeIdentifierBodyTemperature":    {"Body temperature", "8310-5", "Body temperature", "vital-signs", false},
	"HKQuantityTypeIdentifierRespiratoryRate":    {"Respiratory rate", "9279-1", "Respiratory rate", "vital-signs", false},
	"HKQuantityTypeIdentifierStepCount":          {"Steps (daily total)", "41950-7", "Number of steps in 24 hour Measured", "activity", true},
	"HKQuantityTypeIdentifierActiveEnergyBurned": {"Active energy (daily total)", "41981-2", "Calories burned", "activity", true},
}

const (
	typeBP        = "HKCorrelationTypeIdentifierBloodPressure"
	typeSystolic  = "HKQuantityTypeIdentifierBloodPressureSystolic"
	typeDiastolic = "HKQuantityTypeIdentifierBloodPressureDiastolic"
	madeBP        = "Blood pressure"
)

// LoneBP is the Stats.Skipped key of blood pressure values written as a lone systolic or
// diastolic Record, in no blood pressure correlation: "what (reason)", as every key with a
// reason. Apple's export writes each reading as a correlation of both values (its Records
// repeated at top level); a value outside any correlation is not known to be one reading with
// another, so it is skipped and said, not paired by guess.
const LoneBP = LoneBPWhat + " (" + LoneBPReason + ")"

// LoneBPWhat and LoneBPReason are LoneBP's parts, as an import summary lists them.
const (
	LoneBPWhat   = "blood pressure value"
	LoneBPReason = "a systolic or diastolic value without its pair"
)

// ucum maps Apple's unit strings to UCUM (code, human unit) and a factor for the value.
var ucum = map[string]struct {
	code, unit string
	factor     float64
}{
	"kg": {"kg", "kg", 1}, "g": {"g", "g", 1}, "lb": {"[lb_av]", "lb", 1}, "st": {"[stone_av]", "st", 1},
	"cm": {"cm", "cm", 1}, "m": {"m", "m", 1}, "in": {"[in_i]", "in", 1}, "ft": {"[ft_i]", "ft", 1},
	"count/min": {"/min", "/min", 1}, "count/s": {"/s", "/s", 1},
	"mg/dL": {"mg/dL", "mg/dL", 1}, "mmol<180.1558800000541>/L": {"mmol/L", "mmol/L", 1}, "mmol/L": {"mmol/L", "mmol/L", 1},
	"%":    {"%", "%", 100}, // Apple writes fractions (0.97)
	"degC": {"Cel", "°C", 1}, "degF": {"[degF]", "°F", 1},
	"mmHg":  {"mm[Hg]", "mmHg", 1},
	"count": {"{steps}", "steps", 1},
	"kcal":  {"kcal", "kcal", 1}, "Cal": {"kcal", "kcal", 1}, "kJ": {"kJ", "kJ", 1},
}

// unitOf is Apple's unit string in UCUM. HealthKit writes glucose's mmol/L with the molar
// mass of glucose in it, and writes that number as its iOS version formats it:
// "mmol<180.1558800000541>/L", "mmol<180.15588000005408>/L", "mmol<180.15588>/l". Only the
// first was read: a glucose meter's readings from another iPhone were all skipped as
// "unreadable". Any mmol<M>/L of glucose's molar mass (180.16 g/mol, to 0.01) is mmol/L.
func unitOf(s string) (struct {
	code, unit string
	factor     float64
}, bool) {
	if u, ok := ucum[s]; ok {
		return u, true
	}
	rest, ok := strings.CutPrefix(s, "mmol<")
	if !ok {
		return ucum[""], false
	}
	mass, tail, ok := strings.Cut(rest, ">")
	if m, err := strconv.ParseFloat(mass, 64); !ok || err != nil || (tail != "/L" && tail != "/l") || math.Abs(m-180.156) > 0.01 {
		return ucum[""], false
	}
	return ucum["mmol/L"], true
}

// record is one Record element's attributes.
type record struct {
	typ, unit, value, source, device, start, end string
}

type dayKey struct{ typ, day, source string }

// scanner is one pass over export.xml.
type scanner struct {
	opt     Options
	emit    func([]byte) error
	stats   *Stats
	daily   map[dayKey]float64
	dayUnit map[string]string // type → unit of its daily totals (the first seen)
	// inside a blood pressure correlation
	inBP     bool
	bp       record
	sys, dia string
	// Systolic and diastolic Records by content: +1 at top level, −1 inside a correlation;
	// what is left above zero at the end is a value in no correlation (LoneBP). Past
	// MaxRecords keys the top-level ones are only counted (bpOver).
	bpSeen map[[16]byte]int32
	bpOver int
}

// Scan streams export.xml from r. For each Observation made it calls emit (nil: only count):
// measurements as they come, then the daily totals of steps and active energy. A record that
// cannot be converted (an unknown type, unit or value) is counted in Stats.Skipped; XML that is
// not well formed, too deep or with a token over MaxTokenBytes is an error.
func Scan(ctx context.Context, r io.Reader, opt Options, emit func([]byte) error) (*Stats, error) {
	s := &scanner{opt: opt, emit: emit, daily: map[dayKey]float64{}, dayUnit: map[string]string{}, bpSeen: map[[16]byte]int32{},
		stats: &Stats{Made: map[string]int{}, Skipped: map[string]int{}, Clinical: map[string]Source{}}}
	d := xml.NewDecoder(newFilter(r))
	d.Strict = true
	depth, root := 0, false
	var open []string // names of the open elements (RawToken does not match them)
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > MaxDepth {
				return nil, fmt.Errorf("export.xml is nested deeper than %d elements", MaxDepth)
			}
			if depth == 1 && root {
				return nil, errors.New("export.xml is not well-formed XML (two root elements)")
			}
			open = append(open, t.Name.Local)
			if len(t.Attr) > MaxAttrs {
				return nil, fmt.Errorf("an element of export.xml has more than %d attributes", MaxAttrs)
			}
			if depth == 1 {
				if t.Name.Local != "HealthData" {
					return nil, ErrNotExport
				}
				root = true
				continue
			}
			if err := s.start(t, depth); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if depth == 2 && t.Name.Local == "Correlation" && s.inBP {
				if err := s.endBP(); err != nil {
					return nil, err
				}
			}
			if depth == 0 || open[depth-1] != t.Name.Local {
				return nil, errors.New("export.xml is not well-formed XML (an end tag does not match)")
			}
			open = open[:depth-1]
			depth--
		case xml.CharData:
			if depth == 0 && len(strings.TrimSpace(string(t))) > 0 {
				if !root {
					return nil, ErrNotExport
				}
				return nil, errors.New("export.xml has text outside its root element")
			}
		}
	}
	if !root {
		return nil, ErrNotExport
	}
	if depth != 0 {
		return nil, errors.New("export.xml ends early (it is cut off)")
	}
	s.countLoneBP()
	if err := s.flushDaily(); err != nil {
		return nil, err
	}
	return s.stats, nil
}

// xmlError says what is wrong with the XML in one line, without its content.
func xmlError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		if se.Msg == "unexpected EOF" {
			return errors.New("export.xml ends early (it is cut off)")
		}
		return fmt.Errorf("export.xml is not well-formed XML (line %d)", se.Line)
	}
	var te *TooLongError
	if errors.As(err, &te) || errors.Is(err, errNUL) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("export.xml ends early (it is cut off)")
	}
	return fmt.Errorf("reading export.xml: %w", err)
}

func attrs(t xml.StartElement) record {
	var r record
	for _, a := range t.Attr {
		switch a.Name.Local {
		case "type":
			r.typ = a.Value
		case "unit":
			r.unit = a.Value
		case "value":
			r.value = a.Value
		case "sourceName":
			r.source = a.Value
		case "device":
			r.device = a.Value
		case "startDate":
			r.start = a.Value
		case "endDate":
			r.end = a.Value
		}
	}
	return r
}

func (s *scanner) skip(what string) {
	if _, ok := s.stats.Skipped[what]; !ok && len(s.stats.Skipped) >= MaxTypes {
		what = "other"
	}
	s.stats.Skipped[what]++
}

func (s *scanner) start(t xml.StartElement, depth int) error {
	name := t.Name.Local
	switch {
	case depth == 2 && name == "Record":
		s.stats.Records++
		return s.record(attrs(t))
	case depth == 2 && name == "Correlation":
		r := attrs(t)
		if r.typ == typeBP {
			s.inBP, s.bp, s.sys, s.dia = true, r, "", ""
		} else {
			s.skip(r.typ)
		}
	case depth == 3 && name == "Record" && s.inBP:
		r := attrs(t)
		if r.typ == typeSystolic || r.typ == typeDiastolic {
			s.seeBP(r, -1)
		}
		if r.unit != "mmHg" {
			return nil // endBP counts the pair as skipped
		}
		switch r.typ {
		case typeSystolic:
			s.sys = r.value
		case typeDiastolic:
			s.dia = r.value
		}
	case depth == 2 && name == "ClinicalRecord":
		var path string
		var src Source
		for _, a := range t.Attr {
			switch a.Name.Local {
			case "resourceFilePath":
				path = a.Value
			case "sourceURL":
				src.URL = a.Value
			case "fhirVersion":
				src.FHIRVersion = a.Value
			}
		}
		if path != "" && len(s.stats.Clinical) < MaxRecords {
			s.stats.Clinical[strings.TrimPrefix(path, "/")] = src
		}
	case depth == 2 && name != "ExportDate" && name != "Me":
		s.skip(name) // Workout, ActivitySummary, Audiogram, VisionPrescription, …
	}
	return nil
}

// record converts one top-level Record.
func (s *scanner) record(r record) error {
	if r.typ == typeSystolic || r.typ == typeDiastolic {
		s.seeBP(r, +1) // converted from its correlation; one in none is counted at the end
		return nil
	}
	k, ok := kinds[r.typ]
	if !ok {
		s.skip(r.typ)
		return nil
	}
	u, ok := unitOf(r.unit)
	v, err := strconv.ParseFloat(r.value, 64)
	start, okStart := fhirTime(r.start)
	end, okEnd := fhirTime(r.end)
	if !ok || err != nil || !okStart || !okEnd || v != v {
		s.skip(r.typ + " (unreadable value, unit or date)")
		return nil
	}
	v *= u.factor
	if !possible(v, k.daily, u.code) {
		s.skip(r.typ + " (" + impossibleValue + ")")
		return nil
	}
	if k.daily {
		day := start[:10]
		key := dayKey{r.typ, day, r.source}
		if _, seen := s.daily[key]; !seen {
			if have, ok := s.dayUnit[r.typ]; ok && have != u.code {
				s.skip(r.typ + " (in another unit than the first)")
				return nil
			}
			s.dayUnit[r.typ] = u.code
		}
		s.daily[key] += v
		return nil
	}
	code, display := k.code, k.display
	if r.typ == "HKQuantityTypeIdentifierBloodGlucose" && u.code == "mmol/L" {
		code, display = "15074-8", "Glucose [Moles/volume] in Blood"
	}
	s.stats.Made[k.name]++
	if s.emit == nil {
		return nil
	}
	// The code's text is the measurement in plain words ("Blood glucose"), as for daily totals.
	o := s.observation(s.id(r.typ, r.source, r.start, r.end, r.value, r.unit), k.category, code, display, k.name, start, end, source(r))
	o.quantity(v, u.unit, u.code)
	if r.typ == "HKQuantityTypeIdentifierOxygenSaturation" {
		o.coding("2708-6", "Oxygen saturation in Arterial blood")
	}
	return s.emit(o.done())
}

// impossibleValue is the reason a sample whose value no measurement can have is skipped.
const impossibleValue = "a value no measurement can have: zero or below, infinite, or a percentage over 100"

// possible reports whether v (converted, in unit) can be a measurement: a measurement above
// zero, a daily total zero or above, finite, a percentage at most 100. A body weight of
// -5 kg was imported and shown as the person's latest weight (finding F19).
func possible(v float64, daily bool, unit string) bool {
	switch {
	case math.IsInf(v, 0) || v < 0 || (v == 0 && !daily):
		return false
	case unit == "%" && v > 100:
		return false
	}
	return true
}

// seeBP notes a systolic or diastolic Record: at top level (+1) or inside a correlation (−1).
func (s *scanner) seeBP(r record, d int32) {
	var k [16]byte
	h := sha256.New()
	for _, p := range []string{r.typ, r.source, r.device, r.start, r.end, r.unit, r.value} {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	copy(k[:], h.Sum(nil))
	n, ok := s.bpSeen[k]
	switch {
	case !ok && d > 0 && len(s.bpSeen) >= MaxRecords:
		s.bpOver++
	case n+d == 0:
		delete(s.bpSeen, k)
	default:
		s.bpSeen[k] = n + d
	}
}

// countLoneBP counts as skipped (LoneBP) the top-level systolic and diastolic Records that no
// correlation repeats.
func (s *scanner) countLoneBP() {
	lone, inCorrelationOnly := 0, 0
	for _, n := range s.bpSeen {
		if n > 0 {
			lone += int(n)
		} else {
			inCorrelationOnly += int(-n)
		}
	}
	if s.bpOver > inCorrelationOnly { // untracked top-level ones: as many as no correlation matched
		lone += s.bpOver - inCorrelationOnly
	}
	if lone > 0 {
		s.stats.Skipped[LoneBP] += lone
	}
}

// endBP converts the blood pressure correlation just read.
func (s *scanner) endBP() error {
	s.inBP = false
	r := s.bp
	sys, err1 := strconv.ParseFloat(s.sys, 64)
	dia, err2 := strconv.ParseFloat(s.dia, 64)
	start, okStart := fhirTime(r.start)
	end, okEnd := fhirTime(r.end)
	if err1 != nil || err2 != nil || !okStart || !okEnd || sys != sys || dia != dia {
		s.skip(typeBP + " (unreadable value, unit or date)")
		return nil
	}
	if !possible(sys, false, "mm[Hg]") || !possible(dia, false, "mm[Hg]") {
		s.skip(typeBP + " (" + impossibleValue + ")")
		return nil
	}
	s.stats.Made[madeBP]++
	if s.emit == nil {
		return nil
	}
	o := s.observation(s.id(typeBP, r.source, r.start, r.end, s.sys, s.dia), "vital-signs", "85354-9", "Blood pressure panel with all children optional", madeBP, start, end, source(r))
	o.component("8480-6", "Systolic blood pressure", sys)
	o.component("8462-4", "Diastolic blood pressure", dia)
	return s.emit(o.done())
}

// flushDaily emits the daily totals: per day the largest of the sources' totals (iPhone and
// Watch count the same steps; adding them would double them), naming each source's total.
func (s *scanner) flushDaily() error {
	type day struct{ typ, day string }
	per := map[day][]dayKey{}
	for k := range s.daily {
		d := day{k.typ, k.day}
		per[d] = append(per[d], k)
	}
	days := make([]day, 0, len(per))
	for d := range per {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool {
		if days[i].typ != days[j].typ {
			return days[i].typ < days[j].typ
		}
		return days[i].day < days[j].day
	})
	for _, d := range days {
		k := kinds[d.typ]
		s.stats.Made[k.name]++
		if s.emit == nil {
			continue
		}
		keys := per[d]
		sort.Slice(keys, func(i, j int) bool { return keys[i].source < keys[j].source })
		best := keys[0]
		var note []string
		for _, key := range keys {
			if s.daily[key] > s.daily[best] {
				best = key
			}
			note = append(note, fmt.Sprintf("%s %s", key.source, strconv.FormatFloat(round(s.daily[key]), 'f', -1, 64)))
		}
		unitCode := s.dayUnit[d.typ]
		unit := unitCode
		for _, u := range ucum {
			if u.code == unitCode {
				unit = u.unit
				break
			}
		}
		// The code's text says what the value is in plain words ("Steps (daily total)"), not
		// the LOINC display ("Number of steps in 24 hour Measured"), which stays in the coding.
		o := s.observation(s.id(d.typ, "day", d.day), k.category, k.code, k.display, k.name, d.day, d.day, best.source)
		o.quantity(round(s.daily[best]), unit, unitCode)
		if len(keys) > 1 {
			o.note("Totals by source: " + strings.Join(note, "; ") + ". The largest is kept.")
		}
		if err := s.emit(o.done()); err != nil {
			return err
		}
	}
	return nil
}

func round(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 3, 64), 64)
	return r
}

// id is the id of the sample of parts for the person imported into (Options.Person): the
// same sample in a later export gets the same id, so re-importing adds only new samples, and
// another person's identical sample another id. The id made before ids named the person
// (of parts alone) is kept when Options.Known says this person's record has it.
func (s *scanner) id(parts ...string) string {
	if s.opt.Person == "" {
		return id(parts...)
	}
	if s.opt.Known != nil {
		if old := id(parts...); s.opt.Known(old) {
			return old
		}
	}
	return id(append([]string{"person", s.opt.Person}, parts...)...)
}

// id is a stable resource id from a sample's content.
func id(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return "ah-" + hex.EncodeToString(h.Sum(nil)[:16])
}

// fhirTime turns Apple's "2020-04-18 05:52:26 -0800" into FHIR's "2020-04-18T05:52:26-08:00".
func fhirTime(s string) (string, bool) {
	t, err := time.Parse("2006-01-02 15:04:05 -0700", s)
	if err != nil {
		return "", false
	}
	// FHIR has no year 0000 and no offset past ±14:00: such a sample refused the whole
	// export once FHIR's reader refused them (F175); it is skipped and said instead.
	if _, off := t.Zone(); t.Year() < 1 || off > 14*3600 || off < -14*3600 {
		return "", false
	}
	return t.Format(time.RFC3339), true
}

// source is the sample's app, and its device's name when that says more.
func source(r record) string {
	name := deviceField(r.device, "name")
	if name == "" || name == r.source {
		return r.source
	}
	return r.source + " (" + name + ")"
}

// deviceField reads one field of Apple's device description
// "<<HKDevice: 0x…>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, …>".
func deviceField(device, field string) string {
	for _, part := range strings.Split(device, ", ") {
		if v, ok := strings.CutPrefix(part, field+":"); ok {
			return strings.TrimSuffix(v, ">")
		}
	}
	return ""
}

// Me is what export.xml's <Me> element says of the phone's owner: their birth date
// (YYYY-MM-DD, "" if not given) and sex ("female", "male", "" if not given or other).
type Me struct {
	BirthDate, Sex string
}

// ReadMe reads export.xml from r up to its <Me> element (at its start, after ExportDate) and
// returns what it says; a zero Me when there is none before the first record.
func ReadMe(r io.Reader) (Me, error) {
	d := xml.NewDecoder(newFilter(r))
	d.Strict = true
	depth := 0
	for n := 0; n < 1000; n++ {
		tok, err := d.RawToken()
		if err == io.EOF {
			return Me{}, nil
		}
		if err != nil {
			return Me{}, xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth != 2 {
				continue
			}
			if t.Name.Local != "Me" {
				if t.Name.Local != "ExportDate" {
					return Me{}, nil // the records begin: no Me
				}
				continue
			}
			var me Me
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "HKCharacteristicTypeIdentifierDateOfBirth":
					if _, err := time.Parse("2006-01-02", a.Value); err == nil {
						me.BirthDate = a.Value
					}
				case "HKCharacteristicTypeIdentifierBiologicalSex":
					switch a.Value {
					case "HKBiologicalSexFemale":
						me.Sex = "female"
					case "HKBiologicalSexMale":
						me.Sex = "male"
					}
				}
			}
			return me, nil
		case xml.EndElement:
			depth--
		}
	}
	return Me{}, nil
}
