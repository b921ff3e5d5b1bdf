package cli

import (
	"carekeeper/internal/health"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

func init() {
	register(
		&command{name: "household", args: "create|invite|join|devices|revoke|sync|status|moved|leave|same-person ...", summary: "keep this vault in step with the household's other devices", run: runHouseholdCmd,
			detail: "Devices of one household exchange end-to-end encrypted changes through a shared folder (kept in sync by\n" +
				"Syncthing, Nextcloud, Dropbox, ...) or a WebDAV server; nothing readable leaves a device. The WebDAV password\n" +
				"comes from $CAREKEEPER_WEBDAV_PASSWORD only (kept in the encrypted vault for the app and daemon).\n" +
				"  household create --name NAME (--folder DIR | --webdav URL --webdav-user USER) [--device-name NAME]\n" +
				"      --json: {\"household\",\"device\"}\n" +
				"  household invite [--profile ID --role manage|view]... [--qr FILE.png]\n" +
				"      a single-use code, valid 10 minutes, admitted by the next exchange of any device of the household;\n" +
				"      --qr also writes it as a QR image. --json: {\"code\",\"expires\",\"qr\"}\n" +
				"  household join --code CODE (--folder DIR | --webdav URL --webdav-user USER) [--device-name NAME] [--wait SECONDS]\n" +
				"      waits (default 600 s) until admitted. --json: {\"household\",\"device\"}\n" +
				"  household devices      --json: [{\"id\",\"name\",\"lastSeen\",\"revoked\",\"self\"}]\n" +
				"  household revoke ID    the device gets nothing written from now on; what it already has stays on it\n" +
				"  household sync         one exchange. --json: {\"sent\",\"received\",\"applied\",\"refused\":[{\"file\",\"reason\",\"bad\"}],\n" +
				"      \"deleted\":[{\"name\",\"by\",\"at\",\"notKept\",\"line\"}],\n" +
				"      \"replaced\":[{\"person\",\"profile\",\"setting\",\"here\",\"hereAt\",\"there\",\"by\",\"thereAt\",\"line\"}],\n" +
				"      \"samePerson\":[line],\"takenTwice\":[{\"person\",\"profile\",\"medicine\",\"scheduled\",\"day\",\"takes\":[{\"at\",\"device\"}],\"line\"}]}:\n" +
				"      people deleted on another device; a setting changed here that a later change on another device replaced;\n" +
				"      a shared person holding records this computer held for its own; a dose given here and on another device\n" +
				"      (times on the person's clock; each said once).\n" +
				"      A file refused as bad (damaged, altered, too large, not the household's) is one line on stderr, exit 1\n" +
				"  household status [--details]  --json: {\"household\",\"name\",\"device\",\"transport\",\"inStep\",\"lastSync\",\"error\",\"line\",\"warnings\",\"devices\",\n" +
				"      \"unreachable\",\"notShared\":[{\"profile\",\"since\"}]}. With the shared folder not there, status and devices say what\n" +
				"      this device knows and one line more (exit 0); invite, revoke, sync and share refuse (exit 1).\n" +
				"      Three or more doses answered on two devices within the day are said in one line counting them by\n" +
				"      medicine; --details lists each\n" +
				"  household same-person --keep ID --from ID --yes   two people who are one (a person shared by another device and\n" +
				"      this computer's own, of one name and birth date): every record of --from moves to --keep, and --from is\n" +
				"      deleted on every device; it cannot be undone. CareKeeper never joins people by itself. --json: {\"keep\",\"from\",\"records\"}\n" +
				"  household moved        this vault was moved here, not copied: it goes on as the same device. A copy of a\n" +
				"      household device's vault (its folder copied) takes no part in the household; join as a new device instead\n" +
				"  household leave --yes  this vault leaves its household on this computer (its keys of it are forgotten; the\n" +
				"      records stay); remove it on another device with 'household revoke ID'. Create and join in a vault already\n" +
				"      in a household say so first, naming it, and exit 1"},
		&command{name: "share", args: "--profile ID --device ID --role manage|view|none", summary: "choose what a household device may do with a person", run: runShare,
			detail: "manage: see, answer doses, edit schedules; view: see and get alerts; none: nothing of this person reaches\n" +
				"the device (a removal changes that person's key). Sent with the next exchange."},
	)
}

// transportFlags are the flags naming a transport.
type transportFlags struct{ folder, webdav, user string }

func (t *transportFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&t.folder, "folder", "", "the shared folder")
	fs.StringVar(&t.webdav, "webdav", "", "the WebDAV server's URL")
	fs.StringVar(&t.user, "webdav-user", "", "the WebDAV user")
}

func (t *transportFlags) config(c *call) (hhvault.Config, error) {
	cfg := hhvault.Config{Folder: t.folder, WebDAV: t.webdav, WebDAVUser: t.user}
	if cfg.Folder != "" {
		if abs, err := filepath.Abs(cfg.Folder); err == nil {
			cfg.Folder = abs
		}
	}
	if err := cfg.Check(); err != nil {
		return cfg, usagef("%v", err)
	}
	if cfg.WebDAV != "" {
		cfg.WebDAVPassword = c.env.Getenv("CAREKEEPER_WEBDAV_PASSWORD")
		if cfg.WebDAVPassword == "" {
			return cfg, errors.New("no WebDAV password: set CAREKEEPER_WEBDAV_PASSWORD (an app password of the server)")
		}
	}
	return cfg, nil
}

// memberName is a device of the household by its name, else "the device ID".
func memberName(h *household.Household, id string) string {
	for _, d := range h.Devices() {
		if d.ID == id && d.Name != "" {
			return d.Name
		}
	}
	return "the device " + id
}

