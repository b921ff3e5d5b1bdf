package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// newDatePicker is a date chosen from a calendar (or typed in the locale's form).
func newDatePicker(t time.Time) *widget.DateEntry {
	d := widget.NewDateEntry()
	if !t.IsZero() {
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		d.SetDate(&day)
	}
	return d
}

// quarterHours are the times offered by a time picker.
var quarterHours = func() []string {
	var out []string
	for m := 0; m < 24*60; m += 15 {
		out = append(out, fmt.Sprintf("%02d:%02d", m/60, m%60))
	}
	return out
}()

// newTimePicker is a time of day chosen from the quarter hours (or typed as HH:MM).
func newTimePicker(t time.Time) *widget.SelectEntry {
	e := widget.NewSelectEntry(quarterHours)
	e.SetPlaceHolder("HH:MM")
	if !t.IsZero() {
		e.SetText(t.Format("15:04"))
	}
	e.Validator = func(s string) error {
		if _, err := time.Parse("15:04", strings.TrimSpace(s)); err != nil {
			return errors.New(lang.L("a time like 09:30"))
		}
		return nil
	}
	return e
}

// pickedTime is the date and time picked, in loc.
func pickedTime(date *widget.DateEntry, clock *widget.SelectEntry, loc *time.Location) (time.Time, error) {
	if date.Date == nil {
		return time.Time{}, errors.New(lang.L("choose a date"))
	}
	c, err := time.Parse("15:04", strings.TrimSpace(clock.Text))
	if err != nil {
		return time.Time{}, errors.New(lang.L("a time like 09:30"))
	}
	d := *date.Date
	return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), 0, 0, loc), nil
}
