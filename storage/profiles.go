package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Profile is one person whose records the vault keeps.
type Profile struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	BirthDate   string    `json:"birthDate,omitempty"`
	Identifiers []string  `json:"identifiers,omitempty"` // system|value of their Patient resources
	Patients    []ID      `json:"patients,omitempty"`    // their Patient resources, at every source
	Created     time.Time `json:"created"`
}

// NewProfileID returns a fresh random profile id.
func NewProfileID() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens on supported systems
	}
	return hex.EncodeToString(b[:])
}

// ErrBadProfile is returned for an invalid profile name or birth date.
var ErrBadProfile = errors.New("invalid profile")

// AddProfile creates a person.
func (v *Vault) AddProfile(name, birthDate string) (*Profile, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, fmt.Errorf("%w: a name is needed", ErrBadProfile)
	}
	if birthDate != "" {
		if _, err := time.Parse("2006-01-02", birthDate); err != nil {
			return nil, fmt.Errorf("%w: the birth date must be YYYY-MM-DD", ErrBadProfile)
		}
	}
	p := Profile{ID: NewProfileID(), Name: name, BirthDate: birthDate, Created: time.Now().UTC()}
	if _, err := v.Write(context.Background(), &Batch{Profiles: []Profile{p}, Now: p.Created}); err != nil {
		return nil, err
	}
	return &p, nil
}

// Profiles lists every person, oldest first.
func (v *Vault) Profiles() ([]Profile, error) {
	var out []Profile
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixProfile, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var p Profile
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &p) }); err != nil {
				return fmt.Errorf("reading profiles: %w", err)
			}
			out = append(out, p)
		}
		return nil
	})
	for i := 1; i < len(out); i++ { // few profiles: insertion sort by creation
		for j := i; j > 0 && out[j].Created.Before(out[j-1].Created); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, err
}