func deviceName(name string) string {
	if name != "" {
		return name
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "this computer"
}

// listFlag collects a repeated flag in order.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// runHousehold starts the daemon's background exchange when the vault is in a household; the
// returned function stops it and waits. What another device changed reloads the reminders (an
// answer from another device withdraws the notification here; caregiver alerts follow).
func runHousehold(ctx context.Context, c *call, v *storage.Vault, e *remind.Engine) (stop func()) {
	h, cfg, err := hhvault.OpenAwaiting(ctx, v, c.env.Getenv) // a shared folder not there is waited for
	if err != nil {
		switch {
		case hhvault.IsMovedAway(err): // its reminders are held (hhvault.HoldPeople): F150
			textf(c.env.Stderr, "carekeeper daemon: no reminders or alerts here: %s\n", oneLine(err))
		case !errors.Is(err, hhvault.ErrNoTransport) && !errors.Is(err, hhvault.ErrCopied): // a copy: said by runDaemon
			textf(c.env.Stderr, "carekeeper daemon: the household: %s\n", oneLine(err))
		}
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	failing := false
	// People no longer shared with this device are said as 'today' says them, by their id
	// (no names in the daemon's log): at the start, and when the exchange learns it.
	said := map[string]bool{}
	sayNotShared := func() {
		ps, err := v.Profiles()
		if err != nil {
			return
		}
		now := map[string]bool{}
		removal, _ := hhvault.LoadRemoval(v)
		for _, p := range ps {
			if since, ok := v.NotShared(p.ID); ok && !slices.Contains(removal.People, p.ID) { // the removal's line says those (F338)
				now[p.ID] = true
				if !said[p.ID] {
					textln(c.env.Stderr, "carekeeper daemon: "+remind.NotSharedWords("the person "+p.ID, since, c.zoneFor(v, p.ID)))
				}
			}
		}
		said = now // one shared again is said again if it is withdrawn again
	}
	sayNotShared()
	go func() {
		defer close(done)
		_, removed := hhvault.LoadRemoval(v)
		held := hhvault.HoldPeople(v)
		refused := map[string]string{} // files said refused (F97: the daemon said nothing of them)
		hhvault.Run(ctx, v, h, hhvault.RunOptions{Exchanged: func(rep household.Report, err error) {
			if err == nil {
				now := map[string]string{}
				for _, r := range rep.Refused {
					if r.Bad {
						now[r.File] = r.Reason
						if refused[r.File] != r.Reason { // once per file and reason, by its name alone
							textf(c.env.Stderr, "carekeeper daemon: the household refuses the file %s: %s\n", r.File, r.Reason)
						}
					}
				}
				refused = now
			}
			if now := hhvault.HoldPeople(v); !maps.Equal(now, held) {
				held = now // a person shared or no longer shared with this device: roles alone changed
				sayNotShared()
				e.Reload()
			}
			switch {
			case hhvault.IsMovedAway(err):
				// Moved elsewhere ('household moved' there), learned now: said once, the
				// reminders of everyone held (the vault it was moved to gives them: every
				// reminder came twice, F150) and the exchanges stop.
				textf(c.env.Stderr, "carekeeper daemon: no reminders or alerts here: %s\n", oneLine(err))
				e.Reload()
				cancel()
			case hhvault.IsRemoved(err):
				if r, ok := hhvault.LoadRemoval(v); ok && !removed {
					removed = true // learned now: said once, and the reminders follow
					textln(c.env.Stderr, "carekeeper daemon: "+removedLine(r, c.device()))
					e.Reload()
				}
			case err != nil && !failing:
				failing = true
				textf(c.env.Stderr, "carekeeper daemon: the household exchange failed (trying again): %s\n", oneLine(errors.New(hhvault.FailureWords(err, cfg))))
			case err == nil && failing:
				failing = false
				textln(c.env.Stderr, "carekeeper daemon: the household exchange works again")
			}
			if rep.Applied > 0 {
				e.Reload()
			}
		}})
	}()
	return func() { cancel(); <-done }
}

func runHouseholdCmd(ctx context.Context, c *call) error {
	c.bulk = true // household sync writes what the other devices sent
	sub, err := c.subcommand("say 'household create', 'invite', 'join', 'devices', 'revoke', 'sync', 'status', 'moved', 'leave' or 'same-person'")
	if err != nil {
		return err
	}
	details := false // household status --details: every dose answered on two devices on its own line
	switch sub {
	case "moved":
		return runHouseholdMoved(ctx, c)
	case "leave":
		return runHouseholdLeave(ctx, c)
	case "same-person":
		return runHouseholdSamePerson(ctx, c)
	case "create":
		return runHouseholdCreate(ctx, c)
	case "join":
		return runHouseholdJoin(ctx, c)
	case "invite":
		return runHouseholdInvite(ctx, c)
	case "devices", "sync":
		if err := c.bindNoArgs(nil); err != nil {
			return err
		}
	case "status":
		if err := c.bindNoArgs(func(fs *flag.FlagSet) {
			fs.BoolVar(&details, "details", false, "list each dose answered on two devices, not their count")
		}); err != nil {
			return err
		}
	case "revoke":
		if err := c.bind(nil); err != nil {
			return err
		}
		if len(c.args) != 1 {
			return usagef("say which device: household revoke ID (see 'household devices')")
		}
	default:
		return usagef("unknown household command %q", sub)
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	h, cfg, err := hhvault.Open(ctx, v, c.env.Getenv)
	unreachable := "" // the shared folder is not there: what this device knows is said all the same
	if hhvault.IsUnreachable(err) {
		switch sub {
		case "devices", "status":
			unreachable = hhvault.UnreachableWords(err, cfg)
			h, err = hhvault.OpenLocal(ctx, v)
		case "revoke":
			return &sayErr{hhvault.FailureWords(err, cfg) + ": nothing was changed; remove the device once it is back", err}
		default:
			return hhvault.PlainFailure(err, cfg)
		}
	}
	if err != nil {
		return err
	}
	switch sub {
	case "devices":
		ds := hhvault.DescribeDevices(h.Devices(), hhvault.LoadLast(v))
		if c.json {
			if unreachable != "" {
				textf(c.env.Stderr, "%s; the devices are as this device last knew them.\n", unreachable)
			}
			return c.printJSON(ds)
		}
		var tab table // columns aligned, as tabwriter would
		for _, d := range ds {
			seen := "never seen"
			if t, err := time.Parse(time.RFC3339, d.LastSeen); err == nil {
				seen = "last seen " + health.DateTimeWords(t.In(c.device()))
			}
			note := ""
			switch {
			case d.Self && d.Revoked: // it said "(this device)" alone, as if still a member
				note = " (this device, removed)"
			case d.Self:
				note = " (this device)"
			case d.Revoked:
				note = " (removed)"
			}
			tab.row(safe(d.ID), safe(d.Name)+note, seen)
		}
		if err := tab.write(c.env.Stdout); err != nil {
			return err
		}
		if unreachable != "" {
			textf(c.env.Stderr, "%s; the devices are as this device last knew them.\n", unreachable)
		}
		return nil
	case "revoke":
		name := "The device"
		for _, d := range hhvault.DescribeDevices(h.Devices(), hhvault.Last{}) {
			if d.ID == c.args[0] && d.Name != "" {
				name = d.Name
			}
		}
		// Refused, as with the shared folder gone, when the others cannot learn it now (over
		// WebDAV it was made here and sent "at the next exchange").
		if err := h.Reach(ctx); err != nil {
			return &sayErr{hhvault.FailureWords(err, cfg) + ": nothing was changed; remove the device once it is back", err}
		}
		if err := h.Revoke(ctx, c.args[0], time.Now()); err != nil {
			return err
		}
		// Send the new keys now; if the transport is not reachable, the next exchange does.
		_, xerr := hhvault.Exchange(ctx, v, h, time.Now())
		if !c.json {
			textf(c.env.Stdout, "%s is removed: it will get nothing written from now on; what it already has stays on it.\n", name)
			if xerr != nil {
				textln(c.env.Stdout, "The others learn it at the next exchange (this one failed).")
			}
		}
		return nil
	case "sync":
		start := time.Now()
		rep, err := hhvault.Exchange(ctx, v, h, start)
		if hhvault.IsRemoved(err) { // when, and the way back (it said "this device was removed from the household")
			when := ""
			if r, ok := hhvault.LoadRemoval(v); ok {
				when = " on " + health.DateWords(r.At.In(c.device()))
			}
			return &sayErr{"this device was removed from the household" + when + ": nothing more is exchanged, what it has stays here; to take part again, join as a new device (a new vault and an invitation)", err}
		}
		if hhvault.IsMovedAway(err) { // one line, as a copy's (F150)
			var moved *hhvault.MovedAwayError
			if errors.As(err, &moved) {
				moved.Loc = c.device() // its date on this computer's clock, as the command was given
			}
			return err
		}
		if err != nil {
			// One plain line, not the chain of steps, with what it leaves here (as the status).
			if n, uerr := h.Unsent(ctx, 1000); uerr == nil && n > 0 {
				return &sayErr{hhvault.FailureWords(err, cfg) + ": " + strings.ToLower(hhvault.UnsentWords(n, cfg)[:1]) + hhvault.UnsentWords(n, cfg)[1:] + " yet", err}
			}
			return hhvault.PlainFailure(err, cfg)
		}
		// A file refused as bad (damaged, changed, too large, another household's, from a device
		// not in the household) is one line on stderr and the exit is 1, the good files applied
		// all the same (F97: it was said on stdout and the exit was 0, and only at the first
		// exchange that met it). Changes kept aside by the household's rules are said on stdout.
		names := map[string]string{}
		for _, d := range hhvault.DescribeDevices(h.Devices(), hhvault.Last{}) {
			names[d.ID] = d.Name
		}
		// People deleted on another device by this exchange, with what went with them (F131:
		// they vanished without a word).
		type deletedJSON struct {
			Name    string `json:"name"`
			By      string `json:"by"`
			At      string `json:"at"`
			NotKept int    `json:"notKept"`
			Line    string `json:"line"`
		}
		deleted := []deletedJSON{}
		ds, err := hhvault.TakeDeleted(ctx, v, true) // each once, also one the daemon took
		if err != nil {
			return err
		}
		for _, d := range ds {
			deleted = append(deleted, deletedJSON{d.Name, names[d.By], d.At.UTC().Format(time.RFC3339), d.NotKept, hhvault.DeletedWords(d, names[d.By], c.device())})
		}
		// Settings changed here that a change on another device replaced (F149: last writer
		// wins, and the earlier change went without a word): each said once.
		type replacedJSON struct {
			Person  string `json:"person"`
			Profile string `json:"profile"`
			Setting string `json:"setting"`
			Here    string `json:"here"`
			HereAt  string `json:"hereAt"`
			There   string `json:"there"`
			By      string `json:"by"`
			ThereAt string `json:"thereAt"`
			Line    string `json:"line"`
		}
		replaced := []replacedJSON{}
		rs, err := hhvault.TakeReplaced(ctx, v, true)
		if err != nil {
			return err
		}
		for _, r := range rs {
			replaced = append(replaced, replacedJSON{r.Person, r.Profile, r.Setting, r.Here, r.HereAt.UTC().Format(time.RFC3339),
				r.There, names[r.By], r.ThereAt.UTC().Format(time.RFC3339), hhvault.ReplacedWords(r, names[r.By], c.device())})
		}
		// A person shared by another device holding records this computer held for its own
		// person (F216: listed twice, the records not applied without a word): each said once.
		sames, err := hhvault.TakeSame(ctx, v, true)
		if err != nil {
			return err
		}
		same := []string{}
		for _, s := range sames {
			same = append(same, hhvault.SameWords(s, names[s.By]))
		}
		// A dose given here and on another device before they exchanged (F221: Mum got her
		// Metformin twice, and the sync said nothing): each said once, on the person's clock.
		type takeJSON struct {
			At     string `json:"at"`
			Device string `json:"device"`
		}
		type twiceJSON struct {
			Person    string     `json:"person"`
			Profile   string     `json:"profile"`
			Medicine  string     `json:"medicine"`
			Scheduled string     `json:"scheduled,omitempty"`
			Day       string     `json:"day,omitempty"` // doses of one day, more than its plan has (F261)
			Takes     []takeJSON `json:"takes"`
			Line      string     `json:"line"`
		}
		twice := []twiceJSON{}
		ts, err := hhvault.TakeTwice(ctx, v, true)
		if err != nil {
			return err
		}
		for _, t := range ts {
			loc := c.zoneFor(v, t.Profile)
			tj := twiceJSON{Person: t.Person, Profile: t.Profile, Medicine: t.Medicine, Day: t.Day, Line: hhvault.TwiceWords(t, names, c.device())}
			if !t.Scheduled.IsZero() {
				tj.Scheduled = t.Scheduled.In(loc).Format(time.RFC3339)
			}
			for _, a := range t.Takes {
				dev := names[a.Device]
				if a.Device == "" {
					dev = names[h.DeviceID()]
				}
				tj.Takes = append(tj.Takes, takeJSON{a.At.In(loc).Format(time.RFC3339), dev})
			}
			twice = append(twice, tj)
		}
		// A medicine stopped on one device while its times were set on another, one of them
		// this computer (F341: stopped on both with no reminders, and neither said so): once.
		type stoppedJSON struct {
			Person    string `json:"person"`
			Profile   string `json:"profile"`
			Medicine  string `json:"medicine"`
			StoppedBy string `json:"stoppedBy"`
			StoppedAt string `json:"stoppedAt"`
			TimesBy   string `json:"timesBy"`
			TimesAt   string `json:"timesAt"`
			Times     string `json:"times"`
			Line      string `json:"line"`
		}
		stopped := []stoppedJSON{}
		sts, err := hhvault.TakeStopped(ctx, v, true)
		if err != nil {
			return err
		}
		for _, s := range sts {
			dev := func(id string) string {
				if id == "" {
					id = h.DeviceID()
				}
				return names[id]
			}
			stopped = append(stopped, stoppedJSON{s.Person, s.Profile, s.Medicine, dev(s.StoppedBy), s.StoppedAt.UTC().Format(time.RFC3339),
				dev(s.TimesBy), s.TimesAt.UTC().Format(time.RFC3339), s.Times, hhvault.StoppedWords(s, names, c.device())})
		}
		bad := 0
		sayRefused := func(out io.Writer, r household.Refusal) {
			// Say whose it is: "d/<device id>/…" is a known device's folder.
			what := r.File
			if p := strings.Split(r.File, "/"); len(p) == 3 && p[0] == "d" && names[p[1]] != "" {
				what = "a file from " + names[p[1]] + " (" + r.File + ")"
			}
			textf(out, "Refused %s: %s\n", what, r.Reason)
		}
		if c.json {
			type refusal struct {
				File   string `json:"file"`
				Reason string `json:"reason"`
				Bad    bool   `json:"bad"`
			}
			out := struct {
				Sent     int            `json:"sent"`
				Received int            `json:"received"`
				Applied  int            `json:"applied"`
				Refused  []refusal      `json:"refused"`
				Deleted  []deletedJSON  `json:"deleted"`    // people deleted on another device
				Replaced []replacedJSON `json:"replaced"`   // settings made here replaced by another device's
				Same     []string       `json:"samePerson"` // a shared person holding records of one here
				Twice    []twiceJSON    `json:"takenTwice"` // a dose given here and on another device
				Stopped  []stoppedJSON  `json:"stopped"`    // a medicine stopped on one device, its times set on another
			}{rep.Sent, rep.Received, rep.Applied, []refusal{}, deleted, replaced, same, twice, stopped}
			for _, r := range rep.Refused {
				out.Refused = append(out.Refused, refusal{r.File, r.Reason, r.Bad})
			}
			if err := c.printJSON(out); err != nil {
				return err
			}
		} else {
			textf(c.env.Stdout, "Sent %s, received %d, applied %d.\n", countOf(rep.Sent, "change", "changes"), rep.Received, rep.Applied)
			for _, id := range rep.Admitted { // the invitation's new device (it was not said)
				name := id
				for _, d := range h.Devices() {
					if d.ID == id && d.Name != "" {
						name = d.Name
					}
				}
				textf(c.env.Stdout, "Admitted %s to the household.\n", name)
			}
			for _, d := range deleted {
				textf(c.env.Stdout, "%s.\n", d.Line)
			}
			for _, r := range replaced {
				textf(c.env.Stdout, "%s.\n", r.Line)
			}
			for i, l := range same {
				textf(c.env.Stdout, "%s: %s.\n", l, hhvault.SameHow(sames[i]))
			}
			for _, t := range twice {
				textf(c.env.Stdout, "%s.\n", t.Line)
			}
			for _, s := range stopped {
				textf(c.env.Stdout, "%s.\n", s.Line)
			}
			if rep.Waiting > 0 { // files of a device whose admission has not arrived (it said nothing)
				textf(c.env.Stdout, "%s from a device not known here yet: read once its admission arrives.\n", countOf(rep.Waiting, "file", "files"))
			}
		}
		for _, r := range rep.Refused {
			switch {
			case r.Bad:
				bad++
				sayRefused(c.env.Stderr, r)
			case !c.json:
				sayRefused(c.env.Stdout, r)
			}
		}
		if rep.Emptied { // the shared folder lost this device's files: written again (F286)
			textf(c.env.Stderr, "%s.\n", hhvault.EmptiedWords(cfg, start.In(c.device())))
			return &silentError{errors.New("the shared folder lost this device's files")}
		}
		if bad > 0 {
			return &silentError{fmt.Errorf("%s refused", countOf(bad, "file", "files"))}
		}
		return nil
	}
	last := hhvault.LoadLast(v)
	now := time.Now().In(c.device()) // its lines' times on this computer's clock, as the command was given (F531)
	st := hhvault.MakeStatus(h, cfg, last, now)
	// People deleted on another device, settings made here that another device's change
	// replaced: said for a day (F131, F149; the app shows each once).
	st.Warnings = append(st.Warnings, hhvault.DeletedWarnings(h, last, now)...)
	st.Warnings = append(st.Warnings, hhvault.ReplacedWarnings(h, last, now)...)
	st.Warnings = append(st.Warnings, hhvault.SameWarnings(h, last, now)...)
	st.Warnings = append(st.Warnings, hhvault.TwiceStatus(h, last, now, details)...)
	st.Warnings = append(st.Warnings, hhvault.StoppedWarnings(h, last, now)...)
	if unreachable != "" {
		st.Unreachable = unreachable
	}
	ps, err := v.Profiles()
	if err != nil {
		return err
	}
	var notShared []string
	for _, p := range ps {
		if since, ok := v.NotShared(p.ID); ok {
			st.NotShared = append(st.NotShared, hhvault.NotSharedInfo{Profile: p.ID, Since: since.UTC().Format(time.RFC3339)})
			notShared = append(notShared, remind.NotSharedWords(p.Name, since, c.zoneFor(v, p.ID)))
		}
	}
	if c.json {
		return c.printJSON(st)
	}
	textf(c.env.Stdout, "Household %s, through %s.\n%s.\n", st.Name, st.Transport, st.Line)
	if st.Unreachable != "" {
		textf(c.env.Stdout, "%s.\n", st.Unreachable)
	}
	for _, w := range st.Warnings {
		textf(c.env.Stdout, "%s.\n", w)
	}
	for _, l := range notShared {
		textln(c.env.Stdout, l)
	}
	return nil
}

// runHouseholdMoved: the person says this vault was moved here (not copied), so it goes on as
// the same household device (hhvault.ConfirmMoved).
func runHouseholdMoved(ctx context.Context, c *call) error {
	if err := c.bindNoArgs(nil); err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	if err := hhvault.ConfirmMoved(ctx, v); err != nil {
		return err
	}
	// Told to the household now (the vault it was moved from stops at its next exchange, F150);
	// with the folder not there, at this vault's next exchange.
	_, _, oerr := hhvault.Open(ctx, v, c.env.Getenv)
	if !c.json {
		textln(c.env.Stdout, "This vault goes on here as the same household device. Don't use the vault it was moved from any more.")
		if oerr != nil {
			textln(c.env.Stdout, "The household learns it at this vault's next exchange (the shared folder could not be reached now); the vault it was moved from stops once it does.")
		} else {
			textln(c.env.Stdout, "The vault it was moved from takes no more part in the household from its next exchange.")
		}
	}
	return nil
}

type joinedJSON struct {
	Household string `json:"household"`
	Device    string `json:"device"`
}

// runHouseholdSamePerson joins two people the person says are one (hhvault.JoinPeople, F216):
// a person shared by another device and this computer's own of one name and birth date.
func runHouseholdSamePerson(ctx context.Context, c *call) error {
	var keep, from string
	var yes bool
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&keep, "keep", "", "the person who stays (the one shared by the household)")
		fs.StringVar(&from, "from", "", "the person joined into them: their records move to --keep, then they go")
		fs.BoolVar(&yes, "yes", false, "join them: it cannot be undone")
	}); err != nil {
		return err
	}
	if keep == "" || from == "" {
		return usagef("--keep and --from are required (see 'profile list')")
	}
	if !yes {
		return usagef("joining moves every record of --from to --keep and deletes --from on every device of the household; it cannot be undone: add --yes")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	// A computer in no household joins its own two people the same (F474: a person made twice
	// by 'profile separate --new' had no way to be one again).
	return joinPeopleAndSay(ctx, c, v, keep, from, false, func(j hhvault.JoinedPeople) string {
		return "the one who stays (" + j.Keep + ")"
	})
}

// runHouseholdLeave takes this vault out of its household on this computer (hhvault.Leave):
// the records stay; the household's other devices still list it until one removes it.
func runHouseholdLeave(ctx context.Context, c *call) error {
	var yes bool
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.BoolVar(&yes, "yes", false, "leave: this computer's keys of the household are forgotten")
	}); err != nil {
		return err
	}
	if !yes {
		return usagef("leaving forgets this computer's keys of the household (joining again needs a new invitation): add --yes")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	if _, err := hhvault.LoadConfig(v); err != nil {
		return err
	}
	if err := hhvault.Leave(ctx, v); err != nil {
		return err
	}
	if !c.json {
		textln(c.env.Stdout, "This computer has left its household; its records stay. On another device of the household, remove it with 'carekeeper household revoke ID'.")
	}
	return v.Close()
}

