package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// apptsPage lists upcoming appointments and past visits; the person adds and edits their own
// appointments (with reminder offsets and preparation notes) and exports upcoming ones to a
// calendar file.
type apptsPage struct {
	s        *shell
	frame    *pageFrame
	list     *rowList
	addBt    *widget.Button
	exportBt *widget.Button
	upcoming []health.Appointment
	edit     *apptEditor
}

func newApptsPage(s *shell) *apptsPage {
	p := &apptsPage{s: s, list: newRowList()}
	p.addBt = widget.NewButtonWithIcon(lang.L("Add appointment…"), theme.ContentAddIcon(), func() { p.openEditor(nil) })
	p.exportBt = widget.NewButtonWithIcon(lang.L("Export upcoming…"), theme.DocumentSaveIcon(), func() { p.onExport("") })
	empty := newEmptyState(theme.CalendarIcon(), lang.L("No appointments or visits yet"),
		lang.L("Add an appointment to be reminded the day before and 2 hours before. Visits from the records are listed here as history."),
		lang.L("Add appointment…"), func() { p.openEditor(nil) })
	// the two buttons wrap onto two rows when narrow: side by side at 150 % they were wider than
	// a 1024×600 screen at FYNE_SCALE=2 and "Export upcoming…" was cut (F503)
	p.frame = newPageFrame(lang.L("Appointments"), container.NewVBox(newFlow(p.addBt, p.exportBt)), p.list.wrapRows(), empty)
	return p
}

func (p *apptsPage) view() fyne.CanvasObject { return p.frame.content }

func (p *apptsPage) compute(d *pageData) func() {
	now := p.s.u.rem.now()
	zones := zonesOf(d, p.s.u.rem.device())
	// a death given as a day alone ends at the end of that day on the person's clock (F465)
	upcoming, past, afterDeath := health.AppointmentsOn(d.set, now, func(profile string) *time.Location {
		return zoneIn(zones, profile, p.s.u.rem.device()).Loc
	})
	// Each appointment on its person's clock (remind.Zone), as Today and `today` say it: the
	// zone named, and this computer's time beside it, while the two differ.
	dev := p.s.u.rem.device()
	zoneOf := func(string) remind.Zone { return remind.Zone{Loc: dev, Device: dev} }
	homes := map[string]*time.Location{} // while a person follows this computer's clock (F523)
	for id := range zones {
		homes[id] = remind.HomeAway(d.v, id, dev, now)
	}
	// The reminders' view fills in what the records' view leaves out (the place of an
	// appointment the person added is a contained Location).
	// A record's time of day the person's clocks skip, said as Today says it (F535):
	// "the record says 02:30 on 14 Mar 2027, a time the clocks skip that night …".
	skipped := map[health.Key]string{}
	if m, err := remind.Load(d.ctx, d.v, remind.LoadOptions{Device: dev, Now: now}); err == nil {
		zoneOf = m.Zone
		for _, ra := range m.Appts {
			if w := ra.SkippedWords(m.Zone(ra.Profile).Loc); w != "" {
				skipped[health.Key{Source: ra.ID.Source, Type: ra.ID.Type, ID: ra.ID.ID}] = w
			}
		}
		for i := range upcoming {
			a := &upcoming[i]
			for _, ra := range m.Appts {
				if ra.ID.Source == a.Key.Source && ra.ID.ID == a.Key.ID && ra.ID.Type == a.Key.Type {
					if a.Place == "" {
						a.Place = ra.Location
					}
					if a.Notes == "" {
						a.Notes = ra.Note
					}
				}
			}
		}
	}
	var rows []row
	// status is what the row says first of one that did not take place: "booked for after the
	// death", "cancelled", "booked, not marked as attended" (F66).
	add := func(a health.Appointment, soon bool, status string) {
		z := remind.AppointmentZone(zoneOf(profileOf(d.set, a.Key)), homes[profileOf(d.set, a.Key)], a.Start)
		sub := strings.Join(nonEmptyStrings(status, z.Here(a.Start), skipped[a.Key], a.Place, a.With, a.Notes), " · ")
		icon := theme.HistoryIcon()
		if status != "" {
			icon = theme.CancelIcon()
		}
		if soon {
			icon = theme.CalendarIcon()
			if a.Key.Source == storage.AppSource {
				sub = strings.Join(nonEmptyStrings(lang.L("added by you"), sub), " · ")
			}
		}
		rows = append(rows, row{Title: whose(d, profileOf(d.set, a.Key), a.Title), Sub: sub, Right: z.At(a.Start),
			Icon: icon, Warn: skipped[a.Key] != "", OnTap: func() { p.onAppointment(a, z, soon, skipped[a.Key]) }})
	}
	death := d.shownDeath() // no appointments to add for a person who died
	for _, a := range upcoming {
		add(a, true, a.StatusWords(now)) // "not confirmed yet" for a proposed one (F337)
	}
	// An appointment booked for after the death is neither upcoming (no reminder, edit or
	// export) nor a past visit, whenever its date: it is shown as the booking it was, below
	// the living's upcoming ones — above them, Everyone's list opened with a dead father's
	// January visits, read as his son's (F475).
	for _, a := range afterDeath {
		add(a, false, lang.L("booked for after the death"))
	}
	visits := 0 // the past ones that took place
	for _, a := range past {
		add(a, false, a.StatusWords(now))
		if a.Happened {
			visits++
		}
	}
	return func() {
		p.upcoming = upcoming
		sub := count(visits, "{{.Upcoming}} upcoming, {{.Count}} past visits. Choose an appointment to edit or export it.", map[string]any{"Upcoming": len(upcoming)})
		if len(afterDeath) > 0 {
			// Everyone's: "3 upcoming, 0 past visits, 2 booked for after a death. …"
			sub = count(visits, "{{.Upcoming}} upcoming, {{.Count}} past visits, {{.After}} booked for after a death. Choose an appointment to edit or export it.",
				map[string]any{"Upcoming": len(upcoming), "After": len(afterDeath)})
		}
		p.frame.sub.SetText(sub)
		p.addBt.Show()
		p.exportBt.Show()
		if death.Deceased {
			// Nothing is upcoming for a person who died: nothing to add or to export.
			// "1 past visit, 1 booked for after the death. Died 14 Feb 2019."
			words := lang.L("No past visits")
			if visits > 0 {
				words = count(visits, "{{.Count}} past visits")
			}
			if len(afterDeath) > 0 {
				words += ", " + fmt.Sprintf(lang.L("%d booked for after the death"), len(afterDeath))
			}
			p.frame.sub.SetText(words + ". " + death.Words() + ".")
			p.addBt.Hide()
			p.exportBt.Hide()
		}
		p.list.set(rows)
		p.frame.setEmpty(len(rows) == 0)
		if len(upcoming) == 0 {
			p.exportBt.Disable()
		} else {
			p.exportBt.Enable()
		}
	}
}

