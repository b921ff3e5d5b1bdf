package journey

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"carekeeper/internal/testutil"
)

// needPopplerData is pdftotext, and the CJK maps it reads a predefined CJK font with (Debian's
// poppler-data; scripts/deps.sh --test installs it): without them poppler drops such a font.
func needPopplerData(t *testing.T) {
	t.Helper()
	testutil.NeedTool(t, "pdftotext", "poppler-utils")
	if _, err := os.Stat("/usr/share/poppler/cMap/Adobe-Japan1/UniJIS-UTF16-H"); err != nil {
		testutil.SkipOrFailInCI(t, "poppler-data is not installed (/usr/share/poppler/cMap): pdftotext cannot read the CJK fonts")
	}
}

// kenichi are the records of F564's patient, a Tokyo clinic's, in Japanese.
const (
	kenPatient = `{"resourceType":"Patient","id":"ks","name":[{"use":"official","family":"佐藤","given":["健一"],"text":"佐藤 健一"}],"gender":"male","birthDate":"1948-09-14"}`
	kenAF      = `{"resourceType":"Condition","id":"af","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"49436004","display":"Atrial fibrillation"}],"text":"心房細動"},"onsetDateTime":"2019-07-01"}`
	kenCKD     = `{"resourceType":"Condition","id":"ckd","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"700379002","display":"Chronic kidney disease stage 3B"}],"text":"慢性腎臓病 ステージ3b（糖尿病性腎症による、eGFR 30〜44 mL/min/1.73m²）"},"onsetDateTime":"2022-04-11"}`
	kenWar     = `{"resourceType":"MedicationRequest","id":"war","status":"active","intent":"order","authoredOn":"2024-05-24","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"855318","display":"warfarin sodium 1 MG Oral Tablet"}],"text":"ワーファリン錠 1mg"},
"dosageInstruction":[{"sequence":1,"text":"月〜金：1回2錠（2mg）朝食後 8:00","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","dayOfWeek":["mon","tue","wed","thu","fri"],"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"錠","system":"http://unitsofmeasure.org","code":"{tbl}"}}]},
{"sequence":1,"text":"土・日：1回3錠（3mg）朝食後 8:00","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","dayOfWeek":["sat","sun"],"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":3,"unit":"錠","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}]}`
)

