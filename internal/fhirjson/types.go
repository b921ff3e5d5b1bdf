package fhirjson

// r4ResourceTypes is every concrete resource type of FHIR R4 (4.0.1), from the
// R4 ResourceType value set (abstract Resource and DomainResource excluded).
var r4ResourceTypes = [...]string{
	"Account", "ActivityDefinition", "AdverseEvent", "AllergyIntolerance", "Appointment",
	"AppointmentResponse", "AuditEvent", "Basic", "Binary", "BiologicallyDerivedProduct",
	"BodyStructure", "Bundle", "CapabilityStatement", "CarePlan", "CareTeam",
	"CatalogEntry", "ChargeItem", "ChargeItemDefinition", "Claim", "ClaimResponse",
	"ClinicalImpression", "CodeSystem", "Communication", "CommunicationRequest", "CompartmentDefinition",
	"Composition", "ConceptMap", "Condition", "Consent", "Contract",
	"Coverage", "CoverageEligibilityRequest", "CoverageEligibilityResponse", "DetectedIssue", "Device",
	"DeviceDefinition", "DeviceMetric", "DeviceRequest", "DeviceUseStatement", "DiagnosticReport",
	"DocumentManifest", "DocumentReference", "EffectEvidenceSynthesis", "Encounter", "Endpoint",
	"EnrollmentRequest", "EnrollmentResponse", "EpisodeOfCare", "EventDefinition", "Evidence",
	"EvidenceVariable", "ExampleScenario", "ExplanationOfBenefit", "FamilyMemberHistory", "Flag",
	"Goal", "GraphDefinition", "Group", "GuidanceResponse", "HealthcareService",
	"ImagingStudy", "Immunization", "ImmunizationEvaluation", "ImmunizationRecommendation", "ImplementationGuide",
	"InsurancePlan", "Invoice", "Library", "Linkage", "List",
	"Location", "Measure", "MeasureReport", "Media", "Medication",
	"MedicationAdministration", "MedicationDispense", "MedicationKnowledge", "MedicationRequest", "MedicationStatement",
	"MedicinalProduct", "MedicinalProductAuthorization", "MedicinalProductContraindication", "MedicinalProductIndication", "MedicinalProductIngredient",
	"MedicinalProductInteraction", "MedicinalProductManufactured", "MedicinalProductPackaged", "MedicinalProductPharmaceutical", "MedicinalProductUndesirableEffect",
	"MessageDefinition", "MessageHeader", "MolecularSequence", "NamingSystem", "NutritionOrder",
	"Observation", "ObservationDefinition", "OperationDefinition", "OperationOutcome", "Organization",
	"OrganizationAffiliation", "Parameters", "Patient", "PaymentNotice", "PaymentReconciliation",
	"Person", "PlanDefinition", "Practitioner", "PractitionerRole", "Procedure",
	"Provenance", "Questionnaire", "QuestionnaireResponse", "RelatedPerson", "RequestGroup",
	"ResearchDefinition", "ResearchElementDefinition", "ResearchStudy", "ResearchSubject", "RiskAssessment",
	"RiskEvidenceSynthesis", "Schedule", "SearchParameter", "ServiceRequest", "Slot",
	"Specimen", "SpecimenDefinition", "StructureDefinition", "StructureMap", "Subscription",
	"Substance", "SubstanceNucleicAcid", "SubstancePolymer", "SubstanceProtein", "SubstanceReferenceInformation",
	"SubstanceSourceMaterial", "SubstanceSpecification", "SupplyDelivery", "SupplyRequest", "Task",
	"TerminologyCapabilities", "TestReport", "TestScript", "ValueSet", "VerificationResult",
	"VisionPrescription",
}

var resourceTypeSet = func() map[string]struct{} {
	m := make(map[string]struct{}, len(r4ResourceTypes))
	for _, t := range r4ResourceTypes {
		m[t] = struct{}{}
	}
	return m
}()

// olderTypes are resource types of FHIR DSTU2 and STU3 that R4 does not have.
var olderTypes = map[string]bool{
	"MedicationOrder": true, "DiagnosticOrder": true, "DeviceUseRequest": true, "Order": true, "OrderResponse": true,
	"ProcedureRequest": true, "ReferralRequest": true, "ProcessRequest": true, "ProcessResponse": true,
	"EligibilityRequest": true, "EligibilityResponse": true, "BodySite": true, "Sequence": true, "DataElement": true,
	"ExpansionProfile": true, "ImagingManifest": true, "ImagingObjectSelection": true, "DeviceComponent": true,
	"Conformance": true,
}

// IsResourceType reports whether s is a concrete FHIR R4 (4.0.1) resource type
// (case-sensitive; the abstract Resource and DomainResource are not).
func IsResourceType(s string) bool {
	_, ok := resourceTypeSet[s]
	return ok
}

// ResourceTypes returns all FHIR R4 resource types, sorted.
func ResourceTypes() []string {
	out := make([]string, len(r4ResourceTypes))
	copy(out, r4ResourceTypes[:])
	return out
}