func runHouseholdCreate(ctx context.Context, c *call) error {
	var tf transportFlags
	var name, dev string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		tf.define(fs)
		fs.StringVar(&name, "name", "", "the household's name")
		fs.StringVar(&dev, "device-name", "", "this device's name")
	}); err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" {
		return usagef("--name is required")
	}
	cfg, err := tf.config(c)
	if err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	h, err := hhvault.Create(ctx, v, cfg, c.env.Getenv, name, deviceName(dev), time.Now())
	if err != nil {
		return hhvault.PlainFailure(err, cfg)
	}
	if c.json {
		return c.printJSON(joinedJSON{h.ID(), h.DeviceID()})
	}
	textf(c.env.Stdout, "Household %s created through %s; this device is %s (%s).\n", h.Name(), cfg.Describe(), deviceName(dev), h.DeviceID())
	textln(c.env.Stdout, "Add a device with 'carekeeper household invite'.")
	return v.Close()
}

func runHouseholdJoin(ctx context.Context, c *call) error {
	var tf transportFlags
	var code, dev string
	wait := 600
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		tf.define(fs)
		fs.StringVar(&code, "code", "", "the pairing code shown on a device of the household")
		fs.StringVar(&dev, "device-name", "", "this device's name")
		fs.IntVar(&wait, "wait", wait, "seconds to wait to be admitted")
	}); err != nil {
		return err
	}
	if strings.TrimSpace(code) == "" {
		return usagef("--code is required")
	}
	if wait < 0 || wait > 24*3600 {
		return usagef("--wait must be between 0 and 86400 seconds")
	}
	cfg, err := tf.config(c)
	if err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	h, err := hhvault.Join(ctx, v, cfg, c.env.Getenv, code, deviceName(dev), time.Duration(wait)*time.Second, time.Now)
	if err != nil {
		return hhvault.PlainFailure(err, cfg)
	}
	// The household's records come with a first exchange, run now: joined, the vault held
	// none of them, and 'household status' said "Not in step" until a 'household sync' nobody
	// was told to run (the app's background exchange runs at once).
	rep, xerr := hhvault.Exchange(ctx, v, h, time.Now())
	if c.json {
		return c.printJSON(joinedJSON{h.ID(), h.DeviceID()})
	}
	textf(c.env.Stdout, "Joined household %s; this device is %s (%s).\n", h.Name(), deviceName(dev), h.DeviceID())
	if xerr != nil {
		textf(c.env.Stdout, "The household's records come with the next exchange ('carekeeper household sync'): this one failed: %s.\n", hhvault.FailureWords(xerr, cfg))
	} else {
		textf(c.env.Stdout, "Received %s from the household.\n", countOf(rep.Applied, "change", "changes"))
	}
	// A file refused by that exchange is said as 'household sync' says it, exit 1 for a bad one
	// (F309: the join read as complete while a damaged file's changes were missing here).
	names := map[string]string{}
	for _, d := range h.Devices() {
		names[d.ID] = d.Name
	}
	// A person the household shares that this computer already kept as its own is said now,
	// with the way to join them, as 'household sync' says it (F348: the join said only
	// "Received 1 change", and the next sync said the duplicate).
	if xerr == nil {
		sames, err := hhvault.TakeSame(ctx, v, true)
		if err != nil {
			return err
		}
		for _, s := range sames {
			textf(c.env.Stdout, "%s: %s.\n", hhvault.SameWords(s, names[s.By]), hhvault.SameHow(s))
		}
	}
	bad := 0
	for _, r := range rep.Refused {
		what := r.File
		if p := strings.Split(r.File, "/"); len(p) == 3 && p[0] == "d" && names[p[1]] != "" {
			what = "a file from " + names[p[1]] + " (" + r.File + ")"
		}
		out := c.env.Stdout
		if r.Bad {
			bad++
			out = c.env.Stderr
		}
		textf(out, "Refused %s: %s\n", what, r.Reason)
	}
	if err := v.Close(); err != nil {
		return err
	}
	if bad > 0 {
		return &silentError{fmt.Errorf("%s refused", countOf(bad, "file", "files"))}
	}
	return nil
}

