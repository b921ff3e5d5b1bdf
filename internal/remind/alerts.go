package remind

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// Caregiver alerts (issue 14 §4). In a household, a device that follows a person chooses per
// person (on this device only) how:
//
//   - ModeRemind, "remind me too" (the default): the dose reminders fire here, and a dose
//     nobody has answered raises an alert;
//   - ModeAlerts, "alert me only if missed": no reminders here, only the alert;
//   - ModeOff: neither.
//
// A dose nobody (on any device) has answered Settings.AlertAfterMinutes after its time raises
// one alert per person and time: "No answer yet for Dad's 08:00 medicines (Metformin)" (without the
// medicine names when the person's notifications are private). When anyone answers, on any
// device, the answer arrives with the next exchange and the alert is withdrawn everywhere.

// Caregiver modes.
const (
	ModeRemind = "remind"
	ModeAlerts = "alerts"
	ModeOff    = "off"
)

// ViewOnlyWords say, on a device that may only view a person, why their doses have no answer
// there (the app's Today and 'carekeeper today').
const ViewOnlyWords = "You can see this person's doses here; answers come from the devices that manage them."

// RemovedWords say, on a device removed from its household, whose reminders and caregiver
// alerts are off here (Options.HoldPeople), in the app's Today, 'carekeeper today': "This
// device was removed from the household on 3 Dec 2026; reminders and alerts for Dad are off
// here (the household's other devices remind them)." names are the held people shown; none: "".
func RemovedWords(at time.Time, names []string, loc *time.Location) string {
	if len(names) == 0 {
		return ""
	}
	who := names[len(names)-1]
	if len(names) > 1 {
		who = strings.Join(names[:len(names)-1], ", ") + " and " + who
	}
	return "This device was removed from the household on " + health.DateWords(at.In(loc)) + "; reminders and alerts for " + who +
		" are off here (the household's other devices remind them)."
}

// NotSharedWords say that the household no longer shares a person with this device
// (storage.Vault.NotShared), in the app's Today and People, 'carekeeper today' and 'profile
// list': "Dad is no longer shared with this computer (since 3 Dec 2026): what is here is as it
// was then; answers, changes, reminders and alerts for them are off here."
func NotSharedWords(name string, since time.Time, loc *time.Location) string {
	return name + " is no longer shared with this computer (since " + health.DateWords(since.In(loc)) +
		"): what is here is as it was then; answers, changes, reminders and alerts for them are off here."
}

// AlertWindow is how long after its time an unanswered dose can still raise an alert.
const AlertWindow = 12 * time.Hour

func modeKey(profile string) string { return "remind/device/" + profile }

type deviceSettings struct {
	Mode string `json:"mode"`
}

// LoadMode returns how this device follows a person. Never chosen: ModeRemind, or ModeAlerts
// on a device that may only view them (reminders fire on the devices that manage a person).
func LoadMode(v *storage.Vault, profile string) (string, error) {
	b, err := v.GetState(modeKey(profile))
	if errors.Is(err, storage.ErrNotFound) {
		if v.ViewOnly(profile) {
			return ModeAlerts, nil
		}
		return ModeRemind, nil
	}
	if err != nil {
		return ModeRemind, err
	}
	var d deviceSettings
	if json.Unmarshal(b, &d) != nil || !validMode(d.Mode) {
		return ModeRemind, nil
	}
	return d.Mode, nil
}

func validMode(m string) bool { return m == ModeRemind || m == ModeAlerts || m == ModeOff }

// SaveMode sets how this device follows a person (kept on this device only).
func SaveMode(ctx context.Context, v *storage.Vault, profile, mode string) error {
	if !validMode(mode) {
		return errors.New("the choice must be remind, alerts or off")
	}
	if _, err := v.Profile(profile); err != nil {
		return err
	}
	b, _ := json.Marshal(deviceSettings{Mode: mode})
	return v.UpdateState(ctx, storage.StateOp{Key: modeKey(profile), Value: b})
}

