package sync

import (
	"context"
	"strings"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// F554: right after 'profile join --other-names' (the carer's answer: Peggy O'Brien is
// Margaret by another name), 'profile separate' and the app's People said Margaret "holds
// records of another person, Peggy O'Brien" and offered to move them out again. The names a
// person was joined by are remembered with them, as a card state (exchanged with the household,
// as 'profile apart' is: older devices read it as a card that hides nothing).

// oneByNamesPrefix is the state prefix of the names a person was joined by.
func oneByNamesPrefix(profile string) string { return "journey/card/" + profile + "/one-person/" }

// nameKey is a name as the joined names are kept: its words (health.NameWords).
func nameKey(name string) string { return strings.Join(health.NameWords(name), " ") }

// OneByOtherNames is the state that remembers that the person profile is also named each of
// names (the person joined into them by other names): what KeepJoinedNames writes, for a
// caller that writes it in its own batch.
func OneByOtherNames(profile string, names ...string) []storage.StateOp {
	var ops []storage.StateOp
	seen := map[string]bool{}
	for _, n := range names {
		k := nameKey(n)
		if k == "" || seen[k] || len(k) > 400 {
			continue
		}
		seen[k] = true
		ops = append(ops, storage.StateOp{Key: oneByNamesPrefix(profile) + k, Value: []byte(`{"dismissed":true}`)})
	}
	return ops
}

// JoinedNames are the names (as nameKey keeps them) the person was joined by.
func JoinedNames(ctx context.Context, v *storage.Vault, profile string) (map[string]bool, error) {
	out := map[string]bool{}
	pfx := oneByNamesPrefix(profile)
	err := v.ScanState(ctx, pfx, func(k string, _ []byte) error {
		out[strings.TrimPrefix(k, pfx)] = true
		return nil
	})
	return out, err
}

// JoinedName reports whether name is one of joined (JoinedNames).
func JoinedName(joined map[string]bool, name string) bool {
	return len(joined) > 0 && joined[nameKey(name)]
}