// onAppointment opens one: the person's own upcoming ones in the editor; others show their
// record, with an export button when upcoming.
// skipped says a time of day the record gives that the person's clocks skip (F535), "".
func (p *apptsPage) onAppointment(a health.Appointment, z remind.Zone, upcoming bool, skipped string) {
	switch {
	case upcoming && a.Key.Source == storage.AppSource:
		p.openEditor(&a)
	case upcoming:
		ref := a.Key.Type + "/" + a.Key.ID
		k := a.Key
		// "01:30 EST" on the hour the clocks say twice, as health.DateWallClock says it
		when := a.Start.In(z.Loc).Format("Monday 2 January 2006, ") + health.WallClock(a.Start, z.Loc)
		if here := z.Here(a.Start); here != "" {
			when += " " + z.Name(a.Start) + " (" + here + ")"
		}
		text := strings.Join(nonEmptyStrings(when, sentence(skipped), a.Place, a.With, lang.L("Preparation")+": "+a.Notes), "\n")
		if a.Notes == "" {
			text = strings.Join(nonEmptyStrings(when, sentence(skipped), a.Place, a.With), "\n")
		}
		content := container.NewVBox(paragraph(text), container.NewHBox(
			widget.NewButtonWithIcon(lang.L("Export to calendar…"), theme.DocumentSaveIcon(), func() { p.onExport(ref) }),
			widget.NewButtonWithIcon(lang.L("Show the record"), theme.DocumentIcon(), func() { p.s.showRecord(k) }),
		))
		showSized(p.s.u.win, a.Title, content, 560, 320)
	default:
		p.s.showRecord(a.Key)
	}
}

