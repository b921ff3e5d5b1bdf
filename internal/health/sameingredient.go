package health

import (
	"slices"
	"strings"
	"unicode"
)

// One ingredient from two current medicines. Records from two places (a portal's order and a
// clinic's visit summary, two files) can give the same medicine in another strength, form or
// timing: amoxicillin 250 mg/5 mL every 8 hours and amoxicillin 80 mg/mL every 12 hours for
// the same days. They are different medicines to RxNorm, so they are two rows, and each would
// remind: a caregiver following the reminders gives a child amoxicillin five times a day
// (F45). So two current rows of one person sharing an ingredient are both to confirm, each
// saying what the other gives, and neither reminds until the person answers for it. A row
// the person has said they take stays as it is (their answer), and so do medicines whose
// ingredients differ only in kind ("insulin glargine" and "insulin lispro").

// saltWords are the salt and hydrate words after an ingredient's name: "metoprolol
// succinate" and "metoprolol tartrate" are one ingredient, metoprolol.
var saltWords = map[string]bool{"hydrochloride": true, "hcl": true, "sodium": true, "potassium": true,
	"calcium": true, "magnesium": true, "succinate": true, "tartrate": true, "besylate": true,
	"maleate": true, "mesylate": true, "citrate": true, "sulfate": true, "phosphate": true,
	"acetate": true, "monohydrate": true, "dihydrate": true, "trihydrate": true, "hyclate": true,
	"bromide": true, "fumarate": true, "hydrobromide": true, "dihydrochloride": true}

// Ingredients are the ingredients a medicine's name gives, in lower case without their salts:
// "Acetaminophen 325 mg and oxycodone hydrochloride 5 mg tablet" → acetaminophen,
// oxycodone; "Amoxicillin 250 mg/5 mL oral suspension" → amoxicillin. A name without a
// strength (a brand, "Tylenol") gives none: nothing to compare it by.
func Ingredients(name string) []string {
	plain := MedicineName(name)
	if i := strings.Index(plain, " ("); i > 0 {
		if g := brandFirst(plain, i); g != "" {
			plain = g // "Marevan (warfarin) 1 mg tablets": the generic, then the strength (F536)
		} else {
			plain = plain[:i] // the brand
		}
	}
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(plain, ", ", " and "), " and ") {
		var words []string
		strength := false
		for _, w := range strings.Fields(strings.ToLower(part)) {
			if r := []rune(w); unicode.IsDigit(r[0]) {
				strength = true
				break
			}
			if len(words) > 0 && saltWords[w] {
				continue
			}
			words = append(words, w)
		}
		if strength && len(words) > 0 {
			out = append(out, strings.Join(words, " "))
		}
	}
	return out
}

// brandName is a brand's name without the generic its label adds in brackets: "eliquis 5 mg"
// of "eliquis (apiksaban) 5 mg" (lower case, as normName). A GP's and a hospital's names of one
// brand, with and without its generic, were "Sources name it differently" in a warning colour
// (F557 item 9).
func brandName(name string) string {
	open := strings.Index(name, " (")
	if open <= 0 || brandFirst(name, open) == "" {
		return name
	}
	end := strings.Index(name[open:], ") ")
	return name[:open] + " " + name[open+end+2:]
}

// brandFirst is "warfarin 1 mg tablets" of "Marevan (warfarin) 1 mg tablets" (open: the index of
// " ("): a brand of a word or two, the generic in brackets, then the strength; else "".
func brandFirst(name string, open int) string {
	end := strings.Index(name[open:], ") ")
	if end < 0 || len(strings.Fields(name[:open])) > 2 || strings.ContainsAny(name[:open], "()0123456789") {
		return ""
	}
	inside, after := name[open+2:open+end], name[open+end+2:]
	if inside == "" || strings.ContainsFunc(inside, unicode.IsDigit) || after == "" || !unicode.IsDigit([]rune(after)[0]) {
		return ""
	}
	return inside + " " + after
}

// flagSameIngredient makes current rows of one person that share an ingredient to confirm,
// each with a question naming the others (Medicines, after the rows are built).
func flagSameIngredient(out []Medication, choices Choices) {
	type key struct{ profile, ingredient string }
	by := map[key][]int{}
	for i, m := range out {
		if m.State != MedTaking && m.State != MedToConfirm {
			continue
		}
		seen := map[string]bool{}
		for _, in := range Ingredients(m.Name) {
			if !seen[in] {
				seen[in] = true
				k := key{m.Profile, in}
				by[k] = append(by[k], i)
			}
		}
	}
	others := map[int][]int{}
	for _, is := range by {
		for _, i := range is {
			for _, j := range is {
				if i != j && !slices.Contains(others[i], j) {
					others[i] = append(others[i], j)
				}
			}
		}
	}
	questions := map[int]string{}
	for i, js := range others {
		if c := choices.For(out[i].Refs...); c != nil && c.Taking {
			continue // the person said they take it
		}
		// in the list's order (the rows to confirm are by name), never the map's: the same
		// records were named in a new order at each opening (F491)
		slices.SortFunc(js, func(a, b int) int {
			if c := strings.Compare(strings.ToLower(out[a].Name), strings.ToLower(out[b].Name)); c != 0 {
				return c
			}
			return a - b
		})
		var names []string
		for _, j := range js {
			n := out[j].Name
			if how := HowTaken(out[j].Dose, out[j].Timing); how != "" {
				n += ", " + how
			}
			names = append(names, n)
		}
		questions[i] = "Another record also gives " + joinAnd(names) + " — is this one being taken?"
		if len(names) > 1 {
			questions[i] = "Other records also give " + joinAnd(names) + " — is this one being taken?"
		}
	}
	for i, q := range questions {
		out[i].State, out[i].Question, out[i].SameIngredient = MedToConfirm, q, true
	}
}

// joinAnd joins "a", "b" and "c" as "a; b and c" (a medicine's words hold commas).
func joinAnd(ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], "; ") + " and " + ss[len(ss)-1]
}