// Profile returns one person.
func (v *Vault) Profile(id string) (*Profile, error) {
	var p Profile
	err := v.db.View(func(txn *badger.Txn) error {
		b, err := getValue(txn, key(prefixProfile, id))
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &p)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// migrations[i] upgrades a vault from schema version i+1 to i+2. A migration runs outside
// any single transaction (it may rewrite the whole vault) and must be idempotent: the new
// version is recorded only after it returns, so a crash part way runs it again at the next
// open.
var migrations = []func(ctx context.Context, v *Vault) error{
	migrateTimeline, // 1 -> 2: the timeline index
}

// schemaVersion returns the vault's schema version, recording the current one in a new vault.
func (v *Vault) schemaVersion() (int, error) {
	ver := SchemaVersion
	update := v.db.Update
	if v.readOnly {
		update = v.db.View // a new vault's version is recorded at the next writable open
	}
	err := update(func(txn *badger.Txn) error {
		b, err := getValue(txn, prefixSchema)
		if errors.Is(err, ErrNotFound) {
			if v.readOnly {
				return nil
			}
			return txn.Set(prefixSchema, []byte(strconv.Itoa(SchemaVersion)))
		}
		if err != nil {
			return err
		}
		if ver, err = strconv.Atoi(string(b)); err != nil || ver < 1 {
			return fmt.Errorf("the vault's schema version is damaged")
		}
		if ver > SchemaVersion {
			return ErrNewerSchema
		}
		return nil
	})
	return ver, err
}

// migrate upgrades the vault from schema version ver to SchemaVersion.
func (v *Vault) migrate(ver int) error {
	for ; ver < SchemaVersion; ver++ {
		if err := migrations[ver-1](context.Background(), v); err != nil {
			return fmt.Errorf("upgrading the vault from version %d: %w", ver, err)
		}
		next := []byte(strconv.Itoa(ver + 1))
		if err := v.db.Update(func(txn *badger.Txn) error { return txn.Set(prefixSchema, next) }); err != nil {
			return fmt.Errorf("upgrading the vault from version %d: %w", ver, err)
		}
	}
	return nil
}

// A person's app state: the state keys "<owner>/<kind>/<profile>[/...]" of the owners in
// PersonStateOwners belong to the person with that profile id ("remind/plan/<profile>/...",
// "journey/questions/<profile>", "health/medicine/<profile>/..."). An owner that keeps
// per-person state in that layout is listed here, so DeleteProfile removes it. Portals and
// sync checkpoints ("portal/", "sync/") are keyed by portal: the caller removes those.
var PersonStateOwners = []string{"remind", "journey", "health"}

// IsPersonStateKey reports whether a state key belongs to the person with this profile id.
func IsPersonStateKey(k, profile string) bool {
	parts := strings.SplitN(k, "/", 4)
	if len(parts) < 3 || parts[1] == "" || parts[2] != profile {
		return false
	}
	for _, o := range PersonStateOwners {
		if parts[0] == o {
			return true
		}
	}
	return false
}

// DeleteProfile removes a person: their profile, every record of theirs with its index
// entries, and their app state (see IsPersonStateKey), plus the extra state ops the caller
// adds (portals bound to them). It is all-or-nothing across a crash, rolled forward: one
// transaction removes the profile and the state and leaves a marker (the commit point: the
// person is gone), then the records are removed in chunks and the marker last; an open that
// finds a marker finishes the removal before anything else reads the vault. So a crash leaves
// the person whole or gone, and memory stays one chunk whatever the person holds (an undo
// journal kept every record's previous value, and the list of every key to delete: 626 MB of
// peak RSS deleting 100,000 records). Shared records that only the person's records refer to
// (their medicine, their clinic) go with them in the first transaction (sharedonly.go); the
// other shared records stay. It returns how many records were removed; ErrNotFound when
// there is no such person.
func (v *Vault) DeleteProfile(ctx context.Context, id string, extra ...StateOp) (Deleted, error) {
	if id == "" || id == SharedProfile {
		return Deleted{}, fmt.Errorf("%w: the shared records belong to no one person", ErrBadProfile)
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	return v.deleteProfileLocked(ctx, id, nil, extra)
}

// deleteProfileLocked deletes a person; remote is the version of a household's tombstone
// (changes.go), nil for a local deletion.
// Deleted is what deleting a person removed: their records, and the shared records only
// they referred to.
type Deleted struct {
	Records, Shared int
}

func (v *Vault) deleteProfileLocked(ctx context.Context, id string, remote *version, extra []StateOp) (Deleted, error) {
	var ops opList
	var capt *capture
	sharedGone := 0 // shared records only this person's records referred to (sharedonly.go)
	if remote == nil {
		capt = v.newCapture(nil)
		capt.add(KindProfile, id, id, true)
	}
	err := v.db.View(func(txn *badger.Txn) error {
		if _, err := getValue(txn, key(prefixProfile, id)); err != nil && (remote == nil || !errors.Is(err, ErrNotFound)) {
			return err
		}
		if remote != nil {
			if old, ok, err := readVersion(txn, KindProfile, id); err != nil {
				return err
			} else if ok && old.seq > 0 {
				ops.del(changeKey(old.seq))
			}
			ops.set(versionKey(KindProfile, id), remote.encode())
		}
		shared, n, err := sharedOnlyOf(txn, id)
		if err != nil {
			return err
		}
		sharedGone = n
		ops = append(ops, shared...)
		ops.del(key(prefixProfile, id))
		ops.set(key(prefixDeleting, id), nil)
		sit := txn.NewIterator(badger.IteratorOptions{Prefix: prefixState})
		defer sit.Close()
		for sit.Rewind(); sit.Valid(); sit.Next() {
			k := sit.Item().Key()
			if IsPersonStateKey(string(k[len(prefixState):]), id) {
				ops.del(sit.Item().KeyCopy(nil))
			}
		}
		for _, s := range extra {
			if err := checkStateKey(s.Key); err != nil {
				return err
			}
			if s.Delete {
				ops.del(stateKey(s.Key))
			} else {
				ops.set(stateKey(s.Key), s.Value)
			}
		}
		if err := v.checkViewOnly(capt); err != nil {
			return err
		}
		return capt.finish(txn, &ops)
	})
	if err != nil {
		return Deleted{}, err
	}
	if err := ctx.Err(); err != nil {
		return Deleted{}, err
	}
	if err := v.apply(ctx, ops); err != nil {
		return Deleted{}, err
	}
	if capt.logged() {
		v.signalChanged()
	}
	// The person is gone: what follows only finishes it (and an open would, after a crash).
	records, err := v.purgeProfile(id)
	if err != nil {
		return Deleted{}, err
	}
	if err := v.db.Sync(); err != nil {
		return Deleted{}, fmt.Errorf("syncing the vault to disk: %w", err)
	}
	return Deleted{Records: records, Shared: sharedGone}, nil
}

// purgeProfile removes the records of a deleted person (one whose marker is written) with
// their index entries, a chunk transaction at a time, then the marker. It can stop anywhere
// and run again: each chunk removes whole records.
func (v *Vault) purgeProfile(id string) (int, error) {
	defer v.gcSoon()
	bulkWrite() // the chunks' tombstones flush and compact as an import does (memory.go)
	pfx := prefixKey(prefixRecord, id)
	maxBytes, maxOps := v.chunkLimits()
	records := 0
	for chunk := 0; ; chunk++ {
		var ops opList
		size, n := 0, 0
		err := v.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx})
			defer it.Close()
			var rec opList
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().KeyCopy(nil)
				parts := splitKey(k, prefixRecord)
				if len(parts) != 5 {
					continue
				}
				rid := ID{parts[2], parts[3], parts[4]}
				var m Meta
				if err := it.Item().Value(func(env []byte) error {
					var err error
					m, _, err = decodeMeta(env)
					return err
				}); err != nil {
					return fmt.Errorf("reading a record: %w", err)
				}
				rec = rec[:0]
				rec.del(k)
				delIndexes(txn, &rec, id, rid, &m, false)
				if len(ops) > 0 && (len(ops)+len(rec) > maxOps || size+rec.size() > maxBytes) {
					return nil
				}
				ops = append(ops, rec...)
				size += rec.size()
				n++
			}
			return nil
		})
		if err != nil {
			return records, err
		}
		if n == 0 {
			break
		}
		if err := v.db.Update(func(txn *badger.Txn) error {
			for _, o := range ops {
				if err := txn.Delete(o.key); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			if isDiskFull(err) {
				return records, ErrDiskFull
			}
			return records, fmt.Errorf("removing a deleted person's records: %w", err)
		}
		records += n
		v.compactIfQuiet()
		v.afterBulk()
		if testHookAfterChunk != nil {
			if err := testHookAfterChunk(chunk); err != nil {
				return records, err
			}
		}
	}
	if err := v.db.Update(func(txn *badger.Txn) error { return txn.Delete(key(prefixDeleting, id)) }); err != nil {
		return records, fmt.Errorf("removing a deleted person's records: %w", err)
	}
	return records, nil
}

// finishDeletes completes the deletions of people that a crash interrupted (purgeProfile).
func (v *Vault) finishDeletes() error {
	var ids []string
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixDeleting})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			ids = append(ids, string(it.Item().Key()[len(prefixDeleting):]))
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		return err
	}
	if v.readOnly {
		return ErrDiskFull // finishing needs space; until then the records would show
	}
	for _, id := range ids {
		v.log.Warn("finishing the deletion of a person that was interrupted")
		if _, err := v.purgeProfile(id); err != nil {
			return err
		}
	}
	return nil
}
