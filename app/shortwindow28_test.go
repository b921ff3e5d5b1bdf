package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// shownList is the list shown in o (the body of a screen), or nil.
func shownList(o fyne.CanvasObject) *widget.List {
	if o == nil || !o.Visible() {
		return nil
	}
	switch t := o.(type) {
	case *widget.List:
		return t
	case *fyne.Container:
		for _, c := range t.Objects {
			if l := shownList(c); l != nil {
				return l
			}
		}
	}
	return nil
}

// frameOfScreen is the page frame of screen sc.
func frameOfScreen(s *shell, sc screen) *pageFrame {
	if p, ok := s.pages[sc].(*timelinePage); ok {
		return p.frame
	}
	return frameOf(s.pages[sc])
}

// F119: at 200 % text on a 1024×600 screen (the window opens 922×540) the screens whose body is
// a list (Medicines, Appointments, Results, Timeline, Conditions, Care team) kept their title,
// tools and line (and the Timeline its filters) pinned over the list: Medicines' list was a
// 150 px box under 200 px of header. Scrolled down by the wheel or the arrow keys, the header
// folds away and the list has the page's height; back at the first row, the header shows
// again. Both ways to 200 %: the app's Text size (922×540 units) and FYNE_SCALE=2 (461×270
// units at 100 %). A tall window keeps its header.
func TestShortWindow_ListHeaderFolds(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Sharonda198_*.json")
	s := u.shell
	screens := []screen{scMeds, scAppts, scResults, scTimeline, scConditions, scTeam}
	// at shows screen sc at text size text in a window w×h; it returns the page, its header and
	// its list.
	at := func(t *testing.T, sc screen, text, w, h float32) (page *fyne.Container, head fyne.CanvasObject, l *widget.List) {
		t.Helper()
		u.app.Preferences().SetFloat(prefTextSize, float64(text))
		u.applyTheme()
		u.win.Resize(fyne.NewSize(w, h))
		s.show(sc)
		u.idle()
		u.win.Resize(fyne.NewSize(w-1, h-1))
		u.win.Resize(fyne.NewSize(w, h))
		u.idle()
		page = frameOfScreen(s, sc).box
		head = page.Objects[0]
		if l = shownList(page.Objects[1]); l == nil {
			t.Fatal("no list shown")
		}
		if l.ScrollToTop(); !head.Visible() {
			t.Fatal("at the top, the header is not shown")
		}
		return page, head, l
	}
	wheel := func(l *widget.List, dy float32) {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l).AddXY(20, 20)
		test.Scroll(u.win.Canvas(), pos, 0, dy)
		u.idle()
	}
	key := func(l *widget.List, k fyne.KeyName) {
		u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k})
		u.idle()
	}
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"Text size 200 %", 2, 922, 540}, {"FYNE_SCALE=2", 1, 461, 270}} {
		// (461×270: the page as high as at 1024×600 with FYNE_SCALE=2 under the one-row top
		// bar. The chart chosen after Back opened as far down as the one before was scrolled,
		// and the scroll to it landed 40 units past its top (F569).)
		for _, sc := range screens {
			t.Run(c.name+"/"+sc.title(), func(t *testing.T) {
				page, head, l := at(t, sc, c.text, c.w, c.h)
				short := l.Size().Height
				// The wheel: down past what is above the list, then back to the top.
				wheel(l, -(page.Size().Height - short + 60))
				if head.Visible() || l.Size().Height < page.Size().Height {
					t.Errorf("scrolled down by the wheel: the header is shown %v, the list %.0f of the page's %.0f (was %.0f)", head.Visible(), l.Size().Height, page.Size().Height, short)
				}
				if l.GetScrollOffset() <= 0 {
					t.Errorf("the list went back to the top as the header folded")
				}
				wheel(l, 10000)
				if !head.Visible() || l.GetScrollOffset() != 0 {
					t.Errorf("back at the top by the wheel: the header is shown %v, the list at %.0f", head.Visible(), l.GetScrollOffset())
				}
				// The keys: the focused list, Down until the header folds, Up to the first row.
				u.win.Canvas().Focus(l)
				for i := 0; i < 30 && head.Visible(); i++ {
					key(l, fyne.KeyDown)
				}
				if head.Visible() {
					t.Errorf("30 rows down by the arrow key, the header is still shown (the list at %.0f)", l.GetScrollOffset())
				}
				for i := 0; i < 40 && l.GetScrollOffset() > 0; i++ {
					key(l, fyne.KeyUp)
				}
				if !head.Visible() {
					t.Errorf("back at the first row by the arrow key, the header is not shown")
				}
				// Folded, the header's buttons are in the keyboard's reach: Shift+Tab from the
				// list brings the header back with the focus on its last control, Tab from the
				// top bar with the focus on its first.
				c := u.win.Canvas()
				for i := 0; i < 30 && head.Visible(); i++ {
					key(l, fyne.KeyDown)
				}
				c.FocusPrevious() // what Shift+Tab does
				u.idle()
				checkFocusInHead(t, "Shift+Tab from the list", c, frameOfScreen(s, sc), l)
				// The list stayed where it was; scrolling it again folds the header.
				c.Focus(l)
				key(l, fyne.KeyDown)
				if head.Visible() {
					t.Errorf("a row down after Shift+Tab and Tab, the header is shown")
				}
				wheel(l, -(page.Size().Height - short + 60))
				if head.Visible() {
					t.Fatal("scrolled down by the wheel again, the header is shown")
				}
				c.Focus(s.lockShown())
				c.FocusNext() // what Tab does
				u.idle()
				checkFocusInHead(t, "Tab from Lock", c, frameOfScreen(s, sc), l)
				c.Unfocus()
			})
		}
	}
	t.Run("1280×800 at 100 %", func(t *testing.T) {
		_, head, l := at(t, scTimeline, 1, 1280, 800)
		wheel(l, -300)
		if l.GetScrollOffset() <= 0 {
			t.Fatal("the list did not scroll")
		}
		if !head.Visible() {
			t.Errorf("in a tall window the header folded away")
		}
	})
}

