package health

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Plain names of record types and codes: the one place a code becomes words on the screen or
// in the CLI. A code never reaches a person as "vital-signs", and a code system's URL never
// reaches them at all.

// typeNames are the plain names of the record types people meet, singular and plural
// (lists of kinds use the plural, one record's "Kind" the singular).
var typeNames = map[string][2]string{
	"AllergyIntolerance":       {"Allergy", "Allergies"},
	"Appointment":              {"Appointment", "Appointments"},
	"CarePlan":                 {"Care plan", "Care plans"},
	"CareTeam":                 {"Care team", "Care teams"},
	"Claim":                    {"Insurance claim", "Insurance claims"},
	"Composition":              {"Document", "Documents"},
	"Condition":                {"Condition", "Conditions"},
	"Coverage":                 {"Insurance", "Insurance"},
	"Device":                   {"Device", "Devices"},
	"DeviceUseStatement":       {"Equipment in use", "Equipment in use"},
	"DiagnosticReport":         {"Report", "Reports"},
	"DocumentReference":        {"Document", "Documents"},
	"Encounter":                {"Visit", "Visits"},
	"ExplanationOfBenefit":     {"Insurance statement", "Insurance statements"},
	"FamilyMemberHistory":      {"Family history", "Family history"},
	"Goal":                     {"Goal", "Goals"},
	"ImagingStudy":             {"Imaging", "Imaging"},
	"Immunization":             {"Immunization", "Immunizations"},
	"Location":                 {"Place", "Places"},
	"Medication":               {"Medicine", "Medicines"},
	"MedicationAdministration": {"Medicine given", "Medicines given"},
	"MedicationDispense":       {"Medicine dispensed", "Medicines dispensed"},
	"MedicationRequest":        {"Prescription", "Prescriptions"},
	"MedicationStatement":      {"Medicine taken", "Medicines taken"},
	"NutritionOrder":           {"Diet order", "Diet orders"},
	"Observation":              {"Test result or measurement", "Tests and measurements"},
	"Organization":             {"Organization", "Organizations"},
	"Patient":                  {"Patient details", "Patient details"},
	"Practitioner":             {"Practitioner", "Practitioners"},
	"PractitionerRole":         {"Practitioner role", "Practitioner roles"},
	"Procedure":                {"Procedure", "Procedures"},
	"Endpoint":                 {"Connection", "Connections"},
	"Provenance":               {"Record source", "Record sources"},
	"Questionnaire":            {"Questionnaire", "Questionnaires"},
	"QuestionnaireResponse":    {"Questionnaire answers", "Questionnaire answers"},
	"ServiceRequest":           {"Planned care", "Planned care"},
	"SupplyDelivery":           {"Supply", "Supplies"},
}

// TypeName is one record's kind in words: "Allergy", "Visit", "Prescription"; a type not
// known is split into words ("RiskAssessment" → "Risk assessment").
func TypeName(typ string) string {
	if n, ok := typeNames[typ]; ok {
		return n[0]
	}
	return typeWords(typ)
}

// TypePlural is the name of a list of records of a type: "Allergies", "Visits".
func TypePlural(typ string) string {
	if n, ok := typeNames[typ]; ok {
		return n[1]
	}
	return typeWords(typ)
}

