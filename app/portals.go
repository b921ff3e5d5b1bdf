package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/clinic"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/smart"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// portalHTTP is the client for discovery and sign-in. It never retries: authorization codes
// are single-use.
var portalHTTP = &http.Client{Timeout: 60 * time.Second}

// openBrowser opens the sign-in page in the system browser; tests replace it and play the
// browser themselves.
var openBrowser = smart.OpenBrowser

// backgroundSync turns on the sync scheduler while the vault is unlocked (tests turn it off:
// it runs until the vault locks, and tests drive syncs with "Sync now").
var backgroundSync = true

// signInTimeout is how long the app waits for the portal to come back after sign-in.
const signInTimeout = 10 * time.Minute

// portalsPage is the "Portals and files" screen: the portals with their last sync, connect,
// sync now; the records browser with import; export, backup and the visit summary.
type portalsPage struct {
	s       *shell
	tabs    *container.AppTabs
	heading *widget.Label   // hidden while narrow
	box     *fyne.Container // the tabs, in tabsFold

	sub      *widget.Label
	list     *rowList
	rows     []row
	portals  []cksync.Portal
	connect  *widget.Button
	syncBt   *widget.Button
	progress *fyne.Container
	progL    *widget.Label
	progBar  *widget.ProgressBarInfinite
	cancelBt *widget.Button
	lastRun  *widget.Label

	emptyState *emptyState
	tools      *fyne.Container // Connect a portal… and Sync now, above the list

	running  context.CancelFunc              // the "Sync now" running, if any
	results  map[string]*cksync.Result       // the last result per portal (this session)
	flow     *connectFlow                    // the connect dialog, if open
	signin   *signInFlow                     // the sign-in wait, if any
	onSynced func(map[string]*cksync.Result) // tests: called after a "Sync now" ends
}

func newPortalsPage(s *shell) *portalsPage {
	p := &portalsPage{s: s, list: newRowList(), sub: lowText(""), results: map[string]*cksync.Result{}, lastRun: lowText("")}
	p.connect = widget.NewButtonWithIcon(lang.L("Connect a portal…"), theme.ContentAddIcon(), func() { p.openConnect("") })
	p.connect.Importance = widget.HighImportance
	p.syncBt = widget.NewButtonWithIcon(lang.L("Sync now"), theme.ViewRefreshIcon(), func() { p.syncNow("") })
	p.progL = widget.NewLabel("")
	p.progL.Truncation = fyne.TextTruncateEllipsis
	p.progBar = widget.NewProgressBarInfinite()
	p.progBar.Stop()
	p.cancelBt = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), p.cancelSync)
	p.progress = container.NewBorder(nil, nil, nil, p.cancelBt, container.NewVBox(p.progL, p.progBar))
	p.progress.Hide()
	p.lastRun.Hide()
	empty := newEmptyState(theme.LoginIcon(), lang.L("No portals connected"),
		lang.L("Connect your doctor's or hospital's patient portal and CareKeeper fetches your records from it, straight to this computer. You sign in on the portal's own page in your web browser."),
		lang.L("Connect a portal…"), func() { p.openConnect("") })
	empty.Hide()
	p.sub.SetText(lang.L("Records come straight from each portal to this computer. Connected portals sync every few hours while CareKeeper is unlocked."))
	p.tools = container.NewHBox(p.connect, p.syncBt)
	top := container.NewVBox(p.sub, p.tools, p.progress, p.lastRun)
	portalsTab := container.NewBorder(top, nil, nil, nil, container.NewStack(p.list.list, empty.CanvasObject))
	p.emptyState = empty

	p.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Portals"), theme.LoginIcon(), portalsTab),
		// Not in a scroll of its own: its lists scroll, and in one they got their least height,
		// a row and a half, at 200 % text on a small screen.
		container.NewTabItemWithIcon(lang.L("Records and files"), theme.FolderOpenIcon(), s.m.content),
		container.NewTabItemWithIcon(lang.L("Export and backup"), theme.DocumentSaveIcon(), p.exportTab()),
	)
	return p
}

func (p *portalsPage) view() fyne.CanvasObject {
	if p.heading == nil {
		p.heading = heading2(lang.L("Portals and files"))
	}
	if p.box == nil {
		p.box = container.New(&tabsFold{p: p}, p.tabs)
		p.s.m.onFold = p.box.Refresh
	}
	return container.NewBorder(p.heading, nil, nil, nil, p.box)
}