// patientCompartment maps each resource type in the R4 Patient compartment
// (CompartmentDefinition/patient, FHIR 4.0.1) to the top-level elements behind
// its compartment search parameters, most specific first. Where a parameter's
// path is nested, the top-level element is given, e.g. CarePlan "performer" is
// CarePlan.activity.detail.performer, so "activity".
var patientCompartment = map[string][]string{
	"Account":                     {"subject"},
	"AdverseEvent":                {"subject"},
	"AllergyIntolerance":          {"patient", "recorder", "asserter"},
	"Appointment":                 {"participant"}, // actor: participant.actor
	"AppointmentResponse":         {"actor"},
	"AuditEvent":                  {"agent", "entity"}, // patient: agent.who | entity.what
	"Basic":                       {"subject", "author"},
	"BodyStructure":               {"patient"},
	"CarePlan":                    {"subject", "activity"},    // performer: activity.detail.performer
	"CareTeam":                    {"subject", "participant"}, // participant: participant.member
	"ChargeItem":                  {"subject"},
	"Claim":                       {"patient", "payee"}, // payee: payee.party
	"ClaimResponse":               {"patient"},
	"ClinicalImpression":          {"subject"},
	"Communication":               {"subject", "sender", "recipient"},
	"CommunicationRequest":        {"subject", "sender", "recipient", "requester"},
	"Composition":                 {"subject", "author", "attester"}, // attester: attester.party
	"Condition":                   {"subject", "asserter"},
	"Consent":                     {"patient"},
	"Coverage":                    {"beneficiary", "subscriber", "policyHolder", "payor"},
	"CoverageEligibilityRequest":  {"patient"},
	"CoverageEligibilityResponse": {"patient"},
	"DetectedIssue":               {"patient"},
	"DeviceRequest":               {"subject", "performer"},
	"DeviceUseStatement":          {"subject"},
	"DiagnosticReport":            {"subject"},
	"DocumentManifest":            {"subject", "author", "recipient"},
	"DocumentReference":           {"subject", "author"},
	"Encounter":                   {"subject"},
	"EnrollmentRequest":           {"candidate"},
	"EpisodeOfCare":               {"patient"},
	"ExplanationOfBenefit":        {"patient", "payee"}, // payee: payee.party
	"FamilyMemberHistory":         {"patient"},
	"Flag":                        {"subject"},
	"Goal":                        {"subject"},
	"Group":                       {"member"}, // member: member.entity
	"ImagingStudy":                {"subject"},
	"Immunization":                {"patient"},
	"ImmunizationEvaluation":      {"patient"},
	"ImmunizationRecommendation":  {"patient"},
	"Invoice":                     {"subject", "recipient"},
	"List":                        {"subject", "source"},
	"MeasureReport":               {"subject"},
	"Media":                       {"subject"},
	"MedicationAdministration":    {"subject", "performer"}, // performer: performer.actor
	"MedicationDispense":          {"subject", "receiver"},
	"MedicationRequest":           {"subject"},
	"MedicationStatement":         {"subject"},
	"MolecularSequence":           {"patient"},
	"NutritionOrder":              {"patient"},
	"Observation":                 {"subject", "performer"},
	"Patient":                     {"link"},                 // link: link.other
	"Person":                      {"link"},                 // patient: link.target
	"Procedure":                   {"subject", "performer"}, // performer: performer.actor
	// R4 defines only "patient" (Provenance.target); "agent" (agent.who) is added
	// so that provenance recorded by the patient themself is found too.
	"Provenance":            {"target", "agent"},
	"QuestionnaireResponse": {"subject", "author"},
	"RelatedPerson":         {"patient"},
	"RequestGroup":          {"subject", "action"}, // participant: action.participant
	"ResearchSubject":       {"individual"},
	"RiskAssessment":        {"subject"},
	"Schedule":              {"actor"},
	"ServiceRequest":        {"subject", "performer"},
	"Specimen":              {"subject"},
	"SupplyDelivery":        {"patient"},
	"SupplyRequest":         {"requester"},
	"VisionPrescription":    {"patient"},
}

// PatientCompartment returns the top-level element names through which a
// resource of this type belongs to a Patient's compartment, following the R4
// Patient CompartmentDefinition with its search parameters mapped to elements
// (e.g. Encounter "patient" is Encounter.subject). Nested paths are given by
// their top-level element (CarePlan performer → "activity", Claim payee →
// "payee"); Info.Refs carries the same top-level element names. The most
// specific element comes first (subject/patient/beneficiary before performer).
// ok is false for types outside the compartment (Organization, Practitioner,
// Location, Medication, PractitionerRole, Endpoint, ValueSet,
// CapabilityStatement, ...). The returned slice is the caller's to keep.
func PatientCompartment(resourceType string) (elements []string, ok bool) {
	els, ok := patientCompartment[resourceType]
	if !ok {
		return nil, false
	}
	return append([]string(nil), els...), true
}