// Alert is one caregiver alert: a person's doses due at one time that nobody has answered.
type Alert struct {
	Tag     string // notification tag: the same alert keeps its tag
	Profile string
	Person  string
	Due     time.Time
	Names   []string // the medicines
	Text    Text
	keys    []string // the state keys of its unanswered doses (lockedalerts42.go)
}

// Alerts lists the caregiver alerts at now: per person (not ModeOff, not deceased) and due
// time, the doses of medicines being taken that are still unanswered AlertAfterMinutes after
// their time, for at most AlertWindow (not a dose before the medicine was first seen:
// DoseStatus.Early). occ is the occurrence state to judge answers by (the
// engine's live one, or the loaded one).
func (m *Model) Alerts(now time.Time) []Alert { return m.alerts(m.occ, now) }

func (m *Model) alerts(occ map[string]occState, now time.Time) []Alert {
	byTag := map[string]*Alert{}
	var out []*Alert
	for _, ds := range m.doseStates(occ, "", now.Add(-AlertWindow), now, now) {
		p := m.person[ds.Profile]
		if p == nil || p.Deceased || p.Mode == ModeOff || p.Held || !ds.Med.Taking || ds.Early || ds.notHere {
			continue
		}
		switch ds.State {
		case DoseTaken, DoseSkipped, DoseUpcoming:
			continue
		}
		if now.Before(ds.Due.Add(time.Duration(p.Settings.AlertAfterMinutes) * time.Minute)) {
			continue
		}
		tag := "a:" + ds.Profile + ":" + strconv.FormatInt(ds.Due.Unix(), 10)
		a := byTag[tag]
		if a == nil {
			a = &Alert{Tag: tag, Profile: ds.Profile, Person: p.Name, Due: ds.Due}
			byTag[tag] = a
			out = append(out, a)
		}
		a.Names = append(a.Names, ds.Med.Label())
		a.keys = append(a.keys, ds.StateKey())
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Due.Equal(out[j].Due) {
			return out[i].Due.Before(out[j].Due)
		}
		return out[i].Profile < out[j].Profile
	})
	res := make([]Alert, len(out))
	for i, a := range out {
		p := m.person[a.Profile]
		a.Text = alertText(p, a, p.Settings.Private)
		res[i] = *a
	}
	return res
}

func alertText(p *Person, a *Alert, private bool) Text {
	name := p.notifyName(private)
	if name == "" {
		name = "Someone"
	}
	// what is known: nobody answered; not that the person did not take them (a carer told
	// "Ingrid has not taken her 05:43 furosemide" may give a second dose; F495). Read alone,
	// on a computer on another clock: "08:00 Tokyo time (15:00 here)" (F565).
	z := Zone{Loc: p.Loc, Device: p.device}
	t := Text{Title: "No answer yet for " + possessive(name) + " " + z.ClockHere(a.Due) + " medicines"}
	if !private {
		t.Title += " (" + strings.Join(a.Names, ", ") + ")"
	}
	t.Body = "Nobody has answered it yet. Open CareKeeper to see or answer."
	if p.ViewOnly {
		t.Body = "Nobody has answered it yet. Open CareKeeper to see it; answers come from the devices that manage them."
	}
	return t.oneLine()
}

// possessive is a name's possessive in English: "Dad's", "Ingrid Schmidt's", "James'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") || strings.HasSuffix(name, "S") {
		return name + "'"
	}
	return name + "'s"
}

// answered reports whether a dose reminder has an answer, here (occ) or in the dose log
// (from any device of the household).
func (m *Model) answered(occ map[string]occState, r Reminder) bool {
	if s, ok := occ[r.StateKey()]; ok && s.acked() {
		return true
	}
	for _, d := range m.Doses[r.Med.Key()] {
		if d.Occurrence != "" && d.Occurrence == r.Occurrence {
			return true
		}
	}
	_, ok := m.movedDays(occ).answer(r)
	return ok
}

