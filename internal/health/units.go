package health

import (
	"strings"
)

// Unit conversion: readings of one result in units that measure the same thing (kg and lb,
// °C and °F, cm and in, mg/dL and mmol/L of an analyte whose molar mass is known) are one
// series in one unit. The factors are UCUM's (https://ucum.org/ucum): [lb_av] = 0.45359237 kg,
// [oz_av] = 28.349523125 g, [in_i] = 2.54 cm, [ft_i] = 12 [in_i], [degF] = 5/9 K from
// 459.67 °F below 0 °F, Cel = K − 273.15; annotations ("{beats}") are of unit 1.

// dimension is what a unit measures.
type dimension uint8

const (
	dimNone      dimension = iota
	dimMass                // base g
	dimLength              // base m
	dimTemp                // base K
	dimMassConc            // base g/L
	dimMolarConc           // base mol/L
	dimCountConc           // base /L
	dimVolume              // base L
	dimRate                // base /min
	dimPressure            // base Pa
	dimIUConc              // base [IU]/L: international units of one analyte (TSH, insulin)
	dimPercent             // base %: of HbA1c, a share of all haemoglobin (NGSP/DCCT)
	dimPerMol              // base mmol/mol: of HbA1c, IFCC's unit (no factor to %: hba1cFromIFCC)
	dimEquivConc           // base eq/L: equivalents (mEq/L): mol/L × the ion's charge (ionCharge)
)

// unitDef takes a value to its dimension's base: base = v×factor + offset.
type unitDef struct {
	dim            dimension
	factor, offset float64
}

// ucumUnits are the UCUM units CareKeeper converts between.
var ucumUnits = map[string]unitDef{
	"g": {dimMass, 1, 0}, "kg": {dimMass, 1000, 0}, "mg": {dimMass, 1e-3, 0}, "ug": {dimMass, 1e-6, 0},
	"[lb_av]": {dimMass, 453.59237, 0}, "[oz_av]": {dimMass, 28.349523125, 0},
	"m": {dimLength, 1, 0}, "cm": {dimLength, 1e-2, 0}, "mm": {dimLength, 1e-3, 0},
	"[in_i]": {dimLength, 0.0254, 0}, "[ft_i]": {dimLength, 0.3048, 0},
	"K": {dimTemp, 1, 0}, "Cel": {dimTemp, 1, 273.15}, "[degF]": {dimTemp, 5.0 / 9, 459.67 * 5 / 9},
	"g/L": {dimMassConc, 1, 0}, "g/dL": {dimMassConc, 10, 0}, "mg/dL": {dimMassConc, 1e-2, 0},
	"mg/L": {dimMassConc, 1e-3, 0}, "ug/dL": {dimMassConc, 1e-5, 0}, "ug/L": {dimMassConc, 1e-6, 0},
	"ug/mL": {dimMassConc, 1e-3, 0}, "ng/mL": {dimMassConc, 1e-6, 0}, "ng/dL": {dimMassConc, 1e-8, 0},
	"pg/mL": {dimMassConc, 1e-9, 0}, "mg/mL": {dimMassConc, 1, 0},
	"mol/L": {dimMolarConc, 1, 0}, "mmol/L": {dimMolarConc, 1e-3, 0}, "umol/L": {dimMolarConc, 1e-6, 0},
	"nmol/L": {dimMolarConc, 1e-9, 0}, "pmol/L": {dimMolarConc, 1e-12, 0},
	"/L": {dimCountConc, 1, 0}, "/uL": {dimCountConc, 1e6, 0}, "/mm3": {dimCountConc, 1e6, 0},
	"10*3/uL": {dimCountConc, 1e9, 0}, "10*6/uL": {dimCountConc, 1e12, 0}, "10*3/mm3": {dimCountConc, 1e9, 0},
	"10*6/mm3": {dimCountConc, 1e12, 0}, "10*9/L": {dimCountConc, 1e9, 0}, "10*12/L": {dimCountConc, 1e12, 0},
	"L": {dimVolume, 1, 0}, "dL": {dimVolume, 0.1, 0}, "mL": {dimVolume, 1e-3, 0}, "uL": {dimVolume, 1e-6, 0},
	"/min": {dimRate, 1, 0}, "/h": {dimRate, 1.0 / 60, 0}, "/s": {dimRate, 60, 0},
	"mm[Hg]": {dimPressure, 133.322387415, 0}, "kPa": {dimPressure, 1000, 0},
	"[IU]/L": {dimIUConc, 1, 0}, "m[IU]/L": {dimIUConc, 1e-3, 0}, "u[IU]/mL": {dimIUConc, 1e-3, 0},
	"m[IU]/mL": {dimIUConc, 1, 0}, "[IU]/mL": {dimIUConc, 1e3, 0}, "u[IU]/L": {dimIUConc, 1e-6, 0},
	"%": {dimPercent, 1, 0}, "mmol/mol": {dimPerMol, 1, 0},
	"eq/L": {dimEquivConc, 1, 0}, "meq/L": {dimEquivConc, 1e-3, 0},
}

