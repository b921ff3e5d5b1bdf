package hhvault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"carekeeper/storage"
	"carekeeper/sync/household"
	"carekeeper/sync/transport/folder"
)

// LastKey is the state key of this device's last exchange (kept on this device only).
const LastKey = "household/last"

// Last is what this device's latest exchange did.
type Last struct {
	At       time.Time `json:"at"`                // when it ran
	OK       time.Time `json:"ok,omitzero"`       // when one last succeeded
	Error    string    `json:"error,omitempty"`   // why the latest failed (no health data), its whole chain
	Failure  string    `json:"failure,omitempty"` // the same in plain words (FailureWords)
	Retry    time.Time `json:"retry,omitzero"`    // when the background exchange tries again (Run)
	Sent     int       `json:"sent"`              // of the latest that succeeded
	Received int       `json:"received"`          // of the latest that succeeded
	Applied  int       `json:"applied"`           // of the latest that succeeded
	Refused  int       `json:"refused,omitempty"` // files refused by the latest that succeeded
	Changed  time.Time `json:"changed,omitzero"`  // when an exchange last sent or applied something
	// stored: what the record said before LoadLast said the full disk (not saved).
	stored *Last
	// People deleted on another device, learned within the last day (F131).
	Deleted []DeletedPerson `json:"deleted,omitempty"`
	// Settings changed here that a change on another device replaced, until told (F149).
	Replaced []ReplacedSetting `json:"replaced,omitempty"`
	// A person shared by another device holding records this vault held for its own (F216).
	Same []SamePerson `json:"same,omitempty"`
	// Emptied: when an exchange last found the shared folder without any file this device
	// wrote, and wrote everything again (F286).
	Emptied time.Time `json:"emptied,omitzero"`
	// A dose given on this device and on another before they exchanged, until told (F221).
	Twice []TakenTwice `json:"twice,omitempty"`
	// Stopped are the medicines stopped on one device while their times were set on another
	// (one of them this device) before they exchanged (F341); said as Twice.
	Stopped []StoppedWhileSet `json:"stopped,omitempty"`
}

// LoadLast reads the last exchange (zero when there was none). While the disk holding the
// vault is full (storage.Vault.Writable) every exchange fails — nothing received can be
// applied — and its failure cannot be recorded either: the last exchange reads as failed for
// that reason (F402: the status said "In step with 2 devices" while 1,112 changes waited).
func LoadLast(v *storage.Vault) Last {
	var l Last
	if b, err := v.GetState(LastKey); err == nil {
		_ = json.Unmarshal(b, &l) // a damaged record reads as "never"
	}
	l = l.withoutGone(v)
	if err := v.Writable(); err != nil {
		l.stored = &Last{At: l.At, Error: l.Error, Failure: l.Failure}
		if now := time.Now().UTC(); now.After(l.At) {
			l.At = now
		}
		l.Error, l.Failure = err.Error(), err.Error()
	}
	return l
}

// withoutGone leaves out the notes of people no longer in the vault: a person's warnings go
// with her (F357: after 'profile delete' the status named her, her medicines and her doses for
// a day, here and on the device the deletion reached; only "… was deleted on …" stays), and a
// person of this computer joined to a shared one ('household same-person') is no longer said
// to be joined (F348: the stale "join them on this computer: …" line stayed). The next record
// saved forgets them.
func (l Last) withoutGone(v *storage.Vault) Last {
	known := map[string]bool{}
	has := func(id string) bool {
		in, ok := known[id]
		if !ok {
			_, err := v.Profile(id)
			in = !errors.Is(err, storage.ErrNotFound) // an error other than "not there": kept
			known[id] = in
		}
		return in
	}
	l.Replaced = slices.DeleteFunc(l.Replaced, func(r ReplacedSetting) bool { return !has(r.Profile) })
	// Each person named as the people here are now: the name kept with a note was made midway
	// through the exchange that learned it, before or after another of one name came in, as
	// the household's files fell ("Dad" or "Dad (1)").
	if len(l.Replaced) > 0 {
		people := PeopleNames(v)
		for i, r := range l.Replaced {
			if n := people(r.Profile); n != "" && n != r.Profile {
				l.Replaced[i].Person = n
			}
		}
	}
	l.Same = slices.DeleteFunc(l.Same, func(s SamePerson) bool { return !has(s.Shared) || !has(s.Here) })
	l.Twice = slices.DeleteFunc(l.Twice, func(t TakenTwice) bool { return !has(t.Profile) })
	l.Stopped = slices.DeleteFunc(l.Stopped, func(s StoppedWhileSet) bool { return !has(s.Profile) })
	return l
}

