package health

import (
	"regexp"
	"strings"
)

// Dose forms in words. A dose is often counted in the medicine's form rather than in a unit:
// HL7 v3 orderableDrugForm codes ("1 OPDROP", "1 VAGTAB", "2 TAB"), UCUM annotations ("2
// {tbl}") or "each" ("1 ea", UCUM {each}). A person reads "1 drop", "1 vaginal tablet",
// "2 tablets", and for "each" the medicine's own form ("1 application" of an ointment, "1 puff"
// of an inhaler) — never the code (F135).

// countWord is a dose form's word for one and for more.
type countWord [2]string

func (w countWord) of(plural bool) string {
	if plural {
		return w[1]
	}
	return w[0]
}

var (
	cwApplication   = countWord{"application", "applications"}
	cwApplicatorful = countWord{"applicatorful", "applicatorfuls"}
	cwDose          = countWord{"dose", "doses"}
	cwDrop          = countWord{"drop", "drops"}
	cwPuff          = countWord{"puff", "puffs"}
	cwSpray         = countWord{"spray", "sprays"}
	cwPatch         = countWord{"patch", "patches"}
	cwTablet        = countWord{"tablet", "tablets"}
	cwCapsule       = countWord{"capsule", "capsules"}
	cwERTablet      = countWord{"extended-release tablet", "extended-release tablets"}
	cwERCapsule     = countWord{"extended-release capsule", "extended-release capsules"}
	cwSuppository   = countWord{"suppository", "suppositories"}
)

