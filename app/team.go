package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// teamPage lists the contacts the person added (their GP, pharmacy, …) and the
// practitioners and organisations in the records, with readable phone numbers; a contact's
// page has tel: and mailto: links.
type teamPage struct {
	s     *shell
	frame *pageFrame
	list  *rowList
	addBt *widget.Button
	add   *contactDialog // the last one opened
	shown fyne.CanvasObject
}

func newTeamPage(s *shell) *teamPage {
	p := &teamPage{s: s, list: newRowList()}
	p.addBt = widget.NewButtonWithIcon(lang.L("Add a contact…"), theme.ContentAddIcon(), p.openAdd)
	empty := newEmptyState(theme.AccountIcon(), lang.L("No care team yet"),
		lang.L("Add the GP, the pharmacy and other contacts with “Add a contact…” above. The doctors and clinics in the records are listed here too with their contact details."),
		lang.L("Add a contact…"), p.openAdd)
	p.frame = newPageFrame(lang.L("Care team"), container.NewVBox(p.addBt), p.list.wrapRows(), empty)
	return p
}

func (p *teamPage) view() fyne.CanvasObject { return p.frame.content }

// teamContact is a contact of one person.
type teamContact struct {
	profile string
	own     bool
	health.Contact
}

func (p *teamPage) compute(d *pageData) func() {
	var team []teamContact
	byPerson := map[string][]health.Resource{}
	for _, r := range d.set.Records {
		byPerson[r.Profile] = append(byPerson[r.Profile], r)
	}
	for _, pr := range d.people {
		if d.profile != "" && pr.ID != d.profile {
			continue
		}
		set := health.NewSet(byPerson[pr.ID], d.set.Shared)
		for _, c := range health.OwnContacts(set) {
			team = append(team, teamContact{pr.ID, true, c})
		}
		// a contact's last visit is on the person's clock, as Timeline dates it (F288)
		for _, c := range health.CareTeam(set, personZone(d.v, pr.ID, p.s.u.rem.device(), d.now).Loc) {
			team = append(team, teamContact{pr.ID, false, c})
		}
	}
	var rows []row
	for _, c := range team {
		c := c
		role := c.Role
		if role == "" {
			role = map[string]string{"Practitioner": lang.L("Practitioner"), "Organization": lang.L("Clinic or hospital")}[c.Kind]
		}
		if c.own {
			role = lang.L(role) + " (" + lang.L("added by you") + ")"
		}
		sub := strings.Join(nonEmptyStrings(role, health.PhoneWords(c.Phone), c.Email, c.Address), " · ")
		if c.Named {
			sub = role + " · " + lang.L("named in the records, no contact details")
		}
		right := ""
		if len(c.Visits) > 0 {
			right = count(len(c.Visits), "{{.Count}} visits", nil) + ", " + lang.L("last") + " " + health.DayWords(c.Last)
		}
		icon := theme.AccountIcon()
		if c.Kind == "Organization" {
			icon = theme.HomeIcon()
		}
		rows = append(rows, row{Title: whose(d, c.profile, c.Name), Sub: sub, Right: right, Icon: icon, OnTap: func() { p.showContact(c.Contact) }})
	}
	return func() {
		p.frame.sub.SetText(count(len(team), "{{.Count}} contacts. Choose one for their phone, email and visits.", nil))
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
	}
}

// contactLinks are a contact's phone (tel:), email (mailto:) and address.
func contactLinks(c health.Contact) *widget.Form {
	info := widget.NewForm()
	if c.Phone != "" {
		var o fyne.CanvasObject = widget.NewLabel(health.PhoneWords(c.Phone))
		if u, err := url.Parse(health.PhoneURI(c.Phone)); err == nil && u.Scheme == "tel" {
			o = widget.NewHyperlink(health.PhoneWords(c.Phone), u)
		}
		info.Append(lang.L("Phone"), o)
	}
	if c.Email != "" {
		var o fyne.CanvasObject = widget.NewLabel(c.Email)
		if strings.Contains(c.Email, "@") {
			o = widget.NewHyperlink(c.Email, &url.URL{Scheme: "mailto", Opaque: c.Email})
		}
		info.Append(lang.L("Email"), o)
	}
	if c.Address != "" {
		l := widget.NewLabel(c.Address)
		l.Selectable = true
		l.Wrapping = fyne.TextWrapWord
		info.Append(lang.L("Address"), l)
	}
	return info
}

