package ccda

import (
	"strconv"
	"strings"
)

const t = "2.16.840.1.113883.10.20.22."

// sectionKind names the sections whose entries get a category or a fallback mapping: by
// templateId root (both the entries-optional and entries-required forms) or by LOINC code.
func sectionKind(s *node) string {
	kinds := []struct {
		kind, loinc string
		roots       []string
	}{
		{"allergies", "48765-2", []string{t + "2.6", t + "2.6.1"}},
		{"medications", "10160-0", []string{t + "2.1", t + "2.1.1"}},
		{"problems", "11450-4", []string{t + "2.5", t + "2.5.1"}},
		{"results", "30954-2", []string{t + "2.3", t + "2.3.1"}},
		{"vitals", "8716-3", []string{t + "2.4", t + "2.4.1"}},
		{"immunizations", "11369-6", []string{t + "2.2", t + "2.2.1"}},
		{"procedures", "47519-4", []string{t + "2.7", t + "2.7.1"}},
		{"encounters", "46240-8", []string{t + "2.22", t + "2.22.1"}},
		{"social", "29762-2", []string{t + "2.17"}},
		{"family", "10157-6", []string{t + "2.15"}},
		{"functional", "47420-5", []string{t + "2.14"}},
		{"mental", "10190-7", []string{t + "2.56"}},
		{"goals", "61146-7", []string{t + "2.60"}},
		{"plan", "18776-5", []string{t + "2.10"}},
		{"interventions", "62387-6", []string{"2.16.840.1.113883.10.20.21.2.3"}},
		{"equipment", "46264-8", []string{t + "2.23"}},
		{"payers", "48768-6", []string{t + "2.18"}},
	}
	for _, k := range kinds {
		if s.hasTemplate(k.roots...) {
			return k.kind
		}
	}
	code := s.child("code")
	for _, k := range kinds {
		if strings.TrimSpace(code.attr("code")) == k.loinc {
			return k.kind
		}
	}
	return ""
}

func sectionTitle(s *node) string {
	if t := s.child("title").textContent(); t != "" {
		return clip(t)
	}
	if d := s.child("code").attr("displayName"); d != "" {
		return d
	}
	return "Untitled section"
}

// mapSection maps the entries of a section and of its subsections.
func (c *conv) mapSection(s *node, parent string) {
	if s == nil {
		return
	}
	kind := sectionKind(s)
	if kind == "" {
		kind = parent
	}
	prev := c.section
	c.section = sectionTitle(s)
	defer func() { c.section = prev }()
	if kind != "family" && aboutSomeoneElse(s) {
		// The section says whom its entries are about, and it is not the patient (a fetus of
		// an obstetric ultrasound, the mother's results in a newborn's summary): none of its
		// entries is the patient's.
		c.keepAboutSomeoneElse(s)
		return
	}
	var plan *planItems
	if (kind == "plan" || kind == "interventions") && c.plan == nil { // a Plan of Treatment or Interventions section (its subsections are part of it)
		plan = &planItems{}
		c.plan = plan
	}
	for i, e := range s.children("entry") {
		if c.ctx.Err() != nil {
			break
		}
		c.mapEntry(e, kind, c.section+"/"+strconv.Itoa(i))
	}
	for _, comp := range s.children("component") {
		c.mapSection(comp.child("section"), kind)
	}
	if plan != nil {
		c.plan = nil
		c.carePlan(s, plan, kind)
	}
}

// OtherSubjectReason is why the entries of a section, or an entry, about someone other than the
// document's patient (a CDA subject that overrides the recordTarget: a relative, a fetus) are
// kept as text only: filed as the patient's they would be someone else's results shown as hers.
const OtherSubjectReason = "about someone other than the person the document is for (its subject is another person): kept in the document"

