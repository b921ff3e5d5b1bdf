package hhvault

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/household"
)

// StoppedWhileSet is a medicine stopped on one device of the household while its times were
// set on another, one of them this device, before they exchanged (F341: Warfarin stopped on
// Kitchen and set to 19:00 every day on Bedroom a moment later was stopped on both after the
// sync, with no reminders, and neither device said so). The two are different settings, so
// every device ends the same: the medicine stays stopped (the person's answer; new times do
// not take it back), with the new times kept for when it is confirmed again. Kept in Last
// until 'household sync' has said it (Said) and the app has shown it (Shown), at most
// ReplacedKeptFor; the status says it for a day. Health data: kept only in the vault.
type StoppedWhileSet struct {
	Person    string    `json:"person"`   // the person's name
	Profile   string    `json:"profile"`  // their id
	Medicine  string    `json:"medicine"` // "Warfarin 5 mg tablet"
	MedKey    string    `json:"medKey"`   // remind's key of the medicine
	StoppedBy string    `json:"stoppedBy,omitempty"`
	StoppedAt time.Time `json:"stoppedAt"`
	TimesBy   string    `json:"timesBy,omitempty"` // device ids; "": this device
	TimesAt   time.Time `json:"timesAt"`
	Times     string    `json:"times"` // "once a day at 19:00"
	Learned   time.Time `json:"learned"`
	Said      bool      `json:"said,omitempty"`
	Shown     bool      `json:"shown,omitempty"`
}

// stopsKeptApart is how far apart a stop and new times may be made to be said together: a
// plan set here weeks ago is no news when another device stops the medicine today.
const stopsKeptApart = 24 * time.Hour

// stopsIn is, of the ops another device sends, the medicine choices and plans (the two
// halves of a stop against new times), by key, with the profiles they belong to.
func (r Replica) stopsIn(ops []household.Op) map[string]household.Op {
	self := r.V.Device()
	out := map[string]household.Op{}
	for _, o := range ops {
		if o.Kind != storage.KindState || o.Deleted || o.Device == self || o.Device == "" || o.Profile == "" ||
			!(strings.HasPrefix(o.Key, planPrefix) || strings.HasPrefix(o.Key, health.ChoicePrefix)) {
			continue
		}
		out[o.Key] = o
	}
	return out
}

// noteStopped records, after ops were applied, each medicine now stopped by one device whose
// times another set, one of the two this device and the other's change among ops (stopsIn).
func (r Replica) noteStopped(ctx context.Context, in map[string]household.Op) error {
	if len(in) == 0 {
		return nil
	}
	self := r.V.Device()
	here := func(dev string) bool { return dev == "" || dev == self }
	var profiles []string
	for _, o := range in {
		if !slices.Contains(profiles, o.Profile) {
			profiles = append(profiles, o.Profile)
		}
	}
	slices.Sort(profiles)
	now := time.Now().UTC()
	var notes []StoppedWhileSet
	for _, p := range profiles {
		m, err := remind.Load(ctx, r.V, remind.LoadOptions{Profile: p, Device: r.device()})
		if err != nil {
			return err
		}
		for _, med := range m.Meds {
			if med.Profile != p || med.Facts.Choice == nil || med.Facts.Choice.Taking {
				continue
			}
			stop, ok, err := r.held(health.ChoiceKey(p, med.Ref))
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			plan, ok, err := r.held(planPrefix + p + "/" + med.Key())
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			var c health.Choice
			if json.Unmarshal(stop.Value, &c) != nil || c.Taking || here(stop.Device) == here(plan.Device) {
				continue
			}
			// The other device's half arrived now (said once, not at every exchange after).
			other := stop
			if here(stop.Device) {
				other = plan
			}
			if got, ok := in[other.Key]; !ok || got.Stamp != other.Stamp || got.Device != other.Device {
				continue
			}
			stoppedAt, timesAt := time.UnixMilli(stop.Stamp.Wall).UTC(), time.UnixMilli(plan.Stamp.Wall).UTC()
			if d := stoppedAt.Sub(timesAt); d > stopsKeptApart || -d > stopsKeptApart {
				continue
			}
			var o remind.Override
			if json.Unmarshal(plan.Value, &o) != nil || o.Plan == nil {
				continue // times cleared: back to the record's, nothing set against the stop
			}
			n := StoppedWhileSet{Profile: p, Person: "the person", Medicine: med.Label(), MedKey: med.Key(),
				StoppedAt: stoppedAt, TimesAt: timesAt, Times: planWords(m, p, med.Key(), plan.Value)[0].Value, Learned: now}
			if !here(stop.Device) {
				n.StoppedBy = stop.Device
			}
			if !here(plan.Device) {
				n.TimesBy = plan.Device
			}
			if per := m.Person(p); per != nil {
				n.Person = personWords(per, PeopleNames(r.V))
			}
			notes = append(notes, n)
		}
	}
	if len(notes) == 0 {
		return nil
	}
	l := LoadLast(r.V)
	l.Stopped = pending(l.Stopped, now, stoppedMarks)
	for _, n := range notes { // an apply tried again notes the same once
		if !slices.ContainsFunc(l.Stopped, func(o StoppedWhileSet) bool {
			return o.Profile == n.Profile && o.MedKey == n.MedKey && o.StoppedAt.Equal(n.StoppedAt) && o.TimesAt.Equal(n.TimesAt)
		}) {
			l.Stopped = append(l.Stopped, n)
		}
	}
	return saveLast(ctx, r.V, l)
}

