package journey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/guides"
	"carekeeper/internal/health"
)

// Section titles of the summary PDF, in order.
var PDFSections = []string{"Person", "Problems", "Medicines", "Allergies", "Immunizations", "Recent results",
	"Home measurements", "Check-ins", "Questions for the doctor"}

// maxImmunizations and maxResults keep the printout to a few pages.
const (
	maxImmunizations = 15
	maxResults       = 16
)

type pdfWriter struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
	c   *cjkText // text with Chinese, Japanese or Korean letters
	s   *Summary
	w   float64 // usable width
}

// WritePDF writes the summary as a printable PDF (A4, the Go fonts embedded as Unicode fonts).
func WritePDF(out io.Writer, s *Summary) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(s.Generated)
	pdf.SetModificationDate(s.Generated)
	pdf.SetMargins(18, 16, 18)
	pdf.SetAutoPageBreak(true, 16)
	addPDFFonts(pdf)
	var pt fontText
	tr := pt.text
	pdf.SetTitle("Health summary", true)
	pdf.SetCreator("CareKeeper", true)
	pdf.AliasNbPages("")
	pw, _ := pdf.GetPageSize()
	p := &pdfWriter{pdf: pdf, tr: tr, s: s, w: pw - 36,
		c: &cjkText{pdf: pdf, ft: &pt, def: cjkDefault(s.Loc, s.cjkWords()...)}}
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(pdfFamily, "I", 8)
		pdf.SetTextColor(110, 110, 110)
		p.c.inFooter = true
		p.cell(0, 5, fmt.Sprintf("Prepared with CareKeeper from %s's own records on %s — not a medical record. Page %d of {nb}",
			s.Name, s.Generated.In(s.Loc).Format("2 Jan 2006"), pdf.PageNo()), "", 0, "C")
		p.c.inFooter = false
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	pdf.SetFont(pdfFamily, "B", 18)
	pdf.CellFormat(0, 9, tr("Health summary"), "", 1, "L", false, 0, "")
	pdf.SetFont(pdfFamily, "", 10)
	period := fmt.Sprintf("For the visit: %s to %s", s.From.In(s.Loc).Format("2 Jan 2006"),
		s.To.Add(-time.Second).In(s.Loc).Format("2 Jan 2006"))
	if s.Death.Deceased {
		// no visit is to come: the period, up to the death when it reaches it (F212)
		period = strings.Replace(period, "For the visit", "Period", 1)
		if s.UpToDeath {
			period += ", up to the death"
		}
	}
	pdf.CellFormat(0, 5, tr(period), "", 1, "L", false, 0, "")
	pdf.Ln(2)
	// Said first, above the name it may concern: on page 2's last line, a Tokyo nephrologist
	// read "Name ?? ??" and the problems and warfarin doses as question marks first (F564).
	lacking := s.unprintable()
	if lacking {
		pdf.SetFont(pdfFamily, "B", 10)
		pdf.MultiCell(0, 5, tr(unprintableWords), "", "L", false)
		pdf.SetFont(pdfFamily, "", 10)
		pdf.Ln(1)
	}

	p.heading("Person")
	p.row("Name", s.Name)
	if s.BirthDate != "" {
		p.row("Born", health.BirthWordsAt(s.BirthDate, s.Generated)) // a date after the summary's day is an error in the record
	}
	if s.Death.Deceased {
		died := "yes (the records give no date)"
		if s.Death.Date != "" {
			died = health.DayWords(s.Death.Date)
		}
		p.row("Died", died)
	}
	if s.Gender != "" {
		p.row("Gender", s.Gender)
	}
	if s.Pregnancy != "" {
		p.row("Pregnancy", s.Pregnancy) // the due date was on the Timeline only (F557 item 3)
	}

	p.heading("Problems")
	if len(s.Problems) == 0 {
		p.none("No problems recorded.")
	}
	for _, c := range s.Problems {
		p.bullet(fmt.Sprintf("%s — %s (%s)", s.printableName(c.Name, c.Key, "code"), c.Since(), c.SummaryState(s.Death)))
	}

	p.heading("Medicines")
	switch {
	case len(s.Medicines) == 0 && s.MedicinesOutside == 1:
		p.none("None in this period (1 medicine recorded outside it).")
	case len(s.Medicines) == 0 && s.MedicinesOutside > 1:
		p.none(fmt.Sprintf("None in this period (%d medicines recorded outside it).", s.MedicinesOutside))
	case len(s.Medicines) == 0:
		p.none("No medicines recorded.")
	}
	for _, m := range s.Medicines {
		line := m.Name
		if len(m.Records) > 0 {
			line = s.printableName(m.Name, m.Records[0], "medicationCodeableConcept")
		}
		if w := m.HowWords(); w != "" && !printable(w) && m.Steps != "" && printsAll(w) {
			// the record's words in Japanese (Chinese, Korean): the dose by day as CareKeeper
			// reads it too, for a reader of the Latin letters (F564: a warfarin of 2 and 3
			// tablets by weekday, read by a GP in Los Angeles)
			line += " — " + m.Steps + " (as CareKeeper reads the record, which says: " + w + ")"
		} else if w != "" && !printable(w) && m.Steps != "" {
			// the record's words would be question marks: the dose by day as CareKeeper
			// reads it, so it can be checked
			line += " — " + m.Steps + " (as CareKeeper reads the record; its own words are in a script this printout cannot show)"
		} else if w != "" {
			line += " — " + w
		}
		line += medicineNote(m.Medication, s.Death) + m.StartNote()
		p.bullet(line)
		if t := m.Adherence; t != nil {
			p.sub(fmt.Sprintf("Doses %s: %d of %d taken on time, %d late, %d skipped, %d not marked (%.0f %% on time)",
				s.dosesCounted(t), t.OnTime, t.Scheduled, t.Late, t.Skipped, t.Missed, t.Rate()*100) + s.givenTwice(t, "; "))
		}
	}

	if len(s.DietOrders) > 0 {
		// a fluid limit is an order as a medicine is: said beside them (F576)
		p.heading("Diet and fluid orders")
		for _, o := range s.DietOrders {
			line := o.Name
			if o.Date != "" {
				line += " (ordered " + health.DayWords(o.Date) + ")"
			}
			p.bullet(line)
		}
	}

	p.heading("Allergies")
	if len(s.Allergies) == 0 {
		if s.PastAllergies > 0 {
			p.none("No current allergies recorded.")
		} else {
			p.none("No allergies recorded.")
		}
	}
	for _, a := range s.Allergies {
		line := a.Name
		if a.Detail != "" {
			line += " — " + a.Detail
		}
		p.bullet(line)
	}
	if s.PastAllergies > 0 {
		p.none(health.Count(s.PastAllergies, "past allergy", "past allergies") + " (inactive or resolved) not listed.")
	}

	p.heading("Immunizations")
	if len(s.Immunizations) == 0 {
		p.none("No immunizations recorded.")
	}
	for i, im := range s.Immunizations {
		if i == maxImmunizations {
			p.sub(fmt.Sprintf("and %d earlier", len(s.Immunizations)-maxImmunizations))
			break
		}
		day := health.DayWords(im.Date)
		if im.Date == "" {
			day = dateUnknown
		}
		line := fmt.Sprintf("%s — %s", day, im.Name)
		if im.Detail != "" {
			line += " (" + im.Detail + ")"
		}
		p.bullet(line)
	}

	p.heading("Recent results")
	empty := "No results in this period."
	if len(s.TextResults) > 0 {
		empty = ""
	}
	p.series(s.Results, empty)
	p.textResults(s.TextResults)
	if s.Unreadable > 0 {
		p.none(fmt.Sprintf("%s could not be read (no usable value or date) and %s not shown.",
			health.Count(s.Unreadable, "result", ""), plural(s.Unreadable, "is", "are")))
	}
	p.heading("Home measurements")
	// readings from the records (a meter's readings a clinic sent) are under Recent results
	// (F442), and so are those taken at home of a series of the records, in it (F493)
	var joined []string
	for _, se := range s.Results {
		if se.AtHome > 0 {
			joined = append(joined, se.PlainName())
		}
	}
	empty = "None entered in CareKeeper or from a phone in this period; readings in the records are under Recent results."
	if len(joined) > 0 {
		empty = ""
	}
	p.series(s.Home, empty)
	if len(joined) > 0 {
		p.none(andList(joined) + " taken at home: under Recent results, with the records' readings of it.")
	}

	p.heading("Check-ins")
	if len(s.CheckIns) == 0 {
		p.none("No check-ins in this period.")
	}
	bySlug := SeverityByDay(s.CheckIns, s.Loc)
	for _, slug := range sortedKeys(bySlug) {
		title := s.CheckInTitles[slug]
		if title == "" {
			title = slug
		}
		pts := bySlug[slug]
		pdf.SetFont(pdfFamily, "B", 10)
		p.cell(0, 6, title+" — how much it bothered me (0–10)", "", 1, "L")
		var cps []chartPoint
		for _, sp := range pts {
			cps = append(cps, chartPoint{t: sp.At, v: float64(sp.Severity)})
		}
		p.chart(cps, nil, 0, 10)
		g := guides.BySlug(slug)
		for _, c := range s.CheckIns {
			if c.Slug != slug {
				continue
			}
			line := fmt.Sprintf("%s: severity %d", c.At.In(s.Loc).Format("2 Jan 2006"), c.Severity)
			if len(c.Symptoms) > 0 {
				line += "; " + strings.Join(symptomTexts(g, c.Symptoms), ", ")
			}
			if c.Note != "" {
				line += `; note: "` + c.Note + `"`
			}
			p.bullet(line)
		}
	}

	// Of a person who died, no visit is to come: no questions are asked of them (F212).
	if !s.Death.Deceased || len(s.Questions) > 0 {
		p.heading("Questions for the doctor")
		if len(s.Questions) == 0 {
			p.none("No questions noted.")
		}
		for i, q := range s.Questions {
			p.bullet(fmt.Sprintf("%d. %s", i+1, q))
		}
	}
	if pt.missing && !lacking {
		p.pdf.Ln(3)
		p.none(unprintableWords)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("making the PDF: %w", err)
	}
	var doc bytes.Buffer
	if err := pdf.Output(&doc); err != nil {
		return fmt.Errorf("making the PDF: %w", err)
	}
	b, err := p.c.addFonts(doc.Bytes())
	if err != nil {
		return err
	}
	if _, err := out.Write(b); err != nil {
		return fmt.Errorf("writing the PDF: %w", err)
	}
	return nil
}

