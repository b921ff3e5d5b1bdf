package app

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// misplaced is one visible object that lies outside its container, or is squeezed below
// the size it needs.
type misplaced struct {
	path string
	what string
}

// walkBounds walks the canvas object tree under o (whose size is the bounds) and reports
// every visible object placed outside its parent, and every widget given less room than it
// needs (its text or controls would be clipped). Scroll containers may hold larger content;
// their content is walked against its own size.
func walkBounds(o fyne.CanvasObject, path string, out *[]misplaced) {
	const eps = 0.5
	children := childrenOf(o)
	size := o.Size()
	for i, c := range children {
		if c == nil || !c.Visible() {
			continue
		}
		name := typeName(c)
		p := fmt.Sprintf("%s/%d:%s", path, i, name)
		if ignoredByWalk(o, c) {
			continue
		}
		pos, sz := c.Position(), c.Size()
		// A scroll's content, and Portals and files' tabs with their bar folded away above the
		// screen's top (tabsFold: the shell's scroll hides it), are placed beyond their parent.
		_, scroll := o.(*container.Scroll)
		if oc, ok := o.(*fyne.Container); ok {
			if _, fold := oc.Layout.(*tabsFold); fold {
				scroll = true
			}
		}
		if !scroll && sz.Width > 0 && sz.Height > 0 {
			if pos.X < -eps || pos.Y < -eps || pos.X+sz.Width > size.Width+eps || pos.Y+sz.Height > size.Height+eps {
				*out = append(*out, misplaced{p, fmt.Sprintf("at %v size %v, outside its container of size %v%s", pos, sz, size, textOf(c))})
			}
		}
		if w, ok := c.(fyne.Widget); ok && sz.Width > 0 && !ignoredSqueeze(o, c) {
			if m := w.MinSize(); m.Width > sz.Width+1 || m.Height > sz.Height+1 {
				*out = append(*out, misplaced{p, fmt.Sprintf("size %v, needs %v%s", sz, m, textOf(c))})
				continue // its parts are then misplaced too: one report is enough
			}
		}
		walkBounds(c, p, out)
	}
}

// ignoredSqueeze: a date or select entry's drop-down button may be a few units shorter
// than it asks for (Fyne sizes it from the entry).
func ignoredSqueeze(parent, c fyne.CanvasObject) bool {
	// The top bar's selectors share a narrow bar and cut their words with "…" (barLayout).
	if pc, ok := parent.(*fyne.Container); ok {
		switch pc.Layout.(type) {
		case *namesWide, switcherLayout:
			return true
		}
	}
	switch parent.(type) {
	case *widget.DateEntry, *widget.SelectEntry:
		b, ok := c.(*widget.Button)
		return ok && b.MinSize().Height-b.Size().Height <= 4
	}
	return false
}

// childrenOf is what o draws: a container's objects or a widget's renderer's objects.
func childrenOf(o fyne.CanvasObject) []fyne.CanvasObject {
	switch t := o.(type) {
	case *fyne.Container:
		return t.Objects
	case fyne.Widget:
		return test.WidgetRenderer(t).Objects()
	}
	return nil
}

// ignoredByWalk leaves out what Fyne draws outside an object by design: shadows, spacers,
// the 1-unit validation underline of a form's entries, the parts of an object of no size
// (a dialog's empty label), a radio item's text box, and the few units a date or select
// entry's drop-down button is squeezed by its entry.
func ignoredByWalk(parent, c fyne.CanvasObject) bool {
	n := typeName(c)
	switch {
	case strings.Contains(strings.ToLower(n), "shadow"), n == "layout.Spacer":
		return true
	case parent.Size().IsZero():
		return true
	case c.Size().Height <= 1:
		return true
	case typeName(parent) == "widget.radioItem":
		return true
	}
	// A form item's hint text box: Fyne sizes it as a square under the entry; the hint text
	// in it is one line.
	if pc, ok := parent.(*fyne.Container); ok && pc.Layout != nil && typeName2(pc.Layout) == "widget.formItemLayout" {
		if cc, ok := c.(*fyne.Container); ok && cc.Layout == nil {
			return true
		}
	}
	return false
}

