package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/intake"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// Settings → Household offers to create or join while the vault is in no household.
func TestHousehold_SettingsWithoutOne(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	texts := shownTexts(u.win)
	if !slices.Contains(texts, "Create a household…") || !slices.Contains(texts, "Join with a code…") {
		t.Fatalf("Settings shows %q", texts)
	}
	// The other computers of the household read it too: "nobody else" was not true.
	if intro := visibleTexts(u.win.Canvas().Content()); !strings.Contains(intro, "only the household's computers can read it") {
		t.Errorf("Settings → Household says %q", intro)
	}
	test.Tap(h.joinBt)
	if h.setup == nil || !h.setup.join {
		t.Fatal("Join with a code… opened no join form")
	}
	// A folder is the default transport: the WebDAV fields wait.
	if h.setup.folder.Disabled() || !h.setup.webdav.Disabled() || !h.setup.password.Disabled() {
		t.Error("the folder is not the transport offered first")
	}
	h.setup.through.SetSelectedIndex(1)
	if !h.setup.folder.Disabled() || h.setup.webdav.Disabled() {
		t.Error("choosing WebDAV does not switch the fields")
	}
}

// People → Sharing and alerts saves the person's alert delay (exchanged with the household)
// and how this computer follows them (kept here).
func TestHousehold_AlertDelayAndMode(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	if !people.shareBt.Visible() {
		t.Fatal("no Sharing and alerts… for the person shown")
	}
	test.Tap(people.shareBt)
	d := people.caregiver
	if d == nil || d.delay.Selected != "After 30 minutes" || d.mode.Selected != "Remind me too" {
		t.Fatalf("dialog %+v", d)
	}
	// Outside a household no computers are listed: the dialog says how to share instead of
	// pointing "below" at nothing.
	if shown := visibleTexts(u.win.Canvas().Overlays().Top()); strings.Contains(shown, "Below, what each other computer may do") || !strings.Contains(shown, "create or join a household in Settings → Household") {
		t.Errorf("the dialog says %q", shown)
	}
	d.delay.SetSelected("After 45 minutes")
	d.mode.SetSelected("Only if missed")
	d.dialog.Confirm()
	u.idle()
	st, _ := remind.LoadSettings(u.vault, p.ID)
	mode, _ := remind.LoadMode(u.vault, p.ID)
	if st.AlertAfterMinutes != 45 || mode != remind.ModeAlerts {
		t.Errorf("saved delay %d, mode %q", st.AlertAfterMinutes, mode)
	}
}

// A delay set from the command line that the list does not offer (`profile set --alert-after 5`)
// is shown as it is and kept when only this computer's choice changes (it showed "After 30
// minutes", and Save set the household's delay to 30).
func TestHousehold_AlertDelayNotInTheList(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	st, _ := remind.LoadSettings(u.vault, p.ID)
	st.AlertAfterMinutes = 5
	if err := remind.SaveSettings(context.Background(), u.vault, p.ID, st); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	test.Tap(people.shareBt)
	d := people.caregiver
	if d == nil || d.delay.Selected != "After 5 minutes" {
		t.Fatalf("the alert delay of 5 minutes shows as %q", d.delay.Selected)
	}
	d.mode.SetSelected("Only if missed")
	d.dialog.Confirm()
	u.idle()
	if st, _ := remind.LoadSettings(u.vault, p.ID); st.AlertAfterMinutes != 5 {
		t.Errorf("saved delay %d, want 5 kept", st.AlertAfterMinutes)
	}
}

