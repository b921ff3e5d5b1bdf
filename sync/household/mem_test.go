package household_test

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"carekeeper/internal/hlc"
	"carekeeper/sync/household"
	"carekeeper/sync/transport"
)

// memFS is an in-memory transport: one device's view of the shared folder.
type memFS struct {
	mu    sync.Mutex
	files map[string][]byte
	dirs  map[string]bool
	fail  func(op, name string) error // injected failures (nil: none)
}

func newMemFS() *memFS { return &memFS{files: map[string][]byte{}, dirs: map[string]bool{"": true}} }

func (m *memFS) check(op, name string) error {
	if m.fail != nil {
		return m.fail(op, name)
	}
	return nil
}

func (m *memFS) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("list", dir); err != nil {
		return nil, err
	}
	if !m.dirs[dir] {
		return nil, fmt.Errorf("list %s: %w", dir, transport.ErrNotExist)
	}
	var out []transport.Entry
	for d := range m.dirs {
		if d != "" && path.Dir(d) == dirOrDot(dir) {
			out = append(out, transport.Entry{Name: path.Base(d), Dir: true})
		}
	}
	for f, b := range m.files {
		if path.Dir(f) == dirOrDot(dir) {
			out = append(out, transport.Entry{Name: path.Base(f), Size: int64(len(b))})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func dirOrDot(d string) string {
	if d == "" {
		return "."
	}
	return d
}

func (m *memFS) Read(ctx context.Context, name string, limit int64) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("read", name); err != nil {
		return nil, err
	}
	b, ok := m.files[name]
	if !ok {
		return nil, fmt.Errorf("read %s: %w", name, transport.ErrNotExist)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("read %s: %w", name, transport.ErrTooLarge)
	}
	return append([]byte(nil), b...), nil
}

func (m *memFS) Create(ctx context.Context, name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("create", name); err != nil {
		return err
	}
	if _, ok := m.files[name]; ok {
		return fmt.Errorf("create %s: %w", name, transport.ErrExist)
	}
	m.put(name, data)
	return nil
}

func (m *memFS) put(name string, data []byte) {
	m.files[name] = append([]byte(nil), data...)
	for d := path.Dir(name); d != "." && !m.dirs[d]; d = path.Dir(d) {
		m.dirs[d] = true
	}
}

func (m *memFS) Remove(ctx context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.files[name]; !ok {
		return fmt.Errorf("remove %s: %w", name, transport.ErrNotExist)
	}
	delete(m.files, name)
	return nil
}

func (m *memFS) MkdirAll(ctx context.Context, dir string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check("mkdir", dir); err != nil {
		return err
	}
	for d := dir; d != "." && d != "" && !m.dirs[d]; d = path.Dir(d) {
		m.dirs[d] = true
	}
	return nil
}

// names lists the files (sorted).
func (m *memFS) names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for n := range m.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (m *memFS) get(name string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.files[name]...)
}

func (m *memFS) set(name string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.put(name, data)
}

// syncFrom copies to m the files of src it lacks (what a folder engine does, all at once).
func (m *memFS) syncFrom(src *memFS) {
	for _, n := range src.names() {
		if _, ok := m.files[n]; !ok {
			m.set(n, src.get(n))
		}
	}
}

// memReplica is an in-memory vault: a local change log and the merged data.
type memReplica struct {
	mu     sync.Mutex
	dev    string
	clock  *hlc.Clock
	log    []household.Op
	data   map[string]household.Op
	state  []byte
	saves  int
	failAt int // SaveState number that fails (0: none)
	most   int // the largest state saved

	failHook func() error // called before each SaveState and Apply (crash injection)
	old      bool         // its changes do not say what they were made from (an older CareKeeper)
}

func newReplica() *memReplica {
	return &memReplica{clock: hlc.New(hlc.Stamp{}), data: map[string]household.Op{}}
}

func opKey(op household.Op) string { return op.Kind + "\x00" + op.Key }

