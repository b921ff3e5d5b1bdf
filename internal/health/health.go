// Package health turns a person's FHIR records into the views the app shows: medicines,
// appointments, the timeline, result series, the care team, bills and conditions.
//
// It does not import Fyne or the vault: callers hand in Resources (the app converts vault
// records) and get plain Go values back, so every view is tested without a window. Nothing
// here logs, and errors never carry record contents.
package health

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
)

// Key identifies a record: the source whose ids it uses, its type and its id.
type Key struct{ Source, Type, ID string }

// Resource is one stored FHIR resource with what the vault knows about it.
type Resource struct {
	Key
	Profile string // the person it belongs to ("_" for shared resources)
	Date    string // main clinical date in sortable UTC form ("2006-01-02T15:04:05Z"), or ""
	File    string // the file it was imported from, if any
	Deleted bool   // the source deleted it
	Links   []Key  // references the vault resolved
	JSON    []byte // the resource, compact FHIR JSON
}

// LocalSource is the vault's source for records whose fullUrl names no server.
const LocalSource = "local"

// AppSource is the source of what the person entered in CareKeeper (storage.AppSource).
const AppSource = "carekeeper"

// AtHome says a record is a measurement taken at home: entered in CareKeeper, or a sample of
// an Apple Health export (a phone, watch, meter or cuff measured it; its id starts "ah-", as
// the Apple Health reader makes them). F194: a meter's glucose from Apple Health was not a
// home reading ('No blood sugar reading entered in CareKeeper yet').
func (k Key) AtHome() bool {
	return k.Source == AppSource || (k.Type == "Observation" && strings.HasPrefix(k.ID, "ah-"))
}

func keyString(k Key) string { return k.Source + "\x00" + k.Type + "\x00" + k.ID }

// Origin is a short, human label of where a record came from: its server, or for records
// from files, the file name.
func (r *Resource) Origin() string {
	if r.Source == LocalSource || r.Source == "" || strings.HasPrefix(r.Source, LocalSource+"#") {
		// (LocalSource#person: a file's record kept apart for one person, sync.PersonSource)
		if r.File != "" {
			return r.File
		}
		return "file"
	}
	if r.Source == AppSource {
		return "entered by you"
	}
	s := strings.TrimPrefix(strings.TrimPrefix(r.Source, "https://"), "http://")
	if i := strings.IndexByte(s, '/'); i > 0 {
		s = s[:i]
	}
	return s
}

// Set is one person's (or a household's) records together with the shared records they
// point at (practitioners, organisations, locations, medications).
type Set struct {
	Records []Resource
	Shared  []Resource

	byKey map[Key]*Resource
	byID  map[string][]*Resource
}

// NewSet indexes records and shared for reference lookups.
func NewSet(records, shared []Resource) *Set {
	s := &Set{Records: records, Shared: shared, byKey: map[Key]*Resource{}, byID: map[string][]*Resource{}}
	add := func(list []Resource) {
		for i := range list {
			r := &list[i]
			s.byKey[r.Key] = r
			s.byID[r.ID] = append(s.byID[r.ID], r)
		}
	}
	add(shared)
	add(records)
	return s
}

// OfType returns the person's records of one type, in the order given.
func (s *Set) OfType(types ...string) []*Resource {
	var out []*Resource
	for i := range s.Records {
		for _, t := range types {
			if s.Records[i].Type == t {
				out = append(out, &s.Records[i])
				break
			}
		}
	}
	return out
}

// Get finds a record by key.
func (s *Set) Get(k Key) *Resource { return s.byKey[k] }

// Resolve finds what a reference in from points at: "Type/id" at from's source (or any
// source), "urn:uuid:id", an absolute URL ending in Type/id, or (for conditional references)
// the first link of the wanted type. want may be "" for any type.
func (s *Set) Resolve(from *Resource, ref, want string) *Resource {
	if ref == "" {
		return nil
	}
	if strings.HasPrefix(ref, "urn:uuid:") || strings.HasPrefix(ref, "urn:oid:") {
		id := ref[strings.LastIndexByte(ref, ':')+1:]
		for _, r := range s.byID[id] {
			if want == "" || r.Type == want {
				return r
			}
		}
		return nil
	}
	if !strings.Contains(ref, "?") {
		parts := strings.Split(strings.TrimRight(ref, "/"), "/")
		if len(parts) >= 2 {
			typ, id := parts[len(parts)-2], parts[len(parts)-1]
			if len(parts) >= 4 && parts[len(parts)-2] == "_history" {
				typ, id = parts[len(parts)-4], parts[len(parts)-3]
			}
			if want != "" && typ != want {
				return nil
			}
			if from != nil {
				if r := s.byKey[Key{from.Source, typ, id}]; r != nil {
					return r
				}
			}
			for _, r := range s.byID[id] {
				if r.Type == typ {
					return r
				}
			}
			return nil
		}
	}
	if from != nil && want != "" {
		for _, l := range from.Links {
			if l.Type == want {
				if r := s.byKey[l]; r != nil {
					return r
				}
			}
		}
	}
	return nil
}

