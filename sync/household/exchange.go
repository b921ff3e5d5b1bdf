package household

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/hlc"
	"carekeeper/sync/transport"
)

// File names. Only these are ever read; everything else in the folder (engines' temp files,
// conflict copies, placeholders, duplicates like "x (1).seg") is ignored.
//
//	d/<device id>/<16 hex random>-<8 digit seq>.seg   segments
//	i/<locator>/offer | r-<device id> | a-<device id>-<device id>   pairing
var (
	deviceDirRe = regexp.MustCompile(`^[0-9a-f]{32}$`)
	segNameRe   = regexp.MustCompile(`^[0-9a-f]{16}-([0-9]{8})\.seg$`)
)

func deviceDir(dev string) string { return "d/" + dev }

func segName(dev string, seq uint64) string {
	return fmt.Sprintf("%s/%s-%08d.seg", deviceDir(dev), randomID()[:16], seq)
}

// parseSegName returns the seq of a strict segment name.
func parseSegName(name string) (uint64, bool) {
	m := segNameRe.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseUint(m[1], 10, 64)
	return n, err == nil && n > 0
}

// opsPerSegment bounds one segment (and one Replica.Apply).
const opsPerSegment = 2000

// sendBytes bounds the values one round of sending takes (F93).
const sendBytes = 4 << 20

func valueBytes(ops []Op) int {
	n := 0
	for _, op := range ops {
		n += len(op.Value)
	}
	return n
}

// fitting is how many of ops, from the first, fit in sendBytes (at least 1).
func fitting(ops []Op) int {
	n := 0
	for i, op := range ops {
		n += len(op.Value)
		if n > sendBytes {
			return max(i, 1)
		}
	}
	return len(ops)
}

type payload struct {
	Ops []wireOp `json:"o"`
	// Snapshot is the stamp of the snapshot a segment belongs to (its writer's clock when it
	// began it): re-published changes count only if the writer managed their person then.
	Snapshot *wireStamp `json:"s,omitempty"`
	// Gone: every segment of its writer numbered up to it was removed from the folder by its
	// writer (compacted, once every member had acknowledged it): a reader takes them as seen
	// (a device that joined after never saw them, and its acknowledgement stuck below them,
	// so its writer never compacted again). Older readers ignore the field.
	Gone uint64 `json:"g,omitempty"`
	// Redone, in the last segment of a snapshot written to repair (repairDue): the numbers of
	// its writer's segments that a member refused as damaged and that the snapshot
	// re-publishes, with the membership messages its writer sent again: a reader takes them
	// as seen.
	Redone []uint64 `json:"r,omitempty"`
	// At is when its writer wrote it (wall ms): a reader takes it as the writer's last seen.
	// By its changes' stamps alone, a device that synced now what it changed offline hours
	// ago looked unheard of since then ("Not in step", "last heard from … 6 hours ago").
	// Older readers ignore the field.
	At int64 `json:"a,omitempty"`
}

type wireStamp struct {
	Wall    int64  `json:"w"`
	Logical uint32 `json:"l,omitempty"`
}

type wireOp struct {
	Kind    string `json:"k"`
	Profile string `json:"p,omitempty"`
	Key     string `json:"y"`
	Deleted bool   `json:"d,omitempty"`
	Value   []byte `json:"v,omitempty"`
	Wall    int64  `json:"w"`
	Logical uint32 `json:"l,omitempty"`
	Dev     string `json:"dv,omitempty"` // the writer, when not the segment's device (snapshots)
	// After is Op.After (F494); older readers ignore the field, and an op without it is one
	// whose writer did not say what it held.
	After *wireID `json:"af,omitempty"`
}

// wireID is an OpID: a stamp and a device ("" with a zero stamp: none).
type wireID struct {
	Wall    int64  `json:"w"`
	Logical uint32 `json:"l,omitempty"`
	Dev     string `json:"dv,omitempty"`
}

