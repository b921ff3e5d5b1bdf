package health

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Medicine names in plain words. Records name medicines as RxNorm does ("lisinopril 10 MG
// Oral Tablet", "24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]",
// "amLODIPine 2.5 MG Oral Tablet"): units in capitals, every word capitalised, tall-man
// letters, the brand in brackets. MedicineName writes them as a label or a pharmacist would,
// keeping every fact that matters: each ingredient and its strength, the form, the release,
// the amount in a syringe or pack and the brand.

// medUnits are the units of strengths and amounts in medicine names, by lower-case spelling:
// their words for one and for more.
var medUnits = map[string][2]string{
	"mg": {"mg", "mg"}, "mcg": {"mcg", "mcg"}, "ug": {"mcg", "mcg"}, "µg": {"mcg", "mcg"}, "g": {"g", "g"},
	"gm": {"g", "g"}, "ml": {"mL", "mL"}, "l": {"L", "L"}, "meq": {"mEq", "mEq"}, "mmol": {"mmol", "mmol"},
	"unt": {"unit", "units"}, "unit": {"unit", "units"}, "units": {"unit", "units"}, "iu": {"IU", "IU"},
	"hr": {"hour", "hours"}, "hour": {"hour", "hours"}, "actuat": {"puff", "puffs"}, "%": {"%", "%"},
	"microgram": {"microgram", "micrograms"}, "micrograms": {"microgram", "micrograms"},
	"milligram": {"milligram", "milligrams"}, "milligrams": {"milligram", "milligrams"},
}

// codedFormsUpper are dose forms as names written in capitals give them, in words.
var codedFormsUpper = map[string]string{"TABLET": "tablet", "TABLETS": "tablets", "TABS": "tablets", "TAB": "tablet",
	"CAPSULE": "capsule", "CAPSULES": "capsules", "CAPS": "capsules", "SOLUTION": "solution", "INJECTION": "injection",
	"SUSPENSION": "suspension", "ORAL": "oral", "CREAM": "cream", "OINTMENT": "ointment"}

// codedUnits are the units RxNorm writes in capitals: a name with one is written as RxNorm
// writes names.
var codedUnits = map[string]bool{"MG": true, "MCG": true, "ML": true, "UNT": true, "GM": true, "MEQ": true,
	"HR": true, "ACTUAT": true, "MMOL": true}

// codedForms are words of RxNorm's dose forms as it capitalises them.
var codedForms = map[string]bool{"Tablet": true, "Capsule": true, "Injection": true, "Pack": true, "Syringe": true,
	"Solution": true, "Suspension": true, "Cream": true, "Ointment": true, "Gel": true, "Implant": true,
	"Ring": true, "Inhaler": true, "Spray": true, "Patch": true, "System": true, "Auto-Injector": true,
	"Powder": true, "Lotion": true, "Suppository": true, "Lozenge": true, "Film": true, "Foam": true}

// formWords are dose forms as people say them (after the name is in lower case); longer
// phrases first.
var formWords = strings.NewReplacer(
	"oral tablet delayed release", "delayed-release tablet", "tablet delayed release", "delayed-release tablet",
	"oral tablet extended release", "extended-release tablet", "tablet extended release", "extended-release tablet",
	"extended release oral tablet", "extended-release tablet", "extended release oral capsule", "extended-release capsule",
	"delayed release oral tablet", "delayed-release tablet", "delayed release oral capsule", "delayed-release capsule",
	"disintegrating oral tablet", "orally disintegrating tablet", "extended release", "extended-release",
	"delayed release", "delayed-release", "oral tablet", "tablet", "oral capsule", "capsule",
	"topical cream", "cream", "topical ointment", "ointment", "topical lotion", "lotion",
	"drug implant", "implant", "injectable solution", "injection", "transdermal system", "skin patch",
	"ophthalmic solution", "eye drops", "otic solution", "ear drops", "otic suspension", "ear drops",
	"metered dose inhaler", "inhaler",
)

// MedicineName is a medicine's name as people write it: "lisinopril 10 MG Oral Tablet" →
// "Lisinopril 10 mg tablet"; "Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral
// Tablet" → "Acetaminophen 325 mg and oxycodone hydrochloride 5 mg tablet"; "24 HR
// metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]" → "Metoprolol
// succinate 100 mg 24-hour extended-release tablet (Toprol)"; "0.25 ML Leuprolide Acetate
// 30 MG/ML Prefilled Syringe" → "Leuprolide acetate 30 mg/mL prefilled syringe, 0.25 mL";
// "Tylenol 500mg" → "Tylenol 500 mg". A SNOMED CT semantic tag is dropped (CleanName). A
// name it does not recognise keeps its words.
func MedicineName(name string) string {
	s := CleanName(name)
	if s == "" {
		return ""
	}
	brand := ""
	if i := strings.LastIndex(s, " ["); i > 0 && strings.HasSuffix(s, "]") && !strings.Contains(s[i+2:len(s)-1], "[") {
		brand, s = s[i+2:len(s)-1], strings.TrimSpace(s[:i])
	}
	spray := strings.Contains(strings.ToLower(s), "nasal")
	toks := splitAmounts(strings.Fields(s))
	coded := false
	for _, t := range toks {
		for _, p := range strings.Split(strings.TrimRight(t, ",)"), "/") {
			if codedUnits[p] || codedForms[p] {
				coded = true
			}
		}
	}
	// An application number ("NDA020800") is the regulator's, not the medicine's.
	for len(toks) > 1 && isApplication(toks[0]) {
		toks = toks[1:]
	}
	// RxNorm puts an amount ("0.25 ML"), a duration ("24 HR") and "Abuse-Deterrent" before
	// the ingredients: the amount goes after the name, the others before the form.
	var amount, qualifiers []string
	for {
		switch {
		case len(toks) > 2 && isNumber(toks[0]) && strings.EqualFold(toks[1], "HR"):
			qualifiers = append(qualifiers, toks[0]+"-hour")
			toks = toks[2:]
			continue
		case len(toks) > 2 && isNumber(toks[0]) && isUnit(toks[1]):
			amount = append(amount, amountWords(toks[0], unitWord(toks[1], toks[0], spray)))
			toks = toks[2:]
			continue
		case len(toks) > 1 && strings.EqualFold(toks[0], "Abuse-Deterrent"):
			qualifiers = append(qualifiers, "abuse-deterrent")
			toks = toks[1:]
			continue
		}
		break
	}
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case isNumber(t) && i+2 < len(toks) && strings.EqualFold(toks[i+1], "Count") && strings.EqualFold(toks[i+2], "Pack"):
			out = append(out, "pack of "+t) // "48 Count Pack"
			i += 2
			continue
		case isNumber(t) && i+1 < len(toks) && strings.EqualFold(toks[i+1], "Day"):
			out = append(out, t+"-day") // "28 Day Pack"
			i++
			continue
		case isNumber(t) && i+1 < len(toks) && isUnit(toks[i+1]):
			prev := ""
			if i > 0 {
				prev = strings.ToLower(toks[i-1])
			}
			u := toks[i+1]
			if n, mu, ok := inMicrograms(t, u, s); ok {
				t, u = n, mu
			}
			if strings.EqualFold(u, "HR") && prev != "per" {
				out = append(out, t+"-hour")
			} else {
				out = append(out, amountWords(t, unitWord(u, t, spray)))
			}
			i++
			continue
		case t == "/":
			out = append(out, "/")
			continue
		}
		out = append(out, wordOf(t, coded, len(out) == 0))
	}
	// Ingredients joined by " / " read "a, b and c".
	var parts []string
	var cur []string
	for _, w := range out {
		if w == "/" {
			parts = append(parts, strings.Join(cur, " "))
			cur = nil
			continue
		}
		cur = append(cur, w)
	}
	parts = append(parts, strings.Join(cur, " "))
	s = joinWords(parts)
	s = formWords.Replace(s)
	if len(qualifiers) > 0 {
		s = beforeForm(s, strings.Join(qualifiers, " "))
	}
	s = upperFirstLetter(s)
	if len(amount) > 0 {
		s += ", " + strings.Join(amount, ", ")
	}
	if brand != "" {
		s += " (" + brand + ")"
	}
	return s
}

