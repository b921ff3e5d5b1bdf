// Package app is CareKeeper's desktop window, built with Fyne.
//
// It is the only package apart from main that imports Fyne. It never imports
// fyne.io/fyne/v2/app (that pulls in GLFW and cgo): main makes the fyne.App and hands it to New,
// and tests hand in test.NewApp(), so the whole UI is tested without a display.
//
// Threading. Everything that touches the vault (key derivation, reads, imports) runs on a
// goroutine of its own and hands its result back to the UI goroutine with fyne.Do. UI state
// (every field of UI and of the screens) is only touched on the UI goroutine. Lock and close
// wait for the goroutines using a vault before closing it.
//
// Privacy. Nothing here logs record contents, writes temporary files, or puts anything into
// Fyne's preferences (which are plaintext); see forgetFileDialogFolder for the one thing Fyne
// itself would store.
package app

import (
	"context"
	"log"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"carekeeper/assets"
	"carekeeper/internal/clinic"
	"carekeeper/internal/intake"
	"carekeeper/storage"
	cksync "carekeeper/sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
)

// Title is the window title.
const Title = "CareKeeper"

// defaultSize is the window's size when it first opens on a large screen; on a smaller one it
// opens at most maxScreenShare of the screen (windowSize).
var defaultSize = fyne.NewSize(1200, 760)

// maxScreenShare is the largest part of the screen's width and height the window opens at.
const maxScreenShare = 0.9

// windowSize is the size the window opens at on a screen of this size.
func windowSize(screen fyne.Size) fyne.Size {
	return fyne.NewSize(min(defaultSize.Width, screen.Width*maxScreenShare),
		min(defaultSize.Height, screen.Height*maxScreenShare))
}

// SetScreen gives the UI the size of the screen it opens on (main reads it from GLFW once the
// driver runs; ok is false when it is not known). The window then opens at windowSize.
func (u *UI) SetScreen(size func() (s fyne.Size, ok bool)) { u.screen = size }

// fitToScreen sizes the window to the screen and centres it (on the main goroutine, once the
// driver runs and before the window is first drawn).
func (u *UI) fitToScreen() {
	u.capText() // a text size too large for this screen made the window wider than it (F233)
	u.resizeToScreen()
}

// resizeToScreen sizes the window to the screen and centres it.
func (u *UI) resizeToScreen() {
	if u.screen == nil {
		return
	}
	s, ok := u.screen()
	if !ok || s.Width <= 0 || s.Height <= 0 {
		return
	}
	// At least the content's minimum size (which the driver would grow the window to after
	// centring it: at 150 % text on a 1024×600 screen the window grew from 922 to 988 px at
	// x=51, past the screen's right edge, F278), at most the screen.
	size := windowSize(s)
	if c := u.win.Canvas().Content(); c != nil {
		m := c.MinSize()
		size = fyne.NewSize(min(max(size.Width, m.Width), s.Width), min(max(size.Height, m.Height), s.Height))
	}
	u.win.Resize(size)
	u.win.CenterOnScreen()
}

// icon is the application icon as a Fyne resource.
var icon = fyne.NewStaticResource("carekeeper.png", assets.IconPNG)

