package household

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/hlc"
)

// Who may do what, decided the same way on every device (docs/household.md, "Roles and
// authority"):
//
//   - A change of a person's data is taken from a device only if, at the change's stamp, that
//     device managed the person: the latest valid role grant for (device, person) with a smaller
//     stamp, else its latest valid grant for every person ("*"), says manage. A grant for every
//     person does not cover a person another device made (claimed), unless that device gave it
//     (roleAllFor, F379).
//   - A role grant for a person is valid only if its writer managed that person at the grant's
//     stamp (a grant for every person: if it managed every person). The household's creator's
//     first grant of manage on every person to itself is the root of it all.
//   - Adding a device (answering an invitation) and removing one are valid only from a device
//     that managed at least one person at that stamp; an admission also only while the device
//     that invited was allowed, at the invitation's stamp, to give the invitation's grants.
//   - A key (hh.key) of a person, and a key wrapped to a device (hh.wrap), are valid only from a
//     device that managed the person at their stamp; of household-wide data, only from one that
//     managed someone. So a device given a role by a grant that a late-arriving earlier change
//     undoes loses, with the grant, the keys it made, wrapped or was given on its strength.
//
// Grants, device records and removals keep their whole history (every op ever received, valid
// or not, a few per device), so whatever order they arrive in, every device that has seen the
// same ones decides the same.

// noLater is a stamp after every other: "now, with everything known".
var noLater = hlc.Stamp{Wall: math.MaxInt64, Logical: math.MaxUint32}

// authKind: control kinds whose history is kept and whose ops count only when their writer was
// allowed to write them.
func authKind(kind string) bool {
	switch kind {
	case kindRole, kindDevice, kindRevoke, kindKey, kindWrap:
		return true
	}
	return false
}

// remember adds op to the history of its key (sorted, once); reports whether it is new.
func (s *state) remember(op Op) bool {
	k := ctlKey(op.Kind, op.Key)
	h := s.History[k]
	i, found := slices.BinarySearchFunc(h, op, cmpOp)
	if found {
		return false
	}
	s.History[k] = slices.Insert(h, i, op)
	s.valid = nil
	return true
}

// cmpOp orders ops as Wins does (older first).
func cmpOp(a, b Op) int {
	if Wins(a, b) {
		return 1
	}
	if Wins(b, a) {
		return -1
	}
	return 0
}

// latestValid is the latest op of kind and key, with a stamp before at, whose writer was allowed
// to write it.
func (s *state) latestValid(kind, key string, at hlc.Stamp) (Op, bool) {
	h := s.History[ctlKey(kind, key)]
	for i := len(h) - 1; i >= 0; i-- {
		op := h[i]
		if op.Stamp.Compare(at) >= 0 {
			continue
		}
		if s.isValid(op) {
			return op, true
		}
	}
	return Op{}, false
}

// isValid reports whether the writer of an authority op was allowed to write it at its stamp.
// Every question it asks is about earlier stamps, so it always ends.
func (s *state) isValid(op Op) bool {
	if op.Deleted {
		return false
	}
	id := op.Kind + "\x00" + op.Key + "\x00" + op.Stamp.String() + "\x00" + op.Device
	if v, ok := s.valid[id]; ok {
		return v
	}
	if s.valid == nil {
		s.valid = map[string]bool{}
	}
	v := false
	switch op.Kind {
	case kindRole:
		dev, profile, _ := strings.Cut(op.Key, "/")
		switch {
		case op.Device == s.Creator && dev == s.Creator && profile == AllProfiles && s.isGenesis(op):
			v = true
		case profile == AllProfiles:
			v = s.roleAllAt(op.Device, op.Stamp) == RoleManage
		default:
			v = s.roleAt(op.Device, profile, op.Stamp) == RoleManage
		}
	case kindDevice:
		v = op.Device == s.Creator && op.Key == s.Creator || s.managesSomeoneAt(op.Device, op.Stamp) && s.invitedRightly(op)
	case kindRevoke:
		v = s.managesSomeoneAt(op.Device, op.Stamp)
	case kindKey:
		if rec, ok := decode[keyRec](op); ok {
			v = s.mayKeyAt(op.Device, rec.Scope, op.Stamp)
		}
	case kindWrap:
		kid, _, _ := strings.Cut(op.Key, "/")
		if kop, ok := s.latestValid(kindKey, kid, noLater); ok {
			if rec, ok := decode[keyRec](kop); ok {
				v = s.mayKeyAt(op.Device, rec.Scope, op.Stamp)
			}
		}
	}
	s.valid[id] = v
	return v
}

