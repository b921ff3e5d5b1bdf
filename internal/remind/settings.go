package remind

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// Settings are one person's reminder preferences, kept in the vault's state.
type Settings struct {
	// Label is how notifications name the person ("Mum"); empty: the profile's name.
	Label string `json:"label,omitempty"`
	// Zone is the person's home time zone (IANA name); empty: the device's zone.
	Zone string `json:"zone,omitempty"`
	// HomeChosen: someone chose Zone as where the person lives (ChooseHomeZone), on whichever
	// device of the household; not set when a device's reminders took their own zone for it.
	// A computer on another clock then asks nothing: the person is at home (F422).
	HomeChosen bool `json:"homeChosen,omitempty"`
	// ZoneTaken: Zone was taken from a computer's clock by its reminders (the person had
	// none), not chosen. A zone with neither mark was set before they were kept (F422):
	// LoadSettings reads it as chosen when it came from another computer of the household.
	ZoneTaken bool `json:"zoneTaken,omitempty"`
	// Travel remembers the answer to "keep home times or follow local time" for one device zone.
	Travel *TravelAnswer `json:"travel,omitempty"`
	// Routine turns meal and sleep codes and "twice a day" into times.
	Routine schedule.Routine `json:"routine"`
	// Private hides medicine names in notifications.
	Private bool `json:"private,omitempty"`
	// Off turns this person's notifications off (the agenda still lists them).
	Off bool `json:"off,omitempty"`
	// SnoozeMinutes is how long Snooze waits (default 10).
	SnoozeMinutes int `json:"snoozeMinutes"`
	// RepeatEveryMinutes and RepeatMax: an unanswered dose reminder is shown again every
	// RepeatEveryMinutes, at most RepeatMax times (defaults 15 and 3; RepeatMax 0 is no repeats).
	RepeatEveryMinutes int `json:"repeatEveryMinutes"`
	RepeatMax          int `json:"repeatMax"`
	// OnTimeMinutes is the adherence window: a dose taken within ± this many minutes of its
	// time is on time (default 60).
	OnTimeMinutes int `json:"onTimeMinutes"`
	// RefillLeadDays: the refill reminder fires this many days before the supply runs out (7).
	RefillLeadDays int `json:"refillLeadDays"`
	// AppointmentOffsets are minutes before an appointment to remind (default 1440 and 120).
	AppointmentOffsets []int `json:"appointmentOffsets"`
	// AlertAfterMinutes: a dose nobody has answered this many minutes after its time alerts
	// every caregiver device of the household (default 30; see alerts.go).
	AlertAfterMinutes int `json:"alertAfterMinutes,omitempty"`
}

// MaxAlertAfterMinutes is the longest alert delay (a day).
const MaxAlertAfterMinutes = 24 * 60

// TravelAnswer is a person's answer for one device time zone that differs from their home zone.
// At is when the person answered: a person who follows local time from then on keeps the
// doses before it at their home times (what was taken or missed stays at its moment, F322).
type TravelAnswer struct {
	DeviceZone  string    `json:"deviceZone"`
	FollowLocal bool      `json:"followLocal"`
	At          time.Time `json:"at,omitempty"`
}

// ChooseHomeZone sets the person's home zone as someone chose it (People's time zone, 'profile
// set --zone'): where the person lives. This device on another clock — a carer in Kolkata for a
// mother in New York — is no journey, so the traveller's question ("keep home times or follow
// local time?") is answered already: home times (F256 in the app; F343: set from the CLI it was
// asked at once on Today). device is this device's zone (nil: none known).
func (s *Settings) ChooseHomeZone(zone string, device *time.Location, now time.Time) {
	s.Zone, s.HomeChosen, s.ZoneTaken = zone, zone != "", false
	if zone != "" && device != nil && zone != device.String() {
		s.Travel = &TravelAnswer{DeviceZone: device.String(), At: now}
	}
}

// DefaultSettings are the settings of a person who never changed any.
func DefaultSettings() Settings {
	return Settings{
		Routine:            schedule.DefaultRoutine(),
		SnoozeMinutes:      10,
		RepeatEveryMinutes: 15,
		RepeatMax:          3,
		OnTimeMinutes:      60,
		RefillLeadDays:     7,
		AppointmentOffsets: []int{24 * 60, 120},
		AlertAfterMinutes:  30,
	}
}