// UI is CareKeeper's main window and the screens shown in it: create a vault, the recovery
// code, unlock, recover with the code, and the records browser.
type UI struct {
	app  fyne.App
	win  fyne.Window
	dir  string
	opts storage.Options

	vault   *storage.Vault     // the open vault; nil while locked
	ctx     context.Context    // ends when the vault is locked or the window closes
	cancel  context.CancelFunc // ends ctx
	closing bool               // the window is closing: start nothing new
	stopped atomic.Bool        // Close was called: the event loop has ended
	// released is closed once the vault of the last lock has been closed; unlocking waits
	// for it, since the vault's file lock is held until then.
	released chan struct{}

	users     *sync.WaitGroup // background jobs using the open vault (a new group per unlock)
	openers   sync.WaitGroup  // background jobs that may open a vault (create, unlock, recover)
	pending   atomic.Int32    // background jobs whose result is not applied yet
	testQueue chan func()     // see runInTests

	// The screens. Only the one shown is non-nil.
	create   *createScreen
	recovery *recoveryScreen
	unlock   *unlockScreen
	recover  *recoverScreen
	restore  *restoreScreen // backup.go
	main     *mainScreen

	shell *shell // the app shell around the screens once unlocked; nil while locked
	// shown is the person (or everyone) shown when the vault was last locked: unlocking
	// returns to them.
	shown *shownPerson

	rem  *reminders     // the reminder engine (reminders.go)
	hh   householdState // the household's background exchange (household.go)
	tray trayState      // the system tray and what closing the window does (tray.go)

	screen func() (fyne.Size, bool) // the screen's size (SetScreen); nil: not known
	// textFit is the text size used for the records for a size chosen on a screen
	// (textScaleFor): the same after Lock and unlocking (F543); nil: not read yet.
	textFit *textFit

	theme *appTheme // appearance from the preferences
	auto  *autoLock // locks the vault after idle time
	// release hands memory back to the system after an unlock (issue 13; unlock.go).
	release memoryRelease
	// demo is set while the demo vault (demoDir) is open instead of the person's own.
	demo bool

	// Portals, sync and the clinic configuration (portals.go, clinic.go).
	clinic  *clinic.Found     // the clinic configuration in force, and those rejected; nil: none looked up
	syncing chan struct{}     // one sync at a time: "Sync now" and the scheduler (syncSlot)
	sched   *cksync.Scheduler // the background sync while unlocked

	// lastImportDir is where the import file dialogs open, kept in memory only.
	lastImportDir string
	fileDialog    *dialog.FileDialog // the file dialog open, if any
}

// shownPerson is the person shown in a vault's window ("" for everyone).
type shownPerson struct{ dir, profile string }

// New builds CareKeeper's window for the vault in dir against any fyne.App. It shows the
// unlock screen when dir holds a vault and the create screen otherwise. Call Window().ShowAndRun().
func New(a fyne.App, dir string) *UI {
	u := &UI{
		app: a,
		dir: dir,
		opts: storage.Options{
			// The app waits most of the day: no background compactors waking Badger 40 times a
			// second; writes compact when level 0 has work (storage.Options.Quiet).
			Quiet: true,
			// A 4 MiB memtable instead of 16: Badger allocates each memtable's arena in full
			// (16 MiB → 20.8 MiB, 4 MiB → 5.2 MiB), and when the arena reuses the heap the
			// unlock's Argon2id freed, the runtime zeroes it, so all of it stays resident for
			// as long as the app runs (docs/footprint.md, "App memory"). The app writes little
			// at a time; a bulk import in the app costs more CPU (18 Synthea bundles: 0.5 →
			// 0.75 s).
			MemTableSize: 4 << 20,
			// Badger's warnings and errors name files and counts, never record contents.
			Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		},
	}
	u.released = make(chan struct{})
	close(u.released)
	u.users = new(sync.WaitGroup)
	u.rem = newReminders(u)
	u.auto = &autoLock{u: u, clock: realClock{}, after: defaultAutoLock}
	u.release = memoryRelease{kdf: releaseKDFMemory, settled: releaseMemory}
	if m := a.Preferences().IntWithFallback(prefAutoLock, -1); m >= 0 {
		u.auto.after = time.Duration(m) * time.Minute
	}
	u.loadClinic()
	u.applyTheme()
	a.SetIcon(icon)
	u.win = a.NewWindow(Title)
	u.win.SetIcon(icon)
	u.win.SetMaster()
	u.win.Resize(defaultSize)
	u.win.CenterOnScreen()
	u.win.SetCloseIntercept(u.onWindowClose)
	u.win.SetOnDropped(u.onDropped)
	u.addShortcuts()
	u.guardSaves()
	u.showStart()
	u.startScreenshotPlan()
	return u
}

