package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// twoDevices makes a household over a plain folder with two devices, each a vault of its own
// (two data directories, as two computers): a created it ("Dad's laptop", managing everyone), b
// joined with a code ("Anna's laptop", an invitation without grants: it manages everyone too).
// It returns a's device id.
func twoDevices(t *testing.T, folder string) (a, b runner, aID string) {
	t.Helper()
	a, b = in(newVault(t)), in(newVault(t))
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	a.run(t, "household", "sync").ok(t)
	joinFrom(t, folder, a, b)
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	if err := json.Unmarshal([]byte(a.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Self {
			aID = d.ID
		}
	}
	return a, b, aID
}

// joinFrom has b join a's household (in folder) with an invitation 'household invite
// invite...' made on a, and both exchange; it returns what the invitation said.
func joinFrom(t *testing.T, folder string, a, b runner, invite ...string) string {
	t.Helper()
	said := a.run(t, append([]string{"household", "invite"}, invite...)...).ok(t).stdout
	code := strings.TrimSpace(strings.SplitN(said, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Anna's laptop", "--wait", "60")
	}()
	for done := false; !done; {
		a.run(t, "household", "sync").ok(t)
		select {
		case res := <-joined:
			// The join's own first exchange brings the household's records.
			if res.ok(t); !strings.Contains(res.stdout, " from the household.\n") {
				t.Errorf("household join: %q", res.stdout)
			}
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	return said
}

// segments lists the segment files in a device's folder.
func segments(t *testing.T, folder, dev string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(folder, "d", dev))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".seg") {
			out = append(out, e.Name())
		}
	}
	return out
}

// F97: a file refused by 'household sync' (altered, not a household file at all, too large) is
// one line on stderr naming the file and what is wrong, at every sync while it is there, and
// the exit is 1; the good files of the same sync are applied. It exited 0, the refusal said on
// stdout and only by the first sync that met the file.
func TestHouseholdSyncRefusedFilesExit1(t *testing.T) {
	folder := t.TempDir()
	a, b, aID := twoDevices(t, folder)

	before := segments(t, folder, aID)
	a.run(t, "profile", "add", "--name", "Mum").ok(t)
	a.run(t, "household", "sync").ok(t)
	var altered string
	for _, s := range segments(t, folder, aID) {
		if !slices.Contains(before, s) {
			altered = s
		}
	}
	if altered == "" {
		t.Fatal("no new segment from Dad's laptop")
	}
	a.run(t, "profile", "add", "--name", "Bob").ok(t)
	a.run(t, "household", "sync").ok(t)
	// One altered byte in the file's last part (its signature): refused.
	p := filepath.Join(folder, "d", aID, altered)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-10] ^= 0xff
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(folder, "d", aID, "0123456789abcdef-00000099.seg")
	if err := os.WriteFile(junk, []byte("not a segment"), 0o600); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(folder, "d", aID, "fedcba9876543210-00000098.seg")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 64<<20+1); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	// A file of a device not in the household (yet): said on stdout, not refused within the hour.
	stranger := filepath.Join(folder, "d", "0123456789abcdef0123456789abcdef", "00000000000000b1-00000001.seg")
	if err := os.MkdirAll(filepath.Dir(stranger), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stranger, data, 0o600); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Refused a file from Dad's laptop (d/" + aID + "/" + altered + "): signature does not match: the file was altered, truncated or forged",
		"Refused a file from Dad's laptop (d/" + aID + "/0123456789abcdef-00000099.seg): too short to be a segment (truncated or not ours)",
		"Refused a file from Dad's laptop (d/" + aID + "/fedcba9876543210-00000098.seg): too large: over 64 MiB, more than a household file may be",
	}
	for round := range 2 { // at every sync while the files are there
		res := b.run(t, "household", "sync")
		if res.code != 1 {
			t.Errorf("sync %d with refused files: exit %d, want 1 (stdout %q, stderr %q)", round, res.code, res.stdout, res.stderr)
		}
		lines := strings.Split(strings.TrimSuffix(res.stderr, "\n"), "\n")
		slices.Sort(lines)
		wantSorted := slices.Sorted(slices.Values(want))
		if !slices.Equal(lines, wantSorted) {
			t.Errorf("sync %d: stderr\n%s\nwant\n%s", round, res.stderr, strings.Join(wantSorted, "\n"))
		}
		if !strings.HasPrefix(res.stdout, "Sent ") || strings.Contains(res.stdout, "Refused") ||
			!strings.Contains(res.stdout, "1 file from a device not known here yet: read once its admission arrives.\n") {
			t.Errorf("sync %d: stdout %q", round, res.stdout)
		}
	}
	// The good files of the same sync were applied: Bob, added after the altered file, is here.
	if people := b.run(t, "profile", "list").ok(t).stdout; !strings.Contains(people, "Bob") {
		t.Errorf("profile list on Anna's laptop: %q, want Bob", people)
	}
	// --json says them too, each marked bad, and exits 1.
	res := b.run(t, "household", "sync", "--json")
	var got struct {
		Refused []struct {
			File, Reason string
			Bad          bool
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil || res.code != 1 || len(got.Refused) != 3 || !got.Refused[0].Bad {
		t.Errorf("sync --json: exit %d, %q (%v)", res.code, res.stdout, err)
	}
	// The status says it too, as the app does (F96: it said "In step with 1 device").
	status := b.run(t, "household", "status").ok(t).stdout
	if !strings.Contains(status, "Not in step with Dad's laptop.\n") || !strings.Contains(status, "3 files from Dad's laptop cannot be used here: ") || strings.Contains(status, "In step") {
		t.Errorf("household status with refused files: %q", status)
	}
	for _, f := range []string{p, junk, huge, stranger} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	b.run(t, "household", "sync").ok(t)
	if status := b.run(t, "household", "status").ok(t).stdout; !strings.Contains(status, "In step with 1 device, ") {
		t.Errorf("household status once the files went: %q", status)
	}
}

// F96, the sending side: a file of Dad's laptop refused on Anna's laptop (altered on the way)
// left Dad's laptop saying 'In step with 1 device' while its change never reached Anna's. The
// refusing device now says which files it refuses, and the writer's status says it.
func TestHouseholdStatusSaysOurFileIsRefusedThere(t *testing.T) {
	folder := t.TempDir()
	a, b, aID := twoDevices(t, folder)
	before := segments(t, folder, aID)
	a.run(t, "profile", "add", "--name", "Mum").ok(t)
	a.run(t, "household", "sync").ok(t)
	var altered string
	for _, s := range segments(t, folder, aID) {
		if !slices.Contains(before, s) {
			altered = s
		}
	}
	if altered == "" {
		t.Fatal("no new segment from Dad's laptop")
	}
	p := filepath.Join(folder, "d", aID, altered)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	good := slices.Clone(data)
	data[len(data)-10] ^= 0xff
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	b.run(t, "household", "sync").fails(t, 1, "Refused a file from Dad's laptop")
	a.run(t, "household", "sync").ok(t)
	status := a.run(t, "household", "status").ok(t).stdout
	if !strings.Contains(status, "Not in step with Anna's laptop") || strings.Contains(status, "In step") ||
		!strings.Contains(status, "1 file of this computer's changes cannot be used on Anna's laptop: it is damaged or was changed on the way. This computer has written what it holds to the shared folder again: it reaches Anna's laptop at its next exchange") {
		t.Errorf("household status on Dad's laptop with its file refused on Anna's: %q", status)
	}
	// The file whole again: Anna's takes it and says so, Dad's is in step again.
	if err := os.WriteFile(p, good, 0o600); err != nil {
		t.Fatal(err)
	}
	b.run(t, "household", "sync").ok(t)
	a.run(t, "household", "sync").ok(t)
	if status := a.run(t, "household", "status").ok(t).stdout; !strings.Contains(status, "In step with 1 device, ") {
		t.Errorf("household status on Dad's laptop once the file was taken: %q", status)
	}
}

// F131: a person deleted on Dad's laptop vanished from Anna's laptop without a word, with the
// appointment just added for them there. Anna's sync now says it (text and --json), and its
// status for a day.
func TestHouseholdSyncSaysAPersonDeletedElsewhere(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	mum := addedProfile(t, a, "--name", "Mum Smith")
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "profile", "delete", "--profile", mum, "--yes").ok(t)
	b.run(t, "appointment", "add", "--profile", mum, "--start", "2030-03-04T15:00:00Z", "--title", "Chest clinic").ok(t)
	a.run(t, "household", "sync").ok(t)
	res := b.run(t, "household", "sync", "--json").ok(t)
	var got struct {
		Deleted []struct {
			Name, By, Line string
			NotKept        int
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil || len(got.Deleted) != 1 ||
		got.Deleted[0].Name != "Mum Smith" || got.Deleted[0].By != "Dad's laptop" || got.Deleted[0].NotKept != 1 {
		t.Fatalf("household sync --json on Anna's laptop: %q (%v)", res.stdout, err)
	}
	want := "Mum Smith was deleted on Dad's laptop on "
	if line := got.Deleted[0].Line; !strings.HasPrefix(line, want) || !strings.HasSuffix(line, ", with everything recorded for them; 1 thing recorded on this computer for them after that went with them") {
		t.Errorf("line %q", line)
	}
	if people := b.run(t, "profile", "list").ok(t).stdout; strings.Contains(people, "Mum Smith") {
		t.Errorf("Mum Smith still on Anna's laptop: %q", people)
	}
	if status := b.run(t, "household", "status").ok(t).stdout; !strings.Contains(status, "\n"+got.Deleted[0].Line+".\n") {
		t.Errorf("household status on Anna's laptop: %q, want %q", status, got.Deleted[0].Line)
	}
	// Said once by sync: the next one says nothing of it.
	if out := b.run(t, "household", "sync").ok(t).stdout; strings.Contains(out, "Mum Smith") {
		t.Errorf("second household sync: %q", out)
	}
}

// F150: after 'household moved' on the vault moved (a copy of Dad's laptop's, at another
// place), the vault it was moved from went on syncing without a word ("Sent 1 change"), its
// status "No other device in the household". Now its household commands refuse in one line
// and it exchanges nothing; the moved vault goes on.
func TestHouseholdMovedStopsTheOldVault(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	moved := filepath.Join(t.TempDir(), "vault-moved")
	if err := os.CopyFS(moved, os.DirFS(a.env["CAREKEEPER_DATA"])); err != nil {
		t.Fatal(err)
	}
	c := in(moved)
	if out := c.run(t, "household", "moved").ok(t).stdout; !strings.Contains(out, "The vault it was moved from takes no more part in the household from its next exchange.") {
		t.Errorf("household moved: %q", out)
	}
	a.run(t, "profile", "add", "--name", "From old").ok(t)
	res := a.run(t, "household", "sync").fails(t, 1, "this vault was moved elsewhere on ", "use the vault it was moved to")
	if strings.Contains(res.stdout, "Sent") {
		t.Errorf("the old vault exchanged: %q", res.stdout)
	}
	oneLine(t, res.stderr)
	a.run(t, "household", "status").fails(t, 1, "this vault was moved elsewhere on ")
	c.run(t, "profile", "add", "--name", "From new").ok(t)
	c.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	people := b.run(t, "profile", "list").ok(t).stdout
	if !strings.Contains(people, "From new") || strings.Contains(people, "From old") {
		t.Errorf("Anna's laptop: %q, want From new and not From old", people)
	}
}

// F149: a setting changed on two devices before they exchange — the later change wins by
// design — and the device whose change lost was told nothing. Now its 'household sync' says it
// once, in words (text and --json); a setting changed on one device only is said nowhere.
func TestHouseholdSyncSaysASettingReplacedElsewhere(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	mum := addedProfile(t, a, "--name", "Mum Smith")
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "profile", "set", "--profile", mum, "--alert-after", "20").ok(t)
	b.run(t, "profile", "set", "--profile", mum, "--alert-after", "45").ok(t) // later: it wins
	b.run(t, "household", "sync").ok(t)
	res := a.run(t, "household", "sync", "--json").ok(t)
	var got struct {
		Replaced []struct {
			Person, Profile, Setting, Here, There, By, Line string
		}
	}
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil || len(got.Replaced) != 1 {
		t.Fatalf("household sync --json on Dad's laptop: %q (%v)", res.stdout, err)
	}
	r := got.Replaced[0]
	if r.Person != "Mum Smith" || r.Profile != mum || r.Setting != "Caregivers' alert" || r.By != "Anna's laptop" ||
		r.Here != "20 minutes after a dose's time" || r.There != "45 minutes after a dose's time" {
		t.Errorf("replaced: %+v", r)
	}
	if !strings.HasPrefix(r.Line, "Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here ") ||
		!strings.Contains(r.Line, ", was replaced by 45 minutes after a dose's time, set on Anna's laptop ") {
		t.Errorf("line %q", r.Line)
	}
	// Said once: the next sync says nothing of it.
	if out := a.run(t, "household", "sync").ok(t).stdout; strings.Contains(out, "Caregivers' alert") {
		t.Errorf("second household sync: %q", out)
	}
	// Anna's change was not replaced. A change made after the other's arrived was made knowing
	// it: nothing collided, and it is not said (F494: it said "was replaced").
	if out := b.run(t, "household", "sync").ok(t).stdout; strings.Contains(out, "replaced") {
		t.Errorf("household sync on Anna's laptop: %q", out)
	}
	a.run(t, "profile", "set", "--profile", mum, "--alert-after", "60").ok(t)
	a.run(t, "household", "sync").ok(t)
	if out := b.run(t, "household", "sync").ok(t).stdout; strings.Contains(out, "replaced") {
		t.Errorf("household sync on Anna's laptop after Dad's later change, made knowing hers: %q", out)
	}
	if out := b.run(t, "household", "status").ok(t).stdout; strings.Contains(out, "replaced") {
		t.Errorf("household status on Anna's laptop after Dad's later change, made knowing hers: %q", out)
	}
	// The text: one line, said once.
	a.run(t, "profile", "set", "--profile", mum, "--alert-after", "10").ok(t)
	b.run(t, "profile", "set", "--profile", mum, "--alert-after", "15").ok(t)
	b.run(t, "household", "sync").ok(t)
	out := a.run(t, "household", "sync").ok(t).stdout
	if strings.Count(out, "Caregivers' alert for Mum Smith: 10 minutes after a dose's time, set here ") != 1 {
		t.Errorf("household sync text: %q", out)
	}
}

// F149 for a medicine's times: set on two devices before they exchange, the later wins and the
// device whose times lost says it once; the reminders there follow the times set elsewhere.
func TestHouseholdSyncSaysMedicineTimesReplacedElsewhere(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(a.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people %v %v", people, err)
	}
	lena := people[0].ID
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "schedule", "set", "--profile", lena, "--ref", "MedicationRequest/metformin", "--times", "08:00,20:00").ok(t)
	b.run(t, "schedule", "set", "--profile", lena, "--ref", "MedicationRequest/metformin", "--times", "09:00").ok(t)
	a.run(t, "schedule", "set", "--profile", lena, "--ref", "MedicationRequest/simvastatin", "--times", "22:00").ok(t) // not changed there
	b.run(t, "household", "sync").ok(t)
	out := a.run(t, "household", "sync").ok(t).stdout
	want := "Times of Metformin 500 mg for Lena Living: twice a day at 08:00 and 20:00, set here "
	if strings.Count(out, want) != 1 || !strings.Contains(out, ", was replaced by once a day at 09:00, set on Anna's laptop ") ||
		strings.Contains(out, "Simvastatin") || strings.Count(out, "was replaced") != 1 {
		t.Errorf("household sync on Dad's laptop: %q\nwant once %q", out, want)
	}
	if out := a.run(t, "household", "sync").ok(t).stdout; strings.Contains(out, "was replaced") {
		t.Errorf("second household sync: %q", out)
	}
}

