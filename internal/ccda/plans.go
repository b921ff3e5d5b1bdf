package ccda

import (
	"html"
	"strconv"
	"strings"
)

// The sections C-CDA on FHIR maps beyond the core ones: family history (FamilyMemberHistory),
// goals (Goal), planned items of a plan of treatment (ServiceRequest; planned medicines are
// MedicationRequests with intent plan; the section itself a CarePlan gathering them), functional and mental status (Observation), medical
// equipment (Device and DeviceUseStatement) and payers (Coverage). Advance directives,
// instructions, planned immunizations and supplies stay text, counted.

// plannedMood reports a moodCode of something planned, proposed or ordered (not done).
func plannedMood(n *node) bool {
	switch n.attr("moodCode") {
	case "INT", "RQO", "PRP", "ARQ", "APT", "PRMS":
		return true
	}
	return false
}

// --- family history (C-CDA on FHIR "Family History") ---

// familyHistory maps a Family History Organizer (or a lone Family History Observation, as
// R1.1 producers write it) to a FamilyMemberHistory.
func (c *conv) familyHistory(n *node, place string) bool {
	var obs []*node
	if n.name == "organizer" {
		for _, comp := range n.children("component") {
			for _, k := range comp.elems() {
				if k.name == "observation" {
					obs = append(obs, k)
				}
			}
		}
	} else {
		obs = []*node{n}
	}
	rel := n.path("subject", "relatedSubject")
	if rel == nil && len(obs) == 1 {
		rel = obs[0].path("subject", "relatedSubject")
	}
	res := obj{"resourceType": "FamilyMemberHistory", "id": c.idFor("FamilyMemberHistory", n.children("id"), place), "status": "completed"}
	c.subject(res, "patient")
	if ids := identifiers(n.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	relationship := c.concept(rel.child("code"))
	if relationship == nil {
		relationship = codeableSystem("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FAMMEMB", "family member")
	}
	res["relationship"] = relationship
	switch strings.TrimSpace(rel.path("subject", "administrativeGenderCode").attr("code")) {
	case "M":
		res["sex"] = codeableSystem("http://hl7.org/fhir/administrative-gender", "male", "Male")
	case "F":
		res["sex"] = codeableSystem("http://hl7.org/fhir/administrative-gender", "female", "Female")
	}
	if b := c.dateTime(rel.path("subject", "birthTime")); len(b) >= 4 {
		res["bornDate"] = b[:min(10, len(b))]
	}
	var conds []any
	for _, o := range obs {
		if o.attr("nullFlavor") != "" || o.attr("negationInd") == "true" {
			continue
		}
		code := c.concept(o.child("value"))
		if code == nil {
			if s := c.entryText(o); s != "" {
				code = obj{"text": s}
			} else {
				continue
			}
		}
		cond := obj{"code": code}
		for _, r := range related(o, "") {
			switch {
			case r.hasTemplate(t+"4.31") || r.child("code").attr("code") == "445518008":
				if q := quantity(r.child("value")); q != nil {
					if _, ok := q["value"]; ok {
						cond["onsetAge"] = age(q)
					}
				}
			case r.hasTemplate(t+"4.47") || valueCode(r) == "419099009":
				cond["contributedToDeath"] = true
				res["deceasedBoolean"] = true
			}
		}
		if _, ok := cond["onsetAge"]; !ok {
			if s, _ := c.period(o.child("effectiveTime")); s != "" {
				cond["onsetPeriod"] = obj{"start": s}
			}
		}
		if n := c.notes(o); len(n) > 0 {
			cond["note"] = n
		}
		conds = append(conds, cond)
	}
	if len(conds) == 0 && rel == nil {
		c.keep("a family history entry without a relative or a condition")
		return false
	}
	if len(conds) > 0 {
		res["condition"] = conds
	}
	if d := c.authorTime(n); d != "" {
		res["date"] = d
	}
	c.narrate(res, n)
	c.add(res)
	return true
}

// age turns an age quantity (UCUM "a", "mo", "wk", "d") into a FHIR Age.
func age(q obj) obj {
	unit, _ := q["unit"].(string)
	words := map[string]string{"a": "years", "mo": "months", "wk": "weeks", "d": "days", "h": "hours", "min": "minutes"}
	out := obj{"value": q["value"]}
	if w, ok := words[unit]; ok {
		out["unit"], out["system"], out["code"] = w, "http://unitsofmeasure.org", unit
	} else if unit != "" {
		out["unit"] = unit
	}
	return out
}

// --- goals (C-CDA on FHIR "Goals") ---

func (c *conv) goal(o *node, place string) bool {
	if o.attr("nullFlavor") != "" {
		c.keep("a goal with no information")
		return false
	}
	code := c.concept(o.child("code"))
	var desc obj
	if code != nil {
		desc = code
	}
	if s := c.entryText(o); s != "" && (desc == nil || desc["text"] == nil) {
		if desc == nil {
			desc = obj{"text": s}
		} else {
			desc = cloneObj(desc)
			desc["text"] = s
		}
	}
	if desc == nil {
		c.keep("a goal without a code or text")
		return false
	}
	res := obj{"resourceType": "Goal", "id": c.idFor("Goal", o.children("id"), place), "description": desc}
	c.subject(res, "subject")
	if ids := identifiers(o.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	switch statusCode(o) {
	case "completed":
		res["lifecycleStatus"] = "completed"
	case "cancelled", "aborted":
		res["lifecycleStatus"] = "cancelled"
	case "suspended":
		res["lifecycleStatus"] = "on-hold"
	case "nullified":
		res["lifecycleStatus"] = "entered-in-error"
	default:
		res["lifecycleStatus"] = "active"
	}
	start, due := c.period(o.child("effectiveTime"))
	if start != "" {
		res["startDate"] = start[:min(10, len(start))]
	}
	target := obj{}
	tmp := obj{}
	c.value(tmp, o)
	for k, v := range tmp {
		if strings.HasPrefix(k, "value") {
			switch k {
			case "valueQuantity", "valueRange", "valueCodeableConcept", "valueString", "valueBoolean", "valueInteger", "valueRatio":
				target["detail"+strings.TrimPrefix(k, "value")] = v
			}
		}
	}
	if len(target) > 0 && code != nil {
		target["measure"] = code
	}
	if due != "" {
		target["dueDate"] = due[:min(10, len(due))]
	}
	if len(target) > 0 {
		res["target"] = []any{target}
	}
	if a := c.firstAuthor(o); a != "" && !strings.HasPrefix(a, "Organization/") {
		res["expressedBy"] = obj{"reference": a}
	}
	if n := c.notes(o); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, o)
	c.add(res)
	return true
}

func cloneObj(o obj) obj {
	out := make(obj, len(o))
	for k, v := range o {
		out[k] = v
	}
	return out
}

// --- planned items (C-CDA on FHIR "Plan of Treatment") ---

// serviceRequest maps a Planned Act, Encounter, Observation or Procedure to a ServiceRequest,
// wherever it is (a plan of treatment, an intervention, a result organizer, an encounter), and
// returns its reference ("" when it stays text).
func (c *conv) serviceRequest(n *node, place string) string {
	if n.attr("nullFlavor") != "" {
		c.keep("a planned item with no information")
		return ""
	}
	code := c.concept(n.child("code"))
	if code == nil {
		if s := c.entryText(n); s != "" {
			code = obj{"text": s}
		} else {
			c.keep("a planned item without a code or text")
			return ""
		}
	}
	res := obj{"resourceType": "ServiceRequest", "id": c.idFor("ServiceRequest", n.children("id"), place), "code": code}
	c.subject(res, "subject")
	if ids := identifiers(n.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	switch statusCode(n) {
	case "completed":
		res["status"] = "completed"
	case "cancelled", "aborted":
		res["status"] = "revoked"
	case "suspended", "held":
		res["status"] = "on-hold"
	case "nullified":
		res["status"] = "entered-in-error"
	case "new":
		res["status"] = "draft"
	default:
		res["status"] = "active"
	}
	switch n.attr("moodCode") {
	case "RQO", "ARQ":
		res["intent"] = "order"
	case "PRP":
		res["intent"] = "proposal"
	default:
		res["intent"] = "plan"
	}
	if n.name == "encounter" {
		res["category"] = []any{obj{"text": "Encounter"}}
	}
	c.effective(res, "occurrence", n.child("effectiveTime"))
	if d := c.authorTime(n); d != "" {
		res["authoredOn"] = d
	}
	if a := c.firstAuthor(n); a != "" {
		res["requester"] = obj{"reference": a}
	}
	var perf []any
	for _, p := range n.children("performer") {
		if ref := c.mapAuthor(p.child("assignedEntity")); ref != "" {
			perf = append(perf, obj{"reference": ref})
		}
	}
	if len(perf) > 0 {
		res["performer"] = perf
	}
	c.reasons(res, n)
	if n := c.notes(n); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, n)
	return c.add(res)
}

// intervention maps an Intervention Act (done, …4.131) or a Planned Intervention Act
// (…4.146) of a Care Plan's Interventions section (or any other): a wrapper whose parts are
// its entryRelationships — planned acts, procedures, observations, encounters and medicines
// (ServiceRequests and MedicationRequests, the CarePlan's activities) and interventions done
// (a Procedure). Its references to goals and entries elsewhere (Entry Reference …4.122) and
// its hand-off communications (…4.141) are not parts. A planned intervention with no part
// is a ServiceRequest of its own.
func (c *conv) intervention(n *node, kind, place string) bool {
	mapped, parts := false, false
	for i, er := range n.children("entryRelationship") {
		switch er.attr("typeCode") {
		case "RSON", "GEVL": // why it is done, how it went: references to goals and outcomes
			continue
		}
		for _, k := range er.elems() {
			if k.hasTemplate(t+"4.122", t+"4.141") {
				continue
			}
			parts = true
			if ok, handled := c.mapStatement(k, kind, place+"/"+strconv.Itoa(i)); handled {
				mapped = ok || mapped
			} else {
				c.keep("an entry of a kind not mapped (kept in the document)")
			}
		}
	}
	if !parts && plannedMood(n) {
		return c.serviceRequest(n, place) != ""
	}
	if !parts {
		c.keep("an intervention without parts (kept in the document)")
	}
	return mapped
}

// --- the plan itself (C-CDA on FHIR: a Plan of Treatment is a CarePlan) ---

// planItems are the references of what a Plan of Treatment section made, in order, once each.
type planItems struct {
	activities, goals []string
	seen              map[string]bool
}

// note keeps a reference the section made: planned services and medicines are the plan's
// activities, goals its goals; anything else (a Practitioner, a Medication) is not the plan's.
func (p *planItems) note(ref string) {
	typ, _, _ := strings.Cut(ref, "/")
	if p.seen[ref] {
		return
	}
	switch typ {
	case "ServiceRequest", "MedicationRequest":
		p.activities = append(p.activities, ref)
	case "Goal":
		p.goals = append(p.goals, ref)
	default:
		return
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[ref] = true
}

// carePlan makes the CarePlan of a Plan of Treatment section (US Core CarePlan: status,
// intent plan, category assess-plan, the section's narrative as its text) whose activities
// point at the ServiceRequests and MedicationRequests its entries made and whose goals at its
// Goals: the planned items are not made twice, only gathered. A section whose entries made
// none stays text as before. The plan is keyed by the person and the provider (the document's
// custodian): a later document from the same provider updates it (an older one does not bring
// its plan back, see KeepNewer); without a custodian, by the document.
//
// A Care Plan document's Interventions section is a CarePlan the same way (kind
// "interventions", keyed apart from a plan of treatment): its interventions' planned parts are
// its activities.
func (c *conv) carePlan(s *node, p *planItems, kind string) {
	if len(p.activities) == 0 && len(p.goals) == 0 {
		return
	}
	scope := orgKey(c.doc.path("custodian", "assignedCustodian", "representedCustodianOrganization"))
	if scope == "" {
		scope = c.docKey
	}
	c.plans++
	what := "|plan of treatment|"
	if kind == "interventions" {
		what = "|interventions|"
	}
	key := c.patientKey + what + scope
	if c.plans > 1 {
		key += "#" + strconv.Itoa(c.plans)
	}
	res := obj{"resourceType": "CarePlan", "id": makeID("CarePlan", key), "status": "active", "intent": "plan",
		"category": []any{codeableSystem("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan", "Assessment and Plan of Treatment")},
		"title":    sectionTitle(s)}
	c.subject(res, "subject")
	if d := c.dateTime(c.doc.child("effectiveTime")); d != "" {
		res["created"] = d
	}
	var acts []any
	for _, ref := range p.activities {
		r := obj{"reference": ref}
		if i, ok := c.index[ref]; ok {
			for _, f := range []string{"code", "medicationCodeableConcept"} {
				if cc, ok := c.out[i][f].(obj); ok {
					if l := label(cc); l != "" {
						r["display"] = l
						break
					}
				}
			}
		}
		acts = append(acts, obj{"reference": r})
	}
	if len(acts) > 0 {
		res["activity"] = acts
	}
	var goals []any
	for _, ref := range p.goals {
		goals = append(goals, obj{"reference": ref})
	}
	if len(goals) > 0 {
		res["goal"] = goals
	}
	var b strings.Builder
	renderText(&b, s.child("text"))
	if text := strings.Join(strings.Fields(b.String()), " "); text != "" {
		res["text"] = obj{"status": "additional", "div": `<div xmlns="http://www.w3.org/1999/xhtml">` + html.EscapeString(text) + `</div>`}
	} else {
		res["text"] = obj{"status": "empty", "div": `<div xmlns="http://www.w3.org/1999/xhtml">` + html.EscapeString(sectionTitle(s)) + `</div>`}
	}
	c.add(res)
}

// --- medical equipment ---

// equipment maps a Non-Medicinal Supply Activity to a Device (its Product Instance) and a
// DeviceUseStatement saying the person uses it.
func (c *conv) equipment(s *node, place string) bool {
	if s.attr("nullFlavor") != "" {
		c.keep("medical equipment with no information")
		return false
	}
	if plannedMood(s) {
		c.keep("planned medical equipment")
		return false
	}
	var role *node
	for _, p := range s.children("participant") {
		if tc := p.attr("typeCode"); tc == "" || tc == "PRD" {
			if role = p.child("participantRole"); role != nil {
				break
			}
		}
	}
	typ := c.concept(role.path("playingDevice", "code"))
	if typ == nil {
		if s := c.entryText(s); s != "" {
			typ = obj{"text": s}
		} else if s := strings.TrimSpace(role.path("playingDevice", "manufacturerModelName").textContent()); s != "" {
			typ = obj{"text": s}
		} else {
			c.keep("medical equipment without a code or name")
			return false
		}
	}
	dev := obj{"resourceType": "Device", "id": c.idFor("Device", role.children("id"), place+"/device"), "type": typ}
	if c.patient != "" {
		dev["patient"] = obj{"reference": c.patient}
	}
	if ids := identifiers(role.children("id")); len(ids) > 0 {
		dev["identifier"] = ids
	}
	if org := c.mapOrganization(role.path("scopingEntity")); org != "" {
		dev["owner"] = obj{"reference": org}
	}
	devRef := c.add(dev)
	devLink := obj{"reference": devRef}
	if l := label(typ); l != "" {
		devLink["display"] = l
	}
	res := obj{"resourceType": "DeviceUseStatement", "id": c.idFor("DeviceUseStatement", s.children("id"), place), "device": devLink}
	c.subject(res, "subject")
	if ids := identifiers(s.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	switch statusCode(s) {
	case "completed":
		res["status"] = "completed"
	case "cancelled", "aborted":
		res["status"] = "stopped"
	case "nullified":
		res["status"] = "entered-in-error"
	case "suspended":
		res["status"] = "on-hold"
	default:
		res["status"] = "active"
	}
	c.effective(res, "timing", s.child("effectiveTime"))
	if d := c.authorTime(s); d != "" {
		res["recordedOn"] = d
	}
	if n := c.notes(s); len(n) > 0 {
		res["note"] = n
	}
	c.narrate(res, s)
	c.add(res)
	return true
}

// --- payers (C-CDA on FHIR "Payers") ---

// coverage maps the Policy Activities of a Coverage Activity to Coverages.
func (c *conv) coverage(act *node, place string) bool {
	policies := related(act, "COMP")
	if act.hasTemplate(t + "4.61") {
		policies = []*node{act}
	}
	mapped := false
	for i, p := range policies {
		mapped = c.policy(p, place+"/"+strconv.Itoa(i)) || mapped
	}
	if len(policies) == 0 {
		c.keep("a coverage without a policy")
	}
	return mapped
}

func (c *conv) policy(p *node, place string) bool {
	var payors []any
	for _, pf := range p.children("performer") {
		ae := pf.child("assignedEntity")
		// the payer (…4.87, code PAYOR/PPRF/PRF); a guarantor (…4.88, GUAR) is not one
		if ae.hasTemplate(t+"4.88") || ae.child("code").attr("code") == "GUAR" {
			continue
		}
		org := ae.child("representedOrganization")
		if org == nil {
			continue
		}
		if ref := c.mapOrganization(org); ref != "" {
			payors = append(payors, obj{"reference": ref})
		}
	}
	if len(payors) == 0 {
		c.keep("a policy without a payer")
		return false
	}
	res := obj{"resourceType": "Coverage", "id": c.idFor("Coverage", p.children("id"), place), "status": "active", "payor": payors}
	c.subject(res, "beneficiary")
	if ids := identifiers(p.children("id")); len(ids) > 0 {
		res["identifier"] = ids
	}
	if typ := c.concept(p.child("code")); typ != nil {
		res["type"] = typ
	}
	for _, pt := range p.children("participant") {
		role := pt.child("participantRole")
		switch pt.attr("typeCode") {
		case "COV":
			if id := role.child("id"); id != nil {
				if v := strings.TrimSpace(id.attr("extension")); v != "" {
					res["subscriberId"] = v
				}
			}
			if rel := c.concept(role.child("code")); rel != nil {
				res["relationship"] = rel
			}
			start, end := c.period(pt.child("time"))
			if start != "" || end != "" {
				per := obj{}
				if start != "" {
					per["start"] = start
				}
				if end != "" {
					per["end"] = end
				}
				res["period"] = per
			}
		}
	}
	if statusCode(p) == "nullified" {
		res["status"] = "entered-in-error"
	}
	c.narrate(res, p)
	c.add(res)
	return true
}

// label is a concept's text, else its first coding's display.
func label(cc obj) string {
	if s, ok := cc["text"].(string); ok && s != "" {
		return s
	}
	for _, cd := range asList(cc["coding"]) {
		if d, _ := cd.(obj)["display"].(string); d != "" {
			return d
		}
	}
	return ""
}
