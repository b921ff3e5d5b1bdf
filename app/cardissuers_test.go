package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
)

// Settings → Card issuers you trust: the empty list says what it is for; an issuer added from
// its key file is listed with its address, since when and its keys, and its cards then import
// as verified; removing it asks first, and only "Remove" removes it (the CLI's cards
// trust|issuers had no screen in the app).
func TestSettings_CardIssuers(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scSettings)
	u.idle()
	c := s.pages[scSettings].(*settingsPage).cards
	if !c.empty.Visible() || !strings.Contains(c.empty.Text, "signature verified") || len(c.list.Objects) != 0 {
		t.Fatalf("empty state %v %q, %d rows", c.empty.Visible(), c.empty.Text, len(c.list.Objects))
	}
	jwks := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(jwks, shctest.PublicJWKS(t), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "photo.json")
	if err := os.WriteFile(bad, []byte(`{"keys":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}

	// Refused with a word in the dialog: no https address, then a file without keys.
	c.openAdd()
	a := c.add
	setText(a.iss, "http://example.org")
	a.setFile(jwks)
	a.dialog.Submit()
	u.idle()
	if err := a.iss.Validate(); err == nil || !strings.Contains(err.Error(), "https://") {
		t.Errorf("an http address: %v", err)
	}
	setText(a.iss, shctest.Iss)
	a.setFile(bad)
	a.dialog.Submit()
	u.idle()
	if !strings.Contains(a.problem.Text, "cannot be used") {
		t.Errorf("a key file without keys: problem %q", a.problem.Text)
	}
	if list, _ := shc.Issuers(context.Background(), u.vault); len(list) != 0 {
		t.Fatalf("refused issuers were saved: %+v", list)
	}

	setText(a.name, "Example issuer")
	a.setFile(jwks)
	a.dialog.Submit()
	u.idle()
	if len(c.shown) != 1 || c.empty.Visible() {
		t.Fatalf("after adding: %+v, empty state shown %v", c.shown, c.empty.Visible())
	}
	labels := strings.Join(labelsIn(c.list), "\n")
	for _, want := range []string{"Example issuer", shctest.Iss, "trusted since ", "key"} {
		if !strings.Contains(labels, want) {
			t.Errorf("row lacks %q: %q", want, labels)
		}
	}
	if strings.Contains(labels, "-") && strings.Contains(labels, "T") && strings.Contains(labels, ":00") {
		t.Errorf("a date not in words: %q", labels)
	}

	// Removing asks; Cancel keeps it, Remove removes it.
	c.askRemove(c.shown[0])
	c.confirm.Dismiss()
	u.idle()
	if list, _ := shc.Issuers(context.Background(), u.vault); len(list) != 1 {
		t.Fatalf("cancel removed the issuer: %+v", list)
	}
	c.askRemove(c.shown[0])
	c.confirm.Confirm()
	u.idle()
	if list, _ := shc.Issuers(context.Background(), u.vault); len(list) != 0 {
		t.Errorf("not removed: %+v", list)
	}
	if len(c.shown) != 0 || !c.empty.Visible() {
		t.Errorf("list after removing: %+v", c.shown)
	}
}

// An issuer trusted from the command line (cards trust, which sets no time) is listed with
// since when too, and one a clinic configuration trusts is marked so, without Remove.
func TestSettings_CardIssuersFromCLI(t *testing.T) {
	u := unlocked(t)
	keys, err := shc.ParseJWKS(shctest.PublicJWKS(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := shc.SaveIssuer(context.Background(), u.vault, shc.Issuer{Iss: shctest.Iss, Keys: keys, Source: "person"}); err != nil {
		t.Fatal(err)
	}
	u.shell.show(scSettings)
	u.idle()
	c := u.shell.pages[scSettings].(*settingsPage).cards
	c.reload()
	u.idle()
	if labels := strings.Join(labelsIn(c.list), "\n"); !strings.Contains(labels, "trusted since ") {
		t.Errorf("row %q", labels)
	}
	title, sub := issuerWords(shc.Issuer{Iss: "https://clinic.example", Name: "Clinic", Source: "clinic", Keys: keys})
	if title != "Clinic" || sub != "https://clinic.example · trusted by your clinic's setup · "+health.Count(len(keys), "key", "keys") {
		t.Errorf("clinic issuer %q / %q", title, sub)
	}
}