// tabsFold places the tabs. While Records and files is folded (mainScreen.folded: a small,
// low window with a record open or the lists scrolled down) the tabs' bar is moved above the
// screen's top, where the screen's scroll hides it, and the records get its height too: at 200 %
// text on a 1024×600 screen the bar and the import buttons left the lists ~100 px (F119). The
// tabs' buttons take no keyboard focus, so none is hidden from the keys.
type tabsFold struct{ p *portalsPage }

func (l *tabsFold) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l *tabsFold) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	tabs, m := objs[0], l.p.s.m
	if m.folded && l.p.tabs.SelectedIndex() == 1 && m.barH > 0 {
		// A padding more: the selected tab's underline reaches into the content's padding.
		up := m.barH + theme.Padding()
		tabs.Move(fyne.NewPos(0, -up))
		tabs.Resize(fyne.NewSize(size.Width, size.Height+up))
		return
	}
	tabs.Move(fyne.NewPos(0, 0))
	tabs.Resize(size)
	if it := l.p.tabs.Selected(); it != nil && it.Content.Visible() {
		m.barH = it.Content.Position().Y
	}
}

// narrow hides the screen's heading while the top bar's navigation says its name (a narrow
// window): under it, the tabs and the records browser need the height.
func (p *portalsPage) narrow(on bool) {
	if p.heading == nil || on == !p.heading.Visible() {
		return
	}
	if on {
		p.heading.Hide()
	} else {
		p.heading.Show()
	}
}

// portalsPage is the shell's Portals and files screen.
func (s *shell) portalsPage() *portalsPage {
	p, _ := s.pages[scFiles].(*portalsPage)
	return p
}

func (p *portalsPage) compute(d *pageData) func() {
	ps, err := cksync.Portals(d.ctx, d.v)
	now := d.now
	people := d.people
	return func() {
		if err != nil {
			p.s.m.showError(lang.L("Could not read the portals"), err)
			return
		}
		p.setPortals(ps, people, now)
	}
}

// reload reads the portals again (after connecting or syncing).
func (p *portalsPage) reload() {
	s := p.s
	var (
		ps  []cksync.Portal
		err error
	)
	ctx, v := s.u.ctx, s.v
	s.u.goVault(func() { ps, err = cksync.Portals(ctx, v) }, func() {
		if !s.isCurrent() || err != nil {
			return
		}
		p.setPortals(ps, s.people, s.u.auto.clock.Now())
	})
}

func (p *portalsPage) setPortals(ps []cksync.Portal, people []storage.Profile, now time.Time) {
	p.portals = ps
	var rows []row
	for _, pt := range ps {
		pt := pt
		sub := portalStatusWords(&pt, now)
		if r := p.results[pt.ID]; r != nil {
			sub += " · " + resultWords(r)
		}
		person := lang.L("person chosen at the first sync")
		for _, pp := range people {
			if pp.ID == pt.Profile {
				person = headingName(pp.Name)
			}
		}
		icon := theme.ConfirmIcon()
		switch {
		case !pt.Connected || pt.Status == cksync.StatusSignInAgain:
			icon = theme.LoginIcon()
		case pt.Status == cksync.StatusIncomplete || pt.Status == cksync.StatusOffline || pt.Status == cksync.StatusRetryLater:
			icon = theme.WarningIcon()
		}
		right := lang.L("Connected")
		if !pt.Connected {
			right = lang.L("Not connected")
		}
		rows = append(rows, row{Title: pt.Name + " · " + person, Sub: sub, Right: right, Icon: icon,
			Warn:  pt.Status == cksync.StatusSignInAgain || pt.Status == cksync.StatusIncomplete,
			OnTap: func() { p.portalActions(pt) }})
	}
	p.rows = rows
	p.list.set(rows)
	if len(rows) == 0 {
		// The empty state says what a portal is and has the button: the words and buttons
		// above it said it again, and at 200 % text on 1024×600 pushed the tab into
		// scrolling as a whole.
		p.list.list.Hide()
		p.sub.Hide()
		p.tools.Hide()
		p.emptyState.Show()
		p.syncBt.Disable()
	} else {
		p.emptyState.Hide()
		p.sub.Show()
		p.tools.Show()
		p.list.list.Show()
		if p.running == nil {
			p.syncBt.Enable()
		}
	}
}

