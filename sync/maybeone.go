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
		if _, err := v.GetState(apartKey(p.Keep.ID, p.From.ID)); err != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// apartKey is the state key (this computer's only) remembering that two people are two.
func apartKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return "identity/apart/" + a + "/" + b
}

// KeepApart remembers that two people are two ("They are two people": twins, or two of one
// family name and birth date), so MayBeOnePeople no longer says they may be one (F520).
func KeepApart(ctx context.Context, v *storage.Vault, a, b string) error {
	for _, id := range []string{a, b} {
		if _, err := v.Profile(id); err != nil {
			return fmt.Errorf("no person %s here: %w", id, err)
		}
	}
	if a == b {
		return errors.New("that is one person twice")
	}
	return v.UpdateState(ctx, storage.StateOp{Key: apartKey(a, b), Value: []byte(`{"apart":true}`)})
}

// bornWithAnother are the people of the list born the same day as another of it: only they
// can be anyone's second record, and only their Patient records are read.
func bornWithAnother(ps []storage.Profile) map[string]bool {
	byDay := map[string]int{}
	for _, p := range ps {
		if p.BirthDate != "" {
			byDay[p.BirthDate]++
		}
	}
	out := map[string]bool{}
	for _, p := range ps {
		if byDay[p.BirthDate] > 1 {
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
				ip.Names = append(ip.Names, n.joined())
			}
			ip.Sexes = append(ip.Sexes, pp.sexes...)
		}
		out = append(out, ip)
	}
	return out
}
