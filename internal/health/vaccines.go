package health

import (
	"encoding/json"
	"strings"
)

// CVX is the FHIR system of the CDC's vaccine codes.
const CVX = "http://hl7.org/fhir/sid/cvx"

// cvxNames are plain names of common vaccines by CVX code (leading zeros dropped), from the
// CDC's CVX table (its short descriptions, in words a person reads), for vaccinations recorded
// with a code and no name (health cards often carry only the code).
var cvxNames = map[string]string{
	// COVID-19
	"207": "COVID-19 vaccine (Moderna)", "208": "COVID-19 vaccine (Pfizer-BioNTech)",
	"210": "COVID-19 vaccine (AstraZeneca)", "211": "COVID-19 vaccine (Novavax)",
	"212": "COVID-19 vaccine (Janssen)", "213": "COVID-19 vaccine",
	"217": "COVID-19 vaccine (Pfizer-BioNTech)", "218": "COVID-19 vaccine (Pfizer-BioNTech)",
	"219": "COVID-19 vaccine (Pfizer-BioNTech)", "221": "COVID-19 vaccine (Moderna)",
	"228": "COVID-19 vaccine (Moderna)", "229": "COVID-19 vaccine (Moderna, bivalent)",
	"230": "COVID-19 vaccine (Moderna, bivalent)", "300": "COVID-19 vaccine (Pfizer-BioNTech, bivalent)",
	"301": "COVID-19 vaccine (Pfizer-BioNTech, bivalent)", "302": "COVID-19 vaccine (Pfizer-BioNTech, bivalent)",
	// Influenza
	"140": "Flu vaccine", "141": "Flu vaccine", "150": "Flu vaccine (quadrivalent)",
	"155": "Flu vaccine (recombinant)", "158": "Flu vaccine (quadrivalent)", "161": "Flu vaccine (quadrivalent)",
	"185": "Flu vaccine (recombinant, quadrivalent)", "186": "Flu vaccine (cell-based, quadrivalent)",
	"197": "Flu vaccine (high-dose, quadrivalent)", "205": "Flu vaccine (adjuvanted, quadrivalent)",
	// Others
	"115": "Tdap vaccine (tetanus, diphtheria, whooping cough)",
	"3":   "MMR vaccine (measles, mumps, rubella)",
	"8":   "Hepatitis B vaccine", "43": "Hepatitis B vaccine",
	"33": "Pneumococcal vaccine (PPSV23)", "133": "Pneumococcal vaccine (PCV13)", "152": "Pneumococcal vaccine",
	"215": "Pneumococcal vaccine (PCV15)", "216": "Pneumococcal vaccine (PCV20)",
	"187": "Shingles vaccine (recombinant)",
	"165": "HPV vaccine",
}

// VaccineName is an Immunization's vaccine in words: the concept's text, else a coding's
// display, else the plain name of a common CVX code, else "Vaccine (code 300)"; "" for no
// concept or one without text and codes.
func VaccineName(c *Concept) string {
	if c == nil {
		return ""
	}
	if t := CleanName(c.Text); t != "" {
		return t
	}
	for _, cd := range c.Coding {
		if d := CleanName(cd.Display); d != "" {
			return d
		}
	}
	for _, cd := range c.Coding {
		if cd.System == CVX || cd.System == "urn:oid:2.16.840.1.113883.12.292" {
			if n := cvxNames[strings.TrimLeft(strings.TrimSpace(cd.Code), "0")]; n != "" {
				return n
			}
		}
	}
	for _, cd := range c.Coding {
		if code := strings.TrimSpace(cd.Code); code != "" {
			return "Vaccine (code " + code + ")"
		}
	}
	return ""
}

// VaccineNamed reports whether the concept names its vaccine itself (a text or a display),
// rather than VaccineName deriving the name from its code.
func VaccineNamed(c *Concept) bool {
	if c == nil {
		return false
	}
	if CleanName(c.Text) != "" {
		return true
	}
	for _, cd := range c.Coding {
		if CleanName(cd.Display) != "" {
			return true
		}
	}
	return false
}

// vaccineLabel is VaccineName of a raw vaccineCode.
func vaccineLabel(raw json.RawMessage) string {
	var c Concept
	if len(raw) == 0 || json.Unmarshal(raw, &c) != nil {
		return ""
	}
	return VaccineName(&c)
}
