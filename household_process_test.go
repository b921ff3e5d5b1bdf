package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil/engines"
)

// Household sync (issue 14) through the real binary: two and three `carekeeper` processes
// with their own vaults, joined through a folder carried by real Syncthing instances and
// through a real WebDAV server (rclone serve webdav); random edits and dose answers while
// links go up and down, then every vault's export identical; no plaintext byte in the shared
// folder or on the server; a removed device reads nothing new; a wrong or reused code fails.

// Words that must never appear in the shared folder or on the server (each long enough not to
// occur by chance in random bytes).
const (
	hhPerson = "Harold Testperson"
	hhMed    = "Metformin"
	hhMedID  = "metformin-request-7f3a"
	// hhPRNID is an as-needed medicine: 'dose log' answers only those (a medicine taken at set
	// times is answered by 'dose take --at', F224), and the tests log doses at any time.
	hhPRNID  = "paracetamol-request-2b9c"
	hhPatID  = "harold-patient-91c2"
	hhTitle  = "Cardiology follow-up"
	hhSecret = "Told only after the removal"
)

func hhBundle() string {
	return `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:` + hhPatID + `","resource":{"resourceType":"Patient","id":"` + hhPatID + `","name":[{"text":"` + hhPerson + `"}],"birthDate":"1948-05-06"}},
{"resource":{"resourceType":"MedicationRequest","id":"` + hhMedID + `","status":"active","intent":"order","authoredOn":"2026-11-01",
"medicationCodeableConcept":{"text":"` + hhMed + ` 500 mg"},"subject":{"reference":"Patient/` + hhPatID + `"},
"dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}}}]}},
{"resource":{"resourceType":"MedicationRequest","id":"` + hhPRNID + `","status":"active","intent":"order","authoredOn":"2026-11-01",
"medicationCodeableConcept":{"text":"Paracetamol 500 mg"},"subject":{"reference":"Patient/` + hhPatID + `"},
"dosageInstruction":[{"asNeededBoolean":true}]}}]}`
}

// hhDevice is one CareKeeper process's vault.
type hhDevice struct {
	name string
	dir  string
	env  []string
	id   string // its device id in the household
}

func newHHDevice(t *testing.T, name string) *hhDevice {
	dir, _ := newVault(t)
	return &hhDevice{name: name, dir: dir, env: childEnv(dir)}
}

func (d *hhDevice) run(t *testing.T, args ...string) proc {
	t.Helper()
	return run(t, d.env, args...)
}

// jsonOK runs a --json command that must succeed and decodes its output into out.
func (d *hhDevice) jsonOK(t *testing.T, out any, args ...string) {
	t.Helper()
	p := d.run(t, append(args, "--json")...)
	if p.code != 0 || p.stderr != "" {
		t.Fatalf("%s: %s: exit %d, stderr %q", d.name, strings.Join(args, " "), p.code, p.stderr)
	}
	if err := json.Unmarshal([]byte(p.stdout), out); err != nil {
		t.Fatalf("%s: %s printed %q", d.name, strings.Join(args, " "), p.stdout)
	}
}

type hhReport struct {
	Sent, Received, Applied int
	Refused                 []struct{ File, Reason string }
}

func (d *hhDevice) sync(t *testing.T) hhReport {
	t.Helper()
	var r hhReport
	d.jsonOK(t, &r, "household", "sync")
	return r
}

func (d *hhDevice) export(t *testing.T) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export.json")
	d.run(t, "export", "--out", out).ok(t)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// join adds d to the household of inviter: a code from inviter, `household join` running while