// orderableDrugForms are the HL7 v3 orderableDrugForm codes (terminology.hl7.org/CodeSystem/
// v3-orderableDrugForm, every active code) as a dose counts them. A form measured out rather
// than counted (a cream, a solution, a powder) is counted in applications or doses; a form
// with an applicator in applicatorfuls.
var orderableDrugForms = map[string]countWord{
	// administrable forms
	"APPFUL": cwApplicatorful, "DROP": cwDrop, "NDROP": cwDrop, "OPDROP": cwDrop, "ORDROP": cwDrop,
	"OTDROP": cwDrop, "PUFF": cwPuff, "SCOOP": {"scoop", "scoops"}, "SPRY": cwSpray,
	// gases, aerosols, inhalers and sprays
	"GASINHL": {"inhalation", "inhalations"}, "AER": cwPuff, "BAINHL": cwPuff, "INHLSOL": cwDose,
	"MDINHL": cwPuff, "NASSPRY": cwSpray, "DERMSPRY": cwSpray, "FOAM": cwApplication,
	"FOAMAPL": cwApplicatorful, "RECFORM": cwApplication, "VAGFOAM": cwApplication,
	"VAGFOAMAPL": cwApplicatorful, "RECSPRY": cwSpray, "VAGSPRY": cwSpray, "PWDSPRY": cwSpray,
	"SPRYADAPT": cwSpray, "INHL": cwPuff, "BAINHLPWD": cwPuff, "INHLPWD": cwPuff,
	"MDINHLPWD": cwPuff, "NASINHL": cwSpray, "ORINHL": cwPuff,
	// liquids
	"LIQCLN": cwApplication, "LIQSOAP": cwApplication, "SHMP": cwApplication, "OIL": cwApplication,
	"TOPOIL": cwApplication, "SOL": cwDose, "IPSOL": cwDose, "IRSOL": cwDose,
	"DOUCHE": {"douche", "douches"}, "ENEMA": {"enema", "enemas"}, "OPIRSOL": cwDose, "IVSOL": cwDose,
	"ORALSOL": cwDose, "ELIXIR": cwDose, "RINSE": {"rinse", "rinses"}, "SYRUP": cwDose, "RECSOL": cwDose,
	"TOPSOL": cwApplication, "LIN": cwApplication, "MUCTOPSOL": cwApplication, "TINC": cwDose,
	// creams, lotions, ointments
	"CRM": cwApplication, "NASCRM": cwApplication, "OPCRM": cwApplication, "ORCRM": cwApplication,
	"OTCRM": cwApplication, "RECCRM": cwApplication, "TOPCRM": cwApplication, "VAGCRM": cwApplication,
	"VAGCRMAPL": cwApplicatorful, "LTN": cwApplication, "TOPLTN": cwApplication, "OINT": cwApplication,
	"NASOINT": cwApplication, "OINTAPL": cwApplicatorful, "OPOINT": cwApplication, "OTOINT": cwApplication,
	"RECOINT": cwApplication, "TOPOINT": cwApplication, "VAGOINT": cwApplication,
	"VAGOINTAPL": cwApplicatorful,
	// gels, pastes, suspensions
	"GEL": cwApplication, "GELAPL": cwApplicatorful, "NASGEL": cwApplication, "OPGEL": cwApplication,
	"OTGEL": cwApplication, "TOPGEL": cwApplication, "URETHGEL": cwApplication, "VAGGEL": cwApplication,
	"VGELAPL": cwApplicatorful, "PASTE": cwApplication, "PUD": cwDose, "TPASTE": cwApplication,
	"SUSP": cwDose, "ITSUSP": cwDose, "OPSUSP": cwDrop, "ORSUSP": cwDose, "ERSUSP": cwDose,
	"ERSUSP12": cwDose, "ERSUSP24": cwDose, "OTSUSP": cwDrop, "RECSUSP": cwDose,
	// solids
	"BAR": {"bar", "bars"}, "BARSOAP": cwApplication, "MEDBAR": cwApplication,
	"CHEWBAR": {"chewable bar", "chewable bars"}, "BEAD": cwDose, "CAKE": cwDose,
	"CEMENT": cwApplication, "CRYS": cwDose, "DISK": {"disk", "disks"}, "FLAKE": cwDose,
	"GRAN": cwDose, "GUM": {"piece of gum", "pieces of gum"}, "PAD": {"pad", "pads"},
	"MEDPAD": {"pad", "pads"}, "PATCH": cwPatch, "TPATCH": cwPatch, "TPATH16": cwPatch,
	"TPATH24": cwPatch, "TPATH2WK": cwPatch, "TPATH72": cwPatch, "TPATHWK": cwPatch,
	"PELLET": {"pellet", "pellets"}, "PILL": {"pill", "pills"}, "CAP": cwCapsule, "ORCAP": cwCapsule,
	"ENTCAP": {"enteric-coated capsule", "enteric-coated capsules"}, "ERENTCAP": cwERCapsule,
	"ERCAP": cwERCapsule, "ERCAP12": cwERCapsule, "ERCAP24": cwERCapsule, "ERECCAP": cwERCapsule,
	"TAB": cwTablet, "ORTAB": cwTablet, "BUCTAB": {"buccal tablet", "buccal tablets"},
	"SRBUCTAB": {"extended-release buccal tablet", "extended-release buccal tablets"},
	"CAPLET":   {"caplet", "caplets"}, "CHEWTAB": {"chewable tablet", "chewable tablets"},
	"CPTAB": cwTablet, "DISINTAB": {"orally disintegrating tablet", "orally disintegrating tablets"},
	"DRTAB": {"delayed-release tablet", "delayed-release tablets"},
	"ECTAB": {"enteric-coated tablet", "enteric-coated tablets"}, "ERECTAB": cwERTablet,
	"ERTAB": cwERTablet, "ERTAB12": cwERTablet, "ERTAB24": cwERTablet,
	"ORTROCHE": {"lozenge", "lozenges"}, "SLTAB": {"sublingual tablet", "sublingual tablets"},
	"VAGTAB": {"vaginal tablet", "vaginal tablets"}, "POWD": cwDose, "TOPPWD": cwApplication,
	"RECPWD": cwDose, "VAGPWD": cwApplication, "SUPP": cwSuppository, "RECSUPP": cwSuppository,
	"URETHSUPP": {"urethral suppository", "urethral suppositories"},
	"VAGSUPP":   {"vaginal suppository", "vaginal suppositories"}, "SWAB": {"swab", "swabs"},
	"MEDSWAB": {"swab", "swabs"}, "WAFER": {"wafer", "wafers"},
}

