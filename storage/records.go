package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"slices"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"

	badger "github.com/dgraph-io/badger/v4"
)

// ID identifies a record: the source whose ids it uses, its resource type and its id.
// Sources keep their own ids, so the same id at two sources is two records.
type ID struct {
	Source string `json:"s"`
	Type   string `json:"t"`
	ID     string `json:"i"`
}

// String is "Type/id (source)": for debugging only, never for logs (ids can be personal).
func (i ID) String() string { return i.Type + "/" + i.ID + " (" + i.Source + ")" }

// Meta is what the vault keeps about a record besides the resource itself.
type Meta struct {
	FullURL    string    `json:"u,omitempty"` // Bundle.entry.fullUrl it came with
	File       string    `json:"f,omitempty"` // file it was imported from (base name)
	ImportedAt time.Time `json:"t"`           // when it was last written
	// Added is when the record first came in, kept when it is written again (zero: at
	// ImportedAt). It travels with the record to the household's devices, so each judges a
	// medicine's doses before it was added the same way after a rewrite (F421).
	Added       time.Time `json:"a,omitzero"`
	Hash        []byte    `json:"h"`           // SHA-256 of profile, fullUrl and resource
	Date        string    `json:"d,omitempty"` // main clinical date, sortable UTC form
	Codes       []string  `json:"c,omitempty"` // system|code, for result series
	Identifiers []string  `json:"i,omitempty"` // system|value
	Links       []ID      `json:"l,omitempty"` // resolved references
	// Deleted is when the source said the record was deleted (zero if it was not). Deleted
	// records are kept and marked, never silently dropped.
	Deleted time.Time `json:"x,omitempty"`
	// Card is set only by a SMART Health Card import (intake, through sync's Options.Cards):
	// the record is what a health card carried, from this issuer, with its signature checked
	// or not. Nothing a resource says can set it: a FHIR file's meta.tag is only data.
	Card *CardMark `json:"k,omitempty"`
	// Precision is how precisely the record wrote Date (fhirjson.DatePrecision of the raw
	// date): "1999-11" is sortable as 1999-11-01T00:00:00Z but is a month. Records stored
	// before it was kept read as fhirjson.SortablePrecision(Date) says.
	Precision fhirjson.Precision `json:"p,omitempty"`
	// Home says the record was measured at home: by the person or their family, or with a
	// home or personal device (health.MeasuredAtHome of the resource, set by sync's import).
	// Records stored before it was kept, and those of no such record, have none.
	Home bool `json:"m,omitempty"`
}

// CardMark is where a record from a SMART Health Card came from and whether the card's
// signature was verified at import.
type CardMark struct {
	Issuer   string `json:"i"`
	Verified bool   `json:"v,omitempty"`
}

func sameMark(a, b *CardMark) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Record is one stored FHIR resource.
type Record struct {
	Profile  string
	ID       ID
	Resource []byte // compact FHIR JSON, exactly as imported
	Meta     Meta
	// Size is the resource's length in bytes when the query asked for it with MetaOnly
	// (Query.Sizes); else 0.
	Size int
}

// RecordHash is the hash Write keeps of a record (Meta.Hash): of its person, its fullUrl and
// its resource. A LazyRecords source gives it for each record before the record is loaded.
func RecordHash(profile, fullURL string, resource []byte) []byte {
	return recordHash(profile, fullURL, resource)
}

func recordHash(profile, fullURL string, resource []byte) []byte {
	h := sha256.New()
	h.Write([]byte(profile))
	h.Write([]byte{0})
	h.Write([]byte(fullURL))
	h.Write([]byte{0})
	h.Write(resource)
	return h.Sum(nil)
}

// recordHasher is recordHash for the records of one batch: one SHA-256 state for all of them
// and their hashes cut from one allocation (recordHash allocated four times a record).
type recordHasher struct {
	h      hash.Hash
	prefix []byte // profile, 0, fullUrl, 0
	sums   []byte
}

func (rh *recordHasher) hash(profile, fullURL string, resource []byte) []byte {
	if rh.h == nil {
		rh.h = sha256.New()
	}
	rh.h.Reset()
	rh.prefix = append(append(append(append(rh.prefix[:0], profile...), 0), fullURL...), 0)
	rh.h.Write(rh.prefix)
	rh.h.Write(resource)
	if cap(rh.sums)-len(rh.sums) < sha256.Size {
		rh.sums = make([]byte, 0, 64*sha256.Size)
	}
	n := len(rh.sums)
	rh.sums = rh.h.Sum(rh.sums)
	return rh.sums[n:len(rh.sums):len(rh.sums)]
}

func recordKey(profile, date string, id ID) []byte {
	return key(prefixRecord, profile, date, id.Source, id.Type, id.ID)
}

// indexKeys are the index entries of a record (without the record itself). Its keys and
// values are cut from one allocation (keySlab).
func indexKeys(profile string, id ID, m *Meta) (keys, vals [][]byte) {
	n := 3 + len(m.Codes) + len(m.Identifiers)
	keys, vals = make([][]byte, 0, n), make([][]byte, 0, n)
	s := make(keySlab, 0, indexKeysSize(profile, id, m))
	addIndexKeys(&s, profile, id, m, func(k, v []byte) { keys = append(keys, k); vals = append(vals, v) })
	return keys, vals
}

// indexKeysSize is what the keys and values of addIndexKeys take of a slab.
func indexKeysSize(profile string, id ID, m *Meta) int {
	n := 3 + len(m.Codes) + len(m.Identifiers)
	size := n*(len(profile)+len(m.Date)+len(id.Source)+len(id.Type)+len(id.ID)+8) + 2*(len(profile)+len(m.Date)) + timelineValueMax(m)
	for _, c := range m.Codes {
		size += len(c)
	}
	for _, ident := range m.Identifiers {
		size += len(ident) + len(profile)
	}
	return size
}

