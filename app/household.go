package app

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The household (issue 14) in the app: the background exchange while the vault is unlocked,
// Settings → Household (create, join, devices, invite with code and QR, remove), sharing and
// caregiver alerts per person in People, and the status line on Today. What it shows comes
// from sync/hhvault and internal/remind, the same as the command line.

// householdState is the household of the open vault, touched from any goroutine.
type householdState struct {
	live   atomic.Pointer[hhvault.Live]
	status atomic.Pointer[hhvault.Status] // the latest, for Today and Settings
	// copied is set when the vault is a copy of a household device's vault (hhvault.ErrCopied):
	// it takes no part in the household; Today and Settings say so.
	copied atomic.Pointer[hhvault.CopiedError]
	// movedAway is set when the vault was moved elsewhere and the moved one goes on as this
	// household device (hhvault.MovedAwayError, F150): this one takes no more part.
	movedAway atomic.Pointer[hhvault.MovedAwayError]
	run       atomic.Pointer[householdRun] // the background exchange, stopped to leave the household
	// replaced are the lines of people deleted on another device (F131) and of settings changed
	// here that a change on another device replaced (F149), taken from the vault once
	// (hhvault.TakeDeleted, TakeReplaced) and shown until the app is locked.
	replacedMu sync.Mutex
	replaced   []string
	// replacedOf is whose each line of replaced is (the person's id; "" for a line about no
	// one person, or two): Today on a person's page says only theirs (F469: the son's doses
	// given twice were said on his late father's page). generalN is how many of the status's
	// Warnings are the household's own, before the replaced lines. Under replacedMu.
	replacedOf []string
	generalN   int
	// same are the people shared by another computer that look like one of this computer's
	// own, learned within a day and both still here (F216): Settings → Household offers to
	// join each (hhvault.JoinPeople), never by itself. Under replacedMu.
	same []hhvault.SamePerson
}

// householdRun stops the background exchange (cancel) and says when it has (done).
type householdRun struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// copiedLine is Today's line about a copied vault (it opens Settings → Household, which says
// copiedWords: the way forward).
const copiedLine = "This vault is a copy of a household computer's vault: it takes no part in the household. What to do: Settings → Household."

// copiedWords is what the app says about a copied vault, with the way forward.
const copiedWords = "This vault is a copy of a household computer's vault, so it takes no part in the household: two copies of one computer would spoil the exchange. To use this computer in the household, join it as a new device: set up CareKeeper here with a new vault and join with a code from Settings → Household → Invite a device on a computer of the household. If the vault was moved here and the old one is no longer used, choose Moved here."

// movedAwayWords: "This vault was moved elsewhere on 5 Dec 2026 …" as a sentence.
func movedAwayWords(ma *hhvault.MovedAwayError) string {
	w := ma.Error()
	return strings.ToUpper(w[:1]) + w[1:] + "."
}

// startHousehold runs the background exchange while the vault is unlocked, when it is in a
// household. Locking ends it (u.ctx) and waits for it (u.users) before the vault closes.
func (u *UI) startHousehold() {
	if !backgroundSync || u.vault == nil || u.demo {
		return
	}
	v, ctx, users := u.vault, u.ctx, u.users
	u.hh.copied.Store(nil)
	u.hh.movedAway.Store(nil)
	u.hh.replacedMu.Lock()
	u.hh.replaced, u.hh.replacedOf = nil, nil
	u.hh.replacedMu.Unlock()
	users.Add(1)
	go func() {
		defer users.Done()
		h, cfg, err := hhvault.OpenAwaiting(ctx, v, u.householdEnv) // a shared folder not there is waited for
		if ce := (*hhvault.CopiedError)(nil); errors.As(err, &ce) {
			u.hh.copied.Store(ce)
			u.post(u.refreshHousehold)
			return
		}
		if ma := (*hhvault.MovedAwayError)(nil); errors.As(err, &ma) {
			u.hh.movedAway.Store(ma)
			u.post(u.refreshHousehold)
			return
		}
		if err != nil {
			if !errors.Is(err, hhvault.ErrNoTransport) && ctx.Err() == nil {
				log.Printf("carekeeper: the household: %v", err)
			}
			return
		}
		u.runHousehold(ctx, hhvault.NewLive(v, h), cfg)
	}()
}

// runHousehold exchanges until ctx ends (on the caller's goroutine).
func (u *UI) runHousehold(ctx context.Context, live *hhvault.Live, cfg hhvault.Config) {
	ctx, cancel := context.WithCancel(ctx)
	run := &householdRun{cancel: cancel, done: make(chan struct{})}
	u.hh.run.Store(run)
	defer func() { // last: once the state below is cleared
		u.hh.run.CompareAndSwap(run, nil)
		cancel()
		close(run.done)
	}()
	u.hh.live.Store(live)
	defer func() {
		u.hh.live.CompareAndSwap(live, nil)
		u.hh.status.Store(nil)
	}()
	u.householdStatus(live, cfg)
	_, removed := hhvault.LoadRemoval(live.V)
	held := hhvault.HoldPeople(live.V)
	live.Run(ctx, hhvault.RunOptions{Exchanged: func(rep household.Report, err error) {
		movedAway := false
		if ma := (*hhvault.MovedAwayError)(nil); errors.As(err, &ma) { // exchanges stop here (F150)
			u.hh.movedAway.Store(ma)
			movedAway = true // and reminders: the vault it was moved to gives them (hhvault.HoldPeople)
			cancel()
		}
		u.householdStatus(live, cfg)
		learned := (hhvault.IsRemoved(err) && !removed) || movedAway // the reminders of the shared people stop here
		removed = removed || learned
		// A person shared or no longer shared with this device (only roles changed).
		now := hhvault.HoldPeople(live.V)
		roles := !maps.Equal(now, held)
		held = now
		u.post(func() {
			if learned {
				u.rem.reload()
			}
			if (rep.Applied > 0 || roles) && u.shell != nil && u.main != nil {
				u.rem.reload()
				u.main.loadPeople("") // records, people and settings may have changed
			}
			u.refreshHousehold()
		})
	}})
}