// thyroidHormones are medicines whose labels give every strength in micrograms (levothyroxine
// 0.1 mg is "100 mcg").
var thyroidHormones = []string{"levothyroxine", "liothyronine", "thyroxine"}

// inMicrograms is a strength in milligrams under 1 mg written as its label writes it, in
// micrograms (F456: "calcitriol 0.00025 MG" is "0.25 mcg", "albuterol 0.09 MG/ACTUAT" "90 mcg
// per puff"): an amount per puff or spray and a thyroid hormone's under 1 mg, any other under
// 0.1 mg (labels keep "0.5 mg" lorazepam and "0.4 mg" tamsulosin in milligrams). A
// concentration ("0.1 MG/ML") stays as it is. ok is false when it is not one of those.
func inMicrograms(n, unit, name string) (mcgN, mcgUnit string, ok bool) {
	num, den, per := strings.Cut(strings.TrimRight(unit, ",)"), "/")
	if !strings.EqualFold(num, "mg") || per && !strings.EqualFold(den, "actuat") || strings.ContainsAny(n, ",/-") {
		return "", "", false
	}
	v, err := strconv.ParseFloat(n, 64)
	if err != nil || v <= 0 || v >= 1 {
		return "", "", false
	}
	under := 0.1
	lower := strings.ToLower(name)
	if per {
		under = 1
	}
	for _, h := range thyroidHormones {
		if strings.Contains(lower, h) {
			under = 1
		}
	}
	if v >= under {
		return "", "", false
	}
	// The decimal point three places on, in the number's own digits (no rounding): 0.00025 → 0.25.
	whole, frac, _ := strings.Cut(n, ".")
	for len(frac) < 3 {
		frac += "0"
	}
	whole, frac = strings.TrimLeft(whole+frac[:3], "0"), strings.TrimRight(frac[3:], "0")
	if whole == "" {
		whole = "0"
	}
	if frac != "" {
		whole += "." + frac
	}
	return whole, "mcg" + unit[len(num):], true
}

