package ccda

import (
	"strconv"
	"strings"
)

// medication maps a Medication Activity to a MedicationRequest (C-CDA on FHIR "Medications"),
// with its dose, route and timing as a FHIR Dosage the reminder engine (internal/schedule)
// reads: PIVL_TS → repeat.frequency/period/periodUnit, EIVL_TS → repeat.when/offset, the
// IVL_TS bounds → repeat.boundsPeriod, a single TS → timing.event (with a frequency, its
// start).
func (c *conv) medication(sa *node, place string) bool {
	mat := sa.path("consumable", "manufacturedProduct", "manufacturedMaterial")
	med := c.concept(mat.child("code"))
	if med == nil {
		name := strings.TrimSpace(mat.child("name").textContent())
		if name == "" {
			name = c.entryText(sa)
		}
		if name == "" {
			c.keep("a medicine without a code or name")
			return false
		}
		med = obj{"text": name}
	}
	id := c.idFor("MedicationRequest", sa.children("id"), place)
	res := obj{"resourceType": "MedicationRequest", "id": id, "medicationCodeableConcept": med}
	c.subject(res, "subject")
	if ids := identifiers(sa.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	switch sa.attr("moodCode") {
	case "INT", "RQO", "PRMS":
		res["intent"] = "plan"
	case "PRP":
		res["intent"] = "proposal"
	default:
		res["intent"] = "order"
	}
	var bounds, pivl, eivl *node
	var events []string
	for _, et := range sa.children("effectiveTime") {
		switch typ := strings.ToUpper(et.xsiType()); {
		case typ == "PIVL_TS" && pivl == nil:
			pivl = et
		case typ == "EIVL_TS" && eivl == nil:
			eivl = et
		case (typ == "IVL_TS" || typ == "") && bounds == nil:
			bounds = et
		case typ == "TS":
			if v := c.dateTime(et); v != "" {
				events = append(events, v)
			}
		}
	}
	start, end := "", ""
	if bounds != nil {
		if v := c.dateTime(bounds); v != "" {
			events = append(events, v)
		} else {
			start, end = c.period(bounds)
		}
	}
	// One date and a frequency: the date is when the medicine starts (C-CDA on FHIR maps the
	// first effectiveTime to boundsPeriod), not a one-time dose the frequency contradicts.
	if (pivl != nil || eivl != nil) && start == "" && end == "" && len(events) > 0 {
		start, events = events[0], events[1:]
	}
	// A planned medicine given once on a date (a Planned Medication Activity's effectiveTime
	// is 'the time that the medication activity should occur'): the plan is for that day
	// alone. HL7's Transfer Summary plans one heparin injection for 5 Sep 2013; with no end it
	// read as a medicine still being taken, 'still taking it?', thirteen years on (F299).
	once := false
	if planned := res["intent"] == "plan" || res["intent"] == "proposal"; planned && pivl == nil && eivl == nil &&
		start == "" && end == "" && len(events) == 1 && len(events[0]) >= 10 {
		start, end, once = events[0], events[0][:10], true
	}
	status := "unknown"
	switch statusCode(sa) {
	case "active":
		status = "active"
	case "completed":
		status = "completed"
		// C-CDA on FHIR: "completed" with an end in the future often means the prescribing is
		// complete while the medicine is still taken.
		if end != "" && end[:min(10, len(end))] > c.now.Format("2006-01-02") {
			status = "active"
		}
	case "aborted":
		status = "stopped"
	case "cancelled":
		status = "cancelled"
	case "suspended", "held":
		status = "on-hold"
	case "nullified":
		status = "entered-in-error"
	case "new":
		status = "draft"
	}
	res["status"] = status
	if a := c.authorTime(sa); a != "" {
		res["authoredOn"] = a
	} else if start != "" && !once { // the day planned is not the day it was written
		res["authoredOn"] = start
	}
	if rq := c.firstAuthor(sa); rq != "" {
		res["requester"] = obj{"reference": rq}
	}

	dosage := obj{}
	text := ""
	if sig := withTemplate(related(sa, ""), t+"4.147"); sig != nil {
		text = c.entryText(sig)
	}
	if text == "" {
		text = c.entryText(sa)
	}
	if text != "" {
		dosage["text"] = text
	}
	timing := obj{}
	repeat := obj{}
	if start != "" || end != "" {
		p := obj{}
		if start != "" {
			p["start"] = start
		}
		if end != "" {
			p["end"] = end
		}
		repeat["boundsPeriod"] = p
	}
	if len(events) > 0 {
		var ev []any
		for _, e := range events {
			ev = append(ev, e)
		}
		timing["event"] = ev
	}
	if pivl != nil {
		// As needed ("q6 hours PRN wheezing"), the period is the least gap between doses, not
		// "4 times a day" at the institution's times (F360).
		prn := len(related(sa, "PRCN")) > 0 || len(sa.children("precondition")) > 0
		c.pivl(repeat, pivl, prn)
	}
	if eivl != nil {
		if code := strings.TrimSpace(eivl.child("event").attr("code")); code != "" {
			repeat["when"] = []any{code}
			if _, ok := repeat["frequency"]; !ok {
				repeat["frequency"] = 1
				repeat["period"] = 1
				repeat["periodUnit"] = "d"
			}
			if off := eivl.child("offset"); off != nil {
				if mins, ok := minutes(off.child("width")); ok && mins != 0 {
					repeat["offset"] = mins
				} else if mins, ok := minutes(off); ok && mins != 0 {
					repeat["offset"] = mins
				}
			}
		}
	}
	if len(repeat) > 0 {
		timing["repeat"] = repeat
	}
	if len(timing) > 0 {
		dosage["timing"] = timing
	}
	for _, pc := range related(sa, "PRCN") {
		if cc := c.concept(pc.child("value")); cc != nil {
			dosage["asNeededCodeableConcept"] = cc
		} else {
			dosage["asNeededBoolean"] = true
		}
	}
	for _, pc := range sa.children("precondition") {
		if _, ok := dosage["asNeededCodeableConcept"]; ok {
			break
		}
		crit := pc.child("criterion")
		if cc := c.concept(crit.child("value")); cc != nil {
			dosage["asNeededCodeableConcept"] = cc
		} else {
			dosage["asNeededBoolean"] = true
		}
	}
	if r := c.concept(sa.child("routeCode")); r != nil {
		dosage["route"] = r
	}
	if s := c.concept(sa.child("approachSiteCode")); s != nil {
		dosage["site"] = s
	}
	unit := c.concept(sa.child("administrationUnitCode"))
	dq := sa.child("doseQuantity")
	var dose obj
	if q := quantity(dq); q != nil {
		dose = obj{"doseQuantity": q}
	} else if lo, hi := quantity(dq.child("low")), quantity(dq.child("high")); lo != nil && hi != nil {
		dose = obj{"doseRange": obj{"low": lo, "high": hi}}
	} else if lo != nil {
		dose = obj{"doseQuantity": lo}
	}
	if dose != nil {
		if q, ok := dose["doseQuantity"].(obj); ok {
			// A UCUM code for a count as the unit ("[drp]") reads as its word, as an order
			// writes it ("1 drop"): "1 [drp]" made the same order from two sources "different
			// doses", and the newer copy's picked times won (F423).
			if u, _ := q["unit"].(string); countWords[u] != "" {
				q["unit"] = countWords[u]
			}
		}
		if q, ok := dose["doseQuantity"].(obj); ok && q["unit"] == nil && unit != nil {
			if cd := asList(unit["coding"]); len(cd) > 0 {
				u := cd[0].(obj)
				if d, ok := u["display"].(string); ok {
					q["unit"] = d
				}
				q["system"], q["code"] = u["system"], u["code"]
			} else if t, ok := unit["text"].(string); ok {
				q["unit"] = t
			}
		} else if ok && q["unit"] == nil {
			// A count with no unit is of the product's own units (C-CDA's rule for countable
			// forms): "1" of "Clarithromycin 500 MG Oral Tablet" is 1 tablet. Without it, the
			// reminders said "(1 dose)" beside the same order's "(1 tablet)" (F423).
			if u, code := formUnit(medName(med)); u != "" {
				q["unit"], q["system"], q["code"] = u, "http://unitsofmeasure.org", code
			}
		}
		dosage["doseAndRate"] = []any{dose}
	}
	if m := maxDose(sa.child("maxDoseQuantity")); m != nil {
		dosage["maxDosePerPeriod"] = m
	}
	if len(dosage) > 0 {
		res["dosageInstruction"] = []any{dosage}
	}
	if rn := sa.child("repeatNumber"); rn != nil {
		if n, err := strconv.Atoi(strings.TrimSpace(rn.attr("value"))); err == nil && n >= 1 {
			res["dispenseRequest"] = obj{"numberOfRepeatsAllowed": n - 1}
		}
	}
	c.reasons(res, sa)
	if n := c.notes(sa); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, sa)
	c.add(res)
	return true
}

