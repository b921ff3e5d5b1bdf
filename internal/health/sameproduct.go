package health

import "strings"

// productKey is a single-ingredient medicine's product as its name says it — ingredient (its
// salt left out), strength and form: "warfarin|1 mg|tablet" of RxNorm's "warfarin sodium 1 MG
// Oral Tablet", of a GP's "Marevan (warfarin) 1 mg tablets" (brand, then the generic in
// brackets) and of a portal's "Warfarin 1 mg tablets" that has no code at all. Records whose
// names give one product are one medicine (one row, one reminder) as records sharing a code
// are: after Peggy O'Brien's portal was joined to Margaret, her text-only "Warfarin 1 mg
// tablets" 3 mg a day and the GP's Marevan by weekday were two rows, both reminded at 17:00
// (F536). Any word but the ingredient's, the strength's, "oral" and the form's is kept in the
// key ("extended-release", "chewable"): such products stay apart. A name with no strength,
// or two, gives "".
func productKey(name string) string {
	s := strings.ToLower(CleanName(name))
	if i := strings.LastIndex(s, " ["); i > 0 && strings.HasSuffix(s, "]") {
		s = s[:i] // RxNorm's "[Brand]"
	}
	if open := strings.Index(s, " ("); open > 0 {
		if g := brandFirst(s, open); g != "" {
			s = g // "Brand (generic) 1 mg tablets": the generic is in the brackets
		}
	}
	toks := splitAmounts(strings.Fields(s))
	var ingredient []string
	i := 0
	for i < len(toks) && !isNumber(toks[i]) {
		ingredient = append(ingredient, toks[i])
		i++
	}
	if len(ingredient) == 0 || i+1 >= len(toks) || !isUnit(toks[i+1]) {
		return ""
	}
	var in []string
	for _, w := range ingredient {
		if w = strings.Trim(w, ",()"); w == "" {
			continue
		}
		if len(in) > 0 && saltWords[w] {
			continue
		}
		if w == "and" || w == "+" || w == "/" || strings.Contains(w, "/") {
			return "" // more than one ingredient
		}
		in = append(in, w)
	}
	strength := strings.ReplaceAll(toks[i], ",", ".") + " " + productUnit(toks[i+1])
	var rest []string
	for _, w := range toks[i+2:] {
		w = strings.Trim(w, ",()")
		switch {
		case w == "" || w == "oral":
		case isNumber(w) || isUnit(w):
			return "" // a second strength: more than one ingredient
		default:
			if f, ok := productForms[w]; ok {
				w = f
			}
			rest = append(rest, w)
		}
	}
	if len(in) == 0 {
		return ""
	}
	return strings.Join(in, " ") + "|" + strength + "|" + strings.Join(rest, " ")
}

// productForms are dose-form words written in the plural or short, as their one form.
var productForms = map[string]string{"tablets": "tablet", "tab": "tablet", "tabs": "tablet",
	"capsules": "capsule", "cap": "capsule", "caps": "capsule", "patches": "patch", "inhalers": "inhaler",
	"suppositories": "suppository", "lozenges": "lozenge", "injections": "injection"}

// productUnit is a strength's unit in one spelling: "MG" and "mg", "microgram" and "mcg".
func productUnit(u string) string {
	u = strings.ToLower(u)
	switch u {
	case "microgram", "micrograms", "µg", "ug", "mcgs":
		return "mcg"
	case "milligram", "milligrams", "mgs":
		return "mg"
	case "gm", "gram", "grams":
		return "g"
	}
	return u
}