// householdEnv is the environment the household is opened with: its $TZ this computer's zone
// as the app has it (the reminders' device(), read again at each use), so the household's
// notes put a person's clock as the app does (F531, the app's part).
func (u *UI) householdEnv(k string) string {
	if k == "TZ" && u.rem != nil && u.rem.opts.Device != nil {
		return u.rem.device().String()
	}
	return os.Getenv(k)
}

// zoneOnlyEnv is householdEnv's $TZ alone: creating or joining a household reads nothing else
// of the environment (no WebDAV password from it), as before.
func (u *UI) zoneOnlyEnv(k string) string {
	if k == "TZ" {
		return u.householdEnv(k)
	}
	return ""
}

func (u *UI) householdStatus(live *hhvault.Live, cfg hhvault.Config) {
	// The lines' dates and times on this computer's clock as the app has it (F531): not the
	// process's (time.Local), fixed when it started.
	dev := u.rem.device()
	var st hhvault.Status
	var notes householdNotes
	var takeErr error
	var same []hhvault.SamePerson
	_ = live.Do(func(h *household.Household) error {
		last := hhvault.LoadLast(live.V)
		st = hhvault.MakeStatus(h, cfg, last, time.Now().In(dev))
		for _, x := range last.Same {
			_, e1 := live.V.Profile(x.Shared)
			_, e2 := live.V.Profile(x.Here)
			if time.Since(x.Learned) < hhvault.DeletedShownFor && e1 == nil && e2 == nil {
				same = append(same, x)
			}
		}
		// Not taken: shown at the next status.
		notes, takeErr = takeNotes(u.ctx, live.V)
		return nil
	})
	ds, rs, ss, ts, sts := notes.deleted, notes.replaced, notes.same, notes.twice, notes.stopped
	names := map[string]string{}
	for _, d := range st.Devices {
		names[d.ID] = d.Name
	}
	u.hh.replacedMu.Lock()
	add := func(profile, words string) {
		for i, w := range u.hh.replaced {
			if w == words && u.hh.replacedOf[i] == profile {
				return // taken again: its marking as shown could not be saved (takeErr)
			}
		}
		u.hh.replaced = append(u.hh.replaced, words)
		u.hh.replacedOf = append(u.hh.replacedOf, profile)
	}
	if takeErr != nil && !errors.Is(takeErr, context.Canceled) {
		// The lines are shown, but could not be marked as shown in the vault (a full disk):
		// they come again at the next status, shown once here, and it is said why (the
		// errors were dropped).
		add("", fmt.Sprintf(lang.L("Some of the household's news could not be noted as shown on this computer, so it may be shown again: %s"), errorText(takeErr)))
	}
	for _, d := range ds { // a person deleted on another device (F131), once
		add("", hhvault.DeletedWords(d, names[d.By], dev))
	}
	for _, r := range rs {
		add(r.Profile, hhvault.ReplacedWords(r, names[r.By], dev))
	}
	for _, s := range ss { // a shared person holding records of one of this computer's (F216), once
		add("", hhvault.SameWords(s, names[s.By]))
	}
	for _, t := range ts { // a dose given here and on another device before they exchanged (F221), once
		add(t.Profile, hhvault.TwiceWords(t, names, dev))
	}
	for _, x := range sts { // a medicine stopped on one computer while its times were set on another (F341), once
		add(x.Profile, hhvault.StoppedWords(x, names, dev))
	}
	u.hh.generalN = len(st.Warnings)
	st.Warnings = append(st.Warnings, u.hh.replaced...)
	u.hh.same = same
	u.hh.replacedMu.Unlock()
	u.hh.status.Store(&st)
}

// householdNotes are the household's lines to show once (hhvault's Take*).
type householdNotes struct {
	deleted  []hhvault.DeletedPerson
	replaced []hhvault.ReplacedSetting
	same     []hhvault.SamePerson
	twice    []hhvault.TakenTwice
	stopped  []hhvault.StoppedWhileSet
}

// takeNotes takes the notes not yet shown by the app, marking them shown in the vault; what
// was taken is returned with the error of any marking that failed (a variable: a test makes
// the marking fail).
var takeNotes = func(ctx context.Context, v *storage.Vault) (householdNotes, error) {
	var n householdNotes
	var errs [5]error
	n.deleted, errs[0] = hhvault.TakeDeleted(ctx, v, false)
	n.replaced, errs[1] = hhvault.TakeReplaced(ctx, v, false)
	n.same, errs[2] = hhvault.TakeSame(ctx, v, false)
	n.twice, errs[3] = hhvault.TakeTwice(ctx, v, false)
	n.stopped, errs[4] = hhvault.TakeStopped(ctx, v, false)
	return n, errors.Join(errs[:]...)
}

// refreshHousehold redraws what shows the household (on the UI goroutine).
func (u *UI) refreshHousehold() {
	s := u.shell
	if s == nil {
		return
	}
	s.stale[scToday] = true
	s.stale[scSettings] = true
	if s.current == scToday || s.current == scSettings {
		s.refresh(s.current)
	}
}

// deviceNames maps the household's device ids to their names (empty outside a household).
func (u *UI) deviceNames() (names map[string]string, self string) {
	st := u.hh.status.Load()
	if st == nil {
		return nil, ""
	}
	names = map[string]string{}
	for _, d := range st.Devices {
		names[d.ID] = d.Name
	}
	return names, st.Device
}

// householdLine is Today's status line ("In step with 2 devices, 1 minute ago"), "" outside
// a household.
func (u *UI) householdLine() string { return u.householdLineFor("") }

