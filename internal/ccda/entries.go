package ccda

import (
	"strconv"
	"strings"
)

// --- shared pieces of entries ---

// related are the clinical statements of n's entryRelationships (optionally of one typeCode).
func related(n *node, typeCode string) []*node {
	var out []*node
	for _, er := range n.children("entryRelationship") {
		if typeCode != "" && er.attr("typeCode") != typeCode {
			continue
		}
		for _, k := range er.elems() {
			switch k.name {
			case "act", "observation", "substanceAdministration", "supply", "procedure", "encounter", "organizer":
				out = append(out, k)
			}
		}
	}
	return out
}

// withTemplate is the first of the statements carrying one of the roots.
func withTemplate(ns []*node, roots ...string) *node {
	for _, n := range ns {
		if n.hasTemplate(roots...) {
			return n
		}
	}
	return nil
}

// notes are the Comment Activities (or acts coded 48767-8) of n, as FHIR Annotations.
func (c *conv) notes(n *node) []any {
	var out []any
	for _, a := range related(n, "") {
		if a.name != "act" || !(a.hasTemplate(t+"4.64") || a.child("code").attr("code") == "48767-8") {
			continue
		}
		if s := c.entryText(a); s != "" {
			out = append(out, obj{"text": s})
		}
	}
	return out
}

// authorTime is the earliest author/time of the statements (C-CDA on FHIR: recordedDate).
func (c *conv) authorTime(ns ...*node) string {
	best := ""
	for _, n := range ns {
		for _, a := range n.children("author") {
			if v := c.dateTime(a.child("time")); v != "" && (best == "" || v < best) {
				best = v
			}
		}
	}
	return best
}

// firstAuthor is a reference to the first author of n that maps to a person or organization.
func (c *conv) firstAuthor(n *node) string {
	for _, a := range n.children("author") {
		if ref := c.mapAuthor(a.child("assignedAuthor")); ref != "" {
			return ref
		}
	}
	return ""
}

func (c *conv) subject(res obj, field string) {
	if c.patient != "" {
		res[field] = obj{"reference": c.patient}
	}
}

func statusCode(n *node) string { return strings.TrimSpace(n.child("statusCode").attr("code")) }

// clinicalStatus is an allergy's or problem's status from its Status Observation (SNOMED
// active, inactive, resolved), else from its concern act's statusCode; "" when neither says.
func clinicalStatus(statusObs, concern *node) string {
	if statusObs != nil {
		switch valueCode(statusObs) {
		case "55561003":
			return "active"
		case "73425007":
			return "inactive"
		case "413322009":
			return "resolved"
		}
	}
	if concern != nil {
		switch statusCode(concern) {
		case "active", "suspended":
			return "active"
		case "completed":
			return "resolved"
		case "aborted":
			return "inactive"
		}
	}
	return ""
}

func valueCode(n *node) string { return strings.TrimSpace(n.child("value").attr("code")) }

func codeableSystem(system, code, display string) obj {
	cd := obj{"system": system, "code": code}
	if display != "" {
		cd["display"] = display
	}
	return obj{"coding": []any{cd}}
}

// highNull reports an effectiveTime/high that is present but null ("ended, date unknown").
func highNull(et *node) bool {
	h := et.child("high")
	return h != nil && h.attr("nullFlavor") != "" && h.attr("value") == ""
}

// --- allergies (C-CDA on FHIR "Allergies") ---

// concernItems are the observations a concern act is about: those with the wanted template,
// or, when none has it (R1.1 and vendor output), every observation related by SUBJ (or by
// any relationship when none is SUBJ) that is none of the helper templates.
func concernItems(act *node, want string, helpers ...string) []*node {
	var with, other []*node
	all := related(act, "SUBJ")
	if len(all) == 0 {
		all = related(act, "")
	}
	for _, o := range all {
		switch {
		case o.name != "observation":
		case o.hasTemplate(want):
			with = append(with, o)
		case !o.hasTemplate(helpers...):
			other = append(other, o)
		}
	}
	if len(with) > 0 {
		return with
	}
	return other
}