// writtenUnits are units as records write them outside UCUM (in Quantity.unit), by their
// lower-case form.
var writtenUnits = map[string]string{
	"kg": "kg", "kgs": "kg", "g": "g", "mg": "mg", "lb": "[lb_av]", "lbs": "[lb_av]", "[lb_av]": "[lb_av]",
	"pound": "[lb_av]", "pounds": "[lb_av]", "oz": "[oz_av]", "[oz_av]": "[oz_av]",
	"cm": "cm", "mm": "mm", "m": "m", "in": "[in_i]", "inch": "[in_i]", "inches": "[in_i]", "[in_i]": "[in_i]",
	"ft": "[ft_i]", "[ft_i]": "[ft_i]",
	"cel": "Cel", "°c": "Cel", "degc": "Cel", "[degf]": "[degF]", "°f": "[degF]", "degf": "[degF]",
	"mg/dl": "mg/dL", "g/dl": "g/dL", "g/l": "g/L", "mg/l": "mg/L", "ug/dl": "ug/dL", "µg/dl": "ug/dL",
	"ng/ml": "ng/mL", "pg/ml": "pg/mL", "ug/ml": "ug/mL", "µg/ml": "ug/mL", "ug/l": "ug/L", "µg/l": "ug/L",
	"mmol/l": "mmol/L", "umol/l": "umol/L", "µmol/l": "umol/L", "nmol/l": "nmol/L", "pmol/l": "pmol/L",
	"mol/l": "mol/L", "meq/l": "meq/L", "eq/l": "eq/L",
	"mmhg": "mm[Hg]", "mm[hg]": "mm[Hg]", "kpa": "kPa",
	"/min": "/min", "bpm": "/min", "beats/min": "/min", "breaths/min": "/min", "/h": "/h",
	"ml": "mL", "dl": "dL", "l": "L", "ul": "uL", "µl": "uL",
	"10*3/ul": "10*3/uL", "10*6/ul": "10*6/uL", "10*9/l": "10*9/L", "10*12/l": "10*12/L",
	"k/ul": "10*3/uL", "m/ul": "10*6/uL", "/ul": "/uL", "/mm3": "/mm3",
	"iu/l": "[IU]/L", "miu/l": "m[IU]/L", "uiu/ml": "u[IU]/mL", "miu/ml": "m[IU]/mL", "iu/ml": "[IU]/mL",
	"uiu/l": "u[IU]/L",
}

