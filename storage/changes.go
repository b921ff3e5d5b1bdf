package storage

// Household change capture (issue 14). Once a vault belongs to a household (StartChanges),
// every write of what a household exchanges appends, in the same transaction, an entry to a
// local change log and stamps the key's version with the vault's hybrid logical clock:
//
//	h 0 device                  -> this device's id in the household (capture is on)
//	h 0 clock                   -> the HLC's last stamp (12 bytes)
//	h 0 seq                     -> the last change-log sequence number
//	h 0 state                   -> the household's own state (keys, epochs, cursors: opaque)
//	h 0 l 0 <seq, 8 bytes BE>   -> change-log entry: kind 0 profile 0 key
//	h 0 v 0 kind 0 key          -> the key's version: stamp, deleted, log seq (0: remote), device
//
// The log holds at most one entry per key: a newer local change of a key removes its older
// entry, and Changes reads the key's current value, so a key edited ten times between two
// exchanges is sent once. Remote changes (ApplyChanges) go through the same write path, are
// judged against the key's version and never enter the log. Without a household nothing of
// this is written or read: Write checks one flag.
//
// What is exchanged: every record (KindRecord; CareKeeper's own dose answers, the
// MedicationAdministration records of AppSource, are KindDose: each answer has its own id, so
// two devices' answers are both kept), people (KindProfile; deleting a person is final: their
// tombstone beats every change of theirs, older or newer), and the app state under
// ExchangedState (schedules and their overrides, a person's settings, dismissed cards, visit
// questions, medicine choices). Reminder bookkeeping (what was shown when), portals, sign-ins
// and sync checkpoints stay on the device.

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"carekeeper/internal/hlc"
)

// Kinds of exchanged changes.
const (
	KindRecord  = "record"
	KindDose    = "dose"
	KindProfile = "profile"
	KindState   = "state"
)

// ExchangedState are the prefixes of the app state keys a household exchanges.
var ExchangedState = []string{"remind/plan/", "remind/settings/", "journey/card/", "journey/questions/", "health/medicine/"}