// multi is MultiCell(0, h, s, "", "L", false) for s in any script: Latin text as before,
// Chinese, Japanese and Korean runs in their CJK fonts (F564).
func (p *pdfWriter) multi(h float64, s string) {
	if !hasCJK(s) {
		p.pdf.MultiCell(0, h, p.tr(s), "", "L", false)
		return
	}
	p.c.multiCell(h, s)
}

// cell is CellFormat(w, h, s, border, ln, align, false, 0, "") for s in any script.
func (p *pdfWriter) cell(w, h float64, s, border string, ln int, align string) {
	if !hasCJK(s) {
		p.pdf.CellFormat(w, h, p.tr(s), border, ln, align, false, 0, "")
		return
	}
	p.c.cell(w, h, s, border, ln, align)
}

// printableName is name, and when its letters cannot be printed the first of its record's
// codings' names (field: "code", "medicationCodeableConcept") that can: "心房細動 (Atrial
// fibrillation)" printed "???? (Atrial fibrillation)" — the problem a reader of "????" could
// not know (F564).
func (s *Summary) printableName(name string, k health.Key, field string) string {
	if printable(name) || s.data == nil {
		return name
	}
	r := s.data.Set.Get(k)
	if r == nil || r.JSON == nil {
		return name
	}
	var c map[string]json.RawMessage
	var cc struct {
		Coding []struct{ Display string } `json:"coding"`
	}
	if json.Unmarshal(r.JSON, &c) != nil || json.Unmarshal(c[field], &cc) != nil {
		return name
	}
	for _, cd := range cc.Coding {
		if d := strings.TrimSpace(cd.Display); d != "" && printable(d) {
			if field == "medicationCodeableConcept" {
				d = health.MedicineName(d) // "Warfarin sodium 1 mg tablet", not "… 1 MG Oral Tablet"
			}
			return name + " (" + d + ")"
		}
	}
	return name
}

