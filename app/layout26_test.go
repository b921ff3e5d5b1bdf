package app

import (
	"context"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// brennans is a caregiver's vault as vapp25 checked it: two Joseph Brennans, the elder of
// whom died in 2019, and Lily Rose Brennan. It returns the living Joseph's profile.
func brennans(t *testing.T, u *UI) string {
	t.Helper()
	for _, p := range []struct{ id, given, born, died string }{
		{"j31", "Joseph", "1931-04-02", `,"deceasedDateTime":"2019-02-14"`},
		{"j60", "Joseph", "1960-09-12", ""},
		{"lily", "Lily Rose", "2019-05-20", ""},
	} {
		importBundle(t, u, p.id+".json", `{"fullUrl":"urn:uuid:`+p.id+`","resource":{"resourceType":"Patient","id":"`+p.id+
			`","name":[{"family":"Brennan","given":["`+strings.Join(strings.Fields(p.given), `","`)+`"]}],"birthDate":"`+p.born+`"`+p.died+`}}`)
	}
	ps, err := u.vault.Profiles()
	if err != nil || len(ps) != 3 {
		t.Fatalf("%d people, %v", len(ps), err)
	}
	j60 := ""
	for _, p := range ps {
		if p.BirthDate == "1960-09-12" {
			j60 = p.ID
		}
	}
	u.main.loadPeople(j60)
	u.idle()
	return j60
}

// atLargeText sets 200 % text in a w×h window.
func atLargeText(u *UI, w, h float32) {
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(w, h))
	u.idle()
}

// topDialog is the dialog shown on top, laid out twice (wrapped labels learn their width).
func topDialog(t *testing.T, u *UI) fyne.CanvasObject {
	t.Helper()
	u.idle()
	size := u.win.Canvas().Size()
	u.win.Resize(size.SubtractWidthHeight(1, 1))
	u.win.Resize(size)
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	return top
}

// onScreen reports where o lies outside the window, or outside the part of a scroll that
// shows it; "" when all of it can be seen (or scrolled to, for a vertical scroll).
func onScreen(u *UI, o fyne.CanvasObject) string {
	d := fyne.CurrentApp().Driver()
	pos, size := d.AbsolutePositionForObject(o), o.Size()
	win := u.win.Canvas().Size()
	if size.Width == 0 || size.Height == 0 {
		return "not drawn"
	}
	if pos.X < 0 || pos.X+size.Width > win.Width+1 {
		return "beyond the window's sides"
	}
	return ""
}

// F50: at 1024×600 with 200 % text a medicine's Days row was "Mon Tue Wed Thu Fri S…" with a
// sideways scroll bar under it. Every day is seen whole, inside the dialog, with no sideways
// scroll: the row wraps.
func TestMedEditor_EveryDayVisibleAtLargeText(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Atorvastatin 20 mg", twiceDaily})
	u := rig.u
	atLargeText(u, 1024, 600)
	s := u.shell
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	p.rows[0].OnTap()
	top := topDialog(t, u)
	pop := top.(*widget.PopUp)
	d := fyne.CurrentApp().Driver()
	left := d.AbsolutePositionForObject(pop.Content).X
	right := left + pop.Content.Size().Width
	for _, c := range p.edit.days {
		pos := d.AbsolutePositionForObject(c)
		if pos.X < left || pos.X+c.Size().Width > right+1 || c.Size().Width < c.MinSize().Width {
			t.Errorf("%s at x %.0f–%.0f: outside the dialog (%.0f–%.0f) or cut", c.Text, pos.X, pos.X+c.Size().Width, left, right)
		}
	}
	if n := countHScrolls(top); n > 0 {
		t.Errorf("%d sideways scrolls in the dialog", n)
	}
	var out []misplaced
	walkBounds(top, "medicine", &out)
	for _, m := range out {
		t.Errorf("%s %s", m.path, m.what)
	}
}