// IsExchangedState reports whether a state key is exchanged with the household.
func IsExchangedState(k string) bool {
	for _, p := range ExchangedState {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

var (
	hhDeviceKey   = []byte("h\x00device")
	hhClockKey    = []byte("h\x00clock")
	hhSeqKey      = []byte("h\x00seq")
	hhStateKey    = []byte("h\x00state")
	prefixHH      = []byte("h\x00")
	prefixChange  = []byte("h\x00l\x00")
	prefixVersion = []byte("h\x00v\x00")
)

// Change is one exchanged change: the storage side of household.Op.
type Change struct {
	Kind    string
	Profile string // the person it belongs to; SharedProfile or "" for everyone's
	Key     string // identity within Kind
	Deleted bool   // a tombstone: Value is nil
	Value   []byte
	Stamp   hlc.Stamp
	Device  string
	// After is what its writer held for the key when it made the change, for the app's
	// exchanged state: the change it replaced there (the zero ChangeID: none), so a device can
	// tell a change made after its own had arrived from one made without seeing it (F494). nil:
	// not known (records and people, a change logged before CareKeeper kept it, or one from a
	// device that does not say it).
	After *ChangeID
}

// ChangeID names one change of a key: its stamp and its writer.
type ChangeID struct {
	Stamp  hlc.Stamp
	Device string
}

// ErrNoHousehold is returned by Changes when the vault belongs to no household.
var ErrNoHousehold = errors.New("this vault is not in a household")

// changeNow is the physical time the vault's clock reads (tests replace it).
var changeNow = time.Now

// RecordKey is the Change key of a record.
func RecordKey(id ID) string {
	return url.PathEscape(id.Source) + "/" + url.PathEscape(id.Type) + "/" + url.PathEscape(id.ID)
}

// ParseRecordKey is the inverse of RecordKey.
func ParseRecordKey(k string) (ID, bool) {
	parts := strings.Split(k, "/")
	if len(parts) != 3 {
		return ID{}, false
	}
	var id ID
	for i, dst := range []*string{&id.Source, &id.Type, &id.ID} {
		s, err := url.PathUnescape(parts[i])
		if err != nil || s == "" || strings.IndexByte(s, 0) >= 0 {
			return ID{}, false
		}
		*dst = s
	}
	return id, true
}

func recordKind(id ID) string {
	if id.Source == AppSource && id.Type == "MedicationAdministration" {
		return KindDose
	}
	return KindRecord
}

// stateProfile is the person a state key belongs to ("" if none).
func stateProfile(k string) string {
	parts := strings.SplitN(k, "/", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// recordValue is how a record travels: its profile, its Meta (links resolved at import are
// kept as they are) and the resource.
type recordValue struct {
	Profile  string          `json:"p"`
	Meta     Meta            `json:"m"`
	Resource json.RawMessage `json:"r"`
}

type version struct {
	stamp   hlc.Stamp
	deleted bool
	seq     uint64 // the local log entry holding it; 0 for a remote change
	device  string
	after   *ChangeID // Change.After (nil: not known)
}

// encode: stamp (12 bytes), deleted (1), seq (8), device; then, when after is known, a 0 byte
// (a device id never holds one) and, unless after is the zero ChangeID, its stamp (12) and
// device. A version written before after was kept reads as not known.
func (ver version) encode() []byte {
	b := make([]byte, 0, 21+len(ver.device))
	b = binary.BigEndian.AppendUint64(b, uint64(ver.stamp.Wall))
	b = binary.BigEndian.AppendUint32(b, ver.stamp.Logical)
	if ver.deleted {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.BigEndian.AppendUint64(b, ver.seq)
	b = append(b, ver.device...)
	if a := ver.after; a != nil {
		b = append(b, 0)
		if *a != (ChangeID{}) {
			b = binary.BigEndian.AppendUint64(b, uint64(a.Stamp.Wall))
			b = binary.BigEndian.AppendUint32(b, a.Stamp.Logical)
			b = append(b, a.Device...)
		}
	}
	return b
}

func decodeVersion(b []byte) (version, error) {
	if len(b) < 21 {
		return version{}, errors.New("damaged change version")
	}
	ver := version{
		stamp:   hlc.Stamp{Wall: int64(binary.BigEndian.Uint64(b)), Logical: binary.BigEndian.Uint32(b[8:])},
		deleted: b[12] == 1,
		seq:     binary.BigEndian.Uint64(b[13:]),
		device:  string(b[21:]),
	}
	dev, after, ok := bytes.Cut(b[21:], []byte{0})
	if !ok {
		return ver, nil
	}
	ver.device, ver.after = string(dev), &ChangeID{}
	switch {
	case len(after) == 0:
	case len(after) < 12:
		return version{}, errors.New("damaged change version")
	default:
		ver.after.Stamp = hlc.Stamp{Wall: int64(binary.BigEndian.Uint64(after)), Logical: binary.BigEndian.Uint32(after[8:])}
		ver.after.Device = string(after[12:])
	}
	return ver, nil
}

// id is the ChangeID of the change a version is of.
func (ver version) id() ChangeID { return ChangeID{Stamp: ver.stamp, Device: ver.device} }

func versionKey(kind, k string) []byte { return key(prefixVersion, kind, k) }

func changeKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(nil), prefixChange...), seq)
}

func readVersion(txn *badger.Txn, kind, k string) (version, bool, error) {
	b, err := getValue(txn, versionKey(kind, k))
	if errors.Is(err, ErrNotFound) {
		return version{}, false, nil
	}
	if err != nil {
		return version{}, false, err
	}
	ver, err := decodeVersion(b)
	return ver, err == nil, err
}

func readUint64(txn *badger.Txn, k []byte) (uint64, error) {
	b, err := getValue(txn, k)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, errors.New("damaged change log")
	}
	return binary.BigEndian.Uint64(b), nil
}

func readClock(txn *badger.Txn) (hlc.Stamp, error) {
	b, err := getValue(txn, hhClockKey)
	if errors.Is(err, ErrNotFound) {
		return hlc.Stamp{}, nil
	}
	if err != nil {
		return hlc.Stamp{}, err
	}
	if len(b) != 12 {
		return hlc.Stamp{}, errors.New("damaged household clock")
	}
	return hlc.Stamp{Wall: int64(binary.BigEndian.Uint64(b)), Logical: binary.BigEndian.Uint32(b[8:])}, nil
}

func encodeClock(s hlc.Stamp) []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(s.Wall))
	return binary.BigEndian.AppendUint32(b, s.Logical)
}

