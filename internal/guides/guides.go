// Package guides reads CareKeeper's offline condition guides (assets/guides/*.md): plain
// language about a condition, a symptom checklist that feeds the check-ins, what helps day to
// day, when to get urgent care, questions for the next visit and the public sources the guide
// draws on. Guides are keyed by SNOMED CT and ICD-10 codes so they attach to a person's
// Conditions automatically.
package guides

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"carekeeper/assets"
)

// Symptom is one item of a guide's checklist; Key is stable so check-ins can be compared.
type Symptom struct{ Key, Text string }

// Guide is one condition guide.
type Guide struct {
	Slug, Title string
	SNOMED      []string
	ICD10       []string
	Tracks      []string // "system|code" of the result series the condition is usually followed with
	Home        string   // home measurement usually kept: bp, weight, glucose, peak-flow, none
	// WeightGain is the gain in body weight the guide's urgent-care section asks the person to
	// call about ("weight-gain: 2 kg in 3 days"); zero for none. The insight cards watch for it.
	WeightGain WeightGain
	// GlucoseTargets are the blood sugar targets of one named body the guide says beside the
	// person's meter readings ("glucose-targets: fasting 5.3, 1h 7.8, 2h 6.4 mmol/L (NICE NG3)",
	// gestational diabetes'); zero for none.
	GlucoseTargets GlucoseTargets
	// EndsAtBirth: the guide is about a pregnancy ("ends: birth"); what it says of readings
	// stops when the pregnancy ends (the condition resolved or abated, or a birth recorded).
	EndsAtBirth bool
	Reviewed    string // YYYY-MM-DD
	WhatItIs    string
	Symptoms    []Symptom
	DayToDay    []string
	Urgent      []string
	Questions   []string
	Sources     []string
}

// WeightGain is a gain of KG kilograms or more within Days days.
type WeightGain struct {
	KG   float64
	Days int
}

// GlucoseTargets are blood sugar targets in mmol/L, each "under": fasting, one hour and two
// hours after a meal (0: none given), and whose they are (By: "NICE NG3").
type GlucoseTargets struct {
	Fasting, OneHour, TwoHours float64
	By                         string
}

// glucoseTargetsRE reads "fasting 5.3, 1h 7.8, 2h 6.4 mmol/L (NICE NG3)".
var glucoseTargetsRE = regexp.MustCompile(`^fasting ([0-9]+(?:\.[0-9]+)?), 1h ([0-9]+(?:\.[0-9]+)?), 2h ([0-9]+(?:\.[0-9]+)?) mmol/L \(([^()]+)\)$`)