// cjkSummaryPDF is the visit summary PDF of a person whose records are rs, on the clock loc,
// for the months up to 10 Jun 2024.
func cjkSummaryPDF(t *testing.T, name string, loc *time.Location, rs ...string) []byte {
	t.Helper()
	now := time.Date(2024, 6, 10, 10, 0, 0, 0, loc)
	v, p := newPerson(t, name)
	writeAt(t, v, p, "clinic", now.Add(-time.Hour), rs...)
	s, err := BuildSummary(context.Background(), v, p, now.AddDate(0, -3, 0), now, now, LoadOptions{Device: loc})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WritePDF(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// F564: the summary of a Japanese patient printed his name as "?? ??", his problems and his
// warfarin's doses in question marks. The letters print as the records write them, in PDF's
// predefined Japanese font; the dose by day is said in CareKeeper's words too, for a reader
// of Latin letters (his daughter's GP in Los Angeles), and a problem's name adds its code's.
func TestSummaryPrintsJapaneseAsWritten(t *testing.T) {
	needPopplerData(t)
	tyo, _ := time.LoadLocation("Asia/Tokyo")
	pdf := cjkSummaryPDF(t, "佐藤 健一", tyo, kenPatient, kenAF, kenCKD, kenWar)
	txt := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
	for _, want := range []string{
		"Person Name 佐藤 健一",
		"心房細動 (Atrial fibrillation) — since 1 Jul 2019",
		"慢性腎臓病 ステージ3b（糖尿病性腎症による、eGFR 30〜44 mL/min/1.73m²） (Chronic kidney disease stage 3B) — since 11 Apr 2022",
		"ワーファリン錠 1 mg (Warfarin sodium 1 mg tablet) — 2 tablets Mon, Tue, Wed, Thu, Fri at 08:00; and 3 tablets Sat, Sun at 08:00 (as CareKeeper reads the record, which says: 月〜金：1回2錠（2mg）朝食後 8:00; 土・日：1回3錠（3mg）朝食後 8:00)",
		"Prepared with CareKeeper from 佐藤 健一's own records",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("the summary does not say %q", want)
		}
	}
	if strings.Contains(txt, "?") || strings.Contains(txt, "Some letters") {
		t.Errorf("the summary still has letters it cannot print")
	}
	if t.Failed() {
		t.Logf("PDF text: %s", txt)
	}
}

// Korean, simplified and traditional Chinese print too, each in its collection's font (by
// the Hangul, or the person's clock for Han letters alone), and a line mixing Latin and CJK
// letters comes out whole.
func TestSummaryPrintsKoreanAndChinese(t *testing.T) {
	needPopplerData(t)
	for _, c := range []struct {
		tz, name, problem, dose, font string
	}{
		{"Asia/Seoul", "김민준", "고혈압", "아침 식사 후 1정 복용 (08:00)", "UniKS-UTF16-H"},
		{"Asia/Shanghai", "王秀英", "2型糖尿病", "每日一次，每次1片，早餐后服用", "UniGB-UTF16-H"},
		{"Asia/Taipei", "陳美玲", "高血壓", "每日一次，每次1錠，早餐後服用", "UniCNS-UTF16-H"},
	} {
		loc, _ := time.LoadLocation(c.tz)
		pat := fmt.Sprintf(`{"resourceType":"Patient","id":"p","name":[{"text":%q}],"gender":"female","birthDate":"1950-03-02"}`, c.name)
		cond := fmt.Sprintf(`{"resourceType":"Condition","id":"c","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"text":%q},"onsetDateTime":"2015-02-01"}`, c.problem)
		med := fmt.Sprintf(`{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","authoredOn":"2024-05-02","medicationCodeableConcept":{"text":"Amlodipine 5 mg"},"dosageInstruction":[{"text":%q}]}`, c.dose)
		pdf := cjkSummaryPDF(t, c.name, loc, pat, cond, med)
		if !bytes.Contains(pdf, []byte("/Encoding /"+c.font)) {
			t.Errorf("%s: the PDF has no font of %s", c.tz, c.font)
		}
		txt := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
		for _, want := range []string{"Person Name " + c.name, c.problem + " — since 1 Feb 2015", "Amlodipine 5 mg — " + c.dose} {
			if !strings.Contains(txt, want) {
				t.Errorf("%s: the summary does not say %q:\n%s", c.tz, want, txt)
			}
		}
	}
}

// pdfObjects are a PDF's objects by number, as its cross-reference table places them; it
// fails the test when an entry does not point at its object.
func pdfObjects(t *testing.T, pdf []byte) map[int]string {
	t.Helper()
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref at the end")
	}
	at, _ := strconv.Atoi(string(m[1]))
	h := regexp.MustCompile(`^xref\n0 (\d+)\n`).FindSubmatch(pdf[at:])
	if h == nil {
		t.Fatalf("no cross-reference table at %d", at)
	}
	n, _ := strconv.Atoi(string(h[1]))
	if !bytes.Contains(pdf[at:], []byte(fmt.Sprintf("/Size %d\n", n))) {
		t.Errorf("the trailer's /Size is not %d", n)
	}
	objs := map[int]string{}
	table := pdf[at+len(h[0]):]
	for i := 1; i < n; i++ {
		off, _ := strconv.Atoi(string(table[20*i : 20*i+10]))
		head := fmt.Sprintf("%d 0 obj\n", i)
		if !bytes.HasPrefix(pdf[off:], []byte(head)) {
			t.Fatalf("object %d is not at %d, where the table says", i, off)
		}
		end := bytes.Index(pdf[off:], []byte("\nendobj"))
		objs[i] = string(pdf[off+len(head) : off+end])
	}
	return objs
}

