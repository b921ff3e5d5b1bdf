package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// F428: at 1024×600 with FYNE_SCALE=2 (a 461×270 window) Conditions (2 allergies, 1 condition)
// and Appointments (3 upcoming) kept their title, buttons and line while the list scrolled in
// a strip one row high, its rows cut in half: the header folded only once the list was
// scrolled further than the header is high. One step of the mouse wheel (25 units) now folds
// it away; the list has the page's height (since F503 also when its rows are fewer), and
// the wheel back brings the header back. Checked in the real window too:
// /tmp/app34/shots/d_all.png, e_all.png.
func TestShortWindow_FewRowsFoldAtOnce(t *testing.T) {
	u := fewRowsUI(t)
	s := u.shell
	for _, sc := range []screen{scConditions, scAppts} {
		t.Run(sc.title(), func(t *testing.T) {
			u.win.Resize(fyne.NewSize(461, 270))
			s.show(sc)
			u.idle()
			u.win.Resize(fyne.NewSize(460, 269))
			u.win.Resize(fyne.NewSize(461, 270))
			u.idle()
			f := frameOfScreen(s, sc)
			page, head := f.box, f.box.Objects[0]
			l := shownList(page.Objects[1])
			if l == nil {
				t.Fatal("no list shown")
			}
			if l.ScrollToTop(); !head.Visible() {
				t.Fatal("at the top, the header is not shown")
			}
			if l.Size().Height >= l.ContentHeight() {
				t.Fatalf("the list (%.0f) shows all its rows (%.0f) under the header: nothing to scroll", l.Size().Height, l.ContentHeight())
			}
			wheel := func(dy float32) {
				pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l).AddXY(20, 5)
				test.Scroll(u.win.Canvas(), pos, 0, dy)
				u.idle()
			}
			wheel(-25) // one step of the wheel
			if head.Visible() || l.Size().Height != page.Size().Height {
				t.Errorf("one step of the wheel down: the header is shown %v, the list %.0f high (its rows %.0f, the page %.0f)",
					head.Visible(), l.Size().Height, l.ContentHeight(), page.Size().Height)
			}
			for range 10 {
				wheel(-25)
			}
			// rows that all fit the page have nothing to scroll (fill38_test.go)
			if fit := l.ContentHeight() <= l.Size().Height; head.Visible() || (l.GetScrollOffset() <= 0) != fit {
				t.Errorf("scrolled to the end: the header is shown %v, the list at %.0f (its rows fit %v)", head.Visible(), l.GetScrollOffset(), fit)
			}
			wheel(10000)
			if !head.Visible() || l.GetScrollOffset() != 0 {
				t.Errorf("back at the top by the wheel: the header is shown %v, the list at %.0f", head.Visible(), l.GetScrollOffset())
			}
		})
	}
}

// fewRowsUI is June Pennington's app, shown: 3 upcoming appointments, 2 allergies and a
// condition (a few rows each on Conditions and Appointments).
func fewRowsUI(t *testing.T) *UI {
	t.Helper()
	u := unlocked(t)
	u.auto.clock = &fakeClock{now: testNow} // 2 Mar 2026, 09:00
	u.rem.opts.Clock = &remClock{now: testNow}
	appt := func(id, what, start string) string {
		return `,{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"Appointment","id":"` + id + `","status":"booked","description":"` + what + `","start":"` + start + `","participant":[{"actor":{"reference":"urn:uuid:pat"},"status":"accepted"}]}}`
	}
	allergy := func(id, what string) string {
		return `,{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"AllergyIntolerance","id":"` + id + `","code":{"text":"` + what + `"},"criticality":"high","clinicalStatus":{"coding":[{"code":"active"}]},"patient":{"reference":"urn:uuid:pat"},"onsetDateTime":"1979","reaction":[{"manifestation":[{"text":"Anaphylaxis"}]}]}}`
	}
	importBundle(t, u, "june.json", `{"fullUrl":"urn:uuid:pat","resource":{"resourceType":"Patient","id":"pat","name":[{"family":"Pennington","given":["June"]}],"birthDate":"1948-04-02"}}`+
		appt("a1", "Anticoagulation clinic (INR check)", "2026-03-11T10:20:00Z")+
		appt("a2", "Heart failure nurse", "2026-03-29T14:00:00Z")+
		appt("a3", "Anticoagulation clinic (INR check)", "2026-04-04T10:20:00Z")+
		allergy("al1", "Penicillin")+allergy("al2", "Penicillin G")+
		`,{"fullUrl":"urn:uuid:c1","resource":{"resourceType":"Condition","id":"c1","code":{"text":"Primary open angle glaucoma"},"clinicalStatus":{"coding":[{"code":"active"}]},"subject":{"reference":"urn:uuid:pat"},"onsetDateTime":"2018-06-14"}}`)
	ps, _ := u.vault.Profiles()
	if len(ps) != 1 {
		t.Fatalf("%d people", len(ps))
	}
	s := u.shell
	u.main.loadPeople(ps[0].ID)
	u.idle()
	s.choose(ps[0].ID)
	s.load()
	u.idle()
	s.restale()
	return u
}
