package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/go-text/typesetting/font"
)

// The app's tests draw every letter (the fonts of the computer they run on are no part of
// what they check); the tests of F563 say which letters cannot be drawn.
func init() { canDraw = func(rune) bool { return true } }

// noCJK is a computer with no font for Chinese, Japanese or Korean letters.
func noCJK(t *testing.T) {
	was := canDraw
	canDraw = func(r rune) bool { return !cjk(r) }
	t.Cleanup(func() { canDraw = was })
}

// F563: on a computer with no Japanese font the person choices drew 佐藤和子 as "����" and 佐藤
// 健一 as "��  ��": the daughter could not tell her father from her mother, and nothing said
// why. The choices tell them apart by their birth dates, and the app says once what to install.
func TestFonts_NamesNoFontDrawsAreToldApartAndSaidOnce(t *testing.T) {
	noCJK(t)
	u := unlocked(t)
	for _, p := range []struct{ name, born string }{{"佐藤和子", "1951-03-12"}, {"佐藤 健一", "1948-07-01"}, {"Misaki Sato", "1980-05-05"}} {
		if _, err := u.vault.AddProfile(p.name, p.born); err != nil {
			t.Fatal(err)
		}
	}
	u.main.loadPeople("")
	u.idle()
	opts := strings.Join(u.shell.person.Options, " | ")
	for _, want := range []string{"佐藤和子 (born 12 Mar 1951)", "佐藤 健一 (born 1 Jul 1948)", "Misaki Sato"} {
		if !strings.Contains(opts, want) {
			t.Errorf("the person choices %q: no %q", opts, want)
		}
	}
	if strings.Contains(opts, "Misaki Sato (born") {
		t.Errorf("the person choices %q: a name that can be drawn needs no birth date", opts)
	}
	said := func() string {
		var out []string
		for _, o := range u.win.Canvas().Overlays().List() {
			out = append(out, drawnText(o))
		}
		return strings.Join(out, " ")
	}
	got := said()
	for _, want := range []string{"Chinese, Japanese or Korean", "fonts-noto-cjk", "restart CareKeeper"} {
		if !strings.Contains(got, want) {
			t.Errorf("the app says %q: no %q", got, want)
		}
	}
	if n := strings.Count(got, "fonts-noto-cjk"); n != 1 {
		t.Errorf("said %d times: %q", n, got)
	}
	for _, o := range u.win.Canvas().Overlays().List() {
		u.win.Canvas().Overlays().Remove(o)
	}
	// Not again: another person, a lock and an unlock.
	if _, err := u.vault.AddProfile("佐藤 美咲", "1980-05-05"); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	u.lock()
	u.idle()
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
	if got := said(); strings.Contains(got, "fonts-noto-cjk") {
		t.Errorf("said again: %q", got)
	}
}

// Where every letter can be drawn, nothing is said and names are as they were.
func TestFonts_NothingSaidWhenEveryNameCanBeDrawn(t *testing.T) {
	u := unlocked(t)
	if _, err := u.vault.AddProfile("佐藤和子", "1951-03-12"); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	if opts := strings.Join(u.shell.person.Options, " | "); strings.Contains(opts, "born") {
		t.Errorf("the person choices %q", opts)
	}
	if n := len(u.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs", n)
	}
}

// The real look-up, as Fyne's painter does it: the theme's fonts draw Latin letters and not
// a letter no font has (U+0378, unassigned); a kanji is drawn when the computer has a font for
// it, as fontscan finds it.
func TestFonts_RealLookUp(t *testing.T) {
	c := &fontCover{}
	for _, r := range "Aé ł" {
		if !c.has(r) {
			t.Errorf("%q cannot be drawn", r)
		}
	}
	if c.has('\u0378') {
		t.Error("U+0378, no letter, can be drawn")
	}
	none := &fontCover{system: func(rune) *font.Face { return nil }} // a computer with no fonts of its own
	if none.has('佐') || !none.has('A') {
		t.Error("with the theme's fonts alone, 佐 can be drawn or A not")
	}
	t.Logf("佐 on this computer: %v", c.has('佐'))
}

// A medicine's name no font here draws (ワーファリン錠 1 mg for Ann): said once, with what to
// install, and nothing about telling people apart.
func TestFonts_MedicineNameNoFontDrawsIsSaid(t *testing.T) {
	noCJK(t)
	rig := newRemindRig(t, at(11, 30), medFixture{"Ann", "m1", "ワーファリン錠 1 mg", twiceDaily})
	u := rig.u
	u.shell.show(scMeds)
	u.idle()
	var got []string
	for _, o := range u.win.Canvas().Overlays().List() {
		got = append(got, drawnText(o))
	}
	said := strings.Join(got, " ")
	if !strings.Contains(said, "fonts-noto-cjk") || strings.Count(said, "fonts-noto-cjk") != 1 {
		t.Errorf("the app says %q", said)
	}
	if strings.Contains(said, "birth dates") {
		t.Errorf("said of people: %q", said)
	}
}
