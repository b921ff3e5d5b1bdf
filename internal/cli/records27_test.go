package cli_test

import "testing"

// F110: a --type that is no FHIR record type ("observation", "Observations") listed nothing
// with exit 0, as if the person had no such records. It is a usage error now (exit 2, one
// line), suggesting the name as FHIR spells it when only the case differs.
func TestRecordsUnknownTypeIsAUsageError(t *testing.T) {
	r := in(newVault(t))
	r.run(t, "records", "--type", "observation").fails(t, 2, `"observation" is not a record type: did you mean Observation?`)
	r.run(t, "records", "--type", "Observations", "--json").fails(t, 2, `"Observations" is not a record type`)
	r.run(t, "records", "--type", "Observation").ok(t)
	r.run(t, "records", "--type", "QuestionnaireResponse", "--json").ok(t)
}
