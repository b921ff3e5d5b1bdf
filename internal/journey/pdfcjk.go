package journey

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"
)

// Chinese, Japanese and Korean letters are printed in PDF's predefined CJK fonts (F564: a
// Japanese patient's summary read "Name ?? ??"): a Type0 font whose CIDFont is one of Adobe's
// character collections (Japan1, Korea1, GB1, CNS1) and whose encoding is the collection's
// predefined Unicode CMap (UniJIS-UTF16-H, …). No font is embedded: every PDF reader has
// or substitutes such a font (Acrobat, Preview, pdf.js; poppler with poppler-data and a CJK
// system font, as Debian installs them), and the PDF needs no CJK font where it is made. Latin
// text stays in the embedded Liberation Sans; a line is written run by run, each in its font.
// Every character of these fonts is 1000 units wide (one em) but the half-width katakana
// (ｶﾀｶﾅ, 500), and the fonts say so (/DW 1000, /W), so lines are measured as they print.

// A cjkOrdering is one of the collections: its index in cjkFonts.
type cjkOrdering int8

const (
	latinRun cjkOrdering = -2 // the embedded Latin font (or '?': fontText)
	anyCJK   cjkOrdering = -1 // a CJK letter of no one language (a Han ideograph, "、", "（")
	japan1   cjkOrdering = 0
	korea1   cjkOrdering = 1
	gb1      cjkOrdering = 2
	cns1     cjkOrdering = 3
)

// cjkFont is a predefined CJK font as the PDF names it.
type cjkFont struct {
	res        string // its name in the page's resources
	base       string
	cmap       string
	ordering   string
	supplement int
	widths     string // /W beyond /DW 1000
	desc       string // the font descriptor's metrics
}

var cjkFonts = [...]cjkFont{
	japan1: {"CJKjp", "HeiseiKakuGo-W5", "UniJIS-UTF16-H", "Japan1", 6, "/W [231 632 500]",
		"/Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 752 /Descent -221 /CapHeight 737 /StemV 114"},
	korea1: {"CJKko", "HYGoThic-Medium", "UniKS-UTF16-H", "Korea1", 2, "",
		"/Flags 4 /FontBBox [-6 -145 1003 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 59"},
	gb1: {"CJKsc", "STSong-Light", "UniGB-UTF16-H", "GB1", 5, "",
		"/Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 857 /Descent -143 /CapHeight 857 /StemV 91"},
	cns1: {"CJKtc", "MHei-Medium", "UniCNS-UTF16-H", "CNS1", 6, "",
		"/Flags 4 /FontBBox [-45 -250 1015 887] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93"},
}

// cjkOf is the collection a rune the Latin font lacks is printed in: kana in Japan1, Hangul in
// Korea1, a Han ideograph or CJK punctuation or full-width form in any (anyCJK); latinRun for
// every other rune (printed by the Latin font, or as '?').
func cjkOf(r rune) cjkOrdering {
	if printableRunes()[r] {
		return latinRun
	}
	switch {
	case r >= 0x3040 && r <= 0x30ff, r >= 0x31f0 && r <= 0x31ff, r >= 0xff61 && r <= 0xff9f, r >= 0x1b000 && r <= 0x1b16f:
		return japan1 // hiragana, katakana (also half-width), kana supplement
	case r >= 0x1100 && r <= 0x11ff, r >= 0x3130 && r <= 0x318f, r >= 0xa960 && r <= 0xa97f,
		r >= 0xac00 && r <= 0xd7ff, r >= 0xffa0 && r <= 0xffdc:
		return korea1 // Hangul syllables and jamo
	case r >= 0x2460 && r <= 0x24ff, // circled numbers ①
		r >= 0x2e80 && r <= 0x2fff, r >= 0x3000 && r <= 0x303f, r >= 0x3190 && r <= 0x31ef,
		r >= 0x3200 && r <= 0x33ff, r >= 0x3400 && r <= 0x4dbf, r >= 0x4e00 && r <= 0x9fff,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff01 && r <= 0xff60,
		r >= 0xffe0 && r <= 0xffe6, r >= 0x20000 && r <= 0x3ffff:
		return anyCJK
	}
	return latinRun
}

