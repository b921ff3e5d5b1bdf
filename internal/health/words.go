package health

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Plain words: the one place where codes, units, numbers, dates and counts become what a
// person reads. The app and the CLI both use these, so the screen and scripts agree.

// semanticTags are the SNOMED CT semantic tags that end a fully specified name. They are
// jargon to a patient ("Hypertension (disorder)") and are dropped from display names.
var semanticTags = map[string]bool{
	"disorder": true, "finding": true, "procedure": true, "situation": true, "observable entity": true,
	"regime/therapy": true, "qualifier value": true, "substance": true, "product": true,
	"medicinal product": true, "medicinal product form": true, "clinical drug": true, "real clinical drug": true,
	"body structure": true, "morphologic abnormality": true, "event": true, "physical object": true,
	"person": true, "environment": true, "record artifact": true, "occupation": true, "specimen": true,
	"organism": true, "social concept": true, "ethnic group": true, "assessment scale": true,
	"staging scale": true, "tumor staging": true, "cell structure": true, "cell": true, "attribute": true,
	"navigational concept": true, "physical force": true, "administrative concept": true,
	"context-dependent category": true, "environment / location": true, "racial group": true,
	"life style": true, "namespace concept": true, "inactive concept": true, "special concept": true,
}

// CleanName drops a trailing SNOMED CT semantic tag ("Acute bronchitis (disorder)" →
// "Acute bronchitis") and folds runs of white space; a stray space before a comma or
// semicolon, a comma before a parenthesis and one at the end go ("Glasgow Coma Scale , (GCS)"
// → "Glasgow Coma Scale (GCS)", F350). Other parentheses stay.
func CleanName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.ContainsAny(s, ",;") {
		s = strings.NewReplacer(" ,", ",", " ;", ";").Replace(s)
		s = strings.ReplaceAll(s, ", (", " (")
		s = strings.TrimRight(s, ",; ")
	}
	for {
		if !strings.HasSuffix(s, ")") {
			return s
		}
		i := strings.LastIndex(s, " (")
		if i < 0 || !semanticTags[strings.ToLower(s[i+2:len(s)-1])] {
			return s
		}
		s = strings.TrimSpace(s[:i])
	}
}

