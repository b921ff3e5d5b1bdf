package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F149 in the status: a setting made here that a later change on another device replaced was
// said once by 'household sync' and never by 'household status', which says a person deleted
// on another device for a day. Now the status says it for a day too (text and --json).
func TestHouseholdStatusSaysASettingReplacedElsewhere(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	mum := addedProfile(t, a, "--name", "Mum Smith")
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "profile", "set", "--profile", mum, "--alert-after", "20").ok(t)
	b.run(t, "profile", "set", "--profile", mum, "--alert-after", "45").ok(t) // later: it wins
	b.run(t, "household", "sync").ok(t)
	out := a.run(t, "household", "sync").ok(t).stdout
	want := "Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here "
	i := strings.Index(out, want)
	if i < 0 {
		t.Fatalf("household sync on Dad's laptop: %q", out)
	}
	line := strings.TrimSuffix(strings.SplitN(out[i:], "\n", 2)[0], ".")
	status := a.run(t, "household", "status").ok(t).stdout
	if strings.Count(status, "\n"+line+".\n") != 1 {
		t.Errorf("household status on Dad's laptop: %q, want once %q", status, line)
	}
	var st struct{ Warnings []string }
	res := a.run(t, "household", "status", "--json").ok(t)
	if err := json.Unmarshal([]byte(res.stdout), &st); err != nil {
		t.Fatalf("household status --json: %q (%v)", res.stdout, err)
	}
	n := 0
	for _, w := range st.Warnings {
		if w == line {
			n++
		}
	}
	if n != 1 {
		t.Errorf("household status --json warnings: %q, want once %q", st.Warnings, line)
	}
	// Anna's laptop, whose change won, says nothing of it.
	if status := b.run(t, "household", "status").ok(t).stdout; strings.Contains(status, "replaced") {
		t.Errorf("household status on Anna's laptop: %q", status)
	}
}

// F197 leftover: on the vault moved from ('household moved' on the vault moved), 'today' listed
// the doses as upcoming with only a warning on stderr, though none is reminded there. Now the
// list says it on stdout, in the words of a device removed from its household, and --json
// gives remindersOff for each person.
func TestTodayOnMovedAwayVaultSaysRemindersAreOff(t *testing.T) {
	folder := t.TempDir()
	aDir := newVault(t)
	a := in(aDir).with("TZ", "UTC")
	a.run(t, "import", livingBundle(t)).ok(t)
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	a.run(t, "household", "sync").ok(t)
	if out := a.run(t, "today").ok(t).stdout; strings.Contains(out, "reminders and alerts") {
		t.Fatalf("today before the move: %q", out)
	}
	moved := filepath.Join(t.TempDir(), "vault-moved")
	if err := os.CopyFS(moved, os.DirFS(aDir)); err != nil {
		t.Fatal(err)
	}
	in(moved).with("TZ", "UTC").run(t, "household", "moved").ok(t)
	a.run(t, "household", "sync").fails(t, 1, "this vault was moved elsewhere on ")

	res := a.run(t, "today") // the warning on stderr stays
	out := res.stdout
	if res.code != 0 {
		t.Fatalf("today on the vault moved from: exit %d, %q", res.code, res.stderr)
	}
	first := strings.SplitN(out, "\n", 2)[0]
	if !strings.HasPrefix(first, "This vault was moved to another computer on ") ||
		!strings.HasSuffix(first, " are off here (the vault it was moved to reminds them); use that one.") {
		t.Errorf("today on the vault moved from: %q", out)
	}
	var days []struct {
		Person       string
		RemindersOff string
	}
	if err := json.Unmarshal([]byte(a.run(t, "today", "--json").stdout), &days); err != nil || len(days) == 0 {
		t.Fatalf("today --json: %v %v", days, err)
	}
	for _, d := range days {
		if d.RemindersOff == "" {
			t.Errorf("today --json on the vault moved from: %s has no remindersOff", d.Person)
		}
	}
	// The vault moved goes on reminding: not said there.
	if out := in(moved).with("TZ", "UTC").run(t, "today").ok(t).stdout; strings.Contains(out, "reminders and alerts") {
		t.Errorf("today on the vault moved: %q", out)
	}
}

// F216: the same file imported on two household devices gives two people of one name, each
// device's own, and the records they share (one item each in a vault) went with one of them
// without a word: "received 7, applied 4". Now 'household sync' says it on both (text and
// --json samePerson), and the status for a day.
func TestHouseholdSyncSaysASharedPersonHoldsRecordsOfOneHere(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	file := livingBundle(t)
	a.run(t, "import", file).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "import", file).ok(t) // later: its records win
	out := b.run(t, "household", "sync").ok(t).stdout
	want := "Lena Living, shared by Dad's laptop, has records this computer already held for its own Lena Living (the same file imported on both computers): "
	i := strings.Index(out, want)
	if i < 0 || !strings.Contains(out[i:], " records stay with this computer's Lena Living and not with the shared one. Both are listed: CareKeeper does not join two people by itself (two people can have one name and birth date); if they are one person, join them on this computer: carekeeper household same-person --keep ") {
		t.Fatalf("household sync on Anna's laptop: %q", out)
	}
	line := strings.SplitN(out[i:], "\n", 2)[0]
	if status := b.run(t, "household", "status").ok(t).stdout; strings.Count(status, "\n"+line+"\n") != 1 {
		t.Errorf("household status on Anna's laptop: %q, want %q", status, line)
	}
	// Said once by sync.
	if out := b.run(t, "household", "sync").ok(t).stdout; strings.Contains(out, "shared by") {
		t.Errorf("second household sync on Anna's laptop: %q", out)
	}
	// Dad's laptop takes Anna's later records: they go from its Lena to Anna's, said too.
	res := a.run(t, "household", "sync", "--json").ok(t)
	var got struct{ SamePerson []string }
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil || len(got.SamePerson) != 1 {
		t.Fatalf("household sync --json on Dad's laptop: %q (%v)", res.stdout, err)
	}
	if l := got.SamePerson[0]; !strings.HasPrefix(l, "Lena Living, shared by Anna's laptop, has records this computer already held for its own Lena Living (the same file imported on both computers): ") ||
		!strings.Contains(l, " records went from this computer's Lena Living to the shared one") {
		t.Errorf("Dad's laptop: %q", l)
	}
}