func (s *Settings) fill() {
	d := DefaultSettings()
	if s.Routine == (schedule.Routine{}) {
		s.Routine = d.Routine
	}
	if s.SnoozeMinutes <= 0 {
		s.SnoozeMinutes = d.SnoozeMinutes
	}
	if s.RepeatEveryMinutes <= 0 {
		s.RepeatEveryMinutes = d.RepeatEveryMinutes
	}
	if s.RepeatMax < 0 {
		s.RepeatMax = 0
	}
	if s.OnTimeMinutes <= 0 {
		s.OnTimeMinutes = d.OnTimeMinutes
	}
	if s.RefillLeadDays <= 0 {
		s.RefillLeadDays = d.RefillLeadDays
	}
	if s.AppointmentOffsets == nil {
		s.AppointmentOffsets = d.AppointmentOffsets
	}
	if s.AlertAfterMinutes <= 0 || s.AlertAfterMinutes > MaxAlertAfterMinutes {
		s.AlertAfterMinutes = d.AlertAfterMinutes
	}
}

// Location returns the zone the person's wall-clock times are in on a device in zone device,
// and whether the person should be asked "keep home times or follow local time" (the device
// zone differs from home and they have not answered for it; until they do, home times apply).
// A home zone someone chose (HomeChosen) is never asked about: it is where the person lives,
// on every device of the household — a daughter's laptop in Berlin for her parents in London
// (F422).
func (s Settings) Location(device *time.Location, at time.Time) (loc *time.Location, ask bool) {
	if device == nil {
		device = time.Local
	}
	if s.Zone == "" {
		return device, false
	}
	home, err := time.LoadLocation(s.Zone)
	if err != nil {
		return device, false
	}
	if s.Zone == device.String() || !schedule.ZoneChanged(home, device, at) {
		return home, false
	}
	if s.Travel != nil && s.Travel.DeviceZone == device.String() {
		if s.Travel.FollowLocal {
			return device, false
		}
		return home, false
	}
	return home, !s.HomeChosen
}

// homeUntil returns, for a person who follows this computer's clock (zone device) since they
// answered the travel question, their home zone and when they answered: their doses before
// that instant are at their home times. Nil when the person does not follow the local time or
// the answer's time is not known (an answer kept before CareKeeper noted it).
func (s Settings) homeUntil(device *time.Location) (*time.Location, time.Time) {
	if device == nil || s.Zone == "" || s.Travel == nil || !s.Travel.FollowLocal || s.Travel.At.IsZero() || s.Travel.DeviceZone != device.String() {
		return nil, time.Time{}
	}
	home, err := time.LoadLocation(s.Zone)
	if err != nil || home.String() == device.String() {
		return nil, time.Time{}
	}
	return home, s.Travel.At
}

func settingsKey(profile string) string { return "remind/settings/" + profile }

// localSettingsKey keeps, on a device that may only view a person in its household, the
// settings chosen there (never exchanged: the devices that manage the person would refuse them).
func localSettingsKey(profile string) string { return "remind/local-settings/" + profile }

// NoticesHere says, under the choices of a person's notifications (the app's reminder settings
// and Settings), that they are this computer's own (F449).
const NoticesHere = "Whether notifications are shown, private, and the name they give are this computer's own: the household's other computers keep theirs."

// noticesKey keeps what a person's notifications are like on this device: shown or not,
// private or not, the name they give (never exchanged, F449: a carer who turned a person's
// notifications off on his laptop turned them off on her own computer too). How this device
// follows the person (remind, alerts, off) is LoadMode's.
func noticesKey(profile string) string { return "remind/notices/" + profile }

// notices are the Settings that are each device's own.
type notices struct {
	Label   string `json:"label,omitempty"`
	Private bool   `json:"private,omitempty"`
	Off     bool   `json:"off,omitempty"`
}