// capture collects the local changes of one write; nil when the vault is in no household.
type capture struct {
	device string
	items  []captured
	index  map[string]int // kind 0 key -> position in items (a key changed twice: the last)
	skip   func(kind, k string) bool
}

type captured struct {
	kind, profile, key string
	deleted            bool
}

func (v *Vault) newCapture(b *Batch) *capture {
	if !v.household.Load() || (b != nil && b.remote) {
		return nil
	}
	d, _ := v.device.Load().(string)
	return &capture{device: d, index: map[string]int{}}
}

func (c *capture) add(kind, profile, k string, deleted bool) {
	if c == nil || (c.skip != nil && c.skip(kind, k)) {
		return
	}
	it := captured{kind, profile, k, deleted}
	ik := kind + "\x00" + k
	if i, ok := c.index[ik]; ok {
		c.items[i] = it
		return
	}
	c.index[ik] = len(c.items)
	c.items = append(c.items, it)
}

func (c *capture) logged() bool { return c != nil && len(c.items) > 0 }

func (c *capture) record(profile string, id ID) {
	if c == nil {
		return // no household: nothing is logged, and the record's log key is not made
	}
	c.add(recordKind(id), profile, RecordKey(id), false)
}

func (c *capture) state(s StateOp) {
	if c != nil && IsExchangedState(s.Key) {
		c.add(KindState, stateProfile(s.Key), s.Key, s.Delete)
	}
}

// finish stamps the captured changes and adds their log entries, versions, the clock and
// the sequence number to ops, which the caller writes in one transaction (or journal).
func (c *capture) finish(txn *badger.Txn, ops *opList) error {
	if c == nil || len(c.items) == 0 {
		return nil
	}
	last, err := readClock(txn)
	if err != nil {
		return err
	}
	seq, err := readUint64(txn, hhSeqKey)
	if err != nil {
		return err
	}
	clock := hlc.New(last)
	now := changeNow()
	for _, it := range c.items {
		old, ok, err := readVersion(txn, it.kind, it.key)
		if err != nil {
			return err
		}
		if ok && old.seq > 0 {
			ops.del(changeKey(old.seq))
		}
		seq++
		ops.set(changeKey(seq), key(nil, it.kind, it.profile, it.key))
		ver := version{stamp: clock.Now(now), deleted: it.deleted, seq: seq, device: c.device}
		if it.kind == KindState { // what this change started from (F494)
			switch {
			case !ok:
				ver.after = &ChangeID{}
			case old.device == c.device:
				ver.after = old.after // this device's own earlier change: what that one started from
			default:
				id := old.id()
				ver.after = &id
			}
		}
		ops.set(versionKey(it.kind, it.key), ver.encode())
	}
	ops.set(hhSeqKey, binary.BigEndian.AppendUint64(nil, seq))
	ops.set(hhClockKey, encodeClock(clock.Last()))
	return nil
}

// ErrViewOnly refuses a change of a person this device may only view in its household.
var ErrViewOnly = errors.New("this computer may only view this person's records: change them on a computer that manages them (see 'share')")

// viewOnlyKey keeps, on this device, the people it may only view (SetViewOnly).
const viewOnlyKey = "household/viewonly"

// SetViewOnly records the people this device may only view in its household (the household
// layer knows the roles; it calls this after each exchange). From then on a local change of
// their records, dose answers, person, schedules or medicine choices (taking, stopped) is
// refused with ErrViewOnly, so the CLI and the app never make edits the household would not
// take.
func (v *Vault) SetViewOnly(ctx context.Context, profiles []string) error {
	set := map[string]bool{}
	for _, p := range profiles {
		set[p] = true
	}
	// Nothing stored and none to store: nothing written (every household open wrote, durably,
	// the removal of a list never stored, and failed on a full disk, where the vault is
	// read-only: 'household status' and 'devices' said only that the disk was full).
	if old := v.viewOnly.Load(); old != nil && maps.Equal(*old, set) || old == nil && len(set) == 0 {
		return nil
	}
	b, _ := json.Marshal(profiles)
	op := StateOp{Key: viewOnlyKey, Value: b}
	if len(profiles) == 0 {
		op = StateOp{Key: viewOnlyKey, Delete: true}
	}
	if err := v.UpdateState(ctx, op); err != nil {
		return err
	}
	v.viewOnly.Store(&set)
	return nil
}

