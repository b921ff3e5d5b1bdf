package hhvault

import (
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F149: what a replaced setting says, on this computer's clock, with the day when it is not the
// day the note was learned (a change made before midnight and learned after it).
func TestReplacedWords(t *testing.T) {
	evening := time.Date(2026, 12, 5, 23, 59, 0, 0, time.Local)
	morning := time.Date(2026, 12, 6, 0, 1, 0, 0, time.Local)
	alert := func(here, there time.Time, learned time.Time) ReplacedSetting {
		return ReplacedSetting{Person: "Mum Smith", Setting: "Caregivers' alert", Here: "20 minutes after a dose's time", HereAt: here,
			There: "45 minutes after a dose's time", ThereAt: there, Learned: learned}
	}
	for _, c := range []struct {
		r      ReplacedSetting
		device string
		want   string
	}{
		{alert(evening, evening.Add(30*time.Second), evening.Add(50*time.Second)), "Anna's laptop",
			"Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here at 23:59, was replaced by 45 minutes after a dose's time, set on Anna's laptop at 23:59"},
		{alert(evening, morning, morning), "Anna's laptop",
			"Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here on 5 Dec 2026 at 23:59, was replaced by 45 minutes after a dose's time, set on Anna's laptop at 00:01"},
		{alert(evening, morning, morning), "",
			"Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here on 5 Dec 2026 at 23:59, was replaced by 45 minutes after a dose's time, set on another device of the household at 00:01"},
	} {
		if got := ReplacedWords(c.r, c.device, nil); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

// Every setting is said in plain words, and a change of one is a change of its words alone.
func TestSettingWords(t *testing.T) {
	d := remind.DefaultSettings()
	base := SettingWords(d)
	want := map[string]string{
		"Caregivers' alert":           "30 minutes after a dose's time",
		"Reminders":                   "on",
		"Medicine names in reminders": "shown",
		"Name in reminders":           "their name",
		"Home time zone":              "this computer's time",
		"Reminder repeats":            "every 15 minutes, at most 3 times",
		"Appointment reminders":       "1 day and 2 hours before",
		"Daily routine":               "wake 07:00, breakfast 07:30, lunch 12:30, dinner 18:30, bed 22:00",
	}
	for _, w := range base {
		if v, ok := want[w.Name]; ok && v != w.Value {
			t.Errorf("%s: %q, want %q", w.Name, w.Value, v)
		}
	}
	s := d
	s.Zone, s.Off, s.RepeatMax = "Europe/Dublin", true, 0
	changed := map[string]string{}
	for i, w := range SettingWords(s) {
		if w.Value != base[i].Value {
			changed[w.Name] = w.Value
		}
	}
	if len(changed) != 3 || changed["Home time zone"] != "Dublin time" || changed["Reminders"] != "off" || changed["Reminder repeats"] != "none" {
		t.Errorf("changed: %v", changed)
	}
}