// resultWords describes a sync result: "12 new, 3 changed" or why it is incomplete.
func resultWords(r *cksync.Result) string {
	var added, updated, deleted int
	for _, c := range r.Resources {
		added += c.Added
		updated += c.Updated
		deleted += c.Deleted
	}
	var parts []string
	if added+updated+deleted == 0 {
		parts = append(parts, lang.L("nothing new"))
	} else {
		parts = append(parts, fmt.Sprintf(lang.L("%d new, %d changed, %d deleted at the portal"), added, updated, deleted))
	}
	if !r.Complete {
		parts = append(parts, syncProblemWords(r))
	}
	return strings.Join(parts, ", ")
}

// syncProblemWords says in plain words why a sync is not complete and what to do; the
// portal's own reason follows as the detail.
func syncProblemWords(r *cksync.Result) string {
	var words string
	switch {
	case r.SignInAgain:
		words = lang.L("not finished: the portal asks you to sign in again. Choose the portal and sign in.")
	case r.Offline:
		words = lang.L("not finished: CareKeeper could not reach the portal. Check the address and your connection.")
	case r.RetryAfter > 0:
		words = lang.L("not finished: the portal is busy. CareKeeper tries again later.")
	default:
		words = lang.L("not finished: some records did not come. CareKeeper tries again at the next sync.")
	}
	if r.Error != "" {
		words += " " + lang.L("Details") + ": " + sentence(r.Error)
	}
	return words
}

// portalActions offers what can be done with a portal.
func (p *portalsPage) portalActions(pt cksync.Portal) {
	var d dialog.Dialog
	info := widget.NewForm(
		widget.NewFormItem(lang.L("Address"), lowText(pt.FHIR)),
		widget.NewFormItem(lang.L("Status"), lowText(portalStatusWords(&pt, p.s.u.auto.clock.Now()))),
	)
	sign := widget.NewButtonWithIcon(lang.L("Sign in again"), theme.LoginIcon(), func() { d.Hide(); p.signIn(pt.ID) })
	if !pt.Connected {
		sign.SetText(lang.L("Sign in"))
		sign.Importance = widget.HighImportance
	}
	syncOne := widget.NewButtonWithIcon(lang.L("Sync this portal now"), theme.ViewRefreshIcon(), func() { d.Hide(); p.syncNow(pt.ID) })
	if !pt.Connected || p.running != nil {
		syncOne.Disable()
	}
	d = dialog.NewCustom(pt.Name, lang.L("Close"), container.NewVBox(info, container.NewHBox(sign, syncOne)), p.s.u.win)
	d.Show()
}

// Sync now.

// syncSlot is the one-at-a-time token shared by "Sync now" and the scheduler.
func (u *UI) syncSlot() chan struct{} {
	if u.syncing == nil {
		u.syncing = make(chan struct{}, 1)
	}
	return u.syncing
}

// lockedSync runs one portal's sync once no other sync runs.
func lockedSync(slot chan struct{}) func(ctx context.Context, v *storage.Vault, id string, opt cksync.SyncOptions) (*cksync.Result, error) {
	return func(ctx context.Context, v *storage.Vault, id string, opt cksync.SyncOptions) (*cksync.Result, error) {
		select {
		case slot <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-slot }()
		return cksync.SyncPortal(ctx, v, id, opt)
	}
}