// ViewOnly reports whether this device may only view the person in its household.
func (v *Vault) ViewOnly(profile string) bool {
	vo := v.viewOnly.Load()
	return vo != nil && (*vo)[profile]
}

// ErrNotShared refuses a change of a person the household no longer shares with this device
// (their share was withdrawn: 'share --role none'): it would never leave this device.
var ErrNotShared = errors.New("this person is no longer shared with this computer: a change made here would stay here, so it is refused (see 'share')")

// notSharedKey keeps, on this device, the people whose share was withdrawn (SetNotShared).
const notSharedKey = "household/notshared"

// SetNotShared records the people the household shared with this device and no longer does,
// with when the share was withdrawn (the household layer knows; it calls this after each
// exchange). From then on a local change of their records, dose answers, person, schedules
// or medicine choices is refused with ErrNotShared, as for a person this device may only
// view; deleting the person from this computer is allowed (it stays here too).
func (v *Vault) SetNotShared(ctx context.Context, people map[string]time.Time) error {
	if old := v.notShared.Load(); old != nil && maps.EqualFunc(*old, people, time.Time.Equal) ||
		old == nil && len(people) == 0 {
		return nil
	}
	b, _ := json.Marshal(people)
	op := StateOp{Key: notSharedKey, Value: b}
	if len(people) == 0 {
		op = StateOp{Key: notSharedKey, Delete: true}
	}
	if err := v.UpdateState(ctx, op); err != nil {
		return err
	}
	m := maps.Clone(people)
	v.notShared.Store(&m)
	return nil
}

// NotShared reports whether the household no longer shares the person with this device, and
// since when (SetNotShared).
func (v *Vault) NotShared(profile string) (since time.Time, ok bool) {
	if ns := v.notShared.Load(); ns != nil {
		since, ok = (*ns)[profile]
	}
	return since, ok
}

// checkViewOnly refuses a local write that changes a person this device may only view, or
// one no longer shared with it (deleting that person from this computer excepted).
func (v *Vault) checkViewOnly(c *capture) error {
	vo, ns := v.viewOnly.Load(), v.notShared.Load()
	if c == nil || (vo == nil || len(*vo) == 0) && (ns == nil || len(*ns) == 0) {
		return nil
	}
	var deleted map[string]bool
	for _, it := range c.items {
		if it.kind == KindProfile && it.deleted {
			if deleted == nil {
				deleted = map[string]bool{}
			}
			deleted[it.profile] = true
		}
	}
	for _, it := range c.items {
		_, notShared := v.NotShared(it.profile)
		notShared = notShared && !deleted[it.profile]
		if !notShared && (vo == nil || !(*vo)[it.profile]) {
			continue
		}
		if it.kind != KindState || strings.HasPrefix(it.key, "remind/plan/") ||
			strings.HasPrefix(it.key, "health/medicine/") {
			if notShared {
				return ErrNotShared
			}
			return ErrViewOnly
		}
	}
	return nil
}

// Changed is signalled (without blocking; it holds one signal) after a write logs a local
// change, so a background exchange can send it soon.
func (v *Vault) Changed() <-chan struct{} { return v.changed }

func (v *Vault) signalChanged() {
	select {
	case v.changed <- struct{}{}:
	default:
	}
}

// Writer returns the device that wrote the current value of a key (and when), as far as the
// household's versions tell; ok is false outside a household or for a key never exchanged.
func (v *Vault) Writer(kind, k string) (device string, at hlc.Stamp, ok bool) {
	if !v.household.Load() {
		return "", hlc.Stamp{}, false
	}
	_ = v.db.View(func(txn *badger.Txn) error {
		ver, found, err := readVersion(txn, kind, k)
		if err == nil && found {
			device, at, ok = ver.device, ver.stamp, true
		}
		return nil
	})
	return device, at, ok
}

// loadHousehold sets the capture flag from the vault (at open).
func (v *Vault) loadHousehold() error {
	return v.db.View(func(txn *badger.Txn) error {
		b, err := getValue(txn, hhDeviceKey)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v.device.Store(string(b))
		v.household.Store(true)
		if b, err := getValue(txn, stateKey(viewOnlyKey)); err == nil {
			var list []string
			if json.Unmarshal(b, &list) == nil {
				set := map[string]bool{}
				for _, p := range list {
					set[p] = true
				}
				v.viewOnly.Store(&set)
			}
		}
		if b, err := getValue(txn, stateKey(notSharedKey)); err == nil {
			var m map[string]time.Time
			if json.Unmarshal(b, &m) == nil {
				v.notShared.Store(&m)
			}
		}
		return nil
	})
}