// Offsets offered for appointment reminders, in minutes before the start.
var apptOffsets = []struct {
	min   int
	label string
}{{7 * 24 * 60, "1 week before"}, {24 * 60, "1 day before"}, {120, "2 hours before"}, {60, "1 hour before"}, {30, "30 minutes before"}}

// apptEditor adds or edits the person's own appointment.
type apptEditor struct {
	orig    *health.Appointment // nil: a new one
	dialog  *formDialog
	form    *widget.Form
	need    *widget.Label // what is still missing or unreadable, in one line (F219)
	person  *widget.Select
	title   *widget.Entry
	date    *widget.DateEntry   // picked from a calendar
	clock   *widget.SelectEntry // picked from the quarter hours
	minutes *widget.Entry
	place   *widget.Entry
	note    *widget.Entry
	offsets []*widget.Check
	people  []storage.Profile  // the person choice's people, in its order
	zone    func() remind.Zone // the chosen person's clock
}

// livingPeople are the people who have not died, with their labels (personLabels: told apart
// from another of the same name): the people a new appointment, measurement or medicine of
// one's own can be for. Add measurement and Add a medicine by hand (then "Add my own medicine") offered Wendell, who died in
// 2018, and saved a blood pressure of today for him (F243); Add appointment left him out (F59).
func (s *shell) livingPeople() (people []storage.Profile, labels []string) {
	all := personLabels(s.people)
	for i, pr := range s.people {
		if !s.deaths[pr.ID].Deceased {
			people, labels = append(people, pr), append(labels, all[i])
		}
	}
	return people, labels
}

// changeablePeople are the living people this computer may change (livingPeople less those it
// may only view, or whose share was withdrawn), with their labels: Add measurement offered a
// father the laptop only views, then said "Could not save the measurement — This computer may
// only view this person" after the values were typed (F567 item 1). viewOnly: living people
// left out.
func (s *shell) changeablePeople() (people []storage.Profile, labels []string, viewOnly int) {
	living, names := s.livingPeople()
	for i, pr := range living {
		if _, gone := s.v.NotShared(pr.ID); s.v.ViewOnly(pr.ID) || gone {
			viewOnly++
			continue
		}
		people, labels = append(people, pr), append(labels, names[i])
	}
	return people, labels, viewOnly
}

// onlyViewedHere says why an Add dialog does not open when every living person here is one
// this computer may only view. words: the sentence saying it.
func (s *shell) onlyViewedHere(words string) {
	dialog.NewInformation(lang.L("Only viewed on this computer"), words, s.u.win).Show()
}

