package schedule

import (
	"encoding/json"
	"strings"
)

// GivenByCareTeam is Plan.Unclear of a medicine the care team gives (into a vein, or in
// hospital or at the clinic): nothing reminds of it at home, nor calls it missed. Thi Lan's docetaxel, 75 mg/m² into a vein at the day clinic every
// 21 days, was a 07:30 home reminder with Taken and Skip, "missed" by the evening of each
// cycle day, and a caregiver alert while she sat in the chemotherapy chair (F532).
const GivenByCareTeam = "given by the care team"

// fhirCategory is a MedicationRequest's or MedicationStatement's category.
type fhirCategory struct {
	Coding []struct {
		Code string `json:"code"`
	} `json:"coding"`
}

// careTeamGives says whether the record's medicine is given by the care team rather than
// taken at home: its category says it is given in hospital or at the clinic (FHIR's
// "inpatient" and "outpatient": "administered or consumed in an outpatient setting, for
// example … Outpatient Clinic … Doctor's office"), or every dosage gives it into a vein.
// A category of home use ("community", "discharge", "patientspecified") says it is not, and so
// does a dispense (handed over to take). The person may still set its times (home infusions).
func careTeamGives(res fhirMed, dosages []json.RawMessage) bool {
	if res.ResourceType == "MedicationDispense" {
		return false
	}
	var cats []fhirCategory
	if json.Unmarshal(res.Category, &cats) != nil {
		var one fhirCategory
		if json.Unmarshal(res.Category, &one) == nil {
			cats = []fhirCategory{one}
		}
	}
	clinic := false
	for _, c := range cats {
		for _, cd := range c.Coding {
			switch strings.ToLower(cd.Code) {
			case "community", "discharge", "patientspecified":
				return false
			case "inpatient", "outpatient":
				clinic = true
			}
		}
	}
	if clinic {
		return true
	}
	if len(dosages) == 0 {
		return false
	}
	for _, raw := range dosages {
		var d struct {
			Route *struct {
				Text   string `json:"text"`
				Coding []struct {
					Code    string `json:"code"`
					Display string `json:"display"`
				} `json:"coding"`
			} `json:"route"`
		}
		if json.Unmarshal(raw, &d) != nil || d.Route == nil || !intoAVein(d.Route.Text, d.Route.Coding) {
			return false
		}
	}
	return true
}

// intravenous are the codes of "into a vein" (SNOMED CT, the FDA's NCI route codes, HL7 v3).
var intravenous = map[string]bool{"47625008": true, "255560000": true, "C38276": true, "IV": true,
	"IVINJ": true, "IVINFUS": true, "IVINJBOL": true, "IVPUSH": true}

func intoAVein(text string, coding []struct {
	Code    string `json:"code"`
	Display string `json:"display"`
}) bool {
	for _, c := range coding {
		if intravenous[c.Code] || intravenousName(c.Display) {
			return true
		}
	}
	return intravenousName(text)
}

func intravenousName(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, " (qualifier value)"), " route")
	return s == "intravenous" || s == "iv" || s == "intraveineuse" || s == "voie intraveineuse" || s == "intravenosa"
}
