package health

import "testing"

// F525 item 12: what makes a record's reading one taken at home. Kenji's 30 readings of his
// "Omron HEM-7361T home monitor" from the GP's file counted as none; a nurse's at the clinic
// (vital signs, a practitioner, a clinic's device) must not count. vchk40's "Withings Body+
// (pèse-personne)" (a bathroom scale, in French) did not either.
func TestMeasuredAtHome(t *testing.T) {
	const head = `{"resourceType":"Observation","id":"o1","status":"final",` +
		`"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],` +
		`"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"Patient/k1"},` +
		`"effectiveDateTime":"2026-12-06T07:10:00+11:00"`
	for _, c := range []struct {
		name, extra string
		want        bool
	}{
		{"home monitor", `,"device":{"display":"Omron HEM-7361T home monitor"}`, true},
		{"home BP cuff", `,"device":{"display":"Home BP cuff (Withings BPM Connect)"}`, true},
		{"personal meter", `,"device":{"display":"Personal glucose meter"}`, true},
		{"performer the patient", `,"performer":[{"reference":"Patient/k1"}]`, true},
		{"performer a relative", `,"performer":[{"reference":"RelatedPerson/wife","display":"Yuki Tanaka"}]`, true},
		{"performer by type", `,"performer":[{"type":"Patient","display":"Kenji Tanaka"}]`, true},
		{"performer the subject by uuid", `,"subject":{"reference":"urn:uuid:6f1c"},"performer":[{"reference":"urn:uuid:6f1c"}]`, true},
		{"performer on a server", `,"performer":[{"reference":"https://fhir.example.org/r4/Patient/k1/_history/3"}]`, true},
		{"bathroom scale in French", `,"device":{"display":"Withings Body+ (pèse-personne)"}`, true},
		{"bathroom scale in Spanish", `,"device":{"display":"Báscula de baño Tanita"}`, true},
		{"monitor for the home in French", `,"device":{"display":"Tensiomètre de domicile Omron M3"}`, true},
		{"PHD IG", `,"meta":{"profile":["http://hl7.org/fhir/uv/phd/StructureDefinition/PhdNumericObservation"]}`, true},

		{"vital signs alone", ``, false},
		{"model alone", `,"device":{"display":"Omron HEM-7361T"}`, false},
		{"clinic monitor", `,"device":{"display":"Welch Allyn Connex vital signs monitor"},"performer":[{"reference":"Practitioner/rn1"}]`, false},
		{"nurse", `,"performer":[{"reference":"Practitioner/rn1"},{"reference":"Organization/bgp"}]`, false},
		{"hospital named Home", `,"device":{"display":"Homerton Hospital ward monitor"}`, false},
		{"a French model alone", `,"device":{"display":"Tensiomètre Omron M3"}`, false},
		{"a clinic in Casablanca", `,"device":{"display":"Casablanca clinic monitor"}`, false},
		{"device reference only", `,"device":{"reference":"Device/d1"}`, false},
		{"another subject's uuid", `,"subject":{"reference":"urn:uuid:6f1c"},"performer":[{"reference":"urn:uuid:77aa"}]`, false},
	} {
		if got := MeasuredAtHome([]byte(head + c.extra + "}")); got != c.want {
			t.Errorf("%s: MeasuredAtHome %v, want %v", c.name, got, c.want)
		}
	}
	if MeasuredAtHome([]byte(`{"resourceType":"Procedure","id":"p1","performer":[{"actor":{"reference":"Patient/k1"}}]}`)) {
		t.Error("a Procedure is no reading")
	}
}
