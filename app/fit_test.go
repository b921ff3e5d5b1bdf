package app

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// scale2Screen is a 1024×600 screen with FYNE_SCALE=2, in Fyne's units.
var scale2Screen = fyne.NewSize(1024/2, 600/2)

// checkFits fails when the window's content asks for more than the window it opens in on a
// 1024×600 screen with FYNE_SCALE=2 (windowSize: 90 % of 512×300 units): the window would
// then open larger than the screen.
func checkFits(t *testing.T, u *UI, what string) {
	t.Helper()
	want := windowSize(scale2Screen)
	if m := u.win.Canvas().Content().MinSize(); m.Width > want.Width || m.Height > want.Height {
		t.Errorf("%s needs %v, more than the %v window on a 1024×600 screen at scale 2", what, m, want)
	}
}

// Every screen's minimum size fits a 1024×600 screen with FYNE_SCALE=2: the window opened
// 722 px high on a 600 px screen, since Today asked for more height than the screen has.
// Now a screen scrolls instead.
func TestWindow_MinSizeFitsScale2(t *testing.T) {
	t.Run("first run", func(t *testing.T) {
		u := newTestUI(t, filepath.Join(t.TempDir(), "data"))
		checkFits(t, u, "the first-run screen")
	})
	t.Run("unlock", func(t *testing.T) {
		dir, _ := newVault(t)
		u := newTestUI(t, dir)
		checkFits(t, u, "the unlock screen")
		u.showRecover()
		checkFits(t, u, "the recovery screen")
	})
	t.Run("recovery code", func(t *testing.T) {
		u := newTestUI(t, filepath.Join(t.TempDir(), "data"))
		u.showRecovery("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")
		checkFits(t, u, "the recovery code screen")
		u.showRestore()
		checkFits(t, u, "the restore screen")
	})
	for _, people := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d people", people), func(t *testing.T) {
			u, _ := demoUI(t)
			if people == 2 {
				addSecondPerson(t, u)
			}
			u.win.Resize(windowSize(scale2Screen))
			for sc := screen(0); sc < numScreens; sc++ {
				u.shell.show(sc)
				u.idle()
				checkFits(t, u, sc.title())
			}
		})
	}
}

// addSecondPerson adds a person with a long name, without records, to the demo and shows
// everyone.
func addSecondPerson(t *testing.T, u *UI) {
	t.Helper()
	if _, err := u.vault.AddProfile("Margaret Okonkwo-Smith", "1948-05-02"); err != nil {
		t.Fatal(err)
	}
	u.shell.m.loadPeople("")
	u.idle()
}

// A page's subtitle that wraps onto another line when the page is computed gets the room for
// it: at 200 % text with two people the Medicines and Conditions subtitles' second lines were
// covered by the list below (Fyne had laid out only the list's parent again).
func TestPageFrame_SubtitleRoomAfterUpdate(t *testing.T) {
	u, _ := demoUI(t)
	addSecondPerson(t, u)
	u.shell.person.SetSelected("Everyone")
	u.idle()
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.shell.restale()
	u.win.Resize(fyne.NewSize(1024, 600))
	for _, sc := range []screen{scMeds, scConditions, scAppts, scResults, scTeam, scPeople} {
		u.shell.show(sc)
		u.idle()
		f := frameOf(u.shell.pages[sc])
		if f == nil {
			t.Fatalf("%s has no page frame", sc.title())
		}
		body := f.content.(*fyne.Container).Objects[1]
		if got, need := f.sub.Size().Height, f.sub.MinSize().Height; got < need {
			t.Errorf("%s: the subtitle %q has %v of height, needs %v", sc.title(), f.sub.Text, got, need)
		}
		if bottom := f.sub.Position().Y + f.sub.MinSize().Height; body.Position().Y < bottom {
			t.Errorf("%s: the page's body starts at %v, over the subtitle ending at %v", sc.title(), body.Position().Y, bottom)
		}
	}
}

// frameOf is a page's frame.
func frameOf(p page) *pageFrame {
	switch p := p.(type) {
	case *medsPage:
		return p.frame
	case *conditionsPage:
		return p.frame
	case *apptsPage:
		return p.frame
	case *resultsPage:
		return p.frame
	case *teamPage:
		return p.frame
	case *peoplePage:
		return p.frame
	}
	return nil
}

// Choosing another person shows their screens from the top: Today scrolled down for everyone
// stayed scrolled for a person with less to show, and showed nothing.
func TestShell_OtherPersonFromTheTop(t *testing.T) {
	u, _ := demoUI(t)
	addSecondPerson(t, u)
	u.win.Resize(fyne.NewSize(1024, 600))
	u.shell.person.SetSelected("Everyone")
	u.idle()
	today := u.shell.pages[scToday].(*todayPage)
	body := today.frame.body.(*container.Scroll)
	body.ScrollToBottom()
	if body.Offset.Y == 0 {
		t.Fatal("Today for everyone does not scroll: nothing to test")
	}
	u.shell.person.SetSelected(personLabels(u.shell.people)[1])
	u.idle()
	if body.Offset.Y != 0 {
		t.Errorf("Today for another person is shown scrolled down by %v", body.Offset.Y)
	}
}

// The bills' column headings are whole at 100 % and 200 % text: "Insurer paid" was cut to
// "Insurer p…".
func TestBills_HeadingsWhole(t *testing.T) {
	u, _ := demoUI(t)
	for _, text := range []float64{1, 2} {
		u.app.Preferences().SetFloat(prefTextSize, text)
		u.applyTheme()
		u.shell.restale()
		u.win.Resize(fyne.NewSize(1024, 600))
		u.shell.show(scBills)
		u.idle()
		found := false
		walk(u.shell.views[scBills], func(o any) {
			l, ok := o.(*widget.Label)
			if !ok || l.Text != "Insurer paid" {
				return
			}
			found = true
			if got := drawnText(l); got != l.Text {
				t.Errorf("at %v %% text the heading %q is drawn as %q", text*100, l.Text, got)
			}
		})
		if !found {
			t.Fatal("no Insurer paid heading")
		}
	}
}

// A person without bills is not asked to choose one: the subtitle said "0 bills. Choose one
// to see the statement." above "No bills yet".
func TestBills_NoneSaysNothingToChoose(t *testing.T) {
	u, _ := demoUI(t)
	addSecondPerson(t, u)
	u.shell.person.SetSelected("Margaret Okonkwo-Smith")
	u.idle()
	u.shell.show(scBills)
	u.idle()
	p := u.shell.pages[scBills].(*billsPage)
	if !p.frame.empty.CanvasObject.Visible() {
		t.Fatal("no empty state for a person without bills")
	}
	if strings.Contains(p.frame.sub.Text, "Choose") {
		t.Errorf("subtitle %q", p.frame.sub.Text)
	}
}

// drawnText is the text o draws (its canvas.Text objects, joined).
func drawnText(o fyne.CanvasObject) string {
	var out []string
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		switch t := o.(type) {
		case *canvas.Text:
			out = append(out, t.Text)
		case *fyne.Container:
			for _, c := range t.Objects {
				visit(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(t).Objects() {
				visit(c)
			}
		}
	}
	visit(o)
	return strings.Join(out, " ")
}