// Exchange runs one exchange round and records it for the status line. The record is not
// synced to disk on its own (a lost one only makes the status a round older).
func Exchange(ctx context.Context, v *storage.Vault, h *household.Household, now time.Time) (household.Report, error) {
	err := checkMovedAway(ctx, v, h) // the vault it was moved to goes on: this one stops (F150)
	var rep household.Report
	if err == nil {
		rep, err = h.Exchange(ctx, now)
	}
	err = Plain(err)
	if err == nil {
		err = syncViewOnly(ctx, v, h) // roles may have changed
	}
	if IsRemoved(err) {
		if rerr := recordRemoval(ctx, v, h); rerr != nil {
			err = errors.Join(err, rerr)
		} else if rerr := syncViewOnly(ctx, v, h); rerr != nil { // its people: changes refused here (F338)
			err = errors.Join(err, rerr)
		}
	}
	l := LoadLast(v)
	l.At, l.Retry = now.UTC(), time.Time{}
	if err != nil {
		cfg, _ := LoadConfig(v)
		l.Error, l.Failure = oneLine(err), FailureWords(err, cfg)
	} else {
		l.Error, l.Failure, l.OK = "", "", now.UTC()
		l.Sent, l.Received, l.Applied, l.Refused = rep.Sent, rep.Received, rep.Applied, len(rep.Refused)
		if rep.Emptied {
			l.Emptied = now.UTC()
		}
		if rep.Sent > 0 || rep.Applied > 0 {
			l.Changed = now.UTC()
		}
	}
	_ = saveLast(ctx, v, l) // a lost record only makes the status a round older
	return rep, err
}

func saveLast(ctx context.Context, v *storage.Vault, l Last) error {
	if l.stored != nil && l.Error == l.Failure && l.Error == storage.ErrDiskFull.Error() { // LoadLast's, not recorded
		l.At, l.Error, l.Failure = l.stored.At, l.stored.Error, l.stored.Failure
	}
	b, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("saving the last exchange: %w", err)
	}
	_, err = v.Write(ctx, &storage.Batch{State: []storage.StateOp{{Key: LastKey, Value: b}}})
	return err
}

// recordRetry notes when the background exchange tries again after a failure (for the status
// line's "It will try again in 4 minutes").
func recordRetry(ctx context.Context, v *storage.Vault, at time.Time) {
	l := LoadLast(v)
	l.Retry = at.UTC()
	_ = saveLast(ctx, v, l)
}

func oneLine(err error) string {
	s := err.Error()
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

// Status is the household as this device sees it, in plain words for the Today screen, the
// Settings screen and `household status`.
type Status struct {
	Household string       `json:"household"`
	Name      string       `json:"name"`
	Device    string       `json:"device"`
	Transport string       `json:"transport"`
	InStep    int          `json:"inStep"`             // other devices heard from within a day, none of their files refused here
	LastSync  string       `json:"lastSync,omitempty"` // RFC 3339: the last successful exchange
	Error     string       `json:"error,omitempty"`    // why the latest exchange failed
	Line      string       `json:"line"`               // "In step with 2 devices, 1 minute ago"
	Warnings  []string     `json:"warnings,omitempty"` // what is not in step and what to do
	Devices   []DeviceInfo `json:"devices"`
	// Unreachable: the transport cannot be used at all (the shared folder is not there); the
	// rest is what this device last knew.
	Unreachable string `json:"unreachable,omitempty"`
	// NotShared: the people the household no longer shares with this device (filled by the
	// caller from the vault: storage.Vault.NotShared).
	NotShared []NotSharedInfo `json:"notShared,omitempty"`
}

// NotSharedInfo is a person no longer shared with this device, since when (RFC 3339).
type NotSharedInfo struct {
	Profile string `json:"profile"`
	Since   string `json:"since"`
}

// DeviceInfo is one device for `household devices`.
type DeviceInfo struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	LastSeen string `json:"lastSeen,omitempty"` // RFC 3339; empty: never
	Revoked  bool   `json:"revoked"`
	Self     bool   `json:"self,omitempty"`
}