// showStart shows the unlock screen when the vault exists, else the create screen.
func (u *UI) showStart() {
	if storage.Exists(u.dir) {
		u.showUnlock()
	} else {
		u.showCreate()
	}
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

// Close closes the vault if it is still open. The window's close button already does this;
// main calls Close after ShowAndRun returns in case the app stopped some other way.
func (u *UI) Close() error {
	// Answers waiting out their undo time are saved first: the app ended by SIGTERM (a log-out,
	// a shut-down) or Ctrl+C quits without closing the window, and a dose the person was told
	// was "taken" was lost, due again at the next start (F514). The event loop has ended, so
	// nothing else touches Today now.
	if u.shell != nil && !u.closing {
		u.shell.flushAnswers()
	}
	if u.shell != nil {
		u.shell.close()
	}
	u.stopped.Store(true) // results still arriving run on their own goroutine (fyne.Do after the loop ends)
	if u.cancel != nil {
		u.cancel()
	}
	u.rem.shutdown() // before the vault closes: the engine writes its watermark
	u.openers.Wait()
	u.users.Wait()
	<-u.released // a vault being closed by Lock
	v := u.vault
	u.vault = nil
	if v == nil {
		return nil
	}
	return v.Close()
}

// setContent shows a screen, and focuses focus if it is not nil.
func (u *UI) setContent(content fyne.CanvasObject, focus fyne.Focusable) {
	u.create, u.recovery, u.unlock, u.recover, u.main, u.shell = nil, nil, nil, nil, nil, nil
	u.restore = nil
	u.win.SetContent(content)
	if focus != nil {
		u.win.Canvas().Focus(focus)
	}
}

// goVault runs work, which uses the open vault, on a new goroutine and then apply on the UI
// goroutine. Lock and close wait for work to return before closing that vault.
func (u *UI) goVault(work, apply func()) {
	if u.vault == nil || u.closing {
		return // locked or closing: its result would be dropped anyway
	}
	u.spawn(u.users, work, apply)
}

// goOpen is goVault for work that may open a vault (create, unlock, recover). Close waits for
// it; lock does not, since unlocking waits for the lock to finish.
func (u *UI) goOpen(work, apply func()) { u.spawn(&u.openers, work, apply) }

// goWait is goVault for jobs that only wait (lock and close): nothing waits for them.
func (u *UI) goWait(work, apply func()) { u.spawn(nil, work, apply) }

func (u *UI) spawn(wg *sync.WaitGroup, work, apply func()) {
	if wg != nil {
		wg.Add(1)
	}
	u.pending.Add(1)
	go func() {
		work()
		u.toUI(func() {
			defer u.pending.Add(-1)
			apply()
		})
		if wg != nil {
			wg.Done() // after toUI, so apply is queued before anything that waited for wg
		}
	}()
}

// toUI runs fn on the UI goroutine: with fyne.Do, or in tests by queueing it for idle.
func (u *UI) toUI(fn func()) {
	if u.testQueue != nil {
		u.testQueue <- fn
		return
	}
	fyne.Do(fn)
}

// runInTests makes background results wait for idle, which runs them on the test's goroutine
// (the test driver's fyne.Do would run them on the background goroutine, racing the test).
func (u *UI) runInTests() { u.testQueue = make(chan func(), 1024) }

// idle runs the results of background jobs until none is left running. Only tests use it
// (after runInTests): it stands in for the event loop, so no test needs to sleep.
func (u *UI) idle() {
	for u.pending.Load() > 0 {
		(<-u.testQueue)()
	}
}

// adopt makes v, just opened, the open vault. If the window is closing it closes v instead
// and returns false.
func (u *UI) adopt(v *storage.Vault) bool {
	if u.stopped.Load() || u.closing {
		if err := v.Close(); err != nil {
			log.Printf("carekeeper: closing the vault: %v", err)
		}
		return false
	}
	u.vault = v
	u.users = new(sync.WaitGroup)
	u.ctx, u.cancel = context.WithCancel(context.Background())
	return true
}

// lock closes the vault and goes back to the unlock screen. The records disappear from the
// window at once; the vault closes in the background once running jobs have stopped.
func (u *UI) lock() {
	if u.vault == nil || u.main == nil || u.closing {
		return
	}
	if u.shell != nil {
		u.shell.flushAnswers() // answers waiting out their undo time are saved first
		u.shown = &shownPerson{dir: u.dir, profile: u.shell.profile}
	}
	v, users := u.vault, u.users
	u.vault = nil
	// The key 'carekeeper unlock' kept for this vault goes too: Lock locks the command line.
	if err := storage.ForgetKeptKey(u.dir); err != nil {
		log.Printf("carekeeper: forgetting the key kept for the command line: %v", err)
	}
	u.cancel()
	u.auto.cancel()
	lockEngine := u.rem.onLock() // reminders keep firing, without health details
	// and caregiver alerts too, withdrawn by the household's answers read while locked (F558)
	watch := u.rem.watchWhileLocked(u.householdEnv)
	u.main.closeDialogs()
	if u.shell != nil {
		u.shell.closeDialogs()
		u.shell.close()
	}
	if u.fileDialog != nil {
		u.fileDialog.Hide() // calls forgetFileDialogFolder
	}
	clearOverlays(u.win.Canvas())
	released := make(chan struct{})
	u.released = released
	u.demo = false
	u.showStart()
	u.goWait(func() {
		lockEngine()
		users.Wait()
		watch(v)
		if err := v.Close(); err != nil {
			log.Printf("carekeeper: closing the vault: %v", err)
		}
		close(released)
	}, func() {})
}

// onCloseRequested closes the vault cleanly, then the window (and with it the app).
func (u *UI) onCloseRequested() {
	if u.closing {
		return
	}
	if u.shell != nil {
		u.shell.flushAnswers()
	}
	u.closing = true
	v, users := u.vault, u.users
	u.vault = nil
	if u.cancel != nil {
		u.cancel()
	}
	released := u.released
	stopEngine := u.rem.detach()
	u.goWait(func() {
		stopEngine()
		users.Wait()
		u.openers.Wait() // a vault they open is closed by adopt
		<-released
		if v != nil {
			if err := v.Close(); err != nil {
				log.Printf("carekeeper: closing the vault: %v", err)
			}
		}
	}, func() {
		// A vault opened while we waited was closed by adopt.
		u.win.Close()
	})
}

// Keyboard shortcuts: Ctrl+O (Cmd+O on macOS) imports, Ctrl+L locks, Ctrl+1…9 open the
// first nine screens and Ctrl+, opens Settings.
var (
	importShortcut   = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	lockShortcut     = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	settingsShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
	screenShortcuts  = func() []*desktop.CustomShortcut {
		keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
		out := make([]*desktop.CustomShortcut, len(keys))
		for i, k := range keys {
			out[i] = &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		}
		return out
	}()
)

func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(importShortcut, u.onShortcut)
	c.AddShortcut(lockShortcut, u.onShortcut)
	c.AddShortcut(settingsShortcut, u.onShortcut)
	for _, s := range screenShortcuts {
		c.AddShortcut(s, u.onShortcut)
	}
	// Typing anywhere counts as activity for auto-lock.
	c.SetOnTypedKey(func(*fyne.KeyEvent) { u.auto.poke() })
}

