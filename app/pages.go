package app

import (
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/health"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// whose prefixes a line with the person's name in the household view.
func whose(d *pageData, profile, text string) string {
	if d.profile != "" {
		return text
	}
	if n := d.personName(profile); n != "" {
		return n + " · " + text
	}
	return text
}

// profileOf is the person a record belongs to.
func profileOf(set *health.Set, k health.Key) string {
	if r := set.Get(k); r != nil {
		return r.Profile
	}
	return ""
}

// Today.

// todayPage is the day at a glance: medicines being taken, the next appointments, the
// latest blood pressure, and (when the reminder engine lands) doses due.
type todayPage struct {
	s     *shell
	frame *pageFrame
	box   *fyne.Container
}

func newTodayPage(s *shell) *todayPage {
	p := &todayPage{s: s, box: container.NewVBox()}
	empty := newEmptyState(theme.HomeIcon(), lang.L("Nothing here yet"),
		lang.L("Import the health records you downloaded from a patient portal, or connect a portal, and your medicines and appointments appear here."),
		lang.L("Import records"), s.goFiles)
	p.frame = newPageFrame(lang.L("Today"), nil, container.NewVScroll(p.box), empty)
	return p
}

func (p *todayPage) view() fyne.CanvasObject { return p.frame.content }

// todayView is what Today shows for one person.
type todayView struct {
	name      string
	meds      []health.Medication
	upcoming  []health.Appointment
	lastVisit *health.Appointment
	bp        *health.Series
}

func (p *todayPage) compute(d *pageData) func() {
	var views []todayView
	profiles := []string{d.profile}
	if d.profile == "" {
		profiles = profiles[:0]
		for _, pp := range d.people {
			profiles = append(profiles, pp.ID)
		}
	}
	for _, prof := range profiles {
		set := d.set
		if d.profile == "" {
			var mine []health.Resource
			for _, r := range d.set.Records {
				if r.Profile == prof {
					mine = append(mine, r)
				}
			}
			set = health.NewSet(mine, d.set.Shared)
		}
		v := todayView{name: d.personName(prof)}
		v.meds, _ = health.Medications(set)
		var past []health.Appointment
		v.upcoming, past = health.Appointments(set, d.now)
		if len(past) > 0 {
			v.lastVisit = &past[0]
		}
		for _, se := range health.Results(set) {
			if se.Pair {
				v.bp = se
			}
		}
		views = append(views, v)
	}
	total := len(d.set.Records)
	return func() {
		p.box.RemoveAll()
		p.frame.sub.SetText(d.now.Format("Monday 2 January 2006"))
		p.frame.setEmpty(total == 0)
		for _, v := range views {
			if d.profile == "" {
				p.box.Add(heading2(v.name))
			}
			p.box.Add(p.card(v, d))
		}
		p.box.Refresh()
	}
}

func (p *todayPage) card(v todayView, d *pageData) fyne.CanvasObject {
	box := container.NewVBox()
	box.Add(section(lang.L("Doses due")))
	box.Add(lowText(lang.L("Dose reminders will appear here once you set times for a medicine.")))
	box.Add(section(lang.L("Medicines being taken")))
	if len(v.meds) == 0 {
		box.Add(lowText(lang.L("No current medicines in the records.")))
	}
	for _, m := range v.meds {
		line := m.Name
		if m.Dosage != "" {
			line += " — " + m.Dosage
		}
		b := linkButton(line, theme.ListIcon(), func() { p.s.show(scMeds) })
		box.Add(b)
	}
	box.Add(section(lang.L("Next appointments")))
	if len(v.upcoming) == 0 {
		box.Add(lowText(lang.L("No appointments planned.")))
	}
	for i, a := range v.upcoming {
		if i == 3 {
			break
		}
		line := a.Start.Local().Format("Mon 2 Jan 15:04") + " · " + a.Title
		if a.Place != "" {
			line += " · " + a.Place
		}
		box.Add(linkButton(line, theme.CalendarIcon(), func() { p.s.show(scAppts) }))
		if a.Notes != "" {
			box.Add(lowText(lang.L("Preparation") + ": " + a.Notes))
		}
	}
	if v.lastVisit != nil {
		box.Add(lowText(lang.L("Last visit") + ": " + v.lastVisit.Start.Local().Format("2 Jan 2006") + " · " + v.lastVisit.Title))
	}
	if v.bp != nil {
		box.Add(section(lang.L("Latest blood pressure")))
		l := v.bp.Latest()
		line := fmt.Sprintf("%s / %s mmHg · %s", health.FormatNumber(l.V), health.FormatNumber(l.V2), l.T.Local().Format("2 Jan 2006"))
		box.Add(linkButton(line, theme.GridIcon(), func() { p.s.show(scResults) }))
	}
	return widget.NewCard("", "", box)
}

// lowText is a quiet, wrapping line.
func lowText(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// linkButton is a flat, left-aligned button that reads like a line of text.
func linkButton(text string, icon fyne.Resource, tap func()) *widget.Button {
	b := widget.NewButtonWithIcon(text, icon, tap)
	b.Importance = widget.LowImportance
	b.Alignment = widget.ButtonAlignLeading
	return b
}

// Medicines.

type medsPage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
	rows  []row
}

func newMedsPage(s *shell) *medsPage {
	p := &medsPage{s: s, list: newRowList()}
	empty := newEmptyState(theme.ListIcon(), lang.L("No medicines yet"),
		lang.L("Medicines come from your prescriptions in the records. Import records from a portal or a file."),
		lang.L("Import records"), s.goFiles)
	p.frame = newPageFrame(lang.L("Medicines"), nil, p.list.list, empty)
	return p
}

func (p *medsPage) view() fyne.CanvasObject { return p.frame.content }

func (p *medsPage) compute(d *pageData) func() {
	active, past := health.Medications(d.set)
	var rows []row
	add := func(m health.Medication, current bool) {
		state := lang.L("Taking")
		if !current {
			state = lang.L("Stopped")
			if m.Status != "" && m.Status != "stopped" {
				state = strings.ToUpper(m.Status[:1]) + m.Status[1:]
			}
		}
		sub := state
		if m.Dosage != "" {
			sub += " · " + m.Dosage
		}
		if m.Reason != "" {
			sub += " · " + lang.L("for") + " " + m.Reason
		}
		sub += " · " + lang.L("from") + " " + strings.Join(m.Sources, ", ")
		if m.Differs {
			sub = lang.L(m.Difference) + " · " + sub
		}
		right := m.Started
		if m.Last != m.Started {
			right += " – " + m.Last
		}
		k := m.Records[0]
		icon := theme.ConfirmIcon()
		if !current {
			icon = theme.HistoryIcon()
		}
		rows = append(rows, row{Title: whose(d, profileOf(d.set, k), m.Name), Sub: sub, Right: right, Icon: icon, Warn: m.Differs,
			OnTap: func() { p.s.showRecord(k) }})
	}
	for _, m := range active {
		add(m, true)
	}
	for _, m := range past {
		add(m, false)
	}
	return func() {
		p.rows = rows
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d being taken, %d in the past. Reminder times come with the reminder settings."), len(active), len(past)))
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
	}
}

// Appointments.

type apptsPage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
}