// put is a local change.
func (r *memReplica) put(kind, profile, key, value string, deleted bool, now time.Time) household.Op {
	r.mu.Lock()
	defer r.mu.Unlock()
	op := household.Op{Kind: kind, Profile: profile, Key: key, Deleted: deleted, Stamp: r.clock.Now(now), Device: r.dev}
	if !deleted {
		op.Value = []byte(value)
	}
	// What it was made from (F494), as storage says it: the other device's change held, or
	// what this device's own earlier change was made from.
	switch cur, ok := r.data[opKey(op)]; {
	case !ok:
		op.After = &household.OpID{}
	case cur.Device == r.dev:
		op.After = cur.After
	default:
		id := cur.ID()
		op.After = &id
	}
	if r.old {
		op.After = nil
	}
	if cur, ok := r.data[opKey(op)]; !ok || household.Wins(op, cur) {
		r.data[opKey(op)] = op
	}
	r.log = append(r.log, op)
	return op
}

func (r *memReplica) Changes(ctx context.Context, cursor uint64, max int) ([]household.Op, uint64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cursor > uint64(len(r.log)) {
		return nil, cursor, fmt.Errorf("cursor beyond the log")
	}
	end := min(uint64(len(r.log)), cursor+uint64(max))
	return append([]household.Op(nil), r.log[cursor:end]...), end, nil
}

func (r *memReplica) Apply(ctx context.Context, ops []household.Op) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failHook != nil {
		if err := r.failHook(); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, op := range ops {
		if err := r.clock.Observe(op.Stamp, time.UnixMilli(op.Stamp.Wall)); err != nil {
			return 0, err
		}
		if cur, ok := r.data[opKey(op)]; !ok || household.Wins(op, cur) {
			r.data[opKey(op)] = op
			n++
		}
	}
	return n, nil
}

func (r *memReplica) LoadState(ctx context.Context) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state, nil
}

func (r *memReplica) SaveState(ctx context.Context, b []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.saves++
	if r.failAt != 0 && r.saves == r.failAt {
		return fmt.Errorf("injected crash")
	}
	if r.failHook != nil {
		if err := r.failHook(); err != nil {
			return err
		}
	}
	r.state = append([]byte(nil), b...)
	r.most = max(r.most, len(b))
	return nil
}

// export is the merged data as one comparable text (what `export` would show).
func (r *memReplica) export() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var lines []string
	for _, op := range r.data {
		lines = append(lines, fmt.Sprintf("%s|%s|%s|%v|%q|%s|%s", op.Kind, op.Profile, op.Key, op.Deleted, op.Value, op.Stamp, op.Device))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func (r *memReplica) value(kind, key string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	op, ok := r.data[kind+"\x00"+key]
	if !ok || op.Deleted {
		return "", false
	}
	return string(op.Value), true
}

// snapReplica is a memReplica that can list everything it holds (household.Snapshotter).
type snapReplica struct{ *memReplica }

func (r snapReplica) Snapshot(ctx context.Context, fn func(household.Op) error) error {
	r.mu.Lock()
	ops := make([]household.Op, 0, len(r.data))
	for _, op := range r.data {
		ops = append(ops, op)
	}
	r.mu.Unlock()
	sort.Slice(ops, func(i, j int) bool { return opKey(ops[i]) < opKey(ops[j]) })
	for _, op := range ops {
		if err := fn(op); err != nil {
			return err
		}
	}
	return nil
}

// clone is a copy of the vault as a backup would hold it.
func (r *memReplica) clone() *memReplica {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := &memReplica{dev: r.dev, clock: hlc.New(r.clock.Last()), data: map[string]household.Op{}}
	c.log = append([]household.Op(nil), r.log...)
	for k, v := range r.data {
		c.data[k] = v
	}
	c.state = append([]byte(nil), r.state...)
	return c
}

// ObserveStamp moves the replica's clock (household.ClockObserver).
func (r *memReplica) ObserveStamp(ctx context.Context, s hlc.Stamp) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.clock.Last().Compare(s) < 0 {
		r.clock = hlc.New(s)
	}
	return nil
}

// Held is the item the replica holds for a key (household.Holder).
func (r *memReplica) Held(ctx context.Context, kind, key string) (household.Op, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	op, ok := r.data[kind+"\x00"+key]
	return op, ok, nil
}

// forge logs a change to send without holding it here, as a modified device whose vault
// refuses the edit (it may only view the person) but whose app sends it anyway.
func (r *memReplica) forge(kind, profile, key, value string, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.log = append(r.log, household.Op{Kind: kind, Profile: profile, Key: key, Value: []byte(value), Stamp: r.clock.Now(now), Device: r.dev})
}