// F494: Dad set the metformin's times on his laptop; Anna's laptop received them, and Anna
// then set other times, knowing Dad's. Dad's 'household sync' said "Times of Metformin 500 mg
// for Lena Living: twice a day at 08:00 and 20:00, set here …, was replaced by …, set on
// Anna's laptop", and 'household status' kept saying it for a day: nothing had collided. A
// change made after this device's had arrived is not said; his reminders follow her times.
// Times set on both before they exchanged are still said (the test above).
func TestHouseholdSyncSaysNothingOfTimesSetAfterOursArrived(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(a.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people %v %v", people, err)
	}
	lena := people[0].ID
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "schedule", "set", "--profile", lena, "--ref", "MedicationRequest/metformin", "--times", "08:00,20:00").ok(t)
	a.run(t, "household", "sync").ok(t)
	if out := b.run(t, "household", "sync").ok(t).stdout; !strings.Contains(out, "applied 1") {
		t.Fatalf("household sync on Anna's laptop: %q", out)
	}
	b.run(t, "schedule", "set", "--profile", lena, "--ref", "MedicationRequest/metformin", "--times", "09:00,21:00").ok(t)
	b.run(t, "household", "sync").ok(t)
	for _, cmd := range [][]string{{"household", "sync"}, {"household", "status"}, {"household", "sync", "--json"}} {
		if out := a.run(t, cmd...).ok(t).stdout; strings.Contains(out, "was replaced") || strings.Contains(out, "set here") || strings.Contains(out, "Metformin") {
			t.Errorf("%s on Dad's laptop: %q", strings.Join(cmd, " "), out)
		}
	}
	if out := a.run(t, "schedule", "list", "--profile", lena).ok(t).stdout; !strings.Contains(out, "09:00") || strings.Contains(out, "08:00") {
		t.Errorf("schedule list on Dad's laptop: %q", out)
	}
}