func parseRole(s string, none bool) (household.Role, error) {
	switch r := household.Role(s); r {
	case household.RoleManage, household.RoleView:
		return r, nil
	case household.RoleNone:
		if none {
			return r, nil
		}
	}
	if none {
		return "", usagef("--role must be manage, view or none")
	}
	return "", usagef("--role must be manage or view")
}

func runHouseholdInvite(ctx context.Context, c *call) error {
	var profiles, roles listFlag
	var qr string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.Var(&profiles, "profile", "a person the new device gets (repeat with --role)")
		fs.Var(&roles, "role", "manage or view, for the --profile before it")
		fs.StringVar(&qr, "qr", "", "also write the code as a QR image (PNG)")
	}); err != nil {
		return err
	}
	if len(profiles) != len(roles) {
		return usagef("give one --role for each --profile")
	}
	if dir := filepath.Dir(qr); qr != "" { // said before an invitation is made that no one would see
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("the folder %s for the QR image does not exist", dir)
		}
		if st, err := os.Stat(qr); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a folder: name the QR image's file (--qr FILE.png)", qr)
		}
	}
	var grants []household.Grant
	for i := range profiles {
		r, err := parseRole(roles[i], false)
		if err != nil {
			return err
		}
		grants = append(grants, household.Grant{Profile: profiles[i], Role: r})
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	// The image's file is begun before the invitation is made (F130: '--qr /dev/null' or an
	// unwritable folder failed after a live invitation was already in the shared folder). Not
	// in the household's shared folder: whoever reads the folder (its cloud) could join with it
	// (F185).
	var qrFile *atomicfile.File
	if qr != "" {
		err := c.checkOutputs(qr)
		if err == nil {
			err = hhvault.NotInSharedFolder(v, qr)
		}
		if err == nil {
			qrFile, err = atomicfile.New(qr)
		}
		if err != nil {
			return fmt.Errorf("the QR image cannot be written (no invitation was made): %w", err)
		}
		defer qrFile.Abort()
	}
	for _, g := range grants {
		if _, err := v.Profile(g.Profile); err != nil {
			return usagef("--profile %s: no such person", g.Profile)
		}
	}
	h, cfg, err := hhvault.Open(ctx, v, c.env.Getenv)
	if hhvault.IsUnreachable(err) {
		return &sayErr{hhvault.FailureWords(err, cfg) + ": no invitation was made", err}
	}
	if err != nil {
		return err
	}
	code, expires, err := h.Invite(ctx, grants, time.Now())
	if errors.Is(err, household.ErrNotSharer) {
		return whoMay(v, h, grants, err)
	}
	if err != nil { // the server could not be reached, the folder could not be written
		return &sayErr{hhvault.FailureWords(err, cfg) + ": no invitation was made", err}
	}
	// The people given get one clock on every device, this computer's when none was set, as
	// sharing them does (F571: an invitation giving Guðrún left her 08:00 on each device's clock,
	// so the Boston laptop reminded her Reykjavík dose five hours late).
	pinned, err := pinZones(ctx, c, v, grants)
	if err != nil {
		return err
	}
	if qr != "" {
		png, err := qrcode.Encode(code, qrcode.Medium, 512)
		if err != nil {
			return fmt.Errorf("making the QR image: %w", err)
		}
		if _, err := qrFile.Write(png); err != nil {
			return fmt.Errorf("writing the QR image: %w", err)
		}
		if err := qrFile.Commit(); err != nil {
			return fmt.Errorf("writing the QR image: %w", err)
		}
	}
	if c.json {
		return c.printJSON(struct {
			Code    string `json:"code"`
			Expires string `json:"expires"`
			QR      string `json:"qr,omitempty"` // the QR image written (--qr)
		}{code, expires.UTC().Format(time.RFC3339), qr})
	}
	textf(c.env.Stdout, "%s\n", code)
	textf(c.env.Stdout, "Type this code on the new device within %s (single use).\n", hhvault.ValidForWords(expires, time.Now(), c.device()))
	// Every device that will hold each person, not only the new one (F379); for everyone, the
	// people another device made: given when this computer manages them, else why not (F392).
	lines, err := hhvault.InviteLines(ctx, v, h, grants)
	if err != nil {
		return err
	}
	for _, l := range lines {
		textln(c.env.Stdout, l)
	}
	for _, l := range pinned {
		textln(c.env.Stdout, l)
	}
	if qr != "" {
		textf(c.env.Stdout, "The code's QR image is in %s.\n", qr)
	}
	return v.Close()
}

