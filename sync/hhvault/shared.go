package hhvault

import (
	"context"
	"sort"
	"sync"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// Shared records (storage.SharedProfile: Medication, Organization, Practitioner, Location,
// Device …) belong to no one person, but they tell about the people who refer to them. Each
// goes in the stream of every person whose records refer to it (directly or through other
// shared records) or whom it refers to itself (a Device's patient), so it reaches a device
// only if that device may see one of them. A shared record nobody refers to goes
// household-wide.

// sharers maps each shared record to the people it goes to.
type sharers map[storage.ID][]string

// findSharers reads the links of every record once.
func findSharers(ctx context.Context, v *storage.Vault) (sharers, error) {
	owner := map[storage.ID]string{}
	links := map[storage.ID][]storage.ID{}
	err := v.Records(ctx, storage.Query{MetaOnly: true}, func(r *storage.Record) error {
		owner[r.ID] = r.Profile
		if len(r.Meta.Links) > 0 {
			links[r.ID] = r.Meta.Links
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sets := map[storage.ID]map[string]bool{}
	add := func(id storage.ID, p string) {
		if sets[id] == nil {
			sets[id] = map[string]bool{}
		}
		sets[id][p] = true
	}
	for id, ls := range links {
		p := owner[id]
		if p == storage.SharedProfile {
			for _, l := range ls {
				if q, ok := owner[l]; ok && q != storage.SharedProfile {
					add(id, q)
				}
			}
			continue
		}
		walkShared(ls, func(l storage.ID) (bool, []storage.ID) {
			if owner[l] != storage.SharedProfile {
				return false, nil
			}
			add(l, p)
			return true, links[l]
		})
	}
	out := make(sharers, len(sets))
	for id, set := range sets {
		ps := make([]string, 0, len(set))
		for p := range set {
			ps = append(ps, p)
		}
		sort.Strings(ps)
		out[id] = ps
	}
	return out, nil
}

// walkShared visits the records reachable from links through shared records, each once:
// visit says whether a record is shared and gives its links.
func walkShared(links []storage.ID, visit func(storage.ID) (bool, []storage.ID)) {
	seen := map[storage.ID]bool{}
	stack := append([]storage.ID(nil), links...)
	for len(stack) > 0 {
		l := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[l] {
			continue
		}
		seen[l] = true
		if shared, next := visit(l); shared {
			stack = append(stack, next...)
		}
	}
}

// fanOut turns a held change into ops: a shared record's into one op per person it goes to
// (household-wide if none), anything else into its one op.
func fanOut(c storage.Change, people []string) []household.Op {
	if !sharedRecord(c) {
		return []household.Op{toOp(c)}
	}
	if len(people) == 0 {
		people = []string{""}
	}
	ops := make([]household.Op, len(people))
	for i, p := range people {
		ops[i] = toOp(c)
		ops[i].Profile = p
	}
	return ops
}

func sharedRecord(c storage.Change) bool {
	return c.Profile == storage.SharedProfile && (c.Kind == storage.KindRecord || c.Kind == storage.KindDose)
}

// changes turns logged changes into ops. A shared record goes to the people who refer to it
// now; a person's record also carries the shared records it refers to into that person's
// stream (with their own stamp and device), so a person who starts referring to a shared
// record later gets it without the record itself changing.
// drained says the log has no more changes after these: the sharers read for them are
// dropped then.
func (r Replica) changes(ctx context.Context, ch []storage.Change, drained bool) (_ []household.Op, err error) {
	who := sendCache.get(r.V)
	defer func() {
		if drained || err != nil {
			sendCache.drop(r.V)
		} else if who != nil {
			sendCache.put(r.V, who)
		}
	}()
	sent := map[[3]string]bool{}
	var ops []household.Op
	emit := func(os ...household.Op) {
		for _, o := range os {
			k := [3]string{o.Profile, o.Kind, o.Key}
			if !sent[k] {
				sent[k] = true
				ops = append(ops, o)
			}
		}
	}
	for _, c := range ch {
		if sharedRecord(c) {
			if who == nil {
				var err error
				if who, err = findSharers(ctx, r.V); err != nil {
					return nil, err
				}
			}
			id, _ := storage.ParseRecordKey(c.Key)
			emit(fanOut(c, who[id])...)
			continue
		}
		emit(toOp(c))
		if c.Deleted || c.Profile == "" || (c.Kind != storage.KindRecord && c.Kind != storage.KindDose) {
			continue
		}
		id, ok := storage.ParseRecordKey(c.Key)
		if !ok {
			continue
		}
		rec, err := r.V.Get(id)
		if err != nil || len(rec.Meta.Links) == 0 {
			continue // removed since: it went as a tombstone
		}
		var werr error
		walkShared(rec.Meta.Links, func(l storage.ID) (bool, []storage.ID) {
			if werr != nil {
				return false, nil
			}
			sr, err := r.V.Get(l)
			if err != nil || sr.Profile != storage.SharedProfile {
				return false, nil
			}
			held, ok, err := r.V.Held(storage.KindRecord, storage.RecordKey(l))
			if err != nil {
				werr = err
				return false, nil
			}
			if ok && sharedRecord(held) {
				o := toOp(held)
				o.Profile = c.Profile
				emit(o)
			}
			return true, sr.Meta.Links
		})
		if werr != nil {
			return nil, werr
		}
	}
	return ops, nil
}

// sendCache keeps the sharers one send read while the household drains the log in pieces
// (2,000 changes a call), so a send reads the links of the whole vault once, not once a piece
// (about a second at 100,000 records). It is dropped when the log is drained and before remote
// changes are applied (they may bring new referrers); a record written here meanwhile is
// logged and carries its shared records itself.
var sendCache = &sharerCache{m: map[*storage.Vault]sharers{}}

type sharerCache struct {
	mu sync.Mutex
	m  map[*storage.Vault]sharers
}

func (c *sharerCache) get(v *storage.Vault) sharers {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[v]
}

func (c *sharerCache) put(v *storage.Vault, w sharers) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[v] = w
}

func (c *sharerCache) drop(v *storage.Vault) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, v)
}