// Device returns this vault's device id in its household ("" when it is in none).
func (v *Vault) Device() string {
	d, _ := v.device.Load().(string)
	return d
}

// StartChanges puts the vault in a household as device: from now on every exchanged write is
// logged, and everything the vault already holds is logged once now, so the household gets it
// too. Starting again with the same device does nothing.
func (v *Vault) StartChanges(ctx context.Context, device string) error {
	if device == "" || strings.IndexByte(device, 0) >= 0 {
		return errors.New("a device id is needed")
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if have := v.Device(); have != "" {
		if have == device {
			return nil
		}
		return errors.New("this vault is already in a household as another device")
	}
	c := &capture{device: device, index: map[string]int{}}
	err := v.db.View(func(txn *badger.Txn) error {
		c.skip = func(kind, k string) bool { // received from the household while joining
			_, ok, _ := readVersion(txn, kind, k)
			return ok
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixProfile})
		for it.Rewind(); it.Valid(); it.Next() {
			id := string(it.Item().Key()[len(prefixProfile):])
			c.add(KindProfile, id, id, false)
		}
		it.Close()
		it = txn.NewIterator(badger.IteratorOptions{Prefix: prefixIdentity, PrefetchValues: true})
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				it.Close()
				return ctx.Err()
			}
			parts := splitKey(it.Item().Key(), prefixIdentity)
			if len(parts) != 3 {
				continue
			}
			val, err := it.Item().ValueCopy(nil)
			if err != nil {
				it.Close()
				return fmt.Errorf("reading the vault: %w", err)
			}
			profile, _, _ := bytes.Cut(val, []byte{sep})
			c.record(string(profile), ID{parts[0], parts[1], parts[2]})
		}
		it.Close()
		it = txn.NewIterator(badger.IteratorOptions{Prefix: prefixState})
		for it.Rewind(); it.Valid(); it.Next() {
			k := string(it.Item().Key()[len(prefixState):])
			c.state(StateOp{Key: k})
		}
		it.Close()
		return nil
	})
	if err != nil {
		return fmt.Errorf("starting the household's change log: %w", err)
	}
	// Logged in pieces, each one small transaction, so a vault of 100,000 records never holds
	// its whole log in memory at once. A crash part way is finished by the next start: the
	// keys logged already have versions and are skipped, and the device is recorded last.
	items := c.items
	for {
		n := min(len(items), startPiece)
		part := &capture{device: device, items: items[:n]}
		var ops opList
		err := v.db.View(func(txn *badger.Txn) error {
			if err := part.finish(txn, &ops); err != nil {
				return err
			}
			if n == len(items) {
				ops.set(hhDeviceKey, []byte(device))
			}
			return nil
		})
		if err == nil {
			err = v.apply(ctx, ops)
		}
		if err != nil {
			return fmt.Errorf("starting the household's change log: %w", err)
		}
		if items = items[n:]; len(items) == 0 {
			break
		}
	}
	if err := v.db.Sync(); err != nil {
		return fmt.Errorf("syncing the vault to disk: %w", err)
	}
	v.device.Store(device)
	v.household.Store(true)
	return nil
}

// startPiece is how many keys StartChanges logs per transaction.
const startPiece = 4096

// StopChanges takes the vault out of its household: the change log, the versions, the clock
// and the household state are removed. The records stay.
func (v *Vault) StopChanges() error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	v.household.Store(false)
	v.device.Store("")
	v.viewOnly.Store(nil)
	v.notShared.Store(nil)
	if err := v.dropPrefix(prefixHH); err != nil {
		return fmt.Errorf("leaving the household: %w", err)
	}
	return v.db.Sync()
}

