package app

import (
	"context"
	"log"
	"os"
	"time"

	ckdesktop "carekeeper/internal/desktop"
	"carekeeper/internal/notify"
	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
)

// trayState is the system tray and what closing the window does. Reminders only fire while
// CareKeeper runs, so closing the window must not quietly stop them:
//   - with a tray host, closing hides the window and CareKeeper stays in the tray;
//   - without one (hiding would strand the person: no icon to come back through), closing
//     asks whether to keep reminders running (minimise) or quit.
type trayState struct {
	available bool                   // a tray host exists (SetTray)
	minimize  func(fyne.Window) bool // minimises the window; nil or false: not possible here
	menu      *fyne.Menu             // the tray menu (also built where Fyne cannot show it, for tests)
	next      *fyne.MenuItem         // "Today's next dose"
	lockItem  *fyne.MenuItem         // "Lock"
	ask       *dialog.ConfirmDialog  // "Keep reminders running?", while shown
	hidden    bool                   // the window is hidden in the tray
	setMenu   func(m *fyne.Menu)     // shows the menu in the tray (desktop.App); nil in tests
	label     string                 // the next-dose label shown
	askResult func(keepRunning bool) // tests: the answer given to ask
	autostart autostarter            // start at login; nil: the platform's (tests inject a fake)
}

// SetTray tells the UI whether a system tray host exists (main asks desktop.TrayAvailable).
// With one, the tray menu is installed: Open CareKeeper, Today's next dose, Lock, Quit.
func (u *UI) SetTray(available bool) {
	t := &u.tray
	t.available = available
	if !available {
		return
	}
	open := fyne.NewMenuItem(lang.L("Open CareKeeper"), u.showWindow)
	t.next = fyne.NewMenuItem(lang.L("No more doses today"), u.openToday)
	t.lockItem = fyne.NewMenuItem(lang.L("Lock"), u.lock)
	quit := fyne.NewMenuItem(lang.L("Quit"), u.quit)
	quit.IsQuit = true
	t.menu = fyne.NewMenu(Title, open, t.next, fyne.NewMenuItemSeparator(), t.lockItem, quit)
	if desk, ok := u.app.(desktop.App); ok {
		t.setMenu = desk.SetSystemTrayMenu
		desk.SetSystemTrayMenu(t.menu)
		desk.SetSystemTrayIcon(icon)
	}
	u.updateTray()
}

// SetMinimize gives the UI a way to minimise its window (main has the platform's); f returns
// false when it could not.
func (u *UI) SetMinimize(f func(fyne.Window) bool) { u.tray.minimize = f }

// Run shows the window and runs the app until it quits. background (carekeeper --background,
// started at login) starts hidden in the tray, or minimised where there is no tray.
func (u *UI) Run(background bool) {
	// Reminders fire from the saved lock-safe agenda until the first unlock.
	u.rem.startCold()
	minimize := false
	u.app.Lifecycle().SetOnStarted(func() {
		u.fitToScreen()
		if minimize && !u.minimizeWindow() {
			log.Printf("carekeeper: started at login; this desktop cannot minimise the window")
		}
	})
	if !background {
		u.win.ShowAndRun()
		return
	}
	u.announceBackground()
	if u.tray.available {
		u.tray.hidden = true
		u.app.Run()
		return
	}
	minimize = true
	u.win.ShowAndRun()
}

// announceBackground says once, at a background start without a saved agenda (the first run
// after installing), that reminders need the vault unlocked.
func (u *UI) announceBackground() {
	if u.rem.engine() != nil {
		return // reminders already fire from the saved agenda
	}
	n := u.rem.notifier()
	msg := remind.Message{Tag: "start", Title: Title,
		Body: lang.L("CareKeeper is running. Open it and unlock your vault to turn on today's reminders.")}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := n.Send(ctx, msg); err != nil {
			log.Printf("carekeeper: notification failed: %v", err)
		}
	}()
}

