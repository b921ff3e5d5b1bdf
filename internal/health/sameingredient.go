package health

import (
	"strings"
	"unicode"
)

// flagSameIngredient marks the medicines one person is taking that are listed apart but name
// the same ingredient: two strengths or forms from two records (amoxicillin 250 mg/5 mL from
// one file and amoxicillin 80 mg/mL from a visit summary of the same day). A carer following
// both rows' reminders gives the ingredient twice, so each says which other row names it.
// A row whose sources already disagree keeps that difference.
func flagSameIngredient(ms []Medication) {
	rows := map[string][]int{}
	var keys []string
	for i, m := range ms {
		if m.State != MedTaking {
			continue
		}
		k := ingredientWords(m.Name)
		if k == "" {
			continue
		}
		k = m.Profile + "\x00" + k
		if _, ok := rows[k]; !ok {
			keys = append(keys, k)
		}
		rows[k] = append(rows[k], i)
	}
	for _, k := range keys {
		is := rows[k]
		if len(is) < 2 {
			continue
		}
		for _, i := range is {
			if ms[i].Differs {
				continue
			}
			var others []string
			for _, j := range is {
				if j != i {
					others = append(others, ms[j].Name)
				}
			}
			ms[i].Differs = true
			ms[i].Difference = "Also listed as " + strings.Join(others, " and ") + ": check which is right before giving both"
		}
	}
}

// ingredientWords is a medicine name's words before its strength, lower case ("Amoxicillin
// 250 mg/5 mL oral suspension" → "amoxicillin"); "" for a name that gives no strength, whose
// ingredient cannot be told from its form.
func ingredientWords(name string) string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(CleanName(name))) {
		if r := []rune(w); unicode.IsDigit(r[0]) {
			if len(words) == 0 {
				return ""
			}
			return strings.Join(words, " ")
		}
		words = append(words, w)
	}
	return ""
}