// checkFocusInHead checks that the header shows, the list stayed scrolled down and the focused
// control is one of the header's (or of the tools above the list) and is shown.
func checkFocusInHead(t *testing.T, how string, c fyne.Canvas, f *pageFrame, l *widget.List) {
	t.Helper()
	head := f.box.Objects[0]
	if !head.Visible() || l.GetScrollOffset() <= 0 {
		t.Errorf("%s: the header is shown %v, the list at %.0f (it stays where it was)", how, head.Visible(), l.GetScrollOffset())
	}
	for _, fo := range f.headFocusables() {
		if fo == c.Focused() {
			if o := fo.(fyne.CanvasObject); !o.Visible() || o.Size().Height == 0 {
				t.Errorf("%s: the focus is on %T, not shown", how, fo)
			}
			return
		}
	}
	t.Errorf("%s: the focus is on %T, not in the header", how, c.Focused())
}

// F119: at 200 % text on a 1024×600 screen a Results chart was taller than the window could
// show (blood pressure: 328 units in a 177-unit page at FYNE_SCALE=2, 496 in 407 at Text size
// 200 %): its values and its years were never on screen together. The chart is sized to the
// room it has: scrolled to it, the header folds away and the whole chart is in view, with the
// line under it that tells the point tapped. At 1280×800 and 100 % it keeps its size.
func TestShortWindow_ChartSeenWhole(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	p := s.pages[scResults].(*resultsPage)
	detail := p.pane.Objects[1].(*container.Scroll)
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"Text size 200 %", 2, 922, 540}, {"FYNE_SCALE=2", 1, 461, 270}} {
		// (461×270: the page as high as at 1024×600 with FYNE_SCALE=2 under the one-row top
		// bar. The chart chosen after Back opened as far down as the one before was scrolled,
		// and the scroll to it landed 40 units past its top (F569).)
		t.Run(c.name, func(t *testing.T) {
			u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
			u.applyTheme()
			u.win.Resize(fyne.NewSize(c.w, c.h))
			s.show(scResults)
			u.idle()
			p.list.list.Select(0) // blood pressure
			u.idle()
			if detail.Offset.Y != 0 {
				t.Errorf("the chart chosen opens %.0f down, not at its top", detail.Offset.Y)
			}
			u.win.Resize(fyne.NewSize(c.w-1, c.h-1))
			u.win.Resize(fyne.NewSize(c.w, c.h))
			u.idle()
			if !detail.Visible() || p.chosen == nil || !p.chosen.Pair {
				t.Fatalf("the blood pressure chart is not shown")
			}
			d := fyne.CurrentApp().Driver()
			top := d.AbsolutePositionForObject(p.chart).Y - d.AbsolutePositionForObject(detail.Content).Y
			test.Scroll(u.win.Canvas(), d.AbsolutePositionForObject(detail).AddXY(20, 20), 0, -top)
			u.idle()
			head := p.frame.box.Objects[0]
			from := top - detail.Offset.Y // the chart's top in the view
			if head.Visible() || from < 0 || from+p.chart.Size().Height > detail.Size().Height {
				t.Errorf("scrolled to the chart: the header is shown %v; the chart is %.0f high from %.0f in a view %.0f high (page %.0f)",
					head.Visible(), p.chart.Size().Height, from, detail.Size().Height, p.frame.box.Size().Height)
			}
			if under := from + p.chart.Size().Height + p.point.Size().Height; under > detail.Size().Height+1 {
				t.Errorf("the line under the chart ends at %.0f, below the view (%.0f)", under, detail.Size().Height)
			}
			p.back.OnTapped()
			u.idle()
		})
	}
	u.app.Preferences().SetFloat(prefTextSize, 1)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(1280, 800))
	u.idle()
	p.list.list.Select(0)
	u.idle()
	if got, want := p.chart.MinSize().Height, 12*theme.TextSize()+160; got != want || p.chart.Size().Height < want {
		t.Errorf("at 1280×800 the chart asks for %.0f (is %.0f), not %.0f as before", got, p.chart.Size().Height, want)
	}
}