// pinZones gives each person an invitation gives this computer's clock when they have none
// (hhvault.PinZones), and returns the words saying so.
func pinZones(ctx context.Context, c *call, v *storage.Vault, grants []household.Grant) ([]string, error) {
	dev := remind.SystemZone(c.env.Getenv)
	pinned, err := hhvault.PinZones(ctx, v, grants, dev)
	var words []string
	for _, profile := range pinned {
		words = append(words, zoneSetWords(v, profile, dev))
	}
	return words, err
}

// zoneSetWords says that a person's times are now those of this computer's clock on every
// device of the household, and how to change it.
func zoneSetWords(v *storage.Vault, profile string, zone *time.Location) string {
	name := profile
	if p, err := v.Profile(profile); err == nil {
		name = p.Name
	}
	return fmt.Sprintf("%s's times are %s on every device of the household (this computer's clock; 'carekeeper profile set --profile %s --zone ZONE' changes it).",
		name, remind.Zone{Loc: zone}.Name(time.Now()), profile)
}

func runShare(ctx context.Context, c *call) error {
	var profile, device, role string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "the person")
		fs.StringVar(&device, "device", "", "the household device (see 'household devices')")
		fs.StringVar(&role, "role", "", "manage, view or none")
	}); err != nil {
		return err
	}
	if profile == "" || device == "" || role == "" {
		return usagef("--profile, --device and --role are required")
	}
	r, err := parseRole(role, true)
	if err != nil {
		return err
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	h, cfg, err := hhvault.Open(ctx, v, c.env.Getenv)
	if hhvault.IsUnreachable(err) {
		return &sayErr{hhvault.FailureWords(err, cfg) + ": nothing was changed; share once it is back", err}
	}
	if err != nil {
		return err
	}
	// This computer taking its own role away locked it out of the person with "Done", for good:
	// only a device that manages them may give it back, and it may have been the only one (F223).
	if device == h.DeviceID() && r != household.RoleManage {
		return &sayErr{"that is this computer: it cannot take its own role on a person away (it could not give it back); nothing was changed. To stop following them here, do it from another device that manages them", errors.New("share: this device's own role")}
	}
	// Only when the others can learn it now, as with the shared folder gone (WebDAV said "Done").
	if err := hhvault.Share(ctx, h, cfg, profile, map[string]household.Role{device: r}, time.Now()); err != nil {
		var nr *hhvault.NotReachedError
		if errors.As(err, &nr) {
			return &sayErr{nr.Words + ": nothing was changed; share once it is back", err}
		}
		return whoMay(v, h, []household.Grant{{Profile: profile}}, err)
	}
	// One clock for the person on every device (F263): this computer's, when none was set.
	zone, err := hhvault.PinZone(ctx, v, profile, remind.SystemZone(c.env.Getenv))
	if err != nil {
		return err
	}
	if !c.json {
		// Every device that holds the person now, not only the one chosen (F379), this
		// computer too: "… is shared with Harold's tablet only", said on the laptop that holds
		// her, was untrue there (F450, as the app's Sharing says it).
		name := hhvault.PeopleNames(v)(profile) // a father and son of one name told apart (F469)
		textln(c.env.Stdout, hhvault.HeldWords(name, h.Readers(profile))+" "+
			hhvault.DeviceRoleWords(memberName(h, device), name, r, hhvault.Died(ctx, v, profile))+" The household learns it at the next exchange.")
		if zone != nil {
			textln(c.env.Stdout, zoneSetWords(v, profile, zone))
		}
	}
	return v.Close()
}