// showContact shows a contact's details and visits; each visit opens its record.
func (p *teamPage) showContact(c health.Contact) {
	visits := newRowList()
	var rows []row
	for _, v := range c.Visits {
		k := v.Key
		rows = append(rows, row{Title: v.Title, Sub: v.Place, Right: health.DateWords(v.Start.Local()), Icon: theme.HistoryIcon(),
			OnTap: func() { p.s.showRecord(k) }})
	}
	visits.set(rows)
	content := container.NewBorder(contactLinks(c), nil, nil, nil, visits.list)
	p.shown = content
	showSized(p.s.u.win, c.Name, content, 640, 480)
}

// contactDialog adds a contact of the person's own.
type contactDialog struct {
	dialog                      *formDialog
	person, role                *widget.Select
	name, phone, email, address *widget.Entry
}

func (p *teamPage) openAdd() {
	s := p.s
	s.u.auto.poke()
	if len(s.people) == 0 {
		dialog.NewInformation(lang.L("Add a person first"), lang.L("Add the person whose contact it is on the People screen."), s.u.win).Show()
		return
	}
	d := &contactDialog{name: widget.NewEntry(), phone: widget.NewEntry(), email: widget.NewEntry(), address: widget.NewMultiLineEntry()}
	names, roles := personLabels(s.people), []string(nil)
	for _, r := range health.OwnContactRoles {
		roles = append(roles, lang.L(r.Role))
	}
	d.person = widget.NewSelect(names, nil)
	d.person.SetSelectedIndex(0)
	for i, pr := range s.people {
		if pr.ID == s.profile {
			d.person.SetSelectedIndex(i)
		}
	}
	d.role = widget.NewSelect(roles, nil)
	d.role.SetSelectedIndex(0)
	d.name.SetPlaceHolder(lang.L("e.g. Dr Rivera, or Corner Pharmacy"))
	d.name.Validator = func(t string) error {
		if strings.TrimSpace(t) == "" {
			return errors.New(lang.L("a name is needed"))
		}
		return nil
	}
	d.phone.SetPlaceHolder(lang.L("(optional)"))
	d.phone.Validator = func(t string) error {
		if strings.TrimSpace(t) != "" && health.PhoneURI(t) == "" {
			return errors.New(lang.L("a phone number, e.g. 555-123-4567"))
		}
		return nil
	}
	d.email.SetPlaceHolder(lang.L("(optional)"))
	d.email.Validator = func(t string) error {
		if t = strings.TrimSpace(t); t != "" && (!strings.Contains(t, "@") || strings.ContainsAny(t, " \t")) {
			return errors.New(lang.L("an email address, e.g. name@example.org"))
		}
		return nil
	}
	d.address.SetPlaceHolder(lang.L("(optional)"))
	d.address.SetMinRowsVisible(2)
	d.dialog = newFormDialog(lang.L("Add a contact"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Person"), boxed(d.person, nil)),
		widget.NewFormItem(lang.L("Who"), boxed(d.role, nil)),
		widget.NewFormItem(lang.L("Name"), d.name),
		widget.NewFormItem(lang.L("Phone"), d.phone),
		widget.NewFormItem(lang.L("Email"), d.email),
		widget.NewFormItem(lang.L("Address"), d.address),
	}, func(ok bool) { p.onAddClosed(d, ok) }, s.u.win)
	fitForm(d.dialog, s.u.win, 520)
	p.add = d
	d.dialog.Show()
	s.u.win.Canvas().Focus(d.name)
}

func (p *teamPage) onAddClosed(d *contactDialog, ok bool) {
	s := p.s
	if !ok || !s.isCurrent() || d.person.SelectedIndex() < 0 || d.role.SelectedIndex() < 0 {
		return
	}
	profile := s.people[d.person.SelectedIndex()].ID
	role := health.OwnContactRoles[d.role.SelectedIndex()]
	id := fmt.Sprintf("contact-%d", time.Now().UnixNano())
	js := health.OwnContactJSON(id, role.Role, d.name.Text, d.phone.Text, d.email.Text, d.address.Text)
	v, ctx := s.v, s.u.ctx
	var err error
	s.u.goVault(func() { err = saveOwnRecord(ctx, v, profile, role.Type, id, js) }, func() {
		if err != nil {
			showError(s.u.win, lang.L("Could not add the contact"), err)
			return
		}
		s.load()
	})
}

// saveOwnRecord writes a record the person entered (the app's own source), durably.
func saveOwnRecord(ctx context.Context, v *storage.Vault, profile, typ, id string, js []byte) error {
	rec, err := storage.NewRecord(profile, storage.ID{Source: storage.AppSource, Type: typ, ID: id}, js)
	if err != nil {
		return err
	}
	_, err = v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}, Now: time.Now(), Durable: true})
	return err
}