// openEditor adds an appointment (orig nil) or edits one the person added.
func (p *apptsPage) openEditor(orig *health.Appointment) {
	s := p.s
	s.u.auto.poke()
	// A new appointment is for someone living: the list offered the Joseph Brennan who died in
	// 2019 beside the living one, without saying so (F59).
	people, names := s.people, personLabels(s.people)
	viewOnly := 0
	if orig == nil {
		people, names, viewOnly = s.changeablePeople()
	}
	if len(people) == 0 {
		if viewOnly > 0 {
			s.onlyViewedHere(lang.L("This computer may only view the people here, so it cannot add their appointments. Add them on a computer that manages them."))
			return
		}
		dialog.NewInformation(lang.L("Add a person first"), lang.L("Add the person the appointment is for on the People screen."), s.u.win).Show()
		return
	}
	e := &apptEditor{orig: orig, title: widget.NewEntry(), date: newDatePicker(time.Time{}), clock: newTimePicker(time.Time{}), minutes: widget.NewEntry(),
		place: widget.NewEntry(), note: widget.NewMultiLineEntry(), people: people}
	e.person = widget.NewSelect(names, nil)
	chosen := s.profile
	if orig != nil {
		chosen = profileOf(s.set, orig.Key)
	}
	e.person.SetSelectedIndex(0)
	for i, pr := range people {
		if pr.ID == chosen {
			e.person.SetSelectedIndex(i)
		}
	}
	// The date and time are on the person's clock (their home zone unless they follow this
	// computer's): read, shown and saved in it, and named while it is not this computer's.
	dev, now := s.u.rem.device(), s.u.rem.now()
	zoneOf := func(i int) remind.Zone {
		z := remind.Zone{Loc: dev, Device: dev}
		if st, err := remind.LoadSettings(s.v, people[i].ID); err == nil {
			z.Loc, _ = st.Location(dev, now)
		}
		return z
	}
	z := zoneOf(e.person.SelectedIndex())
	e.title.SetPlaceHolder(lang.L("e.g. Dentist"))
	e.title.Validator = func(t string) error {
		if strings.TrimSpace(t) == "" {
			return errors.New(lang.L("say what the appointment is"))
		}
		return nil
	}
	e.minutes.SetPlaceHolder(lang.L("minutes (optional)"))
	e.minutes.Validator = func(t string) error {
		if t = strings.TrimSpace(t); t == "" {
			return nil
		}
		if n, err := strconv.Atoi(t); err != nil || n <= 0 || n > 24*60 {
			return errors.New(lang.L("write the length as a number of minutes, or leave it empty"))
		}
		return nil
	}
	e.place.SetPlaceHolder(lang.L("where (optional)"))
	e.note.SetPlaceHolder(lang.L("how to prepare, e.g. no food after midnight (optional)"))
	e.note.SetMinRowsVisible(2)
	e.note.Wrapping = fyne.TextWrapWord

	// The person's reminder offsets (they apply to all of their appointments).
	offsets := remind.DefaultSettings().AppointmentOffsets
	if st, err := remind.LoadSettings(s.v, people[e.person.SelectedIndex()].ID); err == nil {
		offsets = st.AppointmentOffsets
	}
	offBox := container.NewVBox()
	for _, o := range apptOffsets {
		c := widget.NewCheck(lang.L(o.label), nil)
		for _, m := range offsets {
			c.Checked = c.Checked || m == o.min
		}
		e.offsets = append(e.offsets, c)
		offBox.Add(c)
	}
	title, confirm := lang.L("Add appointment"), lang.L("Add")
	if orig != nil {
		title, confirm = lang.L("Edit appointment"), lang.L("Save")
		e.title.SetText(orig.Title)
		st := orig.Start.In(z.Loc)
		day := time.Date(st.Year(), st.Month(), st.Day(), 0, 0, 0, 0, time.UTC)
		setDay(e.date, day)
		e.clock.SetText(st.Format("15:04"))
		if !orig.End.IsZero() {
			e.minutes.SetText(strconv.Itoa(int(orig.End.Sub(orig.Start).Minutes())))
		}
		e.place.SetText(orig.Place)
		e.note.SetText(orig.Notes)
		e.person.Disable()
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Person"), boxed(e.person, nil)),
		widget.NewFormItem(lang.L("What"), e.title),
		widget.NewFormItem(lang.L("Date"), e.date),
		widget.NewFormItem(lang.L("Time"), e.clock),
		widget.NewFormItem(lang.L("Length"), e.minutes),
		widget.NewFormItem(lang.L("Place"), e.place),
		widget.NewFormItem(lang.L("Preparation"), e.note),
		widget.NewFormItem(lang.L("Remind"), offBox),
	}
	items[len(items)-1].HintText = lang.L("for all of this person's appointments")
	timeItem := items[3]
	zoneHint := func(z remind.Zone) {
		timeItem.HintText = ""
		if z.Differs(now) {
			timeItem.HintText = fmt.Sprintf(lang.L("%s, the person's clock"), z.Name(now))
		}
	}
	zoneHint(z)
	e.zone = func() remind.Zone { return zoneOf(max(0, e.person.SelectedIndex())) }
	// The form scrolls: at 200 % text it is taller than a 1024×600 screen. Add is off until the
	// form is complete, and one line under it says what is still missing or cannot be read: an
	// empty date said 'Something went wrong' and Go's parse error (F219).
	e.need = widget.NewLabel("")
	e.need.Wrapping = fyne.TextWrapWord
	e.dialog = newNeedFormDialog(title, confirm, lang.L("Cancel"), items, func(ok bool) { p.onEditorClosed(e, ok) }, s.u.win, e.need)
	e.form = e.dialog.form
	e.person.OnChanged = func(string) {
		if i := e.person.SelectedIndex(); i >= 0 {
			zoneHint(zoneOf(i))
			e.form.Refresh()
			e.dialog.recheck() // the time may be one the new person's clocks skip (F383)
		}
	}
	e.dialog.onValidation = e.checkNeeds
	e.title.OnChanged = func(string) { e.dialog.recheck() }
	e.clock.OnChanged = func(string) { e.dialog.recheck() }
	e.minutes.OnChanged = func(string) { e.dialog.recheck() }
	onDate(e.date, e.dialog.recheck)
	e.dialog.recheck()
	for _, en := range []*widget.Entry{e.title, &e.date.Entry, &e.clock.Entry, e.minutes, e.place} {
		en.OnSubmitted = func(string) { e.dialog.Submit() }
	}
	fitForm(e.dialog, s.u.win, 560)
	p.edit = e
	e.dialog.Show()
	s.u.win.Canvas().Focus(e.title)
}