func (c *conv) allergyConcern(act *node, place string) bool {
	obs := concernItems(act, t+"4.7", t+"4.8", t+"4.28", t+"4.145", t+"4.64", t+"4.9")
	mapped := false
	for i, o := range obs {
		mapped = c.allergy(o, act, place+"/"+strconv.Itoa(i)) || mapped
	}
	if len(obs) == 0 {
		c.keep("an allergy concern without an allergy")
	}
	return mapped
}

// noKnown maps the allergy type of a negated, substance-less allergy to its "no known" code
// (ConceptMap CF-NoKnownAllergies).
var noKnown = map[string][2]string{
	"419199007": {"716186003", "No known allergy"},
	"416098002": {"409137002", "No known drug allergy"},
	"419511003": {"409137002", "No known drug allergy"},
	"59037007":  {"409137002", "No known drug allergy"},
	"414285001": {"429625007", "No known food allergy"},
	"235719002": {"429625007", "No known food allergy"},
	"418471000": {"429625007", "No known food allergy"},
	"426232007": {"428607008", "No known environmental allergy"},
}

func (c *conv) allergy(obs, concern *node, place string) bool {
	if obs.attr("nullFlavor") != "" {
		c.keep("an allergy with no information")
		return false
	}
	res := obj{"resourceType": "AllergyIntolerance", "id": c.idFor("AllergyIntolerance", obs.children("id"), place)}
	c.subject(res, "patient")
	if ids := identifiers(obs.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	typ := valueCode(obs)
	switch typ {
	case "59037007", "235719002", "419511003":
		res["type"] = "intolerance"
	case "419199007", "416098002", "414285001", "426232007":
		res["type"] = "allergy"
	}
	switch typ {
	case "416098002", "59037007", "419511003":
		res["category"] = []any{"medication"}
	case "414285001", "235719002", "418471000":
		res["category"] = []any{"food"}
	case "426232007":
		res["category"] = []any{"environment"}
	}
	var substance obj
	for _, p := range obs.children("participant") {
		if tc := p.attr("typeCode"); tc != "" && tc != "CSM" {
			continue
		}
		substance = c.concept(p.path("participantRole", "playingEntity", "code"))
		if substance != nil {
			break
		}
	}
	negated := obs.attr("negationInd") == "true"
	verification := "confirmed"
	switch {
	case negated && substance == nil:
		nk, ok := noKnown[typ]
		if !ok {
			nk = noKnown["419199007"]
		}
		substance = codeableSystem("http://snomed.info/sct", nk[0], nk[1])
		substance["text"] = nk[1]
		delete(res, "type")
	case negated: // "not allergic to this substance"
		verification = "refuted"
	case substance == nil:
		// A substance given only as text in the narrative.
		if s := c.entryText(obs); s != "" {
			substance = obj{"text": s}
		} else if concern != nil && c.entryText(concern) != "" {
			substance = obj{"text": c.entryText(concern)}
		}
	}
	if substance == nil {
		c.keep("an allergy without a substance")
		return false
	}
	res["code"] = substance
	res["verificationStatus"] = codeableSystem("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", verification, "")
	// Status: the Allergy Status Observation first, the concern's statusCode as a fallback.
	status := clinicalStatus(withTemplate(related(obs, ""), t+"4.28"), concern)
	if status == "" {
		status = "active"
	}
	if verification != "refuted" { // a refuted allergy has no clinical status (FHIR ait-2)
		res["clinicalStatus"] = codeableSystem("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", status, "")
	}
	if s, _ := c.period(obs.child("effectiveTime")); s != "" {
		res["onsetDateTime"] = s
	}
	if r := c.authorTime(obs, concern); r != "" {
		res["recordedDate"] = r
	}
	if crit := withTemplate(related(obs, ""), t+"4.145"); crit != nil {
		switch valueCode(crit) {
		case "CRITL":
			res["criticality"] = "low"
		case "CRITH":
			res["criticality"] = "high"
		case "CRITU":
			res["criticality"] = "unable-to-assess"
		}
	}
	allSeverity := severity(withTemplate(related(obs, "SUBJ"), t+"4.8"))
	var reactions []any
	for _, r := range related(obs, "MFST") {
		m := c.concept(r.child("value"))
		if m == nil {
			if s := c.entryText(r); s != "" {
				m = obj{"text": s}
			} else {
				continue
			}
		}
		re := obj{"manifestation": []any{m}}
		sev := severity(withTemplate(related(r, "SUBJ"), t+"4.8"))
		if sev == "" {
			sev = allSeverity
		}
		if sev != "" {
			re["severity"] = sev
		}
		if s, _ := c.period(r.child("effectiveTime")); s != "" {
			re["onset"] = s
		}
		reactions = append(reactions, re)
	}
	if len(reactions) > 0 {
		res["reaction"] = reactions
	}
	if n := c.notes(obs); len(n) > 0 {
		res["note"] = n
	}
	if rec := c.firstAuthor(obs); rec != "" {
		res["recorder"] = obj{"reference": rec}
	}
	c.narrate(res, obs)
	c.add(res)
	return true
}

func severity(n *node) string {
	if n == nil {
		return ""
	}
	switch valueCode(n) {
	case "255604002", "371923003": // mild, mild to moderate
		return "mild"
	case "6736007", "371924009": // moderate, moderate to severe
		return "moderate"
	case "24484000", "399166001": // severe, fatal
		return "severe"
	}
	return ""
}

// --- problems (C-CDA on FHIR "Problems") ---

func (c *conv) problemConcern(act *node, place string) bool {
	obs := concernItems(act, t+"4.4", t+"4.6", t+"4.64", t+"4.5", t+"4.31")
	mapped := false
	for i, o := range obs {
		mapped = c.problem(o, act, place+"/"+strconv.Itoa(i)) || mapped
	}
	if len(obs) == 0 {
		c.keep("a problem concern without a problem")
	}
	return mapped
}

func (c *conv) problem(obs, concern *node, place string) bool {
	_, ok := c.condition(obs, concern, place, "problem-list-item")
	return ok
}

// condition maps a Problem Observation to a Condition and returns its reference.
func (c *conv) condition(obs, concern *node, place, category string) (string, bool) {
	if obs.attr("nullFlavor") != "" {
		c.keep("a problem with no information")
		return "", false
	}
	code := c.concept(obs.child("value"))
	if code == nil {
		if s := c.entryText(obs); s != "" {
			code = obj{"text": s}
		}
	}
	if code == nil {
		c.keep("a problem without a code or text")
		return "", false
	}
	id := c.idFor("Condition", obs.children("id"), place)
	res := obj{"resourceType": "Condition", "id": id, "code": code,
		"category": []any{codeableSystem("http://terminology.hl7.org/CodeSystem/condition-category", category, "")}}
	c.subject(res, "subject")
	if ids := identifiers(obs.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	verification := "confirmed"
	if obs.attr("negationInd") == "true" {
		verification = "refuted"
	}
	res["verificationStatus"] = codeableSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification, "")
	et := obs.child("effectiveTime")
	onset, abated := c.period(et)
	if c.dateTime(et) != "" {
		abated = ""
	}
	if onset != "" {
		res["onsetDateTime"] = onset
	}
	// Status: the Problem Status Observation, else the concern's statusCode.
	status := clinicalStatus(withTemplate(related(obs, "REFR"), t+"4.6"), concern)
	switch {
	case abated != "":
		// An end date: the problem has ended, whatever else is said (FHIR con-4).
		res["abatementDateTime"] = abated
		if status == "" || status == "active" {
			status = "resolved"
		}
	case highNull(et) && status != "active":
		// C-CDA on FHIR reads a null high as "resolved, date unknown"; many producers write
		// one on every open problem, so it counts only when no status says it is active.
		res["abatementString"] = "resolved, date unknown"
		if status == "" {
			status = "resolved"
		}
	}
	if status == "" {
		status = "active"
	}
	if verification != "refuted" {
		res["clinicalStatus"] = codeableSystem("http://terminology.hl7.org/CodeSystem/condition-clinical", status, "")
	}
	if r := c.authorTime(obs, concern); r != "" {
		res["recordedDate"] = r
	}
	if rec := c.firstAuthor(obs); rec != "" {
		res["recorder"] = obj{"reference": rec}
	}
	if n := c.notes(obs); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, obs)
	return c.add(res), true
}