// On a computer that may only view Dad, the alert delay (the household's) cannot be changed:
// it was saved here alone, while this computer's own choice still is.
func TestHousehold_AlertDelayOnAViewer(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := u.vault.SetViewOnly(context.Background(), []string{p.ID}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	test.Tap(people.shareBt)
	d := people.caregiver
	if d == nil || !d.delay.Disabled() {
		t.Fatal("the alert delay can be changed on a computer that may only view Dad")
	}
	d.mode.SetSelected("Remind me too")
	d.dialog.Confirm()
	u.idle()
	if mode, _ := remind.LoadMode(u.vault, p.ID); mode != remind.ModeRemind {
		t.Errorf("this computer's choice %q, want %q", mode, remind.ModeRemind)
	}
}

// A caregiver's computer that manages Dad (not everyone) invites another computer from
// Settings → Household: it is given Dad to manage. It showed "Something went wrong. Try again"
// (an invitation for everyone, which only a computer that manages everyone may make).
func TestHousehold_InviteFromACaregiver(t *testing.T) {
	ctx := context.Background()
	dir, _ := newVault(t)
	dads, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dads.Close()
	dad, _ := dads.AddProfile("Dad", "")
	if _, err := dads.AddProfile("Mum", ""); err != nil {
		t.Fatal(err)
	}
	cfg := hhvault.Config{Folder: t.TempDir()}
	a, err := hhvault.Create(ctx, dads, cfg, nil, "Family", "Dad's laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := a.Invite(ctx, []household.Grant{{Profile: dad.ID, Role: household.RoleManage}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	u := unlocked(t)
	hh := joinHousehold(ctx, t, dads, a, cfg, u.vault, code, "Anna's laptop")
	if _, err := hhvault.Exchange(ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.main.loadPeople(dad.ID)
	s := u.shell
	s.restale()
	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	test.Tap(h.inviteBt)
	u.idle()
	if h.invite == nil || h.invite.code == "" {
		t.Fatalf("Invite a device… shows no code: %q", visibleTexts(u.win.Canvas().Overlays().Top()))
	}
}

// Today says how the household is in step, and which device is not heard from.
func TestHousehold_TodayStatusLine(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, _ := u.vault.AddProfile("Dad", "")
	u.main.loadPeople(p.ID)
	u.idle()
	u.hh.status.Store(&hhvault.Status{Line: "In step with 2 devices, 1 minute ago", Warnings: []string{"Anna's laptop not seen for 3 days"}})
	u.refreshHousehold()
	s.show(scToday)
	u.idle()
	found := false
	for _, txt := range shownTexts(u.win) {
		if strings.Contains(txt, "In step with 2 devices, 1 minute ago.") && strings.Contains(txt, "Anna's laptop not seen for 3 days.") {
			found = true
		}
	}
	if !found {
		t.Errorf("Today shows no household status: %q", shownTexts(u.win))
	}
}

// Settings → Household of a vault in a household, at 1024×600 with 200 % text: the household,
// this computer and the invitation fit, and the invitation promises only what the app does
// (nothing in CareKeeper scans the QR image: a phone's camera reads the words from it).
func TestHousehold_SettingsWithOne(t *testing.T) {
	u := unlocked(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(walkSize)
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	s := u.shell
	s.restale()
	s.show(scSettings)
	u.idle()
	texts := strings.Join(shownTexts(u.win), "\n")
	for _, want := range []string{"Kitchen laptop · this computer", "Invite a device…"} {
		if !strings.Contains(texts, want) {
			t.Errorf("Settings does not show %q: %q", want, texts)
		}
	}
	u.win.Resize(walkSize.SubtractWidthHeight(1, 1))
	u.win.Resize(walkSize)
	var out []misplaced
	walkBounds(u.win.Canvas().Content(), "Settings", &out)
	h := s.pages[scSettings].(*settingsPage).house
	test.Tap(h.inviteBt)
	u.idle()
	if h.invite == nil || h.invite.code == "" {
		t.Fatal("Invite a device… shows no code")
	}
	top := u.win.Canvas().Overlays().Top()
	walkBounds(top, "Invite a device", &out)
	for _, m := range out {
		t.Errorf("%s %s", m.path, m.what)
	}
	var lines []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok && o.Visible() {
			lines = append(lines, t.Text)
		}
		for _, c := range childrenOf(o) {
			walk(c)
		}
	}
	walk(top)
	shown := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
	if !strings.Contains(shown, "Join with a code") || strings.Contains(shown, "scan the image") {
		t.Errorf("the invitation says %q", shown)
	}
}

// visibleTexts is the text drawn under o, leaving out what is hidden (a folded accordion).
func visibleTexts(o fyne.CanvasObject) string {
	var lines []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if t, ok := o.(*canvas.Text); ok {
			lines = append(lines, t.Text)
		}
		for _, c := range childrenOf(o) {
			walk(c)
		}
	}
	walk(o)
	return strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
}

// A household form filled in wrongly says what is missing in plain words on the dialog itself
// (it said "Something went wrong" with the reason folded under Details).
func TestHousehold_SetupSaysWhatIsMissing(t *testing.T) {
	for _, tt := range []struct {
		name, folder, want string
	}{
		{"no folder", "", "Give a shared folder or a WebDAV server."},
		{"no name", t.TempDir(), "Give the household a name."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u := unlocked(t)
			s := u.shell
			s.show(scSettings)
			u.idle()
			h := s.pages[scSettings].(*settingsPage).house
			test.Tap(h.createBt)
			h.setup.name.SetText(map[bool]string{true: "Family"}[tt.folder == ""])
			h.setup.folder.SetText(tt.folder)
			h.setup.dialog.Confirm()
			u.idle()
			shown := visibleTexts(u.win.Canvas().Overlays().Top())
			if !strings.Contains(shown, tt.want) || strings.Contains(shown, "Something went wrong") {
				t.Errorf("the dialog says %q, want %q", shown, tt.want)
			}
		})
	}
}

// Removing a device asks in plain words ("the household's keys change: it reads nothing" was
// jargon, and "it" unclear) with buttons saying what they do (they said Yes and No).
func TestHousehold_RemoveDeviceAsksPlainly(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	h.confirmRemove(hhvault.DeviceInfo{ID: "dev-anna", Name: "Anna's laptop"})
	if h.removing == nil {
		t.Fatal("no question asked")
	}
	shown := visibleTexts(u.win.Canvas().Overlays().Top())
	for _, want := range []string{"Remove Anna's laptop?", "It will get nothing written from now on. What it already has stays on it.", "Remove", "Cancel"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the question says %q, want %q", shown, want)
		}
	}
	for _, not := range []string{"keys", "Yes", "No"} {
		if slices.Contains(strings.Fields(shown), not) || strings.Contains(shown, "keys change") {
			t.Errorf("the question says %q (%q)", shown, not)
		}
	}
	h.removing.Dismiss()
}