// F119: Portals and files → Records and files at 200 % text on a 1024×600 screen: the top bar,
// the tabs and 'Import files…/Import folder…' left the kinds and the records ~100 px (one kind,
// one record), and an opened record 1½ rows of its details. Scrolled down, the tabs and the
// import buttons fold away; an opened record has them folded until Back. At 1280×800 and 100 %
// they stay.
func TestShortWindow_RecordsAndFilesFold(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Sharonda198_*.json")
	s, m := u.shell, u.main
	p := s.portalsPage()
	open := func(text, w, h float32) {
		u.app.Preferences().SetFloat(prefTextSize, float64(text))
		u.applyTheme()
		u.win.Resize(fyne.NewSize(w, h))
		s.show(scFiles)
		p.tabs.SelectIndex(1)
		u.idle()
		u.win.Resize(fyne.NewSize(w-1, h-1))
		u.win.Resize(fyne.NewSize(w, h))
		u.idle()
	}
	importRow := m.content.(*fyne.Container).Objects[0]
	folded := func() bool { return p.tabs.Position().Y < 0 && !importRow.Visible() }
	for _, c := range []struct {
		name       string
		text, w, h float32
	}{{"Text size 200 %", 2, 922, 540}, {"FYNE_SCALE=2", 1, 461, 270}} {
		// (461×270: the page as high as at 1024×600 with FYNE_SCALE=2 under the one-row top
		// bar. The chart chosen after Back opened as far down as the one before was scrolled,
		// and the scroll to it landed 40 units past its top (F569).)
		t.Run(c.name, func(t *testing.T) {
			open(c.text, c.w, c.h)
			if folded() {
				t.Fatal("folded before anything was scrolled")
			}
			page := s.views[scFiles].Size().Height
			bar := p.tabs.Selected().Content.Position().Y // the tabs' bar
			before := m.recordList.Size().Height
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m.recordList).AddXY(20, 20)
			test.Scroll(u.win.Canvas(), pos, 0, -(page - before + 60))
			u.idle()
			if !folded() || m.recordList.Size().Height < before+bar || m.recordList.GetScrollOffset() <= 0 {
				t.Errorf("scrolled down: folded %v, the records %.0f high (were %.0f, the tabs' bar %.0f), at %.0f", folded(), m.recordList.Size().Height, before, bar, m.recordList.GetScrollOffset())
			}
			// Folded, the import buttons are in the keyboard's reach: Tab from Lock brings them
			// back with 'Import files…' focused, Shift+Tab from the kinds with 'Import folder…'.
			cv := u.win.Canvas()
			cv.Focus(s.m.lockBt)
			cv.FocusNext()
			u.idle()
			if folded() || !importRow.Visible() || cv.Focused() != m.importBt {
				t.Errorf("Tab from Lock: folded %v, the focus on %T", folded(), cv.Focused())
			}
			test.Scroll(u.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(m.recordList).AddXY(20, 20), 0, -10)
			u.idle()
			if !folded() {
				t.Errorf("scrolled again: not folded")
			}
			cv.Focus(m.typeList)
			cv.FocusPrevious()
			u.idle()
			if folded() || cv.Focused() != m.importFolderBt {
				t.Errorf("Shift+Tab from the kinds: folded %v, the focus on %T", folded(), cv.Focused())
			}
			cv.Unfocus()
			test.Scroll(u.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(m.recordList).AddXY(20, 20), 0, 20000)
			u.idle()
			if folded() || !importRow.Visible() {
				t.Errorf("back at the top: the tabs and import buttons do not show")
			}
			m.recordList.Select(0)
			u.idle()
			if !m.showDetail || !folded() {
				t.Errorf("a record open: shown %v, folded %v", m.showDetail, folded())
			}
			test.Tap(m.detailBack)
			u.idle()
			if m.showDetail || folded() {
				t.Errorf("after Back: the record shown %v, folded %v", m.showDetail, folded())
			}
		})
	}
	t.Run("1280×800 at 100 %", func(t *testing.T) {
		open(1, 1280, 800)
		m.recordList.Select(0)
		u.idle()
		if p.tabs.Position().Y < 0 {
			t.Errorf("a record open at 1280×800: the tabs folded away")
		}
		test.Tap(m.detailBack)
		u.idle()
	})
}
