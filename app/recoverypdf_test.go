package app

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// The recovery code saves as a one-page PDF, readable only by its owner.
func TestRecoveryPDF(t *testing.T) {
	var b bytes.Buffer
	if err := recoveryPDF(&b, "ABCD-EFGH-IJKL-MNOP", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := b.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", out[:min(len(out), 20)])
	}
	if n := len(regexp.MustCompile(`/Type /Page\b`).FindAll(out, -1)); n != 1 {
		t.Errorf("%d pages, want one", n)
	}

	// From the recovery screen, saved with mode 0600.
	dir := t.TempDir()
	u := newTestUI(t, filepath.Join(dir, "vault"))
	if u.create == nil {
		t.Fatal("no create screen")
	}
	u.showRecovery("ABCD-EFGH-IJKL-MNOP")
	path := filepath.Join(dir, "code.pdf")
	u.recovery.savePDF(path)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if u.recovery.savedTo != path {
		t.Errorf("savedTo %q", u.recovery.savedTo)
	}
}