// unprintableWords say that some letters could not be printed.
const unprintableWords = "Some letters in these records are in a script this printout's font does not have: they are shown as '?'. CareKeeper shows them as the records give them."

// unprintable says the person's name, a problem's or a medicine's name or dosage has letters
// the printout's fonts do not have (printsAll).
func (s *Summary) unprintable() bool {
	for _, w := range s.cjkWords() {
		if !printsAll(w) {
			return true
		}
	}
	return false
}

// cjkWords are the person's name and the names of the problems and medicines and the
// medicines' dosages: the words that choose the summary's CJK font (cjkDefault) and that the
// note about letters no font has is said above (unprintable).
func (s *Summary) cjkWords() []string {
	words := []string{s.Name}
	for _, c := range s.Problems {
		words = append(words, c.Name)
	}
	for _, m := range s.Medicines {
		words = append(words, m.Name, m.HowWords())
	}
	return words
}

// medicineNote is what the summary adds to a medicine's line about its state.
func medicineNote(m health.Medication, death health.Death) string {
	if d := death.Date; m.State == health.MedPast && !m.AtDeath && death.Deceased && d != "" && (m.Last > d || m.Ended > d) {
		// records dated after the death (an order written after it) are no days the person
		// lived: "until death", as for conditions (F198: "last 6 Sep 1996" for a man who died
		// on 21 Jan 1996)
		return " (until death, " + health.DayWords(d) + ")"
	}
	switch m.State {
	case health.MedToConfirm:
		return " (" + strings.ToLower(m.Question[:1]) + m.Question[1:] + " — not confirmed)"
	case health.MedStopped:
		return " (stopped, as the person said)"
	case health.MedPast:
		if m.AtDeath {
			return " (" + m.EndWords() + ")" // not one whose record ended before
		}
		if m.Ended != "" {
			return " (stopped or finished, " + m.EndWords() + ")"
		}
		return " (stopped or finished, last " + health.DayWords(m.Last) + ")"
	}
	return ""
}