// householdLineFor is householdLine on the page of profile ("": everyone's): the lines about
// another one person are left out (F469).
func (u *UI) householdLineFor(profile string) string {
	if u.hh.copied.Load() != nil {
		return lang.L(copiedLine)
	}
	if ma := u.hh.movedAway.Load(); ma != nil {
		return movedAwayWords(ma)
	}
	st := u.hh.status.Load()
	if st == nil {
		return ""
	}
	line := st.Line + "."
	if st.Unreachable != "" { // the shared folder is not there: said as 'household status' says it
		line += " " + st.Unreachable + "."
	}
	u.hh.replacedMu.Lock()
	general, of := u.hh.generalN, slices.Clone(u.hh.replacedOf)
	u.hh.replacedMu.Unlock()
	for i, w := range st.Warnings {
		if j := i - general; profile != "" && j >= 0 && j < len(of) && of[j] != "" && of[j] != profile {
			continue // another person's
		}
		line += " " + w + "."
	}
	return line
}

// householdSection is Settings → Household.
type householdSection struct {
	s       *shell
	content *fyne.Container
	// The buttons of the state shown (tests press them).
	createBt, joinBt, inviteBt, syncBt *widget.Button
	movedBt                            *widget.Button            // a copied vault: "it was moved here"
	removeBts                          map[string]*widget.Button // by device id
	joinBts                            []*widget.Button          // one a pair of people who may be one (F216)
	joining                            *dialog.ConfirmDialog     // the last "One person?" asked
	invite                             *inviteDialog
	setup                              *setupForm
	removing                           *dialog.ConfirmDialog // the last "Remove …?" asked
	movedAsk                           *dialog.ConfirmDialog // the last "Moved here?" asked
	leaveBt                            *widget.Button        // leave the household on this computer
	leaving                            *dialog.ConfirmDialog // the last "Leave the household?" asked
}

func newHouseholdSection(s *shell) *householdSection {
	h := &householdSection{s: s, content: container.NewVBox()}
	h.createBt = widget.NewButtonWithIcon(lang.L("Create a household…"), theme.ContentAddIcon(), func() { h.openSetup(false) })
	h.joinBt = widget.NewButtonWithIcon(lang.L("Join with a code…"), theme.LoginIcon(), func() { h.openSetup(true) })
	h.inviteBt = widget.NewButtonWithIcon(lang.L("Invite a device…"), theme.ContentAddIcon(), h.openInvite)
	h.movedBt = widget.NewButtonWithIcon(lang.L("Moved here"), theme.ConfirmIcon(), h.confirmMoved)
	h.leaveBt = widget.NewButtonWithIcon(lang.L("Leave the household…"), theme.LogoutIcon(), h.confirmLeave)
	h.leaveBt.Importance = widget.DangerImportance
	h.syncBt = widget.NewButtonWithIcon(lang.L("Sync now"), theme.ViewRefreshIcon(), func() {
		if l := s.u.hh.live.Load(); l != nil {
			l.Poke()
		}
	})
	h.refresh()
	return h
}

// refresh shows the household as it is now.
func (h *householdSection) refresh() {
	c := h.content
	c.RemoveAll()
	h.removeBts = map[string]*widget.Button{}
	if h.s.u.hh.copied.Load() != nil && !h.s.u.demo {
		c.Add(paragraph(lang.L(copiedWords)))
		c.Add(container.NewHBox(h.movedBt, h.leaveBt))
		return
	}
	if ma := h.s.u.hh.movedAway.Load(); ma != nil && !h.s.u.demo {
		c.Add(paragraph(movedAwayWords(ma)))
		c.Add(container.NewHBox(h.leaveBt))
		return
	}
	st := h.s.u.hh.status.Load()
	if st == nil || h.s.u.demo {
		c.Add(paragraph(lang.L("Keep this vault in step with your other computers, or with a caregiver's, through a shared folder (Syncthing, Nextcloud, Dropbox, OneDrive) or a WebDAV server. Everything is encrypted before it leaves this computer: only the household's computers can read it.")))
		if h.s.u.demo {
			c.Add(lowText(lang.L("Not available in the demo.")))
			return
		}
		c.Add(newColumns(h.createBt, h.joinBt)) // one above the other when narrow (200 % text)
		return
	}
	c.Add(paragraph(fmt.Sprintf(lang.L("Household %s, through %s."), st.Name, st.Transport)))
	c.Add(lowText(st.Line + "."))
	if st.Unreachable != "" {
		c.Add(lowText(st.Unreachable + "."))
	}
	for _, w := range st.Warnings {
		c.Add(lowText(w + "."))
	}
	h.joinBts = nil
	h.s.u.hh.replacedMu.Lock()
	same := slices.Clone(h.s.u.hh.same)
	h.s.u.hh.replacedMu.Unlock()
	for _, x := range same {
		bt := widget.NewButtonWithIcon(fmt.Sprintf(lang.L("%s and this computer's %s are one person…"), x.SharedName, x.HereName), theme.ContentCopyIcon(), func() { h.confirmJoin(x) })
		h.joinBts = append(h.joinBts, bt)
		c.Add(container.NewHBox(bt))
	}
	now := time.Now()
	for _, d := range st.Devices {
		d := d
		seen := lang.L("never seen")
		if t, err := time.Parse(time.RFC3339, d.LastSeen); err == nil {
			seen = fmt.Sprintf(lang.L("last seen %s ago"), hhvault.Ago(now.Sub(t)))
		}
		name := d.Name
		switch {
		case d.Self:
			c.Add(lowText(name + " · " + lang.L("this computer")))
			continue
		case d.Revoked:
			c.Add(lowText(name + " · " + lang.L("removed")))
			continue
		}
		bt := widget.NewButtonWithIcon(lang.L("Remove…"), theme.DeleteIcon(), func() { h.confirmRemove(d) })
		h.removeBts[d.ID] = bt
		c.Add(newTextRow(nil, bt, lowText(name+" · "+seen)))
	}
	c.Add(newColumns(h.inviteBt, h.syncBt))
	c.Add(container.NewHBox(h.leaveBt))
}