// --- immunizations (C-CDA on FHIR "Immunizations") ---

func (c *conv) immunization(sa *node, place string) bool {
	if mood := sa.attr("moodCode"); mood != "" && mood != "EVN" {
		c.keep("a planned immunization")
		return false
	}
	mat := sa.path("consumable", "manufacturedProduct", "manufacturedMaterial")
	vaccine := c.concept(mat.child("code"))
	if vaccine == nil {
		if s := c.entryText(sa); s != "" {
			vaccine = obj{"text": s}
		} else {
			c.keep("an immunization without a vaccine")
			return false
		}
	}
	id := c.idFor("Immunization", sa.children("id"), place)
	res := obj{"resourceType": "Immunization", "id": id, "vaccineCode": vaccine}
	c.subject(res, "patient")
	if ids := identifiers(sa.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	status := "completed"
	switch {
	case sa.attr("negationInd") == "true":
		status = "not-done"
		if rr := withTemplate(related(sa, ""), t+"4.53"); rr != nil {
			if reason := c.concept(rr.child("code")); reason != nil {
				res["statusReason"] = reason
			}
		}
	case statusCode(sa) == "nullified":
		status = "entered-in-error"
	}
	res["status"] = status
	if s, _ := c.period(sa.child("effectiveTime")); s != "" {
		res["occurrenceDateTime"] = s
	} else {
		res["occurrenceString"] = "date unknown"
	}
	if lot := mat.child("lotNumberText").textContent(); lot != "" {
		res["lotNumber"] = lot
	}
	if m := c.mapOrganization(sa.path("consumable", "manufacturedProduct", "manufacturerOrganization")); m != "" {
		res["manufacturer"] = obj{"reference": m}
	}
	if r := c.concept(sa.child("routeCode")); r != nil {
		res["route"] = r
	}
	if s := c.concept(sa.child("approachSiteCode")); s != nil {
		res["site"] = s
	}
	if q := quantity(sa.child("doseQuantity")); q != nil {
		res["doseQuantity"] = q
	}
	var perf []any
	for _, p := range sa.children("performer") {
		if ref := c.mapAuthor(p.child("assignedEntity")); ref != "" {
			perf = append(perf, obj{"actor": obj{"reference": ref}})
		}
	}
	if len(perf) > 0 {
		res["performer"] = perf
	}
	if n := c.notes(sa); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, sa)
	c.add(res)
	return true
}