// addIndexKeys gives add each index entry of a record, its key and value cut from s.
func addIndexKeys(s *keySlab, profile string, id ID, m *Meta, add func(k, v []byte)) {
	add(s.key(prefixIdentity, id.Source, id.Type, id.ID), s.key(nil, profile, m.Date))
	add(s.key(prefixType, profile, id.Type, id.Source, id.ID), s.key(nil, m.Date))
	for _, c := range m.Codes {
		add(s.key(prefixCode, profile, c, m.Date, id.Source, id.Type, id.ID), nil)
	}
	for _, ident := range m.Identifiers {
		add(s.key(prefixIdent, id.Type, ident, id.Source, id.ID), s.key(nil, profile))
	}
	if m.Date != "" {
		add(s.key(prefixTimeline, profile, m.Date, id.Source, id.Type, id.ID), s.timelineValue(m))
	}
}

// Batch is one all-or-nothing write: a file import or a sync page.
type Batch struct {
	File     string    // recorded as every record's source file
	Now      time.Time // recorded as every written record's time (zero: the time of the write)
	Profiles []Profile // profiles to create or update
	Records  []Record  // Profile, ID and Resource set; Meta.File/ImportedAt/Hash are filled in
	// State is app state written in the same transaction (a sync page and its checkpoint).
	State []StateOp
	// Deleted are records the source deleted: they are kept and marked with Meta.Deleted = Now.
	Deleted []ID
	// Durable makes Write sync the vault to disk before it returns.
	Durable bool
	// Move says the records are moved, not imported: each keeps its Meta as stored (the file it
	// came from and when), only its person (Profile) or identity changes. File and Now are not
	// given to them. A household learns each as a change of the record (a move, not a deletion
	// and an addition).
	Move bool
	// Remove are records removed outright, with their index entries: the identities left by
	// records given another one in the same write (a record kept apart for one person, moved to
	// another: cksync.PersonSource). A household removes them too.
	Remove []ID

	// Looked, when set, is a Lookup of the records' identities made just before this write,
	// and LookedAt gives each record the index of its identity in Looked.IDs (-1 for none):
	// Write does not look up again a record whose identity the Lookup found held by no one,
	// provided nothing was written to the vault since (else it looks up every record).
	Looked   *Lookup
	LookedAt []int32

	// Lazy, when set, stands for Records (which must then be empty): the records of a batch
	// too large to hold in memory at once (one large file), loaded a part at a time as they
	// are written. The write is all or nothing as with Records.
	Lazy LazyRecords

	remote bool   // changes from the household (changes.go): not logged, Meta kept
	extra  opList // written in the same transaction (change versions)
}

// LazyRecords are the records of a batch, loaded when they are written.
type LazyRecords interface {
	// Len is the number of records.
	Len() int
	// Key is record i's identity and hash (RecordHash), known before it is loaded: which
	// copy of a resource given twice is kept is decided on them.
	Key(i int) (ID, []byte)
	// Unique reports that no identity is given twice (Write then keeps no set of them).
	Unique() bool
	// Precision is record i's Meta.Precision, known before it is loaded. A lazy record has no
	// card mark and is not deleted: Write finds which records are stored as given on Key and
	// Precision, without loading them.
	Precision(i int) fhirjson.Precision
	// Load returns records idx (ascending), whole: Profile, ID, Resource and Meta as in
	// Records (Meta.Hash set). A record whose identity or hash is not what Key said is an
	// error (the source changed since): the write is then rolled back.
	Load(idx []int) ([]Record, error)
}

// ErrChangedSource is the error of a LazyRecords record loaded unlike its Key.
var ErrChangedSource = errors.New("the file changed while it was imported")

// size is the number of records of the batch.
func (b *Batch) size() int {
	if b.Lazy != nil {
		return b.Lazy.Len()
	}
	return len(b.Records)
}

// Result counts what a batch changed.
type Result struct {
	Added     map[string]int // by resource type
	Updated   map[string]int // by resource type
	Deleted   map[string]int // by resource type: newly marked deleted
	Unchanged int
	Removed   int // records of Batch.Remove removed
}

// Changed reports whether the batch wrote anything.
func (r *Result) Changed() bool {
	return len(r.Added) > 0 || len(r.Updated) > 0 || len(r.Deleted) > 0 || r.Removed > 0
}