// The create and join forms at 1024×600 with 200 % text: the confirm button says what it does
// (it said OK), the fields show without a long scroll (the intro was a paragraph above them),
// a folder can be chosen rather than typed, and a mistake leaves the form open as filled in,
// saying what is wrong (it closed the form and lost what was typed).
func TestHousehold_SetupFormKeepsWhatWasTyped(t *testing.T) {
	for _, tt := range []struct {
		join    bool
		confirm string
		want    string
	}{
		{false, "Create household", "Give the household a name."},
		{true, "Join", "Give a shared folder or a WebDAV server."},
	} {
		t.Run(tt.confirm, func(t *testing.T) {
			u := unlocked(t)
			u.app.Preferences().SetFloat(prefTextSize, 2)
			u.applyTheme()
			u.win.Resize(walkSize)
			s := u.shell
			s.show(scSettings)
			u.idle()
			h := s.pages[scSettings].(*settingsPage).house
			h.openSetup(tt.join)
			f := h.setup
			shown := visibleTexts(u.win.Canvas().Overlays().Top())
			if !strings.Contains(shown, tt.confirm) || slices.Contains(strings.Fields(shown), "OK") {
				t.Errorf("the form says %q, want a %q button", shown, tt.confirm)
			}
			// Every field down to the folder shows without scrolling.
			drv := fyne.CurrentApp().Driver()
			seen := drv.AbsolutePositionForObject(f.scroll).Y + f.scroll.Size().Height
			for name, e := range map[string]fyne.CanvasObject{"device": f.device, "folder": f.folder, "Choose…": f.chooseBt} {
				if bottom := drv.AbsolutePositionForObject(e).Y + e.Size().Height; bottom > seen {
					t.Errorf("the %s field ends at %v, below the form's visible %v", name, bottom, seen)
				}
			}
			// Only the chosen transport's fields show: with a folder, every field is in view.
			shows := func(rows []fyne.CanvasObject) bool {
				for _, o := range rows {
					if !o.Visible() {
						return false
					}
				}
				return len(rows) > 0
			}
			if len(f.webdavRows) != 6 || shows(f.webdavRows[:1]) || shows(f.webdavRows[4:]) || !shows(f.folderRow) {
				t.Error("the WebDAV fields show while a shared folder is chosen")
			}
			f.through.SetSelectedIndex(1)
			if !shows(f.webdavRows) || shows(f.folderRow[:1]) {
				t.Error("choosing WebDAV does not show its fields in place of the folder")
			}
			// With WebDAV every field down to the app password shows without scrolling.
			seen = drv.AbsolutePositionForObject(f.scroll).Y + f.scroll.Size().Height
			for name, e := range map[string]fyne.CanvasObject{"WebDAV address": f.webdav, "user name": f.user, "app password": f.password} {
				if bottom := drv.AbsolutePositionForObject(e).Y + e.Size().Height; bottom > seen {
					t.Errorf("with WebDAV the %s field ends at %v, below the form's visible %v", name, bottom, seen)
				}
			}
			f.through.SetSelectedIndex(0)
			// Choose… opens a folder picker over the form.
			before := len(u.win.Canvas().Overlays().List())
			test.Tap(f.chooseBt)
			if after := len(u.win.Canvas().Overlays().List()); after != before+1 {
				t.Errorf("Choose… opened %d dialogs", after-before)
			}
			u.win.Canvas().Overlays().Top().Hide()
			if n := len(u.win.Canvas().Overlays().List()); n != before {
				t.Fatalf("%d dialogs open after closing the folder picker", n)
			}
			// A mistake: the form comes back as it was filled in, saying what is wrong.
			f.device.SetText("Anna's laptop")
			if tt.join {
				f.code.SetText("apple river stone")
			} else {
				f.folder.SetText(t.TempDir())
			}
			f.dialog.Confirm()
			u.idle()
			if h.setup != f || f.device.Text != "Anna's laptop" {
				t.Fatal("the form was not kept")
			}
			shown = visibleTexts(u.win.Canvas().Overlays().Top())
			if !strings.Contains(shown, tt.want) || !strings.Contains(shown, "Anna's laptop") {
				t.Errorf("the form says %q, want %q over what was typed", shown, tt.want)
			}
		})
	}
}