// --- procedures (C-CDA on FHIR "Procedures") ---

func (c *conv) procedure(p *node, place string) bool {
	if plannedMood(p) {
		return c.serviceRequest(p, place) != "" // a planned procedure, wherever it is
	}
	if mood := p.attr("moodCode"); mood != "" && mood != "EVN" {
		c.keep("a planned procedure")
		return false
	}
	code := c.concept(p.child("code"))
	if code == nil {
		if s := c.entryText(p); s != "" {
			code = obj{"text": s}
		} else {
			c.keep("a procedure without a code or text")
			return false
		}
	}
	id := c.idFor("Procedure", p.children("id"), place)
	res := obj{"resourceType": "Procedure", "id": id, "code": code}
	c.subject(res, "subject")
	if ids := identifiers(p.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	status := "completed"
	switch statusCode(p) {
	case "active":
		status = "in-progress"
	case "aborted":
		status = "stopped"
	case "cancelled":
		status = "not-done"
	case "new":
		status = "preparation"
	case "nullified":
		status = "entered-in-error"
	}
	if p.attr("negationInd") == "true" {
		status = "not-done"
	}
	res["status"] = status
	c.effective(res, "performed", p.child("effectiveTime"))
	var sites []any
	for _, s := range p.children("targetSiteCode") {
		if cc := c.concept(s); cc != nil {
			sites = append(sites, cc)
		}
	}
	if len(sites) > 0 {
		res["bodySite"] = sites
	}
	var perf []any
	for _, pf := range p.children("performer") {
		if ref := c.mapAuthor(pf.child("assignedEntity")); ref != "" {
			perf = append(perf, obj{"actor": obj{"reference": ref}})
		}
	}
	if len(perf) > 0 {
		res["performer"] = perf
	}
	c.reasons(res, p)
	if n := c.notes(p); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, p)
	c.add(res)
	return true
}