func countHScrolls(o fyne.CanvasObject) int {
	n := 0
	if s, ok := o.(*container.Scroll); ok && s.Direction != container.ScrollVerticalOnly && s.Direction != container.ScrollNone {
		n++
	}
	if strings.Contains(typeName(o), "Entry") {
		return n // an entry scrolls its own text
	}
	for _, c := range childrenOf(o) {
		if c != nil && c.Visible() {
			n += countHScrolls(c)
		}
	}
	return n
}

// F52: at 1024×600 with 200 % text "Time zone and reminders…" was taller than the window and
// did not scroll: Cancel and Save lay over a setting, the privacy box was cut off. Its title
// ("Reminders for Joseph Brennan") did not say which Joseph. The form scrolls with its buttons
// below it, inside the window, and the title tells the two apart.
func TestReminderSettings_FitsAndSaysWhichPerson(t *testing.T) {
	u := unlocked(t)
	j60 := brennans(t, u)
	atLargeText(u, 1024, 600)
	s := u.shell
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	p.openSettings(j60)
	top := topDialog(t, u)
	d := p.prefs
	if d == nil {
		t.Fatal("no settings dialog")
	}
	if texts := labelTexts(top); !strings.Contains(texts, "Reminders for Joseph Brennan (born 1960)") {
		t.Errorf("the title does not say which Joseph:\n%s", texts)
	}
	var out []misplaced
	walkBounds(top, "reminders", &out)
	for _, m := range out {
		t.Errorf("%s %s", m.path, m.what)
	}
	// The buttons are inside the window, below the form's scroll, over none of its rows.
	drv := fyne.CurrentApp().Driver()
	scroll := scrollOf(top)
	if scroll == nil {
		t.Fatal("the form does not scroll")
	}
	bottom := drv.AbsolutePositionForObject(scroll).Y + scroll.Size().Height
	win := u.win.Canvas().Size()
	for _, b := range buttonsOf(top) {
		pos := drv.AbsolutePositionForObject(b)
		if pos.Y < bottom-1 || pos.Y+b.Size().Height > win.Height+1 {
			t.Errorf("%q at y %.0f–%.0f: over the form (ends %.0f) or below the window (%.0f)", b.Text, pos.Y, pos.Y+b.Size().Height, bottom, win.Height)
		}
	}
	// Every setting can be reached: inside the scroll's content.
	for _, o := range []fyne.CanvasObject{d.label, d.zone, d.routine[4], d.on, d.private} {
		if msg := onScreen(u, o); msg != "" {
			t.Errorf("%T: %s", o, msg)
		}
	}
	scroll.ScrollToBottom()
	if pos := drv.AbsolutePositionForObject(d.private); pos.Y+d.private.Size().Height > bottom+1 {
		t.Errorf("scrolled to the end, the privacy box ends at %.0f, below the form's end %.0f", pos.Y+d.private.Size().Height, bottom)
	}
}

// scrollOf is the first vertical scroll under o.
func scrollOf(o fyne.CanvasObject) *container.Scroll {
	if s, ok := o.(*container.Scroll); ok {
		return s
	}
	for _, c := range childrenOf(o) {
		if c != nil && c.Visible() {
			if s := scrollOf(c); s != nil {
				return s
			}
		}
	}
	return nil
}

// buttonsOf are the buttons under o that are not inside a scroll.
func buttonsOf(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	for _, c := range childrenOf(o) {
		if c == nil || !c.Visible() {
			continue
		}
		if _, ok := c.(*container.Scroll); ok {
			continue
		}
		if b, ok := c.(*widget.Button); ok && b.Text != "" {
			out = append(out, b)
			continue
		}
		out = append(out, buttonsOf(c)...)
	}
	return out
}

// textFits reports whether text is seen whole in a box of width w with Fyne's inner padding
// either side and room for an icon (an entry's validation mark, a select's arrow).
func textFits(text string, w float32) bool {
	need := fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding() + theme.IconInlineSize()
	return w >= need
}