// splitAmounts splits a number written together with its unit ("500mg", "100UNT/MG",
// "0.05mg/ACTUAT", "24HR") into the number and the unit.
func splitAmounts(fields []string) []string {
	var out []string
	for _, f := range fields {
		f, trail := unitTail(f)
		i := 0
		for i < len(f) && (f[i] >= '0' && f[i] <= '9' || f[i] == '.' || f[i] == ',') {
			i++
		}
		switch {
		case i > 0 && i < len(f) && isUnit(f[i:]) && unicode.IsDigit(rune(f[i-1])):
			out = append(out, f[:i], f[i:]+trail)
		case isUnit(f):
			out = append(out, f+trail)
		default:
			out = append(out, f+trail)
		}
		// "MG/5 ML" (a strength per an amount, written apart) is one unit: "MG/5ML".
		if n := len(out); n > 1 && isUnit(out[n-1]) && perNumber(out[n-2]) {
			out[n-2] += out[n-1]
			out = out[:n-1]
		}
	}
	return out
}

// unitTail cuts what follows a unit in a word of a name: a comma or a closing bracket, and a
// full-width bracket written against it — "800mg（リン吸着薬）", as Japanese names give the
// ingredient or use; it stayed "800mg（…）" beside "ワーファリン錠 1 mg" (F567 item 3).
func unitTail(t string) (core, tail string) {
	if k := strings.Index(t, "（"); k > 0 {
		t, tail = t[:k], t[k:]
	}
	for strings.HasSuffix(t, ",") || strings.HasSuffix(t, ")") {
		t, tail = t[:len(t)-1], t[len(t)-1:]+tail
	}
	return t, tail
}

// amountWords is a number and its unit's word: "5 mg", and a percentage written against it,
// "0.005%" — "0.005 %" is not how English writes one (F567 item 3).
func amountWords(n, unit string) string {
	if strings.HasPrefix(unit, "%") {
		return n + unit
	}
	return n + " " + unit
}

// perNumber reports whether t is a unit per a number with the number's unit still to come
// ("MG/5").
func perNumber(t string) bool {
	num, den, per := strings.Cut(t, "/")
	if _, ok := medUnits[strings.ToLower(num)]; !ok || !per {
		return false
	}
	n, rest := splitNumber(den)
	return n != "" && rest == ""
}

// isUnit reports whether t is a unit of a medicine's strength or amount, alone or per
// another ("MG", "mg/ml", "UNT/GM", "mg/Actuat").
func isUnit(t string) bool {
	core, _ := unitTail(t)
	num, den, per := strings.Cut(core, "/")
	if _, ok := medUnits[strings.ToLower(num)]; !ok {
		return false
	}
	if !per {
		return true
	}
	_, u := splitNumber(den)
	_, ok := medUnits[strings.ToLower(u)]
	return ok
}