// StaleAfter is how long without a word from a device before the status warns about it.
const StaleAfter = 24 * time.Hour

// FreshWithin is how recent the last word of every other device must be for the status to say
// "In step" (a device that runs CareKeeper writes at least every 15 minutes: HeartbeatEvery);
// between it and StaleAfter the line says when each was last heard from instead.
const FreshWithin = time.Hour

// unsentMax is how far the status counts changes not sent ("more than 1,000").
const unsentMax = 1000

// DescribeDevices lists the devices for display. This device was last seen at its last
// successful exchange (last.OK; LoadLast), when that is later than its newest segment or
// heartbeat: it was there then, whether or not it had anything to send.
func DescribeDevices(ds []household.Device, last Last) []DeviceInfo {
	out := make([]DeviceInfo, 0, len(ds))
	for _, d := range ds {
		di := DeviceInfo{ID: d.ID, Name: d.Name, Revoked: d.Revoked, Self: d.Self}
		seen := d.LastSeen
		if d.Self && last.OK.After(seen) {
			seen = last.OK
		}
		if !seen.IsZero() {
			di.LastSeen = seen.UTC().Format(time.RFC3339)
		}
		out = append(out, di)
	}
	return out
}

// MakeStatus puts the household's state into words at now. "In step" is said only when it is
// true as far as this device can know (F96): its last exchange worked and nothing made here is
// waiting to be sent, no file of another device is refused here, and every other device was
// heard from within FreshWithin. Otherwise the line and the warnings say what is the case and
// what to do: changes made here that have not reached the shared folder and why, files of a
// device refused here, a device not heard from since a date (dates and times in now's zone:
// give now in this computer's, the zone its command was given).
func MakeStatus(h *household.Household, cfg Config, last Last, now time.Time) Status {
	st := Status{Household: h.ID(), Name: h.Name(), Device: h.DeviceID(), Transport: cfg.Describe(), Error: last.Error}
	ds := h.Devices()
	st.Devices = DescribeDevices(ds, last)
	refusing := h.Refusing(now)
	elsewhere := h.RefusedElsewhere()
	var behind []string    // heard from within a day but not within the hour: "Mum's laptop 3 hours ago"
	var notInStep []string // names of the devices this one is not in step with
	known := map[string]bool{}
	for _, d := range ds {
		known[d.ID] = true
		if d.Self || d.Revoked {
			continue
		}
		ok := true
		var bad, ahead []household.Refusal
		for _, r := range refusing[d.ID] {
			if r.Bad {
				bad = append(bad, r)
			} else {
				ahead = append(ahead, r)
			}
		}
		if len(bad) > 0 {
			ok = false
			st.Warnings = append(st.Warnings, refusedWords(d.Name, bad, cfg))
		}
		if len(ahead) > 0 {
			ok = false
			st.Warnings = append(st.Warnings, aheadWords(d.Name, ahead))
		}
		if n := elsewhere[d.ID]; n > 0 { // F96: said back by that device
			ok = false
			files, was, it := "1 file", "it is damaged or was", "it"
			if n > 1 {
				files, was, it = fmt.Sprintf("%d files", n), "they are damaged or were", "them"
			}
			if h.RewrittenFor(d.ID) { // what this computer holds was written again for it
				where := "the shared folder"
				if cfg.WebDAV != "" {
					where = "the WebDAV server"
				}
				st.Warnings = append(st.Warnings, fmt.Sprintf("%s of this computer's changes cannot be used on %s: %s changed on the way. This computer has written what it holds to %s again: it reaches %s at its next exchange",
					files, d.Name, was, where, d.Name))
			} else {
				st.Warnings = append(st.Warnings, fmt.Sprintf("%s of this computer's changes cannot be used on %s: %s changed on the way. What is in %s has not reached %s; 'household sync' there names %s",
					files, d.Name, was, it, d.Name, it))
			}
		}
		switch {
		case d.LastSeen.IsZero():
			ok = false
			st.Warnings = append(st.Warnings, fmt.Sprintf("Nothing from %s has reached this computer yet: if it stays so, check that CareKeeper runs on it with the household's folder", d.Name))
		case now.Sub(d.LastSeen) > StaleAfter:
			ok = false
			st.Warnings = append(st.Warnings, fmt.Sprintf("Nothing from %s has reached this computer since %s (%s ago): what was changed on it since is not here; check that it is on and that the sync app runs on both",
				d.Name, d.LastSeen.In(now.Location()).Format("2 Jan 2006"), Ago(now.Sub(d.LastSeen))))
		case ok && now.Sub(d.LastSeen) > FreshWithin:
			behind = append(behind, fmt.Sprintf("%s %s ago", d.Name, Ago(now.Sub(d.LastSeen))))
		}
		if ok {
			st.InStep++
		} else {
			notInStep = append(notInStep, d.Name)
		}
	}
	if !last.Emptied.IsZero() && now.Sub(last.Emptied) < DeletedShownFor {
		st.Warnings = append(st.Warnings, EmptiedWords(cfg, last.Emptied.In(now.Location())))
	}
	// Files under a device folder no member has: someone else writes in the shared folder.
	// Another household's files are said as such: they were read (their clear header) and
	// refused (F326: "from a device that is not in the household: not read").
	var strangers, others []household.Refusal
	for dev, rs := range refusing {
		if known[dev] {
			continue
		}
		for _, r := range rs {
			if r.Reason == household.ReasonOtherHousehold {
				others = append(others, r)
			} else {
				strangers = append(strangers, r)
			}
		}
	}
	where := "the shared folder"
	if cfg.WebDAV != "" {
		where = "the household's folder on the WebDAV server"
	}
	if len(others) > 0 {
		st.Warnings = append(st.Warnings, fmt.Sprintf("%s in %s %s to another household: not used. Two households share %s: give each one a folder of its own",
			countOf(len(others), "file", "files"), where, map[bool]string{true: "belongs", false: "belong"}[len(others) == 1], where))
	}
	if len(strangers) > 0 {
		st.Warnings = append(st.Warnings, fmt.Sprintf("%s in %s from a device that is not in the household: not read. If no device is joining, someone else can write in %s",
			countOf(len(strangers), "file is", "files are"), where, where))
	}
	if !last.OK.IsZero() {
		st.LastSync = last.OK.UTC().Format(time.RFC3339)
	}
	if cfg.Folder != "" { // a WebDAV server is never contacted for a status
		if _, err := folder.New(cfg.Folder); err != nil {
			st.Unreachable = UnreachableWords(err, cfg)
		}
	}
	failed := last.Error != "" && last.At.After(last.OK)
	unsent := 0
	if failed || st.Unreachable != "" {
		unsent, _ = h.Unsent(context.Background(), unsentMax) // a count not read is said as none
	}
	at, removed := h.Removed()
	switch {
	case removed:
		st.Line = "This device was removed from the household on " + at.In(now.Location()).Format("2 Jan 2006") + ": it takes no more part in it"
	case st.Unreachable != "" && last.OK.IsZero(): // why is the line of its own
		st.Line = "Not in step yet"
	case st.Unreachable != "" && failed:
		st.Line = fmt.Sprintf("Last in step %s ago", Ago(now.Sub(last.OK)))
	case last.OK.IsZero() && last.Error != "":
		st.Line = "Not in step yet. " + failedWords(last, now, UnsentWords(unsent, cfg))
	case last.OK.IsZero():
		st.Line = "Not in step yet: no exchange has run"
	case failed:
		st.Line = fmt.Sprintf("Last in step %s ago. %s", Ago(now.Sub(last.OK)), failedWords(last, now, UnsentWords(unsent, cfg)))
	case len(notInStep) > 0:
		st.Line = "Not in step with " + andList(notInStep)
		if st.InStep > 0 {
			st.Line += fmt.Sprintf("; in step with %s, %s ago", plural(st.InStep, "other device"), Ago(now.Sub(last.OK)))
		}
	case st.InStep == 0:
		// Every other device removed, or none joined yet (it said "No other device heard from").
		st.Line = fmt.Sprintf("No other device in the household; last exchange %s ago", Ago(now.Sub(last.OK)))
	case len(behind) > 0:
		// Not "In step": this device has what they sent, and they sent nothing for an hour.
		st.Line = fmt.Sprintf("Last exchange %s ago; last heard from %s", Ago(now.Sub(last.OK)), andList(behind))
	default:
		st.Line = fmt.Sprintf("In step with %s, %s ago", plural(st.InStep, "device"), Ago(now.Sub(last.OK)))
	}
	if st.Unreachable != "" && unsent > 0 && !removed {
		st.Warnings = append([]string{UnsentWords(unsent, cfg) + ": they go once it is back"}, st.Warnings...)
	}
	return st
}