// Write stores a batch, all of it or (on any error or crash) none of it. Records identical
// to what is stored are counted unchanged and not written at all.
func (v *Vault) Write(ctx context.Context, b *Batch) (*Result, error) {
	if b.size() >= bulkMemoryRecords {
		if b.Lazy != nil {
			bulkTight.Add(1)
			defer bulkTight.Add(-1)
		}
		bulkWrite()
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	return v.writeLocked(ctx, b)
}

// partRecords is how many records of a large batch are looked up, encoded and written at a
// time: a batch of more is written as parts of one journaled write (all or nothing still), so
// its encoded records and index keys are never all in memory at once (a 100,000-resource file
// held ~1.6 KB of them per record until the end of its write). A variable for tests.
var partRecords = 2000

// testHookPart, when set by a test, is told the number of operations of each part written.
var testHookPart func(ops int)

func (v *Vault) writeLocked(ctx context.Context, b *Batch) (*Result, error) {
	if b.Lazy != nil && (len(b.Records) > 0 || len(b.Deleted) > 0 || len(b.Remove) > 0) {
		return nil, errors.New("a batch of lazy records has no other records or deletions")
	}
	if b.Now.IsZero() {
		// Every write is stamped: a batch without its time (a measurement or appointment
		// added in the app) read 'Saved: 30 Aug 1754' (F238), and a deletion without one
		// was no deletion (Meta.Deleted zero).
		b.Now = time.Now()
	}
	capt := v.newCapture(b)
	res := &Result{Added: map[string]int{}, Updated: map[string]int{}, Deleted: map[string]int{}}
	var ops opList
	var j *journal // the journaled write of a large batch, once its first part is written
	// flush writes the operations so far as a part of the batch's journaled write.
	// On an error the write is rolled back (or, after a simulated crash, left to the next open).
	flush := func() error {
		err := ops.check(v.db.Opts().ValueLogFileSize)
		if err != nil {
			if j != nil {
				err = v.abort(j.jid, err)
				j = nil
			}
			return err
		}
		if j == nil {
			nj, err := v.beginJournal()
			if err != nil {
				return err
			}
			j = nj
		}
		if testHookPart != nil {
			testHookPart(len(ops))
		}
		err = j.write(ctx, ops)
		ops = nil
		if err != nil {
			j = nil // rolled back by write
		}
		return err
	}
	fail := func(err error) (*Result, error) {
		if j != nil {
			err = v.abort(j.jid, err)
		}
		return nil, err
	}
	defer func() {
		if j != nil {
			v.gcSoon() // its undo entries are deleted, whatever happens
		}
	}()
	n := b.size()
	var seen map[ID]int // identity -> index in b.Records (or b.Lazy) of the kept copy
	var kept []int      // indexes in b.Records to write, in order
	var missing []bool  // records known not to be stored (knownMissing)
	unique := b.Lazy != nil && b.Lazy.Unique()
	if !unique {
		seen = make(map[ID]int, n)
	}
	hashOf := func(i int) []byte { return b.Records[i].Meta.Hash }
	var hasher recordHasher
	if b.Lazy != nil {
		hashOf = func(i int) []byte { _, h := b.Lazy.Key(i); return h }
	}
	err := v.db.View(func(txn *badger.Txn) error {
		missing = v.knownMissing(txn, b)
		for i := range b.Profiles {
			p := &b.Profiles[i]
			pb, err := json.Marshal(p)
			if err != nil {
				return fmt.Errorf("encoding a profile: %w", err)
			}
			k := key(prefixProfile, p.ID)
			if old, err := getValue(txn, k); err == nil && bytes.Equal(old, pb) {
				continue
			}
			ops.set(k, pb)
			capt.add(KindProfile, p.ID, p.ID, false)
		}
		if unique {
			kept = make([]int, n)
			for i := range kept {
				kept[i] = i
			}
			return nil
		}
		for i := range n {
			if i%256 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			var id ID
			var hash []byte
			if b.Lazy != nil {
				id, hash = b.Lazy.Key(i)
			} else {
				r := &b.Records[i]
				r.Meta.Hash = hasher.hash(r.Profile, r.Meta.FullURL, r.Resource)
				id, hash = r.ID, r.Meta.Hash
			}
			if j, dup := seen[id]; dup {
				// The same resource twice in one batch: the later copy wins.
				if bytes.Equal(hashOf(j), hash) {
					res.Unchanged++
					continue
				}
				res.Updated[id.Type]++
			}
			seen[id] = i
		}
		isKept := make([]bool, n)
		for _, i := range seen {
			isKept[i] = true
		}
		kept = make([]int, 0, len(seen))
		for i, k := range isKept {
			if k {
				kept = append(kept, i)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(kept) >= keyOrderRecords {
		err := v.db.View(func(txn *badger.Txn) error {
			var err error
			kept, missing, err = v.unchangedInKeyOrder(ctx, txn, b, kept, missing, res)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	// The kept records, a part at a time; each part but the last is written before the next
	// is encoded when there is more than one.
	for start := 0; start < len(kept); start += partRecords {
		part := kept[start:min(start+partRecords, len(kept))]
		recs := b.Records
		if b.Lazy != nil {
			var err error
			if recs, err = loadPart(b.Lazy, part); err != nil {
				return fail(err)
			}
		}
		ops = slices.Grow(ops, 8*len(part)) // a record's key, its index entries and full URL
		var slab keySlab                    // the part's keys and index values (writeRecord)
		err := v.db.View(func(txn *badger.Txn) error {
			for n, i := range part {
				if n%256 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				var r *Record
				if b.Lazy != nil {
					r = &recs[n]
				} else {
					r = &recs[i]
				}
				if err := v.writeRecord(txn, b, r, missing != nil && missing[i], res, &ops, capt, &slab); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fail(err)
		}
		if start+partRecords < len(kept) {
			if err := flush(); err != nil {
				return nil, err
			}
			// What the part's flushes and lookups left behind (table builders' pooled
			// allocators, table pages read) is given back now, not at the end of the batch:
			// a 100,000-resource file's write grew by them all along. The bulk memory limit
			// is kept on: it ends 10 s after the last bulk write began, and a large write
			// takes longer (the heap of a 100,000-resource file's then grew to twice its
			// live size).
			v.afterBulk()
			bulkWrite()
		}
	}
	err = v.db.View(func(txn *badger.Txn) error {
		for _, id := range b.Deleted {
			if _, kept := seen[id]; kept {
				continue // the batch also writes it: the write wins
			}
			profile, old, err := v.lookup(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if !old.Meta.Deleted.IsZero() {
				continue
			}
			old.Meta.Deleted = b.Now.UTC()
			env, err := encodeEnvelope(&old.Meta, old.Resource)
			if err != nil {
				return err
			}
			ops.set(recordKey(profile, old.Meta.Date, id), env)
			if old.Meta.Date != "" {
				ops.set(timelineKey(profile, old.Meta.Date, id), timelineValue(&old.Meta))
			}
			res.Deleted[id.Type]++
			capt.record(profile, id)
		}
		for _, id := range b.Remove {
			if _, kept := seen[id]; kept {
				continue // the batch also writes it: the write wins
			}
			profile, old, err := v.lookup(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			// (a record of the batch given its fullUrl keeps it: written above)
			u := old.Meta.FullURL
			delRecord(txn, &ops, profile, id, &old.Meta, u != "" && slices.ContainsFunc(b.Records, func(r Record) bool { return r.Meta.FullURL == u }))
			res.Removed++
			if capt != nil {
				capt.add(recordKind(id), profile, RecordKey(id), true)
			}
		}
		for _, s := range b.State {
			if err := checkStateKey(s.Key); err != nil {
				return err
			}
			if s.Delete {
				ops.del(stateKey(s.Key))
			} else {
				ops.set(stateKey(s.Key), s.Value)
			}
			capt.state(s)
		}
		ops = append(ops, b.extra...)
		if err := v.checkViewOnly(capt); err != nil {
			return err
		}
		return capt.finish(txn, &ops)
	})
	if err != nil {
		return fail(err)
	}
	if j != nil {
		if err := flush(); err != nil {
			return nil, err
		}
		if err := j.commit(); err != nil {
			return nil, err
		}
	} else {
		if len(ops) == 0 {
			return res, nil
		}
		if err := v.apply(ctx, ops); err != nil {
			return nil, err
		}
	}
	if capt.logged() {
		v.signalChanged()
	}
	if b.size() >= bulkMemoryRecords {
		v.afterBulk()
	}
	if b.Durable {
		if err := v.db.Sync(); err != nil {
			return nil, fmt.Errorf("syncing the vault to disk: %w", err)
		}
	}
	return res, nil
}

// testHookLookup, when set by a test, is told of every record Write looks up.
var testHookLookup func(ID)

// loadPart loads records idx of a lazy batch and checks they are what its Key said.
func loadPart(l LazyRecords, idx []int) ([]Record, error) {
	recs, err := l.Load(idx)
	if err != nil {
		return nil, err
	}
	if len(recs) != len(idx) {
		return nil, ErrChangedSource
	}
	for n, i := range idx {
		id, hash := l.Key(i)
		r := &recs[n]
		if r.ID != id || !bytes.Equal(recordHash(r.Profile, r.Meta.FullURL, r.Resource), hash) ||
			r.Meta.Precision != l.Precision(i) {
			return nil, ErrChangedSource
		}
		if r.Meta.Card != nil || !r.Meta.Deleted.IsZero() {
			return nil, errors.New("storage: a lazy record with a card mark or deleted")
		}
		r.Meta.Hash = hash
	}
	return recs, nil
}

// writeRecord adds to ops the writes of one record of b (and the removal of what its stored
// copy indexed), counting it in res. A record known to be missing (knownMissing) is not
// looked up.
func (v *Vault) writeRecord(txn *badger.Txn, b *Batch, r *Record, missing bool, res *Result, ops *opList, capt *capture, slab *keySlab) error {
	oldProfile, old, err := "", (*Record)(nil), ErrNotFound
	if !missing {
		if testHookLookup != nil {
			testHookLookup(r.ID)
		}
		oldProfile, old, err = v.lookup(txn, r.ID)
	}
	// A record the vault does not hold has none of the keys that name its identity (its
	// record key, identity and index entries): a journaled write does not read them for its
	// undo entry. Its full URL may be another record's, so that one is read.
	set := ops.set
	switch {
	case errors.Is(err, ErrNotFound):
		set = ops.setNew
		res.Added[r.ID.Type]++
	case err != nil:
		return err
	default:
		same := bytes.Equal(old.Meta.Hash, r.Meta.Hash)
		if same && r.Meta.Card == nil {
			// The same resource from elsewhere: still exactly what the card carried.
			r.Meta.Card = old.Meta.Card
		}
		if same && old.Meta.Deleted.Equal(r.Meta.Deleted) && sameMark(old.Meta.Card, r.Meta.Card) {
			res.Unchanged++
			if samePrecision(old.Meta.Precision, r.Meta.Precision) && sameHome(old.Meta.Home, r.Meta.Home) {
				return nil
			}
			// The same record, stored before its date's precision or its home mark was
			// kept: written again with them, and still counted as unchanged.
		} else {
			res.Updated[r.ID.Type]++
		}
		ks, _ := indexKeys(oldProfile, r.ID, &old.Meta)
		for _, k := range ks {
			ops.del(k)
		}
		if oldProfile != r.Profile || old.Meta.Date != r.Meta.Date {
			ops.del(recordKey(oldProfile, old.Meta.Date, r.ID))
		}
		if old.Meta.FullURL != "" && old.Meta.FullURL != r.Meta.FullURL {
			ops.del(key(prefixFullURL, old.Meta.FullURL))
		}
	}
	if !b.remote && !b.Move {
		r.Meta.File = b.File
		r.Meta.ImportedAt = b.Now.UTC()
	}
	if old != nil && !b.remote && !b.Move {
		// Written again here: it came in when its first version did (F421). A change from
		// the household keeps the Meta its writer sent, so every device holds the same.
		first := old.Meta.Added
		if first.IsZero() {
			first = old.Meta.ImportedAt
		}
		if !first.IsZero() && (r.Meta.Added.IsZero() || first.Before(r.Meta.Added)) {
			r.Meta.Added = first
		}
	}
	if !r.Meta.Added.Before(r.Meta.ImportedAt) {
		r.Meta.Added = time.Time{} // (no earlier than this write: nothing to keep)
	}
	env, err := encodeEnvelope(&r.Meta, r.Resource)
	if err != nil {
		return err
	}
	// The record's keys and index values are cut from the batch's slab: they live as long
	// as its operations, which hold them all until written.
	slab.room(2*len(r.Profile) + len(r.Meta.Date) + 2*(len(r.ID.Source)+len(r.ID.Type)+len(r.ID.ID)) +
		len(r.Meta.FullURL) + 16 + indexKeysSize(r.Profile, r.ID, &r.Meta))
	set(slab.key(prefixRecord, r.Profile, r.Meta.Date, r.ID.Source, r.ID.Type, r.ID.ID), env)
	addIndexKeys(slab, r.Profile, r.ID, &r.Meta, set)
	if r.Meta.FullURL != "" {
		ops.set(slab.key(prefixFullURL, r.Meta.FullURL), slab.key(nil, r.ID.Source, r.ID.Type, r.ID.ID))
	}
	capt.record(r.Profile, r.ID)
	return nil
}

// delRecord adds to ops the removal of a stored record (its person, identity and Meta): its
// record key and its index entries (delIndexes).
func delRecord(txn *badger.Txn, ops *opList, profile string, id ID, m *Meta, keepURL bool) {
	ops.del(recordKey(profile, m.Date, id))
	delIndexes(txn, ops, profile, id, m, keepURL)
}

// delIndexes adds to ops the removal of a stored record's index entries, and of the fullUrl
// index when that names it and keepURL is false. Every removal of a record goes through it
// (Batch.Remove, a household's deletion, a person deleted, the shared records only they
// referred to).
func delIndexes(txn *badger.Txn, ops *opList, profile string, id ID, m *Meta, keepURL bool) {
	ks, _ := indexKeys(profile, id, m)
	for _, k := range ks {
		ops.del(k)
	}
	if m.FullURL != "" && !keepURL {
		uk := key(prefixFullURL, m.FullURL)
		if b, err := getValue(txn, uk); err == nil && bytes.Equal(b, key(nil, id.Source, id.Type, id.ID)) {
			ops.del(uk)
		}
	}
}

func getValue(txn *badger.Txn, k []byte) ([]byte, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("reading the vault: %w", err)
	}
	return item.ValueCopy(nil)
}

// locate finds the profile and date of a record by identity.
func locate(txn *badger.Txn, id ID) (profile, date string, err error) {
	v, err := getValue(txn, key(prefixIdentity, id.Source, id.Type, id.ID))
	if err != nil {
		return "", "", err
	}
	p, d, ok := bytes.Cut(v, []byte{sep})
	if !ok {
		return "", "", errBadEnvelope
	}
	return string(p), string(d), nil
}

// lookup finds a record by identity in any profile.
func (v *Vault) lookup(txn *badger.Txn, id ID) (string, *Record, error) {
	profile, date, err := locate(txn, id)
	if err != nil {
		return "", nil, err
	}
	env, err := getValue(txn, recordKey(profile, date, id))
	if err != nil {
		return "", nil, err
	}
	m, res, err := decodeEnvelope(env)
	if err != nil {
		return "", nil, err
	}
	return profile, &Record{Profile: profile, ID: id, Resource: res, Meta: m}, nil
}

// Get returns a record by identity, whichever profile holds it.
func (v *Vault) Get(id ID) (*Record, error) {
	var rec *Record
	err := v.db.View(func(txn *badger.Txn) error {
		var err error
		_, rec, err = v.lookup(txn, id)
		return err
	})
	return rec, err
}

// LookupFullURL returns the record imported with this fullUrl (for urn:uuid: references).
func (v *Vault) LookupFullURL(fullURL string) (ID, bool) {
	var id ID
	var ok bool
	v.db.View(func(txn *badger.Txn) error { //nolint:errcheck // a read error means "not found" here
		b, err := getValue(txn, key(prefixFullURL, fullURL))
		if err != nil {
			return nil
		}
		parts := bytes.Split(b, []byte{sep})
		if len(parts) == 3 {
			id, ok = ID{string(parts[0]), string(parts[1]), string(parts[2])}, true
		}
		return nil
	})
	return id, ok
}

// Located is a record identity with the profile holding it.
type Located struct {
	ID      ID
	Profile string
}

// SourceIDs returns the identities of the records of one source that profile holds, deleted
// ones included, in key order, from the identity index alone: a person's records of CareKeeper's
// own source (a few hundred) are found without walking all of theirs (100,000 at the bench's
// size: remind.NameThePerson before every export).
func (v *Vault) SourceIDs(ctx context.Context, source, profile string) ([]ID, error) {
	var out []ID
	pfx := prefixKey(prefixIdentity, source)
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%512 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			var held bool
			if err := it.Item().Value(func(val []byte) error {
				p, _, ok := bytes.Cut(val, []byte{sep})
				held = ok && string(p) == profile
				return nil
			}); err != nil {
				return err
			}
			if !held {
				continue
			}
			parts := splitKey(it.Item().Key(), pfx)
			if len(parts) != 2 {
				continue
			}
			out = append(out, ID{Source: source, Type: parts[0], ID: parts[1]})
		}
		return nil
	})
	return out, err
}

// LookupIdentifier returns the records of a type carrying an identifier (system|value).
func (v *Vault) LookupIdentifier(typ, ident string) ([]Located, error) {
	var out []Located
	pfx := prefixKey(prefixIdent, typ, ident)
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			parts := splitKey(it.Item().Key(), pfx)
			if len(parts) != 2 {
				continue
			}
			p, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out = append(out, Located{ID: ID{Source: parts[0], Type: typ, ID: parts[1]}, Profile: string(p)})
		}
		return nil
	})
	return out, err
}

// ProfileOf returns the profile holding a record.
func (v *Vault) ProfileOf(id ID) (string, bool) {
	var p string
	err := v.db.View(func(txn *badger.Txn) error {
		var err error
		p, _, err = locate(txn, id)
		return err
	})
	return p, err == nil
}

// Query selects records. Zero fields match everything.
type Query struct {
	Profile  string    // "" for every profile (including shared)
	Type     string    // resource type
	From, To time.Time // main clinical date in [From, To); needs Profile
	// MetaOnly returns records with their Profile, ID and Meta but a nil Resource: the
	// resource is neither read nor decompressed. It is the fast way to build lists and
	// timelines; fetch the few resources shown with Get.
	MetaOnly bool
	// Reuse lends fn the same Record and resource buffer for every record: they are valid
	// only during fn. For long listings that write each resource out (records --json), so
	// that 100,000 decoded resources are not left to the collector.
	Reuse bool
	// Sizes, with MetaOnly, sets Record.Size: the resource's length, as its compressed frame
	// says (the few small resources whose frame does not say are decompressed to learn it).
	Sizes bool
	// ResourceOnly returns records with their Resource alone: Profile, ID and Meta are left
	// empty and the metadata is not decoded. For listings that write the resources out
	// (records --json). Not with MetaOnly.
	ResourceOnly bool
}

// Records calls fn for every record the query selects. With a profile, records come in date
// order (records without a date first); a date range skips records without a date.
//
// A query that decodes resources (not MetaOnly) is read by scan.go's decodeScan: fn is
// called on the caller's goroutine, in order; past its first 16,384 records other goroutines
// decompress the envelopes while this one walks the keys, so a long listing keeps both
// cores busy.
func (v *Vault) Records(ctx context.Context, q Query, fn func(*Record) error) error {
	if q.ResourceOnly && q.MetaOnly {
		return errors.New("storage: a query cannot be both ResourceOnly and MetaOnly")
	}
	return v.db.View(func(txn *badger.Txn) error {
		walk := func(visit visitFunc) error {
			n := 0
			var from []byte // where the scan was at the last release (nil: its start)
			counted := func(profile string, id ID, item *badger.Item) error {
				if n++; n%512 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				if n%releaseEvery == 0 {
					// resident.go: the table pages the scan mapped since the last release
					k := item.Key()
					v.maps.releaseRange(from, k)
					from = append(from[:0], k...)
				}
				return visit(profile, id, item)
			}
			return v.walkRecords(txn, q, counted)
		}
		if !q.MetaOnly {
			return decodeScan(ctx, scanMode{reuse: q.Reuse, resourceOnly: q.ResourceOnly}, walk, fn)
		}
		var scratch []byte // q.Sizes
		return walk(func(profile string, id ID, item *badger.Item) error {
			rec := &Record{Profile: profile, ID: id}
			// The envelope's metadata is decoded in place: decodeMeta copies what it keeps.
			err := item.Value(func(env []byte) error {
				var z []byte
				var err error
				rec.Meta, z, err = decodeMeta(env)
				if err == nil && q.Sizes {
					rec.Size, scratch, err = resourceSize(env, z, scratch)
				}
				return err
			})
			if err != nil {
				return err
			}
			return fn(rec)
		})
	})
}

// visitFunc is called with each record a walk selects; item is valid only during the call.
type visitFunc func(profile string, id ID, item *badger.Item) error

// walkRecords calls visit with every record q selects, in key order (Records' order).
func (v *Vault) walkRecords(txn *badger.Txn, q Query, visit visitFunc) error {
	if q.Profile != "" && q.Type != "" && q.From.IsZero() && q.To.IsZero() {
		return v.scanType(txn, q, visit)
	}
	return v.walkRange(txn, q, visit)
}

// walkRange is walkRecords by walking the record keys of q's profile (or every profile) in
// their order, from q.From to q.To, and leaving out those of other types than q.Type.
func (v *Vault) walkRange(txn *badger.Txn, q Query, visit visitFunc) error {
	var names keyNames
	pfx := prefixRecord
	start := pfx
	var end []byte
	if q.Profile != "" {
		pfx = prefixKey(prefixRecord, q.Profile)
		start = pfx
		if !q.From.IsZero() {
			start = append(append([]byte{}, pfx...), SortableTime(q.From)...)
		} else if !q.To.IsZero() {
			start = append(append([]byte{}, pfx...), '0') // skip records without a date
		}
		if !q.To.IsZero() {
			end = append(append([]byte{}, pfx...), SortableTime(q.To)...)
		}
	}
	// A walk without a date range reads every block of the prefix: Badger decompresses the
	// next blocks on other goroutines while this one reads the current one (ReadAhead, our
	// patch of third_party/badger). A date range reads a few blocks, where it would mostly
	// decompress blocks past the end.
	it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx, ReadAhead: q.From.IsZero() && q.To.IsZero()})
	defer it.Close()
	for it.Seek(start); it.Valid(); it.Next() {
		k := it.Item().Key()
		if end != nil && bytes.Compare(k, end) >= 0 {
			break
		}
		if q.Type != "" && !recordOfType(k, q.Type) {
			continue // without splitting its key: most records of a type query are others
		}
		if q.ResourceOnly {
			// No names to give: only check that k is a record key, as names.record does.
			if bytes.Count(k[len(prefixRecord):], []byte{sep}) != 4 {
				continue
			}
			if err := visit("", ID{}, it.Item()); err != nil {
				return err
			}
			continue
		}
		profile, id, ok := names.record(k)
		if !ok || (q.Type != "" && id.Type != q.Type) {
			continue
		}
		if err := visit(profile, id, it.Item()); err != nil {
			return err
		}
	}
	return nil
}

// keyNames parses record keys for a scan, keeping the last profile, source and type seen: a
// scan meets a handful of each, so only the id of a record is a new string.
type keyNames struct{ profile, source, typ string }

// record is the profile and identity in the record key k (r 0 profile 0 date 0 source 0 type
// 0 id); ok is false for a key of another form.
func (c *keyNames) record(k []byte) (profile string, id ID, ok bool) {
	var parts [5][]byte
	k = k[len(prefixRecord):]
	for i := range 4 {
		j := bytes.IndexByte(k, sep)
		if j < 0 {
			return "", ID{}, false
		}
		parts[i], k = k[:j], k[j+1:]
	}
	if bytes.IndexByte(k, sep) >= 0 {
		return "", ID{}, false
	}
	parts[4] = k
	for _, n := range [...]struct {
		s *string
		b []byte
	}{{&c.profile, parts[0]}, {&c.source, parts[2]}, {&c.typ, parts[3]}} {
		if *n.s != string(n.b) {
			*n.s = string(n.b)
		}
	}
	return c.profile, ID{Source: c.source, Type: c.typ, ID: string(parts[4])}, true
}

// recordOfType reports whether the record key k (r 0 profile 0 date 0 source 0 type 0 id) is
// of type typ.
func recordOfType(k []byte, typ string) bool {
	k = k[len(prefixRecord):]
	for range 3 {
		i := bytes.IndexByte(k, sep)
		if i < 0 {
			return false
		}
		k = k[i+1:]
	}
	return len(k) > len(typ) && k[len(typ)] == sep && string(k[:len(typ)]) == typ
}

// scanSlabRecords is how many records of a type scanType collects the keys of (~100 bytes
// each) before it walks the person's records instead.
var scanSlabRecords = 16384

func (v *Vault) scanType(txn *badger.Txn, q Query, visit visitFunc) error {
	// The type index gives the person's records of the type in the order of their identity;
	// the records themselves are stored in date order. Reading each by a point lookup in the
	// index's order decrypted and decompressed a block per record unless the block cache held
	// the whole type. So the record keys are collected (one slab: ~100 bytes a record), sorted,
	// and read by stepping one iterator forward: in date order, as Records promises, and each
	// block about once.
	//
	// A type of more than scanSlabRecords records is read by walking all the person's records
	// in their order instead, leaving out the other types' (walkRange): such a type is most of
	// a person's records (100,000 watch readings, 40,000 observations of 48,000 records), and
	// its slab was the largest part of the scan's memory (35 MB for 300,000 readings).
	pfx := prefixKey(prefixType, q.Profile, q.Type)
	var slab []byte
	var ends []int
	it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
	for it.Rewind(); it.Valid(); it.Next() {
		if len(ends) == scanSlabRecords {
			it.Close()
			return v.walkRange(txn, q, visit)
		}
		parts := splitKey(it.Item().Key(), pfx)
		if len(parts) != 2 {
			continue
		}
		date, err := it.Item().ValueCopy(nil)
		if err != nil {
			it.Close()
			return err
		}
		slab = append(slab, recordKey(q.Profile, string(date), ID{Source: parts[0], Type: q.Type, ID: parts[1]})...)
		ends = append(ends, len(slab))
	}
	it.Close()
	key := func(i int) []byte {
		if i == 0 {
			return slab[:ends[0]]
		}
		return slab[ends[i-1]:ends[i]]
	}
	order := make([]int, len(ends))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return bytes.Compare(key(order[a]), key(order[b])) < 0 })
	rit := txn.NewIterator(badger.IteratorOptions{Prefix: prefixKey(prefixRecord, q.Profile)})
	defer rit.Close()
	var names keyNames
	for n, i := range order {
		k := key(i)
		if n == 0 {
			rit.Seek(k)
		}
		// Step forward to the key, seeking only over long gaps (a seek decodes its blocks again).
		for steps := 0; rit.Valid() && bytes.Compare(rit.Item().Key(), k) < 0; steps++ {
			if steps == 256 {
				rit.Seek(k)
				break
			}
			rit.Next()
		}
		if !rit.Valid() || !bytes.Equal(rit.Item().Key(), k) {
			return fmt.Errorf("reading the vault: %w", ErrNotFound)
		}
		profile, id, ok := names.record(k)
		if !ok {
			return fmt.Errorf("reading the vault: %w", ErrNotFound)
		}
		if err := visit(profile, id, rit.Item()); err != nil {
			return err
		}
	}
	return nil
}

// SortableTime formats t the way the date index stores dates.
func SortableTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// SortableDate turns a FHIR date, dateTime or instant ("2019", "2019-03", "2019-03-04",
// "2019-03-04T10:00:00+02:00") into the index form, or "" when it is not a FHIR date.
// Partial dates sort at the start of their period; times without a zone count as UTC.
func SortableDate(s string) string {
	s = fhirjson.LeapSecondAs59(s)
	layouts := []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return SortableTime(t)
		}
	}
	return ""
}

