package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/cli"
	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/internal/testutil"
	"carekeeper/internal/testutil/engines"
)

func TestHouseholdUsageErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no-vault")
	r := in(dir)
	folder := t.TempDir()
	for _, args := range [][]string{
		{"household"},
		{"household", "frob"},
		{"household", "create"},
		{"household", "create", "--name", "Home"},
		{"household", "create", "--name", "Home", "--folder", folder, "--webdav", "https://h/dav", "--webdav-user", "u"},
		{"household", "create", "--name", "Home", "--webdav", "https://h/dav"},
		{"household", "create", "--name", "Home", "--webdav", "ftp://h/dav", "--webdav-user", "u"},
		{"household", "create", "--folder", folder},
		{"household", "join", "--folder", folder},
		{"household", "join", "--code", "a-b-c"},
		{"household", "join", "--code", "a-b-c", "--folder", folder, "--wait", "-1"},
		{"household", "invite", "--profile", "p1"},
		{"household", "invite", "--profile", "p1", "--role", "owner"},
		{"household", "invite", "--role", "view"},
		{"household", "revoke"},
		{"household", "revoke", "a", "b"},
		{"household", "devices", "extra"},
		{"household", "sync", "extra"},
		{"share", "--profile", "p"},
		{"share", "--profile", "p", "--device", "d", "--role", "owner"},
		{"profile", "set"},
		{"profile", "set", "--profile", "p"},
		{"profile", "set", "--profile", "p", "--alert-after", "0"},
		{"profile", "set", "--profile", "p", "--alert-after", "1441"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			res := r.run(t, args...).fails(t, 2, "carekeeper")
			if res.stdout != "" {
				t.Errorf("stdout %q", res.stdout)
			}
		})
	}
}

func TestHouseholdWithoutOne(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	for _, sub := range []string{"devices", "sync", "status"} {
		r.run(t, "household", sub).fails(t, 1, "not in a household", "household create")
	}
	r.run(t, "household", "create", "--name", "Home", "--webdav", "https://h/dav", "--webdav-user", "u").
		fails(t, 1, "CAREKEEPER_WEBDAV_PASSWORD")
}

func TestProfileSetAlertAfter(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	id := addedProfile(t, r, "--name", "Dad")
	out := r.run(t, "profile", "set", "--profile", id, "--alert-after", "45", "--json").ok(t).stdout
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || got["id"] != id || got["alertAfter"] != float64(45) {
		t.Errorf("profile set --json: %q", out)
	}
	if out := r.run(t, "profile", "set", "--profile", id, "--alert-after", "20").ok(t).stdout; !strings.Contains(out, "20 minutes") {
		t.Errorf("profile set: %q", out)
	}
	if out := r.run(t, "profile", "set", "--profile", id, "--alert-after", "1").ok(t).stdout; !strings.Contains(out, "alerted 1 minute after") {
		t.Errorf("profile set: %q, want \"1 minute\"", out)
	}
	r.run(t, "profile", "set", "--profile", "nobody", "--alert-after", "20").fails(t, 1, "--profile nobody")
}

// household devices lists when each device was last seen in words, as every other text listing
// does (it printed RFC 3339); --json keeps RFC 3339.
func TestHouseholdDevicesInWords(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Pacific/Kiritimati") // said on the command's clock, not the test's (F531)
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	r.run(t, "household", "create", "--name", "Home", "--folder", t.TempDir(), "--device-name", "Kitchen laptop").ok(t)
	r.run(t, "household", "sync").ok(t)
	r.run(t, "profile", "add", "--name", "Dad").ok(t)
	if out := r.run(t, "household", "sync").ok(t).stdout; !strings.HasPrefix(out, "Sent 1 change, ") {
		t.Errorf("household sync after one change: %q, want \"Sent 1 change, …\"", out)
	}
	var ds []struct {
		Name     string `json:"name"`
		LastSeen string `json:"lastSeen"`
	}
	out := r.run(t, "household", "devices", "--json").ok(t).stdout
	if err := json.Unmarshal([]byte(out), &ds); err != nil || len(ds) != 1 {
		t.Fatalf("household devices --json: %q (%v)", out, err)
	}
	seen, err := time.Parse(time.RFC3339, ds[0].LastSeen)
	if err != nil {
		t.Fatalf("lastSeen %q is not RFC 3339", ds[0].LastSeen)
	}
	text := r.run(t, "household", "devices").ok(t).stdout
	if want := "last seen " + health.DateTimeWords(seen.In(kiritimati)); !strings.Contains(text, "Kitchen laptop") || !strings.Contains(text, want) || strings.Contains(text, ds[0].LastSeen) {
		t.Errorf("household devices: %q, want %q", text, want)
	}
}