// reasons sets reasonCode from the Indications (…4.19) of n.
func (c *conv) reasons(res obj, n *node) {
	var rc []any
	for _, ind := range related(n, "RSON") {
		if ind.hasTemplate(t+"4.143") || ind.child("code").attr("code") == "225773000" {
			// a Priority Preference ('High priority'): how much the person cares, not what
			// it is for (F299: 'for High priority')
			continue
		}
		if cc := c.concept(ind.child("value")); cc != nil {
			rc = append(rc, cc)
		} else if ind.hasTemplate(t + "4.19") {
			if cc := c.concept(ind.child("code")); cc != nil && ind.child("code").attr("code") != "404684003" && ind.child("code").attr("code") != "75321-0" {
				rc = append(rc, cc)
			}
		}
	}
	if len(rc) > 0 {
		res["reasonCode"] = rc
	}
}

// --- encounters (C-CDA on FHIR "Encounters") ---

// isDischargeSummary reports whether the document is a discharge summary (LOINC 18842-5).
func isDischargeSummary(doc *node) bool {
	code := doc.child("code")
	return strings.TrimSpace(code.attr("code")) == "18842-5" && code.attr("codeSystem") == "2.16.840.1.113883.6.1"
}

func (c *conv) encounter(e *node, place string) string {
	if plannedMood(e) && place != "header" {
		c.serviceRequest(e, place) // a planned encounter, wherever it is: not a visit that happened
		return ""
	}
	if mood := e.attr("moodCode"); mood != "" && mood != "EVN" {
		c.keep("a planned encounter")
		return ""
	}
	id := c.idFor("Encounter", e.children("id"), place)
	res := obj{"resourceType": "Encounter", "id": id}
	c.subject(res, "subject")
	if ids := identifiers(e.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	code := e.child("code")
	if code.attr("codeSystem") == "2.16.840.1.113883.5.4" && code.attr("code") != "" {
		cl := obj{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": code.attr("code")}
		if d := code.attr("displayName"); d != "" {
			cl["display"] = d
		}
		res["class"] = cl
	} else {
		// The setting is often a translation of the visit's code (CPT 99213 with
		// ActEncounterCode AMB): without it the visit said 'Setting unknown' (F267).
		res["class"] = obj{"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNK", "display": "unknown"}
		for _, tr := range code.children("translation") {
			if tr.attr("codeSystem") == "2.16.840.1.113883.5.4" && tr.attr("code") != "" {
				cl := obj{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": tr.attr("code")}
				if d := tr.attr("displayName"); d != "" {
					cl["display"] = d
				}
				res["class"] = cl
				break
			}
		}
		if cc := c.concept(code); cc != nil {
			res["type"] = []any{cc}
		} else if s := c.entryText(e); s != "" {
			res["type"] = []any{obj{"text": s}}
		} else if place == "header" && isDischargeSummary(c.doc) {
			// The stay a discharge summary is about, sent without a code (HL7's example, and
			// many a hospital's letter): the Timeline said "unknown · Visit", the null
			// flavour's display (F484). A discharge summary is written at the end of a stay.
			res["type"] = []any{obj{"text": "Hospital stay"}}
		} else if place == "header" {
			// The visit a document is about, sent without a code: the Timeline said "unknown ·
			// Visit" (F540 item 3, the CHUM's oncology consult). The document's title names it
			// ("CHUM — Résumé de consultation en oncologie …").
			if t := strings.Join(strings.Fields(c.doc.child("title").textContent()), " "); t != "" && len([]rune(t)) <= 200 {
				res["type"] = []any{obj{"text": t}}
			}
		}
	}
	start, end := c.period(e.child("effectiveTime"))
	if start != "" || end != "" {
		p := obj{}
		if start != "" {
			p["start"] = start
		}
		if end != "" {
			p["end"] = end
		}
		res["period"] = p
	}
	status := "unknown"
	switch statusCode(e) {
	case "completed":
		status = "finished"
	case "active":
		status = "in-progress"
	case "cancelled", "aborted":
		status = "cancelled"
	case "nullified":
		status = "entered-in-error"
	case "":
		if start != "" && start[:min(10, len(start))] <= c.now.Format("2006-01-02") {
			status = "finished"
		}
	}
	res["status"] = status
	var parts []any
	for _, p := range e.children("performer") {
		if ref := c.mapAuthor(p.child("assignedEntity")); ref != "" {
			parts = append(parts, obj{"individual": obj{"reference": ref}})
		}
	}
	if rp := e.child("responsibleParty"); rp != nil {
		if ref := c.mapAuthor(rp.child("assignedEntity")); ref != "" {
			parts = append(parts, obj{"individual": obj{"reference": ref}})
		}
	}
	for _, p := range e.children("encounterParticipant") {
		if ref := c.mapAuthor(p.child("assignedEntity")); ref != "" {
			parts = append(parts, obj{"individual": obj{"reference": ref}})
		}
	}
	if len(parts) > 0 {
		res["participant"] = parts
	}
	if org := c.mapOrganization(e.path("location", "healthCareFacility", "serviceProviderOrganization")); org != "" {
		res["serviceProvider"] = obj{"reference": org}
	}
	// Where the visit was: the entry's Service Delivery Location (participant LOC), the
	// header's healthCareFacility. Without it the visit named no place (F267).
	var locs []any
	for _, p := range e.children("participant") {
		if p.attr("typeCode") == "LOC" {
			if ref := c.mapLocation(p.child("participantRole")); ref != "" {
				locs = append(locs, obj{"location": obj{"reference": ref}})
			}
		}
	}
	if f := e.path("location", "healthCareFacility"); f != nil {
		if ref := c.mapLocation(f); ref != "" {
			locs = append(locs, obj{"location": obj{"reference": ref}})
		}
	}
	if len(locs) > 0 {
		res["location"] = locs
	}
	var diags []any
	for i, a := range related(e, "") {
		if !a.hasTemplate(t+"4.80") && a.child("code").attr("code") != "29308-4" {
			continue
		}
		for j, o := range related(a, "SUBJ") {
			if o.name != "observation" {
				continue
			}
			if ref, ok := c.condition(o, a, place+"/dx"+strconv.Itoa(i)+"/"+strconv.Itoa(j), "encounter-diagnosis"); ok {
				diags = append(diags, obj{"condition": obj{"reference": ref}})
			}
		}
	}
	if len(diags) > 0 {
		res["diagnosis"] = diags
	}
	c.reasons(res, e)
	c.narrate(res, e)
	return c.add(res)
}