// Alert delays read in hours once they are an hour or more (they read "After 60 minutes",
// "After 120 minutes").
func TestHousehold_DelayLabel(t *testing.T) {
	for _, tt := range []struct {
		m    int
		want string
	}{
		{15, "After 15 minutes"}, {45, "After 45 minutes"}, {60, "After 1 hour"},
		{90, "After 1 hour and a half"}, {120, "After 2 hours"}, {75, "After 75 minutes"},
	} {
		if got := delayLabel(tt.m); got != tt.want {
			t.Errorf("delayLabel(%d) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

// Sharing and alerts at 1024×600 with 200 % text: the fields show without scrolling (a long
// paragraph stood above them), the mode reads "On this computer" (it read "Here"), and a
// delay of two hours reads so and is saved.
func TestHousehold_SharingFieldsInView(t *testing.T) {
	u := unlocked(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(walkSize)
	s := u.shell
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	test.Tap(people.shareBt)
	d := people.caregiver
	shown := visibleTexts(u.win.Canvas().Overlays().Top())
	if !strings.Contains(shown, "On this computer") || slices.Contains(strings.Fields(shown), "Here") {
		t.Errorf("the dialog says %q", shown)
	}
	if !slices.Contains(d.delay.Options, "After 1 hour") || !slices.Contains(d.delay.Options, "After 2 hours") {
		t.Errorf("delays %q", d.delay.Options)
	}
	drv := fyne.CurrentApp().Driver()
	seen := drv.AbsolutePositionForObject(d.scroll).Y + d.scroll.Size().Height
	for name, e := range map[string]fyne.CanvasObject{"Alert": d.delay, "On this computer": d.mode} {
		if bottom := drv.AbsolutePositionForObject(e).Y + e.Size().Height; bottom > seen {
			t.Errorf("the %s field ends at %v, below the dialog's visible %v", name, bottom, seen)
		}
	}
	d.delay.SetSelected("After 2 hours")
	d.dialog.Confirm()
	u.idle()
	if st, _ := remind.LoadSettings(u.vault, p.ID); st.AlertAfterMinutes != 120 {
		t.Errorf("saved delay %d, want 120", st.AlertAfterMinutes)
	}
}

// A copy of a household computer's vault (its folder copied): the app takes no part in the
// household with it, and Today and Settings → Household say so with the way forward (join as
// a new device); "Moved here" lets a moved vault go on as the same computer.
func TestHousehold_CopiedVault(t *testing.T) {
	dir, _ := newVault(t)
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Create(context.Background(), v, hhvault.Config{Folder: t.TempDir()}, nil, "Family", "Desk", time.Now()); err != nil {
		t.Fatal(err)
	}
	v.Close()
	copied := filepath.Join(t.TempDir(), "vault-copy")
	if err := os.CopyFS(copied, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, copied)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
	backgroundSync = true // this test's household start only (the tests drive syncs themselves)
	u.startHousehold()
	backgroundSync = false
	u.users.Wait()
	u.idle()
	if u.hh.live.Load() != nil {
		t.Fatal("the copy takes part in the household")
	}
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s := u.shell
	s.restale()
	s.show(scToday)
	u.idle()
	if shown := visibleTexts(u.win.Canvas().Content()); !strings.Contains(shown, "This vault is a copy") || !strings.Contains(shown, "Settings → Household") {
		t.Errorf("Today says %q", shown)
	}
	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	if shown := visibleTexts(u.win.Canvas().Content()); !strings.Contains(shown, "join it as a new device") || !strings.Contains(shown, "Invite a device on a computer of the household") || !h.movedBt.Visible() {
		t.Errorf("Settings → Household says %q", shown)
	}
	test.Tap(h.movedBt)
	if h.movedAsk == nil {
		t.Fatal("Moved here asks nothing")
	}
	h.movedAsk.Confirm()
	u.idle()
	if err := hhvault.CheckCopied(u.ctx, u.vault); err != nil || u.hh.copied.Load() != nil {
		t.Errorf("after Moved here: %v", err)
	}
}

// A computer removed from its household says so on Today, naming the people whose reminders
// are off here, and its engine reminds only the others (the household's other computers
// remind the shared people).
func TestHousehold_RemovedComputerHoldsSharedPeople(t *testing.T) {
	rig := newRemindRig(t, at(7, 0),
		medFixture{"Dad", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Anna", "m2", "Vitamin D", twiceDaily})
	dad := rig.people["Dad"]
	if err := rig.u.vault.UpdateState(context.Background(), storage.StateOp{Key: hhvault.RemovedKey,
		Value: []byte(`{"at":"2026-03-01T10:00:00Z","people":["` + dad + `"]}`)}); err != nil {
		t.Fatal(err)
	}
	rig.u.rem.reload()
	rig.u.shell.choose("")
	rig.u.idle()
	rig.showToday()
	if shown := visibleTexts(rig.u.win.Canvas().Content()); !strings.Contains(shown, "This device was removed from the household on 1 Mar 2026; reminders and alerts for Dad are off here") {
		t.Errorf("Today says %q", shown)
	}
	rig.advance(at(8, 0))
	ms := rig.n.messages()
	if len(ms) != 1 || !strings.HasPrefix(ms[0].Tag, "d:"+rig.people["Anna"]+":") {
		t.Errorf("reminders at 08:00 on the removed computer: %+v", ms)
	}
}

// The app's reminders on a copy of a household computer's vault are held from the engine's
// first step, before the household's own check (which runs a moment after unlocking, in the
// background) has said it is a copy; after Moved here they come. Before, the hold was set by
// that check, so a reminder could fire in the gap.
func TestHousehold_CopiedVaultHeldFromTheStart(t *testing.T) {
	dir, _ := newVault(t)
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.AddProfile("Dad", "1950-01-01")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := storage.NewRecord(p.ID, storage.ID{Source: "clinic", Type: "MedicationRequest", ID: "m1"}, []byte(`{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order",`+
		`"medicationCodeableConcept":{"text":"Metformin 500 mg"},"authoredOn":"2026-01-01","dosageInstruction":`+twiceDaily+`}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Create(context.Background(), v, hhvault.Config{Folder: t.TempDir()}, nil, "Family", "Desk", time.Now()); err != nil {
		t.Fatal(err)
	}
	v.Close()
	copied := filepath.Join(t.TempDir(), "vault-copy")
	if err := os.CopyFS(copied, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, copied)
	clock := &remClock{now: at(7, 0)}
	n := &fakeNotifier{}
	u.auto.clock = &fakeClock{now: at(7, 0)}
	u.rem.manual = true
	u.rem.opts = remind.Options{Clock: clock, Device: func() *time.Location { return time.UTC }}
	u.rem.newNotifier = func(context.Context) (remind.Notifier, error) { return n, nil }
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
	// The household's check has not run (the tests start no background household).
	for _, now := range []time.Time{at(8, 0), at(8, 10)} {
		clock.set(now)
		u.rem.step()
		u.idle()
		if ms := n.messages(); len(ms) != 0 {
			t.Fatalf("the copy reminded at %s: %+v", now.Format("15:04"), ms)
		}
	}
	if err := hhvault.ConfirmMoved(context.Background(), u.vault); err != nil {
		t.Fatal(err)
	}
	clock.set(at(8, 15))
	u.rem.step()
	u.idle()
	if ms := n.messages(); len(ms) != 1 {
		t.Errorf("after Moved here, at 08:15: %+v", ms)
	}
}

// Settings → Household → Leave the household… asks in plain words and, confirmed, does what
// 'household leave --yes' does: the background exchange stops, the vault is in no household
// (Settings offers to create or join again), the records stay. Cancel changes nothing. The app
// had no way to leave.
func TestHousehold_LeaveAsksPlainlyAndLeaves(t *testing.T) {
	u := unlocked(t)
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.householdStatus(live, cfg)
	stopped := make(chan struct{})
	u.users.Add(1)
	go func() { // the background exchange, as after creating in the app
		defer u.users.Done()
		defer close(stopped)
		u.runHousehold(u.ctx, live, cfg)
	}()
	for u.hh.run.Load() == nil {
		time.Sleep(time.Millisecond) // until the exchange has started
	}
	s := u.shell
	s.restale()
	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	if !slices.Contains(shownTexts(u.win), "Leave the household…") {
		t.Fatalf("Settings → Household shows %q", shownTexts(u.win))
	}
	for _, confirm := range []bool{false, true} {
		test.Tap(h.leaveBt)
		if h.leaving == nil {
			t.Fatal("no question asked")
		}
		shown := strings.Join(strings.Fields(visibleTexts(u.win.Canvas().Overlays().Top())), " ")
		for _, want := range []string{"Leave the household?", "This computer stops keeping in step with the household Family.",
			"Everything on it stays here.", "it needs a new invitation", "Leave", "Cancel"} {
			if !strings.Contains(shown, want) {
				t.Errorf("the question says %q, want %q", shown, want)
			}
		}
		for _, not := range []string{"keys", "Yes", "No", "transport", "vault"} {
			if slices.Contains(strings.Fields(shown), not) {
				t.Errorf("the question says %q (%q)", shown, not)
			}
		}
		if !confirm {
			h.leaving.Dismiss()
			u.idle()
			if _, err := hhvault.LoadConfig(u.vault); err != nil {
				t.Fatalf("Cancel left the household: %v", err)
			}
			continue
		}
		h.leaving.Confirm()
		u.idle()
	}
	select {
	case <-stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("the background exchange did not stop")
	}
	if _, err := hhvault.LoadConfig(u.vault); err != hhvault.ErrNoTransport {
		t.Errorf("after leaving, the vault's household: %v", err)
	}
	if _, err := u.vault.Profile(p.ID); err != nil {
		t.Errorf("the records did not stay: %v", err)
	}
	s.show(scSettings)
	u.idle()
	if texts := shownTexts(u.win); !slices.Contains(texts, "Create a household…") || slices.Contains(texts, "Leave the household…") {
		t.Errorf("Settings after leaving shows %q", texts)
	}
	if u.householdLine() != "" {
		t.Errorf("Today after leaving says %q", u.householdLine())
	}
}

// With the shared folder not there (its drive not connected), Settings → Household and Today
// say it in the line 'household status' says; they showed the last exchange's failure line
// ("The last exchange failed: …. It will try again in …") instead.
func TestHousehold_FolderNotThereSaidAsTheCLISaysIt(t *testing.T) {
	u := unlocked(t)
	dir := filepath.Join(t.TempDir(), "Family")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := hhvault.Config{Folder: dir}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	// A second computer, to be removed while the folder is away.
	odir, _ := newVault(t)
	other, err := storage.Open(odir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	code, _, err := hh.Invite(u.ctx, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	oh := joinHousehold(u.ctx, t, u.vault, hh, cfg, other, code, "Anna's laptop")
	if _, err := hhvault.Exchange(u.ctx, other, oh, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dir, dir+"-away"); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err == nil {
		t.Fatal("an exchange without its folder succeeded")
	}
	p, _ := u.vault.AddProfile("Dad", "") // Today says the household's line beside a person's day
	u.main.loadPeople(p.ID)
	u.idle()
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	gone := "The shared folder " + dir + " is not there (is its drive connected, or was it moved?): nothing is exchanged until it is back."
	s := u.shell
	for _, sc := range []screen{scSettings, scToday} {
		s.restale()
		s.show(sc)
		u.idle()
		texts := strings.Join(strings.Fields(strings.Join(shownTexts(u.win), " ")), " ") // as wrapped
		if !strings.Contains(texts, gone) || strings.Contains(texts, "The last exchange failed") {
			t.Errorf("screen %v says %q\nwant %q", sc, texts, gone)
		}
	}
	// Removing the other computer now is refused, as 'household revoke' refuses it (it was
	// removed here, the others learning it whenever the folder came back).
	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	h.remove(oh.DeviceID())
	u.idle()
	shown := visibleTexts(u.win.Canvas().Overlays().Top())
	if !strings.Contains(shown, "is not there (is its drive connected, or was it moved?): nothing was changed; remove the device once it is back.") {
		t.Errorf("removing with the folder away says %q", shown)
	}
	for _, d := range hh.Devices() {
		if d.Revoked {
			t.Errorf("%s was removed with the folder away", d.Name)
		}
	}
}

// F150: the vault a household device was moved from ('household moved' on the moved one) says
// so on Today and in Settings → Household, and takes no part (it went on syncing without a word).
func TestHousehold_MovedAwayVault(t *testing.T) {
	ctx := context.Background()
	dir, _ := newVault(t)
	v, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Create(ctx, v, hhvault.Config{Folder: t.TempDir()}, nil, "Family", "Desk", time.Now()); err != nil {
		t.Fatal(err)
	}
	dad, err := v.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	moved := filepath.Join(t.TempDir(), "vault-moved")
	if err := os.CopyFS(moved, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	m, err := storage.Open(moved, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := hhvault.ConfirmMoved(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hhvault.Open(ctx, m, nil); err != nil { // tells the household
		t.Fatal(err)
	}
	m.Close()
	u := newTestUI(t, dir)
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
	for range 2 { // learned by the first exchange, then known at once
		backgroundSync = true
		u.startHousehold()
		backgroundSync = false
		u.users.Wait()
		u.idle()
	}
	if u.hh.live.Load() != nil {
		t.Fatal("the vault moved away takes part in the household")
	}
	// Its reminders are held: the vault it was moved to gives them (each came twice).
	if held := hhvault.HoldPeople(u.vault); !held[dad.ID] {
		t.Errorf("Dad's reminders are not held on the vault moved away: %v", held)
	}
	s := u.shell
	s.restale()
	s.show(scToday)
	u.idle()
	if shown := visibleTexts(u.win.Canvas().Content()); !strings.Contains(shown, "This vault was moved elsewhere on ") {
		t.Errorf("Today says %q", shown)
	}
	s.show(scSettings)
	u.idle()
	if shown := visibleTexts(u.win.Canvas().Content()); !strings.Contains(shown, "use the vault it was moved to.") {
		t.Errorf("Settings says %q", shown)
	}
}

// F149: a setting changed on this computer that a later change on another computer replaced
// (last writer wins) is said on Today's household line and in Settings → Household, taken from
// the vault once; it was replaced without a word. F131: a person deleted on the other computer
// likewise, once (it was on Today for a day).
func TestHousehold_SettingReplacedElsewhereShownOnce(t *testing.T) {
	u := unlocked(t)
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	odir, _ := newVault(t)
	other, err := storage.Open(odir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	code, _, err := hh.Invite(u.ctx, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	oh := joinHousehold(u.ctx, t, u.vault, hh, cfg, other, code, "Anna's laptop")
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	mum, err := u.vault.AddProfile("Mum Smith", "")
	if err != nil {
		t.Fatal(err)
	}
	exchange := func(v *storage.Vault, h *household.Household) {
		t.Helper()
		if _, err := hhvault.Exchange(u.ctx, v, h, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	exchange(u.vault, hh)
	exchange(other, oh)
	set := func(v *storage.Vault, minutes int) {
		t.Helper()
		s, err := remind.LoadSettings(v, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.AlertAfterMinutes = minutes
		if err := remind.SaveSettings(u.ctx, v, p.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	set(u.vault, 20)
	// Later: it wins. Both in one process may write in one millisecond, so the other's clock
	// is set past this one's change first (as a clock a moment later would be); nothing else of
	// this computer reaches it.
	_, at, ok := u.vault.Writer(storage.KindState, "remind/settings/"+p.ID)
	if !ok {
		t.Fatal("no stamp for the settings written here")
	}
	if err := other.ObserveStamp(u.ctx, at); err != nil {
		t.Fatal(err)
	}
	set(other, 45)
	if _, err := other.DeleteProfile(u.ctx, mum.ID); err != nil { // F131: said once too
		t.Fatal(err)
	}
	// F216: the same file imported on both computers, into Dad here and a Dad of Anna's laptop
	// (later: its record wins), is said once too.
	rid := storage.ID{Source: "clinic", Type: "Condition", ID: "c1"}
	cond := []byte(`{"resourceType":"Condition","id":"c1","code":{"text":"Asthma"},"subject":{"reference":"Patient/p1"}}`)
	od, err := other.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		v       *storage.Vault
		profile string
	}{{u.vault, p.ID}, {other, od.ID}} {
		if w.v == other {
			_, at, _ := u.vault.Writer(storage.KindRecord, storage.RecordKey(rid))
			if err := other.ObserveStamp(u.ctx, at); err != nil {
				t.Fatal(err)
			}
		}
		rec, err := storage.NewRecord(w.profile, rid, cond)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.v.Write(u.ctx, &storage.Batch{Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	exchange(other, oh)
	exchange(u.vault, hh)
	u.main.loadPeople(p.ID)
	u.idle()
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.householdStatus(live, cfg) // a later status still shows it
	// Two people named Dad are here now (this computer's and the one Anna's laptop shares): the
	// line tells them apart as People does (F469, 4a4263d), "Dad (1)" or "Dad (2)".
	ps, err := u.vault.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	dad := intake.Names(ps)(p.ID)
	if dad != "Dad (1)" && dad != "Dad (2)" {
		t.Fatalf("two people named Dad are here, this computer's is named %q", dad)
	}
	want := "Caregivers' alert for " + dad + ": 20 minutes after a dose's time, set here "
	deleted := "Mum Smith was deleted on Anna's laptop on "
	same := "Dad, shared by Anna's laptop, has records this computer already held for its own Dad (the same file imported on both computers): 1 record went from this computer's Dad to the shared one."
	s := u.shell
	shown := func() string {
		return strings.Join(strings.Fields(strings.Join(shownTexts(u.win), " ")), " ") // as wrapped
	}
	for _, sc := range []screen{scSettings, scToday} {
		s.restale()
		s.show(sc)
		u.idle()
		texts := shown()
		if strings.Count(texts, want) != 1 || !strings.Contains(texts, "was replaced by 45 minutes after a dose's time, set on Anna's laptop ") {
			t.Errorf("screen %v says %q\nwant once %q", sc, texts, want)
		}
		if strings.Count(texts, deleted) != 1 {
			t.Errorf("screen %v says %q\nwant once %q", sc, texts, deleted)
		}
		if strings.Count(texts, same) != 1 {
			t.Errorf("screen %v says %q\nwant once %q", sc, texts, same)
		}
	}
	// Taken once: the vault has nothing more to show; the app unlocked again shows neither (the
	// deletion was on Today for a day).
	if rs, err := hhvault.TakeReplaced(u.ctx, u.vault, false); err != nil || len(rs) != 0 {
		t.Errorf("still to show: %v (%v)", rs, err)
	}
	u.hh.replaced = nil // as the next unlock starts
	u.householdStatus(live, cfg)
	for _, sc := range []screen{scSettings, scToday} {
		s.restale()
		s.show(sc)
		u.idle()
		if texts := shown(); strings.Contains(texts, want) || strings.Contains(texts, deleted) || strings.Contains(texts, same) {
			t.Errorf("screen %v after the next unlock says %q", sc, texts)
		}
	}
}