// cjkWidth is a rune's width in its CJK font, in thousandths of the font size.
func cjkWidth(o cjkOrdering, r rune) int {
	if o == japan1 && r >= 0xff61 && r <= 0xff9f {
		return 500 // half-width katakana: CIDs 327–389, within /W [231 632 500]
	}
	return 1000
}

// cjkDefault is the collection of the Han ideographs of a summary: Japanese when its words have
// kana, Korean when they have Hangul (and no kana); else by the clock of the person (Tokyo,
// Seoul, Taipei or Hong Kong), else simplified Chinese (GB1 has the traditional letters too).
func cjkDefault(loc *time.Location, words ...string) cjkOrdering {
	hangul := false
	for _, w := range words {
		for _, r := range w {
			switch cjkOf(r) {
			case japan1:
				return japan1
			case korea1:
				hangul = true
			}
		}
	}
	if hangul {
		return korea1
	}
	if loc != nil {
		switch loc.String() {
		case "Asia/Tokyo":
			return japan1
		case "Asia/Seoul":
			return korea1
		case "Asia/Taipei", "Asia/Hong_Kong", "Asia/Macau":
			return cns1
		}
	}
	return gb1
}

// textRun is a piece of a line in one font: latinRun (text already made printable) or a CJK
// collection.
type textRun struct {
	font cjkOrdering
	text string
}

// splitRuns cuts s into runs of one font each: a run of CJK letters takes the collection of
// its kana or Hangul (the first one; letters of no one language before it too), else def. The
// Latin runs are made printable by t (fontText), so a letter neither font has is '?'. A space
// is always Latin.
func splitRuns(s string, def cjkOrdering, t *fontText) []textRun {
	s = powerWords(s)
	rs := []rune(s)
	ord := make([]cjkOrdering, len(rs))
	for i, r := range rs {
		ord[i] = cjkOf(r)
	}
	// a CJK segment's letters of no one language take the collection of the kana or Hangul
	// before them, else after them, else def
	for i := 0; i < len(rs); {
		if ord[i] == latinRun {
			i++
			continue
		}
		j := i
		for j < len(rs) && ord[j] != latinRun {
			j++
		}
		cur := cjkOrdering(-3)
		for k := i; k < j; k++ {
			if ord[k] >= 0 {
				cur = ord[k]
				break
			}
		}
		if cur < 0 {
			cur = def
		}
		for k := i; k < j; k++ {
			if ord[k] >= 0 {
				cur = ord[k]
			}
			ord[k] = cur
		}
		i = j
	}
	var out []textRun
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && ord[j] == ord[i] {
			j++
		}
		text := string(rs[i:j])
		if ord[i] == latinRun {
			text = t.text(text)
		}
		if n := len(out); n > 0 && out[n-1].font == ord[i] {
			out[n-1].text += text
		} else {
			out = append(out, textRun{ord[i], text})
		}
		i = j
	}
	return out
}

// hasCJK says s has a letter printed in a CJK font.
func hasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x1100 && cjkOf(r) != latinRun {
			return true
		}
	}
	return false
}

// noLineStart are the letters a CJK line never starts with (closing brackets and marks, small
// kana, the long-vowel mark), noLineEnd those it never ends with (opening brackets): the usual
// rules of Japanese and Chinese line breaking (kinsoku).
const (
	noLineStart = "、。，．・：；？！ー〜）］｝〉》」』】〕〙〗ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻ｧｨｩｪｫｯｬｭｮｰﾞﾟ｡､｣)]},.:;!?%"
	noLineEnd   = "（［｛〈《「『【〔〘〖([{"
)

// breakAnywhere says a line may break beside r without a space: a Han ideograph, kana or CJK
// punctuation (Korean, like Latin, breaks at spaces).
func breakAnywhere(o cjkOrdering) bool {
	return o >= 0 && o != korea1
}

// glyph is one rune of a laid-out line and its width in the page's units.
type glyph struct {
	r    rune
	font cjkOrdering
	w    float64
}