// minimizeWindow minimises the window, reporting whether that was possible.
func (u *UI) minimizeWindow() bool {
	return u.tray.minimize != nil && u.tray.minimize(u.win)
}

// showWindow brings the window forward (from the tray, a notification or minimised).
func (u *UI) showWindow() {
	u.tray.hidden = false
	u.win.Show()
	u.win.RequestFocus()
}

// openToday shows the window at Today.
func (u *UI) openToday() {
	u.showWindow()
	if u.shell != nil {
		u.shell.show(scToday)
	}
}

// quit closes the vault and the window, which ends the app (the window is the master).
func (u *UI) quit() {
	u.tray.available = false // closing now really closes
	u.onCloseRequested()
}

// onWindowClose is the window's close button: hide to the tray, ask, or quit.
func (u *UI) onWindowClose() {
	if u.closing {
		return
	}
	switch {
	case u.tray.available:
		u.tray.hidden = true
		u.win.Hide()
	case u.rem.engine() == nil:
		u.onCloseRequested() // no reminders to keep: quit
	default:
		u.askKeepRunning()
	}
}

// askKeepRunning asks, where there is no tray, whether to keep reminders running.
func (u *UI) askKeepRunning() {
	if u.tray.ask != nil {
		return
	}
	text := lang.L("Reminders only come while CareKeeper is running. This desktop has no system tray, so CareKeeper can keep running as a minimised window.")
	keep := lang.L("Keep running (minimise)")
	if u.tray.minimize == nil {
		text = lang.L("Reminders only come while CareKeeper is running. This desktop has no system tray, so keep the window open (you can minimise it yourself).")
		keep = lang.L("Keep running")
	}
	d := dialog.NewConfirm(lang.L("Keep reminders running?"), text, u.onKeepRunning, u.win)
	d.SetConfirmText(keep)
	d.SetDismissText(lang.L("Quit"))
	u.tray.ask = d
	d.Show()
}

func (u *UI) onKeepRunning(keep bool) {
	u.tray.ask = nil
	if u.tray.askResult != nil {
		u.tray.askResult(keep)
	}
	if !keep {
		u.onCloseRequested()
		return
	}
	u.minimizeWindow()
}

// updateTray sets the tray's "next dose" line: the person and time only, never a medicine.
func (u *UI) updateTray() {
	t := &u.tray
	if t.next == nil {
		return
	}
	label := lang.L("No more doses today")
	now := u.rem.now()
	if eng := u.rem.engine(); eng != nil {
		if due := eng.DueNow(); len(due) > 0 {
			label = lang.L("Doses due now") + " — " + due[0].Person
		} else if u.rem.locked {
			for _, f := range u.rem.lockedNext {
				if f.At.After(now) && sameDay(f.At, now, u.rem.device()) {
					label = f.Text.Title
					break
				}
			}
		} else {
			for _, r := range eng.Agenda() {
				if r.Kind == remind.KindDose && sameDay(r.At, now, u.rem.device()) {
					label = lang.L("Next dose") + " " + r.At.In(u.rem.device()).Format("15:04") + " — " + r.Person
					break
				}
			}
		}
	}
	if label == t.label {
		return
	}
	t.label = label
	t.next.Label = label
	if t.setMenu != nil {
		t.setMenu(t.menu)
	}
}

// sameDay reports whether a and b fall on the same calendar day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	ya, ma, da := a.In(loc).Date()
	yb, mb, db := b.In(loc).Date()
	return ya == yb && ma == mb && da == db
}

// autostarter starts CareKeeper at login (internal/desktop.Autostart).
type autostarter interface {
	Enable() error
	Disable() error
	Enabled() (bool, error)
}

// autostart is the login entry: this executable with --background.
func (u *UI) autostart() autostarter {
	if u.tray.autostart != nil {
		return u.tray.autostart
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "carekeeper"
	}
	return ckdesktop.Autostart{AppID: notify.DesktopEntry, Name: Title, Exec: exe, Args: []string{"--background"}}
}