func newApptsPage(s *shell) *apptsPage {
	p := &apptsPage{s: s, list: newRowList()}
	empty := newEmptyState(theme.CalendarIcon(), lang.L("No appointments or visits yet"),
		lang.L("Visits from your records are listed here as history. Import records from a portal or a file."),
		lang.L("Import records"), s.goFiles)
	p.frame = newPageFrame(lang.L("Appointments"), nil, p.list.list, empty)
	return p
}

func (p *apptsPage) view() fyne.CanvasObject { return p.frame.content }

func (p *apptsPage) compute(d *pageData) func() {
	upcoming, past := health.Appointments(d.set, d.now)
	var rows []row
	add := func(a health.Appointment, soon bool) {
		sub := strings.Join(nonEmptyStrings(a.Place, a.With, a.Notes), " · ")
		icon := theme.HistoryIcon()
		if soon {
			icon = theme.CalendarIcon()
		}
		k := a.Key
		rows = append(rows, row{Title: whose(d, profileOf(d.set, k), a.Title), Sub: sub, Right: a.Start.Local().Format("2006-01-02 15:04"),
			Icon: icon, OnTap: func() { p.s.showRecord(k) }})
	}
	for _, a := range upcoming {
		add(a, true)
	}
	for _, a := range past {
		add(a, false)
	}
	return func() {
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d upcoming, %d past visits."), len(upcoming), len(past)))
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
	}
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Conditions.

type conditionsPage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
	// openGuide opens the guide for a condition; the journey issue sets it. Nil: the
	// condition's record opens instead.
	openGuide func(c health.Condition)
}

