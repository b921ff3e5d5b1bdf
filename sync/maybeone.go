package sync

import (
	"context"
	"errors"
	"fmt"

	ident "carekeeper/internal/identity"
	"carekeeper/storage"
)

// MayBeOnePeople are the people of the vault who may be one person recorded twice
// (identity.MayBeOne: one birth date, names one the other's with words left out, no sex or
// record number against it), each pair once, the fuller name to keep. "Lucía Herrera Martín"
// and "Lucia Herrera" from two portals stayed two people, each reminded of the same insulin,
// and nothing said they may be one (F513). Nothing is joined: 'profile join' and the People
// screen offer it.
func MayBeOnePeople(v *storage.Vault) ([]ident.Pair, error) {
	ps, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	var out []ident.Pair
	for _, p := range ident.Pairs(identityPeople(v, ps, bornWithAnother(ps))) {
		if !keptApart(v, p.Keep.ID, p.From.ID) {
			out = append(out, p)
		}
	}
	return out, nil
}

// NamesAgreeOf reports whether two people of the vault have names that agree, by their names
// or by those their Patient records give (identity.NamesOfOne): 'profile join' of 佐藤 健一 and
// Kenichi SATO, whom 'profile list' said may be one by his records' kana reading, was refused
// as "different names" (F561). False when either cannot be read.
func NamesAgreeOf(v *storage.Vault, a, b string) bool {
	var ps []storage.Profile
	for _, id := range []string{a, b} {
		p, err := v.Profile(id)
		if err != nil {
			return false
		}
		ps = append(ps, *p)
	}
	people := identityPeople(v, ps, map[string]bool{a: true, b: true})
	return len(people) == 2 && ident.NamesOfOne(people[0], people[1])
}

// keptApart reports whether someone said the two are two people, on this computer or on a
// device of its household.
func keptApart(v *storage.Vault, a, b string) bool {
	for _, k := range []string{apartCardKey(a, b), apartKey(a, b)} {
		if _, err := v.GetState(k); err == nil {
			return true
		}
	}
	return false
}

// apartKey is the state key of session 39 remembering, on this computer only, that two people
// are two: still read.
func apartKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return "identity/apart/" + a + "/" + b
}

// apartCardKey is where "They are two people" is kept now: as the "may be one" card of the
// first of the two (by id) dismissed, "journey/card/<a>/maybe-one/<b>". The household
// exchanges it with every device that holds that person, so the devices that manage them stop
// asking (F520: it was remembered only where it was said). A device of an older CareKeeper
// takes it as the state of a card it does not have: it hides nothing there and changes nothing.
func apartCardKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return "journey/card/" + a + "/maybe-one/" + b
}

// KeepApart remembers that two people are two ("They are two people": twins, or two of one
// family name and birth date), so MayBeOnePeople no longer says they may be one (F520), here
// and on the household's devices that hold them.
func KeepApart(ctx context.Context, v *storage.Vault, a, b string) error {
	for _, id := range []string{a, b} {
		if _, err := v.Profile(id); err != nil {
			return fmt.Errorf("no person %s here: %w", id, err)
		}
	}
	if a == b {
		return errors.New("that is one person twice")
	}
	return v.UpdateState(ctx, storage.StateOp{Key: apartCardKey(a, b), Value: []byte(`{"dismissed":true}`)})
}

// bornWithAnother are the people of the list who can be anyone's second record, whose Patient
// records are read: those born the same day as another of it, and, when someone has no birth
// date, everyone (a person without one may be anyone of their names: F520).
func bornWithAnother(ps []storage.Profile) map[string]bool {
	byDay := map[string]int{}
	undated := false
	for _, p := range ps {
		if p.BirthDate != "" {
			byDay[p.BirthDate]++
		} else {
			undated = true
		}
	}
	out := map[string]bool{}
	for _, p := range ps {
		if undated && len(ps) > 1 || byDay[p.BirthDate] > 1 {
			out[p.ID] = true
		}
	}
	return out
}

// identityPeople are the people of ps (those in read) as the rule reads them: their name,
// birth date and record numbers, and the names and sexes their Patient records give. A
// Patient that cannot be read says nothing.
func identityPeople(v *storage.Vault, ps []storage.Profile, read map[string]bool) []ident.Person {
	var out []ident.Person
	for i := range ps {
		p := &ps[i]
		if !read[p.ID] {
			continue
		}
		ip := ident.Person{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate, Identifiers: profileIdents(p)}
		for _, id := range p.Patients {
			rec, err := v.Get(id)
			if errors.Is(err, storage.ErrNotFound) || err != nil || rec == nil || rec.Profile != p.ID {
				continue
			}
			pp := patientPerson(rec.Resource)
			for _, n := range pp.names {
				if n.reading {
					ip.Readings = append(ip.Readings, n.joined())
				} else {
					ip.Names = append(ip.Names, n.joined())
				}
			}
			ip.Sexes = append(ip.Sexes, pp.sexes...)
		}
		out = append(out, ip)
	}
	return out
}