func typeWords(typ string) string {
	var b strings.Builder
	for i, r := range typ {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte(' ')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Name is one event's kind in words ("Result", "Visit"); String is the plural of lists and
// filters ("Results").
func (k Kind) Name() string {
	return [...]string{"Other", "Visit", "Condition", "Procedure", "Immunization", "Result", "Medicine", "Document", "Allergy", "Bill"}[k]
}

// Code systems whose codes CareKeeper names.
const (
	sysObsCategory   = "http://terminology.hl7.org/CodeSystem/observation-category"
	sysCondClinical  = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	sysCondVer       = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	sysCondCategory  = "http://terminology.hl7.org/CodeSystem/condition-category"
	sysAllergyClin   = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
	sysAllergyVer    = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
	sysCriticality   = "http://hl7.org/fhir/allergy-intolerance-criticality"
	sysAllergyType   = "http://hl7.org/fhir/allergy-intolerance-type"
	sysAllergyCat    = "http://hl7.org/fhir/allergy-intolerance-category"
	sysInterpret     = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
	sysSNOMED        = "http://snomed.info/sct"
	sysActCode       = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	sysDiagSection   = "http://terminology.hl7.org/CodeSystem/v2-0074"
	sysEncStatus     = "http://hl7.org/fhir/encounter-status"
	sysApptStatus    = "http://hl7.org/fhir/appointmentstatus"
	sysUSCoreCondCat = "http://hl7.org/fhir/us/core/CodeSystem/condition-category"
	sysMarital       = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus"
	sysObsStatus     = "http://hl7.org/fhir/observation-status"
	sysReportStatus  = "http://hl7.org/fhir/diagnostic-report-status"
	sysDocStatus     = "http://hl7.org/fhir/document-reference-status"
	sysEventStatus   = "http://hl7.org/fhir/event-status"
	sysImmStatus     = "http://hl7.org/fhir/CodeSystem/immunization-status"
	sysYesNo         = "http://terminology.hl7.org/CodeSystem/v2-0136"
)

// codeDisplays are the R4 display names (in sentence case, in plain words where R4's are
// technical: an observation category "laboratory" is a "Lab test") of FHIR's own code
// systems, by system and code. Codes of these systems not listed, and lower-case hyphenated codes of any
// system, are written in words by CodeWords ("entered-in-error" → "Entered in error").
var codeDisplays = map[string]map[string]string{
	sysObsCategory: {"social-history": "Social history", "vital-signs": "Vital signs", "imaging": "Imaging",
		"laboratory": "Lab test", "procedure": "Procedure", "survey": "Questionnaire", "exam": "Examination",
		"therapy": "Therapy", "activity": "Activity"},
	sysMarital: {"A": "Annulled", "D": "Divorced", "I": "Interlocutory", "L": "Legally separated", "M": "Married",
		"C": "Common law", "P": "Polygamous", "T": "Domestic partner", "U": "Unmarried", "S": "Never married",
		"W": "Widowed", "UNK": "Unknown"},
	sysCondClinical: {"active": "Active", "recurrence": "Recurrence", "relapse": "Relapse", "inactive": "Inactive",
		"remission": "Remission", "resolved": "Resolved"},
	// How certain a diagnosis or an allergy is, as it matters to the person: a refuted one is
	// ruled out, a provisional one not confirmed (not R4's "Refuted", "Differential").
	sysCondVer: {"unconfirmed": "Not confirmed", "provisional": "Not confirmed yet (being looked into)",
		"differential": "One of the possibilities, not confirmed", "confirmed": "Confirmed", "refuted": "Ruled out",
		"entered-in-error": "Entered in error"},
	sysCondCategory:  {"problem-list-item": "Problem list item", "encounter-diagnosis": "Encounter diagnosis"},
	sysUSCoreCondCat: {"health-concern": "Health concern"},
	sysAllergyClin:   {"active": "Active", "inactive": "Inactive", "resolved": "Resolved"},
	sysAllergyVer: {"unconfirmed": "Not confirmed", "confirmed": "Confirmed", "refuted": "Ruled out",
		"entered-in-error": "Entered in error"},
	sysCriticality: {"low": "Low risk", "high": "High risk", "unable-to-assess": "Unable to assess risk"},
	sysAllergyType: {"allergy": "Allergy", "intolerance": "Intolerance"},
	sysAllergyCat:  {"food": "Food", "medication": "Medication", "environment": "Environment", "biologic": "Biologic"},
	sysInterpret: {"H": "High", "L": "Low", "N": "Normal", "A": "Abnormal", "AA": "Critical abnormal",
		"HH": "Critical high", "LL": "Critical low", "HU": "Significantly high", "LU": "Significantly low",
		"POS": "Positive", "NEG": "Negative", "IND": "Indeterminate", "DET": "Detected", "ND": "Not detected",
		">": "Off scale high", "<": "Off scale low", "R": "Resistant", "S": "Susceptible", "I": "Intermediate",
		"U": "Significant change up", "D": "Significant change down", "B": "Better", "W": "Worse"},
	sysDiagSection: {"LAB": "Laboratory", "RAD": "Radiology", "CH": "Chemistry", "HM": "Hematology",
		"MB": "Microbiology", "SP": "Surgical pathology", "CT": "CAT scan", "OTH": "Other"},
	sysEncStatus:  {"onleave": "On leave", "in-progress": "In progress"},
	sysActCode:    {"FLD": "Field visit", "NONAC": "Hospital stay", "PRENC": "Pre-admission"},
	sysApptStatus: {"noshow": "No show", "checked-in": "Checked in"},
	// A result's or a report's status says what it means for the person: not "Final" or
	// "Registered" (FHIR's words), and a record entered in error is not a result.
	sysObsStatus: {"registered": "Ordered, no result yet", "preliminary": "Preliminary result (may change)",
		"final": "Final result", "amended": "Corrected result", "corrected": "Corrected result",
		"cancelled": "Cancelled, no result", "entered-in-error": "Entered in error, not a real result",
		"unknown": "Not stated"},
	sysReportStatus: {"registered": "Ordered, no report yet", "partial": "Partial report (more to come)",
		"preliminary": "Preliminary report (may change)", "final": "Final report", "amended": "Corrected report",
		"corrected": "Corrected report", "appended": "Corrected report", "cancelled": "Cancelled, no report",
		"entered-in-error": "Entered in error, not a real report", "unknown": "Not stated"},
	sysDocStatus: {"current": "Current", "superseded": "Replaced by a newer version",
		"entered-in-error": "Entered in error, not a real document"},
	sysEventStatus: {"preparation": "Being prepared", "in-progress": "In progress", "not-done": "Not done",
		"on-hold": "On hold", "stopped": "Stopped", "completed": "Done", "entered-in-error": "Entered in error, never done",
		"unknown": "Not stated"},
	sysImmStatus: {"completed": "Given", "not-done": "Not given", "entered-in-error": "Entered in error, not given"},
	sysYesNo:     {"Y": "Yes", "N": "No"},
	// Qualitative answers of lab tests, as health cards give them (a code without a display).
	sysSNOMED: {"260385009": "Negative", "10828004": "Positive", "260373001": "Detected",
		"260415000": "Not detected", "419984006": "Inconclusive", "82334004": "Indeterminate"},
}

// codeElements name the system of the FHIR `code` elements (plain strings in the JSON) whose
// values are shown, by "Type.element" or element.
var codeElements = map[string]string{
	"AllergyIntolerance.criticality": sysCriticality, "AllergyIntolerance.type": sysAllergyType,
	"AllergyIntolerance.category": sysAllergyCat, "Encounter.status": sysEncStatus,
	"Appointment.status": sysApptStatus,
	"Observation.status": sysObsStatus, "DiagnosticReport.status": sysReportStatus,
	"DocumentReference.status": sysDocStatus, "Procedure.status": sysEventStatus,
	"Immunization.status": sysImmStatus,
	"status":              "", "intent": "", "priority": "", "gender": "", "use": "", "lifecycleStatus": "",
	"outcome": "", "mode": "", "kind": "", "criticality": "",
}

// codeElement reports whether element k of a record of type typ is a FHIR code, and its system.
func codeElement(typ, k string) (system string, ok bool) {
	if s, ok := codeElements[typ+"."+k]; ok {
		return s, true
	}
	s, ok := codeElements[k]
	return s, ok
}

// CodeWords is a code in words, the one helper that turns codes into what a person reads: its
// display when the record gives one (a display that only repeats the code, "vital-signs", is
// no display); else the R4 display of FHIR's own code systems
// (observation-category "vital-signs" → "Vital signs", allergy criticality "high" → "High
// risk", v3 interpretation "H" → "High", an encounter class "AMB" → "Outpatient visit"); else a
// LOINC code's common name ("4548-4" → "HbA1c"); else a lower-case hyphenated code in words
// ("entered-in-error" → "Entered in error"); else the code as it is (a code of a system
// CareKeeper does not know is all there is to show). A system's URL is never part of it.
func CodeWords(system, code, display string) string {
	code = strings.TrimSpace(code)
	if d := CleanName(display); d != "" && d != code {
		return d
	}
	if code == "" {
		return ""
	}
	if d := codeDisplays[system][code]; d != "" {
		return d
	}
	if system == CVX || system == "urn:oid:2.16.840.1.113883.12.292" {
		// a vaccine by its CVX code alone: "COVID-19 vaccine (Moderna, bivalent)", not "229" (F211)
		return VaccineName(&Concept{Coding: []Coding{{System: system, Code: code}}})
	}
	if d := encounterClasses[code]; d != "" && system == sysActCode {
		return d
	}
	if system == LOINC {
		if d := commonShort[code]; d != "" {
			return d
		}
	}
	if isWordCode(code) {
		return strings.ReplaceAll(upperFirst(code), "-", " ")
	}
	return code
}

// isWordCode: a code of lower-case words joined by hyphens ("vital-signs", "final").
func isWordCode(code string) bool {
	if code == "" || code[0] == '-' || code[len(code)-1] == '-' {
		return false
	}
	for _, r := range code {
		if r != '-' && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Words is a Coding in words (CodeWords).
func (c Coding) Words() string { return CodeWords(c.System, c.Code, c.Display) }

// certaintyWords is a verificationStatus (of a Condition or an AllergyIntolerance) in
// CareKeeper's words for its code ("Ruled out", "Not confirmed yet (being looked into)"),
// whatever text the record gives beside it ("w/u negative", "erroneous Dx"); "" when its code
// is not one of FHIR's.
func certaintyWords(c Concept) string {
	for _, cd := range c.Coding {
		if cd.System == sysCondVer || cd.System == sysAllergyVer {
			if w := codeDisplays[cd.System][strings.TrimSpace(cd.Code)]; w != "" {
				return w
			}
		}
	}
	return ""
}