// mayKeyAt: dev could make or wrap a key of scope at stamp at — it managed the person, or for
// household-wide data someone.
func (s *state) mayKeyAt(dev, scope string, at hlc.Stamp) bool {
	if scope == "" {
		return s.managesSomeoneAt(dev, at)
	}
	return s.roleAt(dev, scope, at) == RoleManage
}

// invitedRightly: a device record written when answering an invitation counts only if the
// inviting device could give the invitation's grants when it invited (a grant it had then, undone
// by an earlier change that arrived late, undoes the admissions made with it too).
func (s *state) invitedRightly(op Op) bool {
	rec, ok := decode[deviceRec](op)
	if !ok || rec.Invited == nil {
		return ok
	}
	for _, g := range rec.Invited.Grants {
		if g.Profile == AllProfiles {
			if s.roleAllAt(rec.Invited.By, rec.Invited.At) != RoleManage {
				return false
			}
		} else if s.roleAt(rec.Invited.By, g.Profile, rec.Invited.At) != RoleManage {
			return false
		}
	}
	return true
}

// isGenesis: op is the creator's first grant to itself.
func (s *state) isGenesis(op Op) bool {
	h := s.History[ctlKey(kindRole, s.Creator+"/"+AllProfiles)]
	for _, g := range h {
		if g.Device == s.Creator {
			return g.Stamp == op.Stamp
		}
	}
	return false
}

// roleAt is dev's role for profile in force at stamp at (noLater: now). Household-wide data
// ("") is every member's.
func (s *state) roleAt(dev, profile string, at hlc.Stamp) Role {
	if profile == "" {
		if _, ok := s.deviceRec(dev); ok {
			return RoleManage
		}
		return RoleNone
	}
	if op, ok := s.latestValid(kindRole, dev+"/"+profile, at); ok {
		if r, ok := decode[Role](op); ok {
			return r
		}
	}
	if s.maker(dev, profile) {
		return RoleManage
	}
	return s.roleAllFor(dev, profile, at)
}

// roleAllFor is dev's role on profile through its grant for every person in force at stamp at.
// A grant on everyone covers the household's people as the device that gave it holds them, not
// a person another device made and shared later (F379: a carer's laptop inviting her own phone
// for her own father gave him to "Dad desk", which manages everyone, and nobody chose it or was
// told): a person a device made (maker) reaches only the devices it shares them with, and the
// devices given a role on everyone by that device itself.
func (s *state) roleAllFor(dev, profile string, at hlc.Stamp) Role {
	op, ok := s.latestValid(kindRole, dev+"/"+AllProfiles, at)
	if !ok {
		return RoleNone
	}
	r, ok := decode[Role](op)
	if !ok {
		return RoleNone
	}
	if profile != AllProfiles && profile != "" && !s.coveredByAll(op.Device, dev, profile) {
		return RoleNone
	}
	return r
}