// LoadSettings returns a person's settings (the defaults when none are stored). On a device
// that may only view the person, what was chosen on it (SaveSettings) applies here, with the
// household's alert delay. Whether notifications are shown, private, and the name they give
// are this device's own once chosen on it; until then, in a household, shown, and private and
// named as the household's settings say (F449).
func LoadSettings(v *storage.Vault, profile string) (Settings, error) {
	s, err := loadSettings(v, settingsKey(profile))
	if err != nil {
		return s, err
	}
	chosenHere := false // s is what was chosen on this device (view-only: its own settings)
	if v.ViewOnly(profile) {
		if _, err := v.GetState(localSettingsKey(profile)); err == nil {
			l, err := loadSettings(v, localSettingsKey(profile))
			if err != nil {
				return s, err
			}
			l.AlertAfterMinutes = s.AlertAfterMinutes
			s, chosenHere = l, true
		} else if !errors.Is(err, storage.ErrNotFound) {
			return s, err
		}
	}
	b, err := v.GetState(noticesKey(profile))
	if errors.Is(err, storage.ErrNotFound) {
		// Never chosen on this device. The household's settings may still carry an "off"
		// another device chose before they were each device's own (F449): it never silences
		// this device — shown until chosen here. "Private" and the name stay as they say
		// (this device may have chosen them then; never show medicine names that were
		// hidden). In no household every value was chosen on this vault: all kept.
		if !chosenHere && v.Device() != "" {
			s.Off = false
		}
		return oldZone(v, profile, s, chosenHere), nil
	}
	if err != nil {
		return s, err
	}
	var d notices
	if err := json.Unmarshal(b, &d); err != nil {
		return s, fmt.Errorf("reading reminder settings: %w", err)
	}
	s.Label, s.Private, s.Off = d.Label, d.Private, d.Off
	return oldZone(v, profile, s, chosenHere), nil
}

// oldZone reads a home zone kept before chosen and clock-taken zones were marked (neither
// HomeChosen nor ZoneTaken): one chosen equal to its computer's zone was stored exactly as
// one that computer's reminders took from its clock. Held from another computer of the
// household, it is where the person lives — that computer's place — and is not asked about
// here (F422: the daughter's laptop in Berlin asked of June, whose London zone was chosen on
// her parents' PC before 1105ad7). On the computer that wrote it, or in no household, it may
// still be asked about (that computer may have travelled with the person).
func oldZone(v *storage.Vault, profile string, s Settings, chosenHere bool) Settings {
	if chosenHere || s.Zone == "" || s.HomeChosen || s.ZoneTaken || v.Device() == "" {
		return s
	}
	if w, _, ok := v.Writer(storage.KindState, settingsKey(profile)); ok && w != "" && w != v.Device() {
		s.HomeChosen = true
	}
	return s
}

// shared is s as the household keeps it for profile: this device's own choices (notices)
// left as the household had them.
func shared(v *storage.Vault, profile string, s Settings) (Settings, error) {
	h, err := loadSettings(v, settingsKey(profile))
	if err != nil {
		return s, err
	}
	s.Label, s.Private, s.Off = h.Label, h.Private, h.Off
	return s, nil
}

func loadSettings(v *storage.Vault, key string) (Settings, error) {
	s := DefaultSettings()
	b, err := v.GetState(key)
	if errors.Is(err, storage.ErrNotFound) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	s = Settings{}
	if err := json.Unmarshal(b, &s); err != nil {
		return DefaultSettings(), fmt.Errorf("reading reminder settings: %w", err)
	}
	s.fill()
	return s, nil
}