// checkNeeds says in the line under the form the first thing the appointment still needs
// (nothing once it is complete).
func (e *apptEditor) checkNeeds() {
	need := ""
	for _, v := range []struct {
		check func(string) error
		text  string
	}{{e.title.Validator, e.title.Text}, {e.date.Validator, e.date.Text}, {e.clock.Validator, e.clock.Text}, {e.minutes.Validator, e.minutes.Text}} {
		if v.check == nil {
			continue
		}
		if err := v.check(v.text); err != nil {
			need = sentence(wholeWords(err))
			break
		}
	}
	if need == "" && e.zone != nil {
		// A time the clocks skip or repeat on the person's clock (02:30 on the night they go
		// forward) was saved as another hour without a word; `appointment add` refuses it (F356,
		// F383).
		if when, err := pickedTime(e.date, e.clock, time.UTC); err == nil {
			if _, err := remind.WallClock(when, e.zone().Loc, when.Format("2 Jan 2006, 15:04")); err != nil {
				need = wallClockWords(err)
				e.dialog.confirm.Disable()
			}
		}
	}
	if e.need.Text != need {
		e.need.SetText(need)
	}
	e.need.Hidden = need == ""
}

func (p *apptsPage) onEditorClosed(e *apptEditor, ok bool) {
	if p.edit == e {
		p.edit = nil
	}
	s := p.s
	if !ok || !s.isCurrent() || e.person.SelectedIndex() < 0 {
		return
	}
	profile := e.people[e.person.SelectedIndex()].ID
	u := s.u
	v, ctx := s.v, u.ctx
	var offsets []int
	for i, c := range e.offsets {
		if c.Checked {
			offsets = append(offsets, apptOffsets[i].min)
		}
	}
	var id string
	if e.orig != nil {
		id = e.orig.Key.ID
	}
	// Read the form here, on the UI goroutine.
	a := remind.NewAppointment{Profile: profile, Title: strings.TrimSpace(e.title.Text), Location: strings.TrimSpace(e.place.Text),
		Note: strings.TrimSpace(e.note.Text)}
	day, clock := time.Time{}, strings.TrimSpace(e.clock.Text)
	if d, err := pickedDay(e.date); err == nil { // typed as people write dates, or picked (F353)
		day = d
	}
	minutes, _ := strconv.Atoi(strings.TrimSpace(e.minutes.Text))
	dev, now := u.rem.device(), u.rem.now()
	var err error
	u.goVault(func() {
		st, lerr := remind.LoadSettings(v, profile)
		if lerr != nil {
			err = lerr
			return
		}
		loc, _ := st.Location(dev, now)
		if day.IsZero() {
			err = errors.New(lang.L("choose a date"))
			return
		}
		h, m, ok := readClock(clock)
		if !ok {
			err = clockError(clock)
			return
		}
		a.Start, err = remind.WallClock(time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, time.UTC), loc, "")
		if err != nil {
			err = errors.New(wallClockWords(err)) // Add was off: said all the same, never saved as another hour
			return
		}
		if minutes > 0 {
			a.End = a.Start.Add(time.Duration(minutes) * time.Minute)
		}
		if id == "" {
			_, err = remind.AddAppointment(ctx, v, a)
		} else {
			err = saveOwnAppointment(ctx, v, id, a)
		}
		if err == nil && !equalInts(st.AppointmentOffsets, offsets) {
			st.AppointmentOffsets = offsets
			err = remind.SaveSettings(ctx, v, profile, st)
		}
	}, func() {
		if err != nil {
			s.m.showError(lang.L("Could not save the appointment"), err)
			return
		}
		u.rem.reload()
		s.load()
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// saveOwnAppointment rewrites an appointment the person added (same id, same shape as
// remind.AddAppointment writes), durably.
func saveOwnAppointment(ctx context.Context, v *storage.Vault, id string, a remind.NewAppointment) error {
	p, err := v.Profile(a.Profile)
	if err != nil {
		return err
	}
	if a.Start.IsZero() || a.Title == "" {
		return errors.New("an appointment needs a start and a title")
	}
	res := map[string]any{"resourceType": "Appointment", "id": id, "status": "booked", "description": a.Title,
		"start": a.Start.Format(time.RFC3339)}
	if !a.End.IsZero() {
		res["end"] = a.End.Format(time.RFC3339)
	}
	if a.Note != "" {
		res["comment"] = a.Note
	}
	part := []map[string]any{{"actor": remind.PersonActor(p), "status": "accepted"}}
	if a.Location != "" {
		res["contained"] = []map[string]string{{"resourceType": "Location", "id": "loc", "name": a.Location}}
		part = append(part, map[string]any{"actor": map[string]string{"reference": "#loc", "display": a.Location}, "status": "accepted"})
	}
	res["participant"] = part
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	rec, err := storage.NewRecord(a.Profile, storage.ID{Source: storage.AppSource, Type: "Appointment", ID: id}, b)
	if err != nil {
		return err
	}
	_, err = v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}, Durable: true})
	return err
}