func typeName2(o any) string {
	t := reflect.TypeOf(o)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.String()
}

func typeName(o fyne.CanvasObject) string {
	t := reflect.TypeOf(o)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.String()
}

// textOf is a short hint of what the object shows, to find it in a failure.
func textOf(o fyne.CanvasObject) string {
	switch t := o.(type) {
	case *widget.Label:
		return fmt.Sprintf(" (label %q)", clip(t.Text))
	case *widget.Button:
		return fmt.Sprintf(" (button %q)", clip(t.Text))
	case *widget.Check:
		return fmt.Sprintf(" (check %q)", clip(t.Text))
	case *widget.Select:
		return fmt.Sprintf(" (select %q)", clip(t.Selected))
	}
	return ""
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// walkSize is a 1024×600 screen at 200 % text: the smallest window and the largest text the
// app supports.
var walkSize = fyne.NewSize(1024, 600)

// walkScreens shows every main screen of the demo at walkSize with 200 % text and walks it.
func walkScreens(t *testing.T, variant string) map[screen][]misplaced {
	return walkScreensAt(t, variant, walkSize, 2)
}

// walkScreensAt shows every main screen of the demo in a window of size with text at scale
// and walks it.
func walkScreensAt(t *testing.T, variant string, walkSize fyne.Size, text float64) map[screen][]misplaced {
	t.Helper()
	u, _ := demoUI(t)
	return walkUI(t, u, variant, walkSize, text, true)
}

// walkUI shows every main screen of u in a window of size with text at scale and walks it.
// With forms, the forms the screens open are walked too, each as the dialog it opens in.
func walkUI(t *testing.T, u *UI, variant string, walkSize fyne.Size, text float64, withForms bool) map[screen][]misplaced {
	t.Helper()
	u.app.Preferences().SetFloat(prefTextSize, text)
	u.app.Preferences().SetString(prefTheme, variant)
	u.applyTheme()
	u.shell.restale()
	u.win.Resize(walkSize)
	found := map[screen][]misplaced{}
	for sc := screen(0); sc < numScreens; sc++ {
		u.shell.show(sc)
		u.idle()
		// Two layout passes: wrapped labels learn their width in the first.
		u.win.Resize(walkSize.SubtractWidthHeight(1, 1))
		u.win.Resize(walkSize)
		content := u.win.Canvas().Content()
		var out []misplaced
		if m := content.MinSize(); m.Width > walkSize.Width+1 || m.Height > walkSize.Height+1 {
			out = append(out, misplaced{"window", fmt.Sprintf("needs %v, more than the screen", m)})
		}
		walkBounds(content, sc.title(), &out)
		if sc == scResults {
			// The chosen series too: in a narrow window it replaces the list.
			res := u.shell.pages[scResults].(*resultsPage)
			res.list.list.Select(0)
			if !res.detail {
				res.list.list.Select(1) // for everyone, the first row is the first person's name
			}
			if !res.detail {
				t.Error("results: choosing a series does not show it")
			}
			u.win.Resize(walkSize.SubtractWidthHeight(1, 1))
			u.win.Resize(walkSize)
			walkBounds(content, sc.title(), &out)
		}
		found[sc] = out
	}
	if !withForms {
		return found
	}
	// The forms of the screens, each walked as the dialog it opens in.
	s := u.shell
	forms := []struct {
		sc   screen
		name string
		open func()
	}{
		{scResults, "Add measurement", func() { s.openMeasure() }},
		{scAppts, "Add appointment", func() { s.pages[scAppts].(*apptsPage).openEditor(nil) }},
		{scMeds, "Add a medicine by hand", func() { s.pages[scMeds].(*medsPage).openAddOwn() }},
		{scTeam, "Add a contact", func() { s.pages[scTeam].(*teamPage).openAdd() }},
		{scPeople, "Sharing and alerts", func() { s.pages[scPeople].(*peoplePage).openCaregiver() }},
		{scSettings, "Create a household", func() { s.pages[scSettings].(*settingsPage).house.openSetup(false) }},
		{scSettings, "Join a household", func() { s.pages[scSettings].(*settingsPage).house.openSetup(true) }},
	}
	for _, f := range forms {
		s.show(f.sc)
		u.idle()
		f.open()
		top := u.win.Canvas().Overlays().Top()
		if top == nil {
			t.Errorf("%s: no dialog", f.name)
			continue
		}
		var out []misplaced
		walkBounds(top, f.name, &out)
		found[f.sc] = append(found[f.sc], out...)
		clearOverlays(u.win.Canvas())
	}
	return found
}

// TestWalk_1024x600At200 walks every main screen at 1024×600 with 200 % text and asserts
// that no visible widget lies outside its container or is squeezed below its size. Every
// finding fails: a walk that only logs cannot catch anything.
func TestWalk_1024x600At200(t *testing.T) {
	for _, variant := range []string{"light", "contrast"} {
		t.Run(variant, func(t *testing.T) {
			found := walkScreens(t, variant)
			for sc := screen(0); sc < numScreens; sc++ {
				for _, m := range found[sc] {
					t.Errorf("%s: %s %s", sc.title(), m.path, m.what)
				}
			}
		})
	}
}

// TestWalk_EverySize walks every screen at 1024×600 and 1920×1080, at 100 % and 200 % text,
// in the light, dark and high-contrast themes (issue 11 §6).
func TestWalk_EverySize(t *testing.T) {
	for _, c := range []struct {
		variant string
		size    fyne.Size
		text    float64
	}{
		{"light", fyne.NewSize(1024, 600), 1},
		{"dark", fyne.NewSize(1024, 600), 2},
		{"dark", fyne.NewSize(1920, 1080), 1},
		{"contrast", fyne.NewSize(1920, 1080), 2},
	} {
		t.Run(fmt.Sprintf("%s-%vx%v-%v", c.variant, c.size.Width, c.size.Height, c.text*100), func(t *testing.T) {
			found := walkScreensAt(t, c.variant, c.size, c.text)
			for sc := screen(0); sc < numScreens; sc++ {
				for _, m := range found[sc] {
					t.Errorf("%s: %s %s", sc.title(), m.path, m.what)
				}
			}
		})
	}
}

// TestWalk_TwoPeople walks every screen with two people (the demo person and one without
// records, with a long name), for everyone and for one of them: at 1024×600 and in the
// window's 90 % of it with 200 % text, at 100 % text, and at FYNE_SCALE=2 on 1024×600 (the
// 90 % window of 512×300 units). Settings was wider than the window with two people, and
// Today's guide and People's buttons wider than the window at FYNE_SCALE=2.
func TestWalk_TwoPeople(t *testing.T) {
	for _, c := range []struct {
		size     fyne.Size
		text     float64
		everyone bool
	}{
		{fyne.NewSize(1024, 600), 2, true},
		{fyne.NewSize(1024, 600), 2, false},
		{windowSize(fyne.NewSize(1024, 600)), 2, true},
		{fyne.NewSize(1024, 600), 1, true},
		{windowSize(scale2Screen), 1, true},
	} {
		t.Run(fmt.Sprintf("%vx%v-%v-everyone-%v", c.size.Width, c.size.Height, c.text*100, c.everyone), func(t *testing.T) {
			u, _ := demoUI(t)
			addSecondPerson(t, u)
			if c.everyone {
				u.shell.person.SetSelected("Everyone")
				u.idle()
			}
			found := walkUI(t, u, "light", c.size, c.text, true)
			for sc := screen(0); sc < numScreens; sc++ {
				for _, m := range found[sc] {
					t.Errorf("%s: %s %s", sc.title(), m.path, m.what)
				}
			}
		})
	}
}