// TypeCounts counts a person's records by resource type (every record in the vault for
// profile ""), reading index keys only.
func (v *Vault) TypeCounts(ctx context.Context, profile string) (map[string]int, error) {
	counts := map[string]int{}
	pfx := prefixType
	if profile != "" {
		pfx = prefixKey(prefixType, profile)
	}
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
		defer it.Close()
		for n := 0; ; n++ {
			if n == 0 {
				it.Rewind()
			} else {
				it.Next()
			}
			if !it.Valid() {
				return nil
			}
			if n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			// y 0 profile 0 type 0 source 0 id
			parts := splitKey(it.Item().Key(), prefixType)
			if len(parts) == 4 {
				counts[parts[1]]++
			}
		}
	})
	return counts, err
}

// TypeDates calls fn with the identity and main date of every record of one type of a person
// (deleted ones too: only their record says they are), from the type index alone: no record is
// read or decoded and nothing is held, where Records of a type holds every record key to give
// them in date order (~100 bytes a record). The order is the identities' (source, then id).
// With a record's date, its identity is a Ref: ReadRefs reads a list of them.
func (v *Vault) TypeDates(ctx context.Context, profile, typ string, fn func(id ID, date string) error) error {
	if profile == "" || typ == "" {
		return errors.New("storage: TypeDates needs a profile and a type")
	}
	pfx := prefixKey(prefixType, profile, typ)
	return v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
		defer it.Close()
		var source string // a person's records of a type have a handful of sources
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%512 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			// y 0 profile 0 type 0 source 0 id -> date
			rest := it.Item().Key()[len(pfx):]
			i := bytes.IndexByte(rest, sep)
			if i < 0 || bytes.IndexByte(rest[i+1:], sep) >= 0 {
				continue
			}
			if source != string(rest[:i]) {
				source = string(rest[:i])
			}
			var date string
			if err := it.Item().Value(func(b []byte) error { date = string(b); return nil }); err != nil {
				return fmt.Errorf("reading the vault: %w", err)
			}
			if err := fn(ID{Source: source, Type: typ, ID: string(rest[i+1:])}, date); err != nil {
				return err
			}
		}
		v.maps.releaseRange(pfx, append(pfx[:len(pfx):len(pfx)], 0xff)) // resident.go: the pages the index mapped
		return nil
	})
}

