package household

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"carekeeper/internal/hlc"
)

// state is everything a device keeps about its household, saved through Replica.SaveState
// (the vault keeps it encrypted). It holds private keys: never write it anywhere else.
type state struct {
	Version   int    `json:"version"`
	Household string `json:"household"`
	Device    string `json:"device"`
	SignSeed  []byte `json:"signSeed"`
	KEMKey    []byte `json:"kemKey"`
	MetaKey   []byte `json:"metaKey"` // the household's envelope key for key segments

	Clock   hlc.Stamp `json:"clock"`   // control-op clock (data ops carry the vault's stamps)
	NextSeq uint64    `json:"nextSeq"` // seq of the next segment this device writes
	Cursor  uint64    `json:"cursor"`  // Replica.Changes cursor of what is sent

	// Outbox: segments built and counted as sent but perhaps not yet created on the
	// transport (a crash between the two); created again, idempotently, by the next Exchange.
	Outbox []outFile `json:"outbox,omitempty"`

	Keys    map[string]keyMaterial `json:"keys"`    // key id → key this device holds
	Control map[string]Op          `json:"control"` // the membership CRDT: "kind\x00key" → winner
	Pending []Op                   `json:"pending,omitempty"`

	// Creator is the device that created the household: its first grant to itself is where
	// every other device's authority comes from (authority.go).
	Creator string `json:"creator,omitempty"`
	// History keeps every role grant, device record and removal ever received ("kind\x00key"
	// → ops, oldest first), valid or not: which count is decided from all of them.
	History map[string][]Op `json:"history,omitempty"`
	// Held are changes of a person received from a device that did not manage the person at
	// their stamp: not applied, taken if a grant that allows them arrives (authority.go).
	Held []heldOp `json:"held,omitempty"`
	// Redo are items re-written by this device to undo, everywhere, a change another device
	// may have taken before it learned the change was not allowed; sent with the next segment.
	Redo []Op `json:"redo,omitempty"`

	valid map[string]bool // isValid's answers for the current History

	Seen     map[string]*seqSet `json:"seen"`     // device → segments applied here
	Parked   map[string]string  `json:"parked"`   // file → key id it waits for
	LastSeen map[string]int64   `json:"lastSeen"` // device → HLC wall ms of its latest segment
	Bad      map[string]string  `json:"bad"`      // refused file → the reason already reported
	Foreign  map[string]bool    `json:"foreign"`  // files of another household or misplaced: never read again
	// Waits: files of a device not known here (its admission not arrived) → unix ms when first
	// listed; refused (said) after WaitGrace, read again all the same.
	Waits map[string]int64 `json:"waits,omitempty"`
	// Peeked: the files of Waits whose clear header was read (once: another household's is
	// refused at once). One waiting from before headers were read is read once more (F326).
	Peeked map[string]bool `json:"peeked,omitempty"`
	// Unread: files the transport failed to read → unix ms of the first failure; refused
	// (in Bad) after UnreadGrace (F362).
	Unread map[string]int64 `json:"unread,omitempty"`
	// Ahead: files kept aside because their writer's clock is ahead of this one → the reason
	// said (for the status; read again at every exchange).
	Ahead map[string]string `json:"ahead,omitempty"`

	HeartbeatAt int64             `json:"heartbeatAt,omitempty"` // HLC wall ms of the last heartbeat written
	AckedAt     int64             `json:"ackedAt"`               // unix ms of the last acknowledgement sent
	Acked       map[string]uint64 `json:"acked"`                 // what it said: device → all segments ≤ n seen
	SnapshotSeq uint64            `json:"snapshotSeq"`           // first seq of this device's latest snapshot
	// Gone: every segment of this device numbered up to it was removed by compact (said in
	// every segment it writes: payload.Gone).
	Gone uint64 `json:"gone,omitempty"`
	// Redone: this device's segments a member refused as damaged that a snapshot of it has
	// re-published since (payload.Redone; sorted).
	Redone []uint64 `json:"redone,omitempty"`

	// Joining is a join asked for and not yet admitted (Household is then ""): its keys are
	// the ones above, so Join with the same code resumes it instead of asking again.
	Joining *pendingJoin `json:"joining,omitempty"`
	// Republish: this device claimed a person it made (Household.claim): what it holds of them
	// goes in a snapshot at the next exchange.
	Republish bool `json:"republish,omitempty"`
}

type pendingJoin struct {
	Loc     string `json:"loc"`     // the invitation's locator
	Expires int64  `json:"expires"` // unix ms when its code expires
}

type heldOp struct {
	Op   Op        `json:"op"`
	File string    `json:"file"`        // the segment it came in
	At   hlc.Stamp `json:"at,omitzero"` // the snapshot's stamp, when re-published in one
}

type outFile struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
	Ops  int    `json:"n,omitempty"` // changes made here it carries, counted as Report.Sent counts
}

type keyMaterial struct {
	Scope string `json:"scope"`
	Key   []byte `json:"key"`
}