// the inviter exchanges (and carry moves the files between them).
func join(t *testing.T, inviter, d *hhDevice, where []string, carry func()) {
	t.Helper()
	var inv struct{ Code, Expires string }
	inviter.jsonOK(t, &inv, "household", "invite")
	if len(strings.Split(inv.Code, "-")) < 4 {
		t.Fatalf("invite printed code %q", inv.Code)
	}
	cmd := exec.Command(binary(t), append([]string{"household", "join", "--code", inv.Code, "--device-name", d.name, "--wait", "120", "--json"}, where...)...)
	cmd.Env = d.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(150 * time.Second)
	for {
		carry()
		inviter.sync(t)
		carry()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: join: %v, stderr %q", d.name, err, errb.String())
			}
			var j struct{ Household, Device string }
			if err := json.Unmarshal(out.Bytes(), &j); err != nil || j.Device == "" {
				t.Fatalf("%s: join printed %q", d.name, out.String())
			}
			d.id = j.Device
			return
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("%s: not admitted in time (stderr %q)", d.name, errb.String())
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// converge exchanges on every device (carry moving files between them) until a whole round
// moves nothing, then checks that every export is the same.
func converge(t *testing.T, devs []*hhDevice, carry func()) {
	t.Helper()
	quiet := 0
	for round := 0; round < 12 && quiet < 2; round++ {
		moved := 0
		for _, d := range devs {
			r := d.sync(t)
			moved += r.Sent + r.Applied
			if len(r.Refused) > 0 {
				t.Errorf("%s refused %+v", d.name, r.Refused)
			}
			carry()
		}
		if moved == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
	if quiet < 2 {
		t.Fatal("the devices did not settle in 12 rounds")
	}
	want := devs[0].export(t)
	for _, d := range devs[1:] {
		if got := d.export(t); !bytes.Equal(got, want) {
			t.Fatalf("%s's export differs from %s's (%d and %d bytes)", d.name, devs[0].name, len(got), len(want))
		}
	}
}

// noPlaintext fails if any file under dir holds any of the words.
func noPlaintext(t *testing.T, dir string, words ...string) int {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for _, w := range words {
			if w != "" && (bytes.Contains(b, []byte(w)) || strings.Contains(p, w)) {
				t.Errorf("%s holds %q in plaintext", p, w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// edit makes one random change on d: a dose answer, an appointment, an alert delay.
func edit(t *testing.T, rng *rand.Rand, d *hhDevice, profile string, step int) {
	t.Helper()
	switch rng.Intn(3) {
	case 0:
		d.run(t, "dose", "log", "--ref", "MedicationRequest/"+hhPRNID, "--profile", profile,
			"--when", time.Now().Add(-time.Duration(rng.Intn(120))*time.Minute).Format(time.RFC3339)).ok(t)
	case 1:
		d.run(t, "appointment", "add", "--profile", profile, "--start", time.Now().Add(time.Duration(24+step)*time.Hour).Format("2006-01-02T15:04"),
			"--title", fmt.Sprintf("%s %d on %s", hhTitle, step, d.name)).ok(t)
	default:
		d.run(t, "profile", "set", "--profile", profile, "--alert-after", fmt.Sprint(10+rng.Intn(50))).ok(t)
	}
}

// startHousehold makes a with Harold's records and a household through where.
func startHousehold(t *testing.T, a *hhDevice, where []string) (profile string) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "harold.json")
	os.WriteFile(f, []byte(hhBundle()), 0o600)
	var imp struct{ Profile string }
	a.jsonOK(t, &imp, "import", f)
	if imp.Profile == "" {
		t.Fatal("import made no person")
	}
	var c struct{ Household, Device string }
	a.jsonOK(t, &c, append([]string{"household", "create", "--name", "Home", "--device-name", a.name}, where...)...)
	if c.Household == "" || c.Device == "" {
		t.Fatalf("household create printed %+v", c)
	}
	a.id = c.Device
	return imp.Profile
}

func TestProcessHouseholdSyncthing(t *testing.T) {
	st := engines.StartSyncthing(t, 3, engines.SyncthingOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	carry := func() {
		if err := st.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	devs := []*hhDevice{newHHDevice(t, "Anna laptop"), newHHDevice(t, "Dad tablet"), newHHDevice(t, "Ben desktop")}
	folder := func(i int) []string { return []string{"--folder", st.Folders[i]} }
	profile := startHousehold(t, devs[0], folder(0))
	carry()
	join(t, devs[0], devs[1], folder(1), carry)
	join(t, devs[0], devs[2], folder(2), carry)
	converge(t, devs, carry) // everyone holds Harold before editing

	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	down := -1
	for step := 0; step < 12; step++ {
		i := rng.Intn(len(devs))
		edit(t, rng, devs[i], profile, step)
		switch rng.Intn(4) {
		case 0:
			devs[rng.Intn(len(devs))].sync(t)
		case 1: // a link goes down or comes back
			if down >= 0 {
				if err := st.SetConnected(ctx, down, true); err != nil {
					t.Fatal(err)
				}
				down = -1
			} else {
				down = rng.Intn(len(devs))
				if err := st.SetConnected(ctx, down, false); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if down >= 0 {
		if err := st.SetConnected(ctx, down, true); err != nil {
			t.Fatal(err)
		}
	}
	converge(t, devs, carry)
	if !bytes.Contains(devs[1].export(t), []byte(hhMed)) {
		t.Fatal("the records did not reach the joined device")
	}
	for i := range st.Folders {
		if n := noPlaintext(t, st.Folders[i], hhPerson, hhMed, hhMedID, hhPatID, hhTitle, profile); n == 0 {
			t.Fatalf("folder %d holds no file", i)
		}
	}

	// A wrong code, and a code already used, fail with one line.
	d := newHHDevice(t, "Stranger")
	d.run(t, "household", "join", "--code", "wrong-words-that-were-never-given", "--folder", st.Folders[1], "--wait", "3").failsOneLine(t, "")
	if p := d.run(t, "household", "status", "--json"); p.code == 0 {
		t.Errorf("a failed join left a household: %s", p.stdout)
	}

	// Removing a device: it reads nothing written afterwards; the others do.
	devs[0].run(t, "household", "revoke", devs[2].id).ok(t)
	carry()
	devs[0].run(t, "appointment", "add", "--profile", profile, "--start", time.Now().Add(72*time.Hour).Format("2006-01-02T15:04"), "--title", hhSecret).ok(t)
	for round := 0; round < 3; round++ {
		devs[0].sync(t)
		carry()
		devs[1].sync(t)
		carry()
		devs[2].run(t, "household", "sync", "--json") // it may say it was removed
		carry()
	}
	if !bytes.Contains(devs[1].export(t), []byte(hhSecret)) {
		t.Error("a remaining device did not get the change made after the removal")
	}
	if bytes.Contains(devs[2].export(t), []byte(hhSecret)) {
		t.Error("the removed device read a change made after its removal")
	}
	for i := range st.Folders {
		noPlaintext(t, st.Folders[i], hhSecret)
	}
}

func TestProcessHouseholdWebDAV(t *testing.T) {
	w := engines.StartRclone(t)
	devs := []*hhDevice{newHHDevice(t, "Anna laptop"), newHHDevice(t, "Dad tablet")}
	for _, d := range devs {
		d.env = append(d.env, "CAREKEEPER_WEBDAV_PASSWORD="+w.Password)
	}
	where := []string{"--webdav", w.URL, "--webdav-user", w.User}
	profile := startHousehold(t, devs[0], where)
	join(t, devs[0], devs[1], where, func() {})
	// A code used once does not work again.
	var inv struct{ Code string }
	devs[0].jsonOK(t, &inv, "household", "invite")
	third := newHHDevice(t, "Third")
	third.env = append(third.env, "CAREKEEPER_WEBDAV_PASSWORD="+w.Password)
	join(t, devs[0], third, where, func() {})
	fourth := newHHDevice(t, "Fourth")
	fourth.env = append(fourth.env, "CAREKEEPER_WEBDAV_PASSWORD="+w.Password)
	devs[0].sync(t)
	fourth.run(t, append([]string{"household", "join", "--code", inv.Code, "--wait", "3"}, where...)...).failsOneLine(t, "")
	devs = append(devs, third)
	converge(t, devs, func() {}) // everyone holds Harold before editing

	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed) // the edits of a failed run, to run them again
	rng := rand.New(rand.NewSource(seed))
	for step := 0; step < 8; step++ {
		edit(t, rng, devs[rng.Intn(len(devs))], profile, step)
		if rng.Intn(2) == 0 {
			devs[rng.Intn(len(devs))].sync(t)
		}
	}
	converge(t, devs, func() {})
	noPlaintext(t, w.Dir, hhPerson, hhMed, hhMedID, hhPatID, hhTitle, profile)

	// A device that may only view Harold cannot answer his doses; the others see nothing of it.
	devs[0].run(t, "share", "--profile", profile, "--device", third.id, "--role", "view").ok(t)
	converge(t, devs, func() {})
	third.run(t, "dose", "log", "--ref", "MedicationRequest/"+hhPRNID, "--profile", profile).failsOneLine(t, "may only view")
}

// kill -9 at random moments of exchanges: once they complete, no change is lost or doubled.
func TestProcessHouseholdKill(t *testing.T) {
	folder := t.TempDir()
	a, b := newHHDevice(t, "Anna laptop"), newHHDevice(t, "Dad tablet")
	profile := startHousehold(t, a, []string{"--folder", folder})
	join(t, a, b, []string{"--folder", folder}, func() {})
	converge(t, []*hhDevice{a, b}, func() {})
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	const doses = 6
	for i := 0; i < doses; i++ {
		d := a
		if i%2 == 1 {
			d = b
		}
		d.run(t, "dose", "log", "--ref", "MedicationRequest/"+hhPRNID, "--profile", profile, "--when", time.Now().Add(-time.Duration(i)*time.Minute).Format(time.RFC3339)).ok(t)
		for _, x := range []*hhDevice{a, b} {
			cmd := exec.Command(binary(t), "household", "sync")
			cmd.Env = x.env
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(rng.Intn(400)) * time.Millisecond)
			cmd.Process.Kill()
			cmd.Wait()
		}
	}
	converge(t, []*hhDevice{a, b}, func() {})
	exp := a.export(t)
	if n := bytes.Count(exp, []byte(`"resourceType":"MedicationAdministration"`)); n != doses {
		t.Errorf("%d dose answers after the kills, want %d", n, doses)
	}
}

// Today on every device says which other device answered a dose, and when (issue 14 §4);
// the device that answered it says nothing more.
func TestProcessHouseholdTodayAnsweredBy(t *testing.T) {
	folder := t.TempDir()
	a, b := newHHDevice(t, "Anna laptop"), newHHDevice(t, "Dad tablet")
	profile := startHousehold(t, a, []string{"--folder", folder})
	join(t, a, b, []string{"--folder", folder}, func() {})
	converge(t, []*hhDevice{a, b}, func() {})

	type dose struct{ Ref, At, State, AnsweredBy, Answered string }
	var today []struct{ Doses []dose }
	const day = "2026-11-10"
	a.jsonOK(t, &today, "today", "--profile", profile, "--at", day+"T07:00:00Z")
	if len(today) != 1 || len(today[0].Doses) == 0 {
		t.Fatalf("today printed %+v", today)
	}
	first := today[0].Doses[0]
	due, err := time.Parse(time.RFC3339, first.At)
	if err != nil {
		t.Fatal(err)
	}
	when := due.Add(5 * time.Minute)
	// answered now, saying the dose was taken at 'when': Today says the answer's time (F471)
	before := time.Now().Truncate(time.Second)
	a.run(t, "dose", "take", "--ref", first.Ref, "--profile", profile, "--at", first.At, "--when", when.Format(time.RFC3339)).ok(t)
	after := time.Now()
	converge(t, []*hhDevice{a, b}, func() {})

	at := due.Add(time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		d    *hhDevice
		want string
	}{{b, "Anna laptop"}, {a, ""}} {
		today = nil
		tc.d.jsonOK(t, &today, "today", "--profile", profile, "--at", at)
		var got *dose
		for i, d := range today[0].Doses {
			if d.At == first.At {
				got = &today[0].Doses[i]
			}
		}
		if got == nil || got.State != "taken" || got.AnsweredBy != tc.want {
			t.Fatalf("%s: the dose answered on %s reads %+v, want taken answered by %q", tc.d.name, a.name, got, tc.want)
		}
		if tc.want == "" {
			if got.Answered != "" {
				t.Errorf("%s: answered %q without a device", tc.d.name, got.Answered)
			}
			continue
		}
		ans, err := time.Parse(time.RFC3339, got.Answered)
		if err != nil || ans.Before(before) || ans.After(after) {
			t.Errorf("%s: answered %q, want between %s and %s (the answer's time, not the dose's %s)", tc.d.name, got.Answered, before, after, when)
		}
		text := tc.d.run(t, "today", "--profile", profile, "--at", at).ok(t).stdout
		// when it was taken, then when the answer came (F537)
		if want := "taken at " + when.In(due.Location()).Format("15:04") + " — answered on Anna laptop at " + ans.In(due.Location()).Format("15:04"); !strings.Contains(text, want) {
			t.Errorf("%s: today's text lacks %q:\n%s", tc.d.name, want, text)
		}
	}
}