// SaveSettings stores a person's settings (durably). On a device that may only view the person
// in its household they are kept on this device alone (a viewer may turn off, snooze, relabel or
// keep private the reminders and alerts it shows); the alert delay stays the household's.
func SaveSettings(ctx context.Context, v *storage.Vault, profile string, s Settings) error {
	if _, err := v.Profile(profile); err != nil {
		return err
	}
	if s.Zone != "" {
		if _, err := time.LoadLocation(s.Zone); err != nil {
			return errors.New("unknown time zone")
		}
	}
	s.fill()
	own, err := json.Marshal(notices{Label: s.Label, Private: s.Private, Off: s.Off})
	if err != nil {
		return err
	}
	key := settingsKey(profile)
	if v.ViewOnly(profile) {
		key = localSettingsKey(profile)
	} else if s, err = shared(v, profile, s); err != nil {
		return err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return v.UpdateState(ctx, storage.StateOp{Key: key, Value: b}, storage.StateOp{Key: noticesKey(profile), Value: own})
}

// SaveSettingsChange stores what a page or dialog changed of a person's settings, was (as it
// read them) to now, over the settings held now: a setting it left as it was stays as held. A
// page read an hour ago saved its whole copy, so ticking "Private" on Desk PC wrote back the
// routine it had read and replaced the one Kenji's laptop set meanwhile, on every device and
// unsaid (F533).
func SaveSettingsChange(ctx context.Context, v *storage.Vault, profile string, was, now Settings) error {
	held, err := LoadSettings(v, profile)
	if err != nil {
		return err
	}
	s, err := changedOnto(held, was, now)
	if err != nil {
		return err
	}
	return SaveSettings(ctx, v, profile, s)
}

// changedOnto is held with each setting (a top-level field) that differs between was and now
// set as in now.
func changedOnto(held, was, now Settings) (Settings, error) {
	var h, w, n map[string]json.RawMessage
	for _, x := range []struct {
		s Settings
		m *map[string]json.RawMessage
	}{{held, &h}, {was, &w}, {now, &n}} {
		b, err := json.Marshal(x.s)
		if err != nil {
			return held, err
		}
		if err := json.Unmarshal(b, x.m); err != nil {
			return held, err
		}
	}
	for k := range n {
		if _, ok := w[k]; !ok {
			w[k] = nil
		}
	}
	for k, wv := range w {
		nv := n[k]
		if bytes.Equal(wv, nv) {
			continue
		}
		if nv == nil {
			delete(h, k)
		} else {
			h[k] = nv
		}
	}
	b, err := json.Marshal(h)
	if err != nil {
		return held, err
	}
	var out Settings
	if err := json.Unmarshal(b, &out); err != nil {
		return held, err
	}
	return out, nil
}

// SystemZone is the device's time zone, read afresh (time.Local is fixed at start-up, and
// travel changes the zone while the app runs): $TZ, else /etc/localtime, else time.Local.
func SystemZone(getenv func(string) string) *time.Location {
	if getenv == nil {
		getenv = os.Getenv
	}
	if tz := getenv("TZ"); tz != "" {
		if l, err := loadTZ(tz); err == nil {
			return l
		}
	}
	if p, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(p, "zoneinfo/"); i >= 0 {
			if l, err := time.LoadLocation(p[i+len("zoneinfo/"):]); err == nil {
				return l
			}
		}
	}
	return time.Local
}

// CheckTZ reports an error when $TZ is set to a zone this computer does not know (Go would
// silently use UTC, and SystemZone the system's zone): times would be read and shown in a
// zone the person did not ask for.
func CheckTZ(getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	tz := getenv("TZ")
	if tz == "" {
		return nil
	}
	if _, err := loadTZ(tz); err != nil {
		return fmt.Errorf("TZ=%q is not a time zone this computer knows: use a name like Europe/London, or unset TZ", tz)
	}
	return nil
}

// loadTZ reads $TZ as the C library and Go's time.Local do: a zone name ("Europe/Paris"), or
// the path of a zone file (":/etc/localtime", "/usr/share/zoneinfo/Europe/Paris"), with or
// without a leading colon. A file under a zoneinfo folder is loaded by its name there.
func loadTZ(tz string) (*time.Location, error) {
	tz = strings.TrimPrefix(tz, ":")
	if !filepath.IsAbs(tz) {
		return time.LoadLocation(tz)
	}
	p, err := filepath.EvalSymlinks(tz)
	if err != nil {
		return nil, err
	}
	if i := strings.LastIndex(p, "zoneinfo/"); i >= 0 {
		if l, err := time.LoadLocation(p[i+len("zoneinfo/"):]); err == nil {
			return l, nil
		}
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20)) // zone files are a few KiB
	if err != nil {
		return nil, err
	}
	return time.LoadLocationFromTZData(filepath.Base(p), data)
}
