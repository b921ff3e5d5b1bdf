package app

import (
	"os"
	"strings"
	"testing"

	"carekeeper/internal/secret"
	"carekeeper/storage"

	"fyne.io/fyne/v2/test"
)

// F245, the part left: Settings makes a new recovery code for a person whose code is lost.
// A wrong passphrase is refused with the saved code kept (and no new code forced at the next
// unlock); the right one shows a new code once, the old one stops working, the new one opens
// the vault, and once "I have saved it" is ticked unlocks go straight in.
func TestSettings_MakeNewRecoveryCode(t *testing.T) {
	dir, oldCode := newVault(t)
	u := newTestUI(t, dir)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	s := u.shell
	s.show(scSettings)
	u.idle()
	keyBefore := readFile(t, storage.KeyFilePath(u.dir))
	test.Tap(s.pages[scSettings].(*settingsPage).recoveryBt)
	d := s.newRecovery
	if d == nil {
		t.Fatal("no make-a-new-recovery-code dialog")
	}
	if !d.make.Disabled() {
		t.Error("Make a new code is enabled with no passphrase")
	}
	test.Type(d.pass, "not the passphrase")
	test.Tap(d.make)
	u.idle()
	if !d.message.isError() || !strings.HasPrefix(d.message.Text, "Wrong passphrase.") {
		t.Fatalf("wrong passphrase: message %q", d.message.Text)
	}
	if readFile(t, storage.KeyFilePath(u.dir)) != keyBefore || storage.RecoveryUnsaved(u.dir) {
		t.Fatal("a refused new code changed the key file or marked the vault's code as never saved")
	}

	test.Type(d.pass, testPass)
	test.Tap(d.make)
	u.idle()
	if d.shown == nil {
		t.Fatalf("no new code shown (message %q)", d.message.Text)
	}
	code := d.shown.code.Text
	if !d.done.Disabled() {
		t.Error("Done is enabled before 'I have saved it' is ticked")
	}
	if !storage.RecoveryUnsaved(u.dir) {
		t.Error("the new code is not marked as unsaved while shown")
	}
	test.Tap(d.saved)
	test.Tap(d.done)
	u.idle()
	if storage.RecoveryUnsaved(u.dir) {
		t.Error("still marked unsaved after 'I have saved it' and Done")
	}
	if d.shown.code.Text != "" {
		t.Error("the code stays in the dialog after Done")
	}
	if readFile(t, storage.KeyFilePath(u.dir)) == keyBefore {
		t.Fatal("the key file is unchanged: no new code was sealed")
	}
	u.lock()
	u.idle()
	if _, err := secret.UnlockWithRecovery(storage.KeyFilePath(u.dir), oldCode); err == nil {
		t.Error("the old recovery code still opens the vault")
	}
	if _, err := secret.UnlockWithRecovery(storage.KeyFilePath(u.dir), code); err != nil {
		t.Fatalf("the new code does not open the vault: %v", err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// F231, the part left: a key file overwritten (a PDF saved over vault.key) made the unlock say
// "Something went wrong. Try again; …" — trying again never helps, and the recovery code is in
// the same file. The unlock says what is true and what to do, and changes nothing.
func TestUI_UnlockWithDamagedKeyFile(t *testing.T) {
	dir, _ := newVault(t)
	if err := os.WriteFile(storage.KeyFilePath(dir), []byte("%PDF-1.3\n% not a key file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, dir)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	msg := u.unlock.message.Text
	if u.shell != nil || !strings.Contains(msg, "key file is damaged") || !strings.Contains(msg, "not even with your recovery code") ||
		!strings.Contains(msg, "Restore from a backup") || strings.Contains(msg, "Try again") {
		t.Errorf("unlock with a damaged key file says %q", msg)
	}
	if got := readFile(t, storage.KeyFilePath(dir)); !strings.HasPrefix(got, "%PDF") {
		t.Error("the unlock changed the key file")
	}
}