// coveredByAll: a grant on every person written by writer to dev covers profile — no device
// other than these two made the person (maker). Decided from every op ever received, as maker.
func (s *state) coveredByAll(writer, dev, profile string) bool {
	id := "everyone\x00" + writer + "\x00" + dev + "\x00" + profile
	if v, ok := s.valid[id]; ok {
		return v
	}
	v := true
	suffix := "/" + profile
	for k, h := range s.History {
		key, ok := strings.CutPrefix(k, ctlKey(kindRole, ""))
		if !ok || len(h) == 0 {
			continue
		}
		m, ok := strings.CutSuffix(key, suffix)
		if !ok || strings.Contains(m, "/") || m == writer || m == dev {
			continue
		}
		if s.maker(m, profile) {
			v = false
			break
		}
	}
	if s.valid == nil {
		s.valid = map[string]bool{}
	}
	s.valid[id] = v
	return v
}

// maker: dev made the person (F348): its earliest grant to itself on them is of manage, and no
// key of the person and no grant on them by another device is stamped before it — so the
// household knew nothing of them when dev claimed them (a person known to the household
// cannot be claimed: their keys or grants come first). dev manages them from the beginning:
// a device joined with grants for some people (or view on every person) manages the people it
// adds, or had before it joined, once it sends or shares them. Decided from every op ever
// received, valid or not, so it never depends on the order they arrived in.
func (s *state) maker(dev, profile string) bool {
	id := "maker\x00" + dev + "\x00" + profile
	if v, ok := s.valid[id]; ok {
		return v
	}
	if s.valid == nil {
		s.valid = map[string]bool{}
	}
	v := s.claimed(dev, profile)
	s.valid[id] = v
	return v
}

func (s *state) claimed(dev, profile string) bool {
	var claim Op
	found := false
	for _, op := range s.History[ctlKey(kindRole, dev+"/"+profile)] { // older first
		if op.Device == dev {
			claim, found = op, true
			break
		}
	}
	if !found || claim.Deleted {
		return false
	}
	if r, ok := decode[Role](claim); !ok || r != RoleManage {
		return false
	}
	return !s.knownBefore(profile, dev, claim.Stamp)
}

// knownBefore: the household has a key of the person, or a grant on them written by a device
// other than dev, stamped before at (noLater: at all).
func (s *state) knownBefore(profile, dev string, at hlc.Stamp) bool {
	for k, h := range s.History {
		switch {
		case strings.HasPrefix(k, ctlKey(kindRole, "")):
			for _, op := range h {
				if _, p, _ := strings.Cut(op.Key, "/"); p == profile && op.Device != dev && op.Stamp.Compare(at) < 0 {
					return true
				}
			}
		case strings.HasPrefix(k, ctlKey(kindKey, "")):
			for _, op := range h {
				if rec, ok := decode[keyRec](op); ok && rec.Scope == profile && op.Stamp.Compare(at) < 0 {
					return true
				}
			}
		}
	}
	return false
}

// roleAllAt is dev's grant for every person in force at stamp at.
func (s *state) roleAllAt(dev string, at hlc.Stamp) Role {
	if op, ok := s.latestValid(kindRole, dev+"/"+AllProfiles, at); ok {
		if r, ok := decode[Role](op); ok {
			return r
		}
	}
	return RoleNone
}

// managesSomeoneAt: dev managed at least one person (or every person) at stamp at.
func (s *state) managesSomeoneAt(dev string, at hlc.Stamp) bool {
	prefix := ctlKey(kindRole, dev+"/")
	for k, h := range s.History {
		if !strings.HasPrefix(k, prefix) || len(h) == 0 {
			continue
		}
		_, profile, _ := strings.Cut(h[0].Key, "/")
		if s.roleAt(dev, profile, at) == RoleManage {
			return true
		}
	}
	return false
}

// everManaged: dev has had, at some time, a valid grant of manage for profile or for every
// person. A device may re-publish a person's items in a snapshot only then. A grant for every
// person counts here even for a person another device made (roleAllFor): before F379 such a
// grant covered them, and a device of that version may have taken the change.
func (s *state) everManaged(dev, profile string) bool {
	for _, key := range []string{dev + "/" + profile, dev + "/" + AllProfiles} {
		for _, op := range s.History[ctlKey(kindRole, key)] {
			if r, ok := decode[Role](op); ok && r == RoleManage && s.isValid(op) {
				return true
			}
		}
	}
	return false
}