func newConditionsPage(s *shell) *conditionsPage {
	p := &conditionsPage{s: s, list: newRowList()}
	empty := newEmptyState(theme.InfoIcon(), lang.L("No conditions in the records"),
		lang.L("Diagnoses from your records are listed here. Import records from a portal or a file."),
		lang.L("Import records"), s.goFiles)
	p.frame = newPageFrame(lang.L("Conditions"), nil, p.list.list, empty)
	return p
}

func (p *conditionsPage) view() fyne.CanvasObject { return p.frame.content }

func (p *conditionsPage) compute(d *pageData) func() {
	current, past := health.Conditions(d.set)
	var rows []row
	for _, group := range []struct {
		list []health.Condition
		cur  bool
	}{{current, true}, {past, false}} {
		for _, c := range group.list {
			c := c
			sub := lang.L("Current") + " · " + lang.L("since") + " " + c.Onset
			icon := theme.ErrorIcon()
			if !group.cur {
				sub = lang.L("Past") + " · " + c.Onset
				if c.Abated != "" {
					sub += " – " + c.Abated
				}
				icon = theme.ConfirmIcon()
			}
			sub += " · " + lang.L("from") + " " + c.Origin
			rows = append(rows, row{Title: whose(d, profileOf(d.set, c.Key), c.Name), Sub: sub, Icon: icon, OnTap: func() {
				if p.openGuide != nil {
					p.openGuide(c)
					return
				}
				p.s.showRecord(c.Key)
			}})
		}
	}
	return func() {
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d current, %d past."), len(current), len(past)))
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
	}
}

// Care team.

type teamPage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
}

func newTeamPage(s *shell) *teamPage {
	p := &teamPage{s: s, list: newRowList()}
	empty := newEmptyState(theme.AccountIcon(), lang.L("No care team yet"),
		lang.L("The doctors and clinics in your records are listed here with their contact details. Import records from a portal or a file."),
		lang.L("Import records"), s.goFiles)
	p.frame = newPageFrame(lang.L("Care team"), nil, p.list.list, empty)
	return p
}

func (p *teamPage) view() fyne.CanvasObject { return p.frame.content }

func (p *teamPage) compute(d *pageData) func() {
	team := health.CareTeam(d.set)
	var rows []row
	for _, c := range team {
		c := c
		role := c.Role
		if role == "" {
			role = map[string]string{"Practitioner": lang.L("Practitioner"), "Organization": lang.L("Clinic or hospital")}[c.Kind]
		}
		sub := strings.Join(nonEmptyStrings(role, c.Phone, c.Email, c.Address), " · ")
		right := ""
		if len(c.Visits) > 0 {
			right = fmt.Sprintf(lang.L("%d visits, last %s"), len(c.Visits), c.Last)
		}
		icon := theme.AccountIcon()
		if c.Kind == "Organization" {
			icon = theme.HomeIcon()
		}
		rows = append(rows, row{Title: c.Name, Sub: sub, Right: right, Icon: icon, OnTap: func() { p.showContact(c) }})
	}
	return func() {
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d practitioners and organisations."), len(team)))
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
	}
}