// weightGainRE reads "2 kg in 3 days".
var weightGainRE = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?) kg in ([1-9][0-9]?) days?$`)

// Code systems a guide can be found by.
const (
	SNOMED     = "http://snomed.info/sct"
	ICD10CM    = "http://hl7.org/fhir/sid/icd-10-cm"
	ICD10      = "http://hl7.org/fhir/sid/icd-10"
	sectionWIT = "What it is"
)

// Sections every guide must have, in this order.
var Sections = []string{sectionWIT, "Signs and symptoms", "What helps day to day", "When to get urgent care", "Questions for your next visit", "Sources"}

var (
	slugRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	snomedRE  = regexp.MustCompile(`^[1-9][0-9]{5,17}$`)
	icdRE     = regexp.MustCompile(`^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$`)
	keyRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	dateRE    = regexp.MustCompile(`^20[0-9]{2}-[01][0-9]-[0-3][0-9]$`)
	homeKinds = map[string]bool{"bp": true, "weight": true, "glucose": true, "peak-flow": true, "none": true}
)

// Parse reads one guide. Errors name the file and the line.
func Parse(name string, data []byte) (*Guide, error) {
	g := &Guide{}
	errf := func(line int, format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, a...))
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	section := ""
	var para []string
	seen := map[string]bool{}
	var order []string
	n := 0
	flush := func() {
		if section == sectionWIT && len(para) > 0 {
			if g.WhatItIs != "" {
				g.WhatItIs += "\n\n"
			}
			g.WhatItIs += strings.Join(para, " ")
		}
		para = para[:0]
	}
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \t\r")
		switch {
		case strings.HasPrefix(line, "# "):
			if g.Title != "" {
				return nil, errf(n, "a second title")
			}
			g.Title = strings.TrimSpace(line[2:])
		case strings.HasPrefix(line, "## "):
			flush()
			section = strings.TrimSpace(line[3:])
			if seen[section] {
				return nil, errf(n, "section %q twice", section)
			}
			seen[section] = true
			order = append(order, section)
			known := false
			for _, s := range Sections {
				known = known || s == section
			}
			if !known {
				return nil, errf(n, "unknown section %q", section)
			}
		case section == "" && line != "":
			if g.Title == "" {
				return nil, errf(n, "the guide must start with '# Title'")
			}
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				return nil, errf(n, "expected 'field: value' before the first section")
			}
			if err := g.setField(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
				return nil, errf(n, "%v", err)
			}
		case section == sectionWIT:
			if line == "" {
				flush()
			} else {
				para = append(para, strings.TrimSpace(line))
			}
		case line == "":
		case strings.HasPrefix(line, "- "):
			item := strings.TrimSpace(line[2:])
			if item == "" {
				return nil, errf(n, "empty list item")
			}
			if err := g.addItem(section, item); err != nil {
				return nil, errf(n, "%v", err)
			}
		case strings.HasPrefix(line, "  ") && len(g.listFor(section)) > 0:
			// continuation of the previous item
			g.extendItem(section, strings.TrimSpace(line))
		default:
			return nil, errf(n, "in %q, expected a list item starting with '- '", section)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	flush()
	if strings.Join(order, "|") != strings.Join(Sections, "|") {
		return nil, fmt.Errorf("%s: sections must be exactly, in order: %s", name, strings.Join(Sections, "; "))
	}
	if err := g.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return g, nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (g *Guide) setField(k, v string) error {
	switch k {
	case "slug":
		g.Slug = v
	case "snomed":
		g.SNOMED = splitList(v)
	case "icd10":
		g.ICD10 = splitList(v)
	case "tracks":
		g.Tracks = splitList(v)
	case "home":
		g.Home = v
	case "reviewed":
		g.Reviewed = v
	case "weight-gain":
		m := weightGainRE.FindStringSubmatch(v)
		if m == nil {
			return fmt.Errorf("weight-gain %q: write it as \"2 kg in 3 days\"", v)
		}
		kg, _ := strconv.ParseFloat(m[1], 64)
		days, _ := strconv.Atoi(m[2])
		if kg <= 0 {
			return fmt.Errorf("weight-gain %q: the gain must be above 0", v)
		}
		g.WeightGain = WeightGain{KG: kg, Days: days}
	case "glucose-targets":
		m := glucoseTargetsRE.FindStringSubmatch(v)
		if m == nil {
			return fmt.Errorf("glucose-targets %q: write it as \"fasting 5.3, 1h 7.8, 2h 6.4 mmol/L (NICE NG3)\"", v)
		}
		var t [3]float64
		for i := range t {
			t[i], _ = strconv.ParseFloat(m[i+1], 64)
			if t[i] < 3 || t[i] > 15 {
				return fmt.Errorf("glucose-targets %q: a target in mmol/L is from 3 to 15", v)
			}
		}
		g.GlucoseTargets = GlucoseTargets{Fasting: t[0], OneHour: t[1], TwoHours: t[2], By: strings.TrimSpace(m[4])}
	case "ends":
		if v != "birth" {
			return fmt.Errorf("ends %q: the only end a guide can name is \"birth\"", v)
		}
		g.EndsAtBirth = true
	default:
		return fmt.Errorf("unknown field %q", k)
	}
	return nil
}

func (g *Guide) listFor(section string) []string {
	switch section {
	case "What helps day to day":
		return g.DayToDay
	case "When to get urgent care":
		return g.Urgent
	case "Questions for your next visit":
		return g.Questions
	case "Sources":
		return g.Sources
	case "Signs and symptoms":
		if len(g.Symptoms) > 0 {
			return []string{""}
		}
	}
	return nil
}

func (g *Guide) addItem(section, item string) error {
	switch section {
	case "Signs and symptoms":
		if !strings.HasPrefix(item, "[") {
			return fmt.Errorf("a symptom starts with its key in brackets, e.g. '- [thirst] Feeling very thirsty'")
		}
		key, text, ok := strings.Cut(item[1:], "]")
		text = strings.TrimSpace(text)
		if !ok || !keyRE.MatchString(key) || text == "" {
			return fmt.Errorf("bad symptom item (key: lower-case letters, digits and dashes)")
		}
		for _, s := range g.Symptoms {
			if s.Key == key {
				return fmt.Errorf("symptom key %q twice", key)
			}
		}
		g.Symptoms = append(g.Symptoms, Symptom{Key: key, Text: text})
	case "What helps day to day":
		g.DayToDay = append(g.DayToDay, item)
	case "When to get urgent care":
		g.Urgent = append(g.Urgent, item)
	case "Questions for your next visit":
		g.Questions = append(g.Questions, item)
	case "Sources":
		g.Sources = append(g.Sources, item)
	default:
		return fmt.Errorf("no list expected in %q", section)
	}
	return nil
}

func (g *Guide) extendItem(section, more string) {
	app := func(l []string) { l[len(l)-1] += " " + more }
	switch section {
	case "Signs and symptoms":
		g.Symptoms[len(g.Symptoms)-1].Text += " " + more
	case "What helps day to day":
		app(g.DayToDay)
	case "When to get urgent care":
		app(g.Urgent)
	case "Questions for your next visit":
		app(g.Questions)
	case "Sources":
		app(g.Sources)
	}
}

// check enforces the review rules that a program can check.
func (g *Guide) check() error {
	switch {
	case !slugRE.MatchString(g.Slug):
		return fmt.Errorf("slug must be lower-case words joined by dashes")
	case len(g.SNOMED) == 0 && len(g.ICD10) == 0:
		return fmt.Errorf("at least one SNOMED CT or ICD-10 code is needed")
	case !homeKinds[g.Home]:
		return fmt.Errorf("home must be one of bp, weight, glucose, peak-flow, none")
	case !dateRE.MatchString(g.Reviewed):
		return fmt.Errorf("reviewed must be a date YYYY-MM-DD")
	case len(g.WhatItIs) < 100:
		return fmt.Errorf("'What it is' is too short")
	case len(g.Symptoms) < 3:
		return fmt.Errorf("at least three signs or symptoms")
	case len(g.DayToDay) < 3 || len(g.Questions) < 3:
		return fmt.Errorf("at least three day-to-day tips and three questions")
	case len(g.Urgent) < 2:
		return fmt.Errorf("at least two urgent-care signs")
	case len(g.Sources) < 2:
		return fmt.Errorf("at least two named sources")
	}
	for _, c := range g.SNOMED {
		if !snomedRE.MatchString(c) {
			return fmt.Errorf("%q is not a SNOMED CT concept id", c)
		}
	}
	for _, c := range g.ICD10 {
		if !icdRE.MatchString(c) {
			return fmt.Errorf("%q is not an ICD-10 code", c)
		}
	}
	for _, t := range g.Tracks {
		if sys, code, ok := strings.Cut(t, "|"); !ok || !strings.HasPrefix(sys, "http") || code == "" {
			return fmt.Errorf("tracks entry %q must be system|code", t)
		}
	}
	if last := g.Urgent[len(g.Urgent)-1]; !strings.Contains(strings.ToLower(last), "emergency") {
		return fmt.Errorf("the last urgent-care item must point to emergency services")
	}
	return nil
}

var (
	loadOnce sync.Once
	loaded   []*Guide
	loadErr  error
	bySNOMED map[string]*Guide
	byICD    map[string]*Guide
)

func load() {
	entries, err := fs.Glob(assets.Guides, "guides/*.md")
	if err != nil {
		loadErr = err
		return
	}
	bySNOMED, byICD = map[string]*Guide{}, map[string]*Guide{}
	for _, e := range entries {
		data, err := fs.ReadFile(assets.Guides, e)
		if err != nil {
			loadErr = err
			return
		}
		g, err := Parse(e, data)
		if err != nil {
			loadErr = err
			return
		}
		for _, c := range g.SNOMED {
			if other := bySNOMED[c]; other != nil {
				loadErr = fmt.Errorf("%s: SNOMED %s is also in %s", e, c, other.Slug)
				return
			}
			bySNOMED[c] = g
		}
		for _, c := range g.ICD10 {
			if other := byICD[c]; other != nil {
				loadErr = fmt.Errorf("%s: ICD-10 %s is also in %s", e, c, other.Slug)
				return
			}
			byICD[c] = g
		}
		loaded = append(loaded, g)
	}
	sort.Slice(loaded, func(i, j int) bool { return loaded[i].Title < loaded[j].Title })
}

// All returns every embedded guide, sorted by title.
func All() ([]*Guide, error) {
	loadOnce.Do(load)
	return loaded, loadErr
}

// BySlug returns the guide with that slug, or nil.
func BySlug(slug string) *Guide {
	all, _ := All()
	for _, g := range all {
		if g.Slug == slug {
			return g
		}
	}
	return nil
}

// ForCode returns the guide for a coding, or nil. ICD-10 codes match their most specific
// listed prefix (E11.9 finds the guide listing E11).
func ForCode(system, code string) *Guide {
	if _, err := All(); err != nil {
		return nil
	}
	switch system {
	case SNOMED:
		return bySNOMED[code]
	case ICD10CM, ICD10:
		code = strings.ToUpper(code)
		for c := code; c != ""; {
			if g := byICD[c]; g != nil {
				return g
			}
			if i := strings.IndexByte(c, '.'); i >= 0 && i == len(c)-2 {
				c = c[:i]
			} else if strings.Contains(c, ".") {
				c = c[:len(c)-1]
			} else {
				break
			}
		}
	}
	return nil
}

// ForCondition returns the guide for a FHIR Condition (its code.coding), or nil.
func ForCondition(resource []byte) *Guide {
	var c struct {
		Code struct {
			Coding []struct{ System, Code string } `json:"coding"`
		} `json:"code"`
	}
	if json.Unmarshal(resource, &c) != nil {
		return nil
	}
	for _, cd := range c.Code.Coding {
		if g := ForCode(cd.System, cd.Code); g != nil {
			return g
		}
	}
	return nil
}

// In is the targets in a unit a meter reads, "mmol/L" or "mg/dL" (mmol/L × 18, rounded down:
// under 5.3 mmol/L is under 95 mg/dL): fasting, one hour and two hours after a meal. ok is
// false for another unit, or for a guide without targets.
func (t GlucoseTargets) In(unit string) (fasting, oneHour, twoHours float64, ok bool) {
	if t.Fasting == 0 {
		return 0, 0, 0, false
	}
	switch unit {
	case "mmol/L":
		return t.Fasting, t.OneHour, t.TwoHours, true
	case "mg/dL":
		mg := func(v float64) float64 { return math.Floor(v*18 + 1e-9) }
		return mg(t.Fasting), mg(t.OneHour), mg(t.TwoHours), true
	}
	return 0, 0, 0, false
}

// Words says the targets, whose they are, in the unit of the reading ("mmol/L" or "mg/dL";
// mmol/L for any other): "NICE NG3's targets: fasting under 5.3 mmol/L, 1 hour after a meal
// under 7.8 mmol/L, 2 hours after a meal under 6.4 mmol/L"; in mg/dL each with the mmol/L the
// body gives beside it ("under 95 mg/dL (5.3 mmol/L)"). "" for a guide without targets.
func (t GlucoseTargets) Words(unit string) string {
	f, h1, h2, ok := t.In(unit)
	if !ok {
		if f, h1, h2, ok = t.In("mmol/L"); !ok {
			return ""
		}
		unit = "mmol/L"
	}
	n := func(v, mmol float64) string {
		w := "under " + strconv.FormatFloat(v, 'f', -1, 64) + " " + unit
		if unit != "mmol/L" {
			w += " (" + strconv.FormatFloat(mmol, 'f', -1, 64) + " mmol/L)"
		}
		return w
	}
	return t.By + "'s targets: fasting " + n(f, t.Fasting) + ", 1 hour after a meal " + n(h1, t.OneHour) +
		", 2 hours after a meal " + n(h2, t.TwoHours)
}