// everShared: dev has had, at some time, a valid grant of manage or view for profile or for
// every person (Withdrawn). A grant for every person counts for a person another device made
// too: before F379 it gave them to dev, which may hold them from then.
func (s *state) everShared(dev, profile string) bool {
	for _, key := range []string{dev + "/" + profile, dev + "/" + AllProfiles} {
		for _, op := range s.History[ctlKey(kindRole, key)] {
			if r, ok := decode[Role](op); ok && (r == RoleManage || r == RoleView) && s.isValid(op) {
				return true
			}
		}
	}
	return false
}

// mayWrite reports whether a change of a person's data is taken from its writer: the writer
// managed the person at the change's stamp; and a device that re-publishes another's change
// (carrier, in a snapshot stamped at) managed the person at the snapshot's stamp, which is not
// before the change's. So a snapshot passes the same check by stamps as a segment: a device no
// longer managing someone cannot re-publish, under another's name, a change stamped after it
// stopped.
func (s *state) mayWrite(op Op, carrier string, at hlc.Stamp) bool {
	if op.Profile == "" {
		return true
	}
	if s.roleAt(op.Device, op.Profile, op.Stamp) != RoleManage {
		return false
	}
	if carrier == op.Device {
		return true
	}
	return op.Stamp.Compare(at) <= 0 && s.roleAt(carrier, op.Profile, at) == RoleManage
}

// mayShare: dev may give or change roles for profile (AllProfiles: for every person) now.
func (s *state) mayShare(dev, profile string) bool {
	if profile == AllProfiles {
		return s.roleAllAt(dev, noLater) == RoleManage
	}
	return s.roleAt(dev, profile, noLater) == RoleManage
}

// inferCreator finds the creator of a household saved before the creator was recorded: the
// device that granted itself manage on every person, the earliest if several did.
func (s *state) inferCreator() string {
	best := Op{}
	found := false
	for k, h := range s.History {
		if !strings.HasPrefix(k, ctlKey(kindRole, "")) {
			continue
		}
		for _, op := range h {
			dev, profile, _ := strings.Cut(op.Key, "/")
			if profile == AllProfiles && op.Device == dev && (!found || Wins(best, op)) {
				best, found = op, true
			}
		}
	}
	if !found {
		return ""
	}
	return best.Device
}

// Holder is what a Replica implements to let this device undo, everywhere, a change that other
// devices may have taken before they learned it was not allowed (a role taken away while its
// device was still writing): the item as it holds it now. Without it such a change stays taken
// on the devices that took it early (docs/household.md).
type Holder interface {
	Held(ctx context.Context, kind, key string) (Op, bool, error)
}

// ClockObserver is what a Replica implements whose clock stamps local changes: the household
// moves it past the membership's stamps, so a change made after this device was given a role
// is stamped after the grant (else, with clocks minutes apart, the household would not take it).
type ClockObserver interface {
	ObserveStamp(ctx context.Context, s hlc.Stamp) error
}

// maxHeld bounds the changes kept aside (a device writing what it may not cannot grow the
// state without end); a segment that would go beyond it is not taken but read again at the
// next exchange (nothing is lost: a grant that allows them may still come).
var maxHeld = 10000

// hold keeps aside the changes of a segment that its writer was not allowed to make at their
// stamp. When another device may have taken one already (its writer had managed the person
// before: a role taken away while it was writing) and it would win over what this device
// holds, a device that manages the person writes its own item again with a new stamp, so every
// device ends with the same item.
func (h *Household) hold(ctx context.Context, ops []Op, c candidate, now time.Time) error {
	for _, op := range ops {
		h.st.Held = append(h.st.Held, heldOp{Op: op, File: c.name, At: c.at})
	}
	return h.redo(ctx, ops, now, func(op Op) bool { return h.st.mightBeTaken(op, c.dev) })
}