// aboutSomeoneElse reports whether a section or clinical statement names a subject of its own
// that is not the patient: a CDA subject participation overrides the document's recordTarget
// (CDA R2 "context conduction"), unless its relatedSubject is the patient ("ONESELF").
func aboutSomeoneElse(n *node) bool {
	subj := n.child("subject")
	if subj == nil || subj.attr("nullFlavor") != "" {
		return false
	}
	rel := subj.child("relatedSubject")
	if rel == nil || rel.attr("nullFlavor") != "" {
		return false
	}
	return !strings.EqualFold(strings.TrimSpace(rel.child("code").attr("code")), "ONESELF")
}

// keepAboutSomeoneElse keeps every entry of a section (and of its subsections) as text only.
func (c *conv) keepAboutSomeoneElse(s *node) {
	if s == nil {
		return
	}
	for range s.children("entry") {
		c.keep(OtherSubjectReason)
	}
	for _, comp := range s.children("component") {
		c.keepAboutSomeoneElse(comp.child("section"))
	}
}

// mapEntry maps one entry by the template of its act, falling back on the section's kind for
// entries without templates (R1.1 and vendor output). Anything else stays text.
func (c *conv) mapEntry(e *node, kind, place string) {
	var act *node
	for _, k := range e.elems() {
		switch k.name {
		case "act", "observation", "substanceAdministration", "supply", "procedure", "encounter", "organizer", "encounterEvent":
			act = k
		}
		if act != nil {
			break
		}
	}
	if act == nil {
		c.keep("an entry without a clinical statement")
		return
	}
	if act.attr("nullFlavor") != "" {
		c.keep("an entry with no information")
		return
	}
	if aboutSomeoneElse(act) && kind != "family" && !act.hasTemplate(t+"4.45", t+"4.46") {
		c.keep(OtherSubjectReason)
		return
	}
	if ok, handled := c.mapStatement(act, kind, place); handled {
		if !ok {
			return
		}
		return
	}
	c.keep("an entry of a kind not mapped (kept in the document)")
}

