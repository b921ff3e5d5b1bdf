package app

import (
	"fmt"
	"strings"

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

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
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

// showSized shows content in a dialog of at most w×h.
func showSized(win fyne.Window, title string, content fyne.CanvasObject, w, h float32) {
	d := newCustomDialog(title, content, win)
	fitDialog(d, win, w, h)
	d.Show()
}

// fitDialog sizes d to w×h, or smaller to fit inside the window with a margin (1024×600
// tablets, 200 % text).
func fitDialog(d interface{ Resize(fyne.Size) }, win fyne.Window, w, h float32) {
	size := win.Canvas().Size()
	d.Resize(fyne.NewSize(min(size.Width-40, w), min(size.Height-40, h)))
}