// Ref locates a stored record: its profile, main date and identity, as Records returns them
// (also with Query.MetaOnly). Reading a record by Ref needs no index lookup.
type Ref struct {
	Profile string
	Date    string
	ID      ID
}

// Ref returns where the record is stored.
func (r *Record) Ref() Ref { return Ref{Profile: r.Profile, Date: r.Meta.Date, ID: r.ID} }

// releaseEvery is how many records a long read goes through between releases of the table
// pages it mapped (resident.go; ~6 MB of tables at Synthea's sizes, a release costs well
// under a millisecond). Without them a full read of the 100,000-resource vault kept 24–29 MB
// of tables resident until the command ended; every 4,096 records, a person's summary at 100k
// still held ~20 MB of them at its peak (102–110 MB peak RSS, 85–89 MB at 512 with no CPU
// change measurable: docs/footprint.md).
const releaseEvery = 512

// releaseSeeks is how many seeks ReadRefs makes (each to a block of its own, most likely)
// before it releases the table pages it mapped.
const releaseSeeks = 16

// compareRefs orders refs as their record keys are ordered: every part of a key is
// separated by a zero byte, which no part contains (keys.go), so comparing the parts one by
// one is comparing the keys.
func compareRefs(a, b *Ref) int {
	if c := strings.Compare(a.Profile, b.Profile); c != 0 {
		return c
	}
	if c := strings.Compare(a.Date, b.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.ID.Source, b.ID.Source); c != 0 {
		return c
	}
	if c := strings.Compare(a.ID.Type, b.ID.Type); c != 0 {
		return c
	}
	return strings.Compare(a.ID.ID, b.ID.ID)
}

