package app

import (
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/storage"

	"fyne.io/fyne/v2/test"
)

// F245: the window closed on 'Your recovery code' (before 'I have saved my recovery code'):
// the next unlock went straight to the records, the code never shown again and nothing
// saying there was none. Now that unlock says so and shows a new code (the first stops
// working); once confirmed, unlocks go straight in.
func TestUI_RecoveryCodeNeverSavedIsMadeAgain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	a := test.NewTempApp(t)
	u := New(a, dir)
	u.runInTests()
	setText(u.create.fields.pass, testPass)
	setText(u.create.fields.again, testPass)
	submit(u.create.fields.again)
	u.idle()
	if u.recovery == nil {
		t.Fatal("no recovery code shown")
	}
	first := u.recovery.code.Text
	if err := u.Close(); err != nil { // the window closed on the code
		t.Fatal(err)
	}

	unlock := func() *UI {
		u := New(test.NewTempApp(t), dir)
		u.runInTests()
		if u.unlock == nil {
			t.Fatal("no unlock screen")
		}
		test.Type(u.unlock.pass, testPass)
		submit(u.unlock.pass)
		u.idle()
		return u
	}
	u2 := unlock()
	r := u2.recovery
	if r == nil || u2.main != nil {
		t.Fatal("unlocked straight into the records: nothing says the recovery code was never saved")
	}
	second := r.code.Text
	if second == "" || second == first {
		t.Fatalf("the code shown again is %q (first %q): want a new one", second, first)
	}
	if texts := labelTexts(u2.win.Content()); !strings.Contains(texts, "never saved") || !strings.Contains(texts, "Your new recovery code") {
		t.Errorf("the screen does not say why:\n%s", texts)
	}
	test.Tap(r.saved)
	test.Tap(r.continBt)
	u2.idle()
	if u2.main == nil {
		t.Fatal("no records after confirming the new code")
	}
	if err := u2.Close(); err != nil {
		t.Fatal(err)
	}
	if v, err := storage.OpenWithRecoveryCode(dir, first, storage.Options{}); err == nil {
		v.Close()
		t.Error("the first code, never seen through, still opens the vault")
	}
	v, err := storage.OpenWithRecoveryCode(dir, second, storage.Options{})
	if err != nil {
		t.Fatalf("the new code does not open the vault: %v", err)
	}
	v.Close()

	u3 := unlock()
	defer u3.Close()
	if u3.main == nil || u3.recovery != nil {
		t.Error("after the code was confirmed, unlocking does not go straight to the records")
	}
}
