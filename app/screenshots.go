package app

import (
	"context"
	"fmt"
	"image/png"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carekeeper/internal/atomicfile"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// ScreenshotPlanEnv names the environment variable that turns on the screenshot plan: when
// it holds a directory, the app opens the demo vault (never the person's own), shows each
// main screen in the light, the dark and the high-contrast theme at 1200×740, then in the light
// theme at 1024×600 with 200 % text (the smallest screen and the largest text) and in high
// contrast at 1920×1080 with 200 % text, writes the
// window to DIR/<nn>-<screen>-<pass>.png, and quits. A second person, who died, is added to the
// demo (as a caregiver of two sees the app): every pass also shows Today for everyone and Today
// and Medicines for the person who died (DIR/13-everyone-today-<pass>.png,
// DIR/14-died-today-<pass>.png, DIR/15-died-medicines-<pass>.png). The passes with 200 % text
// (1024×600, and 1920×1080 in high contrast) also open the dialogs that ran off the window or
// cut names (DIR/16-dialog-reminders-<pass>.png … 20-dialog-medicine-days-<pass>.png). `make
// screenshots` runs it under Xvfb.
const ScreenshotPlanEnv = "CAREKEEPER_SCREENSHOT_PLAN"

// screenshotScreens are the screens captured, with their file names.
var screenshotScreens = []struct {
	sc   screen
	name string
}{
	{scToday, "today"}, {scMeds, "medicines"}, {scAppts, "appointments"}, {scResults, "results"},
	{scTimeline, "timeline"}, {scConditions, "conditions"}, {scTeam, "care-team"}, {scBills, "bills"},
	{scPeople, "people"}, {scFiles, "files"}, {scSettings, "settings"},
}

// screenshotPasses are the themes, window sizes and text sizes every screen is captured in.
var screenshotPasses = []struct {
	name, variant string
	size          fyne.Size
	text          float64
}{
	{"light", "light", fyne.NewSize(1200, 740), 1},
	{"dark", "dark", fyne.NewSize(1200, 740), 1},
	{"contrast", "contrast", fyne.NewSize(1200, 740), 1},
	{"1024x600-200", "light", fyne.NewSize(1024, 600), 2},
	{"1920x1080-200", "contrast", fyne.NewSize(1920, 1080), 2}, // the sidebar at large text (F37)
}

// runScreenshotPlan drives the window through the screens from its own goroutine; every
// UI change goes through fyne.Do / DoAndWait. The waits are real time: this runs only
// for `make screenshots`, never in tests.
func (u *UI) runScreenshotPlan(dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Printf("carekeeper: screenshots: %v", err)
		return
	}
	shown := make(chan screen, 16)
	fyne.DoAndWait(func() {
		u.win.Resize(fyne.NewSize(1200, 740))
		if u.create == nil {
			log.Printf("carekeeper: screenshots need a data directory without a vault (the demo opens in its demo folder)")
			return
		}
		u.create.onDemo()
	})
	// Wait for the shell, then hook its screen-shown notifications.
	deadline := time.Now().Add(60 * time.Second)
	for {
		var ready bool
		fyne.DoAndWait(func() {
			if u.shell != nil && u.shell.set != nil {
				ready = true
				u.shell.onShown = func(sc screen) {
					select {
					case shown <- sc:
					default:
					}
				}
			}
		})
		if ready {
			break
		}
		if time.Now().After(deadline) {
			log.Printf("carekeeper: screenshots: the demo did not open")
			fyne.Do(u.app.Quit)
			return
		}
		screenshotSleep(100 * time.Millisecond)
	}
	var demo string
	fyne.DoAndWait(func() { demo = u.shell.profile })
	second := u.addScreenshotPerson()
	for _, pass := range screenshotPasses {
		u.screenshotPass(pass.variant, pass.text, pass.size)
		fyne.DoAndWait(func() { u.shell.choose(demo) })
		for i, s := range screenshotScreens {
			for len(shown) > 0 {
				<-shown
			}
			fyne.DoAndWait(func() { u.shell.show(s.sc) })
		wait:
			for range 100 { // up to 10 s for the screen to be computed and shown
				select {
				case <-shown:
					break wait
				default:
					screenshotSleep(100 * time.Millisecond)
				}
			}
			screenshotSleep(700 * time.Millisecond) // let the painter catch up (charts render on paint)
			name := filepath.Join(dir, fmt.Sprintf("%02d-%s-%s.png", i+1, s.name, pass.name))
			err := takeScreenshot(u.win, name)
			if err != nil {
				log.Printf("carekeeper: screenshots: %v", err)
			}
			if s.sc == scFiles {
				// The records browser with a record open (at 200 % text it takes the screen).
				fyne.DoAndWait(func() { u.shell.portalsPage().tabs.SelectIndex(1) })
				screenshotSleep(300 * time.Millisecond)
				fyne.DoAndWait(func() {
					if len(u.main.typeRows) > 0 {
						u.main.typeList.Select(typeRowIndex(u.main, "Observation"))
					}
				})
				for range 50 { // the records are read in the background
					var n int
					fyne.DoAndWait(func() { n = len(u.main.recordRows) })
					if n > 0 {
						break
					}
					screenshotSleep(100 * time.Millisecond)
				}
				fyne.DoAndWait(func() { u.main.recordList.Select(0) })
				screenshotSleep(1500 * time.Millisecond) // a long document's text takes a second to lay out
				if err := takeScreenshot(u.win, filepath.Join(dir, fmt.Sprintf("%02d-%s-record-%s.png", i+1, s.name, pass.name))); err != nil {
					log.Printf("carekeeper: screenshots: %v", err)
				}
				fyne.DoAndWait(func() {
					u.main.onDetailBack()
					u.shell.portalsPage().tabs.SelectIndex(0)
				})
			}
			var narrow bool
			fyne.DoAndWait(func() { narrow = u.shell.pages[scResults].(*resultsPage).back.Visible() })
			if s.sc == scResults && narrow {
				// The chart of the first series too: in a narrow window it replaces the list (in
				// a wide one it is beside the list, in the shot already).
				fyne.DoAndWait(func() { u.shell.pages[scResults].(*resultsPage).list.list.Select(0) })
				screenshotSleep(300 * time.Millisecond)
				// In a short window (1024×600), scrolled to the chart as a person does: it is
				// then seen whole (F119).
				fyne.DoAndWait(func() { u.shell.pages[scResults].(*resultsPage).scrollToChart() })
				screenshotSleep(700 * time.Millisecond)
				if err := takeScreenshot(u.win, filepath.Join(dir, fmt.Sprintf("%02d-%s-chart-%s.png", i+1, s.name, pass.name))); err != nil {
					log.Printf("carekeeper: screenshots: %v", err)
				}
			}
		}
		if second == "" {
			continue
		}
		for _, shot := range []struct {
			profile string
			sc      screen
			name    string
		}{{"", scToday, "13-everyone-today"}, {second, scToday, "14-died-today"}, {second, scMeds, "15-died-medicines"}} {
			for len(shown) > 0 {
				<-shown
			}
			fyne.DoAndWait(func() {
				u.shell.choose(shot.profile)
				u.shell.show(shot.sc)
			})
			for range 100 {
				if len(shown) > 0 {
					break
				}
				screenshotSleep(100 * time.Millisecond)
			}
			screenshotSleep(700 * time.Millisecond)
			if err := takeScreenshot(u.win, filepath.Join(dir, shot.name+"-"+pass.name+".png")); err != nil {
				log.Printf("carekeeper: screenshots: %v", err)
			}
		}
		fyne.DoAndWait(func() { u.shell.choose(demo) })
		if pass.text > 1 {
			u.screenshotDialogs(dir, pass.name, demo)
		}
	}
	if doc := strings.TrimSpace(os.Getenv(ScreenshotDocumentEnv)); doc != "" {
		u.screenshotDocument(dir, doc)
	}
	fyne.DoAndWait(func() {
		u.app.Preferences().RemoveValue(prefTheme)
		u.app.Preferences().RemoveValue(prefTextSize)
		u.onCloseRequested()
	})
}