// F240: a shared folder that is the vault's folder, is inside it or holds it is refused before
// anything is written (the sync program would copy the vault's key and its plaintext reminders
// everywhere). F185: 'household invite --qr' into the shared folder is refused, no invitation
// made (whoever reads the folder could join with it). F223: 'share' of this computer's own role
// away is refused (it locked the computer out of the person with "Done", for good).
func TestHouseholdKeepsTheVaultAndTheCodeOutOfTheSharedFolder(t *testing.T) {
	r := in(newVault(t))
	data := r.env["CAREKEEPER_DATA"]
	for _, folder := range []string{data, filepath.Join(data, "db"), filepath.Dir(data)} {
		r.run(t, "household", "create", "--name", "Home", "--folder", folder).fails(t, 1, "the household's shared folder and the vault's folder must be apart")
	}
	if _, err := os.Stat(filepath.Join(data, "d")); err == nil {
		t.Error("a household folder was written in the vault's folder")
	}
	r.run(t, "household", "status").fails(t, 1, "this vault is not in a household")

	folder := t.TempDir()
	a, _, aID := twoDevices(t, folder)
	before, _ := os.ReadDir(filepath.Join(folder, "i"))
	qr := filepath.Join(folder, "code.png")
	a.run(t, "household", "invite", "--qr", qr).fails(t, 1, "no invitation was made", "shared folder")
	after, _ := os.ReadDir(filepath.Join(folder, "i"))
	if _, err := os.Stat(qr); err == nil || len(after) != len(before) {
		t.Errorf("an invitation or its image was made: %d → %d files in i/, image: %v", len(before), len(after), err)
	}
	mum := addedProfile(t, a, "--name", "Mum Smith")
	a.run(t, "household", "sync").ok(t)
	for _, role := range []string{"none", "view"} {
		a.run(t, "share", "--profile", mum, "--device", aID, "--role", role).fails(t, 1, "that is this computer: it cannot take its own role on a person away")
	}
	a.run(t, "appointment", "add", "--profile", mum, "--start", "2030-03-04T15:00:00Z", "--title", "Chest clinic").ok(t) // still managed here
}