// commonShort are the short names of results people know by a short name, by LOINC code.
var commonShort = map[string]string{
	"4548-4": "HbA1c", "17856-6": "HbA1c", "4549-2": "HbA1c", "17855-8": "HbA1c", "59261-8": "HbA1c",
	"3016-3": "TSH", "11579-0": "TSH", "11580-8": "TSH",
	"1989-3": "Vitamin D (D3)", "14635-7": "Vitamin D (D3)", "62292-8": "Vitamin D (total)",
	"33914-3": "eGFR", "62238-1": "eGFR", "98979-8": "eGFR", "2339-0": "Glucose", "2345-7": "Glucose", "718-7": "Hemoglobin",
	"8867-4": "Heart rate", "29463-7": "Body weight", "3141-9": "Body weight", "8302-2": "Body height", "39156-5": "BMI",
	"2093-3": "Total cholesterol", "2085-9": "HDL cholesterol", "18262-6": "LDL cholesterol",
	"2571-8": "Triglycerides", "2160-0": "Creatinine", "8310-5": "Body temperature", "9279-1": "Breathing rate",
	"19935-6": "Peak flow", "33452-4": "Peak flow",
	// urine test strips and the anion gap as a lab card names them (F285: 'Protein [Presence]
	// in Urine', 'Anion gap 4' — LOINC's method number read as a value —, 'pH of Urine')
	"1863-0": "Anion gap", "33037-3": "Anion gap", "2756-5": "Urine pH", "2965-2": "Urine specific gravity",
	"2887-8": "Protein in urine", "33051-4": "Blood in urine", "2349-9": "Glucose in urine",
	"33052-2": "White blood cells in urine", "30405-5": "White blood cells in urine (count)",
	"30391-7": "Red blood cells in urine (count)",
	"59408-5": "Oxygen saturation", "2708-6": "Oxygen saturation", CodeSystolic: "Systolic blood pressure",
	CodeDiastolic: "Diastolic blood pressure", CodeBPPanel: bloodPressureName, "55284-4": bloodPressureName,
	"6690-2": "White blood cells", "789-8": "Red blood cells", "777-3": "Platelets", "4544-3": "Hematocrit",
	"2710-2": "Oxygen saturation", "30313-1": "Hemoglobin", "33765-9": "White blood cells", "26515-7": "Platelets",
	"6299-2": "Urea nitrogen", "3094-0": "Urea nitrogen", "2951-2": "Sodium", "2823-3": "Potassium",
	"2075-0": "Chloride", "2028-9": "Carbon dioxide", "17861-6": "Calcium",
	"6301-6": "INR", "34714-6": "INR", "46418-0": "INR",
	// a blood count's and a child's growth names as a lab report and a parent say them, not
	// LOINC's ("Erythrocyte distribution width", "Head Occipital-frontal circumference", F345)
	"21000-5": "Red cell distribution width (RDW-SD)", "788-0": "Red cell distribution width (RDW)",
	"32623-1": "Mean platelet volume (MPV)", "28542-9": "Mean platelet volume (MPV)",
	"9843-4": "Head circumference", "8287-5": "Head circumference",
	"20565-8": "Carbon dioxide", // Synthea's "Carbon Dioxide"
	"19123-9": "Magnesium", "17863-2": "Ionized calcium", "17864-0": "Ionized calcium",
	// Synthea's names cut to a word that says nothing ("DXA" of "DXA [T-score] Bone density",
	// "Hemoglobin gastrointestinal" of a stool test, "Left ventricular Ejection fraction")
	"38265-5": "Bone density T-score (DXA)", "57905-2": "Blood in stool test (FIT)",
	"10230-1": "Left ventricular ejection fraction", "38208-5": "Pain severity",
	"41950-7": "Steps (daily total)", // "Number of steps in 24 hour Measured"
	"8339-4":  "Birth weight",        // "Birth weight Measured" (F512)
	// COVID-19 tests, as lab health cards code them (without a display).
	"94558-4": "COVID-19 rapid antigen test", "95209-3": "COVID-19 rapid antigen test",
	"94500-6": "COVID-19 PCR test", "94309-2": "COVID-19 PCR test", "94531-1": "COVID-19 PCR test",
	"94759-8": "COVID-19 PCR test", "94534-5": "COVID-19 PCR test", "94563-4": "COVID-19 antibody test",
	// Questionnaire scores: the instrument is what tells them apart.
	"70274-6": "Anxiety score (GAD-7)", "55758-7": "Depression score (PHQ-2)", "44261-6": "Depression score (PHQ-9)",
	"72514-3": "Pain score (0–10)", "75626-2": "Alcohol use score (AUDIT-C)", "82667-7": "Drug use score (DAST-10)",
	"76504-0": "Partner violence score (HARK)",
	"89204-2": "Depression score for teens (PHQ-9)", // "Patient Health Questionnaire-9: Modified for Teens total score" (F143)
	// A child's growth percentiles: a rank among children of the same age and sex (F113).
	"59576-9": "BMI for age (percentile)", "59575-1": "BMI for age (percentile)", "59574-4": "BMI (percentile)",
	"8289-1": "Head circumference for age (percentile)", "77606-2": "Weight for length (percentile)",
}

// percentiles are the LOINC codes of results whose value is a percentile (a child's growth
// percentiles): "32nd percentile", never "32.1%" (F113).
var percentiles = map[string]bool{"59576-9": true, "59575-1": true, "59574-4": true, "8289-1": true, "77606-2": true}

// isPercentile says whether the result with the code (bare or "system|code") and unit is a
// percentile: one of percentiles, in "%" or without a unit.
func isPercentile(code, unit string) bool {
	u := Unit(unit)
	return percentiles[code[strings.LastIndexByte(code, '|')+1:]] && (u == "%" || u == "" || strings.EqualFold(u, "percentile"))
}