// confirmJoin asks whether two people are one (F216): a person shared by another computer and
// this computer's own, of one name and birth date. Yes does what 'carekeeper household
// same-person --keep SHARED --from HERE --yes' does (hhvault.JoinPeople). Never by itself: two
// people can have one name and birth date (F122).
func (h *householdSection) confirmJoin(x hhvault.SamePerson) {
	u := h.s.u
	words := paragraph(fmt.Sprintf(lang.L("Only if they are the same person: two people can have one name and birth date. Everything recorded for this computer's %s moves to %s, shared by the household, and this computer's %s is deleted on every computer of the household. This cannot be undone."), x.HereName, x.SharedName, x.HereName))
	c := dialog.NewCustomConfirm(lang.L("One person?"), lang.L("Join them"), lang.L("Cancel"),
		container.New(columnLayout{width: 440}, words),
		func(ok bool) {
			if ok {
				h.join(x)
			}
		}, u.win)
	c.SetConfirmImportance(widget.DangerImportance)
	h.joining = c
	c.Show()
}

// join makes the two people one (hhvault.JoinPeople) and says what it did.
func (h *householdSection) join(x hhvault.SamePerson) {
	s := h.s
	u := s.u
	live := u.hh.live.Load()
	if live == nil {
		return
	}
	ctx := u.ctx
	var j hhvault.JoinedPeople
	var err error
	u.goVault(func() {
		err = live.Do(func(hh *household.Household) error {
			j, err = hhvault.JoinPeople(ctx, live.V, hh, x.Shared, x.Here)
			return err
		})
	}, func() {
		if err != nil {
			showError(u.win, lang.L("Could not join them"), err)
			return
		}
		u.hh.replacedMu.Lock()
		u.hh.same = slices.DeleteFunc(u.hh.same, func(o hhvault.SamePerson) bool { return o.Here == x.Here || o.Shared == x.Here })
		u.hh.replacedMu.Unlock()
		u.rem.reload()
		if u.shell != nil && u.main != nil {
			u.main.loadPeople(j.Keep)
		}
		live.Poke()
		u.refreshHousehold()
		showSized(u.win, lang.L("One person now"), paragraph(fmt.Sprintf(lang.L("%s has everything that was recorded for both; the household's other computers learn it at the next exchange."), j.KeepName)), 480, 180)
	})
}

// confirmLeave asks, in plain words, whether this computer leaves its household; yes does
// what 'carekeeper household leave --yes' does (hhvault.Leave): the background exchange stops,
// this computer's keys of the household are forgotten, the records stay.
func (h *householdSection) confirmLeave() {
	u := h.s.u
	name := lang.L("the household")
	if st := u.hh.status.Load(); st != nil && st.Name != "" {
		name = fmt.Sprintf(lang.L("the household %s"), st.Name)
	}
	words := paragraph(fmt.Sprintf(lang.L("This computer stops keeping in step with %s. Everything on it stays here. To take part again, it needs a new invitation from a computer of the household. The other computers still list this one until one of them removes it (Settings → Household → Remove…)."), name))
	c := dialog.NewCustomConfirm(lang.L("Leave the household?"), lang.L("Leave"), lang.L("Cancel"),
		container.New(columnLayout{width: 440}, words),
		func(ok bool) {
			if ok {
				h.leave()
			}
		}, u.win)
	c.SetConfirmImportance(widget.DangerImportance)
	h.leaving = c
	c.Show()
}

// leave takes this computer out of its household: the background exchange is stopped first
// (and waited for), then hhvault.Leave; the reminders of people held here come back.
func (h *householdSection) leave() {
	s := h.s
	u := s.u
	v, ctx := s.v, u.ctx
	var err error
	u.goVault(func() {
		if r := u.hh.run.Load(); r != nil {
			r.cancel()
			<-r.done
		}
		err = hhvault.Leave(ctx, v)
	}, func() {
		if err != nil {
			showError(u.win, lang.L("Could not leave the household"), err)
			return
		}
		u.hh.live.Store(nil)
		u.hh.status.Store(nil)
		u.hh.copied.Store(nil)
		u.rem.reload() // the people held here (no longer shared, a removed computer's) are reminded again
		if u.shell != nil && u.main != nil {
			u.main.loadPeople("")
		}
		u.refreshHousehold()
	})
}

// confirmMoved asks whether the vault was moved here (the old one no longer used); yes makes
// it go on as the same household device (hhvault.ConfirmMoved) and starts the exchange.
func (h *householdSection) confirmMoved() {
	u := h.s.u
	h.movedAsk = dialog.NewConfirm(lang.L("Moved here?"), lang.L("Only if the vault was moved to this computer and the old one is no longer used: then this vault goes on as the same household computer. Otherwise join as a new device."), func(yes bool) {
		if !yes || u.vault == nil {
			return
		}
		if err := hhvault.ConfirmMoved(u.ctx, u.vault); err != nil {
			showError(u.win, lang.L("Could not go on as this computer"), err)
			return
		}
		u.hh.copied.Store(nil)
		u.startHousehold()
		u.refreshHousehold()
	}, u.win)
	h.movedAsk.SetConfirmText(lang.L("It moved here"))
	h.movedAsk.SetDismissText(lang.L("Cancel"))
	h.movedAsk.Show()
}

// setupForm is the create / join dialog's fields.
type setupForm struct {
	dialog                *dialog.ConfirmDialog
	name, code, device    *widget.Entry
	through               *widget.Select
	folder, webdav, user  *widget.Entry
	password              *widget.Entry
	chooseBt              *widget.Button // picks the shared folder
	scroll                *container.Scroll
	folderRow, webdavRows []fyne.CanvasObject // the label and field of each transport's rows
	problem               messageLabel        // what is wrong with what was typed
	join                  bool
	cancelWait            context.CancelFunc
}

var throughChoices = []string{"A shared folder", "A WebDAV server"}

