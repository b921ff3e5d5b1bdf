package health

import "strings"

// conditionClasses are codes known to mean one condition in SNOMED CT, ICD-10-CM and ICD-10
// (WHO), for common long-term conditions a person's clinics code differently: one clinic's
// SNOMED 44054006 and another's ICD-10-CM E11.9 are one type 2 diabetes (F471). Only a code
// that says the condition and nothing more is listed — "type 2 diabetes without
// complications", "essential hypertension", "unspecified asthma" — so a record saying more
// (E11.22, diabetes with kidney disease; N18.4, stage 4) stays a row of its own and nothing it
// says is hidden. ICD codes are written without their dot, in capitals. A code in no class
// matches only itself (a shared code, ConditionsIn).
var conditionClasses = map[string]map[string][]string{
	"diabetes-type-1": {
		sysSNOMED: {"46635009"}, // Diabetes mellitus type 1
		icd10CM:   {"E109"},     // Type 1 diabetes mellitus without complications
		icd10WHO:  {"E10", "E109"},
	},
	"diabetes-type-2": {
		sysSNOMED: {"44054006"}, // Diabetes mellitus type 2
		icd10CM:   {"E119"},     // Type 2 diabetes mellitus without complications
		icd10WHO:  {"E11", "E119"},
	},
	"hypertension": {
		sysSNOMED: {"38341003", "59621000"}, // Hypertensive disorder; Essential hypertension
		icd10CM:   {"I10"},                  // Essential (primary) hypertension
		icd10WHO:  {"I10"},
	},
	"asthma": {
		sysSNOMED: {"195967001"},       // Asthma
		icd10CM:   {"J45909", "J4590"}, // Unspecified asthma, uncomplicated
		icd10WHO:  {"J45", "J459"},     // Asthma; Asthma, unspecified
	},
	"copd": {
		sysSNOMED: {"13645005"}, // Chronic obstructive lung disease
		icd10CM:   {"J449"},     // Chronic obstructive pulmonary disease, unspecified
		icd10WHO:  {"J449"},
	},
	"heart-failure": {
		sysSNOMED: {"84114007"}, // Heart failure
		icd10CM:   {"I509"},     // Heart failure, unspecified
		icd10WHO:  {"I509"},
	},
	// WHO's I48.9 is "atrial fibrillation and atrial flutter, unspecified": not one of them.
	"atrial-fibrillation": {
		sysSNOMED: {"49436004"}, // Atrial fibrillation
		icd10CM:   {"I4891"},    // Unspecified atrial fibrillation
	},
	"hypothyroidism": {
		sysSNOMED: {"40930008"}, // Hypothyroidism
		icd10CM:   {"E039"},     // Hypothyroidism, unspecified
		icd10WHO:  {"E039"},
	},
	"chronic-kidney-disease": {
		sysSNOMED: {"709044004"}, // Chronic kidney disease
		icd10CM:   {"N189"},      // Chronic kidney disease, unspecified
		icd10WHO:  {"N189"},
	},
}

const (
	icd10CM  = "http://hl7.org/fhir/sid/icd-10-cm"
	icd10WHO = "http://hl7.org/fhir/sid/icd-10"
)

// conditionClassByCode is conditionClasses by "system|code".
var conditionClassByCode = func() map[string]string {
	m := map[string]string{}
	for class, systems := range conditionClasses {
		for sys, codes := range systems {
			for _, c := range codes {
				m[sys+"|"+c] = class
			}
		}
	}
	return m
}()

// conditionClassOf is the class of conditionClasses a diagnosis's codes are in ("" for none,
// or for codes in two classes: a record that says two things is not matched by either).
func conditionClassOf(c *Concept) string {
	if c == nil {
		return ""
	}
	class := ""
	for _, cd := range c.Coding {
		sys := strings.TrimSuffix(strings.TrimSpace(cd.System), "/")
		code := strings.TrimSpace(cd.Code)
		if sys != sysSNOMED {
			code = strings.ToUpper(strings.ReplaceAll(code, ".", ""))
		}
		k := conditionClassByCode[sys+"|"+code]
		switch {
		case k == "":
		case class == "":
			class = k
		case class != k:
			return ""
		}
	}
	return class
}

// onsetsAgree says two diagnoses' onsets as their records give them (a day, a month or a year;
// or words, "age 7") do not differ: either gives none, or one is the other, or the other to a
// coarser precision ("2015" and "2015-03-01").
func onsetsAgree(a, b string) bool {
	return a == "" || b == "" || strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}
