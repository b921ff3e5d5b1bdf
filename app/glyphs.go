package app

import (
	"bytes"
	"strings"
	"sync"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"

	"carekeeper/storage"
)

// On a computer with no font for a script (no Chinese/Japanese/Korean font on a stock en_US
// Linux laptop), Fyne draws its letters as boxes: a daughter could not tell her father
// 佐藤 健一 from her mother 佐藤和子 in the person choices, and nothing said why (F563). A
// name with letters no font here draws is told apart by the person's birth date, and the app
// says once what to install.

// canDraw says whether a font Fyne draws this app's text with has a glyph for r: the theme's
// own fonts, then the computer's fonts Fyne falls back to (go-text's fontscan, as Fyne's
// painter looks them up). Tests replace it (glyphs_test.go).
var canDraw = (&fontCover{}).has

// fontCover answers canDraw, reading the fonts the first time a letter is not Latin.
type fontCover struct {
	mu     sync.Mutex
	own    []*font.Face            // the theme's fonts, parsed once
	sys    *fontscan.FontMap       // the computer's fonts; nil when none could be read
	loaded bool                    // own and sys were read
	seen   map[rune]bool           // the answers so far
	system func(r rune) *font.Face // the computer's face for r (nil: none); sys's by default
}

func (c *fontCover) has(r rune) bool {
	if r < 0x250 || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
		return true // Latin, spaces and marks drawn as nothing: the theme's font has them
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok, done := c.seen[r]; done {
		return ok
	}
	if !c.loaded {
		c.load()
	}
	ok := false
	for _, f := range c.own {
		if _, has := f.NominalGlyph(r); has {
			ok = true
			break
		}
	}
	if !ok && c.system != nil {
		if f := c.system(r); f != nil {
			_, ok = f.NominalGlyph(r)
		}
	}
	if c.seen == nil {
		c.seen = map[rune]bool{}
	}
	c.seen[r] = ok
	return ok
}

// load parses the theme's fonts and reads the computer's font index (cached by fontscan).
func (c *fontCover) load() {
	c.loaded = true
	for _, res := range []fyne.Resource{theme.DefaultTextFont(), theme.DefaultTextBoldFont(), theme.DefaultSymbolFont(), theme.DefaultEmojiFont()} {
		if res == nil {
			continue
		}
		if f, err := font.ParseTTF(bytes.NewReader(res.Content())); err == nil {
			c.own = append(c.own, f)
		}
	}
	if c.system != nil {
		return
	}
	fm := fontscan.NewFontMap(quietFonts{})
	if err := fm.UseSystemFonts(""); err != nil {
		return
	}
	c.sys = fm
	c.system = func(r rune) *font.Face {
		c.sys.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}})
		return c.sys.ResolveFace(r)
	}
}

type quietFonts struct{}

func (quietFonts) Printf(string, ...any) {}

// undrawn is the letters of s no font here draws, each once, in order.
func undrawn(s string) []rune {
	var out []rune
	for _, r := range s {
		if !canDraw(r) && !containsRune(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// cjk says whether r is a Chinese, Japanese or Korean letter (or a full-width form).
func cjk(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		(r >= 0xff00 && r <= 0xffef) || (r >= 0x3000 && r <= 0x303f)
}

// bornApart is the words that tell a person apart whose name cannot be drawn here: their
// birth date ("born 12 Mar 1951"), or "" when the records give none.
func bornApart(birth string) string {
	if t, err := time.Parse("2006-01-02", birth); err == nil {
		return "born " + t.Format("2 Jan 2006")
	}
	if len(birth) >= 4 {
		return "born " + birth[:4]
	}
	return ""
}

// undrawnNote is what to say when people's names, or other names shown (medicines'), have
// letters no font on this computer draws, and a key of what was said (the kinds of letters);
// "" when all can be drawn.
func undrawnNote(people, others []string) (note, key string) {
	var eastAsian, other, person bool
	for i, t := range append(append([]string(nil), people...), others...) {
		for _, r := range undrawn(t) {
			person = person || i < len(people)
			if cjk(r) {
				eastAsian = true
			} else {
				other = true
			}
		}
	}
	var kinds []string
	switch {
	case eastAsian && other:
		note = lang.L("Some names here are written in Chinese, Japanese or Korean letters, or in another script, that no font on this computer has: they are drawn as boxes. Install the Noto fonts (on Debian or Ubuntu the packages fonts-noto-cjk and fonts-noto-core) and restart CareKeeper.")
		kinds = []string{"cjk", "other"}
	case eastAsian:
		note = lang.L("Some names here are written in Chinese, Japanese or Korean letters, which no font on this computer has: they are drawn as boxes. Install the Noto CJK fonts (on Debian or Ubuntu the package fonts-noto-cjk) and restart CareKeeper.")
		kinds = []string{"cjk"}
	case other:
		note = lang.L("Some names here are written in a script that no font on this computer has: they are drawn as boxes. Install a font for it (on Debian or Ubuntu the package fonts-noto-core) and restart CareKeeper.")
		kinds = []string{"other"}
	default:
		return "", ""
	}
	if person {
		note += " " + lang.L("Until then people are told apart by their birth dates.")
	}
	return note, strings.Join(kinds, " ")
}

// prefUndrawnSaid is the kinds of letters said to have no font on this computer (undrawnNote).
const prefUndrawnSaid = "fonts.undrawnSaid"

// sayUndrawn says once, on this computer, that names among people's and others cannot be drawn here and
// what to do (F563); again only for another kind of letters, or after a font was installed
// (the words said are kept in the preferences, with no name).
func (u *UI) sayUndrawn(people, others []string) {
	note, key := undrawnNote(people, others)
	prefs := u.app.Preferences()
	said := prefs.String(prefUndrawnSaid)
	if key == "" {
		return
	}
	known := true
	for _, k := range strings.Fields(key) {
		known = known && containsWord(strings.Fields(said), k)
	}
	if known {
		return
	}
	prefs.SetString(prefUndrawnSaid, key)
	dialog.NewInformation(lang.L("Names drawn as boxes"), note, u.win).Show()
}

// peopleNames are the people's names, for sayUndrawn.
func peopleNames(ps []storage.Profile) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}