// Changes returns the local changes logged after cursor, in order, at most max, and the
// cursor to pass next time. Each carries the key's current value.
func (v *Vault) Changes(ctx context.Context, cursor uint64, max int) ([]Change, uint64, error) {
	if !v.household.Load() {
		return nil, cursor, ErrNoHousehold
	}
	var out []Change
	err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixChange})
		defer it.Close()
		for it.Seek(changeKey(cursor + 1)); it.Valid() && len(out) < max; it.Next() {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			k := it.Item().Key()
			if len(k) != len(prefixChange)+8 {
				continue
			}
			seq := binary.BigEndian.Uint64(k[len(prefixChange):])
			cursor = seq
			entry, err := it.Item().ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("reading the change log: %w", err)
			}
			parts := bytes.SplitN(entry, []byte{sep}, 3)
			if len(parts) != 3 {
				continue
			}
			c := Change{Kind: string(parts[0]), Profile: string(parts[1]), Key: string(parts[2])}
			ver, ok, err := readVersion(txn, c.Kind, c.Key)
			if err != nil {
				return err
			}
			if !ok || ver.seq != seq {
				continue // superseded by a later change of the key
			}
			c.Stamp, c.Device, c.Deleted, c.After = ver.stamp, ver.device, ver.deleted, ver.after
			if !c.Deleted {
				c.Value, err = v.changeValue(txn, c.Kind, c.Key)
				switch {
				case errors.Is(err, ErrNotFound):
					// Removed since with its person: it goes as a tombstone, so a device
					// holding an older value of the key drops it too.
					c.Deleted, c.Value = true, nil
				case err != nil:
					return err
				}
			}
			out = append(out, c)
		}
		return nil
	})
	return out, cursor, err
}

func (v *Vault) changeValue(txn *badger.Txn, kind, k string) ([]byte, error) {
	switch kind {
	case KindRecord, KindDose:
		id, ok := ParseRecordKey(k)
		if !ok {
			return nil, ErrNotFound
		}
		profile, rec, err := v.lookup(txn, id)
		if err != nil {
			return nil, err
		}
		rec.Meta.Hash = nil
		// Not json.Marshal: it would write the resource's <, >, & and U+2028 as \u003c …,
		// and the record would reach the other devices other than as imported (F67).
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(recordValue{Profile: profile, Meta: rec.Meta, Resource: rec.Resource}); err != nil {
			return nil, fmt.Errorf("encoding a change: %w", err)
		}
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
	case KindProfile:
		return getValue(txn, key(prefixProfile, k))
	case KindState:
		return getValue(txn, stateKey(k))
	}
	return nil, ErrNotFound
}

// ErrBadChange is returned for a remote change that cannot be applied (unknown kind, bad key
// or value). It names nothing of the change.
var ErrBadChange = errors.New("a change from the household is damaged")

