package ccda

import (
	"math"
	"strconv"
	"strings"

	"carekeeper/internal/measure"
)

const (
	loincBPPanel   = "85354-9"
	loincSystolic  = "8480-6"
	loincDiastolic = "8462-4"
)

func obsStatus(n *node) string {
	switch statusCode(n) {
	case "active":
		return "preliminary"
	case "aborted", "cancelled":
		return "cancelled"
	case "nullified":
		return "entered-in-error"
	}
	return "final"
}

func loincCode(n *node) string {
	code := n.child("code")
	if code.attr("codeSystem") == "2.16.840.1.113883.6.1" {
		return strings.TrimSpace(code.attr("code"))
	}
	for _, tr := range code.children("translation") {
		if tr.attr("codeSystem") == "2.16.840.1.113883.6.1" {
			return strings.TrimSpace(tr.attr("code"))
		}
	}
	return ""
}

// organizer maps a Result Organizer to a DiagnosticReport and a Vital Signs Organizer to a
// vital signs panel Observation, each with its component Observations (C-CDA on FHIR "Results",
// "Vital Signs": a systolic/diastolic pair becomes one blood pressure Observation).
func (c *conv) organizer(org *node, category, place string) bool {
	var comps []*node
	for _, comp := range org.children("component") {
		for _, k := range comp.elems() {
			if aboutSomeoneElse(k) {
				c.keep(OtherSubjectReason)
				continue
			}
			switch k.name {
			case "observation", "procedure", "act":
				comps = append(comps, k)
			case "organizer": // a panel inside a panel: its results are this one's
				for _, c2 := range k.children("component") {
					for _, k2 := range c2.elems() {
						if aboutSomeoneElse(k2) {
							c.keep(OtherSubjectReason)
							continue
						}
						comps = append(comps, k2)
					}
				}
			}
		}
	}
	var members []any
	var sys, dia *node
	if category == "vital-signs" {
		for _, o := range comps {
			switch loincCode(o) {
			case loincSystolic:
				if sys == nil {
					sys = o
				}
			case loincDiastolic:
				if dia == nil {
					dia = o
				}
			}
		}
		if sys != nil && dia != nil {
			if ref := c.bloodPressure(sys, dia, place); ref != "" {
				members = append(members, obj{"reference": ref})
			}
		}
	}
	orgStart, _ := c.period(org.child("effectiveTime"))
	for i, o := range comps {
		if o == sys && dia != nil || o == dia && sys != nil {
			continue
		}
		if o.name == "procedure" || o.hasTemplate(t+"4.14", t+"4.13", t+"4.12") {
			c.procedure(o, place+"/"+strconv.Itoa(i)) // the test itself, which some producers add
			continue
		}
		if o.name != "observation" {
			c.keep("a result that is not an observation")
			continue
		}
		if ref := c.observation(o, category, place+"/"+strconv.Itoa(i)); ref != "" {
			members = append(members, obj{"reference": ref})
			// A result without a time of its own was taken when its organizer says.
			if res := c.out[c.index[ref]]; orgStart != "" && res["effectiveDateTime"] == nil && res["effectivePeriod"] == nil {
				res["effectiveDateTime"] = orgStart
			}
		}
	}
	if len(members) == 0 {
		return false
	}
	start, _ := c.period(org.child("effectiveTime"))
	if start == "" {
		for _, o := range comps {
			if s, _ := c.period(o.child("effectiveTime")); s != "" {
				start = s
				break
			}
		}
	}
	if category == "vital-signs" {
		id := c.idFor("Observation", org.children("id"), place)
		res := obj{"resourceType": "Observation", "id": id, "status": obsStatus(org),
			"category":  []any{codeableSystem("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")},
			"code":      obj{"coding": []any{obj{"system": "http://loinc.org", "code": "85353-1", "display": "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel"}}, "text": "Vital signs"},
			"hasMember": members}
		c.subject(res, "subject")
		if ids := identifiers(org.children("id")); len(ids) > 0 {
			res["identifier"] = ids
		}
		if start != "" {
			res["effectiveDateTime"] = start
		}
		c.add(res)
		return true
	}
	id := c.idFor("DiagnosticReport", org.children("id"), place)
	code := c.concept(org.child("code"))
	if code == nil {
		code = obj{"text": "Results"}
	}
	status := "final"
	switch statusCode(org) {
	case "active":
		status = "partial"
	case "aborted", "cancelled":
		status = "cancelled"
	case "nullified":
		status = "entered-in-error"
	}
	res := obj{"resourceType": "DiagnosticReport", "id": id, "status": status, "code": code,
		"category": []any{codeableSystem("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory")},
		"result":   members}
	c.subject(res, "subject")
	if ids := identifiers(org.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	if start != "" {
		res["effectiveDateTime"] = start
	}
	c.narrate(res, org)
	c.add(res)
	return true
}

// bloodPressure makes one 85354-9 Observation with systolic and diastolic components.
func (c *conv) bloodPressure(sys, dia *node, place string) string {
	if c.leftOut(sys) || c.leftOut(dia) {
		return ""
	}
	id := c.idFor("Observation", sys.children("id"), place+"/bp")
	if k := firstKey(sys.children("id")); k != "" {
		id = makeID("Observation", c.patientKey+"|"+k+"#bp")
	}
	var comps []any
	for _, o := range []*node{sys, dia} {
		comp := obj{"code": c.concept(o.child("code"))}
		c.value(comp, o)
		if in := c.interpretation(o); in != nil {
			comp["interpretation"] = in
		}
		if rr := c.referenceRanges(o); rr != nil {
			comp["referenceRange"] = rr
		}
		comps = append(comps, comp)
	}
	res := obj{"resourceType": "Observation", "id": id, "status": obsStatus(sys),
		"category":  []any{codeableSystem("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")},
		"code":      obj{"coding": []any{obj{"system": "http://loinc.org", "code": loincBPPanel, "display": "Blood pressure panel with all children optional"}}, "text": "Blood pressure"},
		"component": comps}
	c.subject(res, "subject")
	c.effective(res, "effective", sys.child("effectiveTime"))
	return c.add(res)
}

// observation maps a Result, Vital Sign, Smoking Status or Social History Observation.
func (c *conv) observation(o *node, category, place string) string {
	if o.attr("nullFlavor") != "" {
		c.keep("an observation with no information")
		return ""
	}
	if plannedMood(o) {
		c.serviceRequest(o, place) // a planned test, wherever it is: not a result
		return ""
	}
	if mood := o.attr("moodCode"); mood != "" && mood != "EVN" {
		c.keep("a planned observation")
		return ""
	}
	if c.leftOut(o) {
		return ""
	}
	code := c.concept(o.child("code"))
	if code == nil {
		if s := c.entryText(o); s != "" {
			code = obj{"text": s}
		} else {
			c.keep("an observation without a code or text")
			return ""
		}
	}
	if o.hasTemplate(t+"4.78", t+"4.511") && loincCode(o) != "72166-2" {
		// Smoking status: R1.1 coded it ASSERTION; FHIR (US Core) codes it 72166-2.
		code = obj{"coding": []any{obj{"system": "http://loinc.org", "code": "72166-2", "display": "Tobacco smoking status"}}, "text": "Tobacco smoking status"}
	}
	id := c.idFor("Observation", o.children("id"), place)
	catSystem := "http://terminology.hl7.org/CodeSystem/observation-category"
	if category == "functional-status" || category == "cognitive-status" {
		catSystem = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category"
	}
	res := obj{"resourceType": "Observation", "id": id, "status": obsStatus(o), "code": code,
		"category": []any{codeableSystem(catSystem, category, "")}}
	c.subject(res, "subject")
	if ids := identifiers(o.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	if o.attr("negationInd") == "true" {
		c.keep("a negated observation")
		return ""
	}
	c.effective(res, "effective", o.child("effectiveTime"))
	c.value(res, o)
	if _, ok := res["dataAbsentReason"]; !ok && !hasValue(res) {
		if s := c.entryText(o); s != "" && code["text"] != s {
			res["valueString"] = s
		}
	}
	if in := c.interpretation(o); in != nil {
		res["interpretation"] = in
	}
	if rr := c.referenceRanges(o); rr != nil {
		res["referenceRange"] = rr
	}
	if n := c.notes(o); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, o)
	return c.add(res)
}

// leftOut reports whether an observation is left out for its number, and counts it: a number
// that cannot be read (notANumber) or one no measurement of its kind can have (measure). It
// stays in the document's text, and the import says so (F195).
func (c *conv) leftOut(o *node) bool {
	v := o.child("value")
	if v == nil || v.attr("nullFlavor") != "" {
		return false
	}
	switch strings.ToUpper(v.xsiType()) {
	case "PQ", "INT", "REAL", "MO":
	default:
		return false
	}
	q := quantity(v)
	if q == nil {
		if notANumber(v.attr("value")) {
			c.badValues++
			return true
		}
		return false
	}
	var f float64
	switch n := q["value"].(type) {
	case jsonNumber:
		f, _ = strconv.ParseFloat(string(n), 64)
	case float64:
		f = n
	}
	if !measure.Possible(loincCode(o), strings.TrimSpace(v.attr("unit")), f) {
		c.impossible++
		return true
	}
	return false
}

func hasValue(res obj) bool {
	for k := range res {
		if strings.HasPrefix(k, "value") {
			return true
		}
	}
	return false
}

// value sets value[x] (or dataAbsentReason) by the value's xsi:type.
func (c *conv) value(res obj, o *node) {
	v := o.child("value")
	if v == nil {
		return
	}
	if nf := v.attr("nullFlavor"); nf != "" && v.attr("value") == "" && v.attr("code") == "" && v.child("originalText") == nil {
		res["dataAbsentReason"] = dataAbsent(nf)
		return
	}
	switch strings.ToUpper(v.xsiType()) {
	case "PQ":
		if q := quantity(v); q != nil {
			res["valueQuantity"] = q
		} else if s := strings.TrimSpace(v.attr("value")); s != "" {
			// Not a number ("<5", "neg", "see note"): keep what it says.
			res["valueString"] = clip(strings.TrimSpace(s + " " + strings.TrimSpace(v.attr("unit"))))
		}
	case "IVL_PQ":
		lo, hi := quantity(v.child("low")), quantity(v.child("high"))
		switch {
		case lo != nil && hi != nil:
			res["valueRange"] = obj{"low": lo, "high": hi}
		case hi != nil:
			hi["comparator"] = "<="
			if v.child("high").attr("inclusive") == "false" {
				hi["comparator"] = "<"
			}
			res["valueQuantity"] = hi
		case lo != nil:
			lo["comparator"] = ">="
			if v.child("low").attr("inclusive") == "false" {
				lo["comparator"] = ">"
			}
			res["valueQuantity"] = lo
		default:
			if q := quantity(v); q != nil {
				res["valueQuantity"] = q
			}
		}
	case "CD", "CE", "CV", "CO", "CS":
		if cc := c.concept(v); cc != nil {
			res["valueCodeableConcept"] = cc
		}
	case "INT":
		if q := quantity(v); q != nil {
			if n, ok := q["value"].(jsonNumber); ok && !strings.Contains(string(n), ".") && len(n) < 10 {
				res["valueInteger"] = n
			} else {
				delete(q, "unit")
				res["valueQuantity"] = q
			}
		}
	case "REAL", "MO":
		if q := quantity(v); q != nil {
			res["valueQuantity"] = q
		}
	case "BL":
		switch v.attr("value") {
		case "true":
			res["valueBoolean"] = true
		case "false":
			res["valueBoolean"] = false
		}
	case "TS":
		if d := c.dateTime(v); d != "" {
			res["valueDateTime"] = d
		}
	case "IVL_TS":
		s, e := c.period(v)
		if s != "" || e != "" {
			p := obj{}
			if s != "" {
				p["start"] = s
			}
			if e != "" {
				p["end"] = e
			}
			res["valuePeriod"] = p
		}
	default: // ST, ED, untyped: text
		s := c.refText(v.child("reference"))
		if s == "" {
			s = clip(v.textContent())
		}
		if s == "" {
			if cc := c.concept(v); cc != nil {
				res["valueCodeableConcept"] = cc
				return
			}
			if q := quantity(v); q != nil {
				res["valueQuantity"] = q
				return
			}
		}
		if s != "" {
			res["valueString"] = s
		}
	}
}

func (c *conv) interpretation(o *node) []any {
	var out []any
	for _, ic := range o.children("interpretationCode") {
		if cc := c.concept(ic); cc != nil {
			out = append(out, cc)
		}
	}
	return out
}

// referenceRanges keeps the normal ranges (interpretationCode N or none, C-CDA on FHIR).
func (c *conv) referenceRanges(o *node) []any {
	var out []any
	for _, rr := range o.children("referenceRange") {
		or := rr.child("observationRange")
		if or == nil {
			continue
		}
		if ic := or.child("interpretationCode"); ic != nil && ic.attr("code") != "" && ic.attr("code") != "N" {
			continue
		}
		r := obj{}
		v := or.child("value")
		if lo := quantity(v.child("low")); lo != nil {
			r["low"] = lo
		}
		if hi := quantity(v.child("high")); hi != nil {
			r["high"] = hi
		}
		text := c.refText(or.path("text", "reference"))
		if text == "" {
			text = clip(or.child("text").textContent())
		}
		if text == "" && len(r) == 0 && v != nil {
			text = clip(v.textContent())
		}
		if text != "" {
			r["text"] = text
			if unit, ok := numericUnit(o); ok && len(r) == 1 {
				// A range given only as text ("4.0-5.6", "<200") beside a number: the lab's
				// own range, in the result's unit, so it is used rather than a general adult
				// range.
				lo, hi := textRange(text, unit)
				if lo != nil {
					r["low"] = lo
				}
				if hi != nil {
					r["high"] = hi
				}
			}
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// numericUnit is the unit of an observation's number (PQ, INT or REAL; "" when it has none),
// and false when its value is not a number.
func numericUnit(o *node) (string, bool) {
	v := o.child("value")
	switch v.xsiType() {
	case "PQ":
		return strings.TrimSpace(v.attr("unit")), true
	case "INT", "REAL":
		return "", true
	}
	return "", false
}

// textRange reads a reference range written as text in the result's unit: "4.0-5.6" (also
// with an en dash or "to", spaces, and the unit written after it), "<200" or "<=200" (a high
// only), ">60" or ">=60" (a low only). Anything else ("negative", "see report", another unit,
// a low above the high) gives nothing.
func textRange(text, unit string) (low, high obj) {
	t := strings.TrimSpace(text)
	if unit != "" && unit != "1" {
		if rest, ok := cutSuffixFold(t, unit); ok {
			t = strings.TrimSpace(rest)
		}
	}
	for _, op := range []string{"<=", "≤", "<"} {
		if rest, ok := strings.CutPrefix(t, op); ok {
			q, _ := quantityOf(rest, unit)
			return nil, q
		}
	}
	for _, op := range []string{">=", "≥", ">"} {
		if rest, ok := strings.CutPrefix(t, op); ok {
			q, _ := quantityOf(rest, unit)
			return q, nil
		}
	}
	// low-high: the separator is the first dash (or "to") after the low's own sign.
	start := 0
	if strings.HasPrefix(t, "-") {
		start = 1
	}
	for _, sep := range []string{"-", "–", "—", " to "} {
		i := strings.Index(t[start:], sep)
		if i < 0 {
			continue
		}
		lo, l := quantityOf(t[:start+i], unit)
		hi, h := quantityOf(t[start+i+len(sep):], unit)
		if lo == nil || hi == nil || l > h {
			return nil, nil
		}
		return lo, hi
	}
	return nil, nil
}

// quantityOf is a plain decimal ("4.0", "-1", ".5") as a quantity in the unit (and its value),
// or nil.
func quantityOf(s, unit string) (obj, float64) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "eExXnN+ ") {
		return nil, 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, 0
	}
	q := obj{"value": decimal(s, f)}
	if unit != "" && unit != "1" {
		q["unit"] = unit
		q["system"] = "http://unitsofmeasure.org"
		q["code"] = unit
	}
	return q, f
}

// cutSuffixFold is strings.CutSuffix ignoring case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}