// cjkText writes text of mixed scripts into the PDF: the CJK runs in the predefined fonts (as
// raw text operators: fpdf has no such fonts), the others through fpdf in the current font.
type cjkText struct {
	pdf      *fpdf.Fpdf
	ft       *fontText
	def      cjkOrdering
	used     [len(cjkFonts)]map[rune]bool // the runes printed in each CJK font
	inFooter bool                         // no page break
}

// glyphs lays out s in the current font: its runes with their fonts and widths.
func (c *cjkText) glyphs(s string) []glyph {
	_, size := c.pdf.GetFontSize()
	var out []glyph
	for _, run := range splitRuns(s, c.def, c.ft) {
		for _, r := range run.text {
			g := glyph{r: r, font: run.font}
			if run.font == latinRun {
				g.w = c.pdf.GetStringWidth(string(r))
			} else {
				g.w = float64(cjkWidth(run.font, r)) * size / 1000
			}
			out = append(out, g)
		}
	}
	return out
}

// wrap cuts gs into lines no wider than wmax: at a space (dropped), beside a CJK letter as
// kinsoku allows, else within a word (as fpdf's MultiCell does); a line break always.
func wrap(gs []glyph, wmax float64) [][]glyph {
	var lines [][]glyph
	j := 0
	for j <= len(gs) {
		l := 0.0
		brk, skip := -1, 0 // the last place to break the line at, and the runes dropped there
		i := j
		for ; i < len(gs); i++ {
			g := gs[i]
			if g.r == '\n' {
				break
			}
			if g.r == ' ' {
				brk, skip = i, 1
			} else if i > j && breakBetween(gs[i-1], g) {
				brk, skip = i, 0
			}
			l += g.w
			if l > wmax+1e-9 && i > j {
				break
			}
		}
		switch {
		case i >= len(gs):
			lines = append(lines, gs[j:])
			return lines
		case gs[i].r == '\n':
			lines = append(lines, gs[j:i])
			j = i + 1
			if j == len(gs) {
				return lines // a line break at the end makes no empty line (MultiCell)
			}
		case brk > j:
			lines = append(lines, gs[j:brk])
			j = brk + skip
		default:
			lines = append(lines, gs[j:i])
			j = i
		}
	}
	return lines
}

// breakBetween says a line may break between a and b, neither a space.
func breakBetween(a, b glyph) bool {
	if a.r == ' ' || b.r == ' ' || !(breakAnywhere(a.font) || breakAnywhere(b.font)) {
		return false
	}
	return !strings.ContainsRune(noLineStart, b.r) && !strings.ContainsRune(noLineEnd, a.r)
}

// width is the width of a line.
func width(gs []glyph) float64 {
	w := 0.0
	for _, g := range gs {
		w += g.w
	}
	return w
}

// pageBreak starts a new page when a line of height h does not fit, as fpdf's cells do.
func (c *cjkText) pageBreak(h float64) {
	if c.inFooter {
		return
	}
	_, ph := c.pdf.GetPageSize()
	auto, bottom := c.pdf.GetAutoPageBreak()
	if auto && c.pdf.GetY()+h > ph-bottom {
		x := c.pdf.GetX()
		c.pdf.AddPage()
		c.pdf.SetX(x)
	}
}

// line draws gs from x with its baseline at y, each run in its font.
func (c *cjkText) line(gs []glyph, x, y float64) {
	for i := 0; i < len(gs); {
		j := i
		var b strings.Builder
		for j < len(gs) && gs[j].font == gs[i].font {
			b.WriteRune(gs[j].r)
			j++
		}
		if gs[i].font == latinRun {
			c.pdf.Text(x, y, b.String())
		} else {
			c.raw(gs[i].font, b.String(), x, y)
		}
		x += width(gs[i:j])
		i = j
	}
}

