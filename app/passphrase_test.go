package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Settings changes the passphrase: a wrong current one is refused in plain words; after a
// change the vault opens with the new one only.
func TestSettings_ChangePassphrase(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scSettings)
	u.idle()
	test.Tap(s.pages[scSettings].(*settingsPage).passBt)
	d := s.passphrase
	if d == nil {
		t.Fatal("no change-passphrase dialog")
	}
	const newPass = "purple otter climbs seven ladders"
	test.Type(d.old, "not the passphrase")
	test.Type(d.fields.pass, newPass)
	test.Type(d.fields.again, newPass)
	if d.save.Disabled() {
		t.Fatal("Change passphrase stays disabled")
	}
	test.Tap(d.save)
	u.idle()
	if !d.message.isError() || !strings.HasPrefix(d.message.Text, "Wrong passphrase.") {
		t.Fatalf("wrong current passphrase: message %q", d.message.Text)
	}
	test.Type(d.old, testPass)
	test.Type(d.fields.pass, newPass)
	test.Type(d.fields.again, newPass)
	test.Tap(d.save)
	u.idle()
	if d.message.isError() {
		t.Fatalf("change failed: %q", d.message.Text)
	}
	u.lock()
	u.idle()
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell != nil {
		t.Fatal("the old passphrase still opens the vault")
	}
	test.Type(u.unlock.pass, newPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("the new passphrase does not open the vault: %q", u.unlock.message.Text)
	}
}