const stateVersion = 1

// metaKeyID in a segment header says: sealed with the envelope key (MetaKey), carrying keys.
const metaKeyID = "00000000000000000000000000000000"

func (s *state) init() {
	if s.Keys == nil {
		s.Keys = map[string]keyMaterial{}
	}
	if s.Control == nil {
		s.Control = map[string]Op{}
	}
	if s.Seen == nil {
		s.Seen = map[string]*seqSet{}
	}
	if s.Parked == nil {
		s.Parked = map[string]string{}
	}
	if s.Acked == nil {
		s.Acked = map[string]uint64{}
	}
	if s.Foreign == nil {
		s.Foreign = map[string]bool{}
	}
	if s.Ahead == nil {
		s.Ahead = map[string]string{}
	}
	if s.Waits == nil {
		s.Waits = map[string]int64{}
	}
	if s.Peeked == nil {
		s.Peeked = map[string]bool{}
	}
	if s.Unread == nil {
		s.Unread = map[string]int64{}
	}
	if s.Bad == nil {
		s.Bad = map[string]string{}
	}
	if s.LastSeen == nil {
		s.LastSeen = map[string]int64{}
	}
	if s.History == nil {
		// Saved before the history was kept: start it from the winners.
		s.History = map[string][]Op{}
	}
	// Saved before the history was kept, or before keys and wraps joined it: start it from
	// the winners (once: remember keeps each op once).
	for _, op := range s.Control {
		if authKind(op.Kind) {
			s.remember(op)
		}
	}
	if s.Creator == "" {
		s.Creator = s.inferCreator()
	}
}

func decodeState(b []byte) (*state, error) {
	var s state
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("household: saved state is damaged: %w", err)
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("household: saved state has unknown version %d", s.Version)
	}
	s.init()
	return &s, nil
}

func (s *state) encode() []byte {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // only maps, slices and plain values
	}
	return b
}

// seqSet is a set of segment numbers: every seq ≤ Low, plus Extra (sorted, all > Low).
type seqSet struct {
	Low   uint64   `json:"low"`
	Extra []uint64 `json:"extra,omitempty"`
}

// Seqs start at 1, so Low 0 is the empty set.
func (q *seqSet) has(n uint64) bool {
	if n <= q.Low {
		return true
	}
	_, ok := slices.BinarySearch(q.Extra, n)
	return ok
}

func (q *seqSet) add(n uint64) {
	if q.has(n) {
		return
	}
	i, _ := slices.BinarySearch(q.Extra, n)
	q.Extra = slices.Insert(q.Extra, i, n)
	for len(q.Extra) > 0 && q.Extra[0] == q.Low+1 {
		q.Low++
		q.Extra = q.Extra[1:]
	}
}

// upTo adds every seq ≤ n.
func (q *seqSet) upTo(n uint64) {
	if n <= q.Low {
		return
	}
	q.Low = n
	i, _ := slices.BinarySearch(q.Extra, n+1)
	q.Extra = q.Extra[i:]
	for len(q.Extra) > 0 && q.Extra[0] == q.Low+1 {
		q.Low++
		q.Extra = q.Extra[1:]
	}
}

func (q *seqSet) max() uint64 {
	if len(q.Extra) > 0 {
		return q.Extra[len(q.Extra)-1]
	}
	return q.Low
}

func (s *state) seen(dev string, seq uint64) bool {
	q := s.Seen[dev]
	return q != nil && q.has(seq)
}

// markSeenUpTo marks every segment of dev numbered n or less as seen.
func (s *state) markSeenUpTo(dev string, n uint64) {
	q := s.Seen[dev]
	if q == nil {
		q = &seqSet{}
		s.Seen[dev] = q
	}
	q.upTo(n)
}

func (s *state) markSeen(dev string, seq uint64) {
	q := s.Seen[dev]
	if q == nil {
		q = &seqSet{}
		s.Seen[dev] = q
	}
	q.add(seq)
}

// Control op kinds: the membership of the household, carried in the household-wide segments.
const (
	kindName   = "hh.name"   // Key "": the household's name
	kindDevice = "hh.device" // Key device id: deviceRec
	kindRole   = "hh.role"   // Key device "/" profile: Role
	kindRevoke = "hh.revoke" // Key device id: revokeRec
	kindKey    = "hh.key"    // Key key id: keyRec
	kindWrap   = "hh.wrap"   // Key key id "/" device: HPKE-wrapped key
	kindInvite = "hh.invite" // Key locator: inviteRec
	kindAck    = "hh.ack"    // Key device id: device → every segment ≤ n of it seen there
	// Key device id: device → the seqs of its segments refused there as bad (F96: the writer
	// learns its changes do not reach that device). Older devices keep it without reading it.
	kindRefusing = "hh.refusing"
	controlPref  = "hh."
)