func (h *householdSection) openSetup(join bool) {
	s := h.s
	f := &setupForm{join: join, name: widget.NewEntry(), code: widget.NewEntry(), device: widget.NewEntry(),
		folder: widget.NewEntry(), webdav: widget.NewEntry(), user: widget.NewEntry(), password: widget.NewEntry()}
	f.password.Password = true
	f.problem = newMessageLabel()
	f.chooseBt = widget.NewButtonWithIcon(lang.L("Choose…"), theme.FolderOpenIcon(), func() {
		dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				f.folder.SetText(dir.Path())
			}
		}, s.u.win)
	})
	var labels []string
	for _, c := range throughChoices {
		labels = append(labels, lang.L(c))
	}
	f.through = widget.NewSelect(labels, func(string) { f.showTransport() })
	f.through.SetSelectedIndex(0)
	if host, err := os.Hostname(); err == nil {
		f.device.SetText(host)
	}
	f.folder.SetPlaceHolder(lang.L("e.g. /home/anna/Sync/CareKeeper"))
	f.webdav.SetPlaceHolder("https://cloud.example.org/remote.php/dav/files/anna/CareKeeper/")
	var items []*widget.FormItem
	title, confirm := lang.L("Create a household"), lang.L("Create household")
	intro := lang.L("Name the household and choose how its computers keep in step.")
	more := lang.L("A shared folder is one your sync program keeps in step (Syncthing, Nextcloud, Dropbox, OneDrive); each computer of the household uses its own copy of it. A WebDAV server needs an app password.")
	if join {
		title, confirm = lang.L("Join a household"), lang.L("Join")
		intro = lang.L("Type the code and choose how this computer reaches the household.")
		more = lang.L("The code is shown on a computer of the household: Settings → Household → Invite a device. A shared folder is one your sync program keeps in step (Syncthing, Nextcloud, Dropbox, OneDrive); each computer of the household uses its own copy of it. A WebDAV server needs an app password.")
		f.code.SetPlaceHolder(lang.L("the words of the code"))
		items = append(items, widget.NewFormItem(lang.L("Code"), f.code))
	} else {
		items = append(items, widget.NewFormItem(lang.L("Household name"), f.name))
	}
	items = append(items,
		widget.NewFormItem(lang.L("This computer"), f.device),
		widget.NewFormItem(lang.L("Through"), boxed(f.through, nil)),
		widget.NewFormItem(lang.L("Folder"), container.NewBorder(nil, nil, nil, f.chooseBt, f.folder)),
		widget.NewFormItem(lang.L("WebDAV address"), f.webdav),
		widget.NewFormItem(lang.L("User name"), f.user),
		widget.NewFormItem(lang.L("App password"), container.New(revealerRoom{}, f.password)))
	// A form whose rows can hide: only the chosen transport's fields show, so they fit at 200 %.
	form := container.New(layout.NewFormLayout())
	for i, it := range items {
		label := widget.NewLabelWithStyle(it.Text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		form.Add(label)
		form.Add(it.Widget)
		switch len(items) - i {
		case 4:
			f.folderRow = append(f.folderRow, label, it.Widget)
		case 3, 2, 1:
			f.webdavRows = append(f.webdavRows, label, it.Widget)
		}
	}
	// The fields come first, so that at 200 % text on 1024×600 every one (down to the WebDAV app
	// password) shows without scrolling; the intro and the explanation wait below them.
	f.scroll = container.NewVScroll(container.NewVBox(f.problem, form, paragraph(intro), lowText(more)))
	f.dialog = dialog.NewCustomConfirm(title, confirm, lang.L("Cancel"), f.scroll, func(ok bool) {
		if ok {
			h.runSetup(f)
		}
	}, s.u.win)
	f.showTransport()
	fitDialog(f.dialog, s.u.win, 760, 560) // wide enough for a folder path beside Choose…
	h.setup = f
	f.dialog.Show()
}

func (f *setupForm) showTransport() {
	webdav := f.through.SelectedIndex() == 1
	for _, e := range []*widget.Entry{f.webdav, f.user, f.password} {
		if webdav {
			e.Enable()
		} else {
			e.Disable()
		}
	}
	if webdav {
		f.folder.Disable()
		f.chooseBt.Disable()
	} else {
		f.folder.Enable()
		f.chooseBt.Enable()
	}
	for _, o := range f.webdavRows {
		showIf(o, webdav)
	}
	for _, o := range f.folderRow {
		showIf(o, !webdav)
	}
	if f.scroll != nil {
		f.scroll.Refresh()
	}
}

// showIf shows o when show holds, else hides it.
func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

func (f *setupForm) config() hhvault.Config {
	if f.through.SelectedIndex() == 1 {
		return hhvault.Config{WebDAV: strings.TrimSpace(f.webdav.Text), WebDAVUser: strings.TrimSpace(f.user.Text), WebDAVPassword: f.password.Text}
	}
	return hhvault.Config{Folder: strings.TrimSpace(f.folder.Text)}
}

// runSetup creates or joins in the background; joining waits (up to 10 minutes) to be let in.
func (h *householdSection) runSetup(f *setupForm) {
	s := h.s
	cfg := f.config()
	if err := cfg.Check(); err != nil {
		f.reopen(sentence(err.Error()))
		return
	}
	if !f.join && strings.TrimSpace(f.name.Text) == "" {
		f.reopen(sentence(lang.L("give the household a name")))
		return
	}
	f.problem.setError("")
	v, ctx := s.v, s.u.ctx
	device := strings.TrimSpace(f.device.Text)
	if device == "" {
		device = lang.L("this computer")
	}
	var wait dialog.Dialog
	wctx, cancel := context.WithCancel(ctx)
	f.cancelWait = cancel
	if f.join {
		wait = dialog.NewCustom(lang.L("Waiting to be let in"), lang.L("Cancel"),
			paragraph(lang.L("A computer of the household lets this one in at its next exchange (within a minute while CareKeeper runs there). Keep both on.")), s.u.win)
		wait.SetOnClosed(cancel)
		wait.Show()
	}
	var hh *household.Household
	var err error
	s.u.goVault(func() {
		if f.join {
			hh, err = hhvault.Join(wctx, v, cfg, s.u.zoneOnlyEnv, strings.TrimSpace(f.code.Text), device, 10*time.Minute, time.Now)
		} else {
			hh, err = hhvault.Create(wctx, v, cfg, s.u.zoneOnlyEnv, strings.TrimSpace(f.name.Text), device, time.Now())
		}
	}, func() {
		cancel()
		if wait != nil {
			wait.Hide()
		}
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				// The form comes back as filled in, under the reason.
				f.reopen(lang.L("Could not set up the household. Change what is wrong and try again."))
				showError(s.u.win, lang.L("Could not set up the household"), err)
			}
			return
		}
		if s.isCurrent() {
			u := s.u
			live := hhvault.NewLive(v, hh)
			users, uctx := u.users, u.ctx
			users.Add(1)
			go func() {
				defer users.Done()
				u.runHousehold(uctx, live, cfg)
			}()
		}
	})
}