// countedUnits are dose units written as words or UCUM annotations ("tablet", "{tbl}",
// "actuat"), by lower case: their words for one and for more.
var countedUnits = map[string]countWord{"tablet": cwTablet, "tab": cwTablet, "tbl": cwTablet,
	"capsule": cwCapsule, "cap": cwCapsule, "caps": cwCapsule, "puff": cwPuff, "actuat": cwPuff,
	"actuation": cwPuff, "inhalation": {"inhalation", "inhalations"}, "drop": cwDrop, "gtt": cwDrop, "drp": cwDrop,
	"patch": cwPatch, "spray": cwSpray, "dose": cwDose, "sachet": {"sachet", "sachets"},
	"injection": {"injection", "injections"}, "lozenge": {"lozenge", "lozenges"},
	"suppository": cwSuppository, "application": cwApplication, "applicatorful": cwApplicatorful,
	"pill": {"pill", "pills"}, "vial": {"vial", "vials"}, "ampule": {"ampoule", "ampoules"},
	"ampoule": {"ampoule", "ampoules"}, "syringe": {"syringe", "syringes"}, "pen": {"pen", "pens"},
	"scoop": {"scoop", "scoops"}, "wafer": {"wafer", "wafers"}, "film": {"film", "films"},
	"unit": {"unit", "units"}, "units": {"unit", "units"}, "u": {"unit", "units"}, "iu": {"unit", "units"},
	"[iu]": {"unit", "units"}, "unt": {"unit", "units"}, "[u]": {"unit", "units"},
	// as Polish labels write them: "1 tabl.", "2 tabletki", "2 wdechy" (F549)
	"tabl": cwTablet, "tabletka": cwTablet, "tabletki": cwTablet, "tabletek": cwTablet,
	"kaps": cwCapsule, "kapsułka": cwCapsule, "kapsułki": cwCapsule, "kapsułek": cwCapsule,
	"wdech": cwPuff, "wdechy": cwPuff, "wdechów": cwPuff, "dawka": cwDose, "dawki": cwDose, "dawek": cwDose,
}

// eachUnits count "one of whatever the medicine is": the medicine's form says what.
var eachUnits = map[string]bool{"ea": true, "each": true, "{each}": true, "{ea}": true, "1": true,
	"{unit}": true, "{item}": true, "{count}": true}

// doseAmountUnits are units of amount a dose is given in, as labels write them, by lower case.
var doseAmountUnits = map[string]string{"mg": "mg", "g": "g", "gm": "g", "kg": "kg", "mcg": "mcg",
	"ug": "mcg", "µg": "mcg", "μg": "mcg", "ng": "ng", "ml": "mL", "l": "L", "dl": "dL", "ul": "µL",
	"meq": "mEq", "mmol": "mmol", "umol": "µmol", "%": "%"}

// countWordOf is a dose unit's count word: an orderableDrugForm code, a counted word or
// annotation (plural and UCUM braces allowed), else false.
func countWordOf(u string) (countWord, bool) {
	if w, ok := orderableDrugForms[strings.ToUpper(u)]; ok {
		return w, true
	}
	l := strings.TrimSuffix(strings.ToLower(u), ".") // "tabl.", "kaps." (F549)
	if w, ok := countedUnits[l]; ok {
		return w, true
	}
	l = strings.Trim(l, "{}[]")                                  // "{tbl}", UCUM's "[drp]"
	for _, cut := range []string{"", "s", "es", "(s)", "(es)"} { // "tablets", "patches", Epic's "puff(s)", "patch(es)"
		if w, ok := countedUnits[strings.TrimSuffix(l, cut)]; ok {
			return w, true
		}
	}
	for _, w := range countedUnits { // "puffs", "drops" as the plural word itself
		if l == w[1] {
			return w, true
		}
	}
	return countWord{}, false
}