// F54: "Edit person" at 200 % text was 440 wide in a 1024 window; its Name box showed
// "Joseph Brenna". The dialog widens with the text size, and a long name is seen whole.
func TestEditPerson_NameWholeAtLargeText(t *testing.T) {
	u := unlocked(t)
	p, err := u.vault.AddProfile("Lily Rose Brennan-Fitzgerald", "2019-05-20")
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	atLargeText(u, 1024, 600)
	s := u.shell
	s.show(scPeople)
	u.idle()
	pp := s.pages[scPeople].(*peoplePage)
	pp.openEditor(p)
	top := topDialog(t, u)
	if pp.edit == nil {
		t.Fatal("no editor")
	}
	if w := pp.edit.name.Size().Width; !textFits(pp.edit.name.Text, w) {
		t.Errorf("the name box is %.0f wide: %q is cut", w, pp.edit.name.Text)
	}
	var out []misplaced
	walkBounds(top, "edit person", &out)
	for _, m := range out {
		t.Errorf("%s %s", m.path, m.what)
	}
}

// F59: "Add appointment" at 200 % text showed "Joseph Brennan (born …", cut through what tells
// the two Josephs apart, and offered the Joseph who died in 2019 without saying so. The person
// is seen whole, and only the living are offered.
func TestAddAppointment_LivingPeopleNamedWhole(t *testing.T) {
	u := unlocked(t)
	j60 := brennans(t, u)
	// The living Joseph lives far away: the form's time is on his clock, not the other Joseph's.
	st, err := remind.LoadSettings(u.vault, j60)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Pacific/Kiritimati"
	if err := remind.SaveSettings(context.Background(), u.vault, j60, st); err != nil {
		t.Fatal(err)
	}
	atLargeText(u, 1024, 600)
	s := u.shell
	s.show(scAppts)
	u.idle()
	p := s.pages[scAppts].(*apptsPage)
	p.openEditor(nil)
	top := topDialog(t, u)
	e := p.edit
	if e == nil {
		t.Fatal("no editor")
	}
	want := []string{"Joseph Brennan (born 1960)", "Lily Rose Brennan"}
	if got := e.person.Options; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("offered %q, want %q", got, want)
	}
	if e.person.Selected != want[0] {
		t.Errorf("chosen %q, want %q", e.person.Selected, want[0])
	}
	if hint := e.form.Items[3].HintText; !strings.Contains(hint, "Kiritimati") {
		t.Errorf("the time is not on the living Joseph's clock: hint %q", hint)
	}
	if w := e.person.Size().Width; !textFits(e.person.Selected, w) {
		t.Errorf("the person box is %.0f wide: %q is cut", w, e.person.Selected)
	}
	var out []misplaced
	walkBounds(top, "add appointment", &out)
	for _, m := range out {
		t.Errorf("%s %s", m.path, m.what)
	}
	// The appointment is the living Joseph's (the list's order is not the people's).
	setText(e.title, "Eye clinic")
	day := u.auto.clock.Now().AddDate(0, 0, 7)
	e.date.SetDate(&day)
	e.clock.SetText("10:00")
	submit(e.title)
	u.idle()
	s.choose(j60)
	s.load()
	u.idle()
	s.show(scAppts)
	u.idle()
	if rows := p.list.rows; len(rows) != 1 || rows[0].Title != "Eye clinic" {
		t.Errorf("the living Joseph's appointments: %+v", rows)
	}
}