// mapStatement dispatches one clinical statement. handled is false when nothing claims it.
func (c *conv) mapStatement(act *node, kind, place string) (ok, handled bool) {
	switch {
	case act.hasTemplate(t+"4.20", t+"4.48", t+"4.120", t+"4.43"):
		// Instructions, advance directives, planned immunizations and supplies: text.
		c.keep("an instruction, advance directive or planned immunization or supply (kept in the document)")
		return false, true
	case act.hasTemplate(t+"4.121") || (kind == "goals" && act.name == "observation") || act.attr("moodCode") == "GOL":
		return c.goal(act, place), true
	case act.hasTemplate(t+"4.45", t+"4.46") || (kind == "family" && (act.name == "organizer" || act.name == "observation")):
		return c.familyHistory(act, place), true
	case act.hasTemplate(t+"4.60", t+"4.61") || (kind == "payers" && act.name == "act"):
		return c.coverage(act, place), true
	case act.hasTemplate(t+"4.50") || (kind == "equipment" && act.name == "supply"):
		return c.equipment(act, place), true
	case act.hasTemplate(t+"4.135") || (kind == "equipment" && act.name == "organizer"):
		mapped := false
		for i, comp := range act.children("component") {
			for _, k := range comp.elems() {
				if ok, handled := c.mapStatement(k, kind, place+"/"+strconv.Itoa(i)); handled {
					mapped = ok || mapped
				} else {
					c.keep("an entry of a kind not mapped (kept in the document)")
				}
			}
		}
		return mapped, true
	case act.hasTemplate(t+"4.66", t+"4.75") || ((kind == "functional" || kind == "mental") && act.name == "organizer"):
		category := "functional-status"
		if kind == "mental" || act.hasTemplate(t+"4.75") {
			category = "cognitive-status"
		}
		mapped := false
		for i, comp := range act.children("component") {
			for _, k := range comp.elems() {
				switch {
				case k.name == "observation" && k.hasTemplate(t+"4.4"): // a functional status problem
					mapped = c.problem(k, nil, place+"/"+strconv.Itoa(i)) || mapped
				case k.name == "observation":
					mapped = c.observation(k, category, place+"/"+strconv.Itoa(i)) != "" || mapped
				}
			}
		}
		return mapped, true
	case !act.hasTemplate(t+"4.4") && (act.hasTemplate(t+"4.67", t+"4.127", t+"4.128") || (kind == "functional" && act.name == "observation")):
		return c.observation(act, "functional-status", place) != "", true
	case !act.hasTemplate(t+"4.4") && (act.hasTemplate(t+"4.74") || (kind == "mental" && act.name == "observation")):
		return c.observation(act, "cognitive-status", place) != "", true
	case act.hasTemplate(t+"4.131", t+"4.146"):
		return c.intervention(act, kind, place), true
	case plannedMood(act) && (act.name == "act" || act.name == "encounter" || act.name == "observation" || act.name == "procedure"):
		return c.serviceRequest(act, place) != "", true
	case act.hasTemplate(t+"4.42") || (act.name == "substanceAdministration" && plannedMood(act) && kind != "immunizations" && !act.hasTemplate(t+"4.52")):
		// A Planned Medication Activity: a MedicationRequest with intent plan (or proposal, order).
		return c.medication(act, place), true
	case act.hasTemplate(t+"4.30") || (kind == "allergies" && act.name == "act"):
		return c.allergyConcern(act, place), true
	case act.hasTemplate(t+"4.7") || (kind == "allergies" && act.name == "observation"):
		return c.allergy(act, nil, place), true
	case act.hasTemplate(t+"4.3") || (kind == "problems" && act.name == "act"):
		return c.problemConcern(act, place), true
	case act.hasTemplate(t+"4.4") || (kind == "problems" && act.name == "observation"):
		return c.problem(act, nil, place), true
	case act.hasTemplate(t+"4.16") || (kind == "medications" && act.name == "substanceAdministration"):
		return c.medication(act, place), true
	case act.hasTemplate(t+"4.52") || (kind == "immunizations" && act.name == "substanceAdministration"):
		return c.immunization(act, place), true
	case act.hasTemplate(t+"4.26") || (kind == "vitals" && act.name == "organizer"):
		return c.organizer(act, "vital-signs", place), true
	case act.hasTemplate(t+"4.1") || (kind == "results" && act.name == "organizer"):
		return c.organizer(act, "laboratory", place), true
	case act.hasTemplate(t+"4.27") || (kind == "vitals" && act.name == "observation"):
		return c.observation(act, "vital-signs", place) != "", true
	case act.hasTemplate(t+"4.2") || (kind == "results" && act.name == "observation"):
		return c.observation(act, "laboratory", place) != "", true
	case act.hasTemplate(t+"4.78", t+"4.38", t+"4.85", t+"4.200", t+"4.293") || (kind == "social" && act.name == "observation"):
		return c.observation(act, "social-history", place) != "", true
	case act.hasTemplate(t+"4.14", t+"4.13", t+"4.12") || (kind == "procedures" && (act.name == "procedure" || act.name == "act" || act.name == "observation")):
		return c.procedure(act, place), true
	case act.hasTemplate(t+"4.49") || (kind == "encounters" && act.name == "encounter"):
		return c.encounter(act, place) != "", true
	}
	// Diagnosis and concern acts of other sections (admission, discharge, pre- and
	// post-operative diagnoses, health concerns) hold Problem Observations.
	if act.name == "act" {
		// Admission and discharge medications (…4.36, …4.35) wrap Medication Activities.
		var meds []*node
		for _, sa := range related(act, "SUBJ") {
			if sa.hasTemplate(t + "4.16") {
				meds = append(meds, sa)
			}
		}
		if len(meds) > 0 {
			mapped := false
			for i, sa := range meds {
				mapped = c.medication(sa, place+"/"+strconv.Itoa(i)) || mapped
			}
			return mapped, true
		}
		if obs := concernItems(act, t+"4.4"); len(obs) > 0 && obs[0].hasTemplate(t+"4.4") {
			category := "encounter-diagnosis"
			if act.hasTemplate(t + "4.132") {
				category = "health-concern"
			}
			mapped := false
			for i, o := range obs {
				_, ok := c.condition(o, act, place+"/"+strconv.Itoa(i), category)
				mapped = ok || mapped
			}
			return mapped, true
		}
	}
	return false, false
}