// percentileWords is a percentile in words: "32nd percentile" (rounded to a whole rank), and
// with its decimal where rounding would make it 0 or 100: "99.7 percentile".
func percentileWords(comparator string, v float64) string {
	r := math.Round(v)
	if r < 1 || r > 99 {
		return comparator + Number(v, "%") + " percentile"
	}
	n := int(r)
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return comparator + strconv.Itoa(n) + suffix + " percentile"
}

// unnamedMeasurement is the name of a result whose record gives none, only its code system's
// name ("LOINC Code").
const unnamedMeasurement = "A measurement the record does not name"

// codeSystemNames are names records give a result that only name a code system (F141).
var codeSystemNames = map[string]bool{"loinc code": true, "loinc": true, "loinc codes": true, "snomed code": true,
	"snomed ct code": true, "snomed ct": true, "snomed": true, "code": true, "local code": true}

// smallWords are the words a name in capitals keeps in lower case among others.
var smallWords = map[string]bool{"OF": true, "IN": true, "ON": true, "AT": true, "BY": true, "TO": true, "OR": true,
	"AND": true, "FOR": true, "THE": true, "PER": true, "WITH": true, "FROM": true}

// sentenceCase is a name written all in capitals as a sentence ("BLOOD OXYGEN SATURATION" →
// "Blood oxygen saturation", F141): words of four letters or more and small words ("of")
// lower case, shorter ones kept as they are, for they are mostly abbreviations ("HIV DNA
// polymerase chain reaction"). A name with a lower-case letter, or with no word of five
// letters ("TSH", "HDL"), comes back as it is.
func sentenceCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	words := strings.Fields(s)
	long := false
	for _, w := range words {
		if n := len(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })); n >= 5 && strings.IndexFunc(w, unicode.IsDigit) < 0 {
			long = true
		}
	}
	if !long {
		return s
	}
	for i, w := range words {
		letters := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 || (len(letters) < 4 && !smallWords[letters]) {
			continue
		}
		words[i] = strings.ToLower(w)
	}
	return upperFirst(strings.Join(words, " "))
}

// MaxShortName is the longest a name in a list gets (in characters) before it is cut with "…".
const MaxShortName = 40

// ShortName is a result's name for lists: PlainName cut to at most MaxShortName characters
// (at a word, with "…"). The full name belongs in the details.
func ShortName(code, name string) string {
	s := PlainName(code, name)
	if utf8.RuneCountInString(s) > MaxShortName {
		r := string([]rune(s)[:MaxShortName-1])
		if i := strings.LastIndexByte(r, ' '); i > MaxShortName/2 {
			r = r[:i]
		}
		s = strings.TrimRight(r, " -–,;:") + "…"
	}
	return s
}