// A copy of a household device's vault directory (the folder copied, as a backup restored
// beside it would be): household commands refuse it in one line with the way forward, other
// commands warn in one line; the original goes on; `household moved` lets a moved vault go on.
func TestHouseholdCopiedVault(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	r.run(t, "household", "create", "--name", "Home", "--folder", t.TempDir(), "--device-name", "Desk").ok(t)
	r.run(t, "household", "status").ok(t)
	copied := filepath.Join(t.TempDir(), "vault-copy")
	if err := os.CopyFS(copied, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	c := in(copied)
	for _, sub := range []string{"status", "sync", "devices"} {
		c.run(t, "household", sub).fails(t, 1, "is a copy", dir, "new device", "household invite", "household moved")
	}
	res := c.run(t, "profile", "list")
	if res.code != 0 || !strings.HasPrefix(res.stderr, "carekeeper: warning: this vault is a copy") {
		t.Errorf("profile list on the copy: exit %d, stderr %q", res.code, res.stderr)
	}
	oneLine(t, res.stderr)
	r.run(t, "household", "status").ok(t)
	r.run(t, "profile", "list").ok(t)
	if out := c.run(t, "household", "moved").ok(t).stdout; !strings.Contains(out, "same household device") {
		t.Errorf("household moved: %q", out)
	}
	c.run(t, "household", "status").ok(t)
}

// A device that may only view a person cannot share them: one line says who can.
func TestShareOnlyFromAManager(t *testing.T) {
	folder := t.TempDir()
	a, b := in(newVault(t)), in(newVault(t))
	dad := addedProfile(t, a, "--name", "Dad")
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	a.run(t, "household", "sync").ok(t)
	code := strings.TrimSpace(strings.SplitN(a.run(t, "household", "invite", "--profile", dad, "--role", "view").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Anna's laptop", "--wait", "60")
	}()
	var res result
	synced := ""
	for done := false; !done; {
		synced += a.run(t, "household", "sync").stdout
		select {
		case res = <-joined:
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	res.ok(t)
	if !strings.Contains(synced, "Admitted Anna's laptop to the household.") {
		t.Errorf("the exchange that admitted the new device did not say so: %q", synced)
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	if err := json.Unmarshal([]byte(b.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	other := ""
	for _, d := range ds {
		if !d.Self {
			other = d.ID
		}
	}
	// A refused file names the device it came from (it gave the folder's path alone).
	bad := filepath.Join(folder, "d", other, "0123456789abcdef-00000099.seg")
	if err := os.WriteFile(bad, []byte("not a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	if res := b.run(t, "household", "sync"); res.code != 1 || !strings.Contains(res.stderr, "Refused a file from Dad's laptop (d/"+other+"/0123456789abcdef-00000099.seg): ") {
		t.Errorf("household sync with a damaged file: exit %d, stderr %q", res.code, res.stderr)
	}
	if err := os.Remove(bad); err != nil {
		t.Fatal(err)
	}
	b.run(t, "share", "--profile", dad, "--device", other, "--role", "view").
		fails(t, 1, "only a device that manages the person "+dad+" can share them")
	// Today says it before a dose answer is refused (the app's Today did; the CLI did not).
	if out := b.run(t, "today", "--profile", dad).ok(t).stdout; !strings.Contains(out, "You can see this person's doses here; answers come from the devices that manage them.") {
		t.Errorf("today on a device that may only view: %q", out)
	}
	if out := a.run(t, "today", "--profile", dad).ok(t).stdout; strings.Contains(out, "You can see") {
		t.Errorf("today on the managing device: %q", out)
	}
	b.run(t, "household", "invite").fails(t, 1, "only a device that manages everyone")
	b.run(t, "household", "revoke", other).fails(t, 1, "only a device that manages someone can add or remove devices")
	// The alert delay is the person's, for every caregiver device: a viewer's change would stay
	// on it alone (it said "Caregivers are alerted 5 minutes after…", untrue everywhere else).
	b.run(t, "profile", "set", "--profile", dad, "--alert-after", "5").fails(t, 1, "may only view")
	// Removed, it lists itself as removed (it said "(this device)" alone).
	self := ""
	for _, d := range ds {
		if d.Self {
			self = d.ID
		}
	}
	// It says which device went, by its name (it said "The device is removed" alone).
	if out := a.run(t, "household", "revoke", self).ok(t).stdout; !strings.HasPrefix(out, "Anna's laptop is removed:") {
		t.Errorf("household revoke said %q", out)
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").fails(t, 1, "removed from the household")
	if out := b.run(t, "household", "devices").ok(t).stdout; !strings.Contains(out, "Anna's laptop (this device, removed)") {
		t.Errorf("household devices on the removed device: %q", out)
	}
}

// The daemon on a copy of a household device's vault holds its reminders and caregiver alerts
// (the device it was copied from reminds) and says so in one line with the way forward.
func TestDaemonOnCopiedVaultHoldsReminders(t *testing.T) {
	dir := newVault(t)
	in(dir).run(t, "household", "create", "--name", "Home", "--folder", t.TempDir(), "--device-name", "Desk").ok(t)
	copied := filepath.Join(t.TempDir(), "vault-copy")
	if err := os.CopyFS(copied, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr,
		Getenv: func(k string) string { return in(copied).env[k] }}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, env, []string{"daemon"}) }()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(stderr.String(), "\n") {
		select {
		case <-deadline:
			t.Fatalf("the daemon said nothing: %q", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	<-done
	out := stderr.String()
	if !strings.HasPrefix(out, "carekeeper daemon: no reminders or alerts here: this vault is a copy") ||
		!strings.Contains(out, "household moved") || strings.Count(out, "\n") != 1 {
		t.Fatalf("stderr %q", out)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A device removed from the household (a lost laptop) holds the reminders and caregiver
// alerts of the people the household shares — its other devices remind them — and keeps
// reminding its owner's own people, never shared; `today`, `household status` and the daemon
// say so in one line. Before, nothing checked: it went on reminding and alerting from its
// stale copy.
func TestRemovedDeviceHoldsSharedPeople(t *testing.T) {
	folder := t.TempDir()
	// Every line says the day on the clock the command was given (F531: some said it on the
	// test process's): Kiritimati's is a day ahead of UTC's from 10:00 UTC.
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	a, b := in(newVault(t)).with("TZ", "Pacific/Kiritimati"), in(newVault(t)).with("TZ", "Pacific/Kiritimati")
	dad := addedProfile(t, a, "--name", "Dad")
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	a.run(t, "household", "sync").ok(t)
	code := strings.TrimSpace(strings.SplitN(a.run(t, "household", "invite", "--profile", dad, "--role", "manage").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Anna's laptop", "--wait", "60")
	}()
	for done := false; !done; {
		a.run(t, "household", "sync")
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	me := addedProfile(t, b, "--name", "Anna") // Anna's own: not shared
	b.run(t, "household", "sync").ok(t)
	if out := b.run(t, "today").ok(t).stdout; strings.Contains(out, "removed") {
		t.Fatalf("today before the removal: %q", out)
	}
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	if err := json.Unmarshal([]byte(b.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	self := ""
	for _, d := range ds {
		if d.Self {
			self = d.ID
		}
	}
	b.run(t, "appointment", "add", "--profile", dad, "--title", "Checkup", "--start", time.Now().Add(48*time.Hour).UTC().Format(time.RFC3339)).ok(t)
	a.run(t, "household", "revoke", self).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").fails(t, 1, "removed from the household on ", "join as a new device")

	day := health.DateWords(time.Now().In(kiritimati))
	// 'reminders' leaves Dad's out and says why, as 'today' does (it listed them).
	window := []string{"reminders", "--from", time.Now().UTC().Format(time.RFC3339), "--to", time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)}
	if out := b.run(t, window...).ok(t).stdout; strings.Contains(out, "Checkup") || !strings.HasPrefix(out, "This device was removed from the household on "+day+"; reminders and alerts for Dad are off here") {
		t.Errorf("reminders on the removed device:\n%s", out)
	}
	var held []reminderOut
	if err := json.Unmarshal([]byte(b.run(t, append(window, "--json")...).ok(t).stdout), &held); err != nil || len(held) != 0 {
		t.Errorf("reminders --json on the removed device: %v %v", held, err)
	}
	out := b.run(t, "today").ok(t).stdout
	want := "This device was removed from the household on " + day + "; reminders and alerts for Dad are off here (the household's other devices remind them).\n"
	if !strings.HasPrefix(out, want) || strings.Count(out, "removed") != 1 {
		t.Errorf("today on the removed device:\n%s\nwant it to begin with %q", out, want)
	}
	var tj []struct {
		Profile      string `json:"profile"`
		RemindersOff string `json:"remindersOff"`
	}
	if err := json.Unmarshal([]byte(b.run(t, "today", "--json").ok(t).stdout), &tj); err != nil {
		t.Fatal(err)
	}
	for _, p := range tj {
		if _, err := time.Parse(time.RFC3339, p.RemindersOff); (err == nil) != (p.Profile == dad) {
			t.Errorf("today --json: %s has remindersOff %q (Dad %s, Anna %s)", p.Profile, p.RemindersOff, dad, me)
		}
	}
	if out := b.run(t, "today", "--profile", me).ok(t).stdout; strings.Contains(out, "removed") {
		t.Errorf("today for Anna alone: %q", out)
	}
	if out := b.run(t, "household", "status").ok(t).stdout; !strings.Contains(out, "This device was removed from the household on "+day) {
		t.Errorf("household status on the removed device: %q", out)
	}
	if out := a.run(t, "today").ok(t).stdout; strings.Contains(out, "removed") {
		t.Errorf("today on the device that stays: %q", out)
	}
	// The devices listing's columns line up (the names are of different lengths).
	lines := strings.Split(strings.TrimSpace(b.run(t, "household", "devices").ok(t).stdout), "\n")
	col := -1
	for _, l := range lines {
		i := max(strings.Index(l, "last seen"), strings.Index(l, "never seen"))
		if i < 0 || (col >= 0 && i != col) {
			t.Errorf("household devices, columns not aligned:\n%s", strings.Join(lines, "\n"))
			break
		}
		col = i
	}

	// The daemon says it in one line, without names.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(k string) string { return b.env[k] }}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, env, []string{"daemon"}) }()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(stderr.String(), "\n") {
		select {
		case <-deadline:
			t.Fatalf("the daemon said nothing: %q", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	<-done
	line, _, _ := strings.Cut(stderr.String(), "\n")
	if want := "carekeeper daemon: this device was removed from the household on " + day + ": no reminders or alerts here for the person the household shares"; !strings.HasPrefix(line, want) || strings.Contains(line, "Dad") {
		t.Errorf("the daemon said %q, want %q…", line, want)
	}
}

// `household invite --qr FILE` says where the image went (it said nothing), and --json has it
// as "qr".
func TestHouseholdInviteSaysTheQRImage(t *testing.T) {
	r := in(newVault(t))
	r.run(t, "household", "create", "--name", "Home", "--folder", t.TempDir(), "--device-name", "Desk").ok(t)
	png := filepath.Join(t.TempDir(), "code.png")
	out := r.run(t, "household", "invite", "--qr", png).ok(t).stdout
	if !strings.Contains(out, "The code's QR image is in "+png+".") {
		t.Errorf("household invite --qr said %q", out)
	}
	png2 := filepath.Join(t.TempDir(), "code2.png")
	var j struct{ Code, Expires, QR string }
	if err := json.Unmarshal([]byte(r.run(t, "household", "invite", "--qr", png2, "--json").ok(t).stdout), &j); err != nil || j.QR != png2 || j.Code == "" {
		t.Errorf("household invite --qr --json: %+v, %v", j, err)
	}
	for _, f := range []string{png, png2} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Found by verify17: `household invite --qr` into a folder that does not exist made the
// invitation, then failed writing the image ("writing the QR image: create …: no such file or
// directory"), so a code nobody saw waited in the shared folder; so did --qr naming a folder.
// Both are checked first.
func TestHouseholdInviteQRFolderMissing(t *testing.T) {
	r := in(newVault(t))
	shared := t.TempDir()
	r.run(t, "household", "create", "--name", "Home", "--folder", shared, "--device-name", "Desk").ok(t)
	missing := filepath.Join(t.TempDir(), "no such folder")
	res := r.run(t, "household", "invite", "--qr", filepath.Join(missing, "code.png")).fails(t, 1, "the folder "+missing+" for the QR image does not exist")
	if res.stdout != "" {
		t.Errorf("a code was printed: %q", res.stdout)
	}
	folder := t.TempDir() // a folder named as the image: refused first too
	if res := r.run(t, "household", "invite", "--qr", folder).fails(t, 1, folder+" is a folder: name the QR image's file"); res.stdout != "" {
		t.Errorf("a code was printed: %q", res.stdout)
	}
	invitations, _ := os.ReadDir(filepath.Join(shared, "i"))
	if len(invitations) != 0 {
		t.Errorf("an invitation was made: %d files in i/", len(invitations))
	}
}

// F130: `household invite --qr /dev/null` failed ("writing the QR image: /dev/null: it is a
// device, not a file", exit 1) after the invitation was already in the shared folder, live
// for 10 minutes with a code nobody saw. The image's file is checked (and begun) first.
func TestHouseholdInviteQRNotAFile(t *testing.T) {
	r := in(newVault(t))
	shared := t.TempDir()
	r.run(t, "household", "create", "--name", "Home", "--folder", shared, "--device-name", "Desk").ok(t)
	res := r.run(t, "household", "invite", "--qr", os.DevNull).fails(t, 1, os.DevNull+": it is a device, not a file")
	if res.stdout != "" || !strings.Contains(res.stderr, "no invitation was made") {
		t.Errorf("household invite --qr %s: stdout %q, stderr %q", os.DevNull, res.stdout, res.stderr)
	}
	invitations, _ := os.ReadDir(filepath.Join(shared, "i"))
	if len(invitations) != 0 {
		t.Errorf("an invitation was made: %d files in i/", len(invitations))
	}
}

// Found by verify17: 'help household' named the --json fields of invite, devices and status
// without "qr", "self" and "error", which the commands print and README lists.
func TestHouseholdHelpNamesTheJSONFields(t *testing.T) {
	out := in(newVault(t)).run(t, "help", "household").ok(t).stdout
	for _, want := range []string{
		`{"code","expires","qr"}`,
		`"refused":[{"file","reason","bad"}],`,
		`"deleted":[{"name","by","at","notKept","line"}],`,
		`"replaced":[{"person","profile","setting","here","hereAt","there","by","thereAt","line"}],`,
		`"samePerson":[line],"takenTwice":[{"person","profile","medicine","scheduled","day","takes":[{"at","device"}],"line"}]}`,
		`[{"id","name","lastSeen","revoked","self"}]`,
		`"inStep","lastSync","error","line","warnings","devices",`,
		`"unreachable","notShared":[{"profile","since"}]}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("help household does not name %s", want)
		}
	}
}

// --help and -h print the help and exit 0 (they printed "flag: help requested" and exited 2),
// before a command as 'carekeeper help', after one as 'carekeeper help COMMAND'.
func TestHelpFlag(t *testing.T) {
	r := in(newVault(t))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "CareKeeper keeps your health records encrypted on this computer."},
		{[]string{"-h"}, "CareKeeper keeps your health records encrypted on this computer."},
		{[]string{"today", "--help"}, "usage: carekeeper today "},
		{[]string{"household", "-h"}, "usage: carekeeper household "},
		{[]string{"household", "sync", "--help"}, "usage: carekeeper household "},
	} {
		res := r.run(t, c.args...)
		if res.code != 0 || !strings.HasPrefix(res.stdout, c.want) || res.stderr != "" {
			t.Errorf("%v: exit %d, stdout %.60q, stderr %q", c.args, res.code, res.stdout, res.stderr)
		}
	}
	r.run(t, "today", "--bogus").fails(t, 2, "flag provided but not defined")
}

// A person whose share with this device was withdrawn ('share --role none') is said to be no
// longer shared (today, profile list, their --json) and their doses are refused in one line;
// the device's own people, never shared (role none too), go on as before. Before, the device
// showed the person as ever and 'dose take' said "Recorded: taken", an answer that never left it.
func TestWithdrawnShareSaidAndRefused(t *testing.T) {
	folder := t.TempDir()
	a, b := in(newVault(t)).with("TZ", "UTC"), in(newVault(t)).with("TZ", "UTC")
	a.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(a.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people %v %v", people, err)
	}
	dad, dadName := people[0].ID, people[0].Name
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	a.run(t, "household", "sync").ok(t)
	code := strings.TrimSpace(strings.SplitN(a.run(t, "household", "invite", "--profile", dad, "--role", "manage").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Anna's laptop", "--wait", "60")
	}()
	for done := false; !done; {
		a.run(t, "household", "sync")
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	anna := addedProfile(t, b, "--name", "Anna") // Anna's own: never shared
	b.run(t, "household", "sync").ok(t)
	var rs []reminderOut
	if err := json.Unmarshal([]byte(b.run(t, "reminders", "--json", "--profile", dad, "--from", time.Now().Add(-24*time.Hour).UTC().Format(time.RFC3339), "--to", time.Now().UTC().Format(time.RFC3339)).ok(t).stdout), &rs); err != nil || len(rs) == 0 {
		t.Fatalf("Dad's reminders on the caregiver's laptop: %v %v", rs, err)
	}
	if out := b.run(t, "today").ok(t).stdout; strings.Contains(out, "no longer shared") {
		t.Fatalf("today before the share was withdrawn: %q", out)
	}
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	if err := json.Unmarshal([]byte(b.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	self := ""
	for _, d := range ds {
		if d.Self {
			self = d.ID
		}
	}
	a.run(t, "share", "--profile", dad, "--device", self, "--role", "none").ok(t)
	if out := a.run(t, "household", "sync").ok(t).stdout; !strings.HasPrefix(out, "Sent 1 change, ") {
		t.Errorf("household sync sending the withdrawal: %q", out) // it said "Sent 0 changes"
	}
	// b's daemon learns it at its first exchange and says it as 'today' does, by the person's
	// id (no names in its log); it said nothing.
	since := health.DateWords(time.Now().UTC())
	daemonSays(t, b, "carekeeper daemon: the person "+dad+" is no longer shared with this computer (since "+since+"): what is here is as it was then")
	if out := b.run(t, "household", "sync").ok(t).stdout; !strings.HasPrefix(out, "Sent 0 changes, received 0, applied 0.") {
		t.Errorf("household sync once the daemon learned it: %q", out)
	}

	want := dadName + " is no longer shared with this computer (since " + since + ")"
	if out := b.run(t, "household", "status").ok(t).stdout; strings.Count(out, want) != 1 || strings.Count(out, "no longer shared") != 1 {
		t.Errorf("household status after the share was withdrawn:\n%s\nwant once %q", out, want)
	}
	var st struct {
		NotShared []struct{ Profile, Since string }
	}
	if err := json.Unmarshal([]byte(b.run(t, "household", "status", "--json").ok(t).stdout), &st); err != nil || len(st.NotShared) != 1 || st.NotShared[0].Profile != dad {
		t.Errorf("household status --json after the share was withdrawn: %+v %v", st, err)
	}
	out := b.run(t, "today").ok(t).stdout
	if strings.Count(out, want) != 1 || strings.Count(out, "no longer shared") != 1 {
		t.Errorf("today after the share was withdrawn:\n%s\nwant once %q", out, want)
	}
	if out := b.run(t, "profile", "list").ok(t).stdout; strings.Count(out, want) != 1 || strings.Count(out, "no longer shared") != 1 {
		t.Errorf("profile list after the share was withdrawn:\n%s\nwant once %q", out, want)
	}
	var tj []struct {
		Profile        string `json:"profile"`
		NotSharedSince string `json:"notSharedSince"`
	}
	if err := json.Unmarshal([]byte(b.run(t, "today", "--json").ok(t).stdout), &tj); err != nil {
		t.Fatal(err)
	}
	for _, p := range tj {
		if _, err := time.Parse(time.RFC3339, p.NotSharedSince); (err == nil) != (p.Profile == dad) {
			t.Errorf("today --json: %s has notSharedSince %q (Dad %s, Anna %s)", p.Profile, p.NotSharedSince, dad, anna)
		}
	}
	// 'reminders' leaves Dad's out and says why, as 'today' does (it listed them).
	window := []string{"reminders", "--from", time.Now().Add(-24 * time.Hour).UTC().Format(time.RFC3339), "--to", time.Now().UTC().Format(time.RFC3339)}
	if out := b.run(t, window...).ok(t).stdout; !strings.HasPrefix(out, want) || strings.Contains(out, rs[0].Title) {
		t.Errorf("reminders after the share was withdrawn:\n%s\nwant it to begin with %q", out, want)
	}
	var held []reminderOut
	if err := json.Unmarshal([]byte(b.run(t, append(window, "--json")...).ok(t).stdout), &held); err != nil || len(held) != 0 {
		t.Errorf("reminders --json after the share was withdrawn: %v %v", held, err)
	}
	b.run(t, "dose", "take", "--ref", rs[0].Ref, "--at", rs[0].At).fails(t, 1, "no longer shared with this computer")
	b.run(t, "profile", "set", "--profile", dad, "--alert-after", "5").fails(t, 1, "no longer shared")
	// The device's own person is untouched.
	b.run(t, "appointment", "add", "--profile", anna, "--title", "Dentist", "--start", time.Now().Add(48*time.Hour).UTC().Format(time.RFC3339)).ok(t)
	if out := b.run(t, "today", "--profile", anna).ok(t).stdout; strings.Contains(out, "no longer shared") {
		t.Errorf("today for Anna, never shared: %q", out)
	}
	// Shared again, it is as before.
	a.run(t, "share", "--profile", dad, "--device", self, "--role", "manage").ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	if out := b.run(t, "today").ok(t).stdout; strings.Contains(out, "no longer shared") {
		t.Errorf("today once shared again: %q", out)
	}
	if err := json.Unmarshal([]byte(b.run(t, append(window, "--json")...).ok(t).stdout), &held); err != nil || len(held) == 0 {
		t.Errorf("reminders --json once shared again: %v %v", held, err)
	}
	b.run(t, "dose", "take", "--ref", rs[0].Ref, "--at", rs[0].At).ok(t)
}

// 'household create' (and join) in a vault already in a household says that first, naming the
// household and how to leave, before anything about the folder (it complained that the folder
// did not exist); 'household leave --yes' takes the vault out, and a new household can start.
func TestCreateInAHouseholdSaysSoFirst(t *testing.T) {
	folder := t.TempDir()
	a := in(newVault(t))
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Laptop").ok(t)
	missing := filepath.Join(t.TempDir(), "not-there")
	want := `this vault is already in the household "Home": to start or join another, leave it first with 'carekeeper household leave --yes'`
	a.run(t, "household", "create", "--name", "Other", "--folder", missing).fails(t, 1, want)
	a.run(t, "household", "create", "--name", "Other", "--folder", folder).fails(t, 1, want)
	a.run(t, "household", "join", "--code", "a b c d e f", "--folder", missing).fails(t, 1, want)
	a.run(t, "household", "leave").fails(t, 2, "add --yes")
	if out := a.run(t, "household", "leave", "--yes").ok(t).stdout; !strings.Contains(out, "has left its household") {
		t.Errorf("household leave said %q", out)
	}
	a.run(t, "household", "status").fails(t, 1, "this vault is not in a household")
	a.run(t, "household", "leave", "--yes").fails(t, 1, "this vault is not in a household")
	a.run(t, "household", "create", "--name", "Other", "--folder", t.TempDir()).ok(t)
}

// A daemon that learns of this device's removal in an exchange while it runs (the removal was
// not recorded when it started) says so in one line, once, and stops the shared person's
// reminders: the agenda it saves at exit (what the app fires while locked) holds none of theirs.
func TestDaemonLearnsRemovalWhileRunning(t *testing.T) {
	folder := t.TempDir()
	bDir := newVault(t)
	a, b := in(newVault(t)).with("TZ", "UTC"), in(bDir).with("TZ", "UTC")
	a.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(a.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people %v %v", people, err)
	}
	dad := people[0].ID
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	a.run(t, "household", "sync").ok(t)
	code := strings.TrimSpace(strings.SplitN(a.run(t, "household", "invite", "--profile", dad, "--role", "manage").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Anna's laptop", "--wait", "60")
	}()
	for done := false; !done; {
		a.run(t, "household", "sync")
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	anna := addedProfile(t, b, "--name", "Anna") // Anna's own: never shared
	b.run(t, "appointment", "add", "--profile", anna, "--title", "Dentist", "--start", time.Now().Add(50*time.Hour).UTC().Format(time.RFC3339)).ok(t)
	var rs []reminderOut
	now := time.Now().UTC()
	if err := json.Unmarshal([]byte(b.run(t, "reminders", "--json", "--profile", dad, "--from", now.Format(time.RFC3339), "--to", now.Add(72*time.Hour).Format(time.RFC3339)).ok(t).stdout), &rs); err != nil || len(rs) == 0 {
		t.Fatalf("Dad's reminders on the caregiver's laptop: %v %v", rs, err)
	}
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	if err := json.Unmarshal([]byte(b.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	self := ""
	for _, d := range ds {
		if d.Self {
			self = d.ID
		}
	}
	a.run(t, "household", "revoke", self).ok(t)
	a.run(t, "household", "sync").ok(t)

	// b has not heard of it: its daemon learns it at its first exchange.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(k string) string { return b.env[k] }}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, env, []string{"daemon"}) }()
	deadline := time.After(60 * time.Second)
	for !strings.Contains(stderr.String(), "removed from the household") {
		select {
		case <-deadline:
			t.Fatalf("the daemon did not say it was removed: %q", stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if rc := <-done; rc != 0 {
		t.Errorf("daemon exit %d: %q", rc, stderr.String())
	}
	out := stderr.String()
	want := "carekeeper daemon: this device was removed from the household on " + health.DateWords(time.Now().UTC()) + ": no reminders or alerts here for the person the household shares"
	if !strings.HasPrefix(out, want) || strings.Count(out, "removed from the household") != 1 || strings.Contains(out, "Dad") {
		t.Errorf("the daemon said %q, want once %q…", out, want)
	}
	agenda, err := remind.LoadAgenda(bDir)
	if err != nil {
		t.Fatal(err)
	}
	own := false
	for _, f := range agenda {
		if strings.Contains(f.Tag, dad) {
			t.Errorf("the agenda saved at exit still reminds the shared person: %s at %s", f.Tag, f.At)
		}
		own = own || strings.HasPrefix(f.Text.Title, "Anna — appointment")
	}
	if !own {
		t.Errorf("the agenda saved at exit lost the device's own person's appointment: %+v", agenda)
	}
	if out := b.run(t, "today", "--json").ok(t).stdout; !strings.Contains(out, `"remindersOff"`) {
		t.Errorf("today --json after the daemon learned the removal: %s", out)
	}
}

// A WebDAV server that cannot be reached is said in one plain line by 'household create' (and
// 'household sync'), not as the chain of steps ("household: …: cannot reach …: dial tcp …").
func TestHouseholdUnreachableServerInWords(t *testing.T) {
	addr := testutil.RefusedAddr(t)
	r := in(newVault(t)).with("CAREKEEPER_WEBDAV_PASSWORD", "p")
	res := r.run(t, "household", "create", "--name", "Home", "--webdav", "http://"+addr+"/dav/", "--webdav-user", "u")
	res.fails(t, 1, "the WebDAV server "+addr+" could not be reached (connection refused)")
	if strings.Contains(res.stderr, "dial tcp") || strings.Count(res.stderr, "\n") != 1 {
		t.Errorf("stderr %q", res.stderr)
	}
}

// With the shared folder gone, 'household status' and 'devices' say what this device knows
// and one plain line more (exit 0); invite, revoke and sync refuse in one plain line. All
// stopped at "the shared folder … does not exist", status saying nothing else.
func TestHouseholdFolderGone(t *testing.T) {
	folder := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	r := in(newVault(t)).with("TZ", "UTC")
	r.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Kitchen laptop").ok(t)
	r.run(t, "household", "sync").ok(t)
	var ds []struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil || len(ds) != 1 {
		t.Fatalf("devices %v %v", ds, err)
	}
	if err := os.Rename(folder, folder+"-moved"); err != nil {
		t.Fatal(err)
	}
	gone := "The shared folder " + folder + " is not there (is its drive connected, or was it moved?): nothing is exchanged until it is back"

	res := r.run(t, "household", "status").ok(t)
	for _, want := range []string{"Household Home, through the folder " + folder + ".\n", "last exchange less than a minute ago", gone + ".\n"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("status with the folder gone:\n%s\nwant %q", res.stdout, want)
		}
	}
	var st struct {
		Name, LastSync, Unreachable string
		Devices                     []struct{ Name string }
	}
	if err := json.Unmarshal([]byte(r.run(t, "household", "status", "--json").ok(t).stdout), &st); err != nil ||
		st.Name != "Home" || st.LastSync == "" || st.Unreachable != gone || len(st.Devices) != 1 {
		t.Errorf("status --json with the folder gone: %+v %v", st, err)
	}
	res = r.run(t, "household", "devices")
	if res.code != 0 || !strings.Contains(res.stdout, "Kitchen laptop (this device)") || !strings.Contains(res.stdout, "last seen") {
		t.Errorf("devices with the folder gone: %q", res.stdout)
	}
	if res.stderr != gone+"; the devices are as this device last knew them.\n" {
		t.Errorf("devices' stderr with the folder gone: %q", res.stderr)
	}
	if res := r.run(t, "household", "devices", "--json"); res.code != 0 || !strings.HasPrefix(res.stdout, "[") {
		t.Errorf("devices --json with the folder gone: exit %d, %q", res.code, res.stdout)
	}
	r.run(t, "household", "invite").fails(t, 1, "the shared folder "+folder+" is not there", "no invitation was made")
	r.run(t, "household", "revoke", ds[0].ID).fails(t, 1, "is not there", "nothing was changed")
	r.run(t, "household", "sync").fails(t, 1, "the shared folder "+folder+" is not there")
	dad := addedProfile(t, r, "--name", "Dad")
	r.run(t, "share", "--profile", dad, "--device", ds[0].ID, "--role", "view").fails(t, 1, "is not there", "nothing was changed")
	// Joining and separating people open the household for a change to its people the one
	// way (householdOrNone).
	r.run(t, "household", "same-person", "--keep", dad, "--from", dad, "--yes").fails(t, 1, "is not there", "nothing was changed; join them once it is back")
	r.run(t, "profile", "separate").fails(t, 1, "is not there", "nothing was changed; do it once it is back")
}

// daemonSays runs r's daemon until its stderr holds want (once; no name of a person), then
// stops it.
func daemonSays(t *testing.T, r runner, want string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(k string) string { return r.env[k] }}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, env, []string{"daemon"}) }()
	deadline := time.After(60 * time.Second)
	for !strings.Contains(stderr.String(), want) {
		select {
		case <-deadline:
			cancel()
			<-done
			t.Fatalf("the daemon did not say %q: %q", want, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if rc := <-done; rc != 0 {
		t.Errorf("daemon exit %d: %q", rc, stderr.String())
	}
	if out := stderr.String(); strings.Count(out, "no longer shared") != 1 {
		t.Errorf("the daemon said %q, want once %q", out, want)
	}
}

// The daemon started while the shared folder is not there (its drive not connected) says so
// and exchanges again by itself once it is back; it said "the household: the shared folder …
// does not exist" and never exchanged until it was started again.
func TestDaemonWaitsForTheFolder(t *testing.T) {
	folder := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	r := in(newVault(t))
	r.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Kitchen laptop").ok(t)
	r.run(t, "household", "sync").ok(t)
	self := strings.Fields(r.run(t, "household", "devices").ok(t).stdout)[0]
	if err := os.Rename(folder, folder+"-away"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(k string) string { return r.env[k] }}
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, env, []string{"daemon"}) }()
	waitFor := func(want string) {
		t.Helper()
		deadline := time.After(60 * time.Second)
		for !strings.Contains(stderr.String(), want) {
			select {
			case <-deadline:
				t.Fatalf("the daemon did not say %q: %q", want, stderr.String())
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	waitFor("carekeeper daemon: the household exchange failed (trying again): the shared folder " + folder + " is not there (is its drive connected, or was it moved?)\n")
	if _, err := os.Stat(folder); !os.IsNotExist(err) {
		t.Errorf("the daemon made the folder in its absence: %v", err)
	}
	// The folder comes back with a file the household refuses: said by its name (no device or
	// person names in the daemon's log); it said nothing.
	bad := "d/" + self + "/0123456789abcdef-00000099.seg"
	if err := os.WriteFile(filepath.Join(folder+"-away", bad), []byte("not a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(folder+"-away", folder); err != nil {
		t.Fatal(err)
	}
	waitFor("carekeeper daemon: the household exchange works again\n")
	waitFor("carekeeper daemon: the household refuses the file " + bad + ": ")
	cancel()
	if rc := <-done; rc != 0 {
		t.Errorf("daemon exit %d: %q", rc, stderr.String())
	}
}

// With the WebDAV server not reachable (a real rclone server stopped), 'household status' and
// 'devices' say what this device knows (exit 0: they never wait on the server), and 'invite'
// refuses in one plain line saying no invitation was made (it said the chain of steps).
func TestHouseholdServerDown(t *testing.T) {
	dav := engines.StartRclone(t)
	r := in(newVault(t)).with("CAREKEEPER_WEBDAV_PASSWORD", dav.Password)
	r.run(t, "household", "create", "--name", "Home", "--webdav", dav.URL, "--webdav-user", dav.User, "--device-name", "Kitchen laptop").ok(t)
	r.run(t, "household", "sync").ok(t)
	dad := addedProfile(t, r, "--name", "Dad")
	// A second device, to be removed while the server is down.
	b := in(newVault(t)).with("CAREKEEPER_WEBDAV_PASSWORD", dav.Password)
	code := strings.TrimSpace(strings.SplitN(r.run(t, "household", "invite").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--webdav", dav.URL, "--webdav-user", dav.User, "--device-name", "Anna's laptop", "--wait", "60")
	}()
	for done := false; !done; {
		r.run(t, "household", "sync").ok(t)
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	r.run(t, "household", "sync").ok(t)
	var ds []struct {
		ID      string `json:"id"`
		Self    bool   `json:"self"`
		Revoked bool   `json:"revoked"`
	}
	if err := json.Unmarshal([]byte(r.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil || len(ds) != 2 {
		t.Fatalf("devices %v %v", ds, err)
	}
	anna := ds[0].ID
	if ds[0].Self {
		anna = ds[1].ID
	}
	dav.SetUp(t, false)
	host := strings.TrimSuffix(strings.TrimPrefix(dav.URL, "http://"), "/")
	down := "the WebDAV server " + host + " could not be reached (connection refused)"
	r.run(t, "household", "sync").fails(t, 1, down)
	if out := r.run(t, "household", "status").ok(t).stdout; !strings.HasPrefix(out, "Household Home, through the WebDAV server") || !strings.Contains(out, "The last exchange failed: "+down) {
		t.Errorf("status with the server down: %q", out)
	}
	// A change made while it is down: sync and status say it has not reached the server (F96).
	r.run(t, "profile", "set", "--profile", dad, "--alert-after", "25").ok(t)
	r.run(t, "household", "sync").fails(t, 1, down+": the last change made on this computer has not reached the WebDAV server yet")
	if out := r.run(t, "household", "status").ok(t).stdout; !strings.Contains(out, ". The last change made on this computer has not reached the WebDAV server: "+down) {
		t.Errorf("status with a change not sent: %q", out)
	}
	if out := r.run(t, "household", "devices").ok(t).stdout; !strings.Contains(out, "Kitchen laptop (this device)  last seen") {
		t.Errorf("devices with the server down: %q", out)
	}
	res := r.run(t, "household", "invite").fails(t, 1, down+": no invitation was made")
	if strings.Contains(res.stderr, "making the invitation") || strings.Contains(res.stderr, "dial tcp") {
		t.Errorf("invite with the server down: %q", res.stderr)
	}
	// Revoke and share refuse as with the shared folder gone (revoke removed the device here
	// and said "The others learn it at the next exchange", exit 0; share said "Done").
	r.run(t, "household", "revoke", anna).fails(t, 1, down+": nothing was changed; remove the device once it is back")
	r.run(t, "share", "--profile", dad, "--device", anna, "--role", "view").fails(t, 1, down+": nothing was changed; share once it is back")
	dav.SetUp(t, true)
	if err := json.Unmarshal([]byte(r.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil || len(ds) != 2 || ds[0].Revoked || ds[1].Revoked {
		t.Errorf("devices after a refused revoke: %+v %v", ds, err)
	}
	r.run(t, "household", "sync").ok(t)
	if out := r.run(t, "household", "revoke", anna).ok(t).stdout; strings.Contains(out, "next exchange") {
		t.Errorf("revoke with the server back: %q", out)
	}
}

// 'household create' and 'join' with a folder that does not exist say what to do; they said
// "is not there (is its drive connected, or was it moved?)", the words for a household's
// folder gone away.
func TestHouseholdSetupInAMissingFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "not-yet")
	r := in(newVault(t))
	res := r.run(t, "household", "create", "--name", "Home", "--folder", missing).fails(t, 1, "the shared folder "+missing+" does not exist: create the folder first")
	res2 := r.run(t, "household", "join", "--code", "a b c d e f", "--folder", missing, "--wait", "0").fails(t, 1, "the shared folder "+missing+" does not exist: give the folder the household's sync app keeps on this computer")
	for _, out := range []string{res.stderr, res2.stderr} {
		if strings.Contains(out, "drive connected") {
			t.Errorf("create or join in a missing folder says %q", out)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("the folder was made: %v", err)
	}
	r.run(t, "household", "status").fails(t, 1, "this vault is not in a household")
	// Over WebDAV (a real rclone server) the same: a folder not on the server is said as one to
	// create, not as a household's folder "removed or renamed?".
	dav := engines.StartRclone(t)
	w := in(newVault(t)).with("CAREKEEPER_WEBDAV_PASSWORD", dav.Password)
	u, err := url.Parse(dav.URL)
	if err != nil {
		t.Fatal(err)
	}
	notYet := strings.TrimSuffix(dav.URL, "/") + "/not-yet"
	res = w.run(t, "household", "create", "--name", "Home", "--webdav", notYet, "--webdav-user", dav.User).
		fails(t, 1, "the folder "+strings.TrimSuffix(u.Path, "/")+"/not-yet on the WebDAV server "+u.Host+" does not exist: create the folder first")
	if strings.Contains(res.stderr, "removed or renamed") {
		t.Errorf("create on a server without the folder: %q", res.stderr)
	}
	w.run(t, "household", "status").fails(t, 1, "this vault is not in a household")
}

// F150: after 'household moved' on the vault moved (a copy of Dad's laptop's at another place),
// the vault it was moved from went on reminding — its daemon said "the household exchange failed
// (trying again)" and fired every medicine reminder the moved vault fires too: each came twice.
// Now its daemon says once why it reminds nobody, and stops: the agenda it saves at exit holds
// nothing; 'reminders' there lists none and a started daemon says it at once.
func TestDaemonOnMovedAwayVaultStopsReminding(t *testing.T) {
	folder := t.TempDir()
	aDir := newVault(t)
	a := in(aDir).with("TZ", "UTC")
	a.run(t, "import", livingBundle(t)).ok(t)
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	a.run(t, "household", "sync").ok(t)
	now := time.Now().UTC()
	window := []string{"reminders", "--json", "--from", now.Format(time.RFC3339), "--to", now.Add(48 * time.Hour).Format(time.RFC3339)}
	var rs []reminderOut
	if err := json.Unmarshal([]byte(a.run(t, window...).ok(t).stdout), &rs); err != nil || len(rs) == 0 {
		t.Fatalf("reminders before the move: %v %v", rs, err)
	}
	moved := filepath.Join(t.TempDir(), "vault-moved")
	if err := os.CopyFS(moved, os.DirFS(aDir)); err != nil {
		t.Fatal(err)
	}
	in(moved).with("TZ", "UTC").run(t, "household", "moved").ok(t)

	daemon := func() string {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var stderr syncBuffer
		env := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(k string) string { return a.env[k] }}
		done := make(chan int, 1)
		go func() { done <- cli.Run(ctx, env, []string{"daemon"}) }()
		deadline := time.After(60 * time.Second)
		for !strings.Contains(stderr.String(), "no reminders or alerts here") {
			select {
			case <-deadline:
				t.Fatalf("the daemon on the vault moved from did not say it: %q", stderr.String())
			case <-time.After(10 * time.Millisecond):
			}
		}
		cancel()
		if rc := <-done; rc != 0 {
			t.Errorf("daemon exit %d: %q", rc, stderr.String())
		}
		agenda, err := remind.LoadAgenda(aDir)
		if err != nil {
			t.Fatal(err)
		}
		if len(agenda) != 0 {
			t.Errorf("the agenda saved at exit still reminds: %d reminders, the first %s at %s", len(agenda), agenda[0].Tag, agenda[0].At)
		}
		return stderr.String()
	}
	// Learned by its first exchange, then known at the start.
	for i := range 2 {
		out := daemon()
		want := "carekeeper daemon: no reminders or alerts here: this vault was moved elsewhere on "
		if !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1 || !strings.Contains(out, "use the vault it was moved to") {
			t.Errorf("daemon %d said %q, want one line %q…", i+1, out, want)
		}
	}
	res := a.run(t, window...)
	if err := json.Unmarshal([]byte(res.stdout), &rs); err != nil || len(rs) != 0 || res.code != 0 {
		t.Errorf("reminders on the vault moved from: exit %d, %v %v", res.code, rs, err)
	}
	if !strings.HasPrefix(res.stderr, "carekeeper: warning: this vault was moved elsewhere on ") || !strings.Contains(res.stderr, "it gives no reminders or alerts") {
		t.Errorf("reminders on the vault moved from, stderr: %q", res.stderr)
	}
}