// runProfileSet changes a person's settings: --alert-after MINUTES is how long after a dose's
// time the household's caregiver devices are alerted when nobody has answered it.
func runProfileSet(ctx context.Context, c *call) error {
	var profile, zone, birth string
	var setBirth bool
	alert := -1
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "the person")
		fs.IntVar(&alert, "alert-after", -1, "minutes after a dose's time before caregivers are alerted")
		fs.StringVar(&zone, "zone", "", "the person's home time zone, e.g. America/New_York")
		fs.Func("birth-date", "the person's birth date, YYYY-MM-DD (People and their records)", func(s string) error {
			birth, setBirth = s, true
			return nil
		})
	}); err != nil {
		return err
	}
	if profile == "" {
		return usagef("--profile is required")
	}
	if alert == -1 && zone == "" && !setBirth {
		return usagef("say what to set: --alert-after MINUTES, --zone ZONE or --birth-date YYYY-MM-DD")
	}
	if setBirth {
		switch health.CheckBirthDate(birth, time.Now().In(c.device())) {
		case health.ErrNotADate:
			return usagef("--birth-date must be a real date YYYY-MM-DD")
		case health.ErrFutureBirth:
			return usagef("--birth-date is after today")
		}
		if birth == "" {
			return usagef("--birth-date must be a real date YYYY-MM-DD")
		}
	}
	if alert != -1 && (alert < 1 || alert > remind.MaxAlertAfterMinutes) {
		return usagef("--alert-after must be between 1 and %d minutes", remind.MaxAlertAfterMinutes)
	}
	var loc *time.Location
	if zone != "" {
		l, err := time.LoadLocation(zone)
		if err != nil || !strings.Contains(l.String(), "/") && l.String() != "UTC" {
			return usagef("--zone %s is not a time zone this computer knows: give one such as Europe/Dublin or America/New_York", zone)
		}
		loc = l
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if v.ViewOnly(profile) { // the delay is the household's: a viewer's would stay here alone
		return storage.ErrViewOnly
	}
	if _, ok := v.NotShared(profile); ok { // nor would one set where the person is no longer shared
		return storage.ErrNotShared
	}
	if setBirth && alert == -1 && zone == "" {
		return setBirthDate(ctx, c, v, profile, birth)
	}
	if setBirth {
		return usagef("--birth-date is set on its own: give --alert-after or --zone in another command")
	}
	s, err := remind.LoadSettings(v, profile)
	if err != nil {
		return err
	}
	if alert != -1 {
		s.AlertAfterMinutes = alert
	}
	if loc != nil {
		// Where the person lives: not a journey of this computer's to ask about (F343).
		s.ChooseHomeZone(loc.String(), c.device(), time.Now())
	}
	if err := remind.SaveSettings(ctx, v, profile, s); err != nil {
		return err
	}
	if c.json {
		return c.printJSON(struct {
			ID         string `json:"id"`
			AlertAfter int    `json:"alertAfter"`
			Zone       string `json:"zone,omitempty"`
		}{profile, s.AlertAfterMinutes, s.Zone})
	}
	if alert != -1 {
		textf(c.env.Stdout, "Caregivers are alerted %s after a dose's time when nobody has answered it.\n", countOf(alert, "minute", "minutes"))
	}
	if loc != nil {
		textf(c.env.Stdout, "Their times are %s on every device that holds them.\n", remind.Zone{Loc: loc}.Name(time.Now()))
	}
	return v.Close()
}