// molarMass is the molar mass (g/mol) of an analyte by the LOINC codes of its mass and
// substance concentrations, so mg/dL and mmol/L of the same analyte convert (UCUM's mol is
// 6.02214076e23, and mass = moles × molar mass). Only analytes with one defined molecule are
// here: no conversion is made for anything else.
var molarMass = map[string]float64{
	// glucose C6H12O6
	"2339-0": 180.156, "15074-8": 180.156, "2345-7": 180.156, "14749-6": 180.156, "41653-7": 180.156,
	"14743-9": 180.156, "1558-6": 180.156, "14771-0": 180.156, "105272-9": 180.156, "99504-3": 180.156,
	// cholesterol C27H46O (total, HDL, LDL)
	"2093-3": 386.654, "14647-2": 386.654, "2085-9": 386.654, "14646-4": 386.654,
	"2089-1": 386.654, "22748-8": 386.654, "13457-7": 386.654, "39469-2": 386.654, "18262-6": 386.654,
	// creatinine C4H7N3O
	"2160-0": 113.120, "14682-9": 113.120, "38483-4": 113.120, "59826-8": 113.120,
	// calcium (total; ionized)
	"17861-6": 40.078, "2000-8": 40.078, "49765-1": 40.078,
	"17863-2": 40.078, "1995-0": 40.078, "17864-0": 40.078, "1994-3": 40.078,
	// magnesium
	"19123-9": 24.305, "2601-3": 24.305,
	// uric acid C5H4N4O3
	"3084-1": 168.112, "14933-6": 168.112,
	// total bilirubin C33H36N4O6
	"1975-2": 584.673, "14631-6": 584.673,
	// 25-hydroxyvitamin D3 (calcifediol) C27H44O2
	"1989-3": 400.64, "14635-7": 400.64,
}

// ionCharge is the charge of an ion by the LOINC codes (AnalyteCode) of its results in serum,
// plasma or blood: mEq/L is mmol/L × the charge. Labs write either, and the readings are one
// series (F366): for potassium, sodium, chloride and bicarbonate (and total CO2, nearly all
// bicarbonate), of charge one, the same number; for calcium and magnesium, of charge two,
// 4.8 mEq/L is 2.4 mmol/L.
var ionCharge = map[string]float64{
	"2823-3": 1, "6298-4": 1, "22760-3": 1, // potassium
	"2951-2": 1, "2947-0": 1, // sodium
	"2075-0": 1, "2069-3": 1, // chloride
	"1963-8": 1, "1959-6": 1, "2028-9": 1, "20565-8": 1, // bicarbonate, total CO2
	"17861-6": 2, "49765-1": 2, "17863-2": 2, "17864-0": 2, // calcium, total and ionized
	"19123-9": 2, // magnesium
}

// sameAnalyte names, for a LOINC code of a substance concentration, the code of the same
// analyte in the same specimen as a mass concentration (and the reverse): readings of both
// are one series. Also codes of one measurement by another method or in another unit: body
// weight "measured" (3141-9, in many C-CDA documents) is body weight (29463-7); HbA1c by HPLC,
// by electrophoresis or by IFCC's protocol (in mmol/mol) is HbA1c (4548-4); TSH by the
// detection limit of the assay is TSH (3016-3).
var sameAnalyte = map[string]string{
	"3141-9":  "29463-7",
	"17856-6": "4548-4", "4549-2": "4548-4", "17855-8": "4548-4", "59261-8": "4548-4",
	"11579-0": "3016-3", "11580-8": "3016-3",
	"14635-7": "1989-3",
	"15074-8": "2339-0", "14749-6": "2345-7", "14743-9": "41653-7", "14771-0": "1558-6",
	"105272-9": "99504-3", // a CGM's sensor glucose in mmol/L and in mg/dL (F521)
	"14647-2":  "2093-3", "14646-4": "2085-9", "22748-8": "2089-1", "39469-2": "13457-7",
	"14682-9": "2160-0", "59826-8": "38483-4", "2000-8": "17861-6", "14933-6": "3084-1", "14631-6": "1975-2",
	"1995-0": "17863-2", "1994-3": "17864-0", "2601-3": "19123-9", // ionized calcium, magnesium
	// eGFR by CKD-EPI (2009) and by CKD-EPI 2021, which US labs moved to in 2021–22, is eGFR:
	// one series of a person's kidney function across the change (F453). The race-based codes
	// (48642-3, 48643-1, 88293-6, 88294-4) stay apart: a lab gave both for one sample.
	"62238-1": "33914-3", "98979-8": "33914-3",
	// INR by a fingerprick meter (34714-6 in blood, 46418-0 in capillary blood) or in plasma or
	// blood (38875-1) is the INR of the lab's plasma (6301-6): an anticoagulation clinic reads
	// them side by side on one chart (F518).
	"34714-6": "6301-6", "46418-0": "6301-6", "38875-1": "6301-6",
}

