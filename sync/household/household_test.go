package household_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/sync/household"
	"carekeeper/sync/transport"
)

var t0 = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func init() { household.SetPollEvery(time.Millisecond) }

type device struct {
	name string
	r    *memReplica
	fs   *memFS
	h    *household.Household
}

func (d *device) exchange(t testing.TB, now time.Time) household.Report {
	t.Helper()
	rep, err := d.h.Exchange(context.Background(), now)
	if err != nil {
		t.Fatalf("%s: exchange: %v", d.name, err)
	}
	return rep
}

func create(t *testing.T, fs *memFS, now time.Time) *device {
	t.Helper()
	r := newReplica()
	h, err := household.Create(context.Background(), snapReplica{r}, fs, "Home", "laptop", now)
	if err != nil {
		t.Fatal(err)
	}
	r.dev = h.DeviceID()
	return &device{name: "laptop", r: r, fs: fs, h: h}
}

// join pairs a new device through admin, which runs exchanges until it is admitted.
func join(t testing.TB, admin *device, fs transport.Transport, name string, clock *fakeClock, grants ...household.Grant) *device {
	t.Helper()
	ctx := context.Background()
	code, _, err := admin.h.Invite(ctx, grants, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	d, err := tryJoin(t, admin, fs, name, code, clock)
	if err != nil {
		t.Fatalf("join %s: %v", name, err)
	}
	return d
}

func tryJoin(t testing.TB, admin *device, fs transport.Transport, name, code string, clock *fakeClock) (*device, error) {
	t.Helper()
	r := newReplica()
	var h *household.Household
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		h, err = household.Join(context.Background(), r, fs, code, name, time.Minute, clock.Now)
	}()
	for {
		select {
		case <-done:
			if err != nil {
				return nil, err
			}
			r.dev = h.DeviceID()
			m, _ := fs.(*memFS)
			return &device{name: name, r: r, fs: m, h: h}, nil
		default:
		}
		if _, xerr := admin.h.Exchange(context.Background(), clock.Now()); xerr != nil {
			t.Fatalf("admin exchange: %v", xerr)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestCreateJoinExchange(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	a.r.put("record", "dad", "Observation/1", "glucose 5.4", false, clock.Now())
	a.r.put("dose", "dad", "dose/08:00/a/taken", "taken", false, clock.Now())
	a.exchange(t, clock.Now())

	b := join(t, a, fs, "tablet", clock)
	rep := b.exchange(t, clock.Now())
	if rep.Applied != 2 || len(rep.Refused) != 0 {
		t.Fatalf("tablet's first exchange: %+v", rep)
	}
	if v, ok := b.r.value("record", "Observation/1"); !ok || v != "glucose 5.4" {
		t.Fatalf("tablet has %q, %v", v, ok)
	}
	clock.Add(time.Minute)
	b.r.put("record", "dad", "Observation/1", "glucose 5.6", false, clock.Now())
	b.r.put("dose", "dad", "dose/08:00/b/skipped", "skipped", false, clock.Now())
	if rep := b.exchange(t, clock.Now()); rep.Sent != 2 {
		t.Fatalf("tablet sent %d, want 2", rep.Sent)
	}
	a.exchange(t, clock.Now())
	if a.r.export() != b.r.export() {
		t.Fatalf("not in step:\n%s\n--\n%s", a.r.export(), b.r.export())
	}
	if v, _ := a.r.value("record", "Observation/1"); v != "glucose 5.6" {
		t.Fatalf("later edit lost: %q", v)
	}
	// Both dose answers are kept (a set).
	if _, ok := a.r.value("dose", "dose/08:00/a/taken"); !ok {
		t.Fatal("taken answer lost")
	}
	if _, ok := a.r.value("dose", "dose/08:00/b/skipped"); !ok {
		t.Fatal("skipped answer lost")
	}
	devs := a.h.Devices()
	if len(devs) != 2 || devs[0].Name != "laptop" || devs[1].Name != "tablet" || devs[1].LastSeen.IsZero() {
		t.Fatalf("devices: %+v", devs)
	}
	// A second exchange with nothing new sends and applies nothing.
	if rep := a.exchange(t, clock.Now()); rep.Sent != 0 || rep.Applied != 0 || len(rep.Refused) != 0 {
		t.Fatalf("idle exchange: %+v", rep)
	}
	// No plaintext byte in the folder.
	for _, n := range fs.names() {
		data := string(fs.get(n))
		for _, secret := range []string{"glucose", "Observation", "dad", "tablet", "laptop", "Home", "skipped"} {
			// Names are hex: "dad" turns up in about one run of fifty by chance.
			inName := strings.Trim(secret, "0123456789abcdef") != "" && strings.Contains(n, secret)
			if strings.Contains(data, secret) || inName {
				t.Fatalf("%s holds %q in the clear", n, secret)
			}
		}
	}
}

func TestPairingCodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	code, expires, err := a.h.Invite(ctx, nil, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !expires.Equal(t0.Add(10*time.Minute)) || len(strings.Split(code, "-")) != 6 {
		t.Fatalf("code %q expires %v", code, expires)
	}
	words := strings.Split(code, "-")

	t.Run("wrong code", func(t *testing.T) {
		wrong := append([]string(nil), words...)
		wrong[5] = map[bool]string{true: "zoo", false: "zone"}[wrong[5] != "zoo"]
		_, err := household.Join(ctx, newReplica(), fs, strings.Join(wrong, " "), "x", time.Second, stepper(clock, time.Second))
		if !errors.Is(err, household.ErrBadCode) {
			t.Fatalf("err = %v", err)
		}
		for _, bad := range []string{"", "one two", "notaword ability able about above absent"} {
			if _, err := household.Join(ctx, newReplica(), fs, bad, "x", 0, clock.Now); !errors.Is(err, household.ErrBadCode) {
				t.Fatalf("%q: err = %v", bad, err)
			}
		}
	})
	t.Run("used once", func(t *testing.T) {
		// Typed with spaces and capitals: the same code.
		b, err := tryJoin(t, a, fs, "tablet", strings.ToUpper(strings.Join(words, " ")), clock)
		if err != nil {
			t.Fatal(err)
		}
		if b.h.ID() != a.h.ID() || b.h.Name() != "Home" {
			t.Fatalf("joined %q %q", b.h.ID(), b.h.Name())
		}
		// Nobody exchanging: the used code is said at the first look (the clock stands still,
		// ten minutes to wait).
		wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		_, err = household.Join(wctx, newReplica(), fs, code, "intruder", 10*time.Minute, clock.Now)
		if !errors.Is(err, household.ErrCodeUsed) {
			t.Fatalf("second use, no member exchanging: err = %v", err)
		}
		_, err = tryJoin(t, a, fs, "intruder", code, clock)
		if !errors.Is(err, household.ErrCodeUsed) {
			t.Fatalf("second use: err = %v", err)
		}
		a.exchange(t, clock.Now())
		if n := len(a.h.Devices()); n != 2 {
			t.Fatalf("%d devices after a reused code", n)
		}
	})
	t.Run("expired", func(t *testing.T) {
		code, _, err := a.h.Invite(ctx, nil, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		late := &fakeClock{t: clock.Now().Add(10*time.Minute + time.Second)}
		_, err = tryJoin(t, a, fs, "late", code, late)
		if !errors.Is(err, household.ErrCodeExpired) {
			t.Fatalf("err = %v", err)
		}
	})
}

// stepper is a now() that moves on by step at every call.
func stepper(c *fakeClock, step time.Duration) func() time.Time {
	return func() time.Time { c.Add(step); return c.Now() }
}

// An invitation's files leave the folder an hour after it expired, and its key leaves the
// membership.
func TestInvitationCleanup(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	b := join(t, a, fs, "tablet", clock)
	if _, _, err := a.h.Invite(context.Background(), nil, clock.Now()); err != nil { // never used
		t.Fatal(err)
	}
	pairing := func() (n int) {
		for _, f := range fs.names() {
			if strings.HasPrefix(f, "i/") {
				n++
			}
		}
		return n
	}
	if pairing() == 0 {
		t.Fatal("no pairing files")
	}
	b.exchange(t, clock.Now())
	clock.Add(household.InviteTTL + time.Hour + time.Minute)
	a.exchange(t, clock.Now())
	b.exchange(t, clock.Now())
	// The tablet removed its request when it joined; the offers and answers go now.
	if n := pairing(); n != 0 {
		t.Fatalf("%d pairing files left after expiry: %v", n, fs.names())
	}
}

// directFS is the in-memory folder seen as a server (transport.Direct), like WebDAV.
type directFS struct{ *memFS }

func (directFS) Direct() bool { return true }

// A wrong code is said at the first look on a server (WebDAV: the code is shown only once the
// server holds the invitation), and only after two minutes in a synced folder (its engine may
// still be carrying the invitation). A right code still joins through the server.
func TestWrongCodeSoonerOnServer(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	code, _, err := a.h.Invite(ctx, nil, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Split(code, "-")
	wrong := append([]string(nil), words...)
	wrong[0] = map[bool]string{true: "zoo", false: "zone"}[wrong[0] != "zoo"]

	// The server: at once, with the clock standing still and ten minutes to wait.
	_, err = household.Join(ctx, newReplica(), directFS{fs}, strings.Join(wrong, " "), "x", 10*time.Minute, clock.Now)
	if !errors.Is(err, household.ErrBadCode) || !strings.Contains(err.Error(), "on the server") {
		t.Fatalf("server: err = %v", err)
	}
	// The folder, which holds the (valid) invitation: at once too, the code is mistyped.
	before := clock.Now()
	_, err = household.Join(ctx, newReplica(), fs, strings.Join(wrong, " "), "x", 10*time.Minute, clock.Now)
	if !errors.Is(err, household.ErrBadCode) || !strings.Contains(err.Error(), "check the words") {
		t.Fatalf("folder: err = %v", err)
	}
	// A folder holding no valid invitation (the engine may not have carried it yet): only once
	// two minutes have passed (the worst case).
	later := &fakeClock{t: before.Add(11 * time.Minute)}
	_, err = household.Join(ctx, newReplica(), fs, strings.Join(wrong, " "), "x", 10*time.Minute, stepper(later, 10*time.Second))
	if !errors.Is(err, household.ErrBadCode) {
		t.Fatalf("folder: err = %v", err)
	}
	if waited := later.Now().Sub(before.Add(11 * time.Minute)); waited < 2*time.Minute || waited > 3*time.Minute {
		t.Fatalf("folder: wrong code said after %v, want about 2 minutes", waited)
	}
	// The right code through the server.
	b, err := tryJoin(t, a, directFS{fs}, "tablet", code, &fakeClock{t: before})
	if err != nil || b.h.ID() != a.h.ID() {
		t.Fatalf("right code on the server: %v", err)
	}
}

// What a joiner is told on a server says nothing of a folder to wait for (it said "or wait for
// the folder to sync" for a mistyped word on WebDAV).
func TestWrongCodeWordsOnServer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	create(t, fs, clock.Now())
	for _, code := range []string{"notaword ability able about above absent", "one two", "ability able about above absent zoo"} {
		_, err := household.Join(ctx, newReplica(), directFS{fs}, code, "x", 10*time.Minute, clock.Now)
		if !errors.Is(err, household.ErrBadCode) || strings.Contains(err.Error(), "folder") || strings.Contains(err.Error(), "sync") {
			t.Errorf("%q on a server: %v", code, err)
		}
	}
}

// A join that gave up before any device answered is resumed by a retry with the same code on
// the same vault: the device that was admitted meanwhile is this one, not "a used code".
func TestJoinRetryResumes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	fs := newMemFS()
	a := create(t, fs, clock.Now())
	code, _, err := a.h.Invite(ctx, nil, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r := newReplica()
	if _, err := household.Join(ctx, r, fs, code, "pad", 3*time.Second, stepper(clock, time.Second)); !errors.Is(err, household.ErrNotAdmitted) {
		t.Fatalf("first try: err = %v", err)
	}
	if _, err := household.Open(ctx, r, fs); !errors.Is(err, household.ErrNoHousehold) {
		t.Fatalf("a pending join opens as a household: %v", err)
	}
	a.exchange(t, clock.Now()) // admits the request left behind
	h, err := household.Join(ctx, r, fs, code, "pad", 20*time.Second, stepper(clock, time.Second))
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if h.ID() != a.h.ID() {
		t.Fatalf("joined %q, want %q", h.ID(), a.h.ID())
	}
	// Another vault asking with the same code hears it was used.
	if _, err := household.Join(ctx, newReplica(), fs, code, "eve", 3*time.Second, stepper(clock, time.Second)); !errors.Is(err, household.ErrCodeUsed) {
		t.Fatalf("other vault: err = %v", err)
	}
}
