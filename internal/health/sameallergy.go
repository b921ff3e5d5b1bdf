package health

import (
	"encoding/json"
	"slices"
	"strings"
)

// allergyClasses are the substance classes two sources name one allergy by: the class itself
// (SNOMED CT's "Penicillin" substance, RxNorm's "penicillin") and the members a record of
// the class covers (RxNorm's "Penicillin G", "Penicillin V"). A class and a member are one
// allergy; two members are not (penicillin G and penicillin V are two substances).
var allergyClasses = map[string]struct {
	class string
	whole bool // the class itself
}{
	"http://snomed.info/sct|764146007":                  {"penicillin", true}, // Penicillin (substance)
	"http://snomed.info/sct|373270004":                  {"penicillin", true}, // Penicillin -class of antibiotic- (substance)
	"http://snomed.info/sct|91936005":                   {"penicillin", true}, // Allergy to penicillin
	"http://www.nlm.nih.gov/research/umls/rxnorm|70618": {"penicillin", true},
	"http://www.nlm.nih.gov/research/umls/rxnorm|7980":  {"penicillin", false}, // Penicillin G
	"http://www.nlm.nih.gov/research/umls/rxnorm|7984":  {"penicillin", false}, // Penicillin V
	"http://snomed.info/sct|372687004":                  {"amoxicillin", true}, // Amoxicillin (substance)
	"http://www.nlm.nih.gov/research/umls/rxnorm|723":   {"amoxicillin", true},
	"http://snomed.info/sct|387207008":                  {"ibuprofen", true},
	"http://www.nlm.nih.gov/research/umls/rxnorm|5640":  {"ibuprofen", true},
	"http://snomed.info/sct|387458008":                  {"aspirin", true},
	"http://www.nlm.nih.gov/research/umls/rxnorm|1191":  {"aspirin", true},
}

// sameSubstance says two allergy codes name one substance: a code they share, a class and one
// of its members (allergyClasses), or the same name. Two members of a class, or two names, are
// two allergies.
func sameSubstance(a, b *Concept) bool {
	if a == nil || b == nil {
		return false
	}
	for _, x := range a.Coding {
		for _, y := range b.Coding {
			if x.Code == "" || y.Code == "" {
				continue
			}
			if x.Code == y.Code && strings.TrimSuffix(x.System, "/") == strings.TrimSuffix(y.System, "/") {
				return true
			}
			cx, okx := allergyClasses[x.System+"|"+x.Code]
			cy, oky := allergyClasses[y.System+"|"+y.Code]
			if okx && oky && cx.class == cy.class && (cx.whole || cy.whole) {
				return true
			}
		}
	}
	la, lb := strings.ToLower(CleanName(a.Label())), strings.ToLower(CleanName(b.Label()))
	return la != "" && la == lb
}

// SameAllergy says two AllergyIntolerance records from two sources are one allergy: one
// substance (a class and one of its members, a shared code, or the same name), both current or
// both past, the same criticality and the same reactions (a record naming none agrees). June's
// penicillin allergy in her FHIR record ("Penicillin", SNOMED) and her GP's C-CDA ("Penicillin G",
// RxNorm) was listed as two allergies (F433). A wrong merge would hide an allergy: anything
// else is two.
func SameAllergy(a, b []byte) bool {
	var x, y allergyJSON
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	if !sameSubstance(x.Code, y.Code) || x.Criticality != y.Criticality {
		return false
	}
	past := func(j allergyJSON) bool { return j.ClinicalStatus.Has("inactive") || j.ClinicalStatus.Has("resolved") }
	if past(x) != past(y) {
		return false
	}
	var ax, ay Allergy
	x.reactionsAndRisk(&ax)
	y.reactionsAndRisk(&ay)
	if len(ax.Reactions) > 0 && len(ay.Reactions) > 0 {
		slices.Sort(ax.Reactions)
		slices.Sort(ay.Reactions)
		return slices.Equal(ax.Reactions, ay.Reactions)
	}
	return true
}