// ReadRefsInKeyOrder calls fn(i, record) for every refs[i], in the vault's key order, not the
// order of refs: one pass over the records, holding nothing but the order, for a long list
// written out of order by its caller (an export file written at each entry's offset). A ref
// that names no stored record is an error wrapping ErrNotFound. The Record and its Resource
// are valid only during fn (the buffers are reused).
func (v *Vault) ReadRefsInKeyOrder(ctx context.Context, refs []Ref, fn func(i int, r *Record) error) error {
	order := make([]int32, len(refs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return compareRefs(&refs[a], &refs[b]) })
	var k, res []byte
	var rec Record
	return v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixRecord})
		defer it.Close()
		// A merge join, as in ReadRefs.
		for n, i := range order {
			if n%512 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if n%releaseEvery == releaseEvery-1 {
				v.maps.release() // resident.go: the table pages the scan mapped so far
			}
			r := &refs[i]
			k = appendRecordKey(k[:0], r)
			if n == 0 {
				it.Seek(k)
			}
			for steps := 0; it.Valid() && bytes.Compare(it.Item().Key(), k) < 0; steps++ {
				if steps == 256 {
					it.Seek(k)
					break
				}
				it.Next()
			}
			if !it.Valid() || !bytes.Equal(it.Item().Key(), k) {
				return fmt.Errorf("reading a record: %w", ErrNotFound)
			}
			err := it.Item().Value(func(env []byte) error {
				var err error
				rec = Record{Profile: r.Profile, ID: r.ID}
				if rec.Meta, res, err = decodeEnvelopeInto(env, res[:0]); err != nil {
					return err
				}
				rec.Resource = res
				return fn(int(i), &rec)
			})
			if err != nil {
				return err
			}
		}
		v.maps.release()
		return nil
	})
}