// allAnswered reports whether every dose of a notified group has an answer (another device's
// arrived by exchange).
func (e *Engine) allAnswered(g *group) bool {
	if g.Kind != KindDose {
		return false
	}
	for _, r := range g.Items {
		if !e.model.answered(e.states, r) && e.model.stillADose(r) {
			return false
		}
	}
	return true
}

// stillADose reports whether a dose reminder is still one of its medicine's doses: a dose still
// due when its time was moved later that day is the new time's (supersededAt, F419), and its
// notification goes.
func (m *Model) stillADose(r Reminder) bool {
	if r.Med == nil {
		return true
	}
	med := m.Medicine(r.Profile, r.Med.Ref)
	if med == nil {
		return true // as before: the group's other checks decide
	}
	for _, o := range m.occurrences(med, r.Due, r.Due.Add(time.Second)) {
		if o.Key == r.Occurrence {
			return true
		}
	}
	return false
}

// alertKey is the state key (on this device only, never exchanged) that remembers a caregiver
// alert shown here, so a restarted app or daemon neither raises it again nor forgets to
// withdraw it. It holds the person's id and the dose time, nothing else.
func alertKey(tag string) string { return alertPrefix + tag }

const alertPrefix = "remind/alert/"

// shownAlert is what is remembered of an alert shown: when, and the notifier's handle of it
// (Handles: on Linux the notification server's bus name and id), so that an engine started
// again closes the very notification still on screen. Earlier versions kept the time alone.
type shownAlert struct {
	At     string `json:"at"`
	Handle string `json:"h,omitempty"`
}

func readShownAlert(b []byte) shownAlert {
	var r shownAlert
	if json.Unmarshal(b, &r) != nil {
		return shownAlert{At: string(b)}
	}
	return r
}

// alert shows the caregiver alerts due at now and withdraws those answered since. Only a vault
// in a household has caregivers; the engine wakes at least every MaxSleep, so an alert comes
// within a minute of its time. What is shown is remembered in the vault: an alert is shown
// first and remembered after, so a crash in between shows it again rather than never.
func (e *Engine) alert(ctx context.Context, now time.Time) {
	if e.model == nil || e.v == nil || e.v.Device() == "" {
		return
	}
	var ops []storage.StateOp
	want := map[string]bool{}
	for _, a := range e.model.alerts(e.states, now) {
		if e.heardAll(a.keys) {
			continue // answered elsewhere, heard while locked; the exchange brings it (F558)
		}
		want[a.Tag] = true
		if e.alerts[a.Tag] {
			continue
		}
		e.alerts[a.Tag] = true
		if err := e.send(ctx, Message{Tag: a.Tag, Title: a.Text.Title, Body: a.Text.Body}, alertText(e.model.Person(a.Profile), &a, true)); err != nil {
			e.opt.Logf("reminders: notification failed: %v", err)
		}
		shown := shownAlert{At: now.UTC().Format(time.RFC3339)}
		if h, ok := e.n.(Handles); ok {
			shown.Handle = h.Handle(ctx, a.Tag)
		}
		b, _ := json.Marshal(shown)
		ops = append(ops, storage.StateOp{Key: alertKey(a.Tag), Value: b})
	}
	for tag := range e.alerts {
		if want[tag] {
			continue
		}
		delete(e.alerts, tag)
		delete(e.detailed, tag)
		if err := e.n.Withdraw(ctx, tag); err != nil {
			e.opt.Logf("reminders: withdrawing a notification failed: %v", err)
		}
		ops = append(ops, storage.StateOp{Key: alertKey(tag), Delete: true})
	}
	if len(ops) > 0 {
		if err := e.v.UpdateState(ctx, ops...); err != nil {
			e.opt.Logf("reminders: %v", wrapf(err, "remembering caregiver alerts"))
		}
	}
}