// shownIn are the strings shown in a PDF's pages in the font resource named font (hex
// strings, as UTF-16), with the x of each.
func shownIn(t *testing.T, pdf []byte, font string) (texts []string, xs []float64) {
	t.Helper()
	show := regexp.MustCompile(`/` + font + ` [\d.]+ Tf ([\d.]+) [\d.]+ Td <([0-9A-F]*)> Tj`)
	for _, obj := range pdfObjects(t, pdf) {
		i := strings.Index(obj, "stream\n")
		if i < 0 || !strings.Contains(obj[:i], "/FlateDecode") {
			continue
		}
		r, err := zlib.NewReader(strings.NewReader(obj[i+len("stream\n"):]))
		if err != nil {
			continue
		}
		content, _ := io.ReadAll(r)
		for _, m := range show.FindAllSubmatch(content, -1) {
			var units []uint16
			for k := 0; k+4 <= len(m[2]); k += 4 {
				u, _ := strconv.ParseUint(string(m[2][k:k+4]), 16, 16)
				units = append(units, uint16(u))
			}
			x, _ := strconv.ParseFloat(string(m[1]), 64)
			texts = append(texts, string(utf16.Decode(units)))
			xs = append(xs, x)
		}
	}
	return texts, xs
}

// F564, without a PDF reader: the Japanese letters are shown in a Type0 font of Adobe's Japan1
// collection (HeiseiKakuGo-W5, UniJIS-UTF16-H, not embedded, 1000 units wide but the
// half-width katakana), as UTF-16 with a ToUnicode map; the cross-reference table points at
// every object; "健一" is placed after "佐藤" and the Latin space, measured as printed; the
// same summary makes the same bytes.
func TestSummaryCJKFontInThePDF(t *testing.T) {
	tyo, _ := time.LoadLocation("Asia/Tokyo")
	pdf := cjkSummaryPDF(t, "佐藤 健一", tyo, kenPatient, kenAF, kenWar)
	if again := cjkSummaryPDF(t, "佐藤 健一", tyo, kenPatient, kenAF, kenWar); !bytes.Equal(pdf, again) {
		t.Error("the same summary made two different PDFs")
	}
	objs := pdfObjects(t, pdf)
	var type0, cid, tu bool
	for _, o := range objs {
		switch {
		case strings.Contains(o, "/Subtype /Type0 /BaseFont /HeiseiKakuGo-W5-UniJIS-UTF16-H /Encoding /UniJIS-UTF16-H"):
			type0 = strings.Contains(o, "/ToUnicode ")
		case strings.Contains(o, "/Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5"):
			cid = strings.Contains(o, "/Registry (Adobe) /Ordering (Japan1)") && strings.Contains(o, "/DW 1000 /W [231 632 500]") &&
				!strings.Contains(o, "FontFile")
		case strings.Contains(o, "begincmap"):
			tu = tu || strings.Contains(o, "<4F50> <4F50>") && strings.Contains(o, "<85E4> <85E4>") // 佐, 藤
		}
	}
	if !type0 || !cid || !tu {
		t.Errorf("the Japan1 font: Type0 with ToUnicode %v, CIDFont of Japan1 not embedded %v, ToUnicode of 佐藤 %v", type0, cid, tu)
	}
	if !strings.Contains(objs[2], "/CJKjp ") {
		t.Errorf("the resources do not name the font: %s", objs[2])
	}
	texts, xs := shownIn(t, pdf, "CJKjp")
	joined := strings.Join(texts, "|")
	for _, want := range []string{"佐藤|健一", "心房細動", "ワーファリン錠", "月〜金：", "回", "錠（", "）朝食後"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the pages do not show %q in the Japanese font: %s", want, joined)
		}
	}
	for i := range texts {
		if texts[i] == "佐藤" && i+1 < len(texts) && texts[i+1] == "健一" {
			// two letters of 10 pt, then Liberation Sans's space (278/1000 em)
			if got, want := xs[i+1]-xs[i], 2*10+2.78; got < want-0.02 || got > want+0.02 {
				t.Errorf("健一 is %.2f pt after 佐藤, want %.2f", got, want)
			}
			break
		}
	}
}