// PlainName is a result's name in words for sentences and headings: a well-known short name
// for its LOINC code ("HbA1c", "eGFR"), else the name without its SNOMED tag and the LOINC
// property, system and method parts ("Cholesterol [Mass/volume] in Serum or Plasma" →
// "Cholesterol"). code may be "system|code", a bare code or "".
func PlainName(code, name string) string {
	code = code[strings.LastIndexByte(code, '|')+1:]
	if s := commonShort[strings.TrimSuffix(code, "/alone")]; s != "" {
		return s
	}
	if s := commonShort[AnalyteCode(code)]; s != "" {
		return s // calcium in mmol/L (2000-8) is calcium (17861-6), whatever its record calls it
	}
	s := sentenceCase(CleanName(name))
	when := challengeWords(s) // "--1 hour post 100 g glucose PO": when it was taken, kept in words
	if codeSystemNames[strings.ToLower(s)] {
		return unnamedMeasurement // "LOINC Code" is what a record says of a name it does not give (F141)
	}
	if i := strings.Index(s, " [Percentile]"); i > 0 {
		// "Body mass index (BMI) [Percentile]" is not the BMI: keep what it is (F113).
		return s[:i] + " (percentile)"
	}
	if i := strings.Index(s, " ["); i > 0 {
		// "Total score [AUDIT-C]": without its instrument a score is indistinguishable.
		inst := s[i+2:]
		if j := strings.IndexByte(inst, ']'); j > 0 && strings.HasSuffix(strings.ToLower(s[:i]), "score") &&
			!strings.EqualFold(inst[:j], "Score") && !strings.HasPrefix(inst[:j], "Reported") {
			return s[:i] + " (" + inst[:j] + ")"
		}
		s = s[:i]
	}
	for _, cut := range []string{" in Serum", " in Plasma", " in Blood", " in Urine", " in Arterial", " in Venous",
		" in Capillary", " in Platelet", " by ", " --", "--"} { // "panel-- This is the parent OBR…"
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	if i := strings.IndexByte(s, '/'); i > 2 {
		s = s[:i]
	}
	// LOINC joins parts with dots: "Bilirubin.total" → "Bilirubin total".
	r := []rune(strings.TrimSpace(s))
	for i := 1; i+1 < len(r); i++ {
		if r[i] == '.' && unicode.IsLetter(r[i-1]) && unicode.IsLetter(r[i+1]) {
			r[i] = ' '
		}
	}
	s = string(r)
	if s == "" {
		s = CleanName(name)
	}
	if when != "" {
		s += " " + when
	}
	return s
}

// challenge is LOINC's timing of a test after a challenge: "--1 hour post 100 g glucose PO",
// "--2 hours post meal", "--fasting".
var challenge = regexp.MustCompile(`(?i)--\s*(?:(\d+(?:\.\d+)?) (hours?|minutes?) post (?:(\d+(?:\.\d+)?) g (glucose|lactose)(?: PO)?|(meal))|(fasting))\s*$`)

// challengeWords are LOINC's timing of a test after a challenge in words: "1 hour after 100 g
// of glucose", "2 hours after a meal", "(fasting)"; "" for none. Lucía's glucose tolerance test
// read "Glucose (serum or plasma --1 hour post 100 g glucose …" (F512).
func challengeWords(name string) string {
	m := challenge.FindStringSubmatch(name)
	switch {
	case m == nil:
		return ""
	case m[6] != "":
		return "(fasting)"
	case m[5] != "":
		return m[1] + " " + strings.ToLower(m[2]) + " after a meal"
	}
	return m[1] + " " + strings.ToLower(m[2]) + " after " + m[3] + " g of " + strings.ToLower(m[4])
}

// ShortName is the series' name for lists (blood pressure stays "Blood pressure"); a series
// kept apart by its unit says it: "HbA1c (mmol/mol)".
func (s *Series) ShortName() string {
	if s.Pair {
		return s.Name
	}
	return ShortName(s.Code, s.Name) + s.apartWords()
}

// PlainName is the series' name for sentences (blood pressure stays "Blood pressure"); a
// series kept apart by its unit says it: "HbA1c (mmol/mol)".
func (s *Series) PlainName() string {
	if s.Pair {
		return s.Name
	}
	return PlainName(s.Code, s.Name) + s.apartWords()
}

// apartWords is " (UNIT)" for a series kept apart by its unit (Series.Apart), " (SPECIMEN)"
// for one told from another of the same name by its specimen (Series.Specimen), both
// " (SPECIMEN, UNIT)", else "".
func (s *Series) apartWords() string {
	var w []string
	if s.Specimen != "" {
		w = append(w, s.Specimen)
	}
	if s.Apart {
		u := Unit(s.Unit)
		if u == "" {
			u = "no unit"
		}
		w = append(w, u)
	}
	if len(w) == 0 {
		return ""
	}
	return " (" + strings.Join(w, ", ") + ")"
}

// unitTable is UCUM as people write it, for the units seen in records.
var unitTable = map[string]string{
	"10*6/uL": "million/µL", "10*3/uL": "thousand/µL", "10*6/mm3": "million/mm³", "10*3/mm3": "thousand/mm³",
	"10*9/L": "×10⁹/L", "10*12/L": "×10¹²/L", "mL/min/{1.73_m2}": "mL/min/1.73 m²", "mL/min/1.73m2": "mL/min/1.73 m²",
	"Cel": "°C", "[degF]": "°F", "degF": "°F", "degC": "°C", "°F": "°F", "°C": "°C", "[lb_av]": "lb", "[in_i]": "in", "[ft_i]": "ft", "[oz_av]": "oz", "kg/m2": "kg/m²",
	"%": "%", "mm[Hg]": "mmHg", "/min": "per minute", "{beats}/min": "beats a minute", "{breaths}/min": "breaths a minute",
	"beats/min": "beats a minute", "breaths/min": "breaths a minute",
	// as Synthea's HIV module writes them, unit and code alike: a temperature "35.7 C" (UCUM's C
	// is the coulomb, never a reading's), a pulse "75 beats/minute"
	"C": "°C", "beats/minute": "beats a minute", "breaths/minute": "breaths a minute",
	"uL": "µL", "ug": "µg", "umol/L": "µmol/L", "ug/L": "µg/L", "ug/dL": "µg/dL", "ug/mL": "µg/mL",
	"[IU]/L": "IU/L", "m[IU]/L": "mIU/L", "u[IU]/mL": "µIU/mL", "[iU]/L": "IU/L", "meq/L": "mEq/L", "mmol/mol": "mmol/mol",
	"1": "", "{score}": "", "{#}": "", "{ratio}": "", "{nominal}": "", "/[HPF]": "/HPF", "/[LPF]": "/LPF",
	"m2": "m²", "cm2": "cm²", "m3": "m³", "mm3": "mm³", "[pH]": "pH", "s": "s", "h": "h", "d": "days", "a": "years",
	"mo": "months", "wk": "weeks", "min": "min", "[arb'U]": "", "{Packs}/a": "packs/year", "{packs}/d": "packs/day",
}

// annotationMarks are the marks of a UCUM annotation, left out of the words (built once).
var annotationMarks = strings.NewReplacer("{", "", "}", "", "_", " ", "[", "", "]", "")

// Unit is a UCUM unit in the form people write it: "10*6/uL" → "million/µL",
// "mL/min/{1.73_m2}" → "mL/min/1.73 m²", "Cel" → "°C", "[lb_av]" → "lb", "kg/m2" → "kg/m²",
// "mm[Hg]" → "mmHg"; as written in documents, "g/dl" → "g/dL", "10+3/µl" → "thousand/µL",
// "10^9/l" → "×10⁹/L". A unit that is only an annotation ("{score}") becomes "". Units that
// are already plain ("kg", "mg/dL") come back as they are.
func Unit(ucum string) string {
	u := strings.TrimSpace(ucum)
	if w, ok := unitTable[u]; ok {
		return w
	}
	// A unit written outside UCUM only by its case, micro sign or power of ten ("g/dl",
	// "mmol/l", "10+3/µl") reads as its UCUM unit: "g/dL", "mmol/L", "thousand/µL". Other
	// written forms keep their words ("beats/min" is not made "/min").
	if c := UCUMOf("", u); c != "" && c != u && strings.EqualFold(c, plainWritten(u)) {
		if w, ok := unitTable[c]; ok {
			return w
		}
		u = c
	}
	if strings.HasPrefix(u, "{") && strings.HasSuffix(u, "}") && strings.Count(u, "{") == 1 {
		return ""
	}
	// Annotations keep their words: "{cells}/uL" → "cells/µL", "{1.73_m2}" → "1.73 m2".
	u = annotationMarks.Replace(u)
	// micro: "u" before a unit letter at the start of a part.
	parts := strings.Split(u, "/")
	for i, p := range parts {
		if len(p) > 1 && p[0] == 'u' && strings.ContainsRune("gLmIlU", rune(p[1])) {
			parts[i] = "µ" + p[1:]
		}
		// the litre is "L" in any prefix: "fl" → "fL", "U/l" → "U/L", "ml/min" → "mL/min"
		if pre, ok := strings.CutSuffix(parts[i], "l"); ok && (pre == "" || (len([]rune(pre)) == 1 && strings.Contains("dcmµnpf", pre))) {
			parts[i] = pre + "L"
		}
		if strings.HasSuffix(parts[i], "m2") {
			parts[i] = strings.TrimSuffix(parts[i], "2") + "²"
		} else if strings.HasSuffix(parts[i], "m3") {
			parts[i] = strings.TrimSuffix(parts[i], "3") + "³"
		}
	}
	return strings.Join(parts, "/")
}

// decimalsFor is how many decimals a value in a unit is shown with, or -1 for "three
// significant digits".
func decimalsFor(unit string) int {
	switch Unit(unit) {
	case "mmHg", "per minute", "beats a minute", "breaths a minute", "mL/min/1.73 m²", "mg/dL", "mL", "g/L", "µmol/L", "mmol/mol":
		return 0
	case "kg", "lb", "°C", "°F", "kg/m²", "%", "cm", "in", "g/dL", "mmol/L", "fL", "pg":
		return 1
	}
	return -1
}

// Number is a value rounded to a sensible precision for its unit: whole mmHg, beats and mg/dL;
// one decimal for kg, °C, kg/m², %; otherwise three significant digits (whole numbers from
// 100). No trailing zeros,
// no "-0". Values too large to mean anything in a record (over 1e15) are written in
// scientific notation, and NaN or infinite values as "?".
func Number(v float64, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	d := decimalsFor(unit)
	switch u := Unit(unit); {
	case u == "mg/dL" && math.Abs(v) < 20: // bilirubin 0.3, creatinine 1.1: not "0" and "1"
		d = -1
	case u == "mmol/L" && math.Abs(v) >= 100: // sodium 140, not 140.0
		d = 0
	case u == "kg" && math.Abs(v) >= 0.5 && math.Abs(v) < 10 && d < 2: // a baby's 5.12 kg, where 20 g is a day's gain (F512)
		d = 2
	}
	var s string
	if d < 0 { // three significant digits, never fewer than the whole number
		d = 0
		if a := math.Abs(v); a > 0 && a < 100 {
			d = 2 - int(math.Floor(math.Log10(a)))
		}
	}
	p := math.Pow(10, float64(d))
	s = strconv.FormatFloat(math.Round(v*p)/p, 'f', d, 64)
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "e") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// ChangeBetween is b − a as the readings are shown (Number in unit), to their precision: a
// glucose of 5.6 mmol/L converted (100.9, shown "101 mg/dL") then 110 mg/dL changed by 9, not
// 9.11 — a precision the readings do not have (F345).
func ChangeBetween(a, b float64, unit string) float64 {
	sa, sb := Number(a, unit), Number(b, unit)
	va, ea := strconv.ParseFloat(sa, 64)
	vb, eb := strconv.ParseFloat(sb, 64)
	if ea != nil || eb != nil {
		return b - a
	}
	dec := 0
	for _, s := range []string{sa, sb} {
		if i := strings.IndexByte(s, '.'); i >= 0 {
			dec = max(dec, len(s)-i-1)
		}
	}
	p := math.Pow(10, float64(dec))
	return math.Round((vb-va)*p) / p
}

// Value is a measured value with its unit in people's form: "82.8 kg", "7.2 %" is "7.2%",
// "98 mg/dL"; comparator (">", "<=") goes first. A unit-less value is the number alone.
func Value(comparator string, v float64, unit string) string {
	if UCUMOf("", unit) == "[ft_i]" && v > 0 && v < 1e6 {
		return comparator + feetInches(v) // "5 ft 7 in" (F183)
	}
	if overAPound(v, unit) {
		return comparator + poundsOunces(v) // "20 lb 8 oz" (F471)
	}
	return quantityWords(comparator, Number(v, unit), Unit(unit))
}

// quantityWords joins a comparator, a number and a unit in words: "<5 mg/dL", "7.2%", "37.1°C".
func quantityWords(comparator, number, u string) string {
	n := comparator + number
	switch {
	case u == "":
		return n
	case u == "%" || strings.HasPrefix(u, "°") || strings.HasPrefix(u, "/"):
		return n + u
	}
	return n + " " + u
}

// heartRates and breathingRates are the LOINC codes of results counted per minute that are
// heart beats and breaths.
var (
	heartRates     = map[string]bool{"8867-4": true, "8889-8": true, "8893-0": true, "40443-4": true, "68999-2": true, "69000-8": true, "69001-6": true, "8890-6": true}
	breathingRates = map[string]bool{"9279-1": true, "9303-9": true, "33438-3": true}
)

// UnitOf is the unit of a result with the given code (a bare code or "system|code") in
// words: a rate per minute says what is counted ("/min" of a heart rate is "beats a minute",
// of a breathing rate "breaths a minute"); any other unit is Unit's.
func UnitOf(code, unit string) string {
	if isPercentile(code, unit) {
		return "percentile"
	}
	u := Unit(unit)
	if u != "per minute" && u != "beats a minute" && u != "breaths a minute" && UCUMOf("", unit) != "/min" {
		return u
	}
	switch c := code[strings.LastIndexByte(code, '|')+1:]; {
	case heartRates[c]:
		return "beats a minute"
	case breathingRates[c]:
		return "breaths a minute"
	case UCUMOf("", unit) == "/min" && (u == "/min" || u == "bpm"):
		return "per minute"
	}
	return u
}

// rateCode is the concept's code that says what a rate counts (a heart or breathing rate's),
// or that its value is a percentile (F113), else "".
func rateCode(c Concept) string {
	for _, cd := range c.Coding {
		if heartRates[cd.Code] || breathingRates[cd.Code] || percentiles[cd.Code] {
			return cd.Code
		}
	}
	return ""
}

// ValueOf is Value for a result with the given code: "72 beats a minute" for a heart rate of
// 72 /min, "16 breaths a minute" for a breathing rate.
func ValueOf(code, comparator string, v float64, unit string) string {
	if isPercentile(code, unit) {
		return percentileWords(comparator, v)
	}
	if UCUMOf("", unit) == "[ft_i]" && v > 0 && v < 1e6 {
		return comparator + feetInches(v) // a height in feet as people say it: "5 ft 7 in", never "5.58 ft" (F183)
	}
	if overAPound(v, unit) {
		return comparator + poundsOunces(v) // a baby's weight as parents say it: "20 lb 8 oz", never "328 oz" (F471)
	}
	if a1cPercent(code, unit) && math.Abs(v) < 1e6 {
		// an HbA1c in % with its one decimal, as labs write it: 64 mmol/mol converted is
		// "8.0%" beside the other lab's "7.9%", not "8%" (F489)
		return comparator + strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + "%"
	}
	return quantityWords(comparator, Number(v, unit), UnitOf(code, unit))
}

// a1cPercent says a result of code in unit is an HbA1c in % (NGSP/DCCT).
func a1cPercent(code, unit string) bool {
	c := code[strings.LastIndexByte(code, '|')+1:]
	return (c == "4548-4" || sameAnalyte[c] == "4548-4") && Unit(unit) == "%"
}

// feetInches is a length in feet as feet and whole inches: 5.58333 → "5 ft 7 in", 6 → "6 ft";
// under a foot, inches alone ("7.5 in").
func feetInches(v float64) string {
	if v < 1 {
		return Number(v*12, "[in_i]") + " in"
	}
	in := int(math.Round(v * 12))
	if in%12 == 0 {
		return strconv.Itoa(in/12) + " ft"
	}
	return strconv.Itoa(in/12) + " ft " + strconv.Itoa(in%12) + " in"
}

// overAPound says v in unit is ounces making a pound or more (to a tenth of an ounce).
func overAPound(v float64, unit string) bool {
	return UCUMOf("", unit) == "[oz_av]" && math.Round(v*10) >= 160 && v < 1e6
}

// poundsOunces is a weight in ounces of a pound or more as pounds and ounces, the ounces to a
// tenth: 328 → "20 lb 8 oz", 116.5 → "7 lb 4.5 oz", 32 → "2 lb".
func poundsOunces(v float64) string {
	tenths := int64(math.Round(v * 10))
	lb, oz := tenths/160, tenths%160
	if oz == 0 {
		return strconv.FormatInt(lb, 10) + " lb"
	}
	return strconv.FormatInt(lb, 10) + " lb " + strconv.FormatFloat(float64(oz)/10, 'f', -1, 64) + " oz"
}

// Value is the value with its unit in people's form, for the series' result (ValueOf):
// "72 beats a minute", "82.8 kg".
func (s *Series) Value(comparator string, v float64) string {
	return ValueOf(s.Code, comparator, v, s.Unit)
}

// ReadingWords is a reading of the series as the record gave it: "123/89 mmHg", "82.8 kg"; a
// reading converted into the series' unit says the lab's value first and the converted one
// beside it, "6.1 mmol/L (110 mg/dL)", so it matches the lab's paper (F33).
func (s *Series) ReadingWords(p Point) string {
	if s.Pair {
		return Pressure(p.V, p.V2)
	}
	v := s.Value(p.Comparator, p.V)
	if o := p.OriginalWords(); o != "" {
		return o + " (" + v + ")"
	}
	return v
}

// UnitWords is the series' unit in words (UnitOf): "beats a minute", "kg".
func (s *Series) UnitWords() string { return UnitOf(s.Code, s.Unit) }

// Pressure is a blood pressure in people's form: "123/89 mmHg".
func Pressure(systolic, diastolic float64) string {
	return Number(systolic, "mm[Hg]") + "/" + Number(diastolic, "mm[Hg]") + " mmHg"
}

// DateWords is a date as people write it: "17 Aug 2018" (in t's location).
func DateWords(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 Jan 2006")
}

// DateTimeWords is a date and time: "17 Aug 2018, 09:40" (in t's location).
func DateTimeWords(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 Jan 2006, 15:04")
}

// DayWords turns a FHIR date or dateTime string into words: "2018-08-17" → "17 Aug 2018",
// "2018-08" → "August 2018" (a month is never its first day), "2018" → "2018"; a dateTime
// with a time of day keeps the day only (the time zone of the record may not be the
// reader's). Anything unreadable comes back as is.
func DayWords(s string) string {
	switch len(s) {
	case 4:
		return s
	case 7:
		if t, err := time.Parse("2006-01", s); err == nil {
			return t.Format("January 2006")
		}
		return s
	}
	if t, err := time.Parse("2006-01-02", Day(s)); err == nil {
		return t.Format("2 Jan 2006")
	}
	return s
}

// Count is a plural-correct count: Count(1, "person", "people") = "1 person",
// Count(2, "check-in", "") = "2 check-ins" (many defaults to one + "s").
func Count(n int, one, many string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	if many == "" {
		many = one + "s"
	}
	return Thousands(n) + " " + many
}

// Thousands writes n with its thousands grouped, "43,200" ("43200 readings" was read as four
// thousand by a carer: F557 item 7).
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Grouped is a whole number with its thousands grouped by commas, as the summary writes
// counts: "42,800", "1,440", "999".
func Grouped(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Money is an amount with its currency: "$1,234.50" for USD, "€12.00", "12.00 CHF" for the
// others; a missing currency is written as dollars (Synthea and US portals omit it rarely).
func MoneyWords(v float64, currency string) string {
	neg := v < 0
	if neg {
		v = -v
	}
	cents := int64(math.Round(v * 100))
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	num := fmt.Sprintf("%s.%02d", b.String(), cents%100)
	sign := ""
	if neg {
		sign = "−"
	}
	switch strings.ToUpper(currency) {
	case "USD", "":
		return sign + "$" + num
	case "EUR":
		return sign + "€" + num
	case "GBP":
		return sign + "£" + num
	}
	return sign + num + " " + strings.ToUpper(currency)
}