// screenshotDialogs captures the dialogs that ran off the window or cut names at large text
// (F50, F52, F54, F59) as DIR/<nn>-dialog-<name>-<pass>.png, for the demo person.
func (u *UI) screenshotDialogs(dir, pass, demo string) {
	for i, d := range []struct {
		name string
		sc   screen
		open func(s *shell)
		then func(s *shell) // once it is laid out
	}{
		{"reminders", scPeople, func(s *shell) { s.pages[scPeople].(*peoplePage).openSettings(demo) }, nil},
		{"edit-person", scPeople, func(s *shell) {
			for _, p := range s.people {
				if p.ID == demo {
					s.pages[scPeople].(*peoplePage).openEditor(&p)
				}
			}
		}, nil},
		{"add-appointment", scAppts, func(s *shell) { s.pages[scAppts].(*apptsPage).openEditor(nil) }, nil},
		{"medicine", scMeds, func(s *shell) {
			if p := s.pages[scMeds].(*medsPage); p.model != nil {
				if ms := p.model.Medicines(demo); len(ms) > 0 {
					p.openEditor(ms[0])
				}
			}
		}, nil},
		{"medicine-days", scMeds, func(s *shell) {
			if p := s.pages[scMeds].(*medsPage); p.model != nil {
				if ms := p.model.Medicines(demo); len(ms) > 0 {
					p.openEditor(ms[0])
				}
			}
		}, func(s *shell) {
			if p := s.pages[scMeds].(*medsPage); p.edit != nil {
				scrollTo(u.win.Canvas().Overlays().Top(), p.edit.days[0])
			}
		}},
	} {
		fyne.DoAndWait(func() { u.shell.show(d.sc) })
		screenshotSleep(700 * time.Millisecond) // the screen is computed in the background
		fyne.DoAndWait(func() { d.open(u.shell) })
		screenshotSleep(700 * time.Millisecond)
		if d.then != nil {
			fyne.DoAndWait(func() { d.then(u.shell) })
			screenshotSleep(700 * time.Millisecond)
		}
		if err := takeScreenshot(u.win, filepath.Join(dir, fmt.Sprintf("%02d-dialog-%s-%s.png", 16+i, d.name, pass))); err != nil {
			log.Printf("carekeeper: screenshots: %v", err)
		}
		fyne.DoAndWait(func() {
			ov := u.win.Canvas().Overlays()
			for top := ov.Top(); top != nil; top = ov.Top() {
				ov.Remove(top)
			}
		})
	}
}

