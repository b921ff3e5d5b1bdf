package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// A person made by an import had this computer's clock, whatever her records said, without a
// word: a caregiver in Kolkata saw a Massachusetts visit of 17:09 (−05:00) at 03:39 the next
// day (F255). Her records' times carry the offsets of the clock they were written on; when
// every one of them fits one time zone (−05:00 in winter and −04:00 in summer: New York) and
// it is not this computer's, the import line says so and proposes it; records on several
// clocks are said too. Offsets of zero (servers write UTC) say nothing. The zone is proposed,
// not set: the person (or her caregiver) chooses it on People, where it also decides her
// reminders' hours.

// ZoneSet is the time zone a new person's records are written in (Zone, an IANA name),
// proposed, or, with Zone empty, the finding that her records are on several clocks.
type ZoneSet struct {
	Profile string `json:"profile"`
	Zone    string `json:"zone,omitempty"`
}

// recordZones are the zones a person's records may be on, the most likely of two with the
// same offsets first (New York before Toronto).
var recordZones = []string{
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
	"America/Anchorage", "Pacific/Honolulu", "America/Halifax", "America/St_Johns", "America/Puerto_Rico",
	"America/Toronto", "America/Vancouver", "America/Mexico_City", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
	"America/Bogota", "America/Lima", "America/Santiago",
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Athens",
	"Europe/Helsinki", "Europe/Istanbul", "Europe/Moscow", "Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo",
	"Africa/Nairobi", "Asia/Jerusalem", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka",
	"Asia/Bangkok", "Asia/Singapore", "Asia/Shanghai", "Asia/Manila", "Asia/Tokyo", "Asia/Seoul",
	"Australia/Perth", "Australia/Adelaide", "Australia/Darwin", "Australia/Brisbane", "Australia/Sydney",
	"Pacific/Auckland",
}

// zoneTimesIn calls fn with each FHIR date-time with a time of day and an offset in a
// resource ("2019-03-01T10:00:00-05:00", without its quotes), the first first, at most most of
// them: what `"(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?[+-]\d\d:\d\d)"` finds with
// regexp's FindAllSubmatch, which took ~9 % of the CPU of importing the 13 Synthea bundles
// (every record of each new person is looked through; TestZoneTimesAsThePattern compares the
// two).
//
// It looks at each "T" rather than each quote (JSON has a quote every few bytes): a date-time's
// T is 11 bytes after its opening quote, so every place one may begin is seen, in order.
func zoneTimesIn(b []byte, most int, fn func(ts []byte)) {
	next := 0 // where the next one may begin: after the last one's closing quote
	for i, n := 11, 0; n < most && i < len(b); i++ {
		t := bytes.IndexByte(b[i:], 'T')
		if t < 0 {
			return
		}
		i += t
		if s := i - 11; s >= next && b[s] == '"' {
			if e := zoneTimeEnd(b, s+1); e > 0 {
				fn(b[s+1 : e])
				n++
				next = e + 1
			}
		}
	}
}