// syncNow syncs one portal (id) or every connected one (""), showing progress; Cancel stops it.
func (p *portalsPage) syncNow(id string) {
	s := p.s
	if p.running != nil || s.u.vault == nil {
		return
	}
	var ids []string
	names := map[string]string{}
	for _, pt := range p.portals {
		names[pt.ID] = pt.Name
		if pt.Connected && (id == "" || pt.ID == id) {
			ids = append(ids, pt.ID)
		}
	}
	if len(ids) == 0 {
		dialog.NewInformation(lang.L("Nothing to sync"), lang.L("Sign in to a portal first: choose it in the list."), s.u.win).Show()
		return
	}
	ctx, cancel := context.WithCancel(s.u.ctx)
	p.running = cancel
	p.syncBt.Disable()
	p.cancelBt.Enable()
	p.progL.SetText(lang.L("Starting the sync…"))
	p.progress.Show()
	p.progBar.Start()
	v := s.v
	run := lockedSync(s.u.syncSlot())
	results := map[string]*cksync.Result{}
	errs := map[string]error{}
	s.u.goVault(func() {
		for _, pid := range ids {
			name := names[pid]
			opt := cksync.SyncOptions{HTTPClient: syncHTTP, Progress: func(pr cksync.Progress) {
				if pr.Done {
					return
				}
				text := count(pr.Total, "Syncing {{.Name}}: {{.Count}} records so far", map[string]any{"Name": name})
				if pr.Type != "" {
					text += " · " + typeLabel(pr.Type)
				}
				s.u.toUI(func() {
					if p.running != nil {
						p.progL.SetText(text)
					}
				})
			}}
			r, err := run(ctx, v, pid, opt)
			if r != nil && err == nil { // with an error, the error is what is shown
				results[pid] = r
			}
			if err != nil {
				errs[pid] = err
			}
			if ctx.Err() != nil {
				break
			}
		}
	}, func() {
		cancelled := ctx.Err() != nil
		cancel()
		p.running = nil
		p.progBar.Stop()
		p.progress.Hide()
		p.syncBt.Enable()
		if !s.isCurrent() {
			return
		}
		for k := range errs {
			delete(p.results, k)
		}
		for k, r := range results {
			p.results[k] = r
		}
		p.lastRun.SetText(p.summaryWords(ids, names, results, errs, cancelled))
		p.lastRun.Show()
		p.reload()
		s.m.loadPeople("") // new records (and perhaps a new person) arrived: reload the screens
		if p.onSynced != nil {
			p.onSynced(results)
		}
	})
}

// syncHTTP is the HTTP client of syncs started from the app (nil: the engine's default).
var syncHTTP *http.Client

// summaryWords says how a "Sync now" went, one sentence per portal.
func (p *portalsPage) summaryWords(ids []string, names map[string]string, res map[string]*cksync.Result, errs map[string]error, cancelled bool) string {
	var lines []string
	if cancelled {
		lines = append(lines, lang.L("Sync cancelled. What was fetched is kept; the next sync carries on from there."))
	}
	for _, id := range ids {
		switch {
		case errs[id] != nil && !errors.Is(errs[id], context.Canceled):
			lines = append(lines, names[id]+": "+syncErrorText(errs[id]))
		case res[id] != nil:
			lines = append(lines, names[id]+": "+resultWords(res[id]))
		}
	}
	return strings.Join(lines, "\n")
}

// syncErrorText is a sync failure in plain words.
func syncErrorText(err error) string {
	switch {
	case errors.Is(err, cksync.ErrNotConnected):
		return lang.L("not signed in: choose the portal and sign in.")
	case errors.Is(err, cksync.ErrSignInAgain):
		return lang.L("the portal needs you to sign in again.")
	}
	return errorText(err)
}

func (p *portalsPage) cancelSync() {
	if p.running != nil {
		p.cancelBt.Disable()
		p.progL.SetText(lang.L("Cancelling…"))
		p.running()
	}
}

// The background scheduler.

// startSync runs the sync scheduler while the vault is unlocked: every connected portal at
// start and then every 6 hours (or the clinic's interval). Locking ends it (u.ctx) and waits
// for it (u.users) before closing the vault.
func (u *UI) startSync() {
	if !backgroundSync || u.vault == nil {
		return
	}
	every := cksync.DefaultEvery
	if h := u.clinicPolicies().SyncIntervalHours; h > 0 {
		every = time.Duration(h) * time.Hour
	}
	s := u.shell
	sched := &cksync.Scheduler{
		Vault: u.vault,
		Every: every,
		Sync:  lockedSync(u.syncSlot()),
		OnResult: func(portal string, r *cksync.Result, err error) {
			u.post(func() {
				if u.shell != s || s == nil {
					return
				}
				if p := s.portalsPage(); p != nil {
					if r != nil && err == nil {
						p.results[portal] = r
					} else {
						delete(p.results, portal) // not an older result's words: the status says what happened
					}
					p.reload()
				}
				if r != nil && sumChanged(r) > 0 {
					s.m.loadPeople("")
				}
			})
		},
	}
	u.sched = sched
	ctx, users := u.ctx, u.users
	users.Add(1)
	go func() {
		defer users.Done()
		_ = sched.Run(ctx)
	}()
}

func sumChanged(r *cksync.Result) int {
	n := 0
	for _, c := range r.Resources {
		n += c.Added + c.Updated + c.Deleted
	}
	return n
}