// F37: at 1920×1080 with 200 % text the side menu kept its 100 % width and cut "Appointm…",
// "Bills and i…" and "Portals a…" with 1,700 px of the window free. Every entry is whole; at
// 100 % it keeps its width, and at 1024×600 the navigation is the drop-down.
func TestSidebar_EntriesWholeAtLargeText(t *testing.T) {
	u, _ := demoUI(t)
	for _, c := range []struct {
		w, h, text float32
		sidebar    bool
	}{
		{1920, 1080, 2, true},
		{1200, 740, 1, true},
		{1024, 600, 2, false},
		{1200, 740, 2, false}, // a quarter of 1200 is too narrow for the entries at 200 %
	} {
		u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
		u.applyTheme()
		u.win.Resize(fyne.NewSize(c.w, c.h))
		u.idle()
		s := u.shell
		if got := s.navWrap.Visible(); got != c.sidebar {
			t.Errorf("%v×%v at %v×: sidebar shown %v, want %v", c.w, c.h, c.text, got, c.sidebar)
			continue
		}
		if !c.sidebar {
			if !s.navSelect.Visible() {
				t.Errorf("%v×%v at %v×: no navigation", c.w, c.h, c.text)
			}
			continue
		}
		var labels []*widget.Label
		collectLabels(s.sidebar, &labels)
		if len(labels) < int(numScreens) {
			t.Fatalf("%v×%v: %d sidebar rows drawn", c.w, c.h, len(labels))
		}
		for _, l := range labels {
			whole := widget.NewLabel(l.Text).MinSize().Width
			if l.Size().Width < whole-1 {
				t.Errorf("%v×%v at %v×: %q is %.0f wide, needs %.0f", c.w, c.h, c.text, l.Text, l.Size().Width, whole)
			}
		}
	}
}

func collectLabels(o fyne.CanvasObject, out *[]*widget.Label) {
	if l, ok := o.(*widget.Label); ok {
		*out = append(*out, l)
		return
	}
	for _, c := range childrenOf(o) {
		if c != nil && c.Visible() {
			collectLabels(c, out)
		}
	}
}

// F39's app half: two temperatures on 1 and 3 December were drawn on an axis labelled
// "18 Nov … 17 Dec" (a month around them), its "17 Dec" cut at the right edge at 1024×600 where
// the page's scroll bar covers the image. The axis names the days, and nothing is drawn in the
// image's right margin.
func TestChart_AxisNamesTheDaysClearOfTheEdge(t *testing.T) {
	se := &health.Series{Name: "Body temperature", Unit: "°C"}
	for _, d := range []struct {
		day int
		v   float64
	}{{1, 39.2}, {3, 38.0}} {
		se.Append(health.Point{T: time.Date(2026, 12, d.day, 8, 0, 0, 0, time.Local), V: d.v})
	}
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.Local)
	for _, text := range []float32{1, 2} {
		st := chartStyleFor(newAppTheme("light", text), theme.VariantLight, 1)
		ch := health.BuildChart(se, health.PeriodAll, now)
		const w, h = 640, 300
		img, _ := renderChart(ch, w, h, st)
		unit := st.dpi / 72
		x0, x1, ticks := chartAxis(ch, w/unit, st.textSize)
		var labels []string
		for _, tk := range ticks.Ticks(x0, x1) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		all := strings.Join(labels, ", ")
		if !strings.Contains(all, "1 Dec") || !strings.Contains(all, "3 Dec") || strings.Contains(all, "Nov 2026") || strings.Contains(all, "17 Dec") {
			t.Errorf("at %v× the axis reads %q, want the days of the readings", text, all)
		}
		if n := len(labels); n < 2 || n > ticks.most {
			t.Errorf("at %v× %d labels (at most %d)", text, n, ticks.most)
		}
		// The right margin (half a text height) holds nothing but the background.
		margin := int(st.textSize * unit / 2)
		bg := color.RGBAModel.Convert(st.bg).(color.RGBA)
		for x := w - margin; x < w; x++ {
			for y := 0; y < h; y++ {
				if c := img.RGBAAt(x, y); c != bg {
					t.Fatalf("at %v× something is drawn at the right edge (%d,%d): %v", text, x, y, c)
				}
			}
		}
	}
}