func symptomTexts(g *guides.Guide, keys []string) []string {
	var out []string
	for _, k := range keys {
		t := k
		if g != nil {
			for _, s := range g.Symptoms {
				if s.Key == k {
					t = s.Text
				}
			}
		}
		out = append(out, t)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func (p *pdfWriter) need(h float64) {
	_, ph := p.pdf.GetPageSize()
	if p.pdf.GetY()+h > ph-18 {
		p.pdf.AddPage()
	}
}

func (p *pdfWriter) heading(t string) {
	p.need(16)
	p.pdf.Ln(3)
	p.pdf.SetFont(pdfFamily, "B", 13)
	p.pdf.SetTextColor(20, 70, 120)
	p.pdf.CellFormat(0, 7, p.tr(t), "B", 1, "L", false, 0, "")
	p.pdf.SetTextColor(0, 0, 0)
	p.pdf.Ln(1)
}

func (p *pdfWriter) row(label, value string) {
	p.pdf.SetFont(pdfFamily, "B", 10)
	p.pdf.CellFormat(30, 5.5, p.tr(label), "", 0, "L", false, 0, "")
	p.pdf.SetFont(pdfFamily, "", 10)
	p.multi(5.5, value)
}

func (p *pdfWriter) bullet(t string) {
	p.pdf.SetFont(pdfFamily, "", 10)
	p.pdf.CellFormat(5, 5.5, p.tr("•"), "", 0, "L", false, 0, "")
	p.multi(5.5, t)
}

func (p *pdfWriter) sub(t string) {
	p.pdf.SetFont(pdfFamily, "I", 9)
	p.pdf.SetX(p.pdf.GetX() + 5)
	p.multi(5, t)
}

func (p *pdfWriter) none(t string) {
	p.pdf.SetFont(pdfFamily, "I", 10)
	p.pdf.SetTextColor(90, 90, 90)
	p.multi(5.5, t)
	p.pdf.SetTextColor(0, 0, 0)
}

func (p *pdfWriter) series(list []SummarySeries, empty string) {
	if len(list) == 0 && empty != "" {
		p.none(empty)
	}
	for i, se := range list {
		if i == maxResults {
			p.sub(fmt.Sprintf("and %d more series in the period", len(list)-maxResults))
			break
		}
		last := se.Points.At(se.Points.Len() - 1)
		p.need(8)
		p.pdf.SetFont(pdfFamily, "B", 10)
		p.cell(0, 5.5, se.PlainName(), "", 1, "L")
		p.pdf.SetFont(pdfFamily, "", 10)
		if f := pointFlag(se.Series, last); f != health.FlagNone {
			p.pdf.SetFont(pdfFamily, "B", 10)
		}
		p.pdf.SetFont(pdfFamily, "", 10)
		value := pointValue(se.Series, last)
		if o := last.OriginalWords(); o != "" && !se.Pair {
			// as the lab wrote it, the series' unit beside it, as Results says it (F582: MGH's
			// 7.1% was "54 mmol/mol" alone on a Boston endocrinologist's printout)
			value = o + " (" + value + ")"
		}
		line := fmt.Sprintf("Latest: %s %s", value, onDate(last.DateIn(p.s.Loc), last.Precision))
		var notes []string
		if f := pointFlag(se.Series, last); f != health.FlagNone {
			notes = append(notes, strings.ToLower(string(f)))
		}
		if w := last.Meal.Words(); w != "" {
			notes = append(notes, w) // as its record says: not a fasting reading's change (F547)
		}
		if w := HomeWords(last.Key); w != "" && se.AtHome > 0 {
			notes = append(notes, w) // a reading taken at home among the records' (F493)
		}
		if se.Device != "" {
			notes = append(notes, "measured with "+se.Device) // F567 item 6
		}
		if len(notes) > 0 {
			line += " (" + strings.Join(notes, ", ") + ")"
		}
		n := se.Points.Len()
		charted := n >= 2 || (n == 1 && p.s.ChartsBefore(se))
		var ch health.Chart
		if charted {
			ch = p.s.Chart(se)
		}
		if w := health.LastMeanWords(se.Series, ch); w != "" && summarised(ch) {
			// a dense series' last day, not its last minute's change (F541): "that day a mean of …"
			if day := onDate(last.DateIn(p.s.Loc), last.Precision); strings.HasPrefix(w, day+" ") {
				w = "that day" + strings.TrimPrefix(w, day)
			}
			line += "; " + w
		} else if t := se.Trend(p.s.Loc); t != "" {
			line += "; " + t
		}
		if se.Gain != "" {
			line += "; " + se.Gain // over the guide's days, not only since the reading before (F424)
		}
		if se.Targets != "" {
			line += "; " + se.Targets // the guide's words (F452)
		}
		if se.MealTargets != "" {
			line += "; in the period " + se.MealTargets // each against its own target (F547)
		}
		if se.Lows != "" {
			line += "; " + se.Lows + " in the period" // as the low-glucose card counts them (F454)
		}
		if se.InRange != "" {
			line += "; " + se.InRange // a sensor's time in range (F521)
		}
		if rw := RangeWordsFor(se.Series, p.s.Guides()); rw != "" && se.Range.Therapeutic {
			line += "; therapeutic range " + rw // F364
		} else if o := originalRange(se.Series, last); rw != "" && o != "" {
			line += "; range " + o + " (" + rw + ")" // the lab's own, as its value (F582)
		} else if rw != "" {
			line += "; range " + rw
		}
		line += "; " + health.Grouped(se.Points.Len()) + " in the period" // "42,800" (F541)
		if se.AtHome > 0 {
			line += fmt.Sprintf(", %d of them %s", se.AtHome, se.AtHomeWords) // F493
		}
		before := se.Before
		if b := se.Before; b != nil && p.s.ChartsBefore(se) {
			// the chart begins with it: "Mar 2026" under a period from September (F493)
			line += "; the chart begins with the reading before the period, " + pointValue(se.Series, *b) + " " + onDate(b.DateIn(p.s.Loc), b.Precision)
		} else if b != nil {
			line += "; the reading before the period, not on the chart: " + pointValue(se.Series, *b) + " " + onDate(b.DateIn(p.s.Loc), b.Precision)
			before = nil
		}
		if charted && summarised(ch) {
			line += "; the chart: " + ch.Summarised.Words() // F541
		}
		p.multi(5, line)
		if charted && summarised(ch) {
			p.summaryChart(ch, se.Series.Unit)
		} else if charted {
			// The points are made as the chart reads them, never held: 300,000 readings' chart
			// points were 17 MB (26 MB grown by appending).
			pts := chartSource{n: n, pair: se.Pair, unit: se.Series.Unit}
			if before != nil {
				pts.n++
			}
			loc := p.s.Loc
			pts.each = func(yield func(a, b chartPoint) bool) {
				add := func(pt *health.Point) bool {
					t := pt.In(loc) // a month's reading in its month
					return yield(chartPoint{t: t, v: pt.V, prec: pt.Precision, cmp: pt.Comparator}, chartPoint{t: t, v: pt.V2, prec: pt.Precision})
				}
				if before != nil && !add(before) {
					return
				}
				for _, pt := range se.Points.All() {
					if !add(&pt) {
						return
					}
				}
			}
			p.chartOf(pts, math.NaN(), math.NaN())
		}
	}
}

// summarised says a chart draws means of several readings (some day, week or month of it
// holds more than one).
func summarised(ch health.Chart) bool {
	if ch.Summarised == health.SummaryNone {
		return false
	}
	for _, l := range ch.Lines {
		for _, seg := range l.Segments {
			for _, cp := range seg {
				if cp.N > 1 {
					return true
				}
			}
		}
	}
	return false
}

// summaryChart draws a summarised chart (health.ChartOf) as Results draws it: each line's
// means joined, over a band shaded from each day's (week's, month's) lowest to highest
// reading; no line across a gap (the line's segments). The value axis is labelled with the
// lowest and highest reading, rounded as the text rounds the unit's values.
func (p *pdfWriter) summaryChart(ch health.Chart, unit string) {
	const w, h = 80.0, 22.0
	minV, maxV := math.Inf(1), math.Inf(-1)
	var t0, t1 time.Time
	for _, l := range ch.Lines {
		for _, seg := range l.Segments {
			for _, cp := range seg {
				minV, maxV = math.Min(minV, cp.Min), math.Max(maxV, cp.Max)
				if t0.IsZero() || cp.T.Before(t0) {
					t0 = cp.T
				}
				if cp.T.After(t1) {
					t1 = cp.T
				}
			}
		}
	}
	if math.IsNaN(maxV-minV) || math.IsInf(maxV-minV, 0) {
		return
	}
	if maxV-minV < 1e-9 {
		minV, maxV = minV-1, maxV+1
	}
	p.need(h + 6)
	pdf := p.pdf
	x0, y0 := pdf.GetX()+12, pdf.GetY()+1
	xOf, yOf := p.chartFrame(x0, y0, w, h, t0, t1, minV, maxV)
	pdf.CellFormat(11, 3, p.tr(health.Number(maxV, unit)), "", 0, "R", false, 0, "")
	pdf.SetXY(x0-12, y0+h-2)
	pdf.CellFormat(11, 3, p.tr(health.Number(minV, unit)), "", 0, "R", false, 0, "")
	pdf.SetXY(x0, y0+h+0.5)
	l0, l1 := axisEnds(chartPoint{t: t0}, chartPoint{t: t1}, p.s.Loc)
	pdf.CellFormat(w/2, 3, p.tr(l0), "", 0, "L", false, 0, "")
	pdf.CellFormat(w/2, 3, p.tr(l1), "", 0, "R", false, 0, "")
	colours := [][3]int{{20, 90, 160}, {200, 110, 30}}
	shades := [][3]int{{200, 218, 236}, {244, 222, 200}}
	for li, l := range ch.Lines {
		c, sh := colours[li%2], shades[li%2]
		pdf.SetFillColor(sh[0], sh[1], sh[2])
		for _, seg := range l.Segments {
			band := make([]fpdf.PointType, 0, 2*len(seg))
			for _, cp := range seg {
				band = append(band, fpdf.PointType{X: xOf(cp.T), Y: yOf(cp.Max)})
			}
			for i := len(seg) - 1; i >= 0; i-- {
				band = append(band, fpdf.PointType{X: xOf(seg[i].T), Y: yOf(seg[i].Min)})
			}
			if len(seg) > 1 {
				pdf.Polygon(band, "F")
			} else if seg[0].Max > seg[0].Min {
				pdf.SetDrawColor(sh[0], sh[1], sh[2])
				pdf.SetLineWidth(0.8)
				pdf.Line(xOf(seg[0].T), yOf(seg[0].Max), xOf(seg[0].T), yOf(seg[0].Min))
			}
		}
		pdf.SetDrawColor(c[0], c[1], c[2])
		pdf.SetFillColor(c[0], c[1], c[2])
		pdf.SetLineWidth(0.5)
		for _, seg := range l.Segments {
			for i, cp := range seg {
				x, y := xOf(cp.T), yOf(cp.V)
				if i > 0 {
					pdf.Line(xOf(seg[i-1].T), yOf(seg[i-1].V), x, y)
				}
				pdf.Circle(x, y, 0.5, "F")
			}
		}
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetXY(pdf.GetX(), y0+h+5)
	pdf.SetX(18)
}

// textResults lists the results given in words: the newest of each, never a chart.
func (p *pdfWriter) textResults(list []SummaryText) {
	for i, st := range list {
		if i == maxResults {
			p.sub(fmt.Sprintf("and %d more results in words in the period", len(list)-maxResults))
			break
		}
		p.bullet(textResultLine(st, p.s.Loc))
	}
}

// onDate is a reading's date in words after "on" ("on 4 Mar 2020"), or "in" for one the
// record dates only by its month or year ("in May 2020", "in 2023").
func onDate(words string, p fhirjson.Precision) string {
	if p == fhirjson.PrecisionYear || p == fhirjson.PrecisionMonth {
		return "in " + words
	}
	return "on " + words
}

// textResultLine is a result in words as the summary says it: "COVID-19 rapid antigen test:
// Negative on 17 Feb 2021 (2 in the period)"; dated as precisely as the record dates it.
func textResultLine(st SummaryText, loc *time.Location) string {
	line := fmt.Sprintf("%s: %s %s", st.Name, st.Text, onDate(st.DateIn(loc), st.Precision))
	if st.Flag != health.FlagNone {
		line += " (" + strings.ToLower(string(st.Flag)) + ")"
	}
	if st.Count > 1 {
		line += fmt.Sprintf(" (%d in the period)", st.Count)
	}
	return line
}

type chartPoint struct {
	t time.Time
	v float64
	// prec is how precisely the record dates it (a month's or a year's reading is never
	// labelled with a day); unknown for points with a whole time.
	prec fhirjson.Precision
	// cmp is the record's comparator of v ("<", ">=", …): an axis end it makes is labelled
	// ">90", as the lab wrote it (F189).
	cmp string
}

// limitLabelOf is the label of an axis end at v drawn from the points of pts (a's, then b's):
// with the comparator the record gives there when every point at v has one ("<40", ">90"),
// else the number.
func limitLabelOf(v float64, pts chartSource) string {
	cmp := ""
	for _, side := range pts.sides() {
		for pt := range pts.side(side) {
			if pt.v != v {
				continue
			}
			if pt.cmp == "" || (cmp != "" && cmp != pt.cmp) {
				return health.Number(v, pts.unit)
			}
			cmp = pt.cmp
		}
	}
	return cmp + health.Number(v, pts.unit)
}

// chartSource is a chart's points, oldest first, made as they are read: n of them, each with
// its second value (b: the diastolic) when pair.
type chartSource struct {
	n    int
	pair bool
	unit string // the values' unit: the axis labels are rounded as the text rounds them
	each func(yield func(a, b chartPoint) bool)
}

// chartSlices is the chart of a and b (nil: no second line).
func chartSlices(a, b []chartPoint) chartSource {
	return chartSource{n: len(a), pair: b != nil, each: func(yield func(a, b chartPoint) bool) {
		for i := range a {
			var pb chartPoint
			if b != nil {
				pb = b[i]
			}
			if !yield(a[i], pb) {
				return
			}
		}
	}}
}

// sides are the lines: 0 (a), and 1 (b) for a pair.
func (c chartSource) sides() []int {
	if c.pair {
		return []int{0, 1}
	}
	return []int{0}
}

// side yields the points of one line.
func (c chartSource) side(i int) iter.Seq[chartPoint] {
	return func(yield func(chartPoint) bool) {
		c.each(func(a, b chartPoint) bool {
			if i == 1 {
				return yield(b)
			}
			return yield(a)
		})
	}
}

// ends are the first and last points of line a.
func (c chartSource) ends() (first, last chartPoint) {
	n := 0
	for pt := range c.side(0) {
		if n == 0 {
			first = pt
		}
		last = pt
		n++
	}
	return first, last
}

// axisEnds are the labels of a chart's first and last times, as precise as the span needs:
// months ("Mar 2025", "Nov 2026"), days when the readings are within two months ("1 Dec
// 2026", "3 Dec 2026"; two readings two days apart read "Dec 2026" at both ends), hours
// within one day; never more precise than the records date the two readings.
func axisEnds(a, b chartPoint, loc *time.Location) (string, string) {
	t0, t1 := a.t.In(loc), b.t.In(loc)
	layout := "Jan 2006"
	switch {
	case a.prec == fhirjson.PrecisionYear || b.prec == fhirjson.PrecisionYear:
		layout = "2006"
	case a.prec == fhirjson.PrecisionMonth || b.prec == fhirjson.PrecisionMonth:
	case t0.Format("2006-01-02") == t1.Format("2006-01-02"):
		layout = "2 Jan 15:04"
	case t1.Sub(t0) < 62*24*time.Hour:
		layout = "2 Jan 2006"
	}
	return t0.Format(layout), t1.Format(layout)
}

// chart draws a small line chart (one or two lines) with its min and max labelled. lo and hi
// fix the value axis (NaN: from the data).
func (p *pdfWriter) chart(a, b []chartPoint, lo, hi float64) {
	p.chartOf(chartSlices(a, b), lo, hi)
}

// chartOf is chart of the points of pts.
func (p *pdfWriter) chartOf(pts chartSource, lo, hi float64) {
	const w, h = 80.0, 22.0
	if pts.n == 0 {
		return
	}
	p.need(h + 6)
	pdf := p.pdf
	x0, y0 := pdf.GetX()+12, pdf.GetY()+1
	minV, maxV := lo, hi
	fromData := math.IsNaN(minV) || math.IsNaN(maxV)
	if fromData {
		minV, maxV = math.Inf(1), math.Inf(-1)
		for _, side := range pts.sides() {
			for pt := range pts.side(side) {
				minV, maxV = math.Min(minV, pt.v), math.Max(maxV, pt.v)
			}
		}
	}
	if math.IsNaN(maxV-minV) || math.IsInf(maxV-minV, 0) {
		return // values no chart can place (Results leaves them out; never draw NaN)
	}
	if maxV-minV < 1e-9 {
		minV, maxV = minV-1, maxV+1
	}
	first, last := pts.ends()
	t0, t1 := first.t, last.t
	xOf, yOf := p.chartFrame(x0, y0, w, h, t0, t1, minV, maxV)
	top, bottom := health.Number(maxV, pts.unit), health.Number(minV, pts.unit)
	if fromData {
		top, bottom = limitLabelOf(maxV, pts), limitLabelOf(minV, pts)
	}
	pdf.CellFormat(11, 3, p.tr(top), "", 0, "R", false, 0, "")
	pdf.SetXY(x0-12, y0+h-2)
	pdf.CellFormat(11, 3, p.tr(bottom), "", 0, "R", false, 0, "")
	pdf.SetXY(x0, y0+h+0.5)
	l0, l1 := axisEnds(first, last, p.s.Loc)
	pdf.CellFormat(w/2, 3, p.tr(l0), "", 0, "L", false, 0, "")
	pdf.CellFormat(w/2, 3, p.tr(l1), "", 0, "R", false, 0, "")
	draw := func(side int, r, g, bl int) {
		pdf.SetDrawColor(r, g, bl)
		pdf.SetFillColor(r, g, bl)
		pdf.SetLineWidth(0.5)
		s := thinEach(pts.side(side), pts.n, func(t time.Time) float64 { return xOf(t) - x0 }, w)
		for i, pt := range s {
			x, y := xOf(pt.t), yOf(pt.v)
			if i > 0 {
				pdf.Line(xOf(s[i-1].t), yOf(s[i-1].v), x, y)
			}
			pdf.Circle(x, y, 0.7, "F")
		}
	}
	draw(0, 20, 90, 160)
	if pts.pair {
		draw(1, 200, 110, 30)
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetXY(pdf.GetX(), y0+h+5)
	pdf.SetX(18)
}

// Charts of up to chartAll points draw each one; a longer series (a watch's heart rate every
// five minutes: 300,000 readings) is drawn by chartColumns columns across the chart's width,
// each by its first, lowest, highest and last point in time order: the same line and dots on
// paper (a column is narrower than a dot), without a PDF of 300,000 circles (12 MB for 100,000,
// and as much memory again to write it).
const (
	chartAll     = 8000
	chartColumns = 1600
)

// thinChart is s (oldest first) as the chart draws it: s itself up to chartAll points, else per
// column of the width w (x: a point's place from the left edge) its first, lowest, highest and
// last point, in time order.
func thinChart(s []chartPoint, x func(time.Time) float64, w float64) []chartPoint {
	if len(s) <= chartAll {
		return s
	}
	return thinEach(slices.Values(s), len(s), x, w)
}

// thinEach is thinChart of the n points seq yields, made as they come (never all held).
func thinEach(seq iter.Seq[chartPoint], n int, x func(time.Time) float64, w float64) []chartPoint {
	if n <= chartAll {
		return slices.AppendSeq(make([]chartPoint, 0, n), seq)
	}
	column := func(pt chartPoint) int { return int(x(pt.t) / w * chartColumns) }
	out := make([]chartPoint, 0, 4*chartColumns+4)
	// the column being read: its first, lowest, highest and last point, by index
	type at struct {
		i  int
		pt chartPoint
	}
	var first, lo, hi, last at
	c, i := 0, 0
	flush := func() {
		keep := []at{first, lo, hi, last}
		slices.SortStableFunc(keep, func(a, b at) int { return a.i - b.i })
		for k, e := range keep {
			if k == 0 || e.i != keep[k-1].i {
				out = append(out, e.pt)
			}
		}
	}
	for pt := range seq {
		if col := column(pt); i == 0 || col != c {
			if i > 0 {
				flush()
			}
			c = col
			first, lo, hi = at{i, pt}, at{i, pt}, at{i, pt}
		} else {
			if pt.v < lo.pt.v {
				lo = at{i, pt}
			}
			if pt.v > hi.pt.v {
				hi = at{i, pt}
			}
		}
		last = at{i, pt}
		i++
	}
	if i > 0 {
		flush()
	}
	return out
}

// chartFrame draws a chart's box at x0, y0 (w × h) and leaves the pen at its top label's place,
// in the labels' font; xOf and yOf place a time between t0 and t1 and a value between minV and
// maxV in it (both summary charts: the dense series' means and the readings).
func (p *pdfWriter) chartFrame(x0, y0, w, h float64, t0, t1 time.Time, minV, maxV float64) (xOf func(time.Time) float64, yOf func(float64) float64) {
	span := t1.Sub(t0).Seconds()
	xOf = func(t time.Time) float64 {
		if span <= 0 {
			return x0 + w/2
		}
		return x0 + w*t.Sub(t0).Seconds()/span
	}
	yOf = func(v float64) float64 { return y0 + h - h*(v-minV)/(maxV-minV) }
	pdf := p.pdf
	pdf.SetDrawColor(180, 180, 180)
	pdf.SetLineWidth(0.2)
	pdf.Rect(x0, y0, w, h, "D")
	pdf.SetFont(pdfFamily, "", 7)
	pdf.SetTextColor(100, 100, 100)
	pdf.SetXY(x0-12, y0-1)
	return xOf, yOf
}
