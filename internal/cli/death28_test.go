package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F145: another Mary Smith's file (born 1950, died 30 Nov 2026 at 23:30 in New York) forced
// into the living Mary Smith (born 1980) made her shown as having died — no reminders, 'Died
// 1 Dec 2026' — and the import said only "1 added; for Mary Smith". --force alone now refuses
// it in one line naming no one (the vault unchanged); with --yes it is imported and its line
// says what it did, the day on her clock.
func TestImportForcedDeathAsksFirst(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	tmp := t.TempDir()
	alive, dead := filepath.Join(tmp, "mary.json"), filepath.Join(tmp, "mary_dead.json")
	os.WriteFile(alive, []byte(`{"resourceType":"Patient","id":"m1","gender":"female","birthDate":"1980-05-01","name":[{"family":"Smith","given":["Mary"]}]}`), 0o600)
	os.WriteFile(dead, []byte(`{"resourceType":"Patient","id":"m3","birthDate":"1950-05-01","deceasedDateTime":"2026-11-30T23:30:00-05:00","name":[{"family":"Smith","given":["Mary"]}]}`), 0o600)
	mary := importJSON(t, r, alive)["profile"].(string)

	res := r.run(t, "import", "--profile", mary, "--force", dead).fails(t, 1,
		"mary_dead.json: not imported: the file says its person has died, and the person chosen, born on another day, is living", "add --yes")
	if strings.Contains(res.stderr, "Mary") || strings.Contains(res.stderr, "1950") || strings.Contains(res.stderr, "Dec") {
		t.Errorf("the error line names someone or a date: %q", res.stderr)
	}
	if out := r.run(t, "profile", "list").ok(t).stdout; strings.Contains(out, "2026") {
		t.Errorf("refused, yet Mary is shown as having died: %s", out)
	}

	out := r.run(t, "import", "--profile", mary, "--force", "--yes", dead).ok(t).stdout
	if want := "mary_dead.json: 1 added; this file says Mary Smith died on 1 Dec 2026: she is now shown as having died, and her reminders stop; for Mary Smith\n"; !strings.HasSuffix(out, want) {
		t.Errorf("import line %q, want %q", out, want)
	}
}
