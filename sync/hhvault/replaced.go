package hhvault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// ReplacedSetting is a setting changed on this device that a change made on another device
// replaced (F149: a setting changed on two devices before they exchanged — last writer wins by
// design — was replaced without a word on the device whose change lost). Kept in Last until
// 'household sync' has said it (Said) and the app has shown it (Shown), at most ReplacedKeptFor.
type ReplacedSetting struct {
	Person  string    `json:"person"`  // the person's name
	Profile string    `json:"profile"` // their id
	Setting string    `json:"setting"` // "Caregivers' alert"
	Here    string    `json:"here"`    // "20 minutes": what was set here
	HereAt  time.Time `json:"hereAt"`  // when it was set here (this device's clock)
	There   string    `json:"there"`   // "45 minutes": what replaced it
	By      string    `json:"by"`      // the device whose change replaced it (id)
	ThereAt time.Time `json:"thereAt"` // when that change was made (its clock)
	Learned time.Time `json:"learned"` // when this device took it
	Said    bool      `json:"said,omitempty"`
	Shown   bool      `json:"shown,omitempty"`
}

// ReplacedKeptFor is how long a replaced setting waits to be said or shown.
const ReplacedKeptFor = 7 * 24 * time.Hour

// settingsPrefix is the exchanged state key of a person's reminder settings (remind).
const settingsPrefix = "remind/settings/"

// baseKey keeps, on this device only, the value of a person's settings last taken from another
// device: what this device's own later change started from. A setting is "set here" when this
// device's value differs from it.
func baseKey(key string) string { return "household/base/" + key }

// noteReplaced records, before ops are applied, each setting this device changed that an op
// from another device replaces, and keeps the value of each settings op that will be held as
// the base of this device's next changes.
func (r Replica) noteReplaced(ctx context.Context, ops []household.Op) error {
	self := r.V.Device()
	var notes []ReplacedSetting
	var bases []storage.StateOp
	winner := map[string]household.Op{} // within this batch
	var model *remind.Model             // loaded once, when a medicine's plan made here is replaced
	for _, o := range ops {
		choice := strings.HasPrefix(o.Key, health.ChoicePrefix) // stopped or being taken (F379's neighbour: said nowhere)
		if o.Kind != storage.KindState || !(strings.HasPrefix(o.Key, settingsPrefix) || strings.HasPrefix(o.Key, planPrefix) || choice) || o.Device == self {
			continue
		}
		held, ok := winner[o.Key]
		if !ok {
			c, found, err := r.V.Held(o.Kind, o.Key)
			if err != nil {
				return err
			}
			if found {
				held, ok = toOp(c), true
			}
		}
		if ok && !household.Wins(o, held) {
			continue
		}
		winner[o.Key] = o
		// Made there after this device's change had arrived (F494: Emeka set the times on his
		// tablet after it had Claudia's, and her laptop said hers "was replaced"): a change
		// made knowing this one replaced nothing unseen, and is not said.
		seen := ok && household.Saw(o, held)
		if choice {
			// A medicine stopped here and confirmed there (or the other way) before they
			// exchanged: the later answer wins, the earlier went without a word.
			if !ok || held.Device != self || held.Deleted || o.Deleted || seen {
				continue
			}
			here, there := choiceWords(held.Value), choiceWords(o.Value)
			if here == there || here == "" || there == "" {
				continue
			}
			profile, ref, _ := strings.Cut(strings.TrimPrefix(o.Key, health.ChoicePrefix), "/")
			p, err := r.V.Profile(profile)
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if model == nil {
				if model, err = remind.Load(ctx, r.V, remind.LoadOptions{Device: r.device()}); err != nil {
					return err
				}
			}
			name := "A medicine"
			if ref, err := url.PathUnescape(ref); err == nil {
				for _, x := range model.Meds {
					if x.Profile == profile && x.Ref == ref {
						name = x.Label()
					}
				}
			}
			notes = append(notes, ReplacedSetting{Person: firstNonEmpty(PeopleNames(r.V)(profile), p.Name), Profile: profile, Setting: name, Here: here,
				HereAt: time.UnixMilli(held.Stamp.Wall).UTC(), There: there, By: o.Device,
				ThereAt: time.UnixMilli(o.Stamp.Wall).UTC(), Learned: time.Now().UTC()})
			continue
		}
		if o.Deleted {
			bases = append(bases, storage.StateOp{Key: baseKey(o.Key), Delete: true})
			continue
		}
		bases = append(bases, storage.StateOp{Key: baseKey(o.Key), Value: o.Value})
		if !ok || held.Device != self || held.Deleted || seen {
			continue
		}
		profile, med, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(o.Key, settingsPrefix), planPrefix), "/")
		p, err := r.V.Profile(profile)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		var was, here, there []NamedValue
		hasBase := false // settingsMerges keeps this device's settings only over a base
		if med == "" {
			base := remind.DefaultSettings()
			if b, err := r.V.GetState(baseKey(o.Key)); err == nil {
				base, hasBase = settingsOf(b), true
			}
			was, here, there = SettingWords(base), SettingWords(settingsOf(held.Value)), SettingWords(settingsOf(o.Value))
		} else {
			if model == nil {
				if model, err = remind.Load(ctx, r.V, remind.LoadOptions{Device: r.device()}); err != nil {
					return err
				}
			}
			var base []byte // none: the record's plan
			if b, err := r.V.GetState(baseKey(o.Key)); err == nil {
				base = b
			}
			was, here, there = planWords(model, profile, med, base), planWords(model, profile, med, held.Value), planWords(model, profile, med, o.Value)
		}
		for i, w := range here {
			if w.Value == was[i].Value || w.Value == there[i].Value {
				continue // not changed here, or the same there
			}
			if hasBase && there[i].Value == was[i].Value {
				continue // not changed there: this device's stays (settingsMerges, F524)
			}
			notes = append(notes, ReplacedSetting{Person: firstNonEmpty(PeopleNames(r.V)(profile), p.Name), Profile: profile, Setting: w.Name, Here: w.Value,
				HereAt: time.UnixMilli(held.Stamp.Wall).UTC(), There: there[i].Value, By: o.Device,
				ThereAt: time.UnixMilli(o.Stamp.Wall).UTC(), Learned: time.Now().UTC()})
		}
	}
	if len(bases) > 0 {
		if err := r.V.UpdateState(ctx, bases...); err != nil {
			return fmt.Errorf("keeping the settings taken from the household: %w", err)
		}
	}
	if len(notes) == 0 {
		return nil
	}
	l := LoadLast(r.V)
	l.Replaced = pending(l.Replaced, time.Now(), replacedMarks)
	for _, n := range notes { // an apply tried again notes the same once
		dup := false
		for _, o := range l.Replaced {
			dup = dup || (o.Profile == n.Profile && o.Setting == n.Setting && o.By == n.By && o.ThereAt.Equal(n.ThereAt) && o.Here == n.Here)
		}
		if !dup {
			l.Replaced = append(l.Replaced, n)
		}
	}
	return saveLast(ctx, r.V, l)
}

