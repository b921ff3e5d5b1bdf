package journey

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// The IPS Bundle of a summary made by BuildSummary, whose data holds no observations: the
// observations the sections list are known by their keys (the series' points and the results
// in words), and each is read from the vault only when its entry is written, a window at a
// time in the vault's key order. A summary of one person's 100,000 watch readings listed
// them all, and held every one with its resource (~300 MB).
//
// The Bundle is byte for byte the one of the same summary made from a whole Load, where
// data.Set holds every observation (TestSummaryStreamedLikeLoaded): bundler.resolve finds
// what Set.Resolve would find in that set, from data.Set and the observations' keys.

// obsWindow is how many observations are read at a time when their entries are written
// (storage.ReadRefs holds their compressed resources: ~0.9 MB of watch readings, 8,192 held
// 7 MB).
const obsWindow = 1024

// laterObservations reads the person's observations for the Bundle.
type laterObservations struct {
	ctx context.Context
	v   *storage.Vault
	d   *Data
}

// obsIndex is what the Bundle needs of the person's observations.
type obsIndex struct {
	// list is the observations the sections list, each once, in key order (by id, source,
	// type: cmpKey).
	list []obsEntry
	// runs are where the listed keys are: the series' points in the period and the results
	// in words (obsEntry.run, .i).
	runs []keyRun
	// other are the person's other observations whose id a listed one or a record of
	// data.Set also has (a reference by that id may find them), by id.
	other map[string][]obsOther
	// set's records by id, in Set's order (shared first); late: after the observations.
	set map[string][]setRef
	odd map[int]string // the dates not in storage.SortableTime's form, by place in list
}

// keyRun is a run of listed keys: a series' points (kept compactly: their keys are made
// when asked for) or a result in words' keys.
type keyRun struct {
	pts  health.Points
	keys []health.Key
}

// obsEntry is 16 bytes: one for each reading listed (300,000 of one person's watch readings
// are 4.8 MB; 7.2 MB with the two flags as fields of their own).
type obsEntry struct {
	// run: its key is obsIndex.runs[run&runMask]'s i'th (obsIndex.key), and the flags
	// entryFound (among the person's observations) and entryIn (included in the Bundle:
	// bundler.include).
	run uint32
	i   int32
	// at is its record's date (where the vault keeps it: storage.Ref) in Unix seconds, or
	// noDate, or oddDate (obsIndex.odd has it): 8 bytes, where a string held 40.
	at int64
}

const (
	entryFound = 1 << 31
	entryIn    = 1 << 30
	runMask    = entryIn - 1
)

func (e *obsEntry) found() bool { return e.run&entryFound != 0 }
func (e *obsEntry) in() bool    { return e.run&entryIn != 0 }

const (
	noDate  = math.MinInt64
	oddDate = math.MinInt64 + 1
)

// key is e's key.
func (x *obsIndex) key(e *obsEntry) health.Key {
	r := &x.runs[e.run&runMask]
	if r.keys != nil {
		return r.keys[e.i]
	}
	return r.pts.Key(int(e.i))
}

// setDate sets list[i]'s date.
func (x *obsIndex) setDate(i int, date string) {
	e := &x.list[i]
	if date == "" {
		e.at = noDate
		return
	}
	if t, err := time.Parse(sortableLayout, date); err == nil && t.Format(sortableLayout) == date {
		e.at = t.Unix()
		return
	}
	e.at = oddDate
	if x.odd == nil {
		x.odd = map[int]string{}
	}
	x.odd[i] = date
}

// date is list[i]'s date as the vault keeps it.
func (x *obsIndex) date(i int) string {
	switch at := x.list[i].at; at {
	case noDate:
		return ""
	case oddDate:
		return x.odd[i]
	default:
		return time.Unix(at, 0).UTC().Format(sortableLayout)
	}
}

// sortableLayout is storage.SortableTime's.
const sortableLayout = "2006-01-02T15:04:05Z"

type obsOther struct {
	key  health.Key
	date string
}