// reopen shows the form again as it was filled in, saying what is wrong (confirming closed it).
func (f *setupForm) reopen(problem string) {
	f.problem.setError(problem)
	f.dialog.Show()
}

// inviteDialog shows a pairing code and its QR image.
type inviteDialog struct {
	dialog dialog.Dialog
	code   string
	// holders says, for each person the invitation gives or leaves out, every device that will
	// hold them, as 'household invite' says it (F392).
	holders string
}

func (h *householdSection) openInvite() {
	s := h.s
	live := s.u.hh.live.Load()
	if live == nil {
		return
	}
	ctx, v := s.u.ctx, s.v
	var code string
	var expires time.Time
	var png []byte
	var holders []string
	var err error
	s.u.goVault(func() {
		err = live.Do(func(hh *household.Household) error {
			grants, err := inviteGrants(v, hh)
			if err != nil {
				return err
			}
			code, expires, err = hh.Invite(ctx, grants, time.Now())
			if err == nil {
				holders, err = inviteHolders(ctx, v, hh, grants)
			}
			return err
		})
		if err == nil {
			png, err = qrcode.Encode(code, qrcode.Medium, 256)
		}
	}, func() {
		if err != nil {
			showError(s.u.win, lang.L("Could not make an invitation"), err)
			return
		}
		img := canvas.NewImageFromReader(bytes.NewReader(png), "invitation.png")
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(160, 160))
		codeL := widget.NewLabelWithStyle(code, fyne.TextAlignCenter, fyne.TextStyle{Bold: true, Monospace: true})
		codeL.Wrapping = fyne.TextWrapWord
		text := paragraph(fmt.Sprintf(lang.L("On the new computer choose Settings → Household → Join with a code, and type these words (a phone's camera reads them from the image). The code works once, for %s."),
			hhvault.ValidForWords(expires, time.Now(), s.u.rem.device())))
		top := container.NewVBox(codeL, text)
		if len(holders) > 0 {
			top.Add(paragraph(strings.Join(holders, " ")))
		}
		body := container.NewBorder(top, nil, nil, nil, img)
		d := newCustomDialog(lang.L("Invite a device"), body, s.u.win)
		fitDialog(d, s.u.win, 520, 520)
		h.invite = &inviteDialog{dialog: d, code: code, holders: strings.Join(holders, " ")}
		d.Show()
		live.Poke() // admitted by this computer's next exchange
	})
}

// inviteGrants: the new computer gets what this one has. A computer that manages everyone
// invites another of everyone (no grants); one that manages some people (a caregiver's laptop
// given Dad) invites another that manages them, and the people it made itself: an invitation for everyone was refused with
// "only a device that manages this person can share them", after "Try again".
func inviteGrants(v *storage.Vault, hh *household.Household) ([]household.Grant, error) {
	if hh.Role(household.AllProfiles) == household.RoleManage {
		return nil, nil
	}
	ps, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	var grants []household.Grant
	for _, p := range ps {
		// Also a person this computer made that the household knows nothing of yet: the
		// invitation claims them, as sharing them does (F348: they were left out).
		if hh.MayShare(p.ID) {
			grants = append(grants, household.Grant{Profile: p.ID, Role: household.RoleManage})
		}
	}
	if len(grants) == 0 {
		return nil, household.ErrNotManager
	}
	return grants, nil
}

// inviteHolders are the lines 'household invite' prints (hhvault.InviteLines): each person
// given, with every device that will hold them ("Tom Baker will be shared with the new device
// and Carer phone only."); for one without grants (everyone), the people another device made:
// given when this computer manages them, else why not (F392).
func inviteHolders(ctx context.Context, v *storage.Vault, hh *household.Household, grants []household.Grant) ([]string, error) {
	return hhvault.InviteLines(ctx, v, hh, grants) // the CLI's words (F392: for everyone, a person this computer manages is given)
}

func (h *householdSection) confirmRemove(d hhvault.DeviceInfo) {
	s := h.s
	words := paragraph(lang.L("It will get nothing written from now on. What it already has stays on it."))
	c := dialog.NewCustomConfirm(fmt.Sprintf(lang.L("Remove %s?"), d.Name), lang.L("Remove"), lang.L("Cancel"),
		container.New(columnLayout{width: 440}, words),
		func(ok bool) {
			if ok {
				h.remove(d.ID)
			}
		}, s.u.win)
	c.SetConfirmImportance(widget.DangerImportance)
	h.removing = c
	c.Show()
}

func (h *householdSection) remove(id string) {
	s := h.s
	live := s.u.hh.live.Load()
	if live == nil {
		return
	}
	ctx := s.u.ctx
	var err error
	unreached := "" // why the others cannot learn it now: nothing is changed
	s.u.goVault(func() {
		err = live.Do(func(hh *household.Household) error {
			// Only when the others can learn it now, as 'household revoke' (it was made here and
			// sent whenever the folder or server came back).
			if err := hh.Reach(ctx); err != nil {
				cfg, _ := hhvault.LoadConfig(live.V)
				unreached = hhvault.FailureWords(err, cfg)
				return err
			}
			return hh.Revoke(ctx, id, time.Now())
		})
	}, func() {
		if unreached != "" {
			showSized(s.u.win, lang.L("Could not remove the device"),
				paragraph(sentence(unreached+lang.L(": nothing was changed; remove the device once it is back"))), 520, 200)
			return
		}
		if err != nil {
			showError(s.u.win, lang.L("Could not remove the device"), err)
			return
		}
		live.Poke()
	})
}