// planPrefix is the exchanged state key of a person's own plan for a medicine (remind.Override):
// remind/plan/<profile>/<medicine key>.
const planPrefix = "remind/plan/"

// planWords says a medicine's plan as an Override value gives it: "Times of Metformin 500 mg",
// "twice a day at 08:00 and 20:00" ("as the record says" without one of its own).
func planWords(m *remind.Model, profile, med string, value []byte) []NamedValue {
	name, what := "a medicine", "as the record says"
	routine := remind.DefaultSettings().Routine
	if p := m.Person(profile); p != nil {
		routine = p.Settings.Routine
	}
	for _, x := range m.Meds {
		if x.Profile == profile && x.Key() == med {
			name = x.Label()
			if !x.Own {
				what = "as the record says (" + x.RecordPlan.Describe(routine) + ")"
			}
		}
	}
	var o remind.Override
	if len(value) > 0 && json.Unmarshal(value, &o) == nil && o.Plan != nil {
		what = o.Plan.Describe(routine)
	}
	return []NamedValue{{"Times of " + name, what}}
}

// choiceWords says a medicine choice (health.Choice) as the note says it: "stopped", "being
// taken"; "" for a damaged value.
func choiceWords(value []byte) string {
	var c health.Choice
	if json.Unmarshal(value, &c) != nil {
		return ""
	}
	if c.Taking {
		return "being taken"
	}
	return "stopped"
}

// settingsOf reads a person's settings as remind keeps them (defaults for what is missing).
func settingsOf(b []byte) remind.Settings {
	s := remind.DefaultSettings()
	_ = json.Unmarshal(b, &s) // a damaged value reads as the defaults
	return s
}

// replacedMarks gives a ReplacedSetting's marks (marks).
func replacedMarks(n *ReplacedSetting) (time.Time, *bool, *bool) { return n.Learned, &n.Said, &n.Shown }