// refusedWords: "2 files from Mum's laptop cannot be used here: they are damaged, or were
// changed after Mum's laptop wrote them. What is in them has not reached this computer; if
// nobody changed the shared folder by hand, check its sync app".
func refusedWords(name string, rs []household.Refusal, cfg Config) string {
	files, are, them := "1 file", "it is", "it"
	if len(rs) > 1 {
		files, are, them = fmt.Sprintf("%d files", len(rs)), "they are", "them"
	}
	why := plainReason(rs[0].Reason, name, are, them)
	where := "if nobody changed the shared folder by hand, check its sync app"
	if cfg.WebDAV != "" {
		where = "if nobody changed the files on the WebDAV server by hand, check the server"
	}
	return fmt.Sprintf("%s from %s cannot be used here: %s. What is in %s has not reached this computer; %s", files, name, why, them, where)
}

// aheadWords: "2 files from Mum's laptop are kept aside: its clock is 2 hours ahead of this
// computer's, and what is in them is used once this clock catches up. Set the right time on
// Mum's laptop (or on this computer)".
func aheadWords(name string, rs []household.Refusal) string {
	files, are, them := "1 file", "is", "it"
	if len(rs) > 1 {
		files, are, them = fmt.Sprintf("%d files", len(rs)), "are", "them"
	}
	by := "ahead"
	if _, after, ok := strings.Cut(rs[0].Reason, "clock is "); ok {
		by, _, _ = strings.Cut(after, ";")
	}
	return fmt.Sprintf("%s from %s %s kept aside: its clock is %s of this computer's, and what is in %s is used once this clock catches up. Set the right time on %s (or on this computer)",
		files, name, are, by, them, name)
}