// formKeywords find a medicine's form in the words of its form or its name, longest first.
var formKeywords = []struct {
	word string
	cw   countWord
}{
	{"inhaler", cwPuff}, {"per puff", cwPuff}, {"puff", cwPuff}, {"actuat", cwPuff}, {"aerosol", cwPuff},
	{"nasal spray", cwSpray}, {"spray", cwSpray}, {"eye drop", cwDrop}, {"ear drop", cwDrop},
	{"ophthalmic solution", cwDrop}, {"otic solution", cwDrop}, {"drops", cwDrop},
	{"ointment", cwApplication}, {"cream", cwApplication}, {"gel", cwApplication},
	{"lotion", cwApplication}, {"foam", cwApplication}, {"paste", cwApplication},
	{"shampoo", cwApplication}, {"patch", cwPatch}, {"transdermal", cwPatch},
	{"suppository", cwSuppository}, {"pessary", cwSuppository},
	{"extended release tablet", cwERTablet}, {"extended-release tablet", cwERTablet},
	{"tablet", cwTablet}, {"capsule", cwCapsule}, {"lozenge", countWord{"lozenge", "lozenges"}},
	{"sachet", countWord{"sachet", "sachets"}},
	// in French, Spanish and German names and instructions: "2 comprimés 2 fois par jour" (F540)
	{"comprimé", cwTablet}, {"comprimido", cwTablet}, {"tablette", cwTablet}, {"gélule", cwCapsule},
	{"cápsula", cwCapsule}, {"kapsel", cwCapsule},
	// Polish: "1 tabletka co 12 godzin", "2 wdechy raz dziennie" (F549)
	{"tabletk", cwTablet}, {"kapsułk", cwCapsule}, {"wdech", cwPuff},
}

// textCount is the count word a dosage's own instruction gives a bare number: "2 comprimés 2 fois
// par jour" of a C-CDA's doseQuantity "2" without a unit, which read "2 doses, twice a day" —
// four, or two tablets twice? (F540 item 2). The first number followed by a form's word
// ("Dexaméthasone 4 mg : 2 comprimés …": not the strength's).
func textCount(text string) (countWord, bool) {
	for _, m := range numberThenWord.FindAllStringSubmatch(text, -1) {
		if w, ok := formByWords(m[1]); ok {
			return w, true
		}
	}
	return countWord{}, false
}

var numberThenWord = regexp.MustCompile(`\d+(?:[.,]\d+)?\s+(\pL+)`)

// formCount is the count word of a medicine by its form (a Medication.form concept) or, when
// that says nothing, its name; "" when neither says a form.
func formCount(form *Concept, name string) (countWord, bool) {
	if form != nil {
		for _, c := range form.Coding {
			if strings.HasSuffix(c.System, "orderableDrugForm") {
				if w, ok := orderableDrugForms[strings.ToUpper(c.Code)]; ok {
					return w, true
				}
			}
		}
		for _, c := range form.Coding {
			if w, ok := formByWords(c.Display); ok {
				return w, true
			}
		}
		if w, ok := formByWords(form.Text); ok {
			return w, true
		}
	}
	return formByWords(name)
}

// formByWords finds a form's keyword at the start of a word of s ("tablets", not "angel").
func formByWords(s string) (countWord, bool) {
	l := strings.ToLower(s)
	for _, k := range formKeywords {
		for i := 0; ; {
			j := strings.Index(l[i:], k.word)
			if j < 0 {
				break
			}
			if at := i + j; at == 0 || !isLetter(l[at-1]) {
				return k.cw, true
			}
			i += j + 1
		}
	}
	return countWord{}, false
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 }

// CountWord is what a bare number of a medicine's doses counts, by its name: a C-CDA's
// doseQuantity "2" of a tiotropium inhaler is 2 puffs, as Medicines says it, not "2 doses"
// (F512); "puff", "tablet" — a word DoseWords reads. "" when the name says no form.
func CountWord(name string) string { return CountWordIn(name, "") }

// CountWordIn is CountWord, else the count its dosage's instruction gives a number ("2
// comprimés 2 fois par jour": "tablet", F540 item 2).
func CountWordIn(name, text string) string {
	w, ok := formByWords(name)
	if !ok {
		w, ok = textCount(text)
	}
	if !ok {
		return ""
	}
	if _, ok := countWordOf(w.of(false)); !ok {
		return "" // "extended-release tablet": not a unit DoseWords reads back
	}
	return w.of(false)
}