// setBirthDate changes a person's birth date on People and in their records at once
// (cksync.SetBirthDate): there was no command for it, and an import never changes one (F397).
func setBirthDate(ctx context.Context, c *call, v *storage.Vault, profile, birth string) error {
	set, err := cksync.SetBirthDate(ctx, v, profile, birth, time.Now())
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(set)
	}
	textln(c.env.Stdout, set.Words())
	return v.Close()
}

// whoMay says, for a share or an invitation this device may not make, who may: "only a device
// that manages the person <id> can share them" (the household's rule: docs/household.md, "Roles and
// authority"). Other errors are returned as they are.
func whoMay(v *storage.Vault, h *household.Household, grants []household.Grant, err error) error {
	if !errors.Is(err, household.ErrNotSharer) {
		return err
	}
	if len(grants) == 0 { // an invitation without grants: another device of every person
		grants = []household.Grant{{Profile: household.AllProfiles}}
	}
	for _, g := range grants {
		if h.Role(g.Profile) == household.RoleManage {
			continue
		}
		if g.Profile == household.AllProfiles {
			return &sayErr{"only a device that manages everyone can invite a device for everyone: give --profile and --role for the people this device manages", err}
		}
		// The person's id, not their name: no health data in an error (it goes to stderr and
		// into logs).
		return &sayErr{fmt.Sprintf("only a device that manages the person %s can share them", g.Profile), err}
	}
	return err
}

