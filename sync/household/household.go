// Package household keeps the vaults of one household's devices in step through a transport the
// household already has (a synced folder or a WebDAV server), with nothing readable leaving a
// device. See docs/household.md for the design, the file formats and the threat model.
//
// Each device appends its changes to its own immutable, padded, encrypted and signed segment
// files; every device merges every segment it may read, deterministically (hybrid logical
// clocks, last writer wins per record, tombstones, dose answers as a set), so devices that
// have seen the same segments hold the same data whatever order they arrived in.
//
// Seam changes against HOUSEHOLD-CONTRACT.md §3 (the others rebase):
//   - Share takes (ctx, profile, device, role, now), like Revoke, since it writes a signed
//     membership change.
//   - Role, Grant, Device, Refusal and the errors below are spelled out; Household also has
//     ID, Name, DeviceID, Role and Snapshot; Report also has Admitted and Waiting.
//   - A replica may also implement Snapshotter (snapshots and compaction need it), Holder and
//     ClockObserver (roles enforced on receipt: authority.go).
//   - Share, Invite and Revoke refuse a device that may not (ErrNotSharer, ErrNotManager).
package household

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/crypto/chacha20poly1305"

	"carekeeper/internal/hlc"
	"carekeeper/sync/transport"
)

// Op is one change of one item: an upsert or a tombstone, stamped by its writer.
type Op struct {
	Kind    string    // "record", "profile", "state", "dose", ... (the replica decides the kinds)
	Profile string    // the person it belongs to ("" = household-wide); sharing filters on it
	Key     string    // identity within Kind, e.g. "Observation/abc"
	Deleted bool      // tombstone
	Value   []byte    // opaque payload (nil when Deleted)
	Stamp   hlc.Stamp // the writer's hybrid logical time of the change
	Device  string    // device id of the writer
	// After is what the writer held for (Kind, Key) when it made the change: the change it
	// replaced there, the zero OpID when it held none. A reader tells by it a change made
	// after its own had arrived there from one made without seeing it (Saw; F494). nil: not
	// said (a change written by an older CareKeeper, or of a kind the replica does not say it
	// for): taken as made without seeing any. Carried encrypted in the segment like the rest.
	After *OpID
}

// OpID names one change of a key: its stamp and its writer.
type OpID struct {
	Stamp  hlc.Stamp
	Device string
}

// ID is the OpID of op.
func (o Op) ID() OpID { return OpID{Stamp: o.Stamp, Device: o.Device} }

// Saw reports whether o's writer had seen held — a change of the same key that o replaces —
// when it made o: what it held for the key then was held, or a change ordered after held
// (Wins's order of stamp and device). Without it the two were made apart, each device not
// knowing the other's (a setting changed on two devices before they exchanged). A change
// that does not say what its writer held (After nil) is taken as not having seen it.
func Saw(o, held Op) bool {
	if o.After == nil {
		return false
	}
	if c := o.After.Stamp.Compare(held.Stamp); c != 0 {
		return c > 0
	}
	return o.After.Device >= held.Device
}

// Wins reports whether op a replaces b for the same (Kind, Key): the later (Stamp, Device)
// wins, so a tombstone wins only over older edits and an edit made after a deletion brings
// the item back. Equal (Stamp, Device) is the same op: it never replaces itself (applying twice
// changes nothing); should two different ops ever share it, a tombstone wins, then the larger
// Value, so the choice is still the same on every device.
//
// Kinds that are sets (dose answers) put what distinguishes the members into Key (for a dose
// answer: the dose, the device and the answer), so members never meet in Wins and all are
// kept: "taken" from one device and "skipped" from another are both shown.
func Wins(a, b Op) bool {
	if c := a.Stamp.Compare(b.Stamp); c != 0 {
		return c > 0
	}
	if c := strings.Compare(a.Device, b.Device); c != 0 {
		return c > 0
	}
	if a.Deleted != b.Deleted {
		return a.Deleted
	}
	return string(a.Value) > string(b.Value)
}

