package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"carekeeper/internal/health"
	"carekeeper/internal/intake"
	"carekeeper/internal/shc"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// importSuffixes are the file names folder import picks up: FHIR files, C-CDA documents and
// XDM or Apple Health zips, SMART Health Card files. QR images are imported when chosen or
// dropped, not picked out of a folder of photos. The file's content decides how it is read
// (internal/intake), not its name.
var importSuffixes = []string{".json", ".ndjson", ".jsonl", ".json.gz", ".ndjson.gz", ".jsonl.gz",
	".xml", ".zip", ".smart-health-card", ".xml.gz", ".zip.gz", ".smart-health-card.gz"}

// isImportable reports whether a file name looks like a FHIR file we can import.
func isImportable(name string) bool {
	if strings.HasPrefix(name, ".") {
		return false
	}
	lower := strings.ToLower(name)
	for _, s := range importSuffixes {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

// fileDialogFolderKey is where Fyne's file dialog remembers the last folder, in the plaintext
// preferences file. A folder name can say something about someone's health, so we keep the
// folder in memory instead and remove the key whenever a dialog closes.
const fileDialogFolderKey = "fyne:fileDialogLastFolder"

func (u *UI) forgetFileDialogFolder() {
	if p := u.app.Preferences(); p.String(fileDialogFolderKey) != "" {
		p.RemoveValue(fileDialogFolderKey) // only when set: every change rewrites the file
	}
}

// showFileDialog sizes d, opens it where the last import was, and forgets the folder after.
// confirm is its button's word, said for what the dialog does ("Import", "Save", "Choose"):
// Fyne titles a dialog without a title "<confirm> File" (an export said "Import File", F58).
func (u *UI) showFileDialog(d *dialog.FileDialog, confirm string) {
	if u.lastImportDir != "" {
		if l, err := fynestorage.ListerForURI(fynestorage.NewFileURI(u.lastImportDir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.SetConfirmText(confirm)
	d.SetOnClosed(func() {
		if u.fileDialog == d {
			u.fileDialog = nil
		}
		u.forgetFileDialogFolder()
	})
	fitDialog(d, u.win, 860, 600)
	u.fileDialog = d
	d.Show()
}

// onImportFiles asks for FHIR files to import into the person chosen in the records browser
// (Ctrl+O).
func (m *mainScreen) onImportFiles() { m.pickFiles(m.selected) }

// pickFiles asks for FHIR files to import into profile ("": whoever each file is about): a
// file, then (when its folder holds more) which of the folder's files.
// pickExts are the files the import window lists: those CareKeeper reads, and the documents
// and photos a portal also gives (a PDF, a Word document, an iPhone photo), which are refused
// with a line saying what they are and that CareKeeper reads the records themselves — hidden,
// the person whose portal gave "My lab results.pdf" saw an empty folder and never that line
// (F354).
var pickExts = []string{".json", ".ndjson", ".jsonl", ".gz", ".xml", ".zip", ".smart-health-card", ".png", ".jpg", ".jpeg", ".txt",
	".pdf", ".doc", ".rtf", ".heic", ".gif", ".tif", ".tiff"}

func (m *mainScreen) pickFiles(profile string) {
	if m.importing != nil || !m.current() {
		return
	}
	if profile != "" && m.v.ViewOnly(profile) {
		// Said before a file is chosen, not refused after (the empty states' Import records,
		// Ctrl+O in the records browser).
		m.showError(lang.L("Could not import"), storage.ErrViewOnly)
		return
	}
	if _, ok := m.v.NotShared(profile); profile != "" && ok {
		m.showError(lang.L("Could not import"), storage.ErrNotShared)
		return
	}
	m.pickProfile = profile
	d := dialog.NewFileOpen(m.onFileChosen, m.u.win)
	d.SetFilter(fynestorage.NewExtensionFileFilter(pickExts))
	d.SetTitleText(lang.L("Import a health record file"))
	m.u.showFileDialog(d, lang.L("Import"))
}

func (m *mainScreen) onFileChosen(r fyne.URIReadCloser, err error) {
	if err != nil {
		m.showError(lang.L("Could not open the file"), err)
		return
	}
	if r == nil {
		return // cancelled
	}
	path := r.URI().Path()
	r.Close()
	m.u.lastImportDir = filepath.Dir(path)
	others, err := importableFiles(filepath.Dir(path))
	if intake.IsAppleHealthFolder(filepath.Dir(path)) {
		others = nil // export.xml of an unzipped export: the folder is the export
		path = filepath.Dir(path)
	}
	if err != nil || len(others) < 2 {
		m.importInto([]string{path}, m.pickProfile)
		return
	}
	m.chooseFiles(others, path, m.pickProfile)
}

// fileChoice is the list of a folder's FHIR files to tick for import.
type fileChoice struct {
	dialog   dialog.Dialog
	checks   []*widget.Check
	paths    []string
	importBt *widget.Button
	allBt    *widget.Button // "Tick all", or "Untick all" when every file is ticked
}

// chooseFiles lets several files of one folder be imported together: the one chosen in the
// file dialog is ticked, the others can be.
func (m *mainScreen) chooseFiles(paths []string, chosen, profile string) {
	c := &fileChoice{paths: paths}
	list := container.NewVBox()
	update := func() {
		n := 0
		for _, ch := range c.checks {
			if ch.Checked {
				n++
			}
		}
		c.importBt.SetText(count(n, "Import {{.Count}} files"))
		if n == len(c.checks) {
			c.allBt.SetText(lang.L("Untick all"))
		} else {
			c.allBt.SetText(lang.L("Tick all"))
		}
		if n == 0 {
			c.importBt.Disable()
		} else {
			c.importBt.Enable()
		}
	}
	for _, p := range paths {
		ch := widget.NewCheck(filepath.Base(p), func(bool) { update() })
		ch.Checked = p == chosen
		c.checks = append(c.checks, ch)
		list.Add(ch)
	}
	c.allBt = widget.NewButton(lang.L("Tick all"), func() {
		tick := false // every file ticked: the button unticks them
		for _, ch := range c.checks {
			tick = tick || !ch.Checked
		}
		for _, ch := range c.checks {
			ch.SetChecked(tick)
		}
	})
	c.importBt = widget.NewButtonWithIcon("", theme.DownloadIcon(), func() {
		c.dialog.Hide()
		var picked []string
		for i, ch := range c.checks {
			if ch.Checked {
				picked = append(picked, c.paths[i])
			}
		}
		m.importInto(picked, profile)
	})
	c.importBt.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("Cancel"), func() { c.dialog.Hide() })
	update()
	head := paragraph(lang.L("This folder has more health record files. Tick every file to import."))
	body := container.NewBorder(head, nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustomWithoutButtons(lang.L("Import which files?"), body, m.u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, c.allBt, c.importBt})
	escapePresses(d, cancel)
	c.dialog = d
	m.choice = c
	fitDialog(d, m.u.win, 620, 480)
	d.Show()
}

// onImportFolder asks for a folder and imports every FHIR file directly in it.
func (m *mainScreen) onImportFolder() {
	if m.importing != nil || !m.current() {
		return
	}
	d := dialog.NewFolderOpen(m.onFolderChosen, m.u.win)
	d.SetTitleText(lang.L("Import every health record file in a folder"))
	m.u.showFileDialog(d, lang.L("Import"))
}

func (m *mainScreen) onFolderChosen(l fyne.ListableURI, err error) {
	if err != nil {
		m.showError(lang.L("Could not open the folder"), err)
		return
	}
	if l == nil {
		return
	}
	dir := l.Path()
	m.u.lastImportDir = dir
	paths, err := importableFiles(dir)
	if err != nil {
		m.showError(lang.L("Could not read the folder"), err)
		return
	}
	if len(paths) == 0 {
		dialog.NewInformation(lang.L("Nothing to import"),
			lang.L("There are no health record files in this folder (FHIR .json or .ndjson, C-CDA .xml, .zip exports, health cards and their QR images)."), m.u.win).Show()
		return
	}
	m.importFiles(paths)
}

// importableFiles lists the FHIR files directly in dir, by name.
func importableFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		if e.Type().IsRegular() && isImportable(e.Name()) {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// importResult is what happened to one file of an import run.
type importResult struct {
	Name    string // base name of the file
	Summary *intake.Summary
	Err     error
	what    string // what the import did and for whom (Summary.DescribeFor), once known
	// clash: the file was refused as having the record number of another person here
	// (recordnumber.go): asked about, not an error line.
	clash *numberClash
}

// Line is the result as one line for the results dialog.
func (r importResult) Line() string {
	if r.Err != nil {
		return r.Name + ": " + importErrorText(r.Err)
	}
	return r.Name + " — " + r.done()
}

// done says what the import of a file did: "4 added; for Ann Smith (new)".
func (r importResult) done() string {
	if r.what != "" {
		return r.what
	}
	return r.Summary.Describe()
}

// importErrorText is the one-line reason a file failed, without the file name.
func importErrorText(err error) string {
	if errors.Is(err, context.Canceled) {
		return "cancelled; nothing from this file was saved"
	}
	var fe *cksync.FileError
	if errors.As(err, &fe) {
		return fe.Err.Error()
	}
	return err.Error()
}

// importRun is the progress dialog of an import: determinate over the files.
type importRun struct {
	dialog   *dialog.CustomDialog
	title    *widget.Label // "Importing file 2 of 5"
	file     *widget.Label // the file being imported
	bar      *widget.ProgressBar
	cancelBt *widget.Button
	stop     context.CancelFunc
}

func (r *importRun) progress(done, total int, name string) {
	r.bar.SetValue(float64(done))
	if done < total {
		r.title.SetText(fmt.Sprintf(lang.L("Importing file %d of %d"), done+1, total))
		r.file.SetText(name)
	} else {
		r.title.SetText(lang.L("Finishing…"))
		r.file.SetText("")
	}
}

// importFiles imports files into the person chosen in the records browser (see importInto).
func (m *mainScreen) importFiles(paths []string) { m.importInto(paths, m.selected) }

// importJob is one file to import and the person it goes to ("": whoever it is about). The
// files of one group with profile "" are about one new person: the first adds them, the others
// go to the person it added.
type importJob struct {
	path, profile string
	group         int
	// newPerson: the file is imported for a new person of this name and birth date, made
	// first (a file the import put with the holder of its record number: recordnumber.go).
	newPerson *health.Identity
}

// importInto imports files one after another, each all-or-nothing, into profile (or, for "",
// into whoever each file is about), showing progress and then what happened to each file.
// A file whose Patient is someone else than profile (another name or birth date) is asked
// about first (identity.go).
func (m *mainScreen) importInto(paths []string, profile string) {
	if len(paths) == 0 || !m.current() {
		return
	}
	if m.importing != nil {
		dialog.NewInformation(lang.L("Import running"), lang.L("Please wait until the current import has finished."), m.u.win).Show()
		return
	}
	if profile == "" {
		m.runImport(jobsFor(paths, ""))
		return
	}
	m.checkIdentity(paths, profile)
}

func jobsFor(paths []string, profile string) []importJob {
	jobs := make([]importJob, len(paths))
	for i, p := range paths {
		jobs[i] = importJob{path: p, profile: profile}
	}
	return jobs
}

// runImport runs the import of jobs with a progress dialog.
func (m *mainScreen) runImport(jobs []importJob) {
	if len(jobs) == 0 || !m.current() || m.importing != nil {
		return
	}
	paths := make([]string, len(jobs))
	for i, j := range jobs {
		paths[i] = j.path
	}
	ctx, stop := context.WithCancel(m.u.ctx)
	run := &importRun{
		title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		file:  widget.NewLabel(""),
		bar:   widget.NewProgressBar(),
		stop:  stop,
	}
	run.file.Truncation = fyne.TextTruncateEllipsis
	run.bar.Max = float64(len(paths))
	run.bar.TextFormatter = func() string {
		return count(len(paths), "{{.Done}} of {{.Count}} files", map[string]any{"Done": int(run.bar.Value)})
	}
	run.cancelBt = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() {
		run.cancelBt.Disable()
		run.title.SetText(lang.L("Cancelling…"))
		stop()
	})
	into := lang.L("Records are added to the person they are about; new people are added as needed.")
	if name := m.personName(jobs[0].profile); name != "" && sameProfile(jobs) {
		into = fmt.Sprintf(lang.L("Records are added to %s."), name)
	}
	hint := widget.NewLabel(into)
	hint.Wrapping = fyne.TextWrapWord
	content := container.New(columnLayout{width: 420}, run.title, run.file, run.bar, hint)
	run.dialog = dialog.NewCustomWithoutButtons(lang.L("Importing records"), content, m.u.win)
	run.dialog.SetButtons([]fyne.CanvasObject{run.cancelBt})
	run.progress(0, len(paths), filepath.Base(paths[0]))
	m.importing = run
	m.setImporting(true)
	run.dialog.Show()

	results := make([]importResult, 0, len(paths))
	policy := m.u.clinicPolicies()
	var issuers []shc.Issuer
	if c := m.u.clinicConfig(); c != nil {
		issuers = intake.ClinicIssuers(c.HealthCardIssuers)
	}
	m.u.goVault(func() {
		before := profileIDs(m.v)
		defer func() {
			var added []string
			for id := range profileIDs(m.v) {
				if !before[id] {
					added = append(added, id)
				}
			}
			_ = privateForNew(context.WithoutCancel(ctx), m.v, policy, added) // best effort: the People screen shows the setting
		}()
		var parts intake.Parts // QR images of one multi-part health card, one part each
		var partsJob importJob
		added := map[int]string{} // the person the first file of a group added, by group
		into := func(job importJob) intake.Options {
			profile := job.profile
			if profile == "" && job.group != 0 {
				profile = added[job.group]
			}
			return intake.Options{Options: cksync.Options{Profile: profile}, Issuers: issuers, Device: m.u.rem.device}
		}
		done := func(job importJob, res importResult) {
			if res.Err == nil && job.profile == "" && job.group != 0 && added[job.group] == "" {
				added[job.group] = res.Summary.Profile
			}
			results = append(results, res)
		}
		for i, job := range jobs {
			name := filepath.Base(job.path)
			m.u.toUI(func() { run.progress(i, len(paths), name) })
			res := importResult{Name: name}
			opt := into(job)
			var in *intake.Input
			var err error
			if err = ctx.Err(); err != nil {
				res.Err = err
			} else if in, err = intake.Read(ctx, job.path, opt); err != nil {
				if parts.Add(job.path, err) {
					partsJob = job
					continue
				}
				res.Err = err
			} else if job.newPerson != nil {
				res.Summary, res.Err = importAsNew(ctx, m.v, in, job, opt)
			} else {
				res.Summary, res.Err = in.Import(ctx, m.v, opt)
			}
			if job.profile == "" && job.newPerson == nil && isNumberClash(res.Err) {
				res.clash = findNumberClash(ctx, m.v, job.path, res.Err)
				// Not a file of several people: "as a new person" was said of one of them, and
				// the whole file would go into them (c.people: asked instead).
				if c := res.clash; c != nil && c.people == nil && job.group != 0 && added[job.group] == "" && in != nil {
					// Already answered "as a new person" (the identity question, importing into
					// someone chosen): so it is, rather than asked again (F459).
					job.newPerson = &c.who
					res = importResult{Name: name}
					res.Summary, res.Err = importAsNew(ctx, m.v, in, job, opt)
				}
			}
			done(job, res)
		}
		if in, err := parts.Join(); err != nil || in != nil {
			res := importResult{Name: filepath.Base(parts.Paths()[0]), Err: err}
			if err == nil {
				res.Name = filepath.Base(in.Path)
				res.Summary, res.Err = in.Import(ctx, m.v, into(partsJob))
			}
			done(partsJob, res)
		}
		// Whose records each file held, by name, as the CLI says it (the same phrasing).
		ps, _ := m.v.Profiles()
		names := intake.Names(ps)
		for i := range results {
			if results[i].Err == nil && results[i].Summary != nil {
				results[i].what = results[i].Summary.DescribeFor(names)
			}
		}
		m.u.toUI(func() { run.progress(len(paths), len(paths), "") })
	}, func() {
		cancelled := ctx.Err() != nil
		stop()
		run.dialog.Hide()
		if m.importing == run {
			m.importing = nil
		}
		if !m.current() {
			return
		}
		m.setImporting(false)
		m.loadPeople("")
		if len(results) == 1 && results[0].clash != nil && !cancelled {
			m.askNumberClash(results[0].clash) // the one file: asked at once
			return
		}
		m.showResults(results, cancelled)
	})
}

// sameProfile reports whether every job goes to the same person.
func sameProfile(jobs []importJob) bool {
	for _, j := range jobs {
		if j.profile != jobs[0].profile {
			return false
		}
	}
	return true
}

// personName is the name of the person with profile id ("" for none).
func (m *mainScreen) personName(id string) string {
	ps := make([]storage.Profile, len(m.people))
	for i, p := range m.people {
		ps[i] = storage.Profile{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate}
	}
	return labelOf(ps, id) // told apart: "Into Grace Okafor (born 2019) anyway" (F82)
}

func (m *mainScreen) setImporting(on bool) {
	for _, b := range []*widget.Button{m.importBt, m.importFolderBt, m.addPersonBt} {
		if on {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// importResults is the dialog listing what happened to each file of an import.
type importResults struct {
	dialog  *dialog.CustomDialog
	results []importResult
	summary string // the sentence at the top
	scroll  *container.Scroll
}

func (m *mainScreen) showResults(results []importResult, cancelled bool) {
	ok, failed := 0, 0
	for _, r := range results {
		if r.Err == nil {
			ok++
		} else {
			failed++
		}
	}
	title := lang.L("Import finished")
	switch {
	case cancelled:
		title = lang.L("Import cancelled")
	case failed > 0:
		title = lang.L("Import finished with problems")
	}
	var parts []string
	if ok > 0 {
		parts = append(parts, count(ok, "{{.Count}} files imported"))
	}
	if failed > 0 {
		parts = append(parts, count(failed, "{{.Count}} files could not be imported"))
	}
	summary := sentence(strings.Join(parts, "; "))
	if failed > 0 && !cancelled {
		summary += " Nothing from a file that failed was saved."
	}
	rows := container.NewVBox()
	for _, failedFirst := range []bool{true, false} {
		for _, r := range results {
			if (r.Err != nil) != failedFirst {
				continue
			}
			rows.Add(resultRow(r))
			if c := r.clash; c != nil {
				rows.Add(m.clashButton(c))
			}
			if r.Err == nil && r.Summary != nil {
				for _, x := range r.Summary.MaybeSame {
					rows.Add(m.joinButton(x, len(r.Summary.MaybeSame) > 1))
				}
			}
		}
	}
	head := widget.NewLabel(summary)
	head.Wrapping = fyne.TextWrapWord
	// The sentence and the files' lines scroll as a whole, in a column as wide as the dialog:
	// at 200 % text on a 1024×600 screen (FYNE_SCALE=2) a list 540 wide in a 421-wide dialog
	// cut the sentence mid-line (F128). The dialog is as high as they need, up to the window.
	col := container.New(&upToColumn{width: 540 * min(textScale(), 1.6)}, head, rows)
	scroll := container.NewVScroll(col)
	d := dialog.NewCustom(title, lang.L("Close"), scroll, m.u.win)
	chrome := d.MinSize().Height - scroll.MinSize().Height
	fitDialog(d, m.u.win, 580, chrome+col.MinSize().Height)
	m.results = &importResults{dialog: d, results: results, summary: summary, scroll: scroll}
	d.Show()
}

// joinButton offers to join a person an import added with the one already here they may be
// (cksync.MaybeSame: "Lily Moreno (new, born 14 Apr 2019) may be Lily Rose Moreno, born the
// same day"): the line said only the CLI's commands (F395). named: the button names them, when
// a file made more than one such person.
func (m *mainScreen) joinButton(x cksync.MaybeSame, named bool) fyne.CanvasObject {
	text := lang.L("Join them…")
	if named {
		text = fmt.Sprintf(lang.L("Join %s into %s…"), x.NewName, x.HereName)
	}
	box := container.NewVBox()
	bt := widget.NewButtonWithIcon(text, theme.AccountIcon(), func() { m.confirmJoinSame(x, box) })
	box.Add(container.NewHBox(bt)) // at the left: a scroll bar covered its end at the right
	return box
}

// confirmJoinSame asks whether the two are one person, in plain words, before joining them:
// yes does what 'carekeeper household same-person --keep HERE --from NEW --yes' does
// (hhvault.JoinPeople; in a household, through it). Never by itself: two people can have one
// name and birth date (F122).
func (m *mainScreen) confirmJoinSame(x cksync.MaybeSame, box *fyne.Container) {
	u := m.u
	// On a computer in no household it can be undone right after (hhvault.UndoJoin); in a
	// household the person is deleted on every device: it cannot (F395).
	last := lang.L("This cannot be undone.")
	if u.hh.live.Load() == nil && m.v.Device() == "" {
		last = fmt.Sprintf(lang.L("You can undo it, here or on the People screen, until CareKeeper is locked or closed, as long as nothing new is recorded for %s."), x.HereName)
	}
	words := paragraph(fmt.Sprintf(lang.L("Only if they are the same person: two people can have one name and birth date. Everything recorded for %s (new, from this import) moves to %s, and %s is deleted."), x.NewName, x.HereName, x.NewName) + " " + last)
	c := dialog.NewCustomConfirm(lang.L("One person?"), lang.L("Join them"), lang.L("Cancel"),
		container.New(columnLayout{width: 440}, words),
		func(ok bool) {
			if ok {
				m.joinSame(x, box)
			}
		}, u.win)
	c.SetConfirmImportance(widget.DangerImportance)
	m.joining = c
	c.Show()
}

// joinSame joins the person an import added into the one already here (hhvault.JoinPeople) and
// says what it did, there and in place of the button (box).
func (m *mainScreen) joinSame(x cksync.MaybeSame, box *fyne.Container) {
	u := m.u
	ctx, v := u.ctx, m.v
	live := u.hh.live.Load()
	if live == nil && v.Device() != "" {
		// In a household not open yet: joining without it would skip whether this computer
		// may change them.
		showError(u.win, lang.L("Could not join them"), errors.New(lang.L("the household is not open yet: try again in a moment")))
		return
	}
	var j hhvault.JoinedPeople
	var err error
	var digest []byte
	var digestErr error
	u.goVault(func() {
		if live == nil {
			if j, err = hhvault.JoinPeopleOf(ctx, v, nil, x.Here, x.New, x.OtherNames); err == nil && j.Undoable() {
				// What the one who stays holds now: the undo is offered while it is so.
				digest, digestErr = hhvault.RecordsDigest(ctx, v, j.Keep)
			}
			return
		}
		err = live.Do(func(hh *household.Household) error {
			j, err = hhvault.JoinPeopleOf(ctx, live.V, hh, x.Here, x.New, x.OtherNames)
			return err
		})
	}, func() {
		if err != nil {
			showError(u.win, lang.L("Could not join them"), err)
			return
		}
		done := fmt.Sprintf(lang.L("%s has everything that was recorded for both."), j.KeepName)
		said := lowText(lang.L("Joined: ") + done)
		said.Importance = widget.SuccessImportance
		box.Objects = []fyne.CanvasObject{said}
		if j.Undoable() && digest != nil {
			m.lastJoin = &lastJoin{j: j, digest: digest, at: u.auto.clock.Now()}
			box.Add(container.NewHBox(widget.NewButtonWithIcon(lang.L("Undo"), theme.ContentUndoIcon(), func() { m.undoJoin(j, box) })))
		} else if digestErr != nil {
			// Joined, but what the one who stays holds could not be read, so an undo could not
			// be checked: not offered, and said why (the error was dropped).
			box.Add(lowText(lang.L("It cannot be undone: ") + errorText(digestErr)))
		}
		box.Refresh()
		u.rem.reload()
		if u.shell != nil {
			m.loadPeople(j.Keep)
		}
		if live != nil {
			live.Poke()
			u.refreshHousehold()
		}
		showSized(u.win, lang.L("One person now"), paragraph(done), 480, 180)
	})
}

// resultRow shows one file's result: an icon, the file name, and what happened.
func resultRow(r importResult) fyne.CanvasObject {
	ic := theme.ConfirmIcon()
	what := resultText(r)
	detail := widget.NewLabel(what)
	detail.Wrapping = fyne.TextWrapWord
	if r.Err != nil {
		ic = theme.ErrorIcon()
		detail.Importance = widget.DangerImportance
	} else if r.Summary.Unverified() {
		ic = theme.WarningIcon() // a health card whose signature could not be checked
		detail.Importance = widget.WarningImportance
	}
	name := widget.NewLabelWithStyle(r.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(ic)), nil,
		container.New(layout.NewCustomPaddedVBoxLayout(0), name, detail))
}

// resultText is what happened to a file, without its name.
func resultText(r importResult) string {
	if r.clash != nil {
		text, _ := r.clash.words()
		return text[:strings.Index(text, "\n")]
	}
	if r.Err != nil {
		return sentence(importErrorText(r.Err))
	}
	return sentence(r.done())
}
