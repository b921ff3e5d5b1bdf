package app

import (
	"bytes"
	"carekeeper/internal/health"
	"encoding/json"
	"sort"
)

// typeLabel is the plain name of a list of records of a type ("Allergies"; health.TypePlural).
func typeLabel(typ string) string { return health.TypePlural(typ) }

// clinicalTypes come first in the list of record types, in this order; adminTypes come last.
// Other types go between them, alphabetically.
var (
	clinicalTypes = []string{
		"Condition", "AllergyIntolerance", "MedicationRequest", "MedicationStatement",
		"MedicationAdministration", "MedicationDispense", "Medication", "Immunization",
		"Observation", "DiagnosticReport", "Procedure", "Encounter", "DocumentReference",
		"CarePlan", "Goal", "CareTeam", "ImagingStudy", "Device", "FamilyMemberHistory",
	}
	adminTypes = []string{
		"Patient", "Practitioner", "PractitionerRole", "Organization", "Location", "Coverage",
		"Claim", "ExplanationOfBenefit", "SupplyDelivery", "Provenance",
	}
)

// typeRank orders record types: clinical first, administrative last.
func typeRank(typ string) int {
	for i, t := range clinicalTypes {
		if t == typ {
			return i
		}
	}
	for i, t := range adminTypes {
		if t == typ {
			return 2000 + i
		}
	}
	return 1000
}

// sortTypeRows sorts rows by typeRank, then by label.
func sortTypeRows(rows []typeRow) {
	sort.Slice(rows, func(i, j int) bool {
		ri, rj := typeRank(rows[i].Type), typeRank(rows[j].Type)
		if ri != rj {
			return ri < rj
		}
		return typeLabel(rows[i].Type) < typeLabel(rows[j].Type)
	})
}

// maxDetail is the most JSON text the detail view shows, in bytes; longer resources (usually
// documents with embedded attachments) are cut, with a note.
const maxDetail = 256 << 10

// prettyJSON indents a resource for reading.
func prettyJSON(resource []byte) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, resource, "", "  "); err != nil {
		return string(resource)
	}
	if buf.Len() > maxDetail {
		b := buf.Bytes()[:maxDetail]
		if i := bytes.LastIndexByte(b, '\n'); i > 0 {
			b = b[:i]
		}
		return string(b) + "\n\n… (this record is long; only the beginning is shown)"
	}
	return buf.String()
}