// scrollTo scrolls the first scroll under o so that target is near its top.
func scrollTo(o, target fyne.CanvasObject) {
	var sc *container.Scroll
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch t := o.(type) {
		case *container.Scroll:
			sc = t
		case *fyne.Container:
			for _, c := range t.Objects {
				if sc == nil {
					find(c)
				}
			}
		case *widget.PopUp: // a dialog: its parts are containers
			find(t.Content)
		}
	}
	if o == nil {
		return
	}
	find(o)
	if sc == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(target).Y - d.AbsolutePositionForObject(sc.Content).Y
	sc.ScrollToOffset(fyne.NewPos(0, max(y-theme.Padding()*4, 0)))
}

// screenshotPerson is the second person of the screenshots: a father who died, with the
// medicines and a condition his records held (synthetic).
const screenshotPerson = `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:wn-p","resource":{"resourceType":"Patient","id":"wn-p","name":[{"family":"Ngata","given":["Walter"]}],"gender":"male","birthDate":"1936-09-12","deceasedDateTime":"2025-08-14"}},
{"fullUrl":"urn:uuid:wn-c1","resource":{"resourceType":"Condition","id":"wn-c1","subject":{"reference":"urn:uuid:wn-p"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"49436004","display":"Atrial fibrillation (disorder)"}]},"onsetDateTime":"2019-03-02"}},
{"fullUrl":"urn:uuid:wn-m1","resource":{"resourceType":"MedicationRequest","id":"wn-m1","status":"active","intent":"order","subject":{"reference":"urn:uuid:wn-p"},"authoredOn":"2024-11-20","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"855332","display":"Warfarin Sodium 5 MG Oral Tablet"}]},"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}},
{"fullUrl":"urn:uuid:wn-m2","resource":{"resourceType":"MedicationRequest","id":"wn-m2","status":"active","intent":"order","subject":{"reference":"urn:uuid:wn-p"},"authoredOn":"2024-11-20","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"866924","display":"24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]"}]}}},
{"fullUrl":"urn:uuid:wn-o1","resource":{"resourceType":"Observation","id":"wn-o1","status":"final","subject":{"reference":"urn:uuid:wn-p"},"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"effectiveDateTime":"2025-06-02T10:00:00Z","valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}}
]}`

