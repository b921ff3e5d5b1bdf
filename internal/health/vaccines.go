package health

import (
	"encoding/json"
	"slices"
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
	"187": "Shingles vaccine (recombinant)", "121": "Shingles vaccine (live)",
	"165": "HPV vaccine", "62": "HPV vaccine", "118": "HPV vaccine", "137": "HPV vaccine",
	// A child's schedule (F441): health cards carry the code alone
	"20": "DTaP vaccine (diphtheria, tetanus, whooping cough)", "106": "DTaP vaccine (diphtheria, tetanus, whooping cough)",
	"107": "DTaP vaccine (diphtheria, tetanus, whooping cough)", "1": "DTP vaccine (diphtheria, tetanus, whooping cough)",
	"28":  "DT vaccine (diphtheria, tetanus)",
	"110": "DTaP, hepatitis B and polio vaccine", "120": "DTaP, Hib and polio vaccine", "130": "DTaP and polio vaccine",
	"146": "DTaP, polio, Hib and hepatitis B vaccine", "132": "DTaP, polio, Hib and hepatitis B vaccine",
	"170": "DTaP, polio and Hib vaccine", "50": "DTaP and Hib vaccine", "22": "DTP and Hib vaccine",
	"102": "DTP, Hib and hepatitis B vaccine",
	"17":  "Hib vaccine (Haemophilus influenzae type b)", "46": "Hib vaccine (Haemophilus influenzae type b)",
	"47": "Hib vaccine (Haemophilus influenzae type b)", "48": "Hib vaccine (Haemophilus influenzae type b)",
	"49": "Hib vaccine (Haemophilus influenzae type b)", "51": "Hib and hepatitis B vaccine",
	"148": "Hib and meningococcal C and Y vaccine",
	"10":  "Polio vaccine (injected, IPV)", "2": "Polio vaccine (by mouth, OPV)", "89": "Polio vaccine",
	"94": "MMRV vaccine (measles, mumps, rubella, chickenpox)", "4": "Measles and rubella vaccine",
	"5": "Measles vaccine", "7": "Mumps vaccine", "6": "Rubella vaccine", "38": "Rubella and mumps vaccine",
	"21":  "Chickenpox vaccine (varicella)",
	"116": "Rotavirus vaccine", "119": "Rotavirus vaccine", "74": "Rotavirus vaccine", "122": "Rotavirus vaccine",
	"100": "Pneumococcal vaccine (PCV7)", "109": "Pneumococcal vaccine",
	"83": "Hepatitis A vaccine", "84": "Hepatitis A vaccine", "31": "Hepatitis A vaccine", "52": "Hepatitis A vaccine",
	"85": "Hepatitis A vaccine", "104": "Hepatitis A and B vaccine",
	"42": "Hepatitis B vaccine", "44": "Hepatitis B vaccine", "45": "Hepatitis B vaccine", "189": "Hepatitis B vaccine",
	"114": "Meningococcal ACWY vaccine", "136": "Meningococcal ACWY vaccine", "147": "Meningococcal ACWY vaccine",
	"203": "Meningococcal ACWY vaccine", "32": "Meningococcal ACWY vaccine (polysaccharide)",
	"103": "Meningococcal C vaccine", "108": "Meningococcal vaccine",
	"162": "Meningococcal B vaccine", "163": "Meningococcal B vaccine", "164": "Meningococcal B vaccine",
	"111": "Nasal flu vaccine (live)", "149": "Nasal flu vaccine (live)",
	"88": "Flu vaccine", "15": "Flu vaccine", "16": "Flu vaccine", "135": "Flu vaccine (high-dose)",
	"144": "Flu vaccine", "153": "Flu vaccine (cell-based)", "166": "Flu vaccine (quadrivalent)",
	"9": "Td vaccine (tetanus, diphtheria)", "113": "Td vaccine (tetanus, diphtheria)",
	"138": "Td vaccine (tetanus, diphtheria)", "139": "Td vaccine (tetanus, diphtheria)",
	"35": "Tetanus vaccine", "112": "Tetanus vaccine", "142": "Tetanus vaccine",
	"19": "BCG vaccine (tuberculosis)",
	// Travel
	"25": "Typhoid vaccine (by mouth)", "101": "Typhoid vaccine", "41": "Typhoid vaccine", "91": "Typhoid vaccine",
	"37": "Yellow fever vaccine", "39": "Japanese encephalitis vaccine", "134": "Japanese encephalitis vaccine",
	"129": "Japanese encephalitis vaccine", "18": "Rabies vaccine", "40": "Rabies vaccine", "90": "Rabies vaccine",
	"77": "Tick-borne encephalitis vaccine", "26": "Cholera vaccine",
}

// VaccineName is an Immunization's vaccine in words: the record's own words (a text that is
// not a coding's display: "COVID booster"), else the plain name of a common CVX code
// ("Hepatitis A vaccine" — not the CDC's short words "Hep A, ped/adol, 2 dose" that US records
// send as display and text, F470; those stay in the record's details), else a text or a
// display, else "Vaccine (code 300)"; "" for no concept or one without text and codes.
func VaccineName(c *Concept) string {
	if c == nil {
		return ""
	}
	text := CleanName(c.Text)
	own := text != "" && !slices.ContainsFunc(c.Coding, func(cd Coding) bool { return strings.EqualFold(CleanName(cd.Display), text) })
	if own {
		return text
	}
	for _, cd := range c.Coding {
		if cd.System == CVX || cd.System == "urn:oid:2.16.840.1.113883.12.292" {
			if n := cvxNames[strings.TrimLeft(strings.TrimSpace(cd.Code), "0")]; n != "" {
				return n
			}
		}
	}
	if text != "" {
		return text
	}
	for _, cd := range c.Coding {
		if d := CleanName(cd.Display); d != "" {
			return d
		}
	}
	for _, cd := range c.Coding {
		if code := strings.TrimSpace(cd.Code); code != "" {
			return "Vaccine (code " + code + ")"
		}
	}
	return ""
}

// SearchWords are what a search of the Timeline matches a record by: its line (Describe),
// and of a vaccination the record's own words for its vaccine too, which the line names by its
// code ("influenza" finds the "Flu vaccine" of a record saying "Influenza, seasonal,
// injectable, preservative free", F470).
func SearchWords(typ string, resource []byte) string {
	w := Describe(typ, resource)
	if typ != "Immunization" {
		return w
	}
	var j struct {
		VaccineCode *Concept `json:"vaccineCode"`
	}
	if json.Unmarshal(resource, &j) != nil || j.VaccineCode == nil {
		return w
	}
	words := []string{w}
	if t := CleanName(j.VaccineCode.Text); t != "" {
		words = append(words, t)
	}
	for _, cd := range j.VaccineCode.Coding {
		if d := CleanName(cd.Display); d != "" {
			words = append(words, d)
		}
	}
	return strings.Join(words, "\n")
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