// Replica is one device's data as the household sees it. hhapp implements it over
// storage.Vault; the tests use an in-memory one.
type Replica interface {
	// Changes returns the local changes after cursor (in order, at most max) and the cursor
	// after the last one returned. Remote ops applied by Apply never come back from Changes.
	// Cursor 0 is the start of the log.
	Changes(ctx context.Context, cursor uint64, max int) ([]Op, uint64, error)
	// Apply applies the remote ops that win (Wins) over what the replica holds for their
	// (Kind, Key), atomically and idempotently, and returns how many changed something. It
	// must also observe every op's Stamp into the replica's hlc.Clock (which stamps local
	// changes), so a change made after seeing a remote one is stamped after it.
	Apply(ctx context.Context, ops []Op) (int, error)
	// LoadState returns the household state saved by SaveState (device keys, epoch keys,
	// clock, seen segments, cursors), nil, nil when there is none. The replica keeps it
	// encrypted at rest (it holds private keys).
	LoadState(ctx context.Context) ([]byte, error)
	SaveState(ctx context.Context, state []byte) error
}

// Role is what a device may do with one person's data.
type Role string

const (
	RoleManage Role = "manage" // see, answer doses, edit schedules
	RoleView   Role = "view"   // see and get alerts
	RoleNone   Role = "none"   // nothing of this person reaches the device
)

// AllProfiles as a Grant's Profile stands for every person without a grant of their own.
const AllProfiles = "*"

// Grant gives a device a role for one person (or AllProfiles).
type Grant struct {
	Profile string
	Role    Role
}

// Device is one member of the household as every device agrees on it.
type Device struct {
	ID       string
	Name     string
	LastSeen time.Time // HLC wall time of its latest segment or heartbeat seen here (zero: never)
	Revoked  bool
	Removed  time.Time       // when it was removed (the removal's HLC wall time); zero while a member
	Self     bool            // this device
	Roles    map[string]Role // profile (or AllProfiles) → role
}

// Report is what one Exchange did.
type Report struct {
	Sent     int       // local ops sent, with the sharing changes and removals made here (counted)
	Received int       // remote ops read from new segments, with sharing changes and removals
	Applied  int       // remote ops that changed something here, with sharing changes and removals
	Admitted []string  // device ids admitted by this exchange
	Refused  []Refusal // files not applied, each with a reason that holds no health data
	Waiting  int       // files from a device not known here yet (its admission is on the way): retried
	// Emptied: the shared folder no longer held any file this device wrote (emptied by its
	// sync app, or put back to an older copy), so what this device holds was written to it
	// again (a snapshot) for the others (F286: nothing noticed, and its changes never arrived).
	Emptied bool
	// Repaired: a member refuses a file of this device as damaged or changed in the folder, so
	// what this device holds was written to it again (a snapshot covering that file).
	Repaired bool
}

// Refusal is one file not applied and why.
type Refusal struct {
	File   string
	Reason string
	// Bad: something is wrong with the file (damaged, changed, another household's, too large,
	// unreadable, from a device not in the household); said at every exchange while it is there.
	// Not bad: changes kept aside by the household's rules (a role, a clock ahead, a removal).
	Bad bool
}

// Errors callers test with errors.Is.
var (
	ErrNoHousehold   = errors.New("this vault is not part of a household")
	ErrHousehold     = errors.New("this vault is already part of a household")
	ErrBadCode       = errors.New("no invitation with this code: check the words")
	ErrCodeExpired   = errors.New("the invitation has expired: make a new one on a device of the household")
	ErrCodeUsed      = errors.New("the invitation was already used: make a new one on a device of the household")
	ErrNotAdmitted   = errors.New("no device of the household admitted this one in time: run an exchange on one of them, then join again with the same code while it is valid")
	ErrRevoked       = errors.New("this device was removed from the household")
	ErrUnknownDevice = errors.New("no such device in this household")
	ErrNotAllowed    = errors.New("this device may not do that")
	// ErrFolderInUse: Create in a folder that already holds a household's files (F326: it was
	// accepted, and both households said for ever that files of a device "not known here yet"
	// would be read once its admission arrived).
	ErrFolderInUse = errors.New("this folder already holds a household's files: choose an empty folder for a new household, or join that household with an invitation from one of its devices")
	// ErrNotSharer: only a device that manages a person can give or change roles for them
	// (for every person: only one that manages every person). Wraps ErrNotAllowed.
	ErrNotSharer = fmt.Errorf("%w: only a device that manages this person can share them", ErrNotAllowed)
	// ErrNotManager: only a device that manages at least one person can add or remove devices
	// (view-only devices cannot). Wraps ErrNotAllowed.
	ErrNotManager = fmt.Errorf("%w: only a device that manages someone can add or remove devices", ErrNotAllowed)
)