// held is the op the vault holds for a state key (ok false: none, or deleted).
func (r Replica) held(key string) (household.Op, bool, error) {
	c, ok, err := r.V.Held(storage.KindState, key)
	if err != nil || !ok || c.Deleted {
		return household.Op{}, false, err
	}
	return toOp(c), true, nil
}

// stoppedMarks gives a StoppedWhileSet's marks (marks).
func stoppedMarks(n *StoppedWhileSet) (time.Time, *bool, *bool) { return n.Learned, &n.Said, &n.Shown }

// StoppedWords: "Warfarin 5 mg tablet for Grace Okafor was stopped on Kitchen at 06:41 and its
// times were set to once a day at 19:00 on this computer at 06:42, after the stop: it stays
// stopped, with no reminders; if she still takes it, confirm it in her medicines on either
// device" (names: the household's device ids to names; times on this computer's clock, with
// the day when it is not the day the note was learned; here is this computer's zone,
// time.Local when nil).
func StoppedWords(s StoppedWhileSet, names map[string]string, here *time.Location) string {
	if here == nil {
		here = time.Local
	}
	on := func(dev string, t time.Time) string {
		where := "this computer"
		if dev != "" {
			where = names[dev]
			if where == "" {
				where = "another device of the household"
			}
		}
		t, day := t.In(here), s.Learned.In(here)
		if t.Year() == day.Year() && t.YearDay() == day.YearDay() {
			return "on " + where + " at " + t.Format("15:04")
		}
		return "on " + where + " on " + t.Format("2 Jan 2006") + " at " + t.Format("15:04")
	}
	order := "after the stop"
	if s.TimesAt.Before(s.StoppedAt) {
		order = "before the stop"
	}
	return fmt.Sprintf("%s for %s was stopped %s and its times were set to %s %s, %s: it stays stopped, with no reminders; "+
		"if %s still takes it, confirm it among the medicines on either device", s.Medicine, s.Person, on(s.StoppedBy, s.StoppedAt),
		s.Times, on(s.TimesBy, s.TimesAt), order, s.Person)
}

// StoppedWarnings are the status's lines for the medicines stopped against new times learned
// within the last day.
func StoppedWarnings(h *household.Household, last Last, now time.Time) []string {
	names := map[string]string{}
	for _, d := range h.Devices() {
		names[d.ID] = d.Name
	}
	var out []string
	for _, s := range last.Stopped {
		if now.Sub(s.Learned) < DeletedShownFor {
			out = append(out, StoppedWords(s, names, now.Location()))
		}
	}
	return out
}

// TakeStopped returns the medicines stopped against new times not yet said by 'household
// sync' (said: true) or not yet shown by the app (said: false), and marks them so.
func TakeStopped(ctx context.Context, v *storage.Vault, said bool) ([]StoppedWhileSet, error) {
	return take(ctx, v, said, func(l *Last) *[]StoppedWhileSet { return &l.Stopped }, stoppedMarks)
}
