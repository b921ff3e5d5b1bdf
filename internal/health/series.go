package health

import (
	"sort"
	"strings"
	"time"
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
}

// Point is one measurement.
type Point struct {
	T     time.Time
	V     float64 // the value (systolic for blood pressure)
	V2    float64 // diastolic, for blood pressure
	Key   Key
	Range Range // the record's own reference range, if any
}

// Series is the measurements of one code over time, oldest first.
type Series struct {
	Code   string // "system|code"; for blood pressure the systolic code
	Name   string
	Unit   string
	Pair   bool // blood pressure: V is systolic, V2 diastolic
	Points []Point
	Range  Range // for V
	Range2 Range // for V2 (blood pressure)
}

// Latest is the newest point.
func (s *Series) Latest() Point { return s.Points[len(s.Points)-1] }

// Change is the newest value minus the one before (0 and false with a single point).
func (s *Series) Change() (d, d2 float64, ok bool) {
	if len(s.Points) < 2 {
		return 0, 0, false
	}
	a, b := s.Points[len(s.Points)-2], s.Points[len(s.Points)-1]
	return b.V - a.V, b.V2 - a.V2, true
}

// Since returns the points at or after from (all of them for a zero from).
func (s *Series) Since(from time.Time) []Point {
	if from.IsZero() {
		return s.Points
	}
	i := sort.Search(len(s.Points), func(i int) bool { return !s.Points[i].T.Before(from) })
	return s.Points[i:]
}

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

// preferred orders the series people look at most first.
var preferred = []string{CodeSystolic, "29463-7", "39156-5", "8867-4", "2339-0", "4548-4", "2093-3", "18262-6", "2085-9", "33914-3", "8302-2"}

type obsJSON struct {
	Status            string    `json:"status"`
	Code              Concept   `json:"code"`
	EffectiveDateTime string    `json:"effectiveDateTime"`
	EffectivePeriod   *Period   `json:"effectivePeriod"`
	Issued            string    `json:"issued"`
	ValueQuantity     *Quantity `json:"valueQuantity"`
	ReferenceRange    []struct {
		Low  *Quantity `json:"low"`
		High *Quantity `json:"high"`
	} `json:"referenceRange"`
	Component []struct {
		Code          Concept   `json:"code"`
		ValueQuantity *Quantity `json:"valueQuantity"`
	} `json:"component"`
}

// Results groups the person's numeric observations into series by code. Blood pressure
// (the panel, or systolic and diastolic observations taken at the same time) becomes one
// series with both values. Series are ordered: blood pressure, weight, BMI, heart rate,
// glucose, HbA1c, cholesterol, eGFR…, then by name.
func Results(s *Set) []*Series {
	byCode := map[string]*Series{}
	var order []string
	add := func(code, name, unit string) *Series {
		if se := byCode[code]; se != nil {
			return se
		}
		se := &Series{Code: code, Name: name, Unit: unit}
		byCode[code] = se
		order = append(order, code)
		return se
	}
	type half struct {
		v    float64
		unit string
		key  Key
	}
	sys, dia := map[time.Time]half{}, map[time.Time]half{}
	bp := func() *Series {
		se := add(LOINC+"|"+CodeSystolic, bloodPressureName, "mmHg")
		se.Pair = true
		return se
	}
	for _, r := range s.OfType("Observation") {
		if r.Deleted {
			continue
		}
		var o obsJSON
		if !decode(r, &o) || o.Status == "entered-in-error" || o.Status == "cancelled" {
			continue
		}
		when := firstNonEmpty(o.EffectiveDateTime, o.Issued, r.Date)
		if o.EffectivePeriod != nil {
			when = firstNonEmpty(o.EffectivePeriod.Start, when)
		}
		t, ok := ParseTime(when)
		if !ok {
			continue
		}
		// Blood pressure as components of a panel.
		var sv, dv *Quantity
		for _, c := range o.Component {
			switch {
			case c.Code.Has(CodeSystolic):
				sv = c.ValueQuantity
			case c.Code.Has(CodeDiastolic):
				dv = c.ValueQuantity
			}
		}
		if sv != nil && dv != nil && sv.Value != nil && dv.Value != nil {
			se := bp()
			se.Points = append(se.Points, Point{T: t, V: *sv.Value, V2: *dv.Value, Key: r.Key})
			continue
		}
		q := o.ValueQuantity
		if q == nil || q.Value == nil || len(o.Code.Coding) == 0 {
			continue
		}
		cd := o.Code.Coding[0]
		for _, c := range o.Code.Coding {
			if c.System == LOINC {
				cd = c
				break
			}
		}
		switch cd.Code {
		case CodeSystolic:
			sys[t] = half{*q.Value, q.UnitLabel(), r.Key}
			continue
		case CodeDiastolic:
			dia[t] = half{*q.Value, q.UnitLabel(), r.Key}
			continue
		}
		name := o.Code.Label()
		if name == "" {
			name = cd.Code
		}
		se := add(cd.System+"|"+cd.Code, name, q.UnitLabel())
		p := Point{T: t, V: *q.Value, Key: r.Key}
		if len(o.ReferenceRange) > 0 {
			rr := o.ReferenceRange[0]
			if rr.Low != nil {
				p.Range.Low = rr.Low.Value
			}
			if rr.High != nil {
				p.Range.High = rr.High.Value
			}
		}
		se.Points = append(se.Points, p)
	}
	for t, sh := range sys {
		if dh, ok := dia[t]; ok {
			se := bp()
			se.Points = append(se.Points, Point{T: t, V: sh.v, V2: dh.v, Key: sh.key})
			delete(dia, t)
			continue
		}
		se := add(LOINC+"|"+CodeSystolic+"/alone", "Systolic blood pressure", sh.unit)
		se.Points = append(se.Points, Point{T: t, V: sh.v, Key: sh.key})
	}
	for t, dh := range dia {
		se := add(LOINC+"|"+CodeDiastolic, "Diastolic blood pressure", dh.unit)
		se.Points = append(se.Points, Point{T: t, V: dh.v, Key: dh.key})
	}
	out := make([]*Series, 0, len(order))
	for _, c := range order {
		se := byCode[c]
		sort.SliceStable(se.Points, func(i, j int) bool { return se.Points[i].T.Before(se.Points[j].T) })
		code := c[strings.LastIndexByte(c, '|')+1:]
		// The newest point's own range, else a typical range.
		last := se.Points[len(se.Points)-1]
		switch {
		case last.Range.Low != nil || last.Range.High != nil:
			se.Range = last.Range
		case se.Pair:
			se.Range, se.Range2 = typicalRanges[CodeSystolic], typicalRanges[CodeDiastolic]
		default:
			se.Range = typicalRanges[code]
		}
		if se.Pair {
			se.Unit = "mmHg"
		}
		out = append(out, se)
	}
	rank := func(se *Series) int {
		code := se.Code[strings.LastIndexByte(se.Code, '|')+1:]
		for i, p := range preferred {
			if p == code {
				return i
			}
		}
		return len(preferred)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}