// addScreenshotPerson imports screenshotPerson into the demo and returns his profile ("" when
// it could not be done).
func (u *UI) addScreenshotPerson() string {
	dir, err := os.MkdirTemp("", "carekeeper-screenshot-")
	if err != nil {
		log.Printf("carekeeper: screenshots: %v", err)
		return ""
	}
	defer os.RemoveAll(dir)
	f, err := os.OpenFile(filepath.Join(dir, "walter-ngata.json"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // the name the screens show as its source
	if err != nil {
		log.Printf("carekeeper: screenshots: %v", err)
		return ""
	}
	_, err = f.WriteString(screenshotPerson)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		log.Printf("carekeeper: screenshots: %v", err)
		return ""
	}
	var v *storage.Vault
	fyne.DoAndWait(func() { v = u.vault })
	sum, err := cksync.ImportFile(context.Background(), v, f.Name(), cksync.Options{})
	if err != nil || sum == nil {
		log.Printf("carekeeper: screenshots: the second person: %v", err)
		return ""
	}
	fyne.DoAndWait(func() { u.main.loadPeople("") })
	for range 100 { // the people are read in the background
		var n int
		fyne.DoAndWait(func() { n = len(u.shell.people) })
		if n > 1 {
			break
		}
		screenshotSleep(100 * time.Millisecond)
	}
	return sum.Profile
}

// ScreenshotDocumentEnv names a C-CDA file the screenshot plan imports after the main screens
// (into the person it is about) and shows open in Records and files in every pass, as
// DIR/12-ccda-document-<pass>.png.
const ScreenshotDocumentEnv = "CAREKEEPER_SCREENSHOT_DOCUMENT"

// screenshotPass applies a pass's theme, text size and window size.
func (u *UI) screenshotPass(variant string, text float64, size fyne.Size) {
	fyne.DoAndWait(func() {
		u.app.Preferences().SetString(prefTheme, variant)
		u.app.Preferences().SetFloat(prefTextSize, text)
		u.applyTheme()
		if sp, ok := u.shell.pages[scSettings].(*settingsPage); ok {
			sp.showTheme() // the Settings shot shows the theme and text size it is taken in
		}
		u.shell.restale()
		u.win.Resize(size)
		u.win.CenterOnScreen() // at its corner when it is the screen's size: import shoots what is on screen
	})
}

// screenshotDocument imports the C-CDA file doc (into whoever it is about) and captures its
// document open in Records and files in every pass.
func (u *UI) screenshotDocument(dir, doc string) {
	fyne.DoAndWait(func() { u.main.runImport(jobsFor([]string{doc}, "")) })
	var profile string
	for range 600 { // the import runs in the background
		var done bool
		fyne.DoAndWait(func() {
			m := u.main
			if m.importing != nil || m.results == nil {
				return
			}
			done = true
			if r := m.results.results; len(r) == 1 && r[0].Err == nil && r[0].Summary != nil {
				profile = r[0].Summary.Profile
			}
			m.results.dialog.Hide()
		})
		if done {
			break
		}
		screenshotSleep(100 * time.Millisecond)
	}
	if profile == "" {
		log.Printf("carekeeper: screenshots: the document was not imported")
		return
	}
	for _, pass := range screenshotPasses {
		u.screenshotPass(pass.variant, pass.text, pass.size)
		fyne.DoAndWait(func() {
			u.shell.choose(profile) // the top bar names the person the document is about
			u.shell.show(scFiles)
			u.shell.portalsPage().tabs.SelectIndex(1)
			m := u.main
			for i, p := range m.people {
				if p.ID == profile {
					m.peopleList.Select(i)
				}
			}
		})
		for range 50 { // the kinds of record are counted in the background
			var ok bool
			fyne.DoAndWait(func() {
				m := u.main
				if i := typeRowIndex(m, "DocumentReference"); len(m.typeRows) > 0 && m.typeRows[i].Type == "DocumentReference" {
					ok = true
					m.typeList.Select(i)
				}
			})
			if ok {
				break
			}
			screenshotSleep(100 * time.Millisecond)
		}
		for range 50 {
			var n int
			fyne.DoAndWait(func() { n = len(u.main.recordRows) })
			if n > 0 {
				break
			}
			screenshotSleep(100 * time.Millisecond)
		}
		fyne.DoAndWait(func() { u.main.recordList.Select(0) })
		screenshotSleep(1500 * time.Millisecond) // a long document's text takes a second to lay out
		if err := takeScreenshot(u.win, filepath.Join(dir, fmt.Sprintf("12-ccda-document-%s.png", pass.name))); err != nil {
			log.Printf("carekeeper: screenshots: %v", err)
		}
		fyne.DoAndWait(func() {
			u.main.onDetailBack()
			u.shell.portalsPage().tabs.SelectIndex(0)
		})
	}
}

// screenshotSleep and takeScreenshot are time.Sleep and screenshot; tests record the shots
// without waiting for a painter.
var (
	screenshotSleep = time.Sleep
	takeScreenshot  = screenshot
)

// screenshot saves the window to name: with ImageMagick's `import -window <title>` when it is
// installed (under Xvfb with software OpenGL, Canvas().Capture() comes back black), else with
// the canvas's own Capture.
func screenshot(win fyne.Window, name string) error {
	if _, err := exec.LookPath("import"); err == nil && os.Getenv("DISPLAY") != "" {
		out, err := exec.Command("import", "-window", win.Title(), name).CombinedOutput()
		if err != nil {
			return fmt.Errorf("import: %v: %s", err, out)
		}
		return nil
	}
	var err error
	fyne.DoAndWait(func() {
		img := win.Canvas().Capture()
		err = atomicfile.Write(name, func(w io.Writer) error { return png.Encode(w, img) })
	})
	return err
}

// typeRowIndex is the row of typ in the browser's kinds of record (the first row without it).
func typeRowIndex(m *mainScreen, typ string) int {
	for i, r := range m.typeRows {
		if r.Type == typ {
			return i
		}
	}
	return 0
}

// startScreenshotPlan starts the plan when the environment asks for it.
func (u *UI) startScreenshotPlan() {
	dir := strings.TrimSpace(os.Getenv(ScreenshotPlanEnv))
	if dir == "" {
		return
	}
	go u.runScreenshotPlan(dir)
}
