package hhvault

import (
	"context"
	"errors"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// Watch reads the household's new dose answers while the vault is locked (F558): a caregiver's
// computer is locked most of the time, and its caregiver alerts must still be withdrawn when
// someone answers on another device. It holds, in memory only, a copy of the household state
// (this device's keys and the household's, which the vault keeps encrypted) and the transport;
// not the vault's key. Each round (Answers) is household.Household.Receive over a replica held
// in memory: the new segments are read, verified and decrypted there, the dose answers in them
// handed over and the rest dropped. Nothing is written: not to the transport (no heartbeat, no
// segment), not to disk. The vault's state is as it was at the lock, so the exchange after the
// unlock takes the same segments and applies them.
type Watch struct {
	h *household.Household
	r *memReplica
}

// memReplica is the household's replica while locked: the state in memory, no changes of its
// own, the dose answers received kept until Answers takes them — with their tombstones (an
// answer undone on another device brings its alert back) and the people's (a person deleted
// gets no alert).
type memReplica struct {
	state []byte
	doses []household.Op
}

func (m *memReplica) Changes(context.Context, uint64, int) ([]household.Op, uint64, error) {
	return nil, 0, nil
}

func (m *memReplica) Apply(_ context.Context, ops []household.Op) (int, error) {
	n := 0
	for _, op := range ops {
		if op.Kind == storage.KindDose || op.Kind == storage.KindProfile && op.Deleted {
			m.doses = append(m.doses, op)
			n++
		}
	}
	return n, nil
}

func (m *memReplica) LoadState(context.Context) ([]byte, error) { return m.state, nil }

func (m *memReplica) SaveState(_ context.Context, b []byte) error {
	m.state = append([]byte(nil), b...)
	return nil
}

// NewWatch prepares a Watch from the open vault, before it locks: ErrNoTransport outside a
// household; a copied or moved vault, which takes no part in the household, gets none.
func NewWatch(ctx context.Context, v *storage.Vault, getenv func(string) string) (*Watch, error) {
	cfg, err := LoadConfig(v)
	if err != nil {
		return nil, err
	}
	if err := checkCopied(ctx, v); err != nil {
		return nil, err
	}
	if err := superseded(v); err != nil {
		return nil, err
	}
	t, err := cfg.Transport(getenv)
	switch {
	case err != nil && cfg.Folder != "" && cfg.Check() == nil:
		t = awaitedFolder{cfg.Folder} // a drive not connected: tried again at each round
	case err != nil:
		return nil, &UnreachableError{err}
	}
	st, err := v.LoadState(ctx)
	if err != nil {
		return nil, err
	}
	r := &memReplica{state: st}
	h, err := household.Open(ctx, r, t)
	if errors.Is(err, household.ErrNoHousehold) {
		return nil, ErrNoTransport
	}
	if err != nil {
		return nil, err
	}
	return &Watch{h: h, r: r}, nil
}

// Answers reads the segments that arrived since the last round and returns the dose answers
// in them (storage.KindDose changes, as the vault would apply them: a tombstone is an answer
// removed) and the people deleted (KindProfile tombstones).
func (w *Watch) Answers(ctx context.Context, now time.Time) ([]storage.Change, error) {
	w.r.doses = nil
	_, err := w.h.Receive(ctx, now)
	var out []storage.Change
	for _, op := range w.r.doses {
		out = append(out, toChange(op))
	}
	w.r.doses = nil
	return out, err
}

// Run reads the answers every o.Idle (1 minute) until ctx ends, the first round at once, and
// gives each round's to heard; a failed round is tried again after a delay doubling up to
// o.MaxBackoff, as the exchange is. o.Now and o.After are the clock.
func (w *Watch) Run(ctx context.Context, o RunOptions, heard func([]storage.Change)) {
	o.fill()
	s := &schedule{o: &o}
	wait := time.Duration(0)
	for {
		timer, stop := o.After(wait)
		select {
		case <-ctx.Done():
			stop()
			return
		case <-timer:
		}
		got, err := w.Answers(ctx, o.Now())
		if ctx.Err() != nil {
			return
		}
		if len(got) > 0 {
			heard(got)
		}
		wait = s.next(o.Now(), false, err)
		if err == nil {
			wait = o.Idle
		}
	}
}