// splitNumber splits "5ml" into "5" and "ml"; "ml" is "" and "ml".
func splitNumber(t string) (n, rest string) {
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.' || t[i] == ',') {
		i++
	}
	return t[:i], t[i:]
}

// unitWord is a unit in words for an amount n: "MG/ML" → "mg/mL", "UNT" → "units",
// "mg/ACTUAT" → "mg per puff" ("per spray" for a nasal medicine).
func unitWord(t, n string, spray bool) string {
	t, trail := unitTail(t)
	word := func(u string, plural bool) string {
		l := strings.ToLower(u)
		if spray && l == "actuat" {
			return map[bool]string{false: "spray", true: "sprays"}[plural]
		}
		w := medUnits[l]
		if plural {
			return w[1]
		}
		return w[0]
	}
	num, den, per := strings.Cut(t, "/")
	plural := n != "1"
	if !per {
		return word(num, plural) + trail
	}
	dn, du := splitNumber(den)
	if dn != "" {
		return word(num, plural) + "/" + dn + " " + word(du, dn != "1") + trail // "mg/5 mL"
	}
	switch strings.ToLower(den) {
	case "actuat", "hr", "hour":
		return word(num, plural) + " per " + word(den, false) + trail
	}
	return word(num, plural) + "/" + word(den, false) + trail
}

// wordOf is one word of a medicine's name in plain case: tall-man letters ("amLODIPine",
// "HYDROcodone") and, in a name written as RxNorm writes them, capitalised words
// ("Hydrochloride", "Oral", "Tablet") in lower case; acronyms ("HFA") and brands written
// inside a word ("NuvaRing") as they are.
func wordOf(t string, coded, first bool) string {
	if tallMan(t) {
		return strings.ToLower(t)
	}
	if w, ok := codedFormsUpper[strings.TrimRight(t, ",)")]; ok && coded && !first {
		return w + t[len(strings.TrimRight(t, ",)")):]
	}
	if coded && !first && capitalised(t) {
		return strings.ToLower(t)
	}
	return t
}

// tallMan reports a word written with tall-man letters: upper and lower case, with a run of
// three or more capitals ("amLODIPine", "cefTRIAXone", "DOCEtaxel").
func tallMan(t string) bool {
	if strings.ContainsAny(t, "-0123456789") { // "DTaP-IPV" is a name
		return false
	}
	run, most, lower := 0, 0, false
	for _, r := range t {
		switch {
		case unicode.IsUpper(r):
			run++
			most = max(most, run)
		case unicode.IsLower(r):
			lower = true
			run = 0
		default:
			run = 0
		}
	}
	return lower && most >= 3
}

// capitalised reports a word (or hyphenated words) of one capital and lower-case letters:
// "Oral", "Auto-Injector".
func capitalised(t string) bool {
	t = strings.TrimRight(t, ",)")
	for _, p := range strings.Split(t, "-") {
		r, n := utf8.DecodeRuneInString(p)
		if n == 0 || !unicode.IsUpper(r) || len(p) == n {
			return false
		}
		for _, c := range p[n:] {
			if !unicode.IsLower(c) {
				return false
			}
		}
	}
	return true
}

// isNumber reports a number as names write them: "10", "0.25", "100,000".
func isNumber(t string) bool {
	if t == "" || t[0] < '0' || t[0] > '9' {
		return false
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',' || r == '/' || r == '-') {
			return false
		}
	}
	return true
}

// isApplication reports an FDA application number ("NDA020800", "BLA125057").
func isApplication(t string) bool {
	for _, p := range []string{"NDA", "ANDA", "BLA"} {
		if rest, ok := strings.CutPrefix(t, p); ok && rest != "" && isNumber(rest) {
			return true
		}
	}
	return false
}

// beforeForm puts q before the dose form at the end of s ("100 mg extended-release tablet" →
// "100 mg 24-hour extended-release tablet"), or at the end when s has no strength.
func beforeForm(s, q string) string {
	words := strings.Fields(s)
	// The form follows the last strength: the last word with a digit and its unit.
	at := -1
	for i, w := range words {
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 && i+1 < len(words) {
			at = i + 2
		}
	}
	if at < 0 || at > len(words) {
		return s + " " + q
	}
	return strings.Join(append(append(append([]string{}, words[:at]...), q), words[at:]...), " ")
}

// upperFirstLetter capitalises the first letter of s when it is a lower-case letter
// ("lisinopril" → "Lisinopril"); a number or brand stays.
func upperFirstLetter(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