// plainReason says a refused file's reason (household's words, for 'household sync') for the
// status, without the household's own terms ("segment", "header").
func plainReason(reason, name, are, them string) string {
	switch {
	case strings.HasPrefix(reason, "too large"):
		return are + " " + reason
	case strings.Contains(reason, "another household"):
		return are + " another household's"
	case strings.HasPrefix(reason, "could not be read"):
		return are + " not readable here"
	case strings.Contains(reason, "not a member"):
		return are + " from a device that is not in the household"
	case strings.Contains(reason, "newer CareKeeper"):
		return are + " written by a newer CareKeeper: update CareKeeper on this computer"
	}
	// Too short, not ours, signature, decryption, malformed, misplaced.
	return are + " damaged, or changed after " + name + " wrote " + them
}

// UnsentWords: "The last 4 changes made on this computer have not reached the shared folder"
// ("" for none).
func UnsentWords(n int, cfg Config) string {
	if n == 0 {
		return ""
	}
	where := "the shared folder"
	if cfg.WebDAV != "" {
		where = "the WebDAV server"
	}
	switch {
	case n > unsentMax:
		return fmt.Sprintf("More than %s changes made on this computer have not reached %s", thousands(unsentMax), where)
	case n == 1:
		return "The last change made on this computer has not reached " + where
	}
	return fmt.Sprintf("The last %s changes made on this computer have not reached %s", thousands(n), where)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// andList: "a", "a and b", "a, b and c".
func andList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// UnreachableWords is the line said when the household's transport cannot be used at all
// (err from Open, an *UnreachableError, or the shared folder found not there): "The shared
// folder … is not there (is its drive connected, or was it moved?): nothing is exchanged until
// it is back" ('household status', the app's Today and Settings → Household).
func UnreachableWords(err error, cfg Config) string {
	w := FailureWords(err, cfg)
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:] + ": nothing is exchanged until it is back"
}

// failedWords: "The last exchange failed: the WebDAV server h:8080 could not be reached
// (connection refused). It will try again in 4 minutes" (the retry when the background
// exchange runs; no final full stop, as for every status line).
func failedWords(last Last, now time.Time, unsent string) string {
	why := last.Failure
	if why == "" { // recorded before the plain words were
		why = last.Error
	}
	s := "The last exchange failed: " + why
	if unsent != "" { // what it means for this computer's changes, and why
		s = unsent + ": " + why
	}
	if last.Retry.After(now) {
		d := last.Retry.Sub(now)
		if d < time.Minute {
			s += ". It will try again in less than a minute"
		} else {
			s += ". It will try again in " + plural(int((d+time.Minute-1)/time.Minute), "minute")
		}
	}
	return s
}