// Connecting a portal.

// connectFlow is the "Connect a portal" dialog.
type connectFlow struct {
	dialog   *dialog.CustomDialog
	preset   *widget.Select
	name     *widget.Entry
	base     *widget.Entry
	clientID *widget.Entry
	port     *widget.Entry
	person   *widget.Select
	advanced *widget.Accordion // client id and redirect port, folded (F250)
	message  messageLabel
	goBt     *widget.Button
	presets  []clinic.Portal
}

// openConnect asks for the portal: a clinic's preset or a FHIR address and client id.
func (p *portalsPage) openConnect(_ string) {
	s := p.s
	f := &connectFlow{name: widget.NewEntry(), base: widget.NewEntry(), clientID: widget.NewEntry(), port: widget.NewEntry(),
		message: newMessageLabel()}
	f.name.SetPlaceHolder(lang.L("e.g. City Hospital"))
	f.base.SetPlaceHolder("https://fhir.example.org/r4")
	f.clientID.SetPlaceHolder(cksync.DefaultClientID)
	f.port.SetPlaceHolder(lang.L("any free port"))
	var personNames []string
	personNames = append(personNames, lang.L("Whoever the portal's records are about"))
	personNames = append(personNames, personLabels(s.people)...)
	f.person = widget.NewSelect(personNames, nil)
	f.person.SetSelectedIndex(0)
	if s.profile != "" {
		for i, pp := range s.people {
			if pp.ID == s.profile {
				f.person.SetSelectedIndex(i + 1)
			}
		}
	}
	items := []*widget.FormItem{}
	f.presets = s.u.clinicPortals()
	if len(f.presets) > 0 {
		var names []string
		for _, cp := range f.presets {
			names = append(names, cp.Name)
		}
		f.preset = widget.NewSelect(names, func(name string) {
			for _, cp := range f.presets {
				if cp.Name == name {
					f.name.SetText(cp.Name)
					f.base.SetText(cp.FHIRBaseURL)
					f.clientID.SetText(cp.ClientID)
					if cp.RedirectPort > 0 {
						f.port.SetText(strconv.Itoa(cp.RedirectPort))
					} else {
						f.port.SetText("")
					}
				}
			}
		})
		f.preset.PlaceHolder = lang.L("Choose one, or enter another below")
		items = append(items, widget.NewFormItem(lang.L("Offered by your clinic"), boxed(f.preset, nil)))
	}
	// Plain words first: the clinic's name and its portal's address for apps; the client id
	// and redirect port, which a patient has never heard of, folded under Advanced with their
	// defaults (F250).
	items = append(items,
		widget.NewFormItem(lang.L("Clinic or portal"), f.name),
		widget.NewFormItem(lang.L("Portal address"), f.base),
		widget.NewFormItem(lang.L("Records of"), boxed(f.person, nil)),
	)
	form := widget.NewForm(items...)
	f.advanced = widget.NewAccordion(widget.NewAccordionItem(lang.L("Advanced: only if your clinic gave you these"),
		widget.NewForm(
			widget.NewFormItem(lang.L("Client id"), f.clientID),
			widget.NewFormItem(lang.L("Redirect port"), f.port),
		)))
	help := lowText(lang.L("Sign in to your clinic's patient portal from CareKeeper. The portal address is the web address " +
		"for patient apps: it is on your portal's help pages (sometimes called the \"FHIR endpoint\"), or ask your clinic " +
		"which address to use for an app like CareKeeper."))
	f.goBt = widget.NewButtonWithIcon(lang.L("Check and sign in"), theme.LoginIcon(), func() { p.submitConnect(f) })
	f.goBt.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("Cancel"), func() { f.dialog.Hide() })
	// The form scrolls with the message and the buttons below it: at 200 % text on a 1024×600
	// screen the dialog ran off the window, its buttons over the Redirect port row and "Records
	// of" cut below them (F87, vapp26).
	inner := container.New(columnLayout{width: 520}, help, form, f.advanced)
	content := container.NewBorder(nil, f.message.Label, nil, nil, container.NewVScroll(inner))
	f.dialog = dialog.NewCustomWithoutButtons(lang.L("Connect a portal"), content, s.u.win)
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.goBt})
	escapePresses(f.dialog, cancel)
	fitDialog(f.dialog, s.u.win, 580, inner.MinSize().Height+f.dialog.MinSize().Height)
	f.dialog.SetOnClosed(func() {
		if p.flow == f {
			p.flow = nil
		}
	})
	p.flow = f
	f.dialog.Show()
	s.u.win.Canvas().Focus(f.name)
}

