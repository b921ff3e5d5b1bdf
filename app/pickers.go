package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carekeeper/internal/schedule"
)

// newDatePicker is a date chosen from a calendar, or typed in the locale's form or as people
// write dates — "9 Dec 2026", the way every screen shows them, "December 9, 2026", "2026-12-09";
// numbers that could be day first or month first ("12/05/2026") are asked about (F353: only
// the locale's form was read). Left empty or typed so it cannot be read, it says so in words
// (not Go's parse error, F219). pickedDay reads it.
func newDatePicker(t time.Time) *widget.DateEntry {
	d := widget.NewDateEntry()
	d.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(lang.L("choose a date"))
		}
		_, err := readDay(s, d.Layout())
		return err
	}
	if !t.IsZero() {
		setDay(d, t)
	}
	return d
}

// setDay shows t's day in d as every screen writes dates, "6 Dec 2026": the box offered
// "2026-12-06" (the locale's form) beside screens that say "6 Dec 2026" (F351).
func setDay(d *widget.DateEntry, t time.Time) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	d.Date = &day
	d.SetText(day.Format("2 Jan 2006"))
}

// onDate sets what a date picker does when its date changes (f); a day picked from the
// calendar (or typed whole in the locale's form) is then shown as every screen writes dates,
// "6 Dec 2026" (F351).
func onDate(d *widget.DateEntry, f func()) {
	d.OnChanged = func(t *time.Time) {
		if t != nil && d.Text == t.Format(d.Layout()) {
			setDay(d, *t) // not in the locale's form: this comes back no more
		}
		f()
	}
}

// quarterHours are the times offered by a time picker.
var quarterHours = func() []string {
	var out []string
	for m := 0; m < 24*60; m += 15 {
		out = append(out, fmt.Sprintf("%02d:%02d", m/60, m%60))
	}
	return out
}()

// readClock reads a time of day as people write it: "09:30", "9:30", "9.30", "21", "9am",
// "9 am", "9:30pm", "9.30 p.m." ("12 am" is midnight, "12 pm" noon). "9am" was refused as
// 'a time like 09:30' (F219).
func readClock(s string) (hour, minute int, ok bool) {
	c, err := schedule.ReadClock(s) // one reader for the app and the CLI (F208)
	if err != nil {
		return 0, 0, false
	}
	return int(c) / 60, int(c) % 60, true
}

// clockError is what a time picker says of a time it cannot read ("" is no time).
func clockError(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New(lang.L("choose a time"))
	}
	if _, _, ok := readClock(s); !ok {
		return errors.New(lang.L("write the time like 09:30 or 9:30 am"))
	}
	return nil
}

// newTimePicker is a time of day chosen from the quarter hours (or typed: readClock).
func newTimePicker(t time.Time) *widget.SelectEntry {
	e := widget.NewSelectEntry(quarterHours)
	e.SetPlaceHolder("HH:MM")
	if !t.IsZero() {
		e.SetText(t.Format("15:04"))
	}
	e.Validator = clockError
	return e
}

// readDay reads a typed day: in the locale's layout (what the calendar writes) or as people
// write dates (writtenDate). The day is at midnight UTC, as DateEntry keeps it.
func readDay(s, layout string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if d, err := time.Parse(layout, s); err == nil {
		return d, nil
	}
	iso, err := writtenDate(s)
	if err != nil {
		return time.Time{}, err
	}
	if iso != "" {
		if d, err := time.Parse("2006-01-02", iso); err == nil {
			return d, nil
		}
		return time.Time{}, errors.New(lang.L("not a real date: write it like 9 Dec 2026, or choose it with the calendar button"))
	}
	return time.Time{}, errors.New(lang.L("write the date like 9 Dec 2026, or choose it with the calendar button"))
}

// pickedDay is the day picked or typed in date (readDay); an error in words when there is none.
func pickedDay(date *widget.DateEntry) (time.Time, error) {
	if strings.TrimSpace(date.Text) == "" {
		return time.Time{}, errors.New(lang.L("choose a date"))
	}
	return readDay(date.Text, date.Layout())
}

// pickedTime is the date and time picked, in loc.
func pickedTime(date *widget.DateEntry, clock *widget.SelectEntry, loc *time.Location) (time.Time, error) {
	d, err := pickedDay(date)
	if err != nil {
		return time.Time{}, err
	}
	h, m, ok := readClock(clock.Text)
	if !ok {
		return time.Time{}, clockError(clock.Text)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc), nil
}

// timesPicker is a list of times of day, each picked from the quarter hours (or typed as
// HH:MM), with "Add a time" for one more (up to maxTimes).
type timesPicker struct {
	content  fyne.CanvasObject
	box      *fyne.Container
	pickers  []*widget.SelectEntry
	add      *widget.Button
	disabled bool
	onSubmit func()
	// onChange, if set, is told when a time is typed or picked (the form rechecks Add).
	onChange func()
}

// Problem is the first time the picker cannot read, in words; nil when every time is read
// (or none is given).
func (t *timesPicker) Problem() error {
	for _, p := range t.pickers {
		if s := strings.TrimSpace(p.Text); s != "" {
			if _, err := schedule.ReadClock(s); err != nil {
				return timeWords(s)
			}
		}
	}
	return nil
}

// timeWords says why a time cannot be read, and how to write it.
func timeWords(s string) error {
	return fmt.Errorf(lang.L("%q is not a time CareKeeper can read: write it like 20:00 or 8 pm"), strings.TrimSpace(s))
}

const maxTimes = 8

func newTimesPicker(initial []string) *timesPicker {
	t := &timesPicker{box: container.NewVBox()}
	t.add = widget.NewButtonWithIcon(lang.L("Add a time"), theme.ContentAddIcon(), func() { t.addTime("") })
	t.content = container.NewVBox(t.box, container.NewHBox(t.add))
	if len(initial) == 0 {
		initial = []string{""}
	}
	for _, s := range initial {
		t.addTime(s)
	}
	return t
}

// addTime adds a picker showing s ("" for none).
func (t *timesPicker) addTime(s string) {
	e := newTimePicker(time.Time{})
	e.Validator = func(text string) error {
		if strings.TrimSpace(text) == "" {
			return nil
		}
		if _, err := schedule.ReadClock(text); err != nil {
			return timeWords(text)
		}
		return nil
	}
	e.OnChanged = func(string) {
		if t.onChange != nil {
			t.onChange()
		}
	}
	e.SetText(s)
	e.OnSubmitted = func(string) {
		if t.onSubmit != nil {
			t.onSubmit()
		}
	}
	if t.disabled {
		e.Disable()
	}
	t.pickers = append(t.pickers, e)
	t.box.Add(e)
	if len(t.pickers) >= maxTimes {
		t.add.Disable()
	}
}

// Text is the times picked, as "08:00, 20:00".
func (t *timesPicker) Text() string {
	var out []string
	for _, p := range t.pickers {
		if s := strings.TrimSpace(p.Text); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// Enable, Disable and Disabled make the pickers a fyne.Disableable.
func (t *timesPicker) Enable() {
	t.disabled = false
	for _, p := range t.pickers {
		p.Enable()
	}
	if len(t.pickers) < maxTimes {
		t.add.Enable()
	}
}

func (t *timesPicker) Disable() {
	t.disabled = true
	for _, p := range t.pickers {
		p.Disable()
	}
	t.add.Disable()
}

func (t *timesPicker) Disabled() bool { return t.disabled }
