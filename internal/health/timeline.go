package health

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Kind is the kind of a timeline event.
type Kind uint8

// The kinds of timeline event.
const (
	KindOther Kind = iota
	KindVisit
	KindCondition
	KindProcedure
	KindImmunization
	KindResult
	KindMedicine
	KindDocument
	KindAllergy
	KindBilling
	numKinds
)

// Kinds lists every kind, in the order filters show them.
func Kinds() []Kind {
	out := make([]Kind, 0, numKinds)
	for k := KindVisit; k < numKinds; k++ {
		out = append(out, k)
	}
	return append(out, KindOther)
}

// String is the kind's name in English (the app translates it).
func (k Kind) String() string {
	return [...]string{"Other", "Visits", "Conditions", "Procedures", "Immunizations", "Results", "Medicines", "Documents", "Allergies", "Bills"}[k]
}

// KindOf is the timeline kind of a resource type.
func KindOf(typ string) Kind {
	switch typ {
	case "Encounter", "Appointment":
		return KindVisit
	case "Condition":
		return KindCondition
	case "Procedure", "ImagingStudy":
		return KindProcedure
	case "Immunization":
		return KindImmunization
	case "Observation", "DiagnosticReport":
		return KindResult
	case "MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense":
		return KindMedicine
	case "DocumentReference", "Composition", "Media":
		return KindDocument
	case "AllergyIntolerance":
		return KindAllergy
	case "Claim", "ExplanationOfBenefit", "Coverage":
		return KindBilling
	}
	return KindOther
}

// InTimeline reports whether records of a type belong on the timeline (people, places and
// bookkeeping records do not).
func InTimeline(typ string) bool {
	switch typ {
	case "Patient", "Practitioner", "PractitionerRole", "Organization", "Location", "Medication",
		"Provenance", "Coverage", "Device", "CareTeam", "Goal", "SupplyDelivery":
		return false
	}
	return true
}

// Event is one line of the timeline. It is small on purpose: 100,000 of them are kept, and
// the title is described only when the line is shown or searched (see Describe).
type Event struct {
	Date    string // sortable UTC date
	Kind    Kind
	Key     Key
	Profile string
	Origin  string
}

// Describe is a one-line title for a record: what it is about and, for results, the value.
func Describe(typ string, resource []byte) string {
	var j struct {
		Code                      *Concept        `json:"code"`
		VaccineCode               *Concept        `json:"vaccineCode"`
		MedicationCodeableConcept *Concept        `json:"medicationCodeableConcept"`
		MedicationReference       *Ref            `json:"medicationReference"`
		Type                      json.RawMessage `json:"type"`
		Class                     *Coding         `json:"class"`
		Description               string          `json:"description"`
		Status                    string          `json:"status"`
		ValueQuantity             *Quantity       `json:"valueQuantity"`
		ValueConcept              *Concept        `json:"valueCodeableConcept"`
		ValueString               string          `json:"valueString"`
		Component                 []struct {
			ValueQuantity *Quantity `json:"valueQuantity"`
		} `json:"component"`
		Total json.RawMessage `json:"total"`
		Item  []struct {
			ProductOrService *Concept `json:"productOrService"`
		} `json:"item"`
	}
	if json.Unmarshal(resource, &j) != nil {
		return "(unreadable record)"
	}
	what := firstNonEmpty(j.Code.Label(), j.VaccineCode.Label(), j.MedicationCodeableConcept.Label())
	if (typ == "Claim" || typ == "ExplanationOfBenefit") && len(j.Item) > 0 {
		what = "Bill: " + j.Item[0].ProductOrService.Label()
	}
	if what == "" && j.MedicationReference != nil {
		what = j.MedicationReference.Display
	}
	if what == "" && len(j.Type) > 0 {
		var one Concept
		var many []Concept
		if json.Unmarshal(j.Type, &many) == nil && len(many) > 0 {
			what = many[0].Label()
		} else if json.Unmarshal(j.Type, &one) == nil {
			what = one.Label()
		}
	}
	if what == "" && typ == "Encounter" && j.Class != nil {
		what = encounterClasses[j.Class.Code]
	}
	what = firstNonEmpty(what, j.Description)
	if what == "" {
		what = typeWords(typ)
	}
	switch typ {
	case "Observation":
		switch {
		case j.ValueQuantity != nil && j.ValueQuantity.Value != nil:
			what += ": " + j.ValueQuantity.Comparator + fmtNum(*j.ValueQuantity.Value) + " " + j.ValueQuantity.UnitLabel()
		case j.ValueConcept != nil:
			what += ": " + j.ValueConcept.Label()
		case j.ValueString != "":
			what += ": " + j.ValueString
		case len(j.Component) == 2 && j.Component[0].ValueQuantity != nil && j.Component[1].ValueQuantity != nil &&
			j.Component[0].ValueQuantity.Value != nil && j.Component[1].ValueQuantity.Value != nil:
			a, b := j.Component[0].ValueQuantity, j.Component[1].ValueQuantity
			what += fmt.Sprintf(": %s / %s %s", fmtNum(*a.Value), fmtNum(*b.Value), a.UnitLabel())
		}
	case "MedicationRequest", "MedicationStatement":
		switch j.Status {
		case "stopped", "completed", "cancelled":
			what = "Medicine (since " + j.Status + "): " + what
		default:
			what = "Medicine started: " + what
		}
	}
	what = strings.Join(strings.Fields(what), " ")
	if r := []rune(what); len(r) > 160 {
		what = string(r[:159]) + "…"
	}
	return what
}

// typeWords splits a type name into words: "DiagnosticReport" → "Diagnostic report".
func typeWords(typ string) string {
	var b strings.Builder
	for i, r := range typ {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