// onShortcut handles the window's shortcuts, also when forwarded by a focused widget that
// would otherwise swallow them (see readOnlyEntry).
func (u *UI) onShortcut(s fyne.Shortcut) {
	u.auto.poke()
	for i, sc := range screenShortcuts {
		if s.ShortcutName() == sc.ShortcutName() && u.shell != nil {
			u.shell.show(screen(i))
			return
		}
	}
	switch s.ShortcutName() {
	case settingsShortcut.ShortcutName():
		if u.shell != nil {
			u.shell.show(scSettings)
		}
	case importShortcut.ShortcutName():
		if u.main != nil {
			if u.shell != nil {
				u.shell.show(scFiles)
			}
			u.main.onImportFiles()
		}
	case lockShortcut.ShortcutName():
		u.lock()
	}
}

// onDropped imports files dropped onto the window while the records browser is shown. A
// dropped folder stands for the FHIR files directly in it.
func (u *UI) onDropped(_ fyne.Position, uris []fyne.URI) {
	if u.main == nil {
		return
	}
	u.main.importFiles(droppedFiles(uris))
}

// droppedFiles turns dropped items into the files to import.
func droppedFiles(uris []fyne.URI) []string {
	var paths []string
	for _, uri := range uris {
		if uri.Scheme() != "file" {
			continue
		}
		p := uri.Path()
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if intake.IsAppleHealthFolder(p) {
				paths = append(paths, p) // an unzipped Apple Health export is imported as one
				continue
			}
			inside, _ := importableFiles(p)
			paths = append(paths, inside...)
			continue
		}
		paths = append(paths, p)
	}
	return paths
}

// sentence capitalises msg and ends it with a full stop.
func sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") && !strings.HasSuffix(msg, "?") && !strings.HasSuffix(msg, "!") {
		msg += "."
	}
	return msg
}

// clearOverlays removes every pop-up and dialog from c, such as a file dialog left open.
func clearOverlays(c fyne.Canvas) {
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		c.Overlays().Remove(o)
	}
}