// ApplyChanges applies the remote changes that win (wins(a, b): a replaces b for the same
// kind and key) over what the vault holds, in one all-or-nothing write that does not enter
// the change log. Applying the same changes again changes nothing. It returns how many
// changes were taken. A vault joining a household applies before StartChanges: what it
// received is then not logged as its own.
func (v *Vault) ApplyChanges(ctx context.Context, changes []Change, wins func(a, b Change) bool) (int, error) {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	// The winner of each key within the batch, in first-seen order.
	best := map[string]int{}
	var order []string
	for i := range changes {
		c := &changes[i]
		switch c.Kind {
		case KindRecord, KindDose, KindProfile, KindState:
		default:
			continue // a kind of a newer CareKeeper: left for it
		}
		ik := c.Kind + "\x00" + c.Key
		if j, ok := best[ik]; ok {
			if wins(*c, changes[j]) {
				best[ik] = i
			}
			continue
		}
		best[ik] = i
		order = append(order, ik)
	}
	b := &Batch{Now: changeNow(), Durable: true, remote: true}
	var gone []Change // people deleted
	taken := 0
	err := v.db.View(func(txn *badger.Txn) error {
		last, err := readClock(txn)
		if err != nil {
			return err
		}
		clock := hlc.New(last)
		now := changeNow()
		deleted := map[string]bool{} // people with a tombstone, held or arriving
		for _, ik := range order {
			c := changes[best[ik]]
			if c.Kind == KindProfile && c.Deleted {
				deleted[c.Key] = true
			}
		}
		isGone := func(p string) (bool, error) {
			if p == "" || p == SharedProfile {
				return false, nil
			}
			if deleted[p] {
				return true, nil
			}
			ver, ok, err := readVersion(txn, KindProfile, p)
			return ok && ver.deleted, err
		}
		for _, c := range changes {
			// Every stamp seen moves the clock, so a later local change is stamped after it;
			// a stamp too far ahead is refused by the household layer before it gets here.
			_ = clock.Observe(c.Stamp, now)
		}
		for _, ik := range order {
			c := changes[best[ik]]
			if err := checkChange(&c); err != nil {
				return err
			}
			cur, ok, err := readVersion(txn, c.Kind, c.Key)
			if err != nil {
				return err
			}
			switch {
			case ok && cur.deleted && c.Kind == KindProfile:
				continue // deleting a person is final
			case ok && cur.stamp == c.Stamp && cur.device == c.Device:
				continue // held already
			}
			if ok && !wins(c, Change{Kind: c.Kind, Key: c.Key, Profile: c.Profile, Deleted: cur.deleted, Stamp: cur.stamp, Device: cur.device}) {
				continue
			}
			owner := c.Profile
			if c.Kind == KindProfile {
				owner = ""
				if c.Deleted {
					gone = append(gone, c)
					taken++
					continue
				}
			}
			g, err := isGone(owner)
			if err != nil {
				return err
			}
			if g {
				// The key now belongs to a deleted person: it holds nothing anywhere.
				if err := v.removeKey(txn, &c, &b.extra); err != nil {
					return err
				}
			} else if err := v.addChange(txn, b, &c); err != nil {
				return err
			}
			if ok && cur.seq > 0 {
				b.extra.del(changeKey(cur.seq))
			}
			b.extra.set(versionKey(c.Kind, c.Key), version{stamp: c.Stamp, deleted: c.Deleted, device: c.Device, after: c.After}.encode())
			taken++
		}
		b.extra.set(hhClockKey, encodeClock(clock.Last()))
		return nil
	})
	if err != nil {
		return 0, err
	}
	if _, err := v.writeLocked(ctx, b); err != nil {
		return 0, err
	}
	for _, c := range gone {
		ver := version{stamp: c.Stamp, deleted: true, device: c.Device}
		if _, err := v.deleteProfileLocked(ctx, c.Key, &ver, nil); err != nil && !errors.Is(err, ErrNotFound) {
			return 0, err
		}
	}
	return taken, nil
}

func checkChange(c *Change) error {
	if c.Key == "" || strings.IndexByte(c.Key, 0) >= 0 || strings.IndexByte(c.Profile, 0) >= 0 || strings.IndexByte(c.Device, 0) >= 0 {
		return ErrBadChange
	}
	if c.Kind == KindState && (checkStateKey(c.Key) != nil || !IsExchangedState(c.Key)) {
		return ErrBadChange
	}
	if !c.Deleted && c.Value == nil {
		return ErrBadChange
	}
	return nil
}

// removeKey removes what the vault holds under a change's key (a record with its index
// entries, or a state entry).
func (v *Vault) removeKey(txn *badger.Txn, c *Change, ops *opList) error {
	switch c.Kind {
	case KindRecord, KindDose:
		id, ok := ParseRecordKey(c.Key)
		if !ok {
			return ErrBadChange
		}
		profile, rec, err := v.lookup(txn, id)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		delRecord(txn, ops, profile, id, &rec.Meta, false)
	case KindState:
		ops.del(stateKey(c.Key))
	}
	return nil
}

// addChange adds a remote change's data to the batch.
func (v *Vault) addChange(txn *badger.Txn, b *Batch, c *Change) error {
	switch c.Kind {
	case KindRecord, KindDose:
		id, ok := ParseRecordKey(c.Key)
		if !ok || recordKind(id) != c.Kind {
			return ErrBadChange
		}
		if c.Deleted {
			// A record removed with its person (a record deleted at its source is kept and
			// marked, an upsert).
			return v.removeKey(txn, c, &b.extra)
		}
		var rv recordValue
		if err := json.Unmarshal(c.Value, &rv); err != nil || rv.Profile == "" || len(rv.Resource) == 0 || rv.Profile != c.Profile {
			return ErrBadChange
		}
		rv.Meta.Hash = nil
		b.Records = append(b.Records, Record{Profile: rv.Profile, ID: id, Resource: rv.Resource, Meta: rv.Meta})
	case KindProfile:
		var p Profile
		if err := json.Unmarshal(c.Value, &p); err != nil || p.ID != c.Key {
			return ErrBadChange
		}
		b.Profiles = append(b.Profiles, p)
	case KindState:
		b.State = append(b.State, StateOp{Key: c.Key, Value: c.Value, Delete: c.Deleted})
	}
	return nil
}