// appendRecordKey appends r's record key (recordKey) to k.
func appendRecordKey(k []byte, r *Ref) []byte {
	k = append(k, prefixRecord...)
	for i, p := range [...]string{r.Profile, r.Date, r.ID.Source, r.ID.Type, r.ID.ID} {
		if i > 0 {
			k = append(k, sep)
		}
		k = append(k, p...)
	}
	return k
}

// readWindow is how many records ReadRefs holds (compressed) at a time: about 10 MB for
// Synthea-sized resources. Each window reads the whole key range once.
const readWindow = 16384

// ReadRefs calls fn with each record of refs, decoded, in the order of refs. It is for long
// lists in an order other than the vault's (an export sorted by type and id): instead of one
// random read per record, each window of refs is read in key order, so every block of the
// vault is decrypted and decompressed about once a window, and only the window's compressed
// values are held. A ref that names no stored record is an error wrapping ErrNotFound.
//
// The Record and its Resource are valid only during fn (the buffers are reused): a 100,000-
// record export would otherwise leave its 170 MB of JSON to the collector.
func (v *Vault) ReadRefs(ctx context.Context, refs []Ref, fn func(*Record) error) error {
	var slab, res []byte // the window's envelopes, end to end; the decoded resource
	type span struct{ a, b int }
	for start := 0; start < len(refs); start += readWindow {
		win := refs[start:min(start+readWindow, len(refs))]
		order := make([]int, len(win))
		keys := make([][]byte, len(win))
		for i := range win {
			order[i] = i
			keys[i] = recordKey(win[i].Profile, win[i].Date, win[i].ID)
		}
		sort.Slice(order, func(a, b int) bool { return bytes.Compare(keys[order[a]], keys[order[b]]) < 0 })
		envs := make([]span, len(win))
		slab = slab[:0]
		err := v.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixRecord})
			defer it.Close()
			// A merge join: step forward to each key in order, seeking only over long gaps
			// (a seek decodes its blocks again).
			seeks, since := 0, 0
			for n, i := range order {
				if n%512 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				if since++; since == releaseEvery || seeks == releaseSeeks {
					// resident.go: the table pages the window mapped so far. A window of one
					// result's readings over decades seeks to a block of its own for most
					// of them: 512 of them mapped 32 MB of 64 KiB blocks.
					v.maps.release()
					seeks, since = 0, 0
				}
				k := keys[i]
				if n == 0 {
					it.Seek(k)
				}
				for steps := 0; it.Valid() && bytes.Compare(it.Item().Key(), k) < 0; steps++ {
					if steps == 256 {
						it.Seek(k)
						seeks++
						break
					}
					it.Next()
				}
				if !it.Valid() || !bytes.Equal(it.Item().Key(), k) {
					return fmt.Errorf("reading a record: %w", ErrNotFound)
				}
				err := it.Item().Value(func(env []byte) error {
					envs[i] = span{len(slab), len(slab) + len(env)}
					slab = append(slab, env...)
					return nil
				})
				if err != nil {
					return fmt.Errorf("reading the vault: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		v.maps.release() // resident.go: the table pages the window mapped
		for i, sp := range envs {
			var m Meta
			var err error
			if m, res, err = decodeEnvelopeInto(slab[sp.a:sp.b], res[:0]); err != nil {
				return err
			}
			if err := fn(&Record{Profile: win[i].Profile, ID: win[i].ID, Resource: res, Meta: m}); err != nil {
				return err
			}
		}
	}
	return nil
}