// Day is the YYYY-MM-DD part of a sortable or FHIR date ("" when there is none).
func Day(date string) string {
	if len(date) >= 10 {
		return date[:10]
	}
	return date
}

// ParseTime reads a FHIR date, dateTime or instant, or a sortable date. ok is false for "".
func ParseTime(s string) (time.Time, bool) {
	s = fhirjson.LeapSecondAs59(s)
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// FHIR JSON shapes used by the views. Only the elements read are declared.

// Coding is a FHIR Coding.
type Coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

// Concept is a FHIR CodeableConcept.
type Concept struct {
	Coding []Coding `json:"coding"`
	Text   string   `json:"text"`
}

// Label is the concept's display name: its text, else the first coding's display, else its
// code in words (a text or display that only repeats the code is none) (CodeWords: "vital-signs" → "Vital signs"); a SNOMED CT semantic tag ("(disorder)", "(finding)" …) is dropped (CleanName).
func (c *Concept) Label() string {
	if c == nil {
		return ""
	}
	if t := CleanName(c.Text); t != "" && (len(c.Coding) == 0 || t != strings.TrimSpace(c.Coding[0].Code)) {
		return t
	}
	for _, cd := range c.Coding {
		if d := CleanName(cd.Display); d != "" && d != strings.TrimSpace(cd.Code) {
			return d
		}
	}
	for _, cd := range c.Coding {
		if cd.Code != "" {
			return CodeWords(cd.System, cd.Code, "")
		}
	}
	return ""
}

// Has reports whether the concept has a coding with code (any system).
func (c *Concept) Has(code string) bool {
	if c == nil {
		return false
	}
	for _, cd := range c.Coding {
		if cd.Code == code {
			return true
		}
	}
	return false
}

// Ref is a FHIR Reference.
type Ref struct {
	Reference string `json:"reference"`
	Display   string `json:"display"`
}

// Period is a FHIR Period.
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Quantity is a FHIR Quantity.
type Quantity struct {
	Value      *float64 `json:"value"`
	Comparator string   `json:"comparator"`
	Unit       string   `json:"unit"`
	Code       string   `json:"code"`
}

// UnitLabel is the quantity's unit, else its code. A unit written in words CareKeeper does
// not know ("C", "kilogram / (meter ^ 2)", "pound (US and British)", "Beats / minute") beside
// a UCUM code it knows ("Cel", "kg/m2", "[lb_av]", "/min") is the code, which Unit writes as
// people do ("°C", "kg/m²", "lb").
func (q *Quantity) UnitLabel() string {
	unit, code := strings.TrimSpace(q.Unit), strings.TrimSpace(q.Code)
	if unit == "" || code == "" || unit == code {
		return firstNonEmpty(q.Unit, q.Code)
	}
	_, ucum := ucumUnits[code]
	_, plain := unitTable[code]
	_, written := unitTable[unit]
	if (ucum || plain) && !written && UCUMOf("", unit) == "" {
		return code
	}
	return q.Unit
}

// Money is a FHIR Money.
type Money struct {
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`
}

// HumanName is a FHIR HumanName.
type HumanName struct {
	Text   string   `json:"text"`
	Family string   `json:"family"`
	Given  []string `json:"given"`
	Prefix []string `json:"prefix"`
}

// String is the text, else "Prefix Given Family", or family then given without spaces for
// a name in Chinese, Japanese or Korean script ("王小明"; fhirjson.FamilyFirst), as the
// importer names people.
func (n HumanName) String() string {
	if strings.TrimSpace(n.Text) != "" {
		return n.Text
	}
	if n.Family != "" && fhirjson.FamilyFirst(n.Family, n.Given) {
		return n.Family + strings.Join(n.Given, "")
	}
	parts := append(append(append([]string{}, n.Prefix...), n.Given...), n.Family)
	return strings.TrimSpace(strings.Join(parts, " "))
}

// ContactPoint is a FHIR ContactPoint.
type ContactPoint struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// Address is a FHIR Address.
type Address struct {
	Text       string   `json:"text"`
	Line       []string `json:"line"`
	City       string   `json:"city"`
	State      string   `json:"state"`
	PostalCode string   `json:"postalCode"`
}

// String is the address on one line.
func (a Address) String() string {
	if a.Text != "" {
		return a.Text
	}
	parts := append([]string{}, a.Line...)
	cityLine := strings.TrimSpace(strings.Join(nonEmpty(a.City, a.State, a.PostalCode), " "))
	if cityLine != "" {
		parts = append(parts, cityLine)
	}
	return strings.Join(parts, ", ")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// decode unmarshals r's JSON into v, reporting success. A record of an unexpected shape is
// skipped by the views rather than failing them.
func decode(r *Resource, v any) bool { return json.Unmarshal(r.JSON, v) == nil }

// uniqueSorted sorts and deduplicates ss.
func uniqueSorted(ss []string) []string {
	sort.Strings(ss)
	out := ss[:0]
	for i, s := range ss {
		if s != "" && (i == 0 || s != ss[i-1]) {
			out = append(out, s)
		}
	}
	return out
}