// submitConnect checks the portal (discovery and what it supports), saves it, and starts the sign-in.
func (p *portalsPage) submitConnect(f *connectFlow) {
	s := p.s
	name := strings.TrimSpace(f.name.Text)
	base := strings.TrimSpace(f.base.Text)
	clientID := strings.TrimSpace(f.clientID.Text)
	port := 0
	switch {
	case base == "":
		f.message.setError(lang.L("Enter the portal's address."))
		return
	case !strings.HasPrefix(base, "https://") && !strings.HasPrefix(base, "http://127.0.0.1") && !strings.HasPrefix(base, "http://localhost"):
		f.message.setError(lang.L("The portal's address must start with https://."))
		return
	}
	if t := strings.TrimSpace(f.port.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > 65535 {
			f.advanced.Open(0)
			f.message.setError(lang.L("The redirect port (under Advanced) is a number from 1 to 65535, or empty."))
			return
		}
		port = n
	}
	if name == "" {
		name = hostName(base)
	}
	profile := ""
	if i := f.person.SelectedIndex(); i > 0 && i-1 < len(s.people) {
		profile = s.people[i-1].ID
	}
	f.message.setHint(lang.L("Checking the portal…"))
	f.goBt.Disable()
	ctx, v, now := s.u.ctx, s.v, s.u.auto.clock.Now()
	var (
		pt       *cksync.Portal
		warnings []string
		err      error
	)
	s.u.goVault(func() {
		var cfg *smart.Configuration
		cfg, err = smart.Discover(ctx, portalHTTP, base)
		if err != nil {
			err = fmt.Errorf("%s %w", lang.L("CareKeeper could not read the portal's sign-in settings:"), err)
			return
		}
		if err = cfg.Check(); err != nil {
			return
		}
		warnings = cfg.Warnings()
		pt, err = cksync.AddPortal(ctx, v, cksync.Portal{Name: name, FHIR: base, ClientID: clientID, Profile: profile,
			RedirectPort: port, Config: cfg}, now)
	}, func() {
		if !s.isCurrent() {
			return
		}
		f.goBt.Enable()
		if err != nil {
			f.message.setError(connectErrorText(err))
			return
		}
		f.dialog.Hide()
		p.reload()
		p.startSignIn(pt, warnings)
	})
}

// connectErrorText says in plain words why a portal cannot be used.
func connectErrorText(err error) string {
	var ce *smart.CheckError
	if errors.As(err, &ce) {
		return lang.L("This portal cannot be used with CareKeeper:") + "\n• " + strings.Join(ce.Missing, "\n• ")
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "smart: ")
	return sentence(msg)
}

// hostName is the host of a URL, as a default portal name.
func hostName(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		raw = raw[i+3:]
	}
	if i := strings.IndexAny(raw, "/:"); i >= 0 {
		raw = raw[:i]
	}
	return raw
}

// signInFlow is the wait for the sign-in in the browser.
type signInFlow struct {
	dialog  *dialog.CustomDialog
	url     *widget.Entry
	copyBt  *widget.Button
	message messageLabel
	cancel  context.CancelFunc
	login   *smart.Login
}

// signIn signs in to a saved portal (first time or again).
func (p *portalsPage) signIn(id string) {
	for _, pt := range p.portals {
		if pt.ID == id {
			pt := pt
			p.startSignIn(&pt, nil)
			return
		}
	}
	// Not listed yet: read it.
	s := p.s
	var (
		pt  *cksync.Portal
		err error
	)
	s.u.goVault(func() { pt, err = cksync.GetPortal(s.v, id) }, func() {
		if s.isCurrent() && err == nil {
			p.startSignIn(pt, nil)
		}
	})
}

