package app

import (
	"fmt"
	"strings"

	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// billsPage shows the bills as a table per year (date, visit, total, insurer paid, your
// share) with the year's totals, and the insurance coverage; in the household view, each
// person's bills under their name.
type billsPage struct {
	s     *shell
	frame *pageFrame
	box   *fyne.Container
	bills int // bills shown
	years []string
	cover *widget.Label
}

func newBillsPage(s *shell) *billsPage {
	p := &billsPage{s: s, box: container.NewVBox(), cover: lowText("")}
	empty := newEmptyState(theme.DocumentIcon(), lang.L("No bills yet"),
		lang.L("Claims and insurance statements from the records are listed here. Import records from the insurer or a portal."),
		lang.L("Import records"), s.goFiles)
	body := container.NewVScroll(container.NewVBox(p.cover, p.box))
	p.frame = newPageFrame(lang.L("Bills and insurance"), nil, body, empty)
	return p
}

func (p *billsPage) view() fyne.CanvasObject { return p.frame.content }

// money formats an amount with its currency ("$1,234.50").
func money(v float64, cur string) string { return health.MoneyWords(v, cur) }

// personBills is one person's billing.
type personBills struct {
	profile string
	billing health.Billing
}

func (p *billsPage) compute(d *pageData) func() {
	var groups []personBills
	// each person's bills are dated on their clock, as Timeline and Appointments date the
	// visits (F288)
	dev := p.s.u.rem.device()
	if d.profile != "" {
		groups = []personBills{{d.profile, health.Bills(d.set, personZone(d.v, d.profile, dev, d.now).Loc)}}
	} else {
		byPerson := map[string][]health.Resource{}
		for _, r := range d.set.Records {
			byPerson[r.Profile] = append(byPerson[r.Profile], r)
		}
		for _, pr := range d.people {
			if recs := byPerson[pr.ID]; len(recs) > 0 {
				groups = append(groups, personBills{pr.ID, health.Bills(health.NewSet(recs, d.set.Shared), personZone(d.v, pr.ID, dev, d.now).Loc)})
			}
		}
	}
	return func() {
		p.box.RemoveAll()
		p.bills, p.years = 0, nil
		var cover []string
		for _, g := range groups {
			if len(g.billing.Bills) == 0 && len(g.billing.Coverage) == 0 {
				continue
			}
			if d.profile == "" {
				p.box.Add(heading2(d.personName(g.profile)))
			}
			p.addYears(g.billing)
			for _, c := range g.billing.Coverage {
				line := strings.Join(nonEmptyStrings(c.Payor, c.Type, c.Status, dateRange(c.Start, c.End)), " · ")
				cover = append(cover, whose(d, g.profile, line))
			}
		}
		if len(cover) > 0 {
			p.cover.SetText(lang.L("Insurance") + ": " + strings.Join(cover, "\n"))
			p.cover.Show()
		} else {
			p.cover.Hide()
		}
		switch {
		case p.bills > 0:
			p.frame.sub.SetText(count(p.bills, "{{.Count}} bills. Choose one to see the statement."))
		case len(cover) > 0:
			p.frame.sub.SetText(lang.L("No bills yet."))
		default:
			p.frame.sub.SetText("") // the empty state says it ("0 bills. Choose one…" said nothing to choose)
		}
		p.frame.setEmpty(p.bills == 0 && len(cover) == 0)
		p.box.Refresh()
	}
}

// dateRange is "1 Jan 2019 – 31 Dec 2019", or one side of it.
func dateRange(start, end string) string {
	s, e := health.DayWords(start), health.DayWords(end)
	switch {
	case s != "" && e != "":
		return s + " – " + e
	case s != "":
		return lang.L("from") + " " + s
	case e != "":
		return lang.L("until") + " " + e
	}
	return ""
}

// addYears adds a table per year: a header, two lines per bill (the visit, then its date
// and amounts, so the visit is readable however narrow the window), and the year's totals.
func (p *billsPage) addYears(b health.Billing) {
	byYear := map[string][]health.Bill{}
	for _, bill := range b.Bills {
		y := bill.Date
		if len(y) >= 4 {
			y = y[:4]
		}
		byYear[y] = append(byYear[y], bill)
	}
	// Each amount column as wide as its widest heading ("Insurer paid" was cut to
	// "Insurer p…" at every text size), and at least 7 characters.
	amountW := 7 * theme.TextSize()
	for _, h := range billHeadings() {
		// One unit more: at exactly its minimum width a truncating label still cut its last letter.
		amountW = max(amountW, widget.NewLabelWithStyle(h, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}).MinSize().Width+1)
	}
	dateW := 7 * theme.TextSize()
	for _, y := range b.Years {
		bills := byYear[y.Year]
		p.years = append(p.years, y.Year)
		p.box.Add(section(y.Year))
		p.box.Add(billLine(dateW, amountW, lang.L("Date"), billHeadings(), true))
		for _, bill := range bills {
			bill := bill
			p.bills++
			title := bill.Title
			amounts := []string{money(bill.Total, bill.Currency), money(bill.Paid, bill.Currency), bill.ShareWords()}
			if bill.Claim {
				title += " · " + lang.L("claimed, no statement in the records")
				amounts = []string{money(bill.Total, bill.Currency), "–", "–"}
			}
			visit := newTapLabel(title, func() { p.s.showRecord(bill.Key) })
			visit.Truncation = fyne.TextTruncateEllipsis
			visit.Importance = widget.HighImportance // reads as a link
			p.box.Add(container.New(&tightVBox{}, visit, billLine(dateW, amountW, health.DayWords(bill.Date), amounts, false)))
		}
		share := money(y.Share, y.Currency)
		if stated := y.Count - y.ShareUnstated; stated == 0 {
			share = lang.L("not stated")
		}
		p.box.Add(billLine(dateW, amountW, lang.L("Total"), []string{money(y.Total, y.Currency), money(y.Paid, y.Currency), share}, true))
		if y.ShareUnstated > 0 && y.Count > y.ShareUnstated {
			// The total of the shares the statements give; said below, not in a column as wide
			// as 'at least $1,234.56' (F114).
			p.box.Add(lowText(fmt.Sprintf(lang.L("Your share adds up the shares the statements give (not given for %s)."), health.Count(y.ShareUnstated, "bill", ""))))
		}
		p.box.Add(widget.NewSeparator())
	}
}

