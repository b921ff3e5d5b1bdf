package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

func init() {
	register(
		&command{name: "reminders", args: "[--profile ID] --from TIME --to TIME", summary: "list the reminders due in a time range", run: runReminders,
			detail: "Every reminder (dose, refill, appointment) due in [from, to), sorted by time. TIME is RFC 3339 or YYYY-MM-DD\n" +
				"(local midnight); the zone is the person's, by default $TZ or the system's. --json prints\n" +
				"[{\"at\",\"profile\",\"person\",\"kind\",\"title\",\"ref\"}] with \"at\" in RFC 3339 with the local offset.\n" +
				"None for a person whose reminders are off on this computer (removed from its household, or no\n" +
				"longer shared with it); the listing says so first."},
		&command{name: "dose", args: "take|skip --ref REF --at TIME [--when TIME] [--dose TEXT] [--profile ID] | log --ref REF [--when TIME] [--dose TEXT] [--profile ID] [--yes]", summary: "record a dose taken or skipped", run: runDose,
			detail: "dose take / skip records the dose of the occurrence due at --at of the medicine REF (\"MedicationRequest/<id>\")\n" +
				"as a MedicationAdministration, synced to disk. --when is when it was taken (default now). --profile says whose\n" +
				"medicine REF is; it is needed when REF is a medicine of several people (a server's ids repeat across servers,\n" +
				"exit 2, nothing recorded). dose log records an\n" +
				"as-needed dose; sooner than the record allows (\"every 4 hours\") or over its most doses a day, it says so\n" +
				"and asks on a terminal, else needs --yes (exit 2). --json prints {\"ref\",\"profile\",\"occurrence\",\"scheduled\",\"when\",\"status\"}."},
		&command{name: "appointment", args: "add --profile ID --start TIME --title TEXT [--end TIME] [--location TEXT] [--note TEXT] | export --out FILE.ics [--profile ID] [--ref REF]", summary: "add an appointment, or export upcoming ones as .ics", run: runAppointment,
			detail: "appointment add says what was added, for whom, on the person's clock (--json: {\"ref\"}, the reference\n" +
				"export --ref takes); a person who died gets none (exit 1). appointment export writes every upcoming\n" +
				"appointment (or one, --ref) as an iCalendar file with the reminder offsets as alarms (mode 0600)."},
		&command{name: "schedule", args: "set --profile ID --ref REF (--times HH:MM,... [--days mon,...] | --every HOURS | --as-needed) | clear --profile ID --ref REF | list [--profile ID]", summary: "show or change how a medicine is taken", run: runSchedule,
			detail: "schedule set overrides what the record says (the record is not changed); schedule clear goes back to it.\n" +
				"schedule list prints each active medicine with its plan (--json: [{\"profile\",\"person\",\"ref\",\"name\",\"plan\",\"own\",\"overridden\",\"reminders\"}];\n" +
				"reminders is false for a medicine not being taken: to confirm, stopped, or recorded twice)."},
		&command{name: "daemon", summary: "run the reminder engine without a window until SIGTERM", run: runDaemon,
			detail: "Sends desktop notifications for every person's reminders (the same engine as the tray app). What fell due\n" +
				"while it was not running is announced once as missed while away."},
	)
}

// device is the device's zone for the CLI: $TZ, else the system's.
func (c *call) device() *time.Location { return remind.SystemZone(c.env.Getenv) }

// parseWhen reads RFC 3339, "YYYY-MM-DDTHH:MM" (wall clock in loc) or "YYYY-MM-DD" (local midnight).
// The longest windows of reminders and of a summary. Both take time and memory in proportion
// to the window (the reminders from 1900 to 9999 of one medicine every 4 hours never ended).
const (
	maxReminderYears = 2
	maxSummaryYears  = 150
)

// checkWindow refuses a window [from, to) that is empty or longer than years, or (when
// latest is not zero) that ends after latest. It is checked before the vault is opened, on
// times read as UTC: the person's zone moves the ends by hours, not years.
func checkWindow(from, to time.Time, years int, latest time.Time) error {
	switch {
	case !from.Before(to):
		return usagef("--from must be before --to")
	case !latest.IsZero() && to.After(latest):
		return usagef("--to is more than a year ahead")
	case to.After(from.AddDate(years, 0, 0)):
		return usagef("--from and --to may be at most %d years apart", years)
	}
	return nil
}

// atOrNow is the time an --at flag gives (in loc), or now when the flag is empty; a bad value
// is a usage error.
func atOrNow(at string, loc *time.Location) (time.Time, error) {
	if at == "" {
		return time.Now().In(loc), nil // now's day is loc's (F531: the process's zone need not be the command's)
	}
	t, err := parseWhen(at, loc)
	if err != nil {
		return time.Time{}, usagef("--at: %v", err)
	}
	return t, nil
}

func parseWhen(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (RFC 3339 or YYYY-MM-DD)", s)
}