// Ago says a duration the way a person would: "less than a minute", "1 minute", "3 hours",
// "2 days".
func Ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Leave takes the vault out of its household on this device: the transport configuration,
// the change log and the household state go; the records stay.
func Leave(ctx context.Context, v *storage.Vault) error {
	if err := v.UpdateState(ctx, storage.StateOp{Key: ConfigKey, Delete: true}, storage.StateOp{Key: LastKey, Delete: true}, storage.StateOp{Key: RemovedKey, Delete: true}); err != nil {
		return err
	}
	if err := errors.Join(v.SetViewOnly(ctx, nil), v.SetNotShared(ctx, nil)); err != nil {
		return err
	}
	if err := v.StopChanges(); err != nil && !errors.Is(err, storage.ErrNoHousehold) {
		return err
	}
	return nil
}

// DeviceNames maps the household's device ids to their names, with this device's id, for
// saying who answered a dose (remind.AnsweredElsewhere); nil and "" outside a household. It
// reads the saved household state only (no transport).
func DeviceNames(ctx context.Context, v *storage.Vault) (map[string]string, string, error) {
	h, err := household.Open(ctx, Replica{V: v}, nil)
	if errors.Is(err, household.ErrNoHousehold) {
		// A join that was never admitted and whose code has expired is forgotten here.
		_, err := household.DropExpiredJoin(ctx, Replica{V: v}, time.Now())
		return nil, "", err
	}
	if err != nil {
		return nil, "", err
	}
	names := map[string]string{}
	for _, d := range h.Devices() {
		names[d.ID] = d.Name
	}
	return names, h.DeviceID(), nil
}

// EnteredOn is, for a record entered in CareKeeper (storage.AppSource), the name of the
// household device it was entered on (the writer of the version held here) when that is not
// this one; "" for this device's own, outside a household, or for a record the household does
// not carry. names and self are DeviceNames'. The Timeline said "entered by you" of a weight
// and an insulin dose a daughter entered on her own laptop (F426); Today names the device.
func EnteredOn(v *storage.Vault, names map[string]string, self string, id storage.ID) string {
	if id.Source != storage.AppSource || self == "" {
		return ""
	}
	kind := storage.KindRecord
	if id.Type == "MedicationAdministration" {
		kind = storage.KindDose
	}
	// the writer of the version alone, not the record read again: the Timeline asks this of
	// every record entered in CareKeeper when it opens (its filter of sources, F426)
	device, _, ok := v.Writer(kind, storage.RecordKey(id))
	if !ok || device == "" || device == self {
		return ""
	}
	if n := names[device]; n != "" {
		return n
	}
	return "another device of the household"
}

// PlanSetOn is, for a medicine whose times a person set (remind.Medicine.Overridden), the name
// of the household device the plan in force was set on when it is not this one; "" for this
// device's own, outside a household, or for a plan the household does not carry. names and
// self are DeviceNames'. Today said "(set by you)" on a daughter's laptop of times changed on
// her mother's PC (F438).
func PlanSetOn(v *storage.Vault, names map[string]string, self, profile string, med storage.ID) string {
	if self == "" {
		return ""
	}
	c, ok, err := v.Held(storage.KindState, planPrefix+profile+"/"+storage.RecordKey(med))
	if err != nil || !ok || c.Device == "" || c.Device == self {
		return ""
	}
	if n := names[c.Device]; n != "" {
		return n
	}
	return "another device of the household"
}

// EmptiedWords says that an exchange found the shared folder without any file this device
// wrote, and wrote everything again (F286): "At 04:40 the shared folder /x no longer held this
// computer's household files (emptied by its sync app, or put back to an older copy?): …" (at
// said in its own zone: give it in this computer's).
func EmptiedWords(cfg Config, at time.Time) string {
	where := "the shared folder " + cfg.Folder
	if cfg.WebDAV != "" {
		where = "the household's folder on the WebDAV server"
		if u, err := url.Parse(cfg.WebDAV); err == nil && u.Host != "" {
			where += " " + u.Host
		}
	}
	return fmt.Sprintf("At %s %s no longer held this computer's household files (emptied by its sync app, or put back to an older copy?): everything this computer holds was written to it again, so the other devices get it at their next exchange. What other devices wrote may be gone from it too: check the folder's sync app, and run an exchange on each",
		at.Format("15:04"), where)
}