// loadOrder orders observations as Load reads them: as the vault keeps them, by date, then
// source, type and id (storage.Records).
func loadOrder(ad string, a *health.Key, bd string, b *health.Key) int {
	if c := strings.Compare(ad, bd); c != 0 {
		return c
	}
	if c := strings.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	if c := strings.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

type setRef struct {
	key  health.Key
	late bool
}

func cmpKey(a, b *health.Key) int {
	if c := strings.Compare(a.ID, b.ID); c != 0 {
		return c
	}
	if c := strings.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	return strings.Compare(a.Type, b.Type)
}

// find is the index of k in list, or -1.
func (x *obsIndex) find(k health.Key) int {
	i, ok := slices.BinarySearchFunc(x.list, &k, func(e obsEntry, k *health.Key) int { ek := x.key(&e); return cmpKey(&ek, k) })
	if !ok {
		return -1
	}
	return i
}

// hasID says whether a listed observation has the id.
func (x *obsIndex) hasID(id string) bool {
	i, _ := slices.BinarySearchFunc(x.list, id, func(e obsEntry, id string) int { return strings.Compare(x.key(&e).ID, id) })
	return i < len(x.list) && x.key(&x.list[i]).ID == id
}

// index finds the observations s lists (their keys are in s's points and text results) and
// the others a reference may find, from the vault's index of the person's observations (no
// observation is read).
func (o *laterObservations) index(s *Summary) (*obsIndex, error) {
	x := &obsIndex{other: map[string][]obsOther{}, set: map[string][]setRef{}}
	// The list made at its size: appended, it grew by copies to ~1.5 times that while its
	// old array was still held (a peak of the Bundle of 300,000 watch readings).
	n := 0
	for _, list := range [][]SummarySeries{s.Results, s.Home} {
		for _, se := range list {
			n += se.Points.Len()
		}
	}
	for _, st := range s.TextResults {
		n += len(st.Keys)
	}
	x.list = make([]obsEntry, 0, n)
	for _, list := range [][]SummarySeries{s.Results, s.Home} {
		for _, se := range list {
			run := uint32(len(x.runs))
			x.runs = append(x.runs, keyRun{pts: se.Points})
			for i := range se.Points.Len() {
				x.list = append(x.list, obsEntry{run: run, i: int32(i)})
			}
		}
	}
	for _, st := range s.TextResults {
		run := uint32(len(x.runs))
		x.runs = append(x.runs, keyRun{keys: st.Keys})
		for i := range st.Keys {
			x.list = append(x.list, obsEntry{run: run, i: int32(i)})
		}
	}
	slices.SortFunc(x.list, func(a, b obsEntry) int { ak, bk := x.key(&a), x.key(&b); return cmpKey(&ak, &bk) })
	x.list = slices.CompactFunc(x.list, func(a, b obsEntry) bool { return x.key(&a) == x.key(&b) })
	x.list = slices.Clip(x.list)
	d := o.d
	for i := range d.Set.Shared {
		r := &d.Set.Shared[i]
		x.set[r.ID] = append(x.set[r.ID], setRef{key: r.Key})
	}
	for i := range d.Records {
		r := &d.Records[i]
		x.set[r.ID] = append(x.set[r.ID], setRef{key: r.Key, late: i >= d.obsAt})
	}
	var other []obsOther
	err := o.v.TypeDates(o.ctx, d.Profile, "Observation", func(id storage.ID, date string) error {
		k := key(id)
		if i := x.find(k); i >= 0 {
			// listed: one of the observations the summary read, none deleted
			x.list[i].run |= entryFound
			x.setDate(i, date)
		} else if x.hasID(k.ID) || x.set[k.ID] != nil {
			other = append(other, obsOther{key: k, date: date})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the records: %w", err)
	}
	for _, o2 := range other {
		// The index keeps a record deleted at its source; Load skips it.
		r, err := o.v.Get(storageID(o2.key))
		if err != nil {
			return nil, fmt.Errorf("reading the records: %w", err)
		}
		if r.Meta.Deleted.IsZero() {
			x.other[o2.key.ID] = append(x.other[o2.key.ID], o2)
		}
	}
	return x, nil
}

// read calls fn with the observations list[i] for each i of order, in that order, each with
// its resource (valid only during fn).
func (o *laterObservations) read(x *obsIndex, order []int32, fn func(*health.Resource) error) error {
	refs := make([]storage.Ref, len(order))
	for n, i := range order {
		e := &x.list[i]
		refs[n] = storage.Ref{Profile: o.d.Profile, Date: x.date(int(i)), ID: storageID(x.key(e))}
	}
	err := o.v.ReadRefs(o.ctx, refs, func(r *storage.Record) error {
		return fn(&health.Resource{Key: key(r.ID), Profile: r.Profile, JSON: r.Resource})
	})
	if err != nil {
		return fmt.Errorf("reading the records: %w", err)
	}
	return nil
}

// resolve is the key of what Set.Resolve(from, ref, "") finds (ok false: nothing) in the set
// of every record the Bundle may read: b.set with, when b.obs is given, the observations
// where Load puts them (after the records of the types Load reads before Observation).
func (b *bundler) resolve(from *health.Resource, ref string) (health.Key, bool) {
	if b.obs == nil {
		if r := b.set.Resolve(from, ref, ""); r != nil {
			return r.Key, true
		}
		return health.Key{}, false
	}
	// As Set.Resolve, with the set's lookups by key and by id (byKey, byID) over both.
	if ref == "" {
		return health.Key{}, false
	}
	if strings.HasPrefix(ref, "urn:uuid:") || strings.HasPrefix(ref, "urn:oid:") {
		return b.byID(ref[strings.LastIndexByte(ref, ':')+1:], "")
	}
	if !strings.Contains(ref, "?") {
		parts := strings.Split(strings.TrimRight(ref, "/"), "/")
		if len(parts) >= 2 {
			typ, id := parts[len(parts)-2], parts[len(parts)-1]
			if len(parts) >= 4 && parts[len(parts)-2] == "_history" {
				typ, id = parts[len(parts)-4], parts[len(parts)-3]
			}
			if from != nil {
				k := health.Key{Source: from.Source, Type: typ, ID: id}
				if b.obs.has(k) || b.set.Get(k) != nil {
					return k, true
				}
			}
			return b.byID(id, typ)
		}
	}
	return health.Key{}, false
}

// has says whether k is one of the person's observations the index knows.
func (x *obsIndex) has(k health.Key) bool {
	if i := x.find(k); i >= 0 {
		return x.list[i].found()
	}
	for _, o := range x.other[k.ID] {
		if o.key == k {
			return true
		}
	}
	return false
}

// byID is the first record of the id (and of typ, unless "") in Set's order: the shared
// records, the records before the observations, the observations, the records after them.
func (b *bundler) byID(id, typ string) (health.Key, bool) {
	refs := b.obs.set[id]
	for _, r := range refs {
		if !r.late && (typ == "" || r.key.Type == typ) {
			return r.key, true
		}
	}
	var best *health.Key
	var bestDate string
	x := b.obs
	i, _ := slices.BinarySearchFunc(x.list, id, func(e obsEntry, id string) int { return strings.Compare(x.key(&e).ID, id) })
	for ; i < len(x.list) && x.key(&x.list[i]).ID == id; i++ {
		if e, k := &x.list[i], x.key(&x.list[i]); e.found() && (typ == "" || k.Type == typ) && (best == nil || loadOrder(x.date(i), &k, bestDate, best) < 0) {
			best, bestDate = &k, x.date(i)
		}
	}
	for j := range x.other[id] {
		if o := &x.other[id][j]; (typ == "" || o.key.Type == typ) && (best == nil || loadOrder(o.date, &o.key, bestDate, best) < 0) {
			best, bestDate = &o.key, o.date
		}
	}
	if best != nil {
		return *best, true
	}
	for _, r := range refs {
		if r.late && (typ == "" || r.key.Type == typ) {
			return r.key, true
		}
	}
	return health.Key{}, false
}
