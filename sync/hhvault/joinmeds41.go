package hhvault

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/storage"
)

// F536: after Peggy O'Brien was joined into Margaret, the portal's "Warfarin 1 mg tablets" was
// one row with the GP's "Marevan (warfarin) 1 mg tablets" — and the join's answer said only
// "4 records moved". What the join made one, and what of one ingredient it left two, is said.

// MadeOne is a medicine of the joined person whose row holds the records of both.
type MadeOne struct {
	Name string // the row's name now
	// From are the names of the rows of the person joined that it took in (as their row
	// said them before), when another than Name.
	From []string
	// Difference is what the row's sources disagree on ("Sources give different doses"), "".
	Difference string
}

// LeftTwo is a pair of rows, one of each, that give one ingredient and are not one product
// (another strength or form): both rows are to confirm.
type LeftTwo struct {
	Kept, From, Ingredient string
}

// medicineSides reads each record of a person's medicine rows and the row's name, before the
// join; nil when they cannot be read (the join is not refused for its words).
func medicineSides(ctx context.Context, v *storage.Vault, profile string, now time.Time) map[health.Key]string {
	rows, err := journey.Medicines(ctx, v, profile, now, journey.LoadOptions{})
	if err != nil {
		return nil
	}
	out := map[health.Key]string{}
	for _, r := range rows {
		for _, k := range r.Records {
			out[k] = r.Name
		}
	}
	return out
}

// joinedMedicines compares keep's rows after the join with the two people's before it.
func joinedMedicines(ctx context.Context, v *storage.Vault, keep string, kept, from map[health.Key]string, now time.Time) ([]MadeOne, []LeftTwo) {
	if kept == nil || from == nil {
		return nil, nil
	}
	rows, err := journey.Medicines(ctx, v, keep, now, journey.LoadOptions{})
	if err != nil {
		return nil, nil
	}
	var made []MadeOne
	type side struct {
		name string
		ins  []string
	}
	var keptTwo, fromTwo []side
	for _, r := range rows {
		var ks, fs []string
		for _, k := range r.Records {
			if n, ok := kept[k]; ok && !slices.Contains(ks, n) {
				ks = append(ks, n)
			}
			if n, ok := from[k]; ok && !slices.Contains(fs, n) {
				fs = append(fs, n)
			}
		}
		switch {
		case len(ks) > 0 && len(fs) > 0:
			m := MadeOne{Name: r.Name, Difference: r.Difference}
			for _, n := range fs {
				if n != r.Name {
					m.From = append(m.From, n)
				}
			}
			made = append(made, m)
		case r.SameIngredient && len(ks) > 0:
			keptTwo = append(keptTwo, side{r.Name, health.Ingredients(r.Name)})
		case r.SameIngredient && len(fs) > 0:
			fromTwo = append(fromTwo, side{r.Name, health.Ingredients(r.Name)})
		}
	}
	var two []LeftTwo
	for _, f := range fromTwo {
		for _, k := range keptTwo {
			for _, in := range f.ins {
				if slices.Contains(k.ins, in) {
					two = append(two, LeftTwo{Kept: k.name, From: f.name, Ingredient: in})
					break
				}
			}
		}
	}
	return made, two
}

// MedicineWords say what the join made of the two people's medicines: "1 medicine of both is
// one row now: Marevan (warfarin) 1 mg tablets (Peggy O'Brien's Warfarin 1 mg tablets
// joined it; its sources give different doses: check which is current)." and "1 pair of
// medicines of one ingredient, one of each, stays two rows to confirm: Amlodipine 5 mg tablets
// and Peggy O'Brien's Amlodipine 10 mg tablets (amlodipine): check which is current with
// <how>." (how: where the medicines are seen, "'carekeeper medicines --profile K'"). None
// when neither happened.
func (j JoinedPeople) MedicineWords(how string) []string {
	var out []string
	if n := len(j.MadeOne); n > 0 {
		var items []string
		for _, m := range j.MadeOne {
			var notes []string
			if len(m.From) > 0 {
				notes = append(notes, j.FromName+"'s "+strings.Join(m.From, " and ")+" joined it")
			}
			if m.Difference != "" {
				notes = append(notes, "its "+lowerFirst(m.Difference)+": check which is current")
			}
			s := m.Name
			if len(notes) > 0 {
				s += " (" + strings.Join(notes, "; ") + ")"
			}
			items = append(items, s)
		}
		verb := "is"
		if n > 1 {
			verb = "are"
		}
		out = append(out, fmt.Sprintf("%s of both %s one row now: %s.", countOf(n, "medicine", "medicines"), verb, strings.Join(items, "; ")))
	}
	if n := len(j.LeftTwo); n > 0 {
		var items []string
		for _, p := range j.LeftTwo {
			items = append(items, p.Kept+" and "+j.FromName+"'s "+p.From+" ("+p.Ingredient+")")
		}
		verb := "stays"
		if n > 1 {
			verb = "stay"
		}
		out = append(out, fmt.Sprintf("%s of one ingredient, one of each, %s two rows to confirm: %s: check which is current with %s.",
			countOf(n, "pair of medicines", "pairs of medicines"), verb, strings.Join(items, "; "), how))
	}
	return out
}

// lowerFirst is s with its first letter in lower case ("Sources give …" → "sources give …").
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