// InviteTTL is how long an invitation code is valid.
const InviteTTL = 10 * time.Minute

// Household is this device's membership of a household. Its methods are not safe for
// concurrent use: one exchange at a time (the daemon and the app hold a process lock).
type Household struct {
	r     Replica
	t     transport.Transport
	st    *state
	keys  deviceKeys
	clock *hlc.Clock
	// writing is when the segments being sealed are written (send, snapshot): their payload
	// says it (payload.At), so the others see this device as there then.
	writing time.Time
	// emptied: this device's folder held none of its files though it wrote some (nextSeq):
	// the shared folder was emptied or put back to an older copy (F286).
	emptied bool
}

// Create starts a household named name with this device (called deviceName) as its first
// member, with manage on every person. ErrHousehold if the replica already has one. The
// vault's existing data goes out with the first Exchange.
func Create(ctx context.Context, r Replica, t transport.Transport, name, deviceName string, now time.Time) (*Household, error) {
	if err := noState(ctx, r); err != nil {
		return nil, err
	}
	if err := folderFree(ctx, t); err != nil {
		return nil, err
	}
	keys, err := newDeviceKeys()
	if err != nil {
		return nil, err
	}
	h := newHousehold(r, t, keys, randomID())
	h.st.Creator = h.st.Device
	h.st.MetaKey = make([]byte, chacha20poly1305.KeySize)
	rand.Read(h.st.MetaKey)
	h.addControl(kindName, "", name, now)
	h.addControl(kindDevice, h.st.Device, h.selfRec(deviceName), now)
	h.addControl(kindRole, h.st.Device+"/"+AllProfiles, RoleManage, now)
	if err := h.reconcile(now); err != nil {
		return nil, err
	}
	if err := t.MkdirAll(ctx, deviceDir(h.st.Device)); err != nil {
		return nil, fmt.Errorf("household: making this device's folder: %w", err)
	}
	if err := h.save(ctx); err != nil {
		return nil, err
	}
	return h, h.observeReplica(ctx)
}

// folderFree refuses a folder that holds a household's segments (ErrFolderInUse): a new
// household there would share it with another for ever, each taking the other's files for a
// device whose admission has not arrived yet.
func folderFree(ctx context.Context, t transport.Transport) error {
	dirs, err := t.List(ctx, "d")
	if errors.Is(err, transport.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("household: listing the devices' folders: %w", err)
	}
	for _, d := range dirs {
		if !d.Dir || !deviceDirRe.MatchString(d.Name) {
			continue
		}
		files, err := t.List(ctx, deviceDir(d.Name))
		if errors.Is(err, transport.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("household: listing a device's folder: %w", err)
		}
		for _, f := range files {
			if _, ok := parseSegName(f.Name); ok && !f.Dir {
				return ErrFolderInUse
			}
		}
	}
	return nil
}

func noState(ctx context.Context, r Replica) error {
	b, err := r.LoadState(ctx)
	if err != nil {
		return fmt.Errorf("household: reading the saved state: %w", err)
	}
	if b != nil {
		if st, err := decodeState(b); err == nil && st.Household == "" && st.Joining != nil {
			return nil // only a join not yet admitted
		}
		return ErrHousehold
	}
	return nil
}