// showContact lists a contact's visits; each opens its record.
func (p *teamPage) showContact(c health.Contact) {
	visits := newRowList()
	var rows []row
	for _, v := range c.Visits {
		k := v.Key
		rows = append(rows, row{Title: v.Title, Sub: v.Place, Right: v.Start.Local().Format("2006-01-02"), Icon: theme.HistoryIcon(),
			OnTap: func() { p.s.showRecord(k) }})
	}
	visits.set(rows)
	info := widget.NewForm()
	for _, f := range [][2]string{{lang.L("Phone"), c.Phone}, {lang.L("Email"), c.Email}, {lang.L("Address"), c.Address}} {
		if f[1] != "" {
			l := widget.NewLabel(f[1])
			l.Selectable = true
			info.Append(f[0], l)
		}
	}
	content := container.NewBorder(info, nil, nil, nil, visits.list)
	showSized(p.s.u.win, c.Name, content, 640, 480)
}

// Bills.

type billsPage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
	years *widget.Label
	cover *widget.Label
}

func newBillsPage(s *shell) *billsPage {
	p := &billsPage{s: s, list: newRowList(), years: widget.NewLabel(""), cover: widget.NewLabel("")}
	p.years.Wrapping = fyne.TextWrapWord
	p.cover.Wrapping = fyne.TextWrapWord
	empty := newEmptyState(theme.DocumentIcon(), lang.L("No bills yet"),
		lang.L("Claims and insurance statements from your records are listed here. Import records from your insurer or a portal."),
		lang.L("Import records"), s.goFiles)
	body := container.NewBorder(container.NewVBox(section(lang.L("Totals per year")), p.years, p.cover, section(lang.L("Bills"))), nil, nil, nil, p.list.list)
	p.frame = newPageFrame(lang.L("Bills and insurance"), nil, body, empty)
	return p
}

func (p *billsPage) view() fyne.CanvasObject { return p.frame.content }

// money formats an amount with its currency.
func money(v float64, cur string) string {
	if cur == "" || cur == "USD" {
		return fmt.Sprintf("$%.2f", v)
	}
	return fmt.Sprintf("%.2f %s", v, cur)
}

func (p *billsPage) compute(d *pageData) func() {
	b := health.Bills(d.set)
	var rows []row
	for _, bill := range b.Bills {
		k := bill.Key
		sub := fmt.Sprintf(lang.L("Total %s · insurer paid %s · your share %s"), money(bill.Total, bill.Currency), money(bill.Paid, bill.Currency), money(bill.Share, bill.Currency))
		if bill.Claim {
			sub = fmt.Sprintf(lang.L("Claimed %s · no statement yet"), money(bill.Total, bill.Currency))
		}
		if bill.Insurer != "" {
			sub += " · " + bill.Insurer
		}
		rows = append(rows, row{Title: whose(d, profileOf(d.set, k), bill.Title), Sub: sub, Right: bill.Date, Icon: theme.DocumentIcon(),
			OnTap: func() { p.s.showRecord(k) }})
	}
	var years []string
	for _, y := range b.Years {
		years = append(years, fmt.Sprintf(lang.L("%s: %d bills, total %s, insurer paid %s, your share %s"), y.Year, y.Count,
			money(y.Total, y.Currency), money(y.Paid, y.Currency), money(y.Share, y.Currency)))
	}
	var cover []string
	for _, c := range b.Coverage {
		cover = append(cover, strings.Join(nonEmptyStrings(c.Payor, c.Type, c.Status, c.Start+" – "+c.End), " · "))
	}
	return func() {
		p.frame.sub.SetText(fmt.Sprintf(lang.L("%d bills."), len(rows)))
		p.years.SetText(strings.Join(years, "\n"))
		if len(cover) > 0 {
			p.cover.SetText(lang.L("Insurance") + ": " + strings.Join(cover, "\n"))
			p.cover.Show()
		} else {
			p.cover.Hide()
		}
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
	}
}

// showSized shows content in a dialog of at most w×h.
func showSized(win fyne.Window, title string, content fyne.CanvasObject, w, h float32) {
	d := newCustomDialog(title, content, win)
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(size.Width-40, w), min(size.Height-40, h)))
	d.Show()
}

var _ = time.Now