type deviceRec struct {
	Name string `json:"name"`
	Sign []byte `json:"sign"` // ed25519 public key
	KEM  []byte `json:"kem"`  // X25519 public key
	// Invited is the invitation it was admitted with (absent for the creator, and in records
	// written before it was kept): the admission counts only while the inviting device was
	// allowed to give its grants when it invited (authority.go).
	Invited *invitedRec `json:"invited,omitempty"`
}

type invitedRec struct {
	By     string    `json:"by"`
	At     hlc.Stamp `json:"at"`
	Grants []Grant   `json:"grants"`
}

type revokeRec struct {
	After uint64 `json:"after"` // its segments with seq > After are refused
}

type keyRec struct {
	Scope   string   `json:"scope"`   // "" household-wide, else a profile id
	Members []string `json:"members"` // sorted device ids it is wrapped to at creation
}

type inviteRec struct {
	Expires int64   `json:"expires"` // unix ms
	Grants  []Grant `json:"grants"`
	CodeKey []byte  `json:"codeKey"` // derived from the code (Argon2id); the code is not kept
	Used    string  `json:"used,omitempty"`
	By      string  `json:"by"` // the inviting device (it removes the offer)
}

func ctlKey(kind, key string) string { return kind + "\x00" + key }

// mergeControl folds a control op into the membership CRDT (last writer wins per kind+key).
func (s *state) mergeControl(op Op) bool {
	if authKind(op.Kind) && !s.remember(op) {
		return false
	}
	k := ctlKey(op.Kind, op.Key)
	if cur, ok := s.Control[k]; ok && !Wins(op, cur) {
		return false
	}
	s.Control[k] = op
	return true
}

func (s *state) control(kind, key string) (Op, bool) {
	if authKind(kind) {
		return s.latestValid(kind, key, noLater)
	}
	op, ok := s.Control[ctlKey(kind, key)]
	if !ok || op.Deleted {
		return Op{}, false
	}
	return op, true
}

func decode[T any](op Op) (T, bool) {
	var v T
	err := json.Unmarshal(op.Value, &v)
	return v, err == nil
}

// each calls fn for the live control ops of kind, in key order (deterministic).
func (s *state) each(kind string, fn func(key string, op Op)) {
	if authKind(kind) {
		var keys []string
		prefix := ctlKey(kind, "")
		for k := range s.History {
			if strings.HasPrefix(k, prefix) {
				keys = append(keys, k[len(prefix):])
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			if op, ok := s.control(kind, k); ok {
				fn(k, op)
			}
		}
		return
	}
	var keys []string
	for _, op := range s.Control {
		if op.Kind == kind && !op.Deleted {
			keys = append(keys, op.Key)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fn(k, s.Control[ctlKey(kind, k)])
	}
}

func (s *state) deviceRec(id string) (deviceRec, bool) {
	op, ok := s.control(kindDevice, id)
	if !ok {
		return deviceRec{}, false
	}
	return decode[deviceRec](op)
}

func (s *state) revoked(id string) (revokeRec, bool) {
	op, ok := s.control(kindRevoke, id)
	if !ok {
		return revokeRec{}, false
	}
	return decode[revokeRec](op)
}

// role is a device's role for a profile now: its own grant, else its AllProfiles grant, else
// none (only grants whose writers were allowed to give them count: authority.go).
func (s *state) role(dev, profile string) Role {
	if _, gone := s.revoked(dev); gone {
		return RoleNone
	}
	return s.roleAt(dev, profile, noLater)
}

// members are the devices, not revoked, in id order.
func (s *state) members() []string {
	var ids []string
	s.each(kindDevice, func(id string, _ Op) {
		if _, gone := s.revoked(id); !gone {
			ids = append(ids, id)
		}
	})
	return ids
}

// allowed are the devices that may read scope (a profile, or "" for household-wide).
func (s *state) allowed(scope string) []string {
	var out []string
	for _, id := range s.members() {
		if r := s.role(id, scope); r == RoleManage || r == RoleView {
			out = append(out, id)
		}
	}
	return out
}

// currentKey is the scope's key every writer uses: the latest hh.key of the scope.
func (s *state) currentKey(scope string) (id string, rec keyRec, op Op, ok bool) {
	s.each(kindKey, func(kid string, kop Op) {
		r, good := decode[keyRec](kop)
		if !good || r.Scope != scope {
			return
		}
		if !ok || Wins(kop, op) {
			id, rec, op, ok = kid, r, kop, true
		}
	})
	return
}

// scopes are every profile any key or role names, plus "" (household-wide), sorted.
func (s *state) scopes() []string {
	set := map[string]bool{"": true}
	s.each(kindKey, func(_ string, op Op) {
		if r, ok := decode[keyRec](op); ok {
			set[r.Scope] = true
		}
	})
	s.each(kindRole, func(k string, _ Op) {
		for i := len(k) - 1; i >= 0; i-- {
			if k[i] == '/' {
				if p := k[i+1:]; p != AllProfiles {
					set[p] = true
				}
				break
			}
		}
	})
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
