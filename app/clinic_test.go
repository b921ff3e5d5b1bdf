package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/clinic"
	"carekeeper/internal/remind"

	"aead.dev/minisign"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// clinicSetup is a clinic configuration signed with a test key, installed machine-wide in a
// temporary folder, and the loader the app uses for it.
type clinicSetup struct {
	priv          minisign.PrivateKey
	machine, user string
	loader        *clinic.Loader
}

func newClinicSetup(t *testing.T) *clinicSetup {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	c := &clinicSetup{priv: priv, machine: filepath.Join(root, "etc"), user: filepath.Join(root, "user")}
	c.loader = &clinic.Loader{Places: clinic.Places{Machine: []string{c.machine}, User: c.user}, Keys: []minisign.PublicKey{pub},
		Now: func() time.Time { return testNow }}
	old := newClinicLoader
	newClinicLoader = func() (*clinic.Loader, error) { return c.loader, nil }
	t.Cleanup(func() { newClinicLoader = old })
	return c
}

// write signs cfg into dir (clinic.json and clinic.json.minisig); tamper changes the file after signing.
func (c *clinicSetup) write(t *testing.T, dir string, cfg clinic.Config, tamper bool) string {
	t.Helper()
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := clinic.Sign(c.priv, data)
	if err != nil {
		t.Fatal(err)
	}
	if tamper {
		data = []byte(strings.Replace(string(data), cfg.ClinicName, cfg.ClinicName+"!", 1))
	}
	os.MkdirAll(dir, 0o700)
	path := filepath.Join(dir, clinic.FileName)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".minisig", sig, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func testClinicConfig() clinic.Config {
	return clinic.Config{Schema: clinic.Schema, ClinicID: "riverside", ClinicName: "Riverside Family Practice", Serial: 3,
		NotAfter: testNow.AddDate(1, 0, 0),
		Portals:  []clinic.Portal{{Name: "Riverside patient portal", FHIRBaseURL: "https://fhir.riverside.example/r4", ClientID: "ck-riverside", RedirectPort: 53682}},
		Support:  clinic.Support{Phone: "555-0100"},
		Branding: &clinic.Branding{Name: "Riverside", PrimaryColor: "#00695C"},
		Policies: clinic.Policies{MinPassphraseScore: 4, AutoLockMinutes: 5, PrivateNotifications: true, SyncIntervalHours: 2}}
}

// labelsIn collects the text of every label under o.
func labelsIn(o fyne.CanvasObject) []string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestClinic_PoliciesAboutAndPresets(t *testing.T) {
	c := newClinicSetup(t)
	c.write(t, c.machine, testClinicConfig(), false)
	u := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	if u.clinicConfig() == nil || !u.clinic.Machine {
		t.Fatalf("configuration not loaded: %+v", u.clinic)
	}

	// Creating a vault: a weak passphrase is refused under the clinic's policy.
	f := u.create.fields
	setText(f.pass, "sunshine")
	setText(f.again, "sunshine")
	if !u.create.createBt.Disabled() || !strings.Contains(f.message.Text, "clinic") {
		t.Errorf("weak passphrase accepted: %q", f.message.Text)
	}
	setText(f.pass, testPass+" with extra words")
	setText(f.again, testPass+" with extra words")
	if u.create.createBt.Disabled() {
		t.Fatalf("strong passphrase refused: %q", f.message.Text)
	}
	test.Tap(u.create.createBt)
	u.idle()
	test.Tap(u.recovery.saved)
	test.Tap(u.recovery.continBt)
	u.idle()
	s := u.shell
	if s == nil {
		t.Fatal("not unlocked")
	}

	// Auto-lock: "never" becomes the clinic's 5 minutes.
	u.auto.after = 0
	if got := u.auto.effective(); got != 5*time.Minute {
		t.Errorf("auto-lock %v, want the clinic's 5 minutes", got)
	}
	u.auto.after = time.Minute
	if got := u.auto.effective(); got != time.Minute {
		t.Errorf("auto-lock %v, want the person's shorter 1 minute", got)
	}

	// About says who set the app up and what it means; the top bar names the clinic quietly.
	about := strings.Join(labelsIn(newClinicSection(s).content), "\n")
	for _, want := range []string{"Set up by Riverside Family Practice", "locks after 5 idle minutes", "sync every 2 hours", "Riverside patient portal"} {
		if !strings.Contains(about, want) {
			t.Errorf("About lacks %q:\n%s", want, about)
		}
	}
	if b := u.clinicBadge(); b == nil || !strings.Contains(strings.Join(labelsIn(b), " "), "Riverside") {
		t.Error("no clinic badge")
	}
	if u.win.Title() != Title {
		t.Errorf("title %q", u.win.Title())
	}

	// New people get private notifications.
	test.Tap(u.main.addPersonBt)
	setText(u.main.addPerson.name, "Ada")
	u.main.addPerson.dialog.Submit()
	u.idle()
	if len(s.people) != 1 {
		t.Fatalf("people %+v", s.people)
	}
	st, err := remind.LoadSettings(u.vault, s.people[0].ID)
	if err != nil || !st.Private {
		t.Errorf("new person's notifications not private: %+v %v", st, err)
	}

	// The clinic's portal is offered in "Connect a portal".
	s.show(scFiles)
	u.idle()
	p := s.portalsPage()
	p.openConnect("")
	if p.flow.preset == nil || len(p.flow.preset.Options) != 1 {
		t.Fatal("the clinic's portal is not offered")
	}
	p.flow.preset.SetSelected("Riverside patient portal")
	if p.flow.base.Text != "https://fhir.riverside.example/r4" || p.flow.clientID.Text != "ck-riverside" || p.flow.port.Text != "53682" {
		t.Errorf("preset not filled in: %q %q %q", p.flow.base.Text, p.flow.clientID.Text, p.flow.port.Text)
	}
	_ = context.Background
}

func TestClinic_RejectedAndImport(t *testing.T) {
	c := newClinicSetup(t)
	c.write(t, c.machine, testClinicConfig(), true) // changed after signing
	u := unlocked(t)
	if u.clinicConfig() != nil || len(u.clinic.Rejected) != 1 {
		t.Fatalf("tampered configuration: %+v", u.clinic)
	}
	sec := newClinicSection(u.shell)
	about := strings.Join(labelsIn(sec.content), "\n")
	if !strings.Contains(about, "No clinic has set up") || !strings.Contains(about, "signature does not match") {
		t.Errorf("About:\n%s", about)
	}
	// A person imports a good one from a file.
	cfg := testClinicConfig()
	cfg.Serial = 4
	path := c.write(t, filepath.Join(t.TempDir(), "download"), cfg, false)
	sec.importClinic(path)
	u.idle()
	if u.clinicConfig() == nil || u.clinic.Machine || sec.head == nil || !strings.Contains(sec.head.Text, "Riverside Family Practice") {
		t.Fatalf("after import: %+v", u.clinic)
	}
	if _, err := os.Stat(filepath.Join(c.user, clinic.FileName)); err != nil {
		t.Errorf("not installed per user: %v", err)
	}
}