// Exchange runs one round: admit pending invitations, receive, verify and apply new segments,
// rotate keys if membership changed, send local changes, save the state. A bad file is reported
// in Report.Refused and does not stop the others; err is for what stops the round (transport or
// replica failures, ErrRevoked). Every step is saved in an order that survives a kill at any
// moment with no change lost or applied twice (see docs/household.md).
func (h *Household) Exchange(ctx context.Context, now time.Time) (Report, error) {
	var rep Report
	// Segments sealed by an exchange that could not write them go now, and count as sent by
	// this one (F239: it said "Sent 0 changes" while it wrote the change left waiting).
	waiting := 0
	for _, f := range h.st.Outbox {
		waiting += f.Ops
	}
	if err := h.flushOutbox(ctx); err != nil {
		return rep, err
	}
	rep.Sent += waiting
	if err := h.receive(ctx, now, &rep); err != nil {
		return rep, err
	}
	if _, gone := h.st.revoked(h.st.Device); gone {
		return rep, ErrRevoked
	}
	if err := h.admit(ctx, now, &rep); err != nil {
		return rep, err
	}
	h.tellRefusing(now)
	if err := h.reconcile(now); err != nil {
		return rep, err
	}
	h.emptied = false
	if err := h.send(ctx, now, &rep); err != nil {
		return rep, err
	}
	redo := h.repairDue()
	if h.emptied || len(redo) > 0 { // what this device holds goes again, for the others (F286)
		// First the membership and key messages it wrote (with their own stamps: a device that
		// has one takes nothing new), so the others can read what follows.
		seen := map[string]bool{}
		again := func(op Op) {
			k := op.Kind + "\x00" + op.Key + "\x00" + op.Stamp.String()
			if op.Device == h.st.Device && !seen[k] {
				seen[k] = true
				h.st.Pending = append(h.st.Pending, op)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(h.st.Control)) {
			again(h.st.Control[k])
		}
		for _, k := range slices.Sorted(maps.Keys(h.st.History)) {
			for _, op := range h.st.History[k] {
				again(op)
			}
		}
		sent := rep.Sent
		if err := h.send(ctx, now, &rep); err != nil {
			return rep, err
		}
		rep.Sent = sent // written again, not sent as changes
		if err := h.snapshot(ctx, now, redo); err != nil && !errors.Is(err, ErrNoSnapshot) {
			return rep, err
		}
		if h.emptied {
			rep.Emptied = true
		}
		rep.Repaired = len(redo) > 0
		h.emptied = false
	}
	if h.st.Republish { // people this device claimed (F348): what it holds of them goes
		if err := h.snapshot(ctx, now, nil); err != nil && !errors.Is(err, ErrNoSnapshot) {
			return rep, err
		}
		h.st.Republish = false
		if err := h.save(ctx); err != nil {
			return rep, err
		}
	}
	if err := h.compact(ctx); err != nil {
		return rep, err
	}
	if err := h.heartbeat(ctx, now); err != nil {
		return rep, err
	}
	return rep, nil
}

// flushOutbox creates the segments saved as sent but perhaps never created (a crash between
// saving and creating). Creating one twice is harmless: ErrExist with the same bytes.
func (h *Household) flushOutbox(ctx context.Context) error {
	if len(h.st.Outbox) == 0 {
		return nil
	}
	for _, f := range h.st.Outbox {
		if err := h.create(ctx, f); err != nil {
			return err
		}
	}
	h.st.Outbox = nil
	return h.save(ctx)
}

func (h *Household) create(ctx context.Context, f outFile) error {
	err := h.t.Create(ctx, f.Name, f.Data)
	if errors.Is(err, transport.ErrExist) {
		old, rerr := h.t.Read(ctx, f.Name, maxSegBytes)
		if rerr == nil && bytes.Equal(old, f.Data) {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("household: writing a segment: %w", err)
	}
	return nil
}

// nextSeq makes sure this device never reuses a segment number, even restored from a backup:
// it continues after the largest number in its own folder.
func (h *Household) nextSeq(ctx context.Context) error {
	ents, err := h.t.List(ctx, deviceDir(h.st.Device))
	if err != nil && !errors.Is(err, transport.ErrNotExist) {
		return fmt.Errorf("household: listing this device's folder: %w", err)
	}
	if errors.Is(err, transport.ErrNotExist) {
		if err := h.t.MkdirAll(ctx, deviceDir(h.st.Device)); err != nil {
			return fmt.Errorf("household: making this device's folder: %w", err)
		}
	}
	found := false
	for _, e := range ents {
		seq, ok := parseSegName(e.Name)
		found = found || (ok && !e.Dir)
		if !ok || e.Dir || seq < h.st.NextSeq {
			continue
		}
		// Only a segment this device signed moves its numbering: anyone who can write to the
		// folder could otherwise put "…-99999999.seg" here and push its names past 8 digits,
		// where no device reads them.
		name := deviceDir(h.st.Device) + "/" + e.Name
		own, err := h.ownSegment(ctx, name, seq)
		if err != nil {
			return err
		}
		if own {
			h.st.NextSeq = seq + 1
		}
	}
	// It wrote segments that are kept (compact removes only those before its latest
	// snapshot, and only this device removes its own), and none is there: the folder lost
	// them (F286).
	if !found && h.st.NextSeq > max(h.st.SnapshotSeq, 1) {
		h.emptied = true
	}
	return nil
}

// ownSegment reports whether the file name holds a segment of this household signed by this
// device under the number seq. A file it cannot read now is an error (not a "no"): a device
// restored from a backup must not reuse the number of a segment it wrote.
func (h *Household) ownSegment(ctx context.Context, name string, seq uint64) (bool, error) {
	data, err := h.t.Read(ctx, name, maxSegBytes)
	if errors.Is(err, transport.ErrNotExist) || errors.Is(err, transport.ErrTooLarge) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("household: reading this device's folder: %w", err)
	}
	hd, err := parseHeader(data)
	if err != nil || hd.household != h.st.Household || hd.device != h.st.Device || hd.seq != seq {
		return false, nil
	}
	return verifySegment(data, h.keys.sign.Public().(ed25519.PublicKey)) == nil, nil
}

// send writes the local changes (and pending membership changes) as new segments: one per
// scope (household-wide, and each person this device manages), encrypted under the scope's
// current key so only the devices allowed to see that person can read them.
func (h *Household) send(ctx context.Context, now time.Time, rep *Report) error {
	h.writing = now
	if err := h.nextSeq(ctx); err != nil {
		return err
	}
	self := h.st.Device
	if len(h.st.Redo) > 0 {
		// Items this device writes again (authority.go): here first, then with the others
		// (the state saved with the segments clears them; a crash before that does both again).
		if _, err := h.r.Apply(ctx, h.st.Redo); err != nil {
			return fmt.Errorf("household: restoring items: %w", err)
		}
	}
	for {
		// A round's segments are saved in the state (the outbox) before they are created: a
		// round is cut to about sendBytes of values, so the state saved stays small (the vault
		// now keeps it in pieces, 98d30f5; before, a few scanned documents made a state over
		// the 16 MiB one value may be and stopped every exchange for ever, F93). One record
		// larger than that still goes alone (docs/household.md, "How large").
		limit := opsPerSegment
		ops, next, err := h.r.Changes(ctx, h.st.Cursor, limit)
		for err == nil && len(ops) > 1 && valueBytes(ops) > sendBytes {
			limit = min(len(ops)-1, fitting(ops))
			ops, next, err = h.r.Changes(ctx, h.st.Cursor, limit)
		}
		if err != nil {
			return fmt.Errorf("household: reading local changes: %w", err)
		}
		more := len(ops) >= opsPerSegment || limit < opsPerSegment
		if len(ops) > 0 || len(h.st.Pending) > 0 || now.Sub(time.UnixMilli(h.st.AckedAt)) > ackEvery {
			h.ack(now)
		}
		ops = append(ops, h.st.Redo...)
		if len(ops) == 0 && len(h.st.Pending) == 0 {
			if next != h.st.Cursor {
				h.st.Cursor = next
				return h.save(ctx)
			}
			return nil
		}
		groups := map[string][]Op{}
		for _, op := range ops {
			if strings.HasPrefix(op.Kind, controlPref) {
				continue // reserved for membership
			}
			if op.Profile != "" && h.st.role(self, op.Profile) == RoleNone {
				continue // not this device's to share: stays local
			}
			// A change of a person this device now only views is sent all the same: it was
			// made while this device managed them (the vault refuses edits of people it only
			// views), so the others take it if the role was taken away after it, and if not, a
			// device that manages the person writes its own item again (authority.go); kept
			// back, it would stay different here for ever.
			if op.Device == "" {
				op.Device = self // a replica may re-send another device's op as it holds it
			}
			if op.Deleted {
				op.Value = nil
			}
			groups[op.Profile] = append(groups[op.Profile], op)
		}
		var people []string
		for p := range groups {
			people = append(people, p)
		}
		sort.Strings(people)
		if err := h.reconcile(now, people...); err != nil { // a person seen for the first time gets a key
			return err
		}
		// Keys (and removals) travel in their own segments under the household's envelope key
		// (every device admitted holds it; the keys inside are HPKE-wrapped to each reader), so
		// a device learns a new key before it meets the first segment sealed with it, and a
		// removed device learns it was removed.
		var meta []Op
		var ctl []Op
		sent := 0
		for _, op := range h.st.Pending {
			if counted(op.Kind) {
				sent++
			}
			if metaKind(op.Kind) {
				meta = append(meta, op)
			} else {
				ctl = append(ctl, op)
			}
		}
		groups[""] = append(ctl, groups[""]...)
		scopes := make([]string, 0, len(groups))
		for s := range groups {
			scopes = append(scopes, s)
		}
		sort.Strings(scopes)
		var files []outFile
		for len(meta) > 0 {
			n := min(len(meta), opsPerSegment)
			f, err := h.seal(metaKeyID, h.st.MetaKey, meta[:n])
			if err != nil {
				return err
			}
			for _, op := range meta[:n] {
				if counted(op.Kind) {
					f.Ops++
				}
			}
			files = append(files, f)
			meta = meta[n:]
		}
		for _, scope := range scopes {
			g := groups[scope]
			if len(g) == 0 {
				continue
			}
			kid, _, _, ok := h.st.currentKey(scope)
			km, have := h.st.Keys[kid]
			if !ok || !have {
				continue // no key this device may use for this person: nothing is sent
			}
			for len(g) > 0 {
				n := min(len(g), opsPerSegment)
				f, err := h.seal(kid, km.Key, g[:n])
				if err != nil {
					return err
				}
				for _, op := range g[:n] {
					if !strings.HasPrefix(op.Kind, controlPref) {
						sent++
						f.Ops++
					} else if counted(op.Kind) {
						f.Ops++
					}
				}
				files = append(files, f)
				g = g[n:]
			}
		}
		// Save first (outbox, cursor, seq), then create: a crash in between re-creates the
		// same bytes from the outbox; nothing is lost and nothing sent twice.
		h.st.Outbox = files
		h.st.Cursor = next
		h.st.Pending = nil
		h.st.Redo = nil
		h.st.LastSeen[self] = h.clock.Now(now).Wall
		if err := h.save(ctx); err != nil {
			return err
		}
		if err := h.flushOutbox(ctx); err != nil {
			return err
		}
		rep.Sent += sent
		if !more {
			return nil
		}
	}
}

// Unsent counts the changes made on this device that have not reached the transport, counted
// as Report.Sent counts them: the sharing changes and removals made here not yet sealed, the
// changes in sealed files not yet created (the outbox: a crash, or a failure to write them), and
// the local changes after the send cursor (of people this device shares). It stops counting
// past max (a result above max means "more than max"). For the status: an exchange that fails
// leaves them here (F96).
func (h *Household) Unsent(ctx context.Context, max int) (int, error) {
	n := 0
	for _, f := range h.st.Outbox {
		n += f.Ops
	}
	for _, op := range h.st.Pending {
		if counted(op.Kind) {
			n++
		}
	}
	for cursor := h.st.Cursor; n <= max; {
		ops, next, err := h.r.Changes(ctx, cursor, opsPerSegment)
		if err != nil {
			return n, fmt.Errorf("household: reading local changes: %w", err)
		}
		for _, op := range ops {
			if op.Profile != "" && h.st.role(h.st.Device, op.Profile) == RoleNone {
				continue // not this device's to share: stays here by design
			}
			n++
		}
		if len(ops) == 0 || next == cursor {
			break
		}
		cursor = next
	}
	return n, nil
}

func (h *Household) seal(kid string, key []byte, ops []Op) (outFile, error) {
	return h.sealAt(kid, key, ops, hlc.Stamp{}, nil)
}

// sealAt seals ops as one segment; snap is the stamp of the snapshot they belong to (zero:
// not a snapshot), redone its payload's Redone.
func (h *Household) sealAt(kid string, key []byte, ops []Op, snap hlc.Stamp, redone []uint64) (outFile, error) {
	p := payload{Ops: make([]wireOp, len(ops)), Gone: h.st.Gone, Redone: redone}
	if !h.writing.IsZero() {
		p.At = h.writing.UnixMilli()
	}
	if !snap.IsZero() {
		p.Snapshot = &wireStamp{Wall: snap.Wall, Logical: snap.Logical}
	}
	for i, op := range ops {
		p.Ops[i] = wireOp{Kind: op.Kind, Profile: op.Profile, Key: op.Key, Deleted: op.Deleted,
			Value: op.Value, Wall: op.Stamp.Wall, Logical: op.Stamp.Logical}
		if op.Device != h.st.Device {
			p.Ops[i].Dev = op.Device
		}
		if a := op.After; a != nil {
			p.Ops[i].After = &wireID{Wall: a.Stamp.Wall, Logical: a.Stamp.Logical, Dev: a.Device}
		}
	}
	b, err := json.Marshal(p)
	if err != nil {
		return outFile{}, fmt.Errorf("household: %w", err)
	}
	seq := h.st.NextSeq
	data, err := sealSegment(segHeader{household: h.st.Household, device: h.st.Device, seq: seq, keyID: kid},
		key, h.keys.sign, b)
	if err != nil {
		return outFile{}, err
	}
	h.st.NextSeq++
	h.st.markSeen(h.st.Device, seq)
	return outFile{Name: segName(h.st.Device, seq), Data: data}, nil
}

type candidate struct {
	name  string
	dev   string
	seq   uint64
	retry bool      // a parked file whose key arrived
	at    hlc.Stamp // set by take: the stamp its writer re-publishes others' changes at
}

type outcome int

const (
	done    outcome = iota // applied (or a duplicate): never read again
	later                  // cannot be judged yet (unknown device): retry
	parked                 // no key here: read again when one arrives
	refused                // bad file: reported
	held                   // from the future: quarantined, reported, retried
	waiting                // from a device not known here yet: counted, retried
)

// receive reads every new segment, verifies and applies it. Segments that teach this device
// something (a new member, a key) can make others readable, so it goes round until nothing
// changes.
func (h *Household) receive(ctx context.Context, now time.Time, rep *Report) error {
	cands, beats, present, err := h.listNew(ctx)
	if err != nil {
		return err
	}
	// What this device holds about files no longer there goes (F96: a refused file removed from
	// the folder is no longer said to be refused).
	pruned := h.prune(present)
	more, err := h.unparked(ctx) // keys may have come with an admission or a crash ago
	if err != nil {
		return err
	}
	cands = append(cands, more...)
	changed := pruned
	reasons := map[string]string{}
	bad := map[string]bool{} // reasons that say something is wrong with the file (Refusal.Bad)
	// Files refused for good (another household's, misplaced) are not read again, but said
	// again at every exchange while they are there.
	for n := range h.st.Foreign {
		if present[n] && h.st.Bad[n] != "" {
			reasons[n], bad[n] = h.st.Bad[n], true
		}
	}
	waits := map[string]bool{}
	for pass := 0; pass < 8 && len(cands) > 0; pass++ {
		progress := false
		var retry []candidate
		for _, c := range cands {
			peeked := h.st.Peeked[c.name]
			out, reason, err := h.take(ctx, c, now, rep)
			if err != nil {
				return err
			}
			if h.st.Peeked[c.name] != peeked {
				changed = true
			}
			if out != waiting {
				delete(h.st.Peeked, c.name)
			}
			if h.st.Foreign[c.name] {
				delete(h.st.Waits, c.name) // another household's: it waits for nothing (F326)
			}
			switch out {
			case done:
				progress, changed = true, true
				delete(h.st.Unread, c.name)
				delete(reasons, c.name)
				delete(bad, c.name)
				delete(waits, c.name)
				delete(h.st.Waits, c.name)
				delete(h.st.Ahead, c.name)
			case waiting:
				retry = append(retry, c)
				since, ok := h.st.Waits[c.name]
				if !ok {
					since = now.UnixMilli()
					h.st.Waits[c.name] = since
					changed = true
				}
				if now.Sub(time.UnixMilli(since)) > WaitGrace {
					// An admission is written at the exchange that admits: an hour later,
					// files of a device still unknown here are said (read again all the same).
					reasons[c.name], bad[c.name] = reasonUnknown, true
					delete(waits, c.name)
				} else {
					waits[c.name] = true
				}
			case later:
				retry = append(retry, c)
				reasons[c.name] = reason
				bad[c.name] = strings.HasPrefix(reason, reasonUnread)
				if bad[c.name] {
					// Unreadable for longer than UnreadGrace (a file damaged on a WebDAV
					// server that still answers its old length: F362): refused, so the status
					// says it and its writer hears it and writes it again (repairDue).
					since, ok := h.st.Unread[c.name]
					if !ok {
						since = now.UnixMilli()
						h.st.Unread[c.name] = since
						changed = true
					}
					if now.Sub(time.UnixMilli(since)) > UnreadGrace && h.st.Bad[c.name] != reason {
						h.st.Bad[c.name] = reason
						changed = true
					}
				}
			case parked:
				changed = true
			case refused:
				// Read again next time (an engine may still be delivering it: rclone shows
				// a PUT at full length before its bytes arrive), and said at every exchange
				// while it is refused (F97: said once, a second 'household sync' said
				// nothing and exited 0 with the file still refused). A removed device's
				// later files are what its removal asked for: said once.
				if h.st.Bad[c.name] != reason {
					h.st.Bad[c.name] = reason
					reasons[c.name] = reason
					changed = true
				} else if reason != reasonRemoved {
					reasons[c.name] = reason
				}
				bad[c.name] = reason != reasonRemoved
			case held:
				reasons[c.name] = reason
				if h.st.Ahead[c.name] != reason { // for the status (Refusing)
					h.st.Ahead[c.name] = reason
					changed = true
				}
			}
		}
		cands = retry
		if !progress {
			break
		}
		// Parked files whose key has now arrived get another go.
		more, err := h.unparked(ctx)
		if err != nil {
			return err
		}
		cands = append(cands, more...)
	}
	names := make([]string, 0, len(reasons))
	for n := range reasons {
		if bad[n] && h.applied(n) { // taken as seen since (a repair read after it): not said
			delete(h.st.Bad, n)
			delete(bad, n)
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rep.Refused = append(rep.Refused, Refusal{File: n, Reason: reasons[n], Bad: bad[n]})
	}
	rep.Waiting = len(waits)
	seen := false
	for _, b := range beats {
		if h.takeHeartbeat(ctx, b.dev, b.name, now) {
			seen = true
		}
	}
	if seen && !changed {
		if err := h.save(ctx); err != nil {
			return err
		}
	}
	if changed {
		// What arrived may allow changes kept aside, and a grant to this device: the vault's
		// clock passes it, so what this device writes from now on is stamped after it.
		if err := h.retryHeld(ctx, rep); err != nil {
			return err
		}
		if err := h.observeReplica(ctx); err != nil {
			return err
		}
		return h.save(ctx)
	}
	return nil
}

// listNew lists the segments not applied here, in device then seq order, and the other
// devices' heartbeats (heartbeat.go: name is the file's name in its device's folder).
//
// present holds every name listed in the devices' folders.
func (h *Household) listNew(ctx context.Context) (out, beats []candidate, present map[string]bool, err error) {
	present = map[string]bool{}
	dirs, err := h.t.List(ctx, "d")
	if errors.Is(err, transport.ErrNotExist) {
		return nil, nil, present, nil
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("household: listing the devices' folders: %w", err)
	}
	for _, d := range dirs {
		if !d.Dir || !deviceDirRe.MatchString(d.Name) {
			continue
		}
		files, err := h.t.List(ctx, deviceDir(d.Name))
		if errors.Is(err, transport.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("household: listing a device's folder: %w", err)
		}
		for _, f := range files {
			present[deviceDir(d.Name)+"/"+f.Name] = true
			if d.Name != h.st.Device && !f.Dir && seenNameRe.MatchString(f.Name) {
				beats = append(beats, candidate{name: f.Name, dev: d.Name})
				continue
			}
			seq, ok := parseSegName(f.Name)
			name := deviceDir(d.Name) + "/" + f.Name
			if !ok || f.Dir || h.st.seen(d.Name, seq) {
				continue
			}
			if _, p := h.st.Parked[name]; p || h.st.Foreign[name] {
				continue
			}
			out = append(out, candidate{name: name, dev: d.Name, seq: seq})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].dev != out[j].dev {
			return out[i].dev < out[j].dev
		}
		if out[i].seq != out[j].seq {
			return out[i].seq < out[j].seq
		}
		return out[i].name < out[j].name
	})
	return out, beats, present, nil
}

// prune forgets what this device holds about files no longer in the folder (refused, misplaced,
// waiting for their device's admission); reports whether it forgot anything.
func (h *Household) prune(present map[string]bool) bool {
	n := len(h.st.Bad) + len(h.st.Foreign) + len(h.st.Waits) + len(h.st.Ahead)
	maps.DeleteFunc(h.st.Bad, func(k string, _ string) bool { return !present[k] || h.applied(k) })
	maps.DeleteFunc(h.st.Ahead, func(k string, _ string) bool { return !present[k] || h.applied(k) })
	maps.DeleteFunc(h.st.Foreign, func(k string, _ bool) bool { return !present[k] })
	maps.DeleteFunc(h.st.Waits, func(k string, _ int64) bool { return !present[k] })
	maps.DeleteFunc(h.st.Peeked, func(k string, _ bool) bool { return !present[k] })
	maps.DeleteFunc(h.st.Unread, func(k string, _ int64) bool { return !present[k] || h.applied(k) })
	return n != len(h.st.Bad)+len(h.st.Foreign)+len(h.st.Waits)+len(h.st.Ahead)
}

// applied: the segment file's number is applied here (under this name or another): a copy
// under another name is skipped unread, so no longer refused.
func (h *Household) applied(name string) bool {
	dev, file, _ := strings.Cut(strings.TrimPrefix(name, "d/"), "/")
	seq, ok := parseSegName(file)
	return ok && h.st.seen(dev, seq)
}

// Refusing lists the files this device refused and still sees in the folder, by the device
// whose folder holds them (another household's files and misplaced ones included), for the
// status: a member whose files are refused here is not in step with this device (F96). Files
// of a removed device written after its removal are not in it (refused as asked); files kept
// aside because their writer's clock is ahead are, not Bad.
func (h *Household) Refusing(now time.Time) map[string][]Refusal {
	out := map[string][]Refusal{}
	for name, reason := range h.st.Bad {
		if reason == reasonRemoved || h.applied(name) {
			continue
		}
		dev, _, _ := strings.Cut(strings.TrimPrefix(name, "d/"), "/")
		out[dev] = append(out[dev], Refusal{File: name, Reason: reason, Bad: true})
	}
	for name, reason := range h.st.Ahead { // kept aside, not bad: written by a clock ahead
		if h.applied(name) {
			continue
		}
		dev, _, _ := strings.Cut(strings.TrimPrefix(name, "d/"), "/")
		out[dev] = append(out[dev], Refusal{File: name, Reason: reason})
	}
	// A file the transport could not read, still within UnreadGrace (not in Bad yet): 'household
	// sync' says it refused at every exchange, so the status says it too (F409: it said "In
	// step" for ten minutes after the sync's "Refused … could not be read").
	for name := range h.st.Unread {
		if _, said := h.st.Bad[name]; said || h.applied(name) {
			continue
		}
		dev, _, _ := strings.Cut(strings.TrimPrefix(name, "d/"), "/")
		out[dev] = append(out[dev], Refusal{File: name, Reason: reasonUnread, Bad: true})
	}
	for name, since := range h.st.Waits {
		if now.Sub(time.UnixMilli(since)) > WaitGrace {
			dev, _, _ := strings.Cut(strings.TrimPrefix(name, "d/"), "/")
			out[dev] = append(out[dev], Refusal{File: name, Reason: reasonUnknown, Bad: true})
		}
	}
	for _, rs := range out {
		sort.Slice(rs, func(i, j int) bool { return rs[i].File < rs[j].File })
	}
	return out
}

// aheadWords says how far a clock is ahead: "3 minutes", "2 hours", "4 days" (it said "2h0m0s").
func aheadWords(d time.Duration) string {
	switch {
	case d < time.Hour-time.Minute/2:
		return countOf(int((d+time.Minute/2)/time.Minute), "minute", "minutes")
	case d < 36*time.Hour:
		return countOf(int((d+time.Hour/2)/time.Hour), "hour", "hours")
	}
	return countOf(int((d+12*time.Hour)/(24*time.Hour)), "day", "days")
}

// UnreadGrace is how long a file that cannot be read (the transport fails reading it) is
// retried before it counts as refused (F362).
const UnreadGrace = 10 * time.Minute

// WaitGrace is how long a file from a device not known here waits for that device's admission
// before it is said to be refused (an admission is written by the exchange that admits; the
// engine may carry it later than the new device's first files).
const WaitGrace = time.Hour

// ReasonOtherHousehold is the Refusal.Reason of a file of another household (its clear header
// names another household): read once, never used.
const ReasonOtherHousehold = "belongs to another household"

const (
	reasonUnknown = "from a device that is not a member of this household (no admission of it has arrived in an hour)"
	reasonUnread  = "could not be read"
)

func (h *Household) unparked(ctx context.Context) ([]candidate, error) {
	var out []candidate
	names := make([]string, 0, len(h.st.Parked))
	for n, kid := range h.st.Parked {
		if _, have := h.st.Keys[kid]; have {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		delete(h.st.Parked, n)
		dev, file, _ := strings.Cut(strings.TrimPrefix(n, "d/"), "/")
		seq, _ := parseSegName(file)
		out = append(out, candidate{name: n, dev: dev, seq: seq, retry: true})
	}
	return out, nil
}

// take reads, verifies and applies one segment.
func (h *Household) take(ctx context.Context, c candidate, now time.Time, rep *Report) (outcome, string, error) {
	bad := func(reason string) (outcome, string, error) {
		return refused, reason, nil
	}
	if h.st.seen(c.dev, c.seq) && !c.retry {
		return done, "", nil // a copy of one applied already
	}
	rec, ok := h.st.deviceRec(c.dev)
	if !ok {
		// Nothing in it can be checked before its admission, but its clear header says whose
		// household it is: read once, when first listed, another household's file is said at
		// once (F326: it was said to wait for an admission that would never come).
		if !h.st.Peeked[c.name] { // also a file waiting since before headers were read (F326)
			h.st.Peeked[c.name] = true
			data, err := h.t.Read(ctx, c.name, maxSegBytes)
			if err == nil {
				if hd, err := parseHeader(data); err == nil && hd.household != h.st.Household {
					h.st.Foreign[c.name] = true
					return bad(errOtherHH.Error())
				}
			}
		}
		return waiting, "", nil
	}
	data, err := h.t.Read(ctx, c.name, maxSegBytes)
	if errors.Is(err, transport.ErrNotExist) {
		return done, "", nil // gone since listed
	}
	if errors.Is(err, transport.ErrTooLarge) {
		return bad(fmt.Sprintf("too large: over %d MiB, more than a household file may be", MaxFileBytes>>20))
	}
	if err != nil {
		return later, reasonUnread + ": " + err.Error(), nil
	}
	hd, err := parseHeader(data)
	if err != nil {
		return bad(err.Error())
	}
	// The clear header is written first and whole: these verdicts are final.
	if hd.household != h.st.Household {
		h.st.Foreign[c.name] = true
		return bad(errOtherHH.Error())
	}
	if hd.device != c.dev || hd.seq != c.seq {
		h.st.Foreign[c.name] = true
		return bad("its name does not match its contents (moved, renamed or replayed)")
	}
	if err := verifySegment(data, rec.Sign); err != nil {
		return bad(err.Error())
	}
	// A removed device's segment after its removal is refused; read once all the same, to
	// write again what a device that took it before it heard of the removal holds (undoRemoved).
	removed := false
	if rv, gone := h.st.revoked(c.dev); gone && c.seq > rv.After {
		removed = true
		if h.st.Bad[c.name] == reasonRemoved {
			return bad(reasonRemoved)
		}
	}
	km, have := h.st.Keys[hd.keyID]
	meta := hd.keyID == metaKeyID
	if meta {
		km, have = keyMaterial{Key: h.st.MetaKey}, true
	}
	if !have && removed {
		return bad(reasonRemoved)
	}
	if !have {
		// Counted as seen (so it is acknowledged and can be compacted): a device with no key
		// for a person never will read it; one given the person later gets their history from
		// the older keys wrapped to it, or from a snapshot.
		h.st.Parked[c.name] = hd.keyID
		h.st.markSeen(c.dev, c.seq)
		return parked, "", nil
	}
	plain, err := openSegment(data, km.Key)
	if err != nil {
		return bad(err.Error())
	}
	var p payload
	if err := json.Unmarshal(plain, &p); err != nil {
		return bad(errPadding.Error())
	}
	var ctl, ops []Op
	var top hlc.Stamp
	for _, w := range p.Ops {
		op := Op{Kind: w.Kind, Profile: w.Profile, Key: w.Key, Deleted: w.Deleted, Value: w.Value,
			Stamp: hlc.Stamp{Wall: w.Wall, Logical: w.Logical}, Device: c.dev}
		if w.Dev != "" {
			if !deviceDirRe.MatchString(w.Dev) || strings.HasPrefix(w.Kind, controlPref) {
				return bad(errPadding.Error())
			}
			op.Device = w.Dev
		}
		if a := w.After; a != nil {
			if a.Dev != "" && !deviceDirRe.MatchString(a.Dev) {
				return bad(errPadding.Error())
			}
			op.After = &OpID{Stamp: hlc.Stamp{Wall: a.Wall, Logical: a.Logical}, Device: a.Dev}
		}
		if op.Profile != km.Scope {
			return bad("carries changes outside the people its key is for")
		}
		if top.Compare(op.Stamp) < 0 {
			top = op.Stamp
		}
		if metaKind(op.Kind) != meta {
			return bad("carries changes its key may not carry")
		}
		if strings.HasPrefix(op.Kind, controlPref) {
			if km.Scope != "" {
				return bad("carries changes outside the people its key is for")
			}
			ctl = append(ctl, op)
		} else {
			ops = append(ops, op)
		}
	}
	// The stamp at which its writer re-publishes others' changes: its snapshot's, else (a
	// snapshot written before it was said) its newest change's.
	c.at = top
	if p.Snapshot != nil {
		c.at = hlc.Stamp{Wall: p.Snapshot.Wall, Logical: p.Snapshot.Logical}
		if top.Compare(c.at) < 0 {
			top = c.at
		}
	}
	if removed {
		if hlc.Check(top, now) == nil {
			if err := h.clock.Observe(top, now); err != nil {
				return done, "", err
			}
			if err := h.undoRemoved(ctx, ops, now); err != nil {
				return done, "", err
			}
		}
		return bad(reasonRemoved)
	}
	if err := hlc.Check(top, now); err != nil {
		ahead := time.Duration(top.Wall-now.UnixMilli()) * time.Millisecond
		return held, fmt.Sprintf("written by a device whose clock is %s ahead; kept aside until this device's clock catches up", aheadWords(ahead)), nil
	}
	for _, op := range ctl {
		changed := h.st.mergeControl(op)
		if counted(op.Kind) { // a sharing change or a removal, counted as the records are
			rep.Received++
			if changed {
				rep.Applied++
			}
		}
	}
	if len(ctl) > 0 {
		h.learnKeys()
	}
	// A change of a person is taken only from a device that managed them at its stamp;
	// the others are kept aside (a grant allowing them may still be on its way).
	var take, hold []Op
	for _, op := range ops {
		if h.st.mayWrite(op, c.dev, c.at) {
			take = append(take, op)
		} else {
			hold = append(hold, op)
		}
	}
	if len(hold) > 0 && len(h.st.Held)+len(hold) > maxHeld {
		// Not read now rather than lost: read again at the next exchange (a grant may come).
		return later, "changes of a person from a device that did not manage them at the time: more than can be kept aside; read again at the next exchange", nil
	}
	if len(take) > 0 {
		n, err := h.r.Apply(ctx, take)
		if err != nil {
			return done, "", fmt.Errorf("household: applying received changes: %w", err)
		}
		rep.Applied += n
	}
	rep.Received += len(ops)
	if !top.IsZero() {
		if err := h.clock.Observe(top, now); err != nil {
			return done, "", err // Check passed above: cannot happen
		}
		seen := top.Wall
		if p.At > seen && hlc.Check(hlc.Stamp{Wall: p.At}, now) == nil { // not ahead of this clock
			seen = p.At
		}
		if seen > h.st.LastSeen[c.dev] {
			h.st.LastSeen[c.dev] = seen
		}
	}
	if len(hold) > 0 {
		if err := h.hold(ctx, hold, c, now); err != nil {
			return done, "", err
		}
		rep.Refused = append(rep.Refused, Refusal{File: c.name, Reason: countOf(len(hold), "change", "changes") +
			" of a person from a device that did not manage them at the time: kept aside, not applied"})
	}
	if p.Gone > 0 && p.Gone < c.seq {
		h.st.markSeenUpTo(c.dev, p.Gone)
	}
	for _, seq := range p.Redone {
		if seq < c.seq {
			h.st.markSeen(c.dev, seq)
		}
	}
	h.st.markSeen(c.dev, c.seq)
	delete(h.st.Bad, c.name)
	return done, "", nil
}

const reasonRemoved = "written by a removed device after its removal"

// counted: the membership changes a person makes (who may see or manage whom, a device
// removed), counted in a Report with the records; keys, acknowledgements and the rest are the
// household's own bookkeeping.
func counted(kind string) bool { return kind == kindRole || kind == kindRevoke }

// metaKind: ops carried in envelope-key segments.
func metaKind(kind string) bool { return kind == kindKey || kind == kindWrap || kind == kindRevoke }

// countOf says n of a thing in words: "1 change", "2 changes".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// refusingHere: the seqs of each member's segments refused here as bad (damaged, altered, too
// large) and still in the folder, by writer.
func (h *Household) refusingHere() map[string][]uint64 {
	out := map[string][]uint64{}
	for name, reason := range h.st.Bad {
		if reason == reasonRemoved || h.applied(name) {
			continue
		}
		dev, file, _ := strings.Cut(strings.TrimPrefix(name, "d/"), "/")
		seq, ok := parseSegName(file)
		if _, member := h.st.control(kindDevice, dev); !ok || !member || dev == h.st.Device {
			continue
		}
		out[dev] = append(out[dev], seq)
	}
	for _, seqs := range out {
		slices.Sort(seqs)
	}
	return out
}

// tellRefusing says to the others, when it changed, which of their segments this device
// refuses (F96: the writer said 'In step' while its change never reached this device). It
// travels with the next send, household-wide.
func (h *Household) tellRefusing(now time.Time) {
	cur := h.refusingHere()
	said := map[string][]uint64{}
	op, had := h.st.control(kindRefusing, h.st.Device)
	if had {
		said, _ = decode[map[string][]uint64](op)
	}
	if maps.EqualFunc(cur, said, slices.Equal) || (!had && len(cur) == 0) {
		return
	}
	h.addControl(kindRefusing, h.st.Device, cur, now)
}

// repairDue lists the segments of this device that a member said (its own word) it refuses as
// damaged or altered, not re-published yet. What this device holds then goes again (its own
// membership messages, then a snapshot whose last segment names those numbers): the member
// takes them as seen once it reads it, and what was in them arrives with the snapshot (before,
// the file was refused for ever: its changes never arrived, the member was never in step again
// and its acknowledgement stuck below it, so nothing of this device was compacted again).
func (h *Household) repairDue() []uint64 {
	if _, ok := h.r.(Snapshotter); !ok {
		return nil // it cannot write what it holds again (a replica without snapshots)
	}
	var due []uint64
	h.st.each(kindRefusing, func(dev string, op Op) {
		if dev == h.st.Device || op.Device != dev {
			return
		}
		if rec, ok := decode[map[string][]uint64](op); ok {
			for _, seq := range rec[h.st.Device] {
				if !h.redone(seq) && seq < h.st.NextSeq {
					due = append(due, seq)
				}
			}
		}
	})
	return slices.Compact(slices.Sorted(slices.Values(due)))
}

// redone: this device's segment seq was re-published by a repair, or removed by compaction
// (what a member says it refuses may be older than either).
func (h *Household) redone(seq uint64) bool {
	_, ok := slices.BinarySearch(h.st.Redone, seq)
	return ok || seq <= h.st.Gone
}

// RewrittenFor: every segment of this device that member dev said it refuses was re-published
// by a snapshot this device has written since (repairDue): what was in them is on its way to dev.
func (h *Household) RewrittenFor(dev string) bool {
	op, ok := h.st.control(kindRefusing, dev)
	if !ok || op.Device != dev || dev == h.st.Device {
		return false
	}
	rec, ok := decode[map[string][]uint64](op)
	if !ok || len(rec[h.st.Device]) == 0 {
		return false
	}
	for _, seq := range rec[h.st.Device] {
		if !h.redone(seq) {
			return false
		}
	}
	return true
}

// RefusedElsewhere counts, by member device, this device's segments that device said it
// refuses (damaged or altered on the way): what is in them has not reached it.
func (h *Household) RefusedElsewhere() map[string]int {
	out := map[string]int{}
	h.st.each(kindRefusing, func(dev string, op Op) {
		if dev == h.st.Device || op.Device != dev {
			return // only a device's own word counts
		}
		if rec, ok := decode[map[string][]uint64](op); ok && len(rec[h.st.Device]) > 0 {
			out[dev] = len(rec[h.st.Device])
		}
	})
	return out
}

// Receive reads, verifies and decrypts the segments not yet taken here into the replica, as
// Exchange's receiving step does, and nothing else: no invitation admitted, nothing sent,
// no heartbeat, nothing written to the transport. hhvault.Watch uses it with a replica held in
// memory while the vault is locked (F558): the vault's own state is not touched, so the
// exchange after the unlock takes the same segments again.
func (h *Household) Receive(ctx context.Context, now time.Time) (Report, error) {
	var rep Report
	err := h.receive(ctx, now, &rep)
	return rep, err
}