// Sharing and alerts for one person (People → Sharing and alerts…).

// caregiverDialog edits a person's alert delay, how this computer follows them, and each
// household device's role for them.
type caregiverDialog struct {
	dialog  *dialog.ConfirmDialog
	profile string
	delay   *widget.Select
	mode    *widget.Select
	roles   map[string]*widget.Select // device id → Manage / View / Nothing
	was     map[string]household.Role
	scroll  *container.Scroll
	// holders says every device that holds the person now, as 'share' says it (F392);
	// shared says it once a change of sharing was saved.
	holders *widget.Label
	shared  string
	// died: the person died; only the sharing is offered and saved (F450).
	died bool
}

var (
	alertDelays = []int{15, 30, 45, 60, 90, 120}
	modeChoices = []struct{ key, label string }{
		{remind.ModeRemind, "Remind me too"}, {remind.ModeAlerts, "Only if missed"}, {remind.ModeOff, "Neither"},
	}
	roleChoices = []struct {
		role  household.Role
		label string
	}{{household.RoleManage, "Manage"}, {household.RoleView, "View"}, {household.RoleNone, "Nothing"}}
)

// delayLabel is an alert delay in words: "After 45 minutes", "After 1 hour and a half",
// "After 2 hours".
// delayChoices are the alert delays offered, with the person's own when it is not one of them
// (`profile set --alert-after 5`): it showed as "After 30 minutes" and Save set it to 30.
func delayChoices(current int) []int {
	if current <= 0 || slices.Contains(alertDelays, current) {
		return alertDelays
	}
	out := append(slices.Clone(alertDelays), current)
	slices.Sort(out)
	return out
}

func delayLabel(m int) string {
	switch {
	case m < 60 || m%30 != 0:
		return count(m, "After {{.Count}} minutes")
	case m%60 == 30:
		return count(m/60, "After {{.Count}} hours and a half")
	}
	return count(m/60, "After {{.Count}} hours")
}

func (p *peoplePage) openCaregiver() {
	s := p.s
	pr := p.shownPerson()
	if pr == nil {
		return
	}
	st, err := remind.LoadSettings(s.v, pr.ID)
	if err != nil {
		s.m.showError(lang.L("Could not read the settings"), err)
		return
	}
	mode, _ := remind.LoadMode(s.v, pr.ID)
	d := &caregiverDialog{profile: pr.ID, roles: map[string]*widget.Select{}, was: map[string]household.Role{}}
	// A person who died is neither reminded of nor alerted about (as today says: "Died 14 Mar
	// 2026 — no reminders or cards."): the dialog offered "Alert: After 30 minutes" and "Remind
	// me too" for Emeka, who died (F450). Only the sharing is left to choose.
	died := s.deaths[pr.ID]
	var delays []string
	for _, m := range delayChoices(st.AlertAfterMinutes) {
		delays = append(delays, delayLabel(m))
	}
	d.delay = widget.NewSelect(delays, nil)
	d.delay.SetSelected(delayLabel(st.AlertAfterMinutes))
	if d.delay.Selected == "" {
		d.delay.SetSelected(delayLabel(30))
	}
	if _, gone := s.v.NotShared(pr.ID); s.v.ViewOnly(pr.ID) || gone { // the delay is the household's: a viewer's would stay here alone
		d.delay.Disable()
	}
	var modes []string
	chosen := ""
	for _, m := range modeChoices {
		modes = append(modes, lang.L(m.label))
		if m.key == mode {
			chosen = lang.L(m.label)
		}
	}
	d.mode = widget.NewSelect(modes, nil)
	d.mode.SetSelected(chosen)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Alert"), boxed(d.delay, nil)),
		widget.NewFormItem(lang.L("On this computer"), boxed(d.mode, nil)),
	}
	if died.Deceased {
		items = nil
	}
	if live := s.u.hh.live.Load(); live != nil {
		var roles []string
		for _, r := range roleChoices {
			roles = append(roles, lang.L(r.label))
		}
		_ = live.Do(func(hh *household.Household) error {
			// Every device that holds the person now, not only those listed below (F392).
			d.holders = paragraph(hhvault.HeldWords(pr.Name, hh.Readers(pr.ID)))
			for _, dev := range hh.Devices() {
				if dev.Self || dev.Revoked {
					continue
				}
				// As every device decides it: a role on everyone does not cover a person
				// another device made and shares with the devices it chose (F379).
				role := hh.DeviceRole(dev.ID, pr.ID)
				if role == "" {
					role = household.RoleNone
				}
				sel := widget.NewSelect(roles, nil)
				for _, r := range roleChoices {
					if r.role == role {
						sel.SetSelected(lang.L(r.label))
					}
				}
				d.roles[dev.ID], d.was[dev.ID] = sel, role
				items = append(items, widget.NewFormItem(dev.Name, boxed(sel, nil)))
			}
			return nil
		})
		// The line follows the roles chosen, before Save: it kept saying who holds the person
		// now, "shared with Dad's laptop only" with Anna's tablet just set to View (F392).
		name := pr.Name
		for _, sel := range d.roles {
			sel.OnChanged = func(string) {
				changed := d.changedRoles()
				_ = live.Do(func(hh *household.Household) error {
					d.holders.SetText(hhvault.HeldWords(name, hh.ReadersWith(d.profile, changed)))
					return nil
				})
			}
		}
	}
	// One line above the fields; what each means waits below them.
	intro := paragraph(lang.L("When to alert if a dose goes unanswered, and who may do what."))
	more := []fyne.CanvasObject{
		lowText(lang.L("Alert: when nobody has answered a dose by then, every computer of the household that follows this person is alerted.")),
		lowText(lang.L("On this computer: whether it reminds too, or only alerts when a dose is missed.")),
	}
	title := lang.L("Sharing and alerts for %s")
	if d.died = died.Deceased; d.died {
		intro = paragraph(died.Words() + lang.L(" — no reminders or alerts, on this computer or any other."))
		more = nil
		title = lang.L("Sharing for %s")
	}
	if len(d.roles) == 0 {
		more = append(more, lowText(lang.L("To share this person with another computer, create or join a household in Settings → Household.")))
	} else if d.died {
		more = append(more, lowText(lang.L("Each other computer may manage or view their records, or hold nothing of them.")))
	} else {
		more = append(more, lowText(lang.L("Each other computer may manage (answer doses, edit schedules), view (see and get alerts), or nothing.")))
	}
	head := []fyne.CanvasObject{intro}
	if len(items) > 0 {
		head = append(head, widget.NewForm(items...))
	}
	if d.holders != nil {
		head = append(head, d.holders)
	}
	d.scroll = container.NewVScroll(container.NewVBox(append(head, more...)...))
	body := d.scroll
	d.dialog = dialog.NewCustomConfirm(fmt.Sprintf(title, cmp.Or(labelOf(s.people, pr.ID), headingName(pr.Name))), lang.L("Save"), lang.L("Cancel"), body,
		func(ok bool) {
			if ok {
				p.saveCaregiver(d, st)
			}
		}, s.u.win)
	fitDialog(d.dialog, s.u.win, 620, 560)
	p.caregiver = d
	d.dialog.Show()
}