// zoneTimeEnd returns the index of the closing quote of a date-time with a time of day and an
// offset that begins at b[i], or 0 when none does.
func zoneTimeEnd(b []byte, i int) int {
	at := func(k int, c byte) bool { return k < len(b) && b[k] == c }
	digits := func(k, n int) bool {
		if k+n > len(b) {
			return false
		}
		for _, c := range b[k : k+n] {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	if !digits(i, 4) || !at(i+4, '-') || !digits(i+5, 2) || !at(i+7, '-') || !digits(i+8, 2) ||
		!at(i+10, 'T') || !digits(i+11, 2) || !at(i+13, ':') || !digits(i+14, 2) {
		return 0
	}
	k := i + 16
	if at(k, ':') && digits(k+1, 2) { // seconds, and their fraction
		k += 3
		if at(k, '.') && digits(k+1, 1) {
			for k += 2; digits(k, 1); k++ {
			}
		}
	}
	if !at(k, '+') && !at(k, '-') || !digits(k+1, 2) || !at(k+3, ':') || !digits(k+4, 2) || !at(k+6, '"') {
		return 0
	}
	return k + 6
}

// zoneSampleRecords bounds the records read per new person (an Apple Health export holds
// millions).
const zoneSampleRecords = 5000

var errEnough = errors.New("enough records read")

// zonePeopleAtMost: a file making more new people (a clinic's bulk export) is not read for
// their zones.
const zonePeopleAtMost = 20

// recordTimes are the instants of a person's records of care that carry a non-zero offset,
// with it, when at least two records carry one (nil otherwise): a Patient's birth time is not
// a record of care, and one time is no clock — Peter Chalmers, of Victoria, Australia, was
// said to be "on New York time" from his birth time of −05:00 alone (F377).
//
// written, when not nil, are every record of the person in the vault (sync's
// Summary.NewPeopleRecords: the records the import just wrote for a new person): they are
// looked through instead of being read back, when there are no more of them than the vault's
// would be read (zoneSampleRecords; which ones are read past that follows the vault's key
// order). The times found are the same: which zone fits them does not depend on their order.
func recordTimes(ctx context.Context, v *storage.Vault, profile string, written []*storage.Record) ([]time.Time, error) {
	gs, err := recordTimeGroups(ctx, v, profile, written)
	return slices.Concat(gs...), err
}

// recordTimeGroups are recordTimes, the times of each record apart (in the order found): the
// times of one record are read together (an appointment's start and end, F552).
func recordTimeGroups(ctx context.Context, v *storage.Vault, profile string, written []*storage.Record) ([][]time.Time, error) {
	var out [][]time.Time
	n, withOffset := 0, 0
	care := 0
	for _, r := range written {
		if r.ID.Type != "Patient" {
			care++
		}
	}
	records := func(fn func(*storage.Record) error) error {
		return v.Records(ctx, storage.Query{Profile: profile, Reuse: true}, fn)
	}
	if written != nil && care <= zoneSampleRecords {
		records = func(fn func(*storage.Record) error) error {
			for _, r := range written {
				if err := fn(r); err != nil {
					return err
				}
			}
			return nil
		}
	}
	err := records(func(r *storage.Record) error {
		if r.ID.Type == "Patient" {
			return nil
		}
		var group []time.Time
		zoneTimesIn(r.Resource, 64, func(ts []byte) {
			t, err := time.Parse(time.RFC3339Nano, string(ts))
			if err != nil {
				return
			}
			if _, off := t.Zone(); off != 0 {
				group = append(group, t)
			}
		})
		if len(group) > 0 {
			out = append(out, group)
			withOffset++
		}
		if n++; n >= zoneSampleRecords {
			return errEnough
		}
		return nil
	})
	if errors.Is(err, errEnough) {
		err = nil
	}
	if withOffset < 2 {
		out = nil
	}
	return out, err
}

// fits reports whether every time's offset is loc's at that instant, or a time of day loc's
// clocks skip written with one of its offsets of that night (skippedBy), or a time of the same
// record as such a one, written with its offset within a day of it (slipWith): the appointment
// "02:30+01:00" to "03:00+01:00" on the night Warsaw goes from 02:00 CET to 03:00 CEST, whose end
// is the same slip as its start (F552). groups are the times of each record apart.
func fits(loc *time.Location, groups [][]time.Time) bool {
	for _, times := range groups {
		for _, t := range times {
			_, want := t.Zone()
			if _, off := t.In(loc).Zone(); off != want && !skippedBy(t, loc) && !slipWith(t, times, loc) {
				return false
			}
		}
	}
	return true
}

// slipWith reports whether t, of the record whose times are times, has the offset of one of
// them that loc's clocks skip (skippedBy) and is within a day of it: the record's times were all
// written with that night's other offset.
func slipWith(t time.Time, times []time.Time, loc *time.Location) bool {
	_, off := t.Zone()
	for _, s := range times {
		if _, o := s.Zone(); o != off || !skippedBy(s, loc) {
			continue
		}
		if d := t.Sub(s); d >= -24*time.Hour && d <= 24*time.Hour {
			return true
		}
	}
	return false
}

// skippedBy reports whether t's time of day, as written with its offset, is one loc's clocks
// skip (the hour they go forward), written with loc's offset of just before or just after: a
// clinic's "02:30-05:00" on the night Montréal goes from 02:00 EST to 03:00 EDT (F535: the
// import said the person's records were "on several clocks" and sent the carer to change their
// zone; the one record off the zone was this).
func skippedBy(t time.Time, loc *time.Location) bool {
	y, mo, d := t.Date()
	h, mi, _ := t.Clock()
	if there := time.Date(y, mo, d, h, mi, 0, 0, loc); there.Hour() == h && there.Minute() == mi {
		return false
	}
	_, off := t.Zone()
	_, before := t.Add(-time.Hour).In(loc).Zone()
	_, after := t.Add(time.Hour).In(loc).Zone()
	return off == before || off == after
}

// SkippedTime is a time of day a new person's record gives that their clocks skip (skippedBy):
// said on the import's line, as it is shown an hour off what the record says (F535).
type SkippedTime struct {
	Profile string `json:"profile"`
	Written string `json:"written"` // as the record gives it, "2027-03-14T02:30:00-05:00"
	Zone    string `json:"zone"`    // the clock it was read on
}

// words: "Gérard Leblanc's records give 02:30 on 14 Mar 2027, a time the clocks skip that night
// (they go forward an hour): shown at 03:30, the moment it names — check the time with whoever
// wrote it (an appointment: the clinic)".
func (s SkippedTime) words(who string) string {
	if who == "" {
		who = "the person"
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, s.Written)
	if err != nil || len(s.Written) < len("2006-01-02T15:04") {
		return ""
	}
	return fmt.Sprintf("%s's records give %s on %s, a time the clocks skip that night (they go forward an hour): shown at %s, the moment it names — check the time with whoever wrote it (an appointment: the clinic)",
		who, s.Written[11:16], health.DayWords(s.Written[:10]), t.In(loc).Format("15:04"))
}

// skippedTimes are the times of times loc's clocks skip, as SkippedTime of profile.
func skippedTimes(profile string, groups [][]time.Time, loc *time.Location) []SkippedTime {
	var out []SkippedTime
	for _, times := range groups {
		for _, t := range times {
			_, want := t.Zone()
			if _, off := t.In(loc).Zone(); off != want && skippedBy(t, loc) {
				out = append(out, SkippedTime{Profile: profile, Written: t.Format(time.RFC3339), Zone: loc.String()})
			}
		}
	}
	return out
}

// zoneOfRecords is the first zone every time fits ("" for none), and whether the times name
// any offset at all.
func zoneOfRecords(times [][]time.Time, device *time.Location) (zone string, deviceFits bool) {
	if device != nil && fits(device, times) {
		return device.String(), true
	}
	for _, name := range recordZones {
		if loc, err := time.LoadLocation(name); err == nil && fits(loc, times) {
			return name, false
		}
	}
	return "", false
}

// newPeopleZones finds, for each new person of the import, the zone her records are written
// in when they fit one and it is not this computer's (which she has already), or that they
// fit none.
func newPeopleZones(ctx context.Context, v *storage.Vault, people []string, written map[string][]*storage.Record, device *time.Location) ([]ZoneSet, []SkippedTime, error) {
	var out []ZoneSet
	var skipped []SkippedTime
	for _, p := range people {
		st, err := remind.LoadSettings(v, p)
		if err != nil {
			return out, skipped, err
		}
		if st.Zone != "" {
			continue
		}
		times, err := recordTimeGroups(ctx, v, p, written[p])
		if err != nil {
			return out, skipped, err
		}
		if len(times) == 0 {
			continue
		}
		zone, here := zoneOfRecords(times, device)
		if !here {
			out = append(out, ZoneSet{Profile: p, Zone: zone})
		}
		if loc, err := time.LoadLocation(zone); zone != "" && err == nil {
			skipped = append(skipped, skippedTimes(p, times, loc)...)
		}
	}
	return out, skipped, nil
}

// words says a ZoneSet: "Donnette Sporer's records are on New York time, shown here on this
// computer's: to see them on hers, choose it on People → Time zone and reminders…".
//
// cli names the CLI's command instead of the app's menu (F335): "(to see them on New York
// time: 'carekeeper profile set --profile 89e0a2a9f3d0 --zone America/New_York')".
func (z ZoneSet) words(who string, cli bool) string {
	if who == "" {
		who = "the person"
	}
	choose := "People → Time zone and reminders…"
	if cli {
		zone := z.Zone
		if zone == "" {
			zone = "ZONE"
		}
		choose = "'carekeeper profile set --profile " + z.Profile + " --zone " + zone + "'"
	}
	if z.Zone == "" {
		return who + "'s records are written on several clocks, shown here on this computer's (to choose theirs: " + choose + ")"
	}
	loc, err := time.LoadLocation(z.Zone)
	if err != nil {
		return ""
	}
	name := remind.Zone{Loc: loc, Device: loc}.Name(time.Now())
	return who + "'s records are on " + name + ", shown here on this computer's clock (to see them on " + name + ": " + choose + ")"
}