// Snapshot calls fn for every key the household knows here, its winning change as held: the
// current value with the stamp and device of its version (tombstones included), local and
// remote alike, in key order. A device writes it so one joining later needs no older history.
func (v *Vault) Snapshot(ctx context.Context, fn func(Change) error) error {
	if !v.household.Load() {
		return ErrNoHousehold
	}
	return v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefixVersion, PrefetchValues: true})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			parts := bytes.SplitN(it.Item().Key()[len(prefixVersion):], []byte{sep}, 2)
			if len(parts) != 2 {
				continue
			}
			b, err := it.Item().ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("reading the vault: %w", err)
			}
			ver, err := decodeVersion(b)
			if err != nil {
				return err
			}
			c := Change{Kind: string(parts[0]), Key: string(parts[1]), Stamp: ver.stamp, Device: ver.device, Deleted: ver.deleted, After: ver.after}
			if !c.Deleted {
				c.Value, err = v.changeValue(txn, c.Kind, c.Key)
				switch {
				case errors.Is(err, ErrNotFound):
					c.Deleted, c.Value = true, nil // removed with its person
				case err != nil:
					return err
				}
			}
			c.Profile = changeProfile(c)
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// changeProfile is the person a held change belongs to (the log keeps it; a snapshot reads it
// back from the key and value).
func changeProfile(c Change) string {
	switch c.Kind {
	case KindProfile:
		return c.Key
	case KindState:
		return stateProfile(c.Key)
	}
	if c.Value != nil {
		var rv struct {
			Profile string `json:"p"`
		}
		if json.Unmarshal(c.Value, &rv) == nil {
			return rv.Profile
		}
	}
	return ""
}

// statePiece is the most bytes of the household's state kept in one value: a state may be
// larger than a value can be (its outbox holds a scanned document's sealed segment whole), so
// it is kept in pieces — the first at hhStateKey, the rest at statePieceKey(1, 2, …) — written
// and replaced together in one atomic write (F93: a 15 MB document made a state the vault
// refused at every exchange, for ever).
const statePiece = 8 << 20

// statePieceKey is the key of the state's i-th piece after the first (keys in piece order).
func statePieceKey(i int) []byte {
	k := append(append([]byte(nil), hhStateKey...), 0)
	return binary.BigEndian.AppendUint32(k, uint32(i))
}

// LoadState returns the household's own state, or nil when there is none.
func (v *Vault) LoadState(ctx context.Context) ([]byte, error) {
	var out []byte
	err := v.db.View(func(txn *badger.Txn) error {
		b, err := getValue(txn, hhStateKey)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		out = b
		it := txn.NewIterator(badger.IteratorOptions{Prefix: statePieceKey(0)[:len(hhStateKey)+1]})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := it.Item().Value(func(b []byte) error { out = append(out, b...); return nil }); err != nil {
				return fmt.Errorf("reading the vault: %w", err)
			}
		}
		return nil
	})
	return out, err
}

// SaveState keeps the household's own state in the vault, synced to disk.
func (v *Vault) SaveState(ctx context.Context, state []byte) error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	var pieces int // the pieces after the first now stored
	if err := v.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: statePieceKey(0)[:len(hhStateKey)+1]})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			pieces++
		}
		return nil
	}); err != nil {
		return fmt.Errorf("saving the household: reading the vault: %w", err)
	}
	var ops opList
	if state == nil {
		ops.del(hhStateKey)
	} else {
		first := state[:min(len(state), statePiece)]
		ops.set(hhStateKey, first)
		rest := state[len(first):]
		for i := 1; len(rest) > 0; i++ {
			n := min(len(rest), statePiece)
			ops.set(statePieceKey(i), rest[:n])
			rest = rest[n:]
		}
	}
	for i := len(ops); i <= pieces; i++ {
		ops.del(statePieceKey(i)) // pieces of a larger state before
	}
	if err := v.apply(ctx, ops); err != nil {
		return fmt.Errorf("saving the household: %w", err)
	}
	return v.db.Sync()
}