// The name of a person in half-width katakana is measured at half an em a letter, as the
// font's /W says; a line of Latin and CJK letters wraps within the width, at a space or
// between CJK letters, never before a closing bracket or "、", never after an opening one
// (unless one word is wider than the line).
func TestWrapMixedLatinAndCJK(t *testing.T) {
	if w := cjkWidth(japan1, 'ｶ'); w != 500 {
		t.Errorf("ｶ is %d wide", w)
	}
	var ft fontText
	gs := func(s string) []glyph {
		var out []glyph
		for _, run := range splitRuns(s, japan1, &ft) {
			for _, r := range run.text {
				w := 5.0 // a Latin letter
				if run.font != latinRun {
					w = float64(cjkWidth(run.font, r)) / 100
				}
				out = append(out, glyph{r: r, font: run.font, w: w})
			}
		}
		return out
	}
	text := "Warfarin ワーファリン錠（1mg）を、月曜日から金曜日まで毎朝2錠、土曜日と日曜日は3錠 take with water"
	for _, wmax := range []float64{40, 61, 100, 1000} { // "（1mg）" is 35 wide
		lines := wrap(gs(text), wmax)
		var all strings.Builder
		for i, l := range lines {
			if width(l) > wmax && len(l) > 1 {
				t.Errorf("width %v: line %d is %v wide: %q", wmax, i, width(l), string(runesOf(l)))
			}
			if i > 0 && len(l) > 0 && strings.ContainsRune(noLineStart, l[0].r) {
				t.Errorf("width %v: line %d starts with %q", wmax, i, l[0].r)
			}
			if n := len(l); n > 0 && strings.ContainsRune(noLineEnd, l[n-1].r) {
				t.Errorf("width %v: line %d ends with %q", wmax, i, l[n-1].r)
			}
			all.WriteString(string(runesOf(l)))
		}
		if got, want := all.String(), strings.ReplaceAll(text, " ", ""); strings.ReplaceAll(got, " ", "") != want {
			t.Errorf("width %v: the lines are %q", wmax, got)
		}
	}
	if runs := splitRuns("佐藤 ｶｽﾞｺ and 김민준", gb1, &ft); len(runs) != 5 || runs[0].font != gb1 || runs[2].font != japan1 || runs[4].font != korea1 {
		t.Errorf("runs %+v", runs)
	}
}

func runesOf(gs []glyph) []rune {
	rs := make([]rune, len(gs))
	for i, g := range gs {
		rs[i] = g.r
	}
	return rs
}

// FuzzSplitAndWrap: the runs of any text are its letters (a CJK run only of CJK letters, a
// Latin one none), and its lines hold every letter but the spaces and line breaks they are
// cut at, none wider than the width unless of one letter.
func FuzzSplitAndWrap(f *testing.F) {
	for _, s := range []string{"佐藤 健一", "月〜金：1回2錠（2mg）朝食後 8:00", "김민준 고혈압 약", "ｶｽﾞｺ ＫＡＺＵＫＯ 𠮷野家", "a\nb\n\n", "Łucja — 偏头痛? ปวดหัว", " "} {
		f.Add(s, 30.0)
	}
	f.Fuzz(func(t *testing.T, s string, wmax float64) {
		if wmax < 1 || wmax > 1e6 || len(s) > 2000 {
			return
		}
		var ft fontText
		var gs []glyph
		prev := cjkOrdering(-3)
		for _, run := range splitRuns(s, cns1, &ft) {
			if run.font == prev {
				t.Fatalf("two runs in one font: %q", s)
			}
			prev = run.font
			for _, r := range run.text {
				if (run.font == latinRun) != (cjkOf(r) == latinRun) {
					t.Fatalf("%q in a run of font %d", r, run.font)
				}
				gs = append(gs, glyph{r: r, font: run.font, w: 3})
			}
		}
		n := 0
		for _, l := range wrap(gs, wmax) {
			if width(l) > wmax+1e-9 && len(l) > 1 {
				t.Fatalf("a line %v wide in %v", width(l), wmax)
			}
			for _, g := range l {
				if g.r == '\n' {
					t.Fatalf("a line break within a line")
				}
			}
			n += len(l)
		}
		cut := 0
		for _, g := range gs {
			if g.r == ' ' || g.r == '\n' {
				cut++
			}
		}
		if n > len(gs) || n < len(gs)-cut {
			t.Fatalf("%d of %d letters in the lines (%d spaces and breaks)", n, len(gs), cut)
		}
	})
}