// billHeadings are the headings of a year's amount columns.
func billHeadings() []string {
	return []string{lang.L("Total"), lang.L("Insurer paid"), lang.L("Your share")}
}

// billLine is one line of a year's table: the date on the left, the amounts in
// right-aligned columns.
func billLine(dateW, amountW float32, date string, amounts []string, bold bool) fyne.CanvasObject {
	style := fyne.TextStyle{Bold: bold}
	var cols []fyne.CanvasObject
	for _, a := range amounts {
		l := widget.NewLabelWithStyle(a, fyne.TextAlignTrailing, style)
		l.Truncation = fyne.TextTruncateEllipsis
		cols = append(cols, container.NewGridWrap(fyne.NewSize(amountW, l.MinSize().Height), l))
	}
	dl := widget.NewLabelWithStyle(date, fyne.TextAlignLeading, style)
	dl.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(dateW, dl.MinSize().Height), dl), container.NewHBox(cols...))
}

// tapLabel is a label that can be tapped (a line of a table that opens its record).
type tapLabel struct {
	widget.Label
	onTap func()
}

func newTapLabel(text string, tap func()) *tapLabel {
	l := &tapLabel{onTap: tap}
	l.Text = text
	l.ExtendBaseWidget(l)
	return l
}

// Tapped runs the label's action.
func (l *tapLabel) Tapped(*fyne.PointEvent) {
	if l.onTap != nil {
		l.onTap()
	}
}

// Cursor is the pointing hand over a label that does something.
func (l *tapLabel) Cursor() desktop.Cursor {
	if l.onTap != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}