// raw writes s in the CJK font o at x, y (the baseline), in the text colour; bold is drawn by
// stroking the letters' outlines too (the predefined fonts have no bold face; italic stays
// upright, as CJK letters are set).
func (c *cjkText) raw(o cjkOrdering, s string, x, y float64) {
	if c.used[o] == nil {
		c.used[o] = map[rune]bool{}
	}
	var hex strings.Builder
	for _, r := range s {
		c.used[o][r] = true
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&hex, "%04X", u)
		}
	}
	pt, _ := c.pdf.GetFontSize()
	k := c.pdf.GetConversionRatio()
	_, ph := c.pdf.GetPageSize()
	r, g, b := c.pdf.GetTextColor()
	col := fmt.Sprintf("%.3f %.3f %.3f", float64(r)/255, float64(g)/255, float64(b)/255)
	bold := ""
	if strings.Contains(c.pdf.GetFontStyle(), "B") {
		bold = fmt.Sprintf(" %s RG 2 Tr %.2f w", col, pt*0.03)
	}
	c.pdf.RawWriteStr(fmt.Sprintf("q %s rg%s BT /%s %.2f Tf %.2f %.2f Td <%s> Tj ET Q",
		col, bold, cjkFonts[o].res, pt, x*k, (ph-y)*k, hex.String()))
}

// multiCell is fpdf's MultiCell(0, h, s, "", "L", false) for text with CJK letters: wrapped
// to the right margin from the current x, each line at that x, then x at the left margin.
func (c *cjkText) multiCell(h float64, s string) {
	pdf := c.pdf
	x := pdf.GetX()
	pw, _ := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	w := pw - right - x
	m := pdf.GetCellMargin()
	_, size := pdf.GetFontSize()
	for strings.HasSuffix(s, "\n") {
		s = strings.TrimSuffix(s, "\n")
	}
	for _, l := range wrap(c.glyphs(s), w-2*m) {
		c.pageBreak(h)
		c.line(l, pdf.GetX()+m, pdf.GetY()+0.5*h+0.3*size)
		pdf.CellFormat(w, h, "", "", 2, "L", false, 0, "")
	}
	pdf.SetX(left)
}

// cell is fpdf's CellFormat(w, h, s, border, ln, align, false, 0, "") for text with CJK
// letters (one line).
func (c *cjkText) cell(w, h float64, s, border string, ln int, align string) {
	pdf := c.pdf
	c.pageBreak(h)
	if w == 0 {
		pw, _ := pdf.GetPageSize()
		_, _, right, _ := pdf.GetMargins()
		w = pw - right - pdf.GetX()
	}
	gs := c.glyphs(strings.ReplaceAll(s, "\n", " "))
	m := pdf.GetCellMargin()
	dx := m
	switch align {
	case "R":
		dx = w - m - width(gs)
	case "C":
		dx = (w - width(gs)) / 2
	}
	_, size := pdf.GetFontSize()
	c.line(gs, pdf.GetX()+dx, pdf.GetY()+0.5*h+0.3*size)
	pdf.CellFormat(w, h, "", border, ln, align, false, 0, "")
}

// fontsUsed are the CJK fonts the pages use, in order.
func (c *cjkText) fontsUsed() []cjkOrdering {
	var out []cjkOrdering
	for o := range c.used {
		if c.used[o] != nil {
			out = append(out, cjkOrdering(o))
		}
	}
	return out
}

var (
	xrefAt   = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)
	xrefHead = regexp.MustCompile(`^xref\n0 (\d+)\n`)
	sizeAt   = regexp.MustCompile(`/Size (\d+)\n`)
)

