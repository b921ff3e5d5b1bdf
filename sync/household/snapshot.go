package household

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"carekeeper/sync/transport"
)

// Snapshotter is what a Replica implements to let this device write snapshots: every item it
// holds, the winning op of each (Kind, Key), tombstones included, with its original Stamp and
// Device. Without it a device writes no snapshots and never compacts its segments (everything
// else works; a new device then reads the whole history).
type Snapshotter interface {
	Snapshot(ctx context.Context, fn func(Op) error) error
}

// ErrNoSnapshot: the replica does not implement Snapshotter.
var ErrNoSnapshot = errors.New("household: this vault cannot write snapshots")

// ackEvery bounds how often a device with nothing else to send acknowledges what it has seen
// (acknowledgements ride along with every other send; alone they would ping-pong).
const ackEvery = 6 * time.Hour

// SnapshotEvery is how many segments of its own a device writes before it writes a snapshot
// in Exchange (when the replica is a Snapshotter).
const SnapshotEvery = 500

// ack queues this device's acknowledgement of what it has seen, if it changed.
func (h *Household) ack(now time.Time) {
	cur := map[string]uint64{}
	for dev, q := range h.st.Seen {
		if dev != h.st.Device && q.Low > 0 {
			cur[dev] = q.Low
		}
	}
	if maps.Equal(cur, h.st.Acked) {
		return
	}
	h.addControl(kindAck, h.st.Device, cur, now)
	h.st.Acked = cur
	h.st.AckedAt = now.UnixMilli()
}

// Snapshot writes everything this device holds (of the people it may read) as new segments,
// each op with its original stamp and writer, so a device that joins later needs none of the
// older segments; once every member has acknowledged them, Exchange removes this device's
// segments older than its latest snapshot. ErrNoSnapshot if the replica cannot list its items.
func (h *Household) Snapshot(ctx context.Context, now time.Time) error {
	return h.snapshot(ctx, now, nil)
}

// snapshot writes the snapshot; redone are this device's segments a member refused as damaged
// (repairDue), said in a last segment so the member takes them as seen.
func (h *Household) snapshot(ctx context.Context, now time.Time, redone []uint64) error {
	h.writing = now
	sn, ok := h.r.(Snapshotter)
	if !ok {
		return ErrNoSnapshot
	}
	if err := h.flushOutbox(ctx); err != nil {
		return err
	}
	if err := h.nextSeq(ctx); err != nil {
		return err
	}
	self := h.st.Device
	first := h.st.NextSeq
	groups := map[string][]Op{}
	var files []outFile
	// The snapshot's stamp: after every change of others it re-publishes (each was observed
	// into this clock when received).
	at := h.clock.Now(now)
	flush := func(scope string, all bool) error {
		g := groups[scope]
		for len(g) >= opsPerSegment || (all && len(g) > 0) {
			n := fitting(g[:min(len(g), opsPerSegment)]) // a segment of about sendBytes at most
			kid, _, _, ok := h.st.currentKey(scope)
			km, have := h.st.Keys[kid]
			if !ok || !have {
				g = nil
				break
			}
			f, err := h.sealAt(kid, km.Key, g[:n], at, nil)
			if err != nil {
				return err
			}
			files = append(files, f)
			g = g[n:]
		}
		groups[scope] = g
		return nil
	}
	if err := h.reconcile(now); err != nil {
		return err
	}
	err := sn.Snapshot(ctx, func(op Op) error {
		// Only the people this device manages now: the others take another's changes from it
		// only if it managed their person at the snapshot's stamp (authority.go).
		if op.Profile != "" && h.st.role(self, op.Profile) != RoleManage {
			return nil
		}
		if op.Device == "" {
			op.Device = self
		}
		groups[op.Profile] = append(groups[op.Profile], op)
		return flush(op.Profile, false)
	})
	if err != nil {
		return fmt.Errorf("household: reading the vault for a snapshot: %w", err)
	}
	scopes := make([]string, 0, len(groups))
	for s := range groups {
		scopes = append(scopes, s)
	}
	sort.Strings(scopes)
	for _, s := range scopes {
		if err := flush(s, true); err != nil {
			return err
		}
	}
	// A repair ends with a segment under the envelope key (every member reads it) naming the
	// damaged segments the snapshot re-publishes: a member that refused one takes it as seen
	// (its acknowledgement moves on). Created last, so a snapshot cut short by a crash claims
	// nothing.
	if len(redone) > 0 {
		f, err := h.sealAt(metaKeyID, h.st.MetaKey, nil, at, redone)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	redoneNow := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(h.st.Redone), redone...))))
	// Saved and created in pieces of about sendBytes: the state holds a piece's segments until
	// they are created, and the vault keeps it as one value of at most 16 MiB (a vault with a
	// few scanned documents made a snapshot no exchange could save: F93). Each piece's state
	// says the seq after its last segment, so a crash part way leaves no gap in this device's
	// seqs; the snapshot counts (SnapshotSeq) only with its last piece.
	if len(files) == 0 {
		h.st.SnapshotSeq = first
		return h.save(ctx)
	}
	start, next := first, first
	for len(files) > 0 {
		n, size := 0, 0
		for n < len(files) && (n == 0 || size+len(files[n].Data) <= sendBytes) {
			size += len(files[n].Data)
			n++
		}
		next += uint64(n)
		h.st.Outbox = files[:n]
		h.st.NextSeq = next
		files = files[n:]
		if len(files) == 0 {
			h.st.SnapshotSeq, h.st.Redone = start, redoneNow
		}
		if err := h.save(ctx); err != nil {
			return err
		}
		if err := h.flushOutbox(ctx); err != nil {
			return err
		}
	}
	return nil
}

// compact removes this device's own segments older than its latest snapshot that every other
// member has acknowledged. Only a segment's writer ever removes it.
func (h *Household) compact(ctx context.Context) error {
	if _, ok := h.r.(Snapshotter); ok && h.st.NextSeq-h.st.SnapshotSeq > SnapshotEvery {
		if err := h.Snapshot(ctx, time.UnixMilli(h.clock.Last().Wall)); err != nil {
			return err
		}
	}
	if h.st.SnapshotSeq <= 1 {
		return nil
	}
	upto := h.st.SnapshotSeq - 1
	for _, dev := range h.st.members() {
		if dev == h.st.Device {
			continue
		}
		op, ok := h.st.control(kindAck, dev)
		if !ok {
			return nil
		}
		acks, _ := decode[map[string]uint64](op)
		upto = min(upto, acks[h.st.Device])
	}
	ents, err := h.t.List(ctx, deviceDir(h.st.Device))
	if err != nil {
		return fmt.Errorf("household: listing this device's folder: %w", err)
	}
	for _, e := range ents {
		if seq, ok := parseSegName(e.Name); ok && !e.Dir && seq <= upto {
			err := h.t.Remove(ctx, deviceDir(h.st.Device)+"/"+e.Name)
			if err != nil && !errors.Is(err, transport.ErrNotExist) {
				return fmt.Errorf("household: removing an old segment: %w", err)
			}
		}
	}
	if upto > h.st.Gone { // said in every segment from now on (payload.Gone)
		h.st.Gone = upto
		h.st.Redone = slices.DeleteFunc(h.st.Redone, func(seq uint64) bool { return seq <= upto })
		return h.save(ctx)
	}
	return nil
}