func newHousehold(r Replica, t transport.Transport, keys deviceKeys, household string) *Household {
	pub := keys.sign.Public().(ed25519.PublicKey)
	st := &state{
		Version:   stateVersion,
		Household: household,
		Device:    deviceID(pub),
		SignSeed:  keys.sign.Seed(),
		KEMKey:    keys.kem.Bytes(),
		NextSeq:   1,
	}
	st.init()
	return &Household{r: r, t: t, st: st, keys: keys, clock: hlc.New(hlc.Stamp{})}
}

func (h *Household) selfRec(name string) deviceRec {
	return deviceRec{Name: name, Sign: h.keys.sign.Public().(ed25519.PublicKey), KEM: h.keys.kem.PublicKey().Bytes()}
}

// Open loads the household this replica belongs to; ErrNoHousehold if none.
func Open(ctx context.Context, r Replica, t transport.Transport) (*Household, error) {
	b, err := r.LoadState(ctx)
	if err != nil {
		return nil, fmt.Errorf("household: reading the saved state: %w", err)
	}
	if b == nil {
		return nil, ErrNoHousehold
	}
	st, err := decodeState(b)
	if err != nil {
		return nil, err
	}
	if st.Household == "" && st.Joining != nil {
		return nil, ErrNoHousehold // a join not yet admitted
	}
	keys, err := loadDeviceKeys(st.SignSeed, st.KEMKey)
	if err != nil {
		return nil, err
	}
	return &Household{r: r, t: t, st: st, keys: keys, clock: hlc.New(st.Clock)}, nil
}

func (h *Household) save(ctx context.Context) error {
	h.st.Clock = h.clock.Last()
	if err := h.r.SaveState(ctx, h.st.encode()); err != nil {
		return fmt.Errorf("household: saving the state: %w", err)
	}
	return nil
}

// addControl stamps a membership change, merges it here and queues it for the next segment.
func (h *Household) addControl(kind, key string, v any, now time.Time) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	op := Op{Kind: kind, Key: key, Value: b, Stamp: h.clock.Now(now), Device: h.st.Device}
	h.st.mergeControl(op)
	h.st.Pending = append(h.st.Pending, op)
}

// learnKeys unwraps every key wrapped to this device that it does not hold yet.
func (h *Household) learnKeys() bool {
	learned := false
	suffix := "/" + h.st.Device
	h.st.each(kindWrap, func(k string, op Op) {
		if !strings.HasSuffix(k, suffix) {
			return
		}
		kid := strings.TrimSuffix(k, suffix)
		if _, have := h.st.Keys[kid]; have {
			return
		}
		kop, ok := h.st.control(kindKey, kid)
		if !ok {
			return
		}
		rec, ok := decode[keyRec](kop)
		if !ok {
			return
		}
		key, err := unwrapKey(h.keys.kem, wrapInfo(h.st.Household, kid, h.st.Device), op.Value)
		if err != nil {
			return
		}
		h.st.Keys[kid] = keyMaterial{Scope: rec.Scope, Key: key}
		learned = true
	})
	return learned
}

// reconcile keeps every scope this device may read keyed right: when the current key of a
// scope is not wrapped to exactly the devices allowed now (a device was admitted, revoked,
// given or denied a person), it makes a new key wrapped to them; and it wraps the scope's older
// keys it holds to allowed devices that lack them, so a device given a person reads their
// history. Several devices doing this at once only make extra keys; the latest is used.
func (h *Household) reconcile(now time.Time, extra ...string) error {
	self := h.st.Device
	scopes := h.st.scopes()
	for _, p := range extra {
		if !slices.Contains(scopes, p) {
			scopes = append(scopes, p)
		}
	}
	for _, scope := range scopes {
		allowed := h.st.allowed(scope)
		if !slices.Contains(allowed, self) || !h.st.mayKeyAt(self, scope, noLater) {
			continue // only a device that manages the person (household-wide: someone) keys it
		}
		kid, rec, _, ok := h.st.currentKey(scope)
		if _, have := h.st.Keys[kid]; !ok || !have || !slices.Equal(rec.Members, allowed) {
			key := make([]byte, chacha20poly1305.KeySize)
			rand.Read(key)
			kid = randomID()
			h.st.Keys[kid] = keyMaterial{Scope: scope, Key: key}
			h.addControl(kindKey, kid, keyRec{Scope: scope, Members: allowed}, now)
		}
		// Wrap every key of the scope held here to every allowed device that lacks it.
		var held []string
		for id, km := range h.st.Keys {
			if km.Scope == scope {
				held = append(held, id)
			}
		}
		sort.Strings(held)
		for _, id := range held {
			for _, dev := range allowed {
				if _, ok := h.st.control(kindWrap, id+"/"+dev); ok {
					continue
				}
				rec, ok := h.st.deviceRec(dev)
				if !ok {
					continue
				}
				w, err := wrapKey(rec.KEM, wrapInfo(h.st.Household, id, dev), h.st.Keys[id].Key)
				if err != nil {
					return err
				}
				op := Op{Kind: kindWrap, Key: id + "/" + dev, Value: w, Stamp: h.clock.Now(now), Device: self}
				h.st.mergeControl(op)
				h.st.Pending = append(h.st.Pending, op)
			}
		}
	}
	return nil
}

