package journey

import (
	"regexp"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// pdfFamily is the summary's font: Liberation Sans (SIL Open Font License; the module gonum's
// charts already bring, metric-compatible with the Helvetica the summary was laid out in),
// embedded as Unicode (subset) fonts, so a name or sign outside Windows-1252 prints as the
// record gives it — the PDF core fonts printed 'Łucja Dvořák' as '.ucja Dvo.ák' and
// '+29/−2 mmHg' as '+29/.2 mmHg' (F100). It covers Latin, Greek and Cyrillic and the signs;
// Chinese, Japanese and Korean letters print in PDF's predefined CJK fonts (pdfcjk.go); a
// letter neither has (Arabic, Thai, …) prints as '?' and the summary says so once.
const pdfFamily = "LiberationSans"

// addPDFFonts registers the summary's regular, bold and italic faces.
func addPDFFonts(pdf *fpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(pdfFamily, "", liberationsansregular.TTF)
	pdf.AddUTF8FontFromBytes(pdfFamily, "B", liberationsansbold.TTF)
	pdf.AddUTF8FontFromBytes(pdfFamily, "I", liberationsansitalic.TTF)
}

var (
	glyphsOnce sync.Once
	glyphs     map[rune]bool // runes all three faces can print
)

// printableRunes is the set of runes every face of pdfFamily has a glyph for.
func printableRunes() map[rune]bool {
	glyphsOnce.Do(func() {
		glyphs = make(map[rune]bool, 700)
		var faces []*sfnt.Font
		for _, ttf := range [][]byte{liberationsansregular.TTF, liberationsansbold.TTF, liberationsansitalic.TTF} {
			f, err := sfnt.Parse(ttf)
			if err != nil {
				panic("journey: the embedded Liberation Sans does not parse: " + err.Error()) // a build defect
			}
			faces = append(faces, f)
		}
		var buf sfnt.Buffer
	runes:
		for r := rune(0x20); r < 0x10000; r++ {
			for _, f := range faces {
				if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
					continue runes
				}
			}
			glyphs[r] = true
		}
	})
	return glyphs
}

// fontText makes text printable in pdfFamily: a rune the font has no glyph for becomes '?'
// (a tab or line break stays one, other control characters are dropped), and missing is set
// when one did, so the summary can say that some letters could not be printed.
type fontText struct {
	missing bool
}

func (t *fontText) text(s string) string {
	s = powerWords(s)
	ok := printableRunes()
	clean := true
	for _, r := range s {
		if !ok[r] && r != '\n' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = plainPowers(s, ok)
	var b strings.Builder
	for _, r := range s {
		switch {
		case ok[r] || r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		case r == '\u00a0' || r == '\u202f' || r == '\u2009':
			b.WriteByte(' ')
		default:
			if w := norm.NFKC.String(string(r)); printable(w) {
				b.WriteString(w) // a full-width "Ｋ" is the font's "K" (F564: "ＫＡＺＵＫＯ ＳＡＴＯ")
				continue
			}
			b.WriteByte('?')
			t.missing = true
		}
	}
	return b.String()
}

// printable says every rune of s prints in pdfFamily as it is, or as its compatibility form
// (norm.NFKC: a full-width letter); "" is printable.
func printable(s string) bool {
	ok := printableRunes()
	for _, r := range s {
		if !ok[r] && r != '\n' && r != '\t' && r >= 0x20 && r != '\u00a0' && r != '\u202f' && r != '\u2009' {
			if w := norm.NFKC.String(string(r)); w == string(r) || !printable(w) {
				return false
			}
		}
	}
	return true
}

// printsAll says every rune of s prints: in pdfFamily (printable) or in a CJK font (cjkOf).
func printsAll(s string) bool {
	for _, r := range s {
		if cjkOf(r) == latinRun && !printable(string(r)) {
			return false
		}
	}
	return true
}

// powerOfTen is a unit's power of ten as the words module writes it ("×10⁹/L", "×10³/µL").
var powerOfTen = regexp.MustCompile(`×10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)(/L\b)?`)

// tensWords are the powers of ten a unit is counted in, in words.
var tensWords = map[string]string{"³": "thousand", "⁶": "million", "⁹": "billion", "¹²": "trillion"}

// powerWords says the powers of ten of units in words, one notation the font prints for every
// power: "6.7 ×10⁹/L" → "6.7 billion per litre", "4.21 ×10¹²/L" → "4.21 trillion per litre"
// (F315: the font has ¹ and ², not ⁹, and the summary wrote "×10^9/L" beside "×10¹²/L").
// Other powers stay as they are (plainPowers).
func powerWords(s string) string {
	if !strings.Contains(s, "×10") {
		return s
	}
	return powerOfTen.ReplaceAllStringFunc(s, func(m string) string {
		sm := powerOfTen.FindStringSubmatch(m)
		w := tensWords[sm[1]]
		if w == "" {
			return m
		}
		if sm[2] != "" {
			return w + " per litre"
		}
		return w
	})
}

// superscripts are the superscript digits and signs of units ("×10⁹/L", "m⁻²") and their
// plain forms.
var superscripts = map[rune]rune{'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6',
	'⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+'}

// plainPowers writes a run of superscripts the font cannot print all of as a power:
// "×10⁹/L" → "×10^9/L" (Liberation Sans has ¹²³ but not ⁹: the summary printed "×10?/L" for
// white cells and platelets, F204); runs it can print ("×10¹²/L") stay.
func plainPowers(s string, ok map[rune]bool) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		printable := true
		for j < len(rs) && superscripts[rs[j]] != 0 {
			printable = printable && ok[rs[j]]
			j++
		}
		switch {
		case j == i:
			b.WriteRune(rs[i])
			i++
			continue
		case printable:
			b.WriteString(string(rs[i:j]))
		default:
			b.WriteByte('^')
			for _, r := range rs[i:j] {
				b.WriteRune(superscripts[r])
			}
		}
		i = j
	}
	return b.String()
}