// zoneFor is the zone TIME arguments are read in: the person's, else the device's.
func (c *call) zoneFor(v *storage.Vault, profile string) *time.Location {
	dev := c.device()
	if profile == "" {
		return dev
	}
	s, err := remind.LoadSettings(v, profile)
	if err != nil {
		return dev
	}
	loc, _ := s.Location(dev, time.Now())
	return loc
}

type reminderJSON struct {
	At      string `json:"at"`
	Profile string `json:"profile"`
	Person  string `json:"person"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Ref     string `json:"ref"`
	// Start is an appointment's own time (its reminder's is At), on the person's clock.
	Start string `json:"start,omitempty"`
}

func runReminders(ctx context.Context, c *call) error {
	var profile, fromS, toS string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "one person")
		fs.StringVar(&fromS, "from", "", "start (RFC 3339 or YYYY-MM-DD)")
		fs.StringVar(&toS, "to", "", "end, exclusive")
	}); err != nil {
		return err
	}
	if fromS == "" || toS == "" {
		return usagef("--from and --to are required")
	}
	var ends [2]time.Time
	for i, s := range []string{fromS, toS} {
		t, err := parseWhen(s, time.UTC)
		if err != nil {
			return usagef("%v", err)
		}
		ends[i] = t
	}
	if err := checkWindow(ends[0], ends[1], maxReminderYears, time.Time{}); err != nil {
		return err
	}
	v, m, err := c.openModel(ctx, profile)
	if err != nil {
		return err
	}
	defer v.Close()
	loc := c.zoneFor(v, profile)
	from, _ := parseWhen(fromS, loc)
	to, _ := parseWhen(toS, loc)
	if !from.Before(to) {
		return usagef("--from must be before --to")
	}
	// The people whose reminders are held on this device (removed from its household, or no
	// longer shared with it), as the daemon and 'today' hold them: left out, and said in text.
	held := hhvault.HoldPeople(v)
	now := time.Now()
	var rs []remind.Reminder
	if profile != "" {
		rs = m.Reminders(profile, from, to, now)
		// a refill whose day passed (the supply runs out soon, or may have): said as Today says it (F374)
		rs = append(m.RefillsPassed(profile, from, to, now), rs...)
	} else {
		// A day (or a time without its offset) is on each person's own clock, as with
		// --profile and as 'today' reads each person's day: Mum's (Tokyo) 06:00 of the day
		// asked for was left out and the next day's listed (F331).
		for _, p := range m.People {
			pl := c.zoneFor(v, p.Profile)
			pf, _ := parseWhen(fromS, pl)
			pt, _ := parseWhen(toS, pl)
			if pf.Before(pt) {
				rs = append(rs, m.RefillsPassed(p.Profile, pf, pt, now)...)
				rs = append(rs, m.Reminders(p.Profile, pf, pt, now)...)
			}
		}
		slices.SortStableFunc(rs, func(a, b remind.Reminder) int { return a.At.Compare(b.At) })
	}
	out := make([]reminderJSON, 0, len(rs))
	ats := make([]time.Time, 0, len(rs))
	starts := make([]time.Time, 0, len(rs)) // an appointment's own time, else zero
	skips := make([]string, 0, len(rs))     // an appointment's time the clocks skip, said (F535)
	for _, r := range rs {
		if held[r.Profile] {
			continue
		}
		at := r.At
		if p := m.Person(r.Profile); p != nil {
			at = at.In(p.Loc)
		}
		ats = append(ats, at)
		j := reminderJSON{At: at.Format(time.RFC3339), Profile: r.Profile, Person: r.Person, Kind: r.Kind, Title: r.Title, Ref: r.Ref}
		var start time.Time
		if r.Kind == remind.KindAppointment && !r.Due.IsZero() {
			start = r.Due.In(at.Location())
			j.Start = start.Format(time.RFC3339)
		}
		starts = append(starts, start)
		skip := ""
		if r.Appt != nil {
			skip = r.Appt.SkippedWords(m.Zone(r.Profile).Loc)
		} else {
			skip = r.SkippedDoseWords(m.Zone(r.Profile).Loc) // F557 item 2
		}
		skips = append(skips, skip)
		out = append(out, j)
	}
	if c.json {
		return c.printJSON(out)
	}
	heldRemindersWords(c.env.Stdout, v, m, profile, held, loc)
	if len(out) == 0 {
		textln(c.env.Stdout, "No reminders in that time.")
		return nil
	}
	who := personWords(v)
	tw := newTabs(c.env.Stdout)
	textf(tw, "AT\tPERSON\tKIND\tWHAT\n")
	for i, r := range out {
		// On the person's clock, named while it is not this computer's ("6 Dec 2026, 20:00
		// Tokyo time"), as 'today' says it: a bare time was read on this computer's clock (F144).
		what := r.Title
		if !starts[i].IsZero() {
			// The line's time is the reminder's, hours or a day before: the appointment's
			// own is said too, as its notification says it (F420).
			what += " — " + apptStartWords(m.Zone(r.Profile), ats[i], starts[i])
			if skips[i] != "" {
				what += " (" + skips[i] + ")" // F535
			}
		} else if skips[i] != "" {
			what += " (" + skips[i] + ")" // a dose's time the clocks skip (F557 item 2)
		}
		// With this computer's time beside it while the clocks differ ("17:00 Sydney time (14:00
		// here)"), as appointments say it: the reader in Perth worked out each one (F525 item 11).
		textf(tw, "%s\t%s\t%s\t%s\n", m.Zone(r.Profile).When(ats[i]), health.Fit(who(r.Profile, r.Person), health.MaxNameCols), r.Kind, what)
	}
	return tw.Flush()
}

// apptStartWords is when an appointment reminded at at is: "the appointment is at 10:20" on the
// reminder's day, "the appointment is on 12 Dec 2026, 10:20" on another, on the person's clock.
func apptStartWords(z remind.Zone, at, t time.Time) string {
	if z.Date(t) == z.Date(at) {
		if here := z.Here(t); here != "" {
			return "the appointment is at " + z.Clock(t) + " (" + here + ")"
		}
		return "the appointment is at " + z.Clock(t)
	}
	return "the appointment is on " + z.When(t)
}

// heldRemindersWords says, as 'today' does, why the reminders of the held people in scope
// (hhvault.HoldPeople; profile "" is everyone) are left out: one line for those held because this device was removed from its household, one
// for each person no longer shared with it.
func heldRemindersWords(w io.Writer, v *storage.Vault, m *remind.Model, profile string, held map[string]bool, loc *time.Location) {
	removal, _ := hhvault.LoadRemoval(v)
	removed := removal.Holds()
	var removedNames, lines []string
	for _, p := range m.People {
		if !held[p.Profile] || p.Deceased || (profile != "" && p.Profile != profile) {
			continue
		}
		if removed[p.Profile] {
			removedNames = append(removedNames, p.Name)
		}
		if since, ok := v.NotShared(p.Profile); ok {
			lines = append(lines, remind.NotSharedWords(p.Name, since, loc))
		}
	}
	if line := remind.RemovedWords(removal.At, removedNames, loc); line != "" {
		lines = append([]string{line}, lines...)
	}
	for _, l := range lines {
		textln(w, l)
	}
	if len(lines) > 0 {
		textln(w)
	}
}

type doseJSON struct {
	Ref        string `json:"ref"`
	Profile    string `json:"profile"`
	Occurrence string `json:"occurrence,omitempty"`
	Scheduled  string `json:"scheduled,omitempty"`
	When       string `json:"when"`
	Status     string `json:"status"`
	// CountsFor: a dose taken at a time the plan has none counts for its day's nearest dose
	// not yet answered (F85); this is that dose's time (F370).
	CountsFor string `json:"counts_for,omitempty"`
}

func runDose(ctx context.Context, c *call) error {
	sub, err := c.subcommand("say 'dose take', 'dose skip' or 'dose log'")
	if err != nil {
		return err
	}
	if sub != "take" && sub != "skip" && sub != "log" {
		return usagef("unknown dose command %q", sub)
	}
	var ref, atS, whenS, profile, doseText, reason string
	var yes bool
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		if sub == "log" {
			fs.BoolVar(&yes, "yes", false, "log it even when the record says it is too soon or one too many")
		}
		fs.StringVar(&ref, "ref", "", "the medicine, e.g. MedicationRequest/<id>")
		fs.StringVar(&atS, "at", "", "the dose's scheduled time")
		fs.StringVar(&whenS, "when", "", "when it was taken (default now)")
		fs.StringVar(&profile, "profile", "", "the person (when the reference is ambiguous)")
		fs.StringVar(&doseText, "dose", "", "how much, e.g. \"1 tablet\"")
		fs.StringVar(&reason, "reason", "", "why it was skipped")
	}); err != nil {
		return err
	}
	if ref == "" {
		return usagef("--ref is required")
	}
	if sub != "log" && atS == "" {
		return usagef("--at is required")
	}
	if sub == "log" && atS != "" {
		// An as-needed dose has no scheduled time: --at was taken and ignored, and the dose
		// recorded at now (F388: a paracetamol given at 06:00 recorded at 12:56).
		return usagef("'dose log' records an as-needed dose, which has no scheduled time: say when it was taken with --when (e.g. --when %s)", atS)
	}
	for _, s := range []string{atS, whenS} {
		if _, err := parseWhen(s, time.UTC); s != "" && err != nil {
			return usagef("%v", err)
		}
	}
	v, m, err := c.openModel(ctx, profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if hs := m.Holders(ref); profile == "" && len(hs) > 1 {
		// A server's ids repeat across servers: without --profile the dose went to whichever
		// person came first (F476). The line names the people's ids, not their names.
		return usagef("%s is a medicine of %d people here (%s): say whose with --profile ID ('carekeeper profile list' names them); nothing recorded", ref, len(hs), strings.Join(hs, ", "))
	}
	med := m.Medicine(profile, ref)
	if med == nil {
		return errors.New("no active medicine with that reference")
	}
	if keep := m.Medicine(med.Profile, med.SameAs); med.SameAs != "" && keep != nil {
		// Another record of the same medicine reminds of it (a newer letter's copy): the GP's
		// record answered its own plan, which nothing reminds by — "a dose at 18:30, when none
		// is scheduled" — and the 18:30 dose stayed due on every device (F556).
		med, ref = keep, keep.Ref
	}
	p := m.Person(med.Profile)
	now := time.Now().Round(0).In(c.zoneFor(v, med.Profile))
	// As the app and 'appointment add': no dose for a person who died — it was recorded,
	// dated after the death (F125). The line names neither the person nor the date.
	if d, err := journey.PersonDeath(ctx, v, med.Profile, now); err != nil {
		return err
	} else if d.Deceased {
		return errors.New("the records say this person has died: no dose was recorded")
	}
	a := remind.DoseAction{Profile: med.Profile, Ref: med.Ref, When: now, Skip: sub == "skip", Reason: reason, Dose: doseText}
	// A time the person's clock says twice (the hour it goes back) or skips is refused with the
	// real times to choose from, as 'appointment add' does (F356); a time with its offset is that
	// choice. Of --at, the one of the two that is a dose of the plan is that dose (F482: 02:30 on
	// the night Berlin's clocks go back was read as the second 02:30, "a dose at 02:30, when none
	// is scheduled, … counted for the 02:30 dose").
	onClock := func(s, flg string, isDose bool) (time.Time, error) {
		t, _ := parseWhen(s, p.Loc)
		if _, err := time.Parse(time.RFC3339, s); err == nil || len(s) == len("2006-01-02") {
			return t, nil
		}
		wall, _ := parseWhen(s, time.UTC) // the clock as typed, before any zone moves it
		t, err := remind.WallClock(wall, p.Loc, flg+" "+s)
		var wc *remind.WallClockError
		if !errors.As(err, &wc) {
			return t, nil
		}
		if isDose && !wc.Gap {
			var doses []time.Time
			for _, c := range wc.Choices {
				for _, o := range m.DoseTimes(med, c.Add(-time.Minute), c.Add(time.Minute+1)) {
					if o.At.Equal(c) {
						doses = append(doses, c)
					}
				}
			}
			if len(doses) == 1 {
				return doses[0], nil
			}
		}
		return time.Time{}, usagef("%v", err)
	}
	if whenS != "" {
		if a.When, err = onClock(whenS, "--when", false); err != nil {
			return err
		}
	}
	var at time.Time
	offSchedule := false
	if sub != "log" {
		if at, err = onClock(atS, "--at", true); err != nil {
			return err
		}
	}
	if sub == "take" && strings.TrimSpace(doseText) == "" && med.InstructionOnly() != "" {
		// A mealtime insulin by carbohydrate ratio: the record says how to work the dose out,
		// not an amount, and 'dose take' recorded it taken with no amount at all; the app asks
		// how much (F457, F490). The line names no medicine.
		return usagef("the record of this medicine gives no amount, only how to work it out: say how much was given with --dose (e.g. --dose \"4 units\"); nothing recorded")
	}
	if r := health.DoseBySize(doseText); r != "" {
		// "--dose 15 mg/kg" is the rule, not what was given: recorded, nobody could tell how
		// much a child had (F508).
		return usagef("--dose %s is a rule by body %s, not an amount: say how much was given, e.g. in mL or mg; nothing recorded", strings.TrimSpace(doseText), r)
	}
	if sub == "log" && strings.TrimSpace(doseText) == "" && health.DoseBySize(med.AsNeededDose()) != "" {
		// A baby's paracetamol "15 mg/kg" logged without --dose recorded "taken" with no amount:
		// the other parent, and a later "given … apart" line, could not tell how much he had;
		// the app asks how much was given (F508). The line names no medicine.
		return usagef("the record of this medicine gives its dose by body weight or size, not an amount: say how much was given with --dose, in mL or mg ('carekeeper today' says what its rule comes to); nothing logged")
	}
	if sub == "log" && !med.Plan.AsNeeded {
		// A dose logged of a medicine taken at set times answered none of its doses and was
		// shown nowhere: Today never listed it (F224). Its doses are answered by their time.
		return usagef("this medicine is taken at set times, not as needed: answer its dose with 'dose take --ref %s --at TIME' (nothing logged)", ref)
	}
	if err := remind.CheckDoseTimes(at, a.When, now); err != nil {
		return usagef("%v", err)
	}
	if sub != "log" && med.Plan.Problem() == "" && !med.Plan.AsNeeded &&
		len(m.DoseTimes(med, at.Add(-24*time.Hour), at.Add(24*time.Hour))) == 0 {
		return usagef("no dose of this medicine is due within a day of --at: check the time")
	}
	if sub != "log" {
		a.Scheduled, a.Occurrence = at, ""
		// The occurrence at that time (the nearest within a minute); else an off-schedule key.
		best := time.Minute + 1
		for _, o := range m.DoseTimes(med, at.Add(-time.Minute), at.Add(time.Minute+1)) {
			if d := o.At.Sub(at).Abs(); d < best {
				best, a.Occurrence, a.Scheduled = d, o.Key, o.At
			}
		}
		if a.Occurrence == "" {
			a.Occurrence = at.UTC().Format(time.RFC3339)
			offSchedule = true
		}
		// A dose already answered is not answered again: 'dose skip' after 'dose take' said
		// 'Recorded: skipped' while the dose stayed taken, with two answers stored (F124).
		for _, ds := range m.DoseStates(med.Profile, a.Scheduled.Add(-time.Minute), a.Scheduled.Add(time.Minute+1), now) {
			if ds.Ref == med.Ref && ds.Occurrence == a.Occurrence && (ds.State == remind.DoseTaken || ds.State == remind.DoseSkipped) {
				return fmt.Errorf("this dose is already recorded as %s: nothing recorded ('carekeeper today' shows it)", ds.State)
			}
		}
	}
	if sub == "log" && !yes {
		// Sooner than the record allows, or over its most doses a day: asked first, as the
		// app's Today asks (F71).
		// and over its most amount a day, counted in tablets from a most in mg (F367)
		why := strings.TrimSpace(m.DoseCaution(med, a.When) + " " + m.AmountCaution(med, a.When))
		if why != "" {
			if c.env.ReadPassword == nil {
				return usagef("%s Nothing logged: add --yes to log it anyway.", why)
			}
			textf(c.env.Stderr, "%s %s Type yes to log it: ", why, remind.AnotherDose)
			line, _ := bufio.NewReader(c.env.Stdin).ReadString('\n')
			if strings.TrimSpace(strings.ToLower(line)) != "yes" {
				return errors.New("nothing logged")
			}
		}
	}
	d, err := remind.RecordDose(ctx, v, med, a)
	if err != nil {
		return err
	}
	what := medAndPerson(v, m, med)
	if err := v.Close(); err != nil {
		return err
	}
	// A dose taken at a time with no dose counts for the day's nearest dose not yet answered:
	// Today then reads that dose taken, so the line says it (F370).
	var countsFor time.Time
	if offSchedule {
		countsFor, _ = m.CountedFor(med, d)
	}
	status := map[string]string{"take": "taken", "skip": "skipped", "log": "taken"}[sub]
	if c.json {
		out := doseJSON{Ref: med.Ref, Profile: med.Profile, Occurrence: d.Occurrence, When: d.When.In(p.Loc).Format(time.RFC3339), Status: status}
		if !d.Scheduled.IsZero() {
			out.Scheduled = d.Scheduled.In(p.Loc).Format(time.RFC3339)
		}
		if !countsFor.IsZero() {
			out.CountsFor = countsFor.In(p.Loc).Format(time.RFC3339)
		}
		return c.printJSON(out)
	}
	// The line names the dose answered: 'dose take --at 13:00' answered no 13:00 dose.
	dose := ""
	if sub != "log" {
		dose = "the " + m.Zone(med.Profile).Clock(d.Scheduled) + " dose, "
		if offSchedule {
			dose = "a dose at " + m.Zone(med.Profile).Clock(d.Scheduled) + ", when none is scheduled, "
		}
	}
	counted := ""
	if !countsFor.IsZero() {
		counted = ", counted for the " + m.Zone(med.Profile).Clock(countsFor) + " dose" // of the same day
	}
	// The time taken on the person's clock, "02:35 CEST" on the hour the clocks go back (F512).
	taken := health.DateWords(d.When.In(p.Loc)) + ", " + m.Zone(med.Profile).Clock(d.When)
	// How much was given, of a dose logged (or given with --dose): "Recorded: 4 puffs taken at
	// …" — the line said "taken" alone, whatever the amount.
	if d.Amount != "" && (sub == "log" || strings.TrimSpace(doseText) != "") {
		status = health.DoseWords(d.Amount) + " " + status
	}
	textf(c.env.Stdout, "Recorded: %s%s at %s%s — %s.\n", dose, status, taken, counted, what)
	return nil
}

func runAppointment(ctx context.Context, c *call) error {
	sub, err := c.subcommand("say 'appointment add' or 'appointment export'")
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		var profile, startS, endS, title, location, note string
		if err := c.bindNoArgs(func(fs *flag.FlagSet) {
			fs.StringVar(&profile, "profile", "", "the person")
			fs.StringVar(&startS, "start", "", "when it starts")
			fs.StringVar(&endS, "end", "", "when it ends")
			fs.StringVar(&title, "title", "", "what it is")
			fs.StringVar(&location, "location", "", "where")
			fs.StringVar(&note, "note", "", "how to prepare")
		}); err != nil {
			return err
		}
		if profile == "" || startS == "" || strings.TrimSpace(title) == "" {
			return usagef("--profile, --start and --title are required")
		}
		for i, s := range []string{startS, endS} {
			if _, err := parseWhen(s, time.UTC); s != "" && err != nil {
				return usagef("%v", err)
			}
			// A day alone made a midnight appointment, reminded at 22:00 the night before
			// (F201): the time is asked for, nothing is picked.
			if _, err := time.Parse(time.DateOnly, s); err == nil {
				flag := [2]string{"--start", "--end"}[i]
				return usagef("%s %s is a day without a time: say when, e.g. %s %sT10:30", flag, s, flag, s)
			}
		}
		v, err := c.openProfile(profile)
		if err != nil {
			return err
		}
		defer v.Close()
		// As the app's Appointments: nothing to add for a person who died (F104). The line
		// names neither the person nor the date (an error line reaches logs).
		if d, err := journey.PersonDeath(ctx, v, profile, time.Now().In(c.zoneFor(v, profile))); err != nil {
			return err
		} else if d.Deceased {
			return errors.New("the records say this person has died: no appointment was added")
		}
		loc := c.zoneFor(v, profile)
		a := remind.NewAppointment{Profile: profile, Title: title, Location: location, Note: note}
		// A time the person's clock skips (the hour it goes forward) or says twice (the hour it
		// goes back) is refused with the real times to choose from, not saved an hour off
		// without a word (F356); a time with its offset (RFC 3339) is that choice.
		for _, w := range []struct {
			s   string
			to  *time.Time
			flg string
		}{{startS, &a.Start, "--start"}, {endS, &a.End, "--end"}} {
			if w.s == "" {
				continue
			}
			*w.to, _ = parseWhen(w.s, loc)
			if _, err := time.Parse(time.RFC3339, w.s); err == nil {
				continue
			}
			wall, _ := parseWhen(w.s, time.UTC) // the clock as typed, before any zone moves it
			t, err := remind.WallClock(wall, loc, w.flg+" "+w.s)
			var wc *remind.WallClockError
			if errors.As(err, &wc) {
				return usagef("%v", err)
			}
			*w.to = t
		}
		who := "them"
		if p, err := v.Profile(profile); err == nil {
			who = personWords(v)(profile, p.Name)
		}
		ref, err := remind.AddAppointment(ctx, v, a)
		if err != nil {
			return err
		}
		if err := v.Close(); err != nil {
			return err
		}
		if c.json {
			return c.printJSON(map[string]string{"ref": ref})
		}
		// What was added in words, on the person's clock (as 'today' says it), never the id
		// (F104): "Added for Mary Smith: Eye test, 7 Dec 2026, 15:00, at Optician."
		line := "Added for " + who + ": " + strings.TrimSpace(title) + ", " + remind.Zone{Loc: loc, Device: c.device()}.When(a.Start)
		if l := strings.TrimSpace(location); l != "" {
			line += ", at " + l
		}
		textln(c.env.Stdout, line+".")
		return nil
	case "export":
		var out, profile, ref string
		if err := c.bindNoArgs(func(fs *flag.FlagSet) {
			fs.StringVar(&out, "out", "", "the .ics file to write")
			fs.StringVar(&profile, "profile", "", "one person")
			fs.StringVar(&ref, "ref", "", "one appointment")
		}); err != nil {
			return err
		}
		if out == "" {
			return usagef("--out is required")
		}
		if err := c.checkOutputs(out); err != nil {
			return err
		}
		v, m, err := c.openModel(ctx, profile)
		if err != nil {
			return err
		}
		defer v.Close()
		if err := hhvault.NotInSharedFolder(v, out); err != nil {
			return err
		}
		now := time.Now()
		var appts []*remind.Appointment
		for _, a := range m.Upcoming(profile, now) {
			if ref == "" || a.Ref == ref {
				appts = append(appts, a)
			}
		}
		if ref != "" && len(appts) == 0 {
			return errors.New("no upcoming appointment with that reference")
		}
		if err := atomicfile.Write(out, func(w io.Writer) error { return remind.WriteICS(w, m.ICSEvents(appts), now) }); err != nil {
			return fmt.Errorf("writing the calendar file: %w", err)
		}
		if c.json {
			return c.printJSON(map[string]any{"file": out, "appointments": len(appts)})
		}
		textf(c.env.Stdout, "Wrote %s to %s.\n", health.Count(len(appts), "appointment", ""), out)
		return nil
	default:
		return usagef("unknown appointment command %q", sub)
	}
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

type medJSON struct {
	Profile string `json:"profile"`
	Person  string `json:"person"`
	Ref     string `json:"ref"`
	Name    string `json:"name"`
	Plan    string `json:"plan"`
	Own     bool   `json:"own"`
	Set     bool   `json:"overridden"`
	// Reminders: the medicine is being taken, so its doses are reminded of (see medicines).
	Reminders bool `json:"reminders"`
	// RemindersBy is, for one of several records of one medicine, the record whose plan
	// reminds (a newer order of another dose, F417); "" otherwise.
	RemindersBy string `json:"remindersBy,omitempty"`
}

func runSchedule(ctx context.Context, c *call) error {
	sub, err := c.subcommand("say 'schedule set', 'schedule clear' or 'schedule list'")
	if err != nil {
		return err
	}
	var profile, ref, times, days string
	var every float64
	var asNeeded, everySet bool
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "the person")
		if sub == "list" {
			return
		}
		fs.StringVar(&ref, "ref", "", "the medicine")
		if sub == "set" {
			fs.StringVar(&times, "times", "", "times of day, e.g. 08:00,20:00")
			fs.StringVar(&days, "days", "", "days of the week, e.g. mon,wed")
			fs.Func("every", "every N hours", func(v string) error { // given, even as 0: checked by planFromFlags
				n, err := strconv.ParseFloat(v, 64)
				every, everySet = n, true
				return err
			})
			fs.BoolVar(&asNeeded, "as-needed", false, "only as needed: no reminders")
		}
	}); err != nil {
		return err
	}
	var plan *schedule.Plan
	switch sub {
	case "list":
	case "set", "clear":
		if profile == "" || ref == "" {
			return usagef("--profile and --ref are required")
		}
		if sub == "set" {
			var err error
			if plan, err = planFromFlags(times, days, every, everySet, asNeeded); err != nil {
				return err
			}
		}
	default:
		return usagef("unknown schedule command %q", sub)
	}
	v, m, err := c.openModel(ctx, profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if sub == "list" {
		if none, err := c.nobodyYet(v, profile); none || err != nil {
			return err
		}
		meds := m.Medicines(profile)
		out := make([]medJSON, 0, len(meds))
		for _, med := range meds {
			out = append(out, medJSON{Profile: med.Profile, Person: m.Person(med.Profile).Name, Ref: med.Ref, Name: med.Name,
				Plan: med.Describe, Own: med.Own, Set: med.Overridden, Reminders: med.Taking, RemindersBy: med.SameAs})
			if !c.json {
				out[len(out)-1].Plan += clockWords(m, med, time.Now()) + noRemindersWords(med)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Person < out[j].Person })
		if c.json {
			return c.printJSON(out)
		}
		who := personWords(v)
		tw := newTabs(c.env.Stdout)
		textf(tw, "PERSON\tMEDICINE\tPLAN\tREF\n")
		for _, x := range out {
			textf(tw, "%s\t%s\t%s\t%s\n", health.Fit(who(x.Profile, x.Person), health.MaxNameCols), x.Name, x.Plan, x.Ref)
		}
		return tw.Flush()
	}
	if d, err := journey.PersonDeath(ctx, v, profile, time.Now().In(c.zoneFor(v, profile))); err != nil {
		return err
	} else if d.Deceased {
		// As 'dose take': no times to set for a person who died (F266).
		return errors.New("the records say this person has died: nothing was changed")
	}
	med := m.Medicine(profile, ref)
	if med == nil {
		return errors.New("no active medicine with that reference")
	}
	if plan != nil {
		// New times keep the record's amount: 'today' said "09:00 Metformin 500 mg tablet",
		// no longer "(1 tablet)", after 'schedule set --times' (F260), as the app's editor keeps it.
		// A record giving its doses by day of the week keeps each day's (F425).
		plan = schedule.KeepRecordDoses(plan, med.RecordPlan)
	}
	if err := remind.SetPlan(ctx, v, med, plan, time.Now()); err != nil {
		return err
	}
	what := medAndPerson(v, m, med)
	if err := v.Close(); err != nil {
		return err
	}
	desc := med.RecordPlan.DescribeDoses(m.Person(med.Profile).Settings.Routine, health.DoseWords)
	if plan != nil {
		desc = plan.DescribeDoses(m.Person(med.Profile).Settings.Routine, health.DoseWords)
	}
	if c.json {
		return c.printJSON(map[string]string{"ref": med.Ref, "plan": desc})
	}
	if plan != nil {
		med.Plan = *plan
	} else {
		med.Plan = med.RecordPlan
	}
	textf(c.env.Stdout, "Plan: %s%s — %s.\n", desc, clockWords(m, med, time.Now()), what)
	return nil
}

// noRemindersWords says after a plan that nothing reminds of it: the warfarin order of 16 Nov
// that the 30 Nov order (another dose) replaced was listed as if it reminded (F417). "" for one
// that reminds.
func noRemindersWords(med *remind.Medicine) string {
	switch {
	case med.Taking:
		return ""
	case med.SameAs != "":
		return "; no reminders: " + med.SameAs + " gives them"
	case med.State == health.MedToConfirm:
		return "; no reminders until you say it is taken ('medicines confirm')"
	case med.State == health.MedStopped:
		return "; no reminders: stopped"
	}
	return "; no reminders: not being taken"
}

// medAndPerson names a medicine and whose it is, as 'medicines confirm|stop' says them:
// "Hydrochlorothiazide 25 mg (Courtney Schinner)". 'dose take' and 'schedule set' said
// neither ("Recorded: the 18:00 dose, taken at …", "Plan: twice a day …"), F202's family.
func medAndPerson(v *storage.Vault, m *remind.Model, med *remind.Medicine) string {
	name := ""
	if pr := m.Person(med.Profile); pr != nil {
		name = pr.Name
	}
	return health.Fit(med.Label(), maxHeadingCols) + " (" + personWords(v)(med.Profile, name) + ")"
}

// clockWords is ", Tokyo time" after a plan whose times are on a person's clock that is not
// this computer's, as the app's Medicines says it (F89); "" otherwise. --times are read on
// that clock: without it "at 08:00" was read as this computer's 08:00 (F144).
func clockWords(m *remind.Model, med *remind.Medicine, now time.Time) string {
	if z := m.Zone(med.Profile); z.Differs(now) && !med.Plan.AsNeeded && med.Plan.Problem() == "" {
		return ", " + z.Name(now)
	}
	return ""
}

func planFromFlags(times, days string, every float64, everySet, asNeeded bool) (*schedule.Plan, error) {
	n := 0
	for _, set := range []bool{times != "", everySet, asNeeded} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, usagef("give exactly one of --times, --every or --as-needed")
	}
	if asNeeded {
		if days != "" {
			return nil, usagef("--days goes with --times")
		}
		return &schedule.Plan{AsNeeded: true, Phases: []schedule.Phase{{AsNeeded: true}}}, nil
	}
	if everySet {
		if days != "" {
			return nil, usagef("--days goes with --times")
		}
		p, err := schedule.EveryHours(every, time.Now().Round(0))
		if err != nil {
			return nil, usagef("--every: %v", err)
		}
		return p, nil
	}
	var t schedule.Timing
	for _, s := range strings.Split(times, ",") {
		cl, err := schedule.ReadClock(s) // "20:00", "8pm", "8:30am", "20.00", as the app reads them (F208)
		if err != nil {
			return nil, usagef("--times: %q is not a time of day: write it like 20:00 or 8pm", strings.TrimSpace(s))
		}
		t.TimeOfDay = append(t.TimeOfDay, cl)
	}
	if days != "" {
		for _, d := range strings.Split(days, ",") {
			wd, ok := weekdays[strings.ToLower(strings.TrimSpace(d))[:min(3, len(strings.TrimSpace(d)))]]
			if !ok {
				return nil, usagef("--days: %q is not a day (mon, tue, ...)", d)
			}
			t.DayOfWeek = append(t.DayOfWeek, wd)
		}
	}
	return &schedule.Plan{Phases: []schedule.Phase{{Timing: t}}}, nil
}

// removedLine is the daemon's line about a device removed from its household (no names: it
// may go to a log).
func removedLine(r hhvault.Removal, loc *time.Location) string {
	who := "the people the household shares"
	if len(r.People) == 1 {
		who = "the person the household shares"
	}
	return fmt.Sprintf("this device was removed from the household on %s: no reminders or alerts here for %s (its other devices remind them); reminders go on for the others",
		health.DateWords(r.At.In(loc)), who)
}

// daemonVault is how the daemon opens the vault: quiet (no background compactions) and with
// a 4 MiB memtable, as the app does. Badger allocates a memtable's arena in full (20.8 MiB for
// the default 16 MiB), and when the arena lands in the memory Argon2id freed at the unlock the
// runtime zeroes it, so all of it is resident: the idle daemon sat at 48.6 MB instead of 28 in
// one start of five (bench-idle, 2026-12-04). The daemon writes dose events, reminder marks and
// household exchanges; a small memtable only flushes more often.
var daemonVault = storage.Options{Quiet: true, MemTableSize: 4 << 20}

func runDaemon(ctx context.Context, c *call) error {
	if err := c.bindNoArgs(nil); err != nil {
		return err
	}
	// Quiet: no background compaction, so the idle daemon uses next to no CPU (it writes
	// only dose events and reminder marks; the next ordinary open compacts them).
	v, err := c.openWith(daemonVault)
	if err != nil {
		return err
	}
	defer v.Close()
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	nt, err := remind.NewDesktop(ctx)
	if err != nil {
		return err
	}
	defer nt.Close()
	// A copy of a household device's vault reminds nobody until the person says it moved
	// here ('household moved'): the device it was copied from reminds (the app's Moved here).
	if err := hhvault.CheckCopied(ctx, v); errors.Is(err, hhvault.ErrCopied) {
		textf(c.env.Stderr, "carekeeper daemon: no reminders or alerts here: %s\n", oneLine(err))
	}
	// A device removed from its household holds the reminders and alerts of the people the
	// household shares (its other devices remind them), and reminds the others.
	if r, ok := hhvault.LoadRemoval(v); ok {
		textln(c.env.Stderr, "carekeeper daemon: "+removedLine(r, c.device()))
	}
	e := remind.New(v, nt, remind.Options{
		Device: c.device,
		Logf: func(format string, a ...any) {
			textf(c.env.Stderr, "carekeeper daemon: "+format+"\n", a...)
		},
		Hold:       hhvault.HoldCopied(ctx),
		HoldPeople: hhvault.HoldPeople,
	})
	stopHousehold := runHousehold(ctx, c, v, e)
	runErr := e.Run(ctx)
	stopHousehold()
	// The app, started later, fires from this until its first unlock (saved even when the
	// watermark could not be: the reminders must still come).
	saveErr := remind.SaveAgenda(v.Dir(), e.LockSafeAgenda())
	return errors.Join(runErr, saveErr, v.Close())
}