// undoRemoved: the changes of a segment a removed device wrote after its removal are taken
// nowhere that knows of the removal, but a device that got them before may have taken them
// (if the roles allowed them): this device writes its own items again over them.
func (h *Household) undoRemoved(ctx context.Context, ops []Op, now time.Time) error {
	return h.redo(ctx, ops, now, func(op Op) bool { return h.st.mayWrite(op, op.Device, op.Stamp) })
}

// redo writes again, with a new stamp, the item this device holds for each op that another
// device might have taken (taken) and that would win over it here — when this device manages
// the item's person and the replica can give its items (Holder).
func (h *Household) redo(ctx context.Context, ops []Op, now time.Time, taken func(Op) bool) error {
	holder, ok := h.r.(Holder)
	if !ok {
		return nil
	}
	self := h.st.Device
	for _, op := range ops {
		if h.st.role(self, op.Profile) != RoleManage || !taken(op) {
			continue
		}
		cur, found, err := holder.Held(ctx, op.Kind, op.Key)
		if err != nil {
			return fmt.Errorf("household: reading an item to restore it: %w", err)
		}
		if found && !Wins(op, cur) {
			continue
		}
		redo := Op{Kind: op.Kind, Profile: op.Profile, Key: op.Key, Deleted: true}
		if found && !cur.Deleted {
			redo.Value, redo.Deleted = cur.Value, false
		}
		// Applied here when it is sent (send): saved first, so a crash in between neither
		// loses it nor leaves it here only.
		redo.Stamp, redo.Device = h.clock.Now(now), self
		h.st.Redo = append(h.st.Redo, redo)
	}
	return nil
}

// mightBeTaken: a device that had not yet heard of a later grant could have taken op — its
// writer had a valid grant of manage for the person (or every person) before op's stamp.
func (s *state) mightBeTaken(op Op, carrier string) bool {
	if carrier != op.Device && !s.everManaged(carrier, op.Profile) {
		return false
	}
	for _, key := range []string{op.Device + "/" + op.Profile, op.Device + "/" + AllProfiles} {
		for _, g := range s.History[ctlKey(kindRole, key)] {
			if r, ok := decode[Role](g); ok && r == RoleManage && g.Stamp.Compare(op.Stamp) < 0 && s.isValid(g) {
				return true
			}
		}
	}
	return false
}

// retryHeld applies the changes kept aside that a grant received since now allows.
func (h *Household) retryHeld(ctx context.Context, rep *Report) error {
	if len(h.st.Held) == 0 {
		return nil
	}
	var take []Op
	keep := h.st.Held[:0:0]
	for _, ho := range h.st.Held {
		dev, _, _ := strings.Cut(strings.TrimPrefix(ho.File, "d/"), "/")
		at := ho.At
		if at.IsZero() { // kept aside before the snapshot's stamp was: its change's own
			at = ho.Op.Stamp
		}
		if h.st.mayWrite(ho.Op, dev, at) {
			take = append(take, ho.Op)
		} else {
			keep = append(keep, ho)
		}
	}
	if len(take) == 0 {
		return nil
	}
	n, err := h.r.Apply(ctx, take)
	if err != nil {
		return fmt.Errorf("household: applying received changes: %w", err)
	}
	rep.Applied += n
	h.st.Held = keep
	return nil
}

// observeReplica moves the replica's clock past every stamp this device's membership holds.
func (h *Household) observeReplica(ctx context.Context) error {
	o, ok := h.r.(ClockObserver)
	if !ok {
		return nil
	}
	if err := o.ObserveStamp(ctx, h.clock.Last()); err != nil {
		return fmt.Errorf("household: moving the vault's clock: %w", err)
	}
	return nil
}
