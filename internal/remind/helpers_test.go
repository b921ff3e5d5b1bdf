package remind

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

const testPass = "remind test passphrase"

var keyTmpl struct {
	once    sync.Once
	keyFile []byte
	key     []byte
	err     error
}

// openVault returns a fresh vault in a temp dir (one key derivation per test binary).
func openVault(tb testing.TB) *storage.Vault {
	tb.Helper()
	keyTmpl.once.Do(func() {
		dir, err := os.MkdirTemp("", "ck-remind-")
		if err != nil {
			keyTmpl.err = err
			return
		}
		defer os.RemoveAll(dir)
		if _, keyTmpl.err = storage.Init(dir, []byte(testPass), storage.Options{}); keyTmpl.err != nil {
			return
		}
		if keyTmpl.keyFile, keyTmpl.err = os.ReadFile(storage.KeyFilePath(dir)); keyTmpl.err != nil {
			return
		}
		keyTmpl.key, keyTmpl.err = storage.UnwrapKey(dir, []byte(testPass))
	})
	if keyTmpl.err != nil {
		tb.Fatal(keyTmpl.err)
	}
	dir := filepath.Join(tb.TempDir(), "vault")
	os.Mkdir(dir, 0o700)
	if err := os.WriteFile(storage.KeyFilePath(dir), keyTmpl.keyFile, 0o600); err != nil {
		tb.Fatal(err)
	}
	v, err := storage.OpenWithKey(dir, keyTmpl.key, storage.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { v.Close() })
	return v
}

// addMed stores an active MedicationRequest with the given dosageInstruction JSON.
func addMed(tb testing.TB, v *storage.Vault, profile, id, name, dosage string, extra ...string) string {
	tb.Helper()
	res := `{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order",` +
		`"medicationCodeableConcept":{"text":"` + name + `"},"subject":{"reference":"Patient/p1"},"authoredOn":"2026-01-01"`
	if dosage != "" {
		res += `,"dosageInstruction":` + dosage
	}
	for _, e := range extra {
		res += "," + e
	}
	res += "}"
	rec, err := storage.NewRecord(profile, storage.ID{Source: "local", Type: "MedicationRequest", ID: id}, []byte(res))
	if err != nil {
		tb.Fatal(err)
	}
	// Confirmed by the person ("still taking it?" — yes), so that it is being taken whatever
	// the day the test runs (tests that Load at the real time).
	choice := storage.StateOp{Key: health.ChoiceKey(profile, "MedicationRequest/"+id),
		Value: health.EncodeChoice(health.Choice{Taking: true, At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}, State: []storage.StateOp{choice}}); err != nil {
		tb.Fatal(err)
	}
	return "MedicationRequest/" + id
}

// addRecordMed stores an active MedicationRequest as a record brings it, with nothing from
// the person: whether it is being taken depends on its authoredOn.
func addRecordMed(tb testing.TB, v *storage.Vault, profile, id, name, authoredOn string) {
	tb.Helper()
	rec, err := storage.NewRecord(profile, storage.ID{Source: "local", Type: "MedicationRequest", ID: id}, []byte(`{"resourceType":"MedicationRequest","id":"`+id+
		`","status":"active","intent":"order","medicationCodeableConcept":{"text":"`+name+`"},"authoredOn":"`+authoredOn+`","dosageInstruction":`+twiceDaily+`}`))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		tb.Fatal(err)
	}
}

func addPerson(tb testing.TB, v *storage.Vault, name string) string {
	tb.Helper()
	p, err := v.AddProfile(name, "1950-01-01")
	if err != nil {
		tb.Fatal(err)
	}
	return p.ID
}

const twiceDaily = `[{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`

// fakeClock is a settable clock; timers fire when the time is set past them.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at time.Time
	c  chan time.Time
	c2 *fakeClock
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }
func (t *fakeTimer) Stop() bool {
	t.c2.mu.Lock()
	defer t.c2.mu.Unlock()
	for i, x := range t.c2.timers {
		if x == t {
			t.c2.timers = append(t.c2.timers[:i], t.c2.timers[i+1:]...)
			return true
		}
	}
	return false
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), c: make(chan time.Time, 1), c2: c}
	if d <= 0 {
		t.c <- c.now
		return t
	}
	c.timers = append(c.timers, t)
	return t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	keep := c.timers[:0]
	for _, x := range c.timers {
		if !x.at.After(t) {
			x.c <- t
		} else {
			keep = append(keep, x)
		}
	}
	c.timers = keep
}

// recorder is a Notifier that records what it is asked to do.
type recorder struct {
	mu        sync.Mutex
	sent      []Message
	withdrawn []string
	ev        chan Event
	onSend    func(Message)
}

func newRecorder() *recorder { return &recorder{ev: make(chan Event, 8)} }

func (r *recorder) Send(_ context.Context, m Message) error {
	r.mu.Lock()
	r.sent = append(r.sent, m)
	f := r.onSend
	r.mu.Unlock()
	if f != nil {
		f(m)
	}
	return nil
}
func (r *recorder) Withdraw(_ context.Context, tag string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.withdrawn = append(r.withdrawn, tag)
	return nil
}
func (r *recorder) Events() <-chan Event { return r.ev }
func (r *recorder) Close() error         { return nil }

// take returns and forgets what was sent so far.
func (r *recorder) take() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sent
	r.sent = nil
	return s
}

func mustLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func stateKeys(tb testing.TB, v *storage.Vault, prefix string) map[string]occState {
	tb.Helper()
	out := map[string]occState{}
	err := v.ScanState(context.Background(), prefix, func(k string, b []byte) error {
		var s occState
		_ = json.Unmarshal(b, &s)
		out[k] = s
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func titles(ms []Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Tag+" | "+m.Title)
	}
	sort.Strings(out)
	return out
}

func stateOp(k, v string) storage.StateOp { return storage.StateOp{Key: k, Value: []byte(v)} }