// NamedValue is one setting in words: "Caregivers' alert", "20 minutes".
type NamedValue struct{ Name, Value string }

// SettingWords says a person's settings one by one, always in the same order.
func SettingWords(s remind.Settings) []NamedValue {
	zone := "this computer's time"
	if loc, err := time.LoadLocation(s.Zone); s.Zone != "" && err == nil {
		zone = remind.Zone{Loc: loc}.Name(time.Now())
	}
	label := "their name"
	if s.Label != "" {
		label = s.Label
	}
	onOff := func(off bool, on, offw string) string {
		if off {
			return offw
		}
		return on
	}
	repeat := "none"
	if s.RepeatMax > 0 {
		repeat = "every " + countOf(s.RepeatEveryMinutes, "minute", "minutes") + ", at most " + countOf(s.RepeatMax, "time", "times")
	}
	travel := "not asked yet"
	if s.HomeChosen { // where they live: never asked (F422)
		travel = "keep home times"
	}
	if s.Travel != nil {
		travel = onOff(s.Travel.FollowLocal, "keep home times", "follow the local time")
	}
	var before []string
	for _, m := range s.AppointmentOffsets {
		switch {
		case m%(24*60) == 0:
			before = append(before, countOf(m/(24*60), "day", "days"))
		case m%60 == 0:
			before = append(before, countOf(m/60, "hour", "hours"))
		default:
			before = append(before, countOf(m, "minute", "minutes"))
		}
	}
	appts := "none"
	if len(before) > 0 {
		appts = andList(before) + " before"
	}
	r := s.Routine
	return []NamedValue{
		{"Caregivers' alert", countOf(s.AlertAfterMinutes, "minute", "minutes") + " after a dose's time"},
		{"Reminders", onOff(s.Off, "on", "off")},
		{"Medicine names in reminders", onOff(s.Private, "shown", "hidden")},
		{"Name in reminders", label},
		{"Home time zone", zone},
		{"Away from home", travel},
		{"Snooze", countOf(s.SnoozeMinutes, "minute", "minutes")},
		{"Reminder repeats", repeat},
		{"On time", "within " + countOf(s.OnTimeMinutes, "minute", "minutes") + " of a dose's time"},
		{"Refill reminder", countOf(s.RefillLeadDays, "day", "days") + " before a medicine runs out"},
		{"Appointment reminders", appts},
		{"Daily routine", fmt.Sprintf("wake %s, breakfast %s, lunch %s, dinner %s, bed %s", r.Wake, r.Breakfast, r.Lunch, r.Dinner, r.Bed)},
	}
}

// ReplacedWords: "Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here at
// 21:02, was replaced by 45 minutes after a dose's time, set on Anna's laptop at 21:05" (device
// is the replacing device's name; times on this computer's clock, with the day when it is not
// the day the note was learned; here is this computer's zone, time.Local when nil).
func ReplacedWords(r ReplacedSetting, device string, here *time.Location) string {
	if device == "" {
		device = "another device of the household"
	}
	if here == nil {
		here = time.Local
	}
	at := func(t time.Time) string {
		t, day := t.In(here), r.Learned.In(here)
		if t.Year() == day.Year() && t.YearDay() == day.YearDay() {
			return "at " + t.Format("15:04")
		}
		return "on " + t.Format("2 Jan 2006") + " at " + t.Format("15:04")
	}
	return fmt.Sprintf("%s for %s: %s, set here %s, was replaced by %s, set on %s %s",
		r.Setting, r.Person, r.Here, at(r.HereAt), r.There, device, at(r.ThereAt))
}

// ReplacedWarnings are the status's lines for the settings made here that a change on another
// device replaced, learned within the last day, as it says a person deleted on another device
// (DeletedWarnings; F149: 'household status' said neither before).
func ReplacedWarnings(h *household.Household, last Last, now time.Time) []string {
	var out []string
	for _, r := range last.Replaced {
		if now.Sub(r.Learned) >= DeletedShownFor {
			continue
		}
		name := ""
		for _, d := range h.Devices() {
			if d.ID == r.By {
				name = d.Name
			}
		}
		out = append(out, ReplacedWords(r, name, now.Location()))
	}
	return out
}

// TakeReplaced returns the replaced settings not yet said by 'household sync' (said: true) or
// not yet shown by the app (said: false), and marks them so: each is told once by each.
func TakeReplaced(ctx context.Context, v *storage.Vault, said bool) ([]ReplacedSetting, error) {
	return take(ctx, v, said, func(l *Last) *[]ReplacedSetting { return &l.Replaced }, replacedMarks)
}