// pivl maps a PIVL_TS period ("every 8 h"; institutionSpecified "3 times a day").
func (c *conv) pivl(repeat obj, p *node, asNeeded bool) {
	per := p.child("period")
	if per == nil {
		return
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(per.attr("value")), 64)
	if err != nil || v <= 0 {
		return
	}
	unit := ucumTimeUnit(per.attr("unit"))
	if unit == "" {
		return
	}
	if p.attr("institutionSpecified") == "true" && !asNeeded {
		// "q8h, institution specified" is "3 times a day" at the institution's times.
		perDay := map[string]float64{"h": 24, "min": 24 * 60, "s": 86400, "d": 1}
		if n, ok := perDay[unit]; ok && v > 0 {
			if f := n / v; f >= 1 && f == float64(int(f)) {
				repeat["frequency"] = int(f)
				repeat["period"] = 1
				repeat["periodUnit"] = "d"
				return
			}
		}
	}
	repeat["frequency"] = 1
	repeat["period"] = decimal(strings.TrimSpace(per.attr("value")), v)
	repeat["periodUnit"] = unit
	// A phase with a time of day ("every day, from 08:00") says when in the day.
	if low := strings.TrimSpace(p.path("phase", "low").attr("value")); len(low) >= 12 && (unit == "d" || unit == "wk" || (unit == "h" && v == 24)) {
		hh, mm := low[8:10], low[10:12]
		if h, err := strconv.Atoi(hh); err == nil && h < 24 {
			if m, err := strconv.Atoi(mm); err == nil && m < 60 {
				repeat["timeOfDay"] = []any{hh + ":" + mm + ":00"}
			}
		}
	}
}