// addFonts adds the CJK fonts the pages use to the PDF fpdf made: their objects after the
// others, each named in the resources (object 2, which every page uses), and the
// cross-reference table anew.
func (c *cjkText) addFonts(doc []byte) ([]byte, error) {
	fonts := c.fontsUsed()
	if len(fonts) == 0 {
		return doc, nil
	}
	m := xrefAt.FindSubmatch(doc)
	if m == nil {
		return nil, fmt.Errorf("adding the CJK fonts: no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	h := xrefHead.FindSubmatch(doc[xref:])
	if h == nil {
		return nil, fmt.Errorf("adding the CJK fonts: no cross-reference table at %d", xref)
	}
	n, _ := strconv.Atoi(string(h[1]))
	entries := doc[xref+len(h[0]):]
	if len(entries) < 20*n {
		return nil, fmt.Errorf("adding the CJK fonts: a short cross-reference table")
	}
	offsets := make([]int, n)
	for i := 1; i < n; i++ {
		offsets[i], _ = strconv.Atoi(string(entries[20*i : 20*i+10]))
	}
	trailer := entries[20*n:]
	res := offsets[2]
	fontDict := bytes.Index(doc[res:xref], []byte("/Font <<\n"))
	if !bytes.HasPrefix(doc[res:], []byte("2 0 obj\n")) || fontDict < 0 {
		return nil, fmt.Errorf("adding the CJK fonts: no resource dictionary")
	}
	at := res + fontDict + len("/Font <<\n")

	// the new objects: per font its Type0 font, CIDFont, descriptor and ToUnicode map
	var objs bytes.Buffer
	var names bytes.Buffer
	var newOffsets []int
	obj := n
	base := xref // where the new objects begin, before the insertion is counted
	for _, o := range fonts {
		f := cjkFonts[o]
		fmt.Fprintf(&names, "/%s %d 0 R\n", f.res, obj)
		put := func(body string) {
			newOffsets = append(newOffsets, base+objs.Len())
			fmt.Fprintf(&objs, "%d 0 obj\n%s\nendobj\n", obj, body)
			obj++
		}
		first := obj
		put(fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s-%s /Encoding /%s /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
			f.base, f.cmap, f.cmap, first+1, first+3))
		put(fmt.Sprintf("<</Type /Font /Subtype /CIDFontType0 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (%s) /Supplement %d>> /FontDescriptor %d 0 R /DW 1000 %s>>",
			f.base, f.ordering, f.supplement, first+2, f.widths))
		put(fmt.Sprintf("<</Type /FontDescriptor /FontName /%s %s>>", f.base, f.desc))
		cmap := toUnicode(c.used[o])
		put(fmt.Sprintf("<</Length %d>>\nstream\n%sendstream", len(cmap), cmap))
	}
	insert := names.Len()
	var out bytes.Buffer
	out.Grow(len(doc) + insert + objs.Len() + 20*(obj-n))
	out.Write(doc[:at])
	out.Write(names.Bytes())
	out.Write(doc[at:xref])
	out.Write(objs.Bytes())
	newXref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", obj)
	for i := 1; i < n; i++ {
		o := offsets[i]
		if o > res {
			o += insert
		}
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	for _, o := range newOffsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o+insert)
	}
	tm := sizeAt.FindIndex(trailer)
	if tm == nil {
		return nil, fmt.Errorf("adding the CJK fonts: no /Size in the trailer")
	}
	end := bytes.Index(trailer, []byte("startxref\n"))
	if end < 0 {
		return nil, fmt.Errorf("adding the CJK fonts: no startxref after the trailer")
	}
	out.Write(trailer[:tm[0]])
	fmt.Fprintf(&out, "/Size %d\n", obj)
	out.Write(trailer[tm[1]:end])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", newXref)
	return out.Bytes(), nil
}

// toUnicode is the ToUnicode CMap of a CJK font: each code (the rune in UTF-16) is its rune,
// so a reader copies and finds the text as written.
func toUnicode(used map[rune]bool) string {
	rs := make([]rune, 0, len(used))
	for r := range used {
		if r <= 0xffff {
			// a letter beyond (𠮷: two UTF-16 units) the reader finds by the collection's
			// own map: poppler reads no 4-byte code in a ToUnicode map of 2-byte codes
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"3 begincodespacerange\n<0000> <D7FF>\n<D800DC00> <DBFFDFFF>\n<E000> <FFFF>\nendcodespacerange\n")
	for len(rs) > 0 {
		n := min(len(rs), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, r := range rs[:n] {
			var code strings.Builder
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&code, "%04X", u)
			}
			fmt.Fprintf(&b, "<%s> <%s>\n", code.String(), code.String())
		}
		b.WriteString("endbfchar\n")
		rs = rs[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.String()
}
