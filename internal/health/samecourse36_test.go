package health

import (
	"strings"
	"testing"
	"time"
)

// F427 (1): one course of a medicine from two sources — a FHIR order's start-day line and a
// C-CDA statement dated by its start, a portal's order and a clinic file's — is one Timeline
// row; so are one diagnosis, one procedure and one allergy from two sources. The rule is
// conservative: another medicine, strength, day, start, dose, times of day, line (stopped,
// finished), state or instant is two.
func TestSameEventMedicineCourseIsConservative(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	const rx = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"197517","display":"Clarithromycin 500 mg tablet"}]}`
	const rxCCDA = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"197517","display":"Clarithromycin 500 MG Oral Tablet"}]}`
	dose := func(n string, times string) string {
		return `[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-12-23","end":"2026-12-29"},"frequency":2,"period":1,"periodUnit":"d"` + times + `}},` +
			`"doseAndRate":[{"doseQuantity":{"value":` + n + `,"unit":"tablet","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}]`
	}
	// the GP's order of 6 Dec, to start on 23 Dec
	order := func(med, status, authored, dosage string) string {
		return `{"resourceType":"MedicationRequest","status":"` + status + `","intent":"order",` + med + `,"authoredOn":"` + authored + `","dosageInstruction":` + dosage + `}`
	}
	// the clinic document's statement, dated by its start
	statement := func(med, status, start, dosage string) string {
		return `{"resourceType":"MedicationStatement","status":"` + status + `",` + med + `,"effectivePeriod":{"start":"` + start + `"},"dosage":` + dosage + `}`
	}
	twice := dose("1", "")
	at8and20 := dose("1", `,"timeOfDay":["08:00:00","20:00:00"]`)
	cond := func(code, onset, more string) string {
		return `{"resourceType":"Condition","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"` + code + `"}],"text":"Glaucoma"},"onsetDateTime":"` + onset + `"` + more + `}`
	}
	proc := func(code, when, status string) string {
		return `{"resourceType":"Procedure","status":"` + status + `","code":{"coding":[{"system":"http://snomed.info/sct","code":"` + code + `"}]},"performedDateTime":"` + when + `"}`
	}
	allergy := func(system, code, name, crit string) string {
		return `{"resourceType":"AllergyIntolerance","clinicalStatus":{"coding":[{"code":"active"}]},"criticality":"` + crit + `","code":{"coding":[{"system":"` + system + `","code":"` + code + `"}],"text":"` + name + `"},` +
			`"onsetDateTime":"1979","reaction":[{"manifestation":[{"text":"Anaphylaxis"}]}]}`
	}
	pen := allergy("http://snomed.info/sct", "764146007", "Penicillin", "high")
	for _, c := range []struct {
		name       string
		a, b       string
		startLineA bool // a is its course's start-day line (Event.Starts)
		same       bool
	}{
		{"an order's start-day line and a statement dated by its start", order(rx, "active", "2026-12-06T10:00:00Z", at8and20), statement(rxCCDA, "active", "2026-12-23", twice), true, true},
		{"the order's own line (6 Dec) is not the start", order(rx, "active", "2026-12-06T10:00:00Z", at8and20), statement(rxCCDA, "active", "2026-12-23", twice), false, false},
		{"a portal's order and a clinic file's", order(rx, "active", "2026-12-23", twice), order(rx, "active", "2026-12-23T09:00:00Z", twice), false, true},
		{"by name alone, spaces and case aside", order(`"medicationCodeableConcept":{"text":"Clarithromycin 500 mg  tablet"}`, "active", "2026-12-23", twice), statement(`"medicationCodeableConcept":{"text":"clarithromycin 500 mg tablet"}`, "active", "2026-12-23", twice), false, true},
		{"another start", order(rx, "active", "2026-12-06T10:00:00Z", at8and20), statement(rxCCDA, "active", "2026-12-24", strings.ReplaceAll(twice, "2026-12-23", "2026-12-24")), true, false},
		{"another dose", order(rx, "active", "2026-12-23", twice), statement(rxCCDA, "active", "2026-12-23", dose("2", "")), false, false},
		{"other times of day", order(rx, "active", "2026-12-23", at8and20), statement(rxCCDA, "active", "2026-12-23", dose("1", `,"timeOfDay":["09:00:00","21:00:00"]`)), false, false},
		{"another strength", order(rx, "active", "2026-12-23", twice), order(`"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"197516","display":"Clarithromycin 250 mg tablet"}]}`, "active", "2026-12-23", twice), false, false},
		{"another day", order(rx, "active", "2026-12-23", twice), order(rx, "active", "2026-12-22", strings.ReplaceAll(twice, "2026-12-23", "2026-12-22")), false, false},
		{"two orders at two times that day", order(rx, "active", "2026-12-23T09:00:00Z", twice), order(rx, "active", "2026-12-23T15:00:00Z", twice), false, false},
		{"one stopped", order(rx, "active", "2026-12-23", twice), order(rx, "stopped", "2026-12-23", twice), false, false},
		{"one entered in error", order(rx, "active", "2026-12-23", twice), order(rx, "entered-in-error", "2026-12-23", twice), false, false},
		{"one gives no dose", order(rx, "active", "2026-12-23", twice), order(rx, "active", "2026-12-23", "[]"), false, false},
		{"a month alone", order(rx, "active", "2026-12", "[]"), order(rx, "active", "2026-12", "[]"), false, false},

		{"one diagnosis from a portal and a clinic document", cond("77075001", "2018-06-14", ""), cond("77075001", "2018-06-14T11:00:00+01:00", ""), false, true},
		{"a diagnosis on another day", cond("77075001", "2018-06-14", ""), cond("77075001", "2018-06-15", ""), false, false},
		{"another diagnosis", cond("77075001", "2018-06-14", ""), strings.Replace(cond("23986001", "2018-06-14", ""), "Glaucoma", "Closed-angle glaucoma", 1), false, false},
		{"a diagnosis ruled out", cond("77075001", "2018-06-14", ""), cond("77075001", "2018-06-14", `,"verificationStatus":{"coding":[{"code":"refuted"}]}`), false, false},
		{"a diagnosis over", cond("77075001", "2018-06-14", ""), strings.Replace(cond("77075001", "2018-06-14", ""), `"active"`, `"resolved"`, 1), false, false},
		{"a year alone", cond("77075001", "2018", ""), cond("77075001", "2018", ""), false, false},
		{"one procedure from two sources", proc("80146002", "2020-03-02", "completed"), proc("80146002", "2020-03-02T10:30:00Z", "completed"), false, true},
		{"two procedures that day", proc("80146002", "2020-03-02T09:00:00Z", "completed"), proc("80146002", "2020-03-02T15:00:00Z", "completed"), false, false},
		{"one not done", proc("80146002", "2020-03-02", "completed"), proc("80146002", "2020-03-02", "not-done"), false, false},
		{"one allergy, a class and its member", pen, allergy("http://www.nlm.nih.gov/research/umls/rxnorm", "7980", "Penicillin G", "high"), false, true},
		{"two members", allergy("http://www.nlm.nih.gov/research/umls/rxnorm", "7984", "Penicillin V", "high"), allergy("http://www.nlm.nih.gov/research/umls/rxnorm", "7980", "Penicillin G", "high"), false, false},
		{"another risk", pen, allergy("http://snomed.info/sct", "764146007", "Penicillin", "low"), false, false},
		{"a medicine and a diagnosis", order(rx, "active", "2026-12-23", twice), cond("77075001", "2026-12-23", ""), false, false},
	} {
		typ := func(js string) string {
			_, rest, _ := strings.Cut(js, `"resourceType":"`)
			ty, _, _ := strings.Cut(rest, `"`)
			return ty
		}
		fa, oka := FactsOf(typ(c.a), []byte(c.a), london)
		fb, okb := FactsOf(typ(c.b), []byte(c.b), london)
		if c.startLineA {
			fa = fa.StartLine()
		}
		if got := oka && okb && fa.Same(fb); got != c.same {
			t.Errorf("%s: same %v, want %v", c.name, got, c.same)
		}
		if got := oka && okb && fb.Same(fa); got != c.same {
			t.Errorf("%s (the other way): same %v, want %v", c.name, got, c.same)
		}
		if !c.startLineA {
			if got := SameEvent(typ(c.a), []byte(c.a), []byte(c.b), london); got != c.same && typ(c.a) == typ(c.b) {
				t.Errorf("%s: SameEvent %v, want %v", c.name, got, c.same)
			}
		}
	}
}