// F82: with two Grace Okafors (an aunt born 1979 and a child born 2019) a file of the aunt's,
// imported while the child is shown, asked with the buttons "Import into Grace Okafor" and
// "Into Grace Okafor anyway", and "Delete Grace Okafor?" did not say which. Every question,
// title and button names the person told apart.
func TestTwoOfOneName_QuestionsSayWhich(t *testing.T) {
	u := unlocked(t)
	m := u.main
	aunt, err := m.v.AddProfile("Grace Okafor", "1979-02-11")
	if err != nil {
		t.Fatal(err)
	}
	child, err := m.v.AddProfile("Grace Okafor", "2019-06-30")
	if err != nil {
		t.Fatal(err)
	}
	m.loadPeople(child.ID)
	u.idle()
	path := filepath.Join(t.TempDir(), "aunt-grace.json")
	if err := os.WriteFile(path, []byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:g79","resource":{"resourceType":"Patient","id":"g79","name":[{"family":"Okafor","given":["Grace"]}],"birthDate":"1979-02-11"}},`+
		`{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"urn:uuid:g79"},"code":{"coding":[{"system":"http://loinc.org","code":"3016-3","display":"TSH"}]},"effectiveDateTime":"2026-01-05","valueQuantity":{"value":8.2,"unit":"mIU/L"}}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	m.importInto([]string{path}, child.ID)
	u.idle()
	q := m.identity
	if q == nil {
		t.Fatal("no question")
	}
	if want := "Import into Grace Okafor (born 1979)"; q.asNew.Text != want {
		t.Errorf("first answer %q, want %q", q.asNew.Text, want)
	}
	if want := "Into Grace Okafor (born 2019) anyway"; q.into.Text != want {
		t.Errorf("second answer %q, want %q", q.into.Text, want)
	}
	if !strings.Contains(q.text.Text, "into Grace Okafor (born 1979), or into Grace Okafor (born 2019) anyway?") {
		t.Errorf("question %q", q.text.Text)
	}
	q.abort.OnTapped()
	u.idle()
	_ = aunt

	s := u.shell
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	for _, pr := range s.people {
		if pr.ID == child.ID {
			p.openDelete(pr, 12)
		}
	}
	if p.del == nil {
		t.Fatal("no delete dialog")
	}
	if texts := labelTexts(u.win.Canvas().Overlays().Top()); !strings.Contains(texts, "Delete Grace Okafor (born 2019)?") || !strings.Contains(texts, "Delete Grace Okafor (born 2019) and their 12 records") {
		t.Errorf("the delete dialog does not say which Grace:\n%s", texts)
	}
}

// F73: at 1024×600 with 200 % text the Medicines page kept its heading, the 14-day adherence
// chart and its summary pinned over most of the page, and the medicine list scrolled in the
// last 120 px, half a row at a time. The chart folds to its summary there; the medicines have
// most of the room. At 100 % on a larger window the chart is shown.
func TestMedicines_ListKeepsTheRoomAtLargeText(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	rig.advance(at(8, 0))
	test.Tap(rig.lines(lineDue)[0].taken)
	rig.settle()
	rig.advance(at(9, 0))
	s := u.shell
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	if !p.adhBox.Visible() {
		t.Fatal("no adherence shown")
	}
	for _, c := range []struct {
		w, h, text float32
		chart      bool
	}{
		{1024, 600, 2, false},
		{1200, 740, 1, true},
	} {
		u.app.Preferences().SetFloat(prefTextSize, float64(c.text))
		u.applyTheme()
		u.win.Resize(fyne.NewSize(c.w-1, c.h-1))
		u.win.Resize(fyne.NewSize(c.w, c.h))
		u.idle()
		body := p.list.list.Size().Height + p.adhBox.Size().Height
		if got := p.chart.Visible(); got != c.chart {
			t.Errorf("%v×%v at %v×: chart shown %v, want %v", c.w, c.h, c.text, got, c.chart)
		}
		if !p.summary.Visible() || p.summary.Size().Height < p.summary.MinSize().Height-1 {
			t.Errorf("%v×%v at %v×: the summary is not shown whole", c.w, c.h, c.text)
		}
		if lh := p.list.list.Size().Height; lh < body/2 {
			t.Errorf("%v×%v at %v×: the medicines have %.0f of %.0f", c.w, c.h, c.text, lh, body)
		}
	}
}

// F86: on first start at 200 % text the welcome column stayed ~430 px wide: the passphrase boxes
// ~260 px, a revealed 22-letter passphrase read "pp26 household", and an empty strength meter
// was a bare teal bar before anything was typed. The column grows with the text size (within a
// 1024-wide window); the meter shows once something is typed.
func TestWelcome_PassphraseWholeAtLargeText(t *testing.T) {
	u := newTestUI(t, t.TempDir())
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(1024, 600))
	u.showCreate()
	u.idle()
	s := u.create
	if s == nil {
		t.Fatal("no welcome screen")
	}
	if s.fields.strength.Visible() {
		t.Error("an empty strength meter is shown before anything is typed")
	}
	const pass = "vapp26 household check"
	test.Type(s.fields.pass, pass)
	u.idle()
	if !s.fields.strength.Visible() {
		t.Error("no strength meter once typed")
	}
	if w := s.fields.pass.Size().Width; !textFits(pass, w+theme.IconInlineSize()) { // the eye is the icon
		t.Errorf("the passphrase box is %.0f wide: %q does not fit", w, pass)
	}
	if w := s.fields.pass.Size().Width; w > 1024 {
		t.Errorf("the passphrase box (%.0f) is wider than the window", w)
	}
}

// F87: "Connect a portal…" at 1024×600 with 200 % text ran off the window: Cancel and "Check and
// sign in" over the Redirect port row, "Records of" cut below them. The form scrolls with the
// buttons below it, and the person is whole.
func TestConnectPortal_FitsAtLargeText(t *testing.T) {
	u := unlocked(t)
	j60 := brennans(t, u)
	_ = j60
	atLargeText(u, 1024, 600)
	s := u.shell
	s.show(scFiles)
	u.idle()
	p := s.portalsPage()
	p.openConnect("")
	top := topDialog(t, u)
	f := p.flow
	if f == nil {
		t.Fatal("no connect dialog")
	}
	var out []misplaced
	walkBounds(top, "connect", &out)
	for _, m := range out {
		t.Errorf("%s %s", m.path, m.what)
	}
	drv := fyne.CurrentApp().Driver()
	scroll := scrollOf(top)
	if scroll == nil {
		t.Fatal("the form does not scroll")
	}
	bottom := drv.AbsolutePositionForObject(scroll).Y + scroll.Size().Height
	win := u.win.Canvas().Size()
	for _, b := range buttonsOf(top) {
		pos := drv.AbsolutePositionForObject(b)
		if pos.Y < bottom-1 || pos.Y+b.Size().Height > win.Height+1 {
			t.Errorf("%q at y %.0f–%.0f: over the form (ends %.0f) or below the window (%.0f)", b.Text, pos.Y, pos.Y+b.Size().Height, bottom, win.Height)
		}
	}
	if w := f.person.Size().Width; !textFits(f.person.Selected, w) {
		t.Errorf("the person box is %.0f wide: %q is cut", w, f.person.Selected)
	}
}

// F91: a condition's guide at 1024×600 with 200 % text was laid out wider than the window,
// every paragraph cut at the right edge: a question to star was a check box's own text, which
// does not wrap. A long question wraps; the guide asks for no more than the window's width.
func TestConditionGuide_LongQuestionWraps(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Clemente_Kreiger_*.json")
	atLargeText(u, 1024, 600)
	s := u.shell
	s.show(scConditions)
	u.idle()
	p := s.pages[scConditions].(*conditionsPage)
	for _, r := range p.rows {
		if r.Right != "" {
			r.OnTap()
			break
		}
	}
	u.idle()
	gv := p.guide
	if gv == nil {
		t.Fatal("no guide opened")
	}
	g := *gv.guide
	g.Questions = append([]string{"Should my HbA1c target be different because of my age, my other conditions or the medicines I take?"}, g.Questions...)
	p.showGuide(gv.cond, gv.profile, &g)
	u.idle()
	u.win.Resize(fyne.NewSize(1023, 599))
	u.win.Resize(fyne.NewSize(1024, 600))
	u.idle()
	if w := p.guide.content.MinSize().Width; w > 1024-40 {
		t.Errorf("the guide asks for %.0f, wider than the window allows", w)
	}
}