// sayErr is an error said in the command's own words; errors.Is still sees what caused it.
type sayErr struct {
	msg string
	err error
}

func (e *sayErr) Error() string { return e.msg }
func (e *sayErr) Unwrap() error { return e.err }

// countOf says n of a thing in words: "1 change", "2 changes" (it said "1 changes").
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// runProfileSeparate finds the people holding the records of another person and, with --yes,
// moves them to that person or a new one (hhvault.FindMixed, SeparatePeople): records mixed
// before the import and the household refused to mix them had no way out (F455, F464).
func runProfileSeparate(ctx context.Context, c *call) error {
	var profile, to string
	var newPerson, yes bool
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "the person holding the records (default: every person)")
		fs.StringVar(&to, "to", "", "the person to move them to (default: the one of their name and birth date here, else a new person)")
		fs.BoolVar(&newPerson, "new", false, "move them to a new person of their name and birth date")
		fs.BoolVar(&yes, "yes", false, "move them")
	}); err != nil {
		return err
	}
	if to != "" && newPerson {
		return usagef("--to and --new: give one")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	h, err := householdOrNone(ctx, c, v, "do it")
	if err != nil {
		return err
	}
	var ms []hhvault.Mixed
	if profile != "" {
		ms, err = hhvault.FindMixedOf(ctx, v, h, profile)
	} else {
		ms, err = hhvault.FindMixed(ctx, v, h)
	}
	if errors.Is(err, storage.ErrNotFound) {
		return usagef("no person %s here (see 'profile list')", profile)
	}
	if err != nil {
		return err
	}
	if !yes {
		if c.json {
			type mixedJSON struct {
				Person         string         `json:"person"`
				PersonName     string         `json:"personName"`
				Other          string         `json:"other"`
				OtherBirthDate string         `json:"otherBirthDate,omitempty"`
				To             string         `json:"to,omitempty"`
				ToName         string         `json:"toName,omitempty"`
				Records        int            `json:"records"`
				Counts         map[string]int `json:"counts"`
				Behind         []string       `json:"behind,omitempty"`
			}
			out := []mixedJSON{}
			for _, m := range ms {
				out = append(out, mixedJSON{m.Person, m.PersonName, m.Other.Name, m.Other.BirthDate, m.To, m.ToName, m.Records, m.Counts, m.Behind})
			}
			if err := c.printJSON(out); err != nil {
				return err
			}
			return v.Close()
		}
		if len(ms) == 0 {
			textln(c.env.Stdout, "No person here holds the records of another person.")
			return v.Close()
		}
		for _, m := range ms {
			textf(c.env.Stdout, "%s\n  %s.\n", m.Question(), m.CountWords())
			if len(m.Behind) > 0 {
				textf(c.env.Stdout, "  %s %s %s but not %s: there they stay with %s until %s is shared with %s.\n",
					andWords(m.Behind), map[bool]string{true: "holds", false: "hold"}[len(m.Behind) == 1], m.PersonName, m.ToName, m.PersonName, m.ToName, map[bool]string{true: "it", false: "them"}[len(m.Behind) == 1])
			}
			if m.To != "" {
				textf(c.env.Stdout, "  To move them to %s: carekeeper profile separate --profile %s --yes (or add --new for a new person)\n", m.ToName, m.Person)
			} else {
				textf(c.env.Stdout, "  To move them to a new person: carekeeper profile separate --profile %s --yes\n", m.Person)
			}
		}
		return v.Close()
	}
	if profile == "" {
		people := map[string]bool{}
		for _, m := range ms {
			people[m.Person] = true
		}
		if len(people) > 1 {
			return usagef("more than one person holds records of another: say whose with --profile ID (see 'profile separate')")
		}
	}
	if len(ms) == 0 {
		return &sayErr{"nothing was moved: no person here holds the records of another person", errors.New("separate: none")}
	}
	if to != "" && len(ms) > 1 {
		return usagef("%s holds the records of %d other people: --to names one person; move them to the people they are (no --to) or --new", ms[0].PersonName, len(ms))
	}
	type doneJSON struct {
		From    string `json:"from"`
		To      string `json:"to"`
		ToName  string `json:"toName"`
		New     bool   `json:"new"`
		Records int    `json:"records"`
	}
	done := []doneJSON{}
	for _, m := range ms {
		dest := m.To
		if to != "" {
			dest = to
		}
		if newPerson {
			dest = ""
		}
		s, err := hhvault.SeparatePeople(ctx, v, h, m, dest, time.Now())
		if errors.Is(err, hhvault.ErrNotSeparated) {
			return &sayErr{err.Error(), err}
		}
		if err != nil {
			return err
		}
		done = append(done, doneJSON{s.From, s.To, s.ToName, s.New, s.Records})
		if !c.json {
			whom := s.ToName
			if s.New {
				whom = "a new person, " + s.ToName + " (" + s.To + ")"
			}
			textf(c.env.Stdout, "Moved %s of %s from %s to %s (%s).", countOf(s.Records, "record", "records"), m.OtherWords(), s.FromName, whom, m.CountWords())
			if h != nil {
				textf(c.env.Stdout, " The household learns it at the next exchange.")
			}
			textln(c.env.Stdout, "")
		}
	}
	if c.json {
		if err := c.printJSON(done); err != nil {
			return err
		}
	}
	return v.Close()
}

// householdOrNone opens the vault's household for a change to its people ('household
// same-person', 'profile separate'): nil on a computer in no household, which changes its own
// people the same; a household that cannot be reached is said, nothing changed: "…: nothing
// was changed; <then> once it is back".
func householdOrNone(ctx context.Context, c *call, v *storage.Vault, then string) (*household.Household, error) {
	h, cfg, err := hhvault.Open(ctx, v, c.env.Getenv)
	switch {
	case errors.Is(err, hhvault.ErrNoTransport):
		return nil, nil
	case hhvault.IsUnreachable(err):
		return nil, &sayErr{hhvault.FailureWords(err, cfg) + ": nothing was changed; " + then + " once it is back", err}
	}
	return h, err
}

// andWords is "A", "A and B", "A, B and C".
func andWords(list []string) string {
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}