// onExport asks where to save the upcoming appointments (ref "": all of the chosen person's,
// everyone's in the household view) as an .ics calendar file.
func (p *apptsPage) onExport(ref string) {
	u := p.s.u
	u.auto.poke()
	u.saveFile("appointments.ics", lang.L("Save the appointments for your calendar"), func(path string) {
		p.exportTo(path, ref, func(n int, err error) {
			if err != nil {
				dialog.NewInformation(lang.L("Could not export"), errorText(err), u.win).Show()
				return
			}
			dialog.NewInformation(lang.L("Exported"), count(n, "{{.Count}} appointments saved. Open the file with your calendar to add them."), u.win).Show()
		})
	})
}

// exportTo writes the upcoming appointments (one with ref, or all) as iCalendar to path
// (atomically, mode 0600), and calls done on the UI goroutine with how many were written.
func (p *apptsPage) exportTo(path, ref string, done func(n int, err error)) {
	u := p.s.u
	v, ctx, profile, now, dev := p.s.v, u.ctx, p.s.profile, u.rem.now(), u.rem.device()
	var (
		n   int
		err error
	)
	u.goVault(func() {
		if err = hhvault.NotInSharedFolder(v, path); err != nil {
			return // plaintext stays out of the household's shared folder (F163)
		}
		var m *remind.Model
		if m, err = remind.Load(ctx, v, remind.LoadOptions{Device: dev, Profile: profile, Now: now}); err != nil {
			return
		}
		var appts []*remind.Appointment
		for _, a := range m.Upcoming(profile, now) {
			if ref == "" || a.Ref == ref {
				appts = append(appts, a)
			}
		}
		if len(appts) == 0 {
			err = errors.New(lang.L("there is no upcoming appointment to export"))
			return
		}
		n = len(appts)
		err = atomicfile.Write(path, func(w io.Writer) error { return remind.WriteICS(w, m.ICSEvents(appts), now) })
	}, func() {
		if done != nil {
			done(n, err)
		}
	})
}

// wallClockWords says a time of day the clocks skip or repeat on the person's clock, as
// `appointment add` does, with the times to choose instead: "14 Mar 2027, 02:30 does not exist
// on New York time: the clocks go forward from 02:00 to 03:00 that night; choose 01:30 or
// 03:30." Other errors as they are.
func wallClockWords(err error) string {
	var w *remind.WallClockError
	if !errors.As(err, &w) {
		return sentence(err.Error())
	}
	if w.Gap {
		return fmt.Sprintf(lang.L("%s does not exist on %s: the clocks go forward from %s to %s that night; choose %s or %s."),
			w.Typed, w.Zone, w.From, w.To, w.Choices[0].Format("15:04"), w.Choices[1].Format("15:04"))
	}
	return fmt.Sprintf(lang.L("%s happens twice on %s: the clocks go back from %s to %s that night; choose a time before %s or from %s."),
		w.Typed, w.Zone, w.From, w.To, w.To, w.From)
}