// Devices lists the members, this device included, sorted by name then id.
func (h *Household) Devices() []Device {
	var out []Device
	h.st.each(kindDevice, func(id string, op Op) {
		rec, _ := decode[deviceRec](op)
		d := Device{ID: id, Name: rec.Name, Self: id == h.st.Device, Roles: map[string]Role{}}
		if _, gone := h.st.revoked(id); gone {
			d.Revoked = true
			if op, ok := h.st.control(kindRevoke, id); ok {
				d.Removed = time.UnixMilli(op.Stamp.Wall).UTC()
			}
		}
		if ms := h.st.LastSeen[id]; ms > 0 {
			d.LastSeen = time.UnixMilli(ms).UTC()
		}
		h.st.each(kindRole, func(k string, rop Op) {
			if p, ok := strings.CutPrefix(k, id+"/"); ok {
				if r, ok := decode[Role](rop); ok {
					d.Roles[p] = r
				}
			}
		})
		out = append(out, d)
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Revoke removes a device: the keys are rotated to the remaining devices at once (sent with the
// next Exchange), so it reads nothing written afterwards, and its segments beyond the last one
// this device has seen are refused everywhere. A device cannot remove itself.
func (h *Household) Revoke(ctx context.Context, id string, now time.Time) error {
	if _, ok := h.st.deviceRec(id); !ok {
		return ErrUnknownDevice
	}
	if id == h.st.Device {
		return fmt.Errorf("%w: a device cannot remove itself; remove it from another device", ErrNotAllowed)
	}
	if !h.st.managesSomeoneAt(h.st.Device, noLater) {
		return ErrNotManager
	}
	if _, gone := h.st.revoked(id); gone {
		return nil
	}
	var after uint64
	if q := h.st.Seen[id]; q != nil {
		after = q.max()
	}
	h.addControl(kindRevoke, id, revokeRec{After: after}, now)
	if err := h.reconcile(now); err != nil {
		return err
	}
	return h.save(ctx)
}

// Reach reports whether the household's transport can be used now, by listing its root: nil,
// or why not (the WebDAV server down, the shared folder gone). For a change the others must
// learn (Revoke, Share) made only when it can be sent, as over a shared folder that is not
// there, where opening the household already fails.
func (h *Household) Reach(ctx context.Context) error {
	if h.t == nil {
		return fmt.Errorf("household: opened without its transport")
	}
	if _, err := h.t.List(ctx, ""); err != nil {
		return fmt.Errorf("household: reaching the household's files: %w", err)
	}
	return nil
}

// Share sets device's role for profile (or AllProfiles): RoleManage, RoleView, or RoleNone
// (nothing of that person written from now on reaches the device: their key is rotated).
// Sent with the next Exchange.
func (h *Household) Share(ctx context.Context, profile, device string, role Role, now time.Time) error {
	switch role {
	case RoleManage, RoleView, RoleNone:
	default:
		return fmt.Errorf("household: unknown role %q (manage, view or none)", role)
	}
	if profile == "" || strings.ContainsAny(profile, "/\x00") {
		return fmt.Errorf("household: a person's id is needed")
	}
	if _, ok := h.st.deviceRec(device); !ok {
		return ErrUnknownDevice
	}
	if _, gone := h.st.revoked(device); gone {
		return fmt.Errorf("%w: the device was removed from the household", ErrNotAllowed)
	}
	h.claim(profile, now) // a person this device made, the household knows nothing of (F348)
	if !h.st.mayShare(h.st.Device, profile) {
		return ErrNotSharer
	}
	h.addControl(kindRole, device+"/"+profile, role, now)
	if err := h.reconcile(now); err != nil {
		return err
	}
	return h.save(ctx)
}

// claim makes this device the manager of a person it holds that the household knows nothing
// of (no key of them, no grant on them from another device), when it shares them: a device
// joined with grants for some people, or with view on every person, could neither share the
// people it had before it joined or added since (F348: "only a device that manages the person
// … can share them"), nor join one with a shared person ('household same-person'). Only then:
// a person it has no role for stays on it until it shares them. Every device decides the claim
// the same way (state.maker). The person then reaches only the devices it shares them with:
// a role on every person given by another device does not cover them (roleAllFor, F379). What
// it holds of them is published by a snapshot at the next exchange (their changes were passed
// over while it had no role for them). Reports whether it claimed them.
func (h *Household) claim(profile string, now time.Time) bool {
	self := h.st.Device
	if profile == "" || profile == AllProfiles || strings.ContainsAny(profile, "/\x00") {
		return false
	}
	if _, gone := h.st.revoked(self); gone || h.st.role(self, profile) == RoleManage || h.st.knownBefore(profile, self, noLater) {
		return false
	}
	h.addControl(kindRole, self+"/"+profile, RoleManage, now)
	h.st.Republish = true
	return true
}

// MayShare reports whether this device may share the person now (Share, Invite): it manages
// them, or it made them and the household knows nothing of them yet, so sharing them claims
// them (claim). AllProfiles: it manages every person.
func (h *Household) MayShare(profile string) bool {
	if h.st.mayShare(h.st.Device, profile) {
		return true
	}
	self := h.st.Device
	if profile == "" || profile == AllProfiles || strings.ContainsAny(profile, "/\x00") {
		return false
	}
	if _, gone := h.st.revoked(self); gone {
		return false
	}
	return !h.st.knownBefore(profile, self, noLater)
}

// Claim makes this device the manager of a person it made that the household knows nothing of
// yet (claim), saved and sent with the next Exchange; false if it already manages them or the
// household knows them.
func (h *Household) Claim(ctx context.Context, profile string, now time.Time) (bool, error) {
	if !h.claim(profile, now) {
		return false, nil
	}
	return true, h.save(ctx)
}

// ID is the household id; Name its name; DeviceID this device's id (the Device of every op it
// writes: the vault compares its own ops with remote ones under this id).
func (h *Household) ID() string { return h.st.Household }

func (h *Household) Name() string {
	if op, ok := h.st.control(kindName, ""); ok {
		if n, ok := decode[string](op); ok {
			return n
		}
	}
	return ""
}

func (h *Household) DeviceID() string { return h.st.Device }

// Removed reports whether this device was removed from the household (another device revoked
// it), and when: the removal's HLC wall time.
func (h *Household) Removed() (time.Time, bool) {
	if _, gone := h.st.revoked(h.st.Device); !gone {
		return time.Time{}, false
	}
	op, _ := h.st.control(kindRevoke, h.st.Device)
	return time.UnixMilli(op.Stamp.Wall).UTC(), true
}

// SharedPeople are the people (profile ids) the household holds that another device, not
// removed, may see (manage or view): each was exchanged (a key exists for them) and is followed
// there. On a removed device they are the people whose reminders the household's other devices
// carry on, as opposed to those this device never shared. Sorted.
func (h *Household) SharedPeople() []string {
	var out []string
	for _, p := range h.st.scopes() {
		if p == "" {
			continue
		}
		if _, _, _, ok := h.st.currentKey(p); !ok {
			continue
		}
		if slices.ContainsFunc(h.st.allowed(p), func(d string) bool { return d != h.st.Device }) {
			out = append(out, p)
		}
	}
	return out
}

// Withdrawn are the people this device was shared with (a grant of manage or view for them, or
// for every person, counted at some time) and whose role here is now none, with when the share
// was withdrawn (the wall time of the grant now in force). The household's other devices follow
// them; nothing of theirs reaches this device any more, and nothing changed here would leave
// it. A person never shared with this device (its own, local-only: role none from the start)
// is not one of them; nor is anyone on a removed device (Removed says it). A person this
// device's grant on every person gave it before F379, whom another device made (no longer
// covered: roleAllFor), is one of them, with the zero time: the household has no stamp for it.
func (h *Household) Withdrawn() map[string]time.Time {
	self := h.st.Device
	if _, gone := h.st.revoked(self); gone {
		return nil
	}
	out := map[string]time.Time{}
	for _, p := range h.st.scopes() {
		if p == "" || h.st.role(self, p) != RoleNone || !h.st.everShared(self, p) {
			continue
		}
		op, ok := h.st.latestValid(kindRole, self+"/"+p, noLater)
		if !ok {
			op, _ = h.st.latestValid(kindRole, self+"/"+AllProfiles, noLater)
			if r, _ := decode[Role](op); r != RoleNone {
				// Its grant on everyone no longer covers them (another device made them,
				// F379): no stamp says when that began. The zero time; the vault says since
				// when it first learned it.
				out[p] = time.Time{}
				continue
			}
		}
		out[p] = time.UnixMilli(op.Stamp.Wall).UTC()
	}
	return out
}

// Role is this device's role for a profile ("" is household-wide data: always manage).
func (h *Household) Role(profile string) Role { return h.st.role(h.st.Device, profile) }

// Reader is a device the household gives a person to now (Readers).
type Reader struct {
	ID, Name string
	Role     Role // RoleManage or RoleView
	// Everyone: through its role on every person, not a share of this person.
	Everyone bool
}

// Readers are the devices, this one and removed ones left out, that the household gives
// profile to now (a role of manage or view on them), sorted by name then id: every device that
// holds the person's changes from now on. The share and invite lines name them (F379: a carer
// sharing her own father with her phone was not told he also went to the device managing
// everyone — he no longer does, roleAllFor — and a person of the household's goes to such
// devices as well).
func (h *Household) Readers(profile string) []Reader { return h.ReadersWith(profile, nil) }

// ReadersWith is Readers as it will be once the devices of changed are given their roles for
// profile (Share: a role given for the person is theirs, not one on everyone): what the app's
// Sharing says as roles are chosen, before Save (F392).
func (h *Household) ReadersWith(profile string, changed map[string]Role) []Reader {
	var out []Reader
	for _, d := range h.Devices() {
		if d.Self || d.Revoked {
			continue
		}
		if r, ok := changed[d.ID]; ok {
			if r == RoleManage || r == RoleView {
				out = append(out, Reader{ID: d.ID, Name: d.Name, Role: r})
			}
			continue
		}
		r := h.DeviceRole(d.ID, profile)
		if r != RoleManage && r != RoleView {
			continue
		}
		_, own := h.st.latestValid(kindRole, d.ID+"/"+profile, noLater)
		out = append(out, Reader{ID: d.ID, Name: d.Name, Role: r, Everyone: !own && !h.st.maker(d.ID, profile)})
	}
	return out
}

// DeviceRole is the role the household gives device for profile now (RoleNone for a removed
// device): what every device decides, a grant on every person included where it covers the
// person (roleAllFor), so not always Device.Roles' entry for the person or for everyone.
func (h *Household) DeviceRole(device, profile string) Role {
	return h.st.role(device, profile)
}

// EveryoneCovers reports whether a role on every person given by this device now (an invitation
// without grants) would cover profile: false for a person another device made and shares
// with the devices it chose (roleAllFor, F379).
func (h *Household) EveryoneCovers(profile string) bool {
	return h.st.coveredByAll(h.st.Device, "", profile)
}