// changedRoles are the roles chosen that are not the devices' roles now, by device id.
func (d *caregiverDialog) changedRoles() map[string]household.Role {
	changed := map[string]household.Role{}
	for id, sel := range d.roles {
		for _, r := range roleChoices {
			if lang.L(r.label) == sel.Selected && r.role != d.was[id] {
				changed[id] = r.role
			}
		}
	}
	return changed
}

func (p *peoplePage) saveCaregiver(d *caregiverDialog, st remind.Settings) {
	s := p.s
	delay := st.AlertAfterMinutes
	for _, m := range delayChoices(st.AlertAfterMinutes) {
		if delayLabel(m) == d.delay.Selected {
			delay = m
		}
	}
	saveDelay := delay != st.AlertAfterMinutes && !d.died
	was := st
	st.AlertAfterMinutes = delay
	mode := remind.ModeRemind
	for _, m := range modeChoices {
		if lang.L(m.label) == d.mode.Selected {
			mode = m.key
		}
	}
	saveMode := !d.died // nothing reminds of a person who died: their choice is left as it was
	changed := d.changedRoles()
	v, ctx, live := s.v, s.u.ctx, s.u.hh.live.Load()
	var err error
	var holders string // who holds the person once shared, as 'share' says it (F392)
	share := live != nil && len(changed) > 0
	s.u.goVault(func() {
		var cfg hhvault.Config
		if share {
			// Who may see the person changes only when the others can learn it now, as 'share'
			// (it said nothing and was sent whenever the server or folder came back); then
			// nothing is saved, so that "nothing was changed" is true.
			cfg, _ = hhvault.LoadConfig(live.V)
			err = live.Do(func(hh *household.Household) error { return hhvault.Reached(ctx, hh, cfg) })
		}
		if err == nil && saveDelay {
			err = remind.SaveSettingsChange(ctx, v, d.profile, was, st) // the delay only (F533)
		}
		if err == nil && saveMode {
			err = remind.SaveMode(ctx, v, d.profile, mode)
		}
		if err == nil && share {
			err = live.Do(func(hh *household.Household) error {
				if err := hhvault.Share(ctx, hh, cfg, d.profile, changed, time.Now()); err != nil {
					return err
				}
				name := d.profile
				if p, err := v.Profile(d.profile); err == nil && p.Name != "" {
					name = p.Name
				}
				holders = hhvault.HeldWords(name, hh.Readers(d.profile))
				return nil
			})
			if err == nil {
				// One clock for the person on every device: this computer's, when none was set (F263).
				_, err = hhvault.PinZone(ctx, v, d.profile, s.u.rem.device())
			}
			live.Poke()
		}
	}, func() {
		var nr *hhvault.NotReachedError
		if errors.As(err, &nr) {
			showSized(s.u.win, lang.L("Could not change the sharing"),
				paragraph(sentence(nr.Words+lang.L(": nothing was changed; share once it is back"))), 520, 200)
			return
		}
		if err != nil {
			s.m.showError(lang.L("Could not save the settings"), err)
			return
		}
		if holders != "" {
			d.shared = holders
			showSized(s.u.win, lang.L("Sharing saved"), paragraph(holders+" "+lang.L("The household learns it at the next exchange.")), 520, 200)
		}
		s.u.rem.reload()
	})
}

// revealerRoom gives a password entry the height its reveal button needs (at 200 % text the
// button's icon is taller than the entry's text).
type revealerRoom struct{}

func (revealerRoom) MinSize(objects []fyne.CanvasObject) fyne.Size {
	m := objects[0].MinSize()
	return fyne.NewSize(m.Width, max(m.Height, theme.IconInlineSize()+2*theme.InnerPadding()+2*theme.InputBorderSize()))
}

func (revealerRoom) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}

// managers are the names of the household's other devices that manage profile (none without a
// household): where a device that only views the person is told to make a change.
func (s *shell) managers(profile string) []string {
	live := s.u.hh.live.Load()
	if live == nil {
		return nil
	}
	var out []string
	_ = live.Do(func(h *household.Household) error {
		for _, r := range h.Readers(profile) {
			if r.Role == household.RoleManage {
				n := r.Name
				if n == "" {
					n = "the device " + r.ID // as hhvault.SharedWithWords names it
				}
				out = append(out, n)
			}
		}
		return nil
	})
	return out
}