// ucumTimeUnit maps a UCUM time unit to a FHIR UnitsOfTime code.
func ucumTimeUnit(u string) string {
	switch strings.TrimSpace(u) {
	case "s":
		return "s"
	case "min":
		return "min"
	case "h", "hr":
		return "h"
	case "d", "D":
		return "d"
	case "wk":
		return "wk"
	case "mo":
		return "mo"
	case "a", "yr":
		return "a"
	}
	return ""
}

// minutes converts a PQ duration to whole minutes.
func minutes(q *node) (int, bool) {
	if q == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(q.attr("value")), 64)
	if err != nil {
		return 0, false
	}
	switch ucumTimeUnit(q.attr("unit")) {
	case "s":
		v /= 60
	case "min":
	case "h":
		v *= 60
	case "d":
		v *= 1440
	default:
		return 0, false
	}
	return int(v), true
}

// medName is a medicine concept's name: its text, else its first coding's display.
func medName(med obj) string {
	if t, ok := med["text"].(string); ok && t != "" {
		return t
	}
	if cd := asList(med["coding"]); len(cd) > 0 {
		if d, ok := cd[0].(obj)["display"].(string); ok {
			return d
		}
	}
	return ""
}

// formUnit is the unit of a countable dose form a medicine's name ends with (RxNorm's "…
// Oral Tablet", "… Oral Capsule"), with its UCUM annotation: "tablet" {tbl}, "capsule"
// {cap}; "" for any other.
func formUnit(name string) (unit, code string) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, f := range []struct{ suffix, unit, code string }{
		{"tablet", "tablet", "{tbl}"}, {"tablets", "tablet", "{tbl}"},
		{"capsule", "capsule", "{cap}"}, {"capsules", "capsule", "{cap}"},
	} {
		if strings.HasSuffix(n, " "+f.suffix) {
			return f.unit, f.code
		}
	}
	return "", ""
}

// countWords are UCUM's codes for counted doses, by the word an order writes.
var countWords = map[string]string{"[drp]": "drop", "{tbl}": "tablet", "{tablet}": "tablet", "{cap}": "capsule", "{capsule}": "capsule", "{puff}": "puff"}

// maxDose maps a maxDoseQuantity (RTO_PQ_PQ: "at most 1 in 1 d") to a FHIR Ratio for
// dosageInstruction.maxDosePerPeriod, as a FHIR order carries it: a numerator without a unit
// counts doses, with one it is an amount ("4000 mg"); the denominator is a time. A rescue
// medicine's "at most 1 dose a day" of a discharge summary was lost when the C-CDA was its
// only source (F443). Nothing for a nullFlavor, or a part missing or not a number (HL7's
// examples write maxDoseQuantity nullFlavor="UNK").
func maxDose(m *node) obj {
	if m == nil || m.attr("nullFlavor") != "" {
		return nil
	}
	num, den := quantity(m.child("numerator")), quantity(m.child("denominator"))
	if num == nil || den == nil {
		return nil
	}
	if v, err := strconv.ParseFloat(strings.TrimSpace(m.child("numerator").attr("value")), 64); err == nil && v <= 0 {
		return nil
	}
	if u, _ := num["unit"].(string); countWords[u] != "" {
		num["unit"] = countWords[u]
	}
	if _, ok := den["unit"]; !ok {
		return nil // "1 in 1": a most in no time is not a most a day
	}
	return obj{"numerator": num, "denominator": den}
}