// annotationOnly reports whether a and b are one unit written once as a UCUM annotation and
// once as its words: "{INR}" and "INR" (F518: a letter's INRs in "{INR}" were a chart apart).
func annotationOnly(a, b string) bool {
	ta, tb := strings.TrimSpace(a), strings.TrimSpace(b)
	bare := func(u string) (string, bool) {
		if len(u) > 2 && u[0] == '{' && u[len(u)-1] == '}' && !strings.ContainsAny(u[1:len(u)-1], "{}") {
			return u[1 : len(u)-1], true
		}
		return u, false
	}
	wa, ia := bare(ta)
	wb, ib := bare(tb)
	return (ia || ib) && wa != "" && strings.EqualFold(wa, wb)
}

// AnalyteCode is the LOINC code a result of code is kept (and watched) under: the
// mass-concentration code of an analyte that also has a substance-concentration code, the
// main code of a measurement with codes by method or unit (sameAnalyte), else code itself.
func AnalyteCode(code string) string {
	if c, ok := sameAnalyte[code]; ok {
		return c
	}
	return code
}

// UCUMOf is the UCUM unit a Quantity's code or unit stands for, for conversion: the code when
// it is a unit CareKeeper converts, else the unit as written ("lbs", "°F", "mg/dl"), with
// annotations dropped ("{beats}/min" is "/min"). "" when it is not one CareKeeper converts.
func UCUMOf(code, unit string) string {
	for _, u := range []string{code, unit} {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		if _, ok := ucumUnits[u]; ok {
			return u
		}
		if c := withoutAnnotations(u); c != u {
			if _, ok := ucumUnits[c]; ok {
				return c
			}
		}
		if c, ok := writtenUnits[strings.ToLower(u)]; ok {
			return c
		}
		if w := plainWritten(u); w != u {
			if _, ok := ucumUnits[w]; ok {
				return w
			}
			if c, ok := writtenUnits[strings.ToLower(w)]; ok {
				return c
			}
		}
	}
	return ""
}

// microSigns are the two micro signs, written "u" (built once: a Replacer built per call was
// most of what reading 7,000 records for the insight cards allocated).
var microSigns = strings.NewReplacer("µ", "u", "μ", "u")

// plainWritten writes the micro sign and powers of ten as UCUM does: "µ" (either sign) as
// "u", and "10+3", "10^3", "10E3", "x10E3", "×10^3" at the start as "10*3", so "10+3/µl"
// (as laboratories and C-CDA documents write it) reads as "10*3/ul".
func plainWritten(u string) string {
	u = microSigns.Replace(u)
	rest := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(u, "x"), "X"), "×")
	if !strings.HasPrefix(rest, "10") || len(rest) < 4 {
		return u
	}
	switch rest[2] {
	case '^', '+', '*', 'E', 'e':
	default:
		return u
	}
	n := 3
	for n < len(rest) && n < 5 && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 3 {
		return u
	}
	return "10*" + rest[3:n] + rest[n:]
}