// startSignIn opens the portal's sign-in page in the system browser, shows its address with
// a copy button, and waits (up to 10 minutes) for the portal to come back to 127.0.0.1.
func (p *portalsPage) startSignIn(pt *cksync.Portal, warnings []string) {
	s := p.s
	if p.signin != nil {
		p.signin.cancel()
	}
	ctx, cancel := context.WithTimeout(s.u.ctx, signInTimeout)
	f := &signInFlow{cancel: cancel, message: newMessageLabel(), url: widget.NewEntry()}
	f.url.Disable()
	f.url.SetPlaceHolder(lang.L("Preparing the sign-in…"))
	f.copyBt = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), func() {
		s.u.app.Clipboard().SetContent(f.url.Text)
	})
	openBt := widget.NewButtonWithIcon(lang.L("Open the browser again"), theme.ComputerIcon(), func() {
		if f.url.Text != "" {
			_ = openBrowser(f.url.Text)
		}
	})
	text := paragraph(fmt.Sprintf(lang.L("Sign in to %s in your web browser and allow CareKeeper to read your records. When the page says you can close it, come back here."), pt.Name))
	hint := lowText(lang.L("If no browser opened, copy this address into your browser:"))
	parts := []fyne.CanvasObject{text, hint, container.NewBorder(nil, nil, nil, f.copyBt, f.url), openBt}
	if len(warnings) > 0 {
		w := lowText(lang.L("Good to know:") + "\n• " + strings.Join(warnings, "\n• "))
		parts = append(parts, w)
	}
	parts = append(parts, f.message.Label)
	bar := widget.NewProgressBarInfinite()
	parts = append(parts, bar)
	cancelBt := widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { cancel(); f.dialog.Hide() })
	f.dialog = dialog.NewCustomWithoutButtons(lang.L("Sign in"), container.New(columnLayout{width: 520}, parts...), s.u.win)
	f.dialog.SetButtons([]fyne.CanvasObject{cancelBt})
	escapePresses(f.dialog, cancelBt)
	f.dialog.SetOnClosed(func() {
		cancel()
		bar.Stop()
		if p.signin == f {
			p.signin = nil
		}
	})
	p.signin = f
	f.dialog.Show()

	v := s.v
	var (
		login *smart.Login
		err   error
	)
	s.u.goVault(func() {
		cfg := pt.Config
		if cfg == nil {
			if cfg, err = smart.Discover(ctx, portalHTTP, pt.FHIR); err != nil {
				return
			}
			pt.Config = cfg
		}
		login, err = smart.Begin(ctx, portalHTTP, cfg, pt.ClientID, pt.RedirectPort)
	}, func() {
		if err != nil {
			cancel()
			if s.isCurrent() && p.signin == f {
				f.message.setError(connectErrorText(err))
				bar.Stop()
			}
			return
		}
		if !s.isCurrent() || p.signin != f || ctx.Err() != nil {
			login.Close()
			return
		}
		f.login = login
		f.url.SetText(login.AuthorizeURL)
		f.url.Enable()
		if oerr := openBrowser(login.AuthorizeURL); oerr != nil {
			f.message.setHint(lang.L("No browser could be opened: copy the address above into one."))
		}
		p.waitSignIn(ctx, f, pt, v)
	})
}

// waitSignIn waits for the redirect, exchanges the code once, and saves the sign-in.
func (p *portalsPage) waitSignIn(ctx context.Context, f *signInFlow, pt *cksync.Portal, v *storage.Vault) {
	s := p.s
	var err error
	s.u.goVault(func() {
		defer f.login.Close()
		var tok *smart.Token
		tok, err = f.login.Wait(ctx)
		if err != nil {
			return
		}
		err = cksync.Connected(ctx, v, pt, tok)
	}, func() {
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
		f.cancel()
		if !s.isCurrent() {
			return
		}
		if err != nil {
			if p.signin == f && !errors.Is(err, context.Canceled) && !errors.Is(err, smart.ErrLoginClosed) {
				msg := connectErrorText(err)
				if timedOut {
					msg = lang.L("No sign-in within 10 minutes. Choose the portal and sign in again.")
				}
				f.message.setError(msg)
			}
			p.reload()
			return
		}
		if p.signin == f {
			f.dialog.Hide()
		}
		p.reload()
		p.syncAfterConnect(pt.ID)
	})
}

// syncAfterConnect starts the first sync of a portal just connected (once the list is read).
func (p *portalsPage) syncAfterConnect(id string) {
	s := p.s
	var (
		ps  []cksync.Portal
		err error
	)
	ctx, v := s.u.ctx, s.v
	s.u.goVault(func() { ps, err = cksync.Portals(ctx, v) }, func() {
		if !s.isCurrent() || err != nil {
			return
		}
		p.setPortals(ps, s.people, s.u.auto.clock.Now())
		p.syncNow(id)
	})
}
