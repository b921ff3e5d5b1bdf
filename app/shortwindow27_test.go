package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// F119: at 200 % text on a 1024×600 screen (the window opens 922×540) the top bar and Today's
// pinned title row and date line left Today's content 170 px of 540: three lines. In a short
// window the page's header scrolls away with the content: scrolled down, the content has at
// least 60 % of the window's height; scrolled back to the top, the title and date show again.
// Both ways to 200 %: the app's Text size (922×540 units) and FYNE_SCALE=2 (461×270 units at
// 100 %).
func TestShortWindow_HeaderScrollsAwayWithTheContent(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Sharonda198_*.json")
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"Text size 200 %", 2, 922, 540}, {"FYNE_SCALE=2", 1, 461, 270}} {
		t.Run(c.name, func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
			u.applyTheme()
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			s := u.shell
			s.show(scToday)
			u.idle()
			u.win.Resize(fyne.NewSize(c.w-1, c.h-1))
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			p := s.pages[scToday].(*todayPage)
			f := p.frame
			body := f.body.(*container.Scroll)
			if !f.title.Visible() || !f.sub.Visible() || f.sub.Text == "" {
				t.Fatalf("at the top the title or the date line is not shown (%q)", f.sub.Text)
			}
			if body.Content.MinSize().Height <= s.scroll.Size().Height {
				t.Fatalf("Today's content (%.0f high) fits the screen (%.0f): nothing to scroll", body.Content.MinSize().Height, s.scroll.Size().Height)
			}
			body.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -40}})
			u.idle()
			if h := body.Size().Height; h < 0.6*c.h {
				t.Errorf("scrolled down, the content is %.0f of %.0f high (%.0f %%); the header is %.0f", h, c.h, 100*h/c.h, f.content.(*fyne.Container).Objects[0].Size().Height)
			}
			if body.Offset.Y <= 0 {
				t.Errorf("the content went back to the top as the header folded")
			}
			body.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: 4000}})
			u.idle()
			if !f.content.(*fyne.Container).Objects[0].Visible() || f.content.(*fyne.Container).Objects[0].Size().Height == 0 {
				t.Errorf("scrolled back to the top, the title and date line do not show")
			}
		})
	}
	// A tall window keeps its header pinned.
	u.app.Preferences().SetFloat(prefTextSize, 1)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(1280, 800))
	u.idle()
	f := u.shell.pages[scToday].(*todayPage).frame
	f.body.(*container.Scroll).Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -40}})
	u.idle()
	if !f.content.(*fyne.Container).Objects[0].Visible() {
		t.Errorf("at 1280×800 and 100 %% text the header scrolled away")
	}
}

// F128: at 200 % text on a 1024×600 screen the 'Whose records are these?' question showed 1½
// lines of its sentences in a small scroll above its three answers: the question itself was
// out of sight. The sentences come first and are seen whole; the answers follow below them,
// the dialog scrolling as a whole, inside the window.
func TestIdentityQuestion_SentencesSeenFirstAtLargeText(t *testing.T) {
	u := unlocked(t)
	m := u.main
	mum, err := m.v.AddProfile("Sharonda Casper", "1980-03-04")
	if err != nil {
		t.Fatal(err)
	}
	m.loadPeople(mum.ID)
	u.idle()
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"Text size 200 %", 2, 922, 540}, {"FYNE_SCALE=2", 1, 461, 270}} {
		t.Run(c.name, func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
			u.applyTheme()
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			m.importInto([]string{fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 1/CCD.XML")}, mum.ID)
			top := topDialog(t, u)
			q := m.identity
			if q == nil {
				t.Fatal("no question")
			}
			d := fyne.CurrentApp().Driver()
			var sc *container.Scroll
			for o := fyne.CanvasObject(q.text); o != nil; o = parentIn(top, o) {
				if s, ok := o.(*container.Scroll); ok {
					sc = s
					break
				}
			}
			if sc == nil {
				t.Fatal("the sentences are not in a scroll")
			}
			view, text := d.AbsolutePositionForObject(sc), d.AbsolutePositionForObject(q.text)
			if text.Y < view.Y || text.Y+q.text.Size().Height > view.Y+sc.Size().Height+1 {
				t.Errorf("the sentences (%.0f high at %.0f) are not seen whole in the %.0f seen from %.0f: %q", q.text.Size().Height, text.Y, sc.Size().Height, view.Y, q.text.Text)
			}
			box := top.(*widget.PopUp).Content
			if pos := d.AbsolutePositionForObject(box); pos.Y < 0 || pos.Y+box.Size().Height > c.h+1 {
				t.Errorf("the dialog (%v at %v) is beyond the %vx%v window", box.Size(), pos, c.w, c.h)
			}
			var out []misplaced
			walkBounds(top, "Whose records are these?", &out)
			for _, mp := range out {
				t.Errorf("%s %s", mp.path, mp.what)
			}
			q.abort.OnTapped()
			u.idle()
		})
	}
}

// parentIn is o's parent among the objects under root (nil for root or none).
func parentIn(root, o fyne.CanvasObject) fyne.CanvasObject {
	for _, c := range childrenOf(root) {
		if c == o {
			return root
		}
		if p := parentIn(c, o); p != nil {
			return p
		}
	}
	return nil
}

// scrollDown scrolls every vertical scroll under o to its bottom.
func scrollDown(o fyne.CanvasObject) {
	if sc, ok := o.(*container.Scroll); ok && sc.Direction != container.ScrollHorizontalOnly {
		sc.ScrollToBottom()
	}
	for _, c := range childrenOf(o) {
		if c != nil {
			scrollDown(c)
		}
	}
}

// F128's other half: 'Import finished' at 200 % text on a 1024×600 screen (FYNE_SCALE=2) cut its
// sentence mid-line: its list asked for 540 in a 421-wide dialog. The sentence and the file's
// outcome are seen whole, inside the dialog and the window.
func TestImportFinished_SentenceWholeAtLargeText(t *testing.T) {
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"Text size 200 %", 2, 922, 540}, {"FYNE_SCALE=2", 1, 461, 270}} {
		t.Run(c.name, func(t *testing.T) {
			u := unlocked(t)
			u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
			u.applyTheme()
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			m := u.main
			m.importFiles([]string{fixture(t, "ccda/hl7-examples/Documents/CCD/CCD 1/CCD.XML")})
			top := topDialog(t, u)
			if m.results == nil || len(m.results.results) != 1 {
				t.Fatalf("results %+v", m.results)
			}
			box := top.(*widget.PopUp).Content
			d := fyne.CurrentApp().Driver()
			if pos := d.AbsolutePositionForObject(box); pos.X < 0 || pos.Y < 0 || pos.X+box.Size().Width > c.w+1 || pos.Y+box.Size().Height > c.h+1 {
				t.Errorf("the dialog (%v at %v) is beyond the %vx%v window", box.Size(), pos, c.w, c.h)
			}
			var out []misplaced
			walkBounds(top, "import results", &out)
			for _, mp := range out {
				t.Errorf("%s %s", mp.path, mp.what)
			}
			sc := m.results.scroll
			if need := sc.Content.MinSize().Height; c.text == 2 && sc.Size().Height+1 < need {
				t.Errorf("the sentence and outcome need %.0f, %.0f shown", need, sc.Size().Height)
			}
		})
	}
}