// withoutAnnotations drops UCUM annotations: "{beats}/min" → "/min", "{cells}/uL" → "/uL".
func withoutAnnotations(u string) string {
	if !strings.Contains(u, "{") {
		return u
	}
	var b strings.Builder
	depth := 0
	for _, r := range u {
		switch {
		case r == '{':
			depth++
		case r == '}' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ConvertUnit converts v from one unit to another (UCUM codes or units as written, as UCUMOf
// reads them) for a result of the LOINC code given (a bare code, or "system|code"; needed only
// between mass and substance concentrations, which need the analyte's molar mass). ok is false
// when the units do not measure the same thing, either is unknown, or the analyte's molar mass
// is not known: then nothing is converted.
func ConvertUnit(v float64, from, to, code string) (out float64, ok bool) {
	fu, tu := UCUMOf(from, from), UCUMOf(to, to)
	if fu == "" || tu == "" {
		return 0, false
	}
	if fu == tu {
		return v, true
	}
	fd, td := ucumUnits[fu], ucumUnits[tu]
	base := v*fd.factor + fd.offset
	switch {
	case fd.dim == td.dim:
	case fd.dim == dimPercent && td.dim == dimPerMol, fd.dim == dimPerMol && td.dim == dimPercent:
		if AnalyteCode(code[strings.LastIndexByte(code, '|')+1:]) != "4548-4" {
			return 0, false
		}
		if fd.dim == dimPerMol {
			return hba1cFromIFCC(v), true
		}
		return (v - hba1cIntercept) / hba1cSlope, true
	case fd.dim == dimEquivConc && td.dim == dimMolarConc, fd.dim == dimMolarConc && td.dim == dimEquivConc,
		fd.dim == dimEquivConc && td.dim == dimMassConc, fd.dim == dimMassConc && td.dim == dimEquivConc:
		// an ion's equivalents are its moles times its charge (F366: calcium's 4.8 mEq/L is
		// 2.4 mmol/L, 9.6 mg/dL); to or from a mass through its moles
		c := code[strings.LastIndexByte(code, '|')+1:]
		z := ionCharge[AnalyteCode(c)]
		m, known := molarMass[c]
		if z == 0 || (fd.dim == dimMassConc || td.dim == dimMassConc) && !known {
			return 0, false
		}
		switch fd.dim {
		case dimEquivConc:
			base /= z // eq/L → mol/L
		case dimMassConc:
			base /= m // g/L → mol/L
		}
		switch td.dim {
		case dimEquivConc:
			base *= z // mol/L → eq/L
		case dimMassConc:
			base *= m // mol/L → g/L
		}
	case fd.dim == dimMolarConc && td.dim == dimMassConc, fd.dim == dimMassConc && td.dim == dimMolarConc:
		m, known := molarMass[code[strings.LastIndexByte(code, '|')+1:]]
		if !known {
			return 0, false
		}
		if fd.dim == dimMolarConc {
			base *= m // mol/L → g/L
		} else {
			base /= m // g/L → mol/L
		}
	default:
		return 0, false
	}
	out = (base - td.offset) / td.factor
	return out, true
}

// The IFCC–NGSP master equation (Hoelzel et al., Clin Chem 2004; IFCC and NGSP's joint
// statement): NGSP % = 0.09148 × IFCC mmol/mol + 2.152.
const hba1cSlope, hba1cIntercept = 0.09148, 2.152

// hba1cFromIFCC is an HbA1c in mmol/mol (IFCC) as a percentage (NGSP).
func hba1cFromIFCC(v float64) float64 { return hba1cSlope*v + hba1cIntercept }

// sameUnit reports whether two units as records write them are one unit ("lb" and
// "[lb_av]", "/min" and "{beats}/min").
func sameUnit(a, b string) bool {
	if a == b || Unit(a) == Unit(b) || annotationOnly(a, b) {
		return true
	}
	ua, ub := UCUMOf(a, a), UCUMOf(b, b)
	return ua != "" && ua == ub
}
