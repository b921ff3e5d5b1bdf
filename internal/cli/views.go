package cli

import (
	"carekeeper/internal/intake"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// The domain views on the command line: what the app's Medicines, Results and Today screens
// show, from the same functions (internal/journey, internal/health).

func init() {
	register(
		&command{name: "medicines", args: "[--profile ID] [--at TIME] | confirm|stop --profile ID --ref REF", summary: "list a person's medicines, or confirm or stop one", run: runMedicines,
			detail: "Lists one row per medicine (the same medicine from several sources is one row, its sources listed and\n" +
				"differences flagged). status is taking (reminders may run), to-confirm (the record still says active but\n" +
				"nothing in the last 12 months shows it is taken), stopped (you said so) or past. --json prints\n" +
				"[{\"profile\",\"ref\",\"name\",\"status\",\"since\",\"sources\",\"dose\",\"schedule\",\"reminders\",\"question\",\n" +
				"\"difference\",\"ended\",\"courses\"}] (each row names its person; dose: how much and how, \"1 tablet by mouth\", left out\n" +
				"when the record gives no amount; schedule: when). A past medicine whose records lie more than 400 days apart\n" +
				"is said course by course, a line each (courses:[{\"from\",\"to\",\"ref\"}], newest first).\n" +
				"medicines confirm keeps a to-confirm medicine (reminders on); medicines stop marks it stopped. Without\n" +
				"--profile, every person in turn."},
		&command{name: "today", args: "[--profile ID] [--at TIME]", summary: "show each person's doses, appointments and refills of the day", run: runToday,
			detail: "One section per person: doses due now first, then overdue, then the rest of the day; appointments of the\n" +
				"next 7 days; refills due; medicines taken as needed, with how much a dose is, the record's limits, the doses\n" +
				"logged today and the last one (\"asNeeded\":[{\"ref\",\"name\",\"limits\",\"today\",\"todayAmount\",\"last\"}]). A person who died has none. --json prints [{\"profile\",\"person\",\"deceased\",\n" +
				"\"doses\":[{\"ref\",\"name\",\"at\",\"state\"}],\"appointments\":[{\"ref\",\"title\",\"start\",\"location\"}],\n" +
				"\"refills\":[{\"ref\",\"name\",\"runOut\",\"doseChanged\"}],\"futureDeathDate\"}]; state is upcoming, due, overdue, missed, taken or skipped;\n" +
				"futureDeathDate is a date of death the records give that is after today (not taken as a death)."},
		&command{name: "results", args: "[--profile ID] [--code SYSTEM|CODE] | entered --profile ID | delete --profile ID --ref REF [--yes]", summary: "list result series with values, ranges and flags; list or delete readings entered by hand", run: runResults,
			detail: "One series per person and code (two people are never one series). --json with --profile prints\n" +
				"[{\"code\",\"name\",\"shortName\",\"unit\",\"range\":{\"low\",\"high\",\"typical\",\"from\"},\"values\":[{\"at\",\"precision\",\n" +
				"\"value\",\"value2\",\"flag\",\"original\"}]}] (precision: year, month, day or time, how precisely the record\n" +
				"dates the reading, \"at\" being the start of that period; value2: diastolic; original: {\"value\",\"unit\"} as the\n" +
				"record wrote a value converted into the series' unit); a result written only as text is an entry with no\n" +
				"values and \"text\":[{\"at\",\"precision\",\"text\",\"flag\",\"answer\"}] (answer: true for a coded answer,\n" +
				"\"Negative\"). Without --profile [{\"profile\",\"person\",\"series\":[…],\"unreadable\",\n" +
				"\"text\":[{\"code\",\"name\",\"text\",\"at\",\"precision\",\"flag\",\"answer\"}]}].\n" +
				"results entered lists the readings entered by hand (the app's Add measurement), newest first, each with its\n" +
				"ref (--json [{\"ref\",\"name\",\"value\",\"at\"}]). results delete removes one of them, as the app's Results → Show\n" +
				"the readings → Delete… does: it leaves the chart, the latest, the Timeline, the visit summary and the exports\n" +
				"(it cannot be brought back); it asks on a terminal, else needs --yes. A reading from a provider, a file or a\n" +
				"health card is refused (exit 1): it is theirs to correct (--json {\"ref\",\"name\",\"value\",\"at\",\"deleted\":true})."},
	)
}

type medicineJSON struct {
	Profile    string   `json:"profile"`
	Ref        string   `json:"ref"`
	Name       string   `json:"name"`
	Status     string   `json:"status"`
	Since      string   `json:"since"`
	DoseSince  string   `json:"doseSince,omitempty"` // YYYY-MM-DD the dose said began, when later than since (F417)
	Starts     string   `json:"starts,omitempty"`    // YYYY-MM-DD a medicine not begun yet starts ("status": "to-start", F342)
	Sources    []string `json:"sources"`
	Dose       string   `json:"dose,omitempty"`
	Schedule   string   `json:"schedule"`
	Reminders  bool     `json:"reminders"`
	Question   string   `json:"question,omitempty"`
	Difference string   `json:"difference,omitempty"`
	Ended      string   `json:"ended,omitempty"`
	// Courses: a medicine no longer taken whose records lie years apart, course by course,
	// newest first (F177); absent for one course.
	Courses []courseJSON `json:"courses,omitempty"`
}

type courseJSON struct {
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`
	Ref  string `json:"ref"` // its newest record
}

func runMedicines(ctx context.Context, c *call) error {
	var profile, ref, at string
	if err := c.bind(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "person")
		fs.StringVar(&ref, "ref", "", "the medicine (\"MedicationRequest/<id>\")")
		fs.StringVar(&at, "at", "", "as of (default now)")
	}); err != nil {
		return err
	}
	sub := ""
	if len(c.args) > 0 {
		sub = c.args[0]
		c.args = c.args[1:]
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	switch sub {
	case "":
	case "confirm", "stop":
		if profile == "" || ref == "" {
			return usagef("--profile and --ref are needed")
		}
	default:
		return usagef("unknown medicines command %q", sub)
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if sub == "" {
		if none, err := c.nobodyYet(v, profile); none || err != nil {
			return err
		}
	}
	now, err := atOrNow(at, c.zoneFor(v, profile))
	if err != nil {
		return err
	}
	if sub != "" {
		// As 'dose take' and 'appointment add': nothing to keep or stop for a person who died
		// (F266: confirm answered 'Kept as being taken' with a false reason). The line names
		// neither the person nor the date.
		if d, err := journey.PersonDeath(ctx, v, profile, time.Now().In(c.zoneFor(v, profile))); err != nil {
			return err
		} else if d.Deceased {
			return errors.New("the records say this person has died: their medicines ended then, nothing was changed")
		}
		// The answer names the medicine and the person, and says when nothing changed (F202):
		// "Marked as stopped; …" did not say it was Atenolol, or Eve's.
		var was *journey.MedicineRow
		rows, err := journey.Medicines(ctx, v, profile, now, journey.LoadOptions{Device: c.device()})
		if err != nil {
			return err
		}
		for i := range rows {
			if slices.Contains(rows[i].Refs, ref) {
				was = &rows[i]
			}
		}
		// An answer that changes nothing writes nothing: a confirm of a medicine already being
		// taken wrote a new choice anyway, which in a household replaced another device's stop
		// made a moment before (F381).
		same := was != nil && (sub == "confirm" && was.State == health.MedTaking || sub == "stop" && was.State == health.MedStopped)
		if !same {
			if err := journey.SetMedicineChoice(ctx, v, profile, ref, sub == "confirm", now); err != nil {
				if errors.Is(err, journey.ErrNoMedicine) {
					return fmt.Errorf("--ref %s: %w", ref, err)
				}
				return err
			}
		}
		if !c.json {
			what := "It"
			if was != nil {
				who := "them"
				if p, err := v.Profile(profile); err == nil {
					who = personWords(v)(profile, p.Name)
				}
				what = health.Fit(was.Name, maxHeadingCols) + " (" + who + ")"
			}
			if sub == "confirm" {
				reminders, why := false, "the records give no times to take it"
				rows, err := journey.Medicines(ctx, v, profile, now, journey.LoadOptions{Device: c.device()})
				if err != nil {
					return err
				}
				for _, r := range rows {
					if slices.Contains(r.Refs, ref) {
						reminders = r.Reminders
						if r.NoReminders != "" {
							why = r.NoReminders
						}
					}
				}
				line := what + ": kept as being taken"
				if was != nil && was.State == health.MedTaking {
					line = what + ": already being taken"
				}
				if reminders {
					textln(c.env.Stdout, line+"; reminders are on.")
				} else {
					textln(c.env.Stdout, line+". It gets no reminders: "+why+".")
				}
			} else if was != nil && was.State == health.MedStopped {
				textln(c.env.Stdout, what+": was already stopped; no reminders for it.")
			} else {
				textln(c.env.Stdout, what+": marked as stopped; no more reminders for it.")
			}
		}
		return v.Close()
	}
	ps, err := v.Profiles()
	if err != nil {
		return err
	}
	names := intake.Names(ps)
	var profiles []string
	for _, p := range ps {
		if profile == "" || p.ID == profile {
			profiles = append(profiles, p.ID)
		}
	}
	if len(profiles) == 0 && profile != "" {
		profiles = []string{profile} // journey.Medicines says the person is unknown
	} // nobody in the vault yet: --json says [] (F283)
	out := []medicineJSON{}
	tw := newTabs(c.env.Stdout)
	devNames, self, _ := hhvault.DeviceNames(ctx, v)
	for _, p := range profiles {
		rows, err := journey.Medicines(ctx, v, p, now, journey.LoadOptions{Device: c.device()})
		for i := range rows {
			// A medicine added by hand on another device of the household is not "entered by
			// you" (F426): "entered on Walter's PC".
			for j, k := range rows[i].SourceKeys {
				if j < len(rows[i].Sources) && k.Source == storage.AppSource {
					if n := hhvault.EnteredOn(v, devNames, self, storage.ID{Source: k.Source, Type: k.Type, ID: k.ID}); n != "" {
						rows[i].Sources[j] = "entered on " + n
					}
				}
			}
		}
		if err != nil {
			return err
		}
		if !c.json {
			textf(tw, "# %s\n", health.Fit(names(p), maxHeadingCols))
			if len(rows) == 0 {
				textln(tw, "No medicines in the records.")
			} else if note := (remind.Zone{Loc: c.zoneFor(v, p), Device: c.device()}).Note(now); note != "" {
				// The times of the plans are the person's clock: said first, as 'today' does (F144).
				textln(tw, note)
			}
		}
		for _, r := range rows {
			if c.json {
				src := r.Sources
				if src == nil {
					src = []string{}
				}
				m := medicineJSON{Profile: p, Ref: r.Ref, Name: r.Name, Status: string(r.ShownState()), Since: r.Started, DoseSince: r.DoseSince, Starts: r.Starts, Sources: src,
					Dose: r.Dose, Schedule: r.Schedule, Reminders: r.Reminders, Question: r.Question, Difference: r.Difference, Ended: r.Ended}
				if cs := r.Courses(); r.State == health.MedPast && len(cs) > 1 {
					for _, c := range cs {
						m.Courses = append(m.Courses, courseJSON{From: c.From, To: c.To, Ref: c.Record.Type + "/" + c.Record.ID})
					}
				}
				out = append(out, m)
				continue
			}
			note := r.Question
			if w := r.DatedAfterWords(); note == "" && w != "" {
				note = w // taken, as the person said: its date is still not to be believed (F557 item 6)
			}
			if w := r.StartWords(); w != "" {
				note = w // "starts 10 Dec 2026": not to begin today (F342)
			}
			if w := r.EndWords(); w != "" {
				note = w
			}
			if r.Differs {
				note = strings.TrimSpace(note + " " + r.Difference)
			}
			if cs := r.Courses(); r.State == health.MedPast && len(cs) > 1 {
				// Courses years apart, a line each: '28 Mar 2017' alone hid the 2019 course (F177).
				for _, c := range cs {
					textf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.State, r.Name, c.Words(), health.HowTaken(r.Dose, r.Schedule), strings.Join(r.Sources, ", "), note)
				}
				continue
			}
			since := health.DayWords(r.Started)
			if r.State == health.MedTaking || r.State == health.MedToConfirm {
				since = r.SinceWords() // "16 Nov 2026; this dose since 30 Nov 2026" (F417)
			}
			textf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ShownState(), r.Name, since, health.HowTaken(r.Dose, r.Schedule), strings.Join(r.Sources, ", "), note)
		}
	}
	if c.json {
		return c.printJSON(out)
	}
	return tw.Flush()
}

type todayDoseJSON struct {
	Ref   string `json:"ref"`
	Name  string `json:"name"`
	At    string `json:"at"`
	State string `json:"state"`
	// AnsweredBy names the other device of the household that answered the dose, at Answered.
	AnsweredBy string `json:"answeredBy,omitempty"`
	Answered   string `json:"answered,omitempty"`
	// Taken is when a dose answered taken was taken (F537).
	Taken string `json:"taken,omitempty"`
	// TakenTwice says a dose taken on two devices ("taken twice — at 00:30 on Desk and at
	// 00:45 on Phone"), Takes each answer (F221).
	TakenTwice string          `json:"takenTwice,omitempty"`
	Takes      []todayTakeJSON `json:"takes,omitempty"`
	// SkippedAndGiven says a dose skipped on one device and given on another (F327).
	SkippedAndGiven string `json:"skippedAndGiven,omitempty"`
	// Yesterday: a dose of the day before, still due or overdue after midnight (F376).
	Yesterday bool `json:"yesterday,omitempty"`
}

type todayTakeJSON struct {
	At     string `json:"at"`
	Device string `json:"device,omitempty"` // its name in the household
}

type todayCheckJSON struct {
	Ref      string `json:"ref"`
	Name     string `json:"name"`
	Question string `json:"question"`
}

type todayAsNeededJSON struct {
	Ref    string `json:"ref"`
	Name   string `json:"name"`             // with how much a dose is: "Paracetamol 500 mg tablet (2 tablets)"
	Limits string `json:"limits,omitempty"` // "at least 4 hours apart, at most 4 doses a day"
	For    string `json:"for,omitempty"`    // what it is for: "wheezing"
	Today  int    `json:"today"`            // doses logged on the person's day
	// TodayAmount: how much they gave, added up ("6 puffs"); absent when not known
	TodayAmount string `json:"todayAmount,omitempty"`
	Last        string `json:"last,omitempty"`     // the last dose logged (RFC 3339), if any
	TooClose    string `json:"tooClose,omitempty"` // two doses given on two devices closer than the record allows (F478)
}

type todayStartingJSON struct {
	Ref    string `json:"ref"`
	Name   string `json:"name"`
	Starts string `json:"starts"` // YYYY-MM-DD on the person's clock
}

type todayApptJSON struct {
	Ref      string `json:"ref"`
	Title    string `json:"title"`
	Start    string `json:"start"`
	Location string `json:"location,omitempty"`
	// Status is the record's: "booked", "arrived", "checked-in", or "proposed" / "pending" (not
	// confirmed yet: the title says so too).
	Status string `json:"status,omitempty"`
}

type todayRefillJSON struct {
	Ref    string `json:"ref"`
	Name   string `json:"name"`
	RunOut string `json:"runOut"`
	// DoseChanged: the supply does not fit today's dose and nothing says when it changed (F374).
	DoseChanged string `json:"doseChanged,omitempty"`
}

type todayJSON struct {
	Profile  string `json:"profile"`
	Person   string `json:"person"`
	Deceased any    `json:"deceased,omitempty"`
	// FutureDeathDate: the records date this living person's death after today (YYYY-MM-DD),
	// not taken as a death (the text says it in words).
	FutureDeathDate string `json:"futureDeathDate,omitempty"`
	// RemindersOff: this device was removed from its household then (RFC 3339), or this vault
	// was moved elsewhere then ('household moved' there), and holds this person's reminders and
	// alerts (the household's other devices, or the vault it was moved to, remind them).
	RemindersOff string `json:"remindersOff,omitempty"`
	// NotSharedSince: the household no longer shares this person with this device, since then
	// (RFC 3339): nothing of them is answered, changed, reminded or alerted here.
	NotSharedSince string `json:"notSharedSince,omitempty"`
	// Zone: the person's times are on this zone's clock (IANA name), not this computer's.
	Zone         string              `json:"zone,omitempty"`
	Doses        []todayDoseJSON     `json:"doses"`
	Appointments []todayApptJSON     `json:"appointments"`
	Refills      []todayRefillJSON   `json:"refills"`
	AsNeeded     []todayAsNeededJSON `json:"asNeeded,omitempty"`
	// Starting: medicines that start in the next days, not to begin before (F342).
	Starting []todayStartingJSON `json:"starting,omitempty"`
	// Check: medicines to check — another current record gives the same ingredient; neither
	// reminds until the person answers (medicines confirm|stop).
	Check []todayCheckJSON `json:"check,omitempty"`
	// NoReminders: medicines being taken that nothing reminds of, with why (F391).
	NoReminders []todayNoRemindersJSON `json:"noReminders,omitempty"`
}

type todayNoRemindersJSON struct {
	Ref  string `json:"ref"`
	Name string `json:"name"`
	Why  string `json:"why"`
}

func runToday(ctx context.Context, c *call) error {
	var profile, at string
	if err := c.bindNoArgs(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "one person (default everyone)")
		fs.StringVar(&at, "at", "", "as of (default now)")
	}); err != nil {
		return err
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if none, err := c.nobodyYet(v, profile); none || err != nil {
		return err
	}
	loc := c.zoneFor(v, profile)
	now, err := atOrNow(at, loc)
	if err != nil {
		return err
	}
	names, self, err := hhvault.DeviceNames(ctx, v)
	if err != nil {
		return err
	}
	views, err := journey.Today(ctx, v, profile, now, journey.LoadOptions{Device: c.device(), Devices: names, Self: self})
	if err != nil {
		return err
	}
	// Medicines to check, as the app's Today: two current records give one ingredient, so
	// neither reminds until the person says which is taken (F151).
	check := map[string][]journey.MedicineRow{}
	for _, tv := range views {
		if tv.Death.Deceased {
			continue
		}
		rows, err := journey.Medicines(ctx, v, tv.Profile, now, journey.LoadOptions{Device: c.device()})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if r.SameIngredient {
				check[tv.Profile] = append(check[tv.Profile], r)
			}
		}
	}
	removal, _ := hhvault.LoadRemoval(v)
	held := removal.Holds()
	// A vault moved elsewhere ('household moved' there) holds everyone's reminders and alerts
	// (hhvault.HoldPeople): its doses are not reminded here, said in the list (F197; only a
	// warning on stderr before, the doses listed as upcoming).
	moved := hhvault.MovedAway(v)
	if moved != nil {
		removal.At, held = moved.At, hhvault.HoldPeople(v)
	}
	if c.json {
		out := make([]todayJSON, 0, len(views))
		for _, tv := range views {
			j := todayJSON{Profile: tv.Profile, Person: tv.Person, Deceased: tv.Death.JSONValue(), FutureDeathDate: tv.Death.FutureDate(),
				Doses: []todayDoseJSON{}, Appointments: []todayApptJSON{}, Refills: []todayRefillJSON{}}
			if held[tv.Profile] {
				j.RemindersOff = removal.At.In(loc).Format(time.RFC3339)
			}
			if since, ok := v.NotShared(tv.Profile); ok {
				j.NotSharedSince = since.In(loc).Format(time.RFC3339)
			}
			// Each person's times on their own clock (the offset says it), as the text says them.
			ploc := tv.Zone.Loc
			if tv.Zone.Differs(now) {
				j.Zone = ploc.String()
			}
			for _, d := range tv.Doses {
				dj := todayDoseJSON{Ref: d.Ref, Name: d.Name, At: d.At.In(ploc).Format(time.RFC3339), State: d.State}
				if d.AnsweredBy != "" {
					dj.AnsweredBy, dj.Answered = d.AnsweredBy, d.Answered.In(ploc).Format(time.RFC3339)
				}
				if d.State == journey.DoseTaken && !d.Acted.IsZero() {
					dj.Taken = d.Acted.In(ploc).Format(time.RFC3339)
				}
				dj.SkippedAndGiven, dj.Yesterday = d.SkippedAndGiven, d.Yesterday
				if d.TakenTwice != "" {
					dj.TakenTwice = d.TakenTwice
					for _, a := range d.Takes {
						dj.Takes = append(dj.Takes, todayTakeJSON{At: a.When.In(ploc).Format(time.RFC3339), Device: names[a.Device]})
					}
				}
				j.Doses = append(j.Doses, dj)
			}
			for _, a := range tv.Appointments {
				j.Appointments = append(j.Appointments, todayApptJSON{a.Ref, a.Title, a.Start.In(ploc).Format(time.RFC3339), a.Location, a.Status})
			}
			for _, r := range tv.Refills {
				j.Refills = append(j.Refills, todayRefillJSON{r.Ref, r.Name, r.RunOut.In(ploc).Format(time.RFC3339), r.DoseChanged})
			}
			for _, m := range check[tv.Profile] {
				j.Check = append(j.Check, todayCheckJSON{Ref: m.Ref, Name: m.Name, Question: m.Question})
			}
			for _, n := range tv.NoReminders {
				j.NoReminders = append(j.NoReminders, todayNoRemindersJSON{n.Ref, n.Name, n.Why})
			}
			for _, a := range tv.AsNeeded {
				aj := todayAsNeededJSON{Ref: a.Ref, Name: a.Name, Limits: a.Limits, For: a.For, Today: a.Today, TodayAmount: a.TodayAmount, TooClose: a.TooClose}
				if !a.Last.IsZero() {
					aj.Last = a.Last.In(ploc).Format(time.RFC3339)
				}
				j.AsNeeded = append(j.AsNeeded, aj)
			}
			for _, st := range tv.Starting {
				j.Starting = append(j.Starting, todayStartingJSON{st.Ref, st.Name, st.Starts})
			}
			out = append(out, j)
		}
		return c.printJSON(out)
	}
	w := c.env.Stdout
	who := personWords(v)
	var heldNames []string
	for _, tv := range views {
		if held[tv.Profile] && !tv.Death.Deceased {
			heldNames = append(heldNames, tv.Person)
		}
	}
	line := remind.RemovedWords(removal.At, heldNames, loc)
	if moved != nil {
		line = hhvault.MovedAwayWords(moved.At, heldNames, loc)
	}
	if line != "" {
		textln(w, line)
		textln(w)
	}
	for i, tv := range views {
		if i > 0 {
			textln(w)
		}
		if tv.Death.Deceased {
			textf(w, "%s — %s\n", who(tv.Profile, tv.Person), tv.Death.Words())
			continue
		}
		textf(w, "%s\n", who(tv.Profile, tv.Person))
		if note := tv.Death.FutureNote(); note != "" {
			textln(w, "  "+note)
		}
		if since, ok := v.NotShared(tv.Profile); ok { // said before 'dose take' is refused
			textln(w, "  "+remind.NotSharedWords(tv.Person, since, loc))
		} else if v.ViewOnly(tv.Profile) { // said before 'dose take' is refused, as the app's Today does
			textln(w, "  "+remind.ViewOnlyWords)
		}
		// One clock for every line of the person: theirs, named while it is not this computer's.
		z := tv.Zone
		if note := z.Note(now); note != "" {
			textln(w, "  "+note)
		}
		// On their home clock while they follow this computer's away from home, as the app's
		// Today says it: a clinic at home keeps its hours (F523).
		appointments := func() {
			home := remind.HomeAway(v, tv.Profile, c.device(), now)
			for _, a := range tv.Appointments {
				skipped := ""
				if a.Skipped != "" {
					skipped = " (" + a.Skipped + ")" // F535
				}
				textf(w, "  Appointment: %s, %s%s\n", a.Title, remind.AppointmentZone(z, home, a.Start).When(a.Start), skipped)
			}
		}
		if _, ok := v.NotShared(tv.Profile); ok {
			// Withdrawn from this computer: no dose is due here, overdue or to log, as the app's
			// Today says it (F540 item 8: "07:30 overdue Flovent …" after 'share --role none').
			textf(w, "  %s's doses are no longer followed on this computer.\n", tv.Person)
			appointments()
			continue
		}
		if ms := check[tv.Profile]; len(ms) > 0 {
			textln(w, "  Medicines to check: two records give the same medicine. They have no reminders until you say which one")
			textln(w, "  is being taken ('carekeeper medicines confirm' or 'stop').")
			for _, m := range ms {
				textf(w, "  To check: %s — %s\n", m.Name, m.Question)
			}
		}
		if len(tv.Doses)+len(tv.Appointments)+len(tv.Refills)+len(tv.NoReminders) == 0 {
			textln(w, "  Nothing planned today.")
		}
		// Being taken, and nothing reminds of it: said as the app's Today says it under the
		// medicine, with the command to set its times (F391: 'Nothing planned today.' while a
		// child's antibiotic course ran with no reminders).
		for _, n := range tv.NoReminders {
			switch {
			case n.Why == journey.CareTeamWhy:
				// not the person's to time: its times are set only if it is given at home (F532)
				textf(w, "  No reminders: %s: %s. If it is given at home: 'carekeeper schedule set --profile %s --ref %s --times HH:MM'.\n", n.Name, n.Why, tv.Profile, n.Ref)
			case n.Why == journey.RateWhy:
				// oxygen for 15 hours a day: a reminder to start it is the person's choice (F551)
				textf(w, "  No reminders: %s: %s. To be reminded when to start it: 'carekeeper schedule set --profile %s --ref %s --times HH:MM'.\n", n.Name, n.Why, tv.Profile, n.Ref)
			case v.ViewOnly(tv.Profile):
				// 'schedule set' is refused on a device that only views the person: said as the
				// app's Today says it (F525, F512 item 5)
				textf(w, "  No reminders: %s: %s. A device that manages %s can set its times.\n", n.Name, n.Why, tv.Person)
			default:
				textf(w, "  No reminders: %s: %s. Set its times: 'carekeeper schedule set --profile %s --ref %s --times HH:MM'.\n", n.Name, n.Why, tv.Profile, n.Ref)
			}
		}
		for _, d := range tv.Doses {
			if d.SkippedAndGiven != "" { // skipped on one device, given on another (F327)
				textf(w, "  %s  %-8s  %s: %s\n", z.DayClock(d.At, now), d.State, d.Name, d.SkippedAndGiven)
				continue
			}
			if d.TakenTwice != "" { // one dose given on two devices (F221)
				textf(w, "  %s  %-8s  %s: %s\n", z.DayClock(d.At, now), d.State, d.Name, d.TakenTwice)
				continue
			}
			// when it was taken, not only when the answer came (F537)
			if words := remind.TakenWords(d.State, d.At, d.Acted, d.AnsweredBy, d.Answered, z.Loc); words != "" {
				textf(w, "  %s  %-8s  %s, %s\n", z.DayClock(d.At, now), d.State, d.Name, words)
				continue
			}
			if d.State == journey.DoseBeforeAdded { // not reminded, so not missed (F344)
				textf(w, "  %s  %-8s  %s (its time had passed when the medicine was added: say if it was taken or skipped)\n", z.DayClock(d.At, now), "earlier", d.Name)
				continue
			}
			skipped := "" // a time of day the clocks skip that night (F557 item 2)
			if s := d.Reminder.SkippedDoseWords(z.Loc); s != "" {
				skipped = " (" + s + ")"
			}
			textf(w, "  %s  %-8s  %s%s\n", z.DayClock(d.At, now), d.State, d.Name, skipped)
		}
		appointments()
		for _, r := range tv.Refills {
			textf(w, "  Refill: %s %s\n", r.Name, z.RefillWords(r.RunOut, now, r.DoseChanged))
		}
		// As the app's Today row: "As needed: Paracetamol 500 mg tablet (2 tablets) · at least 4
		// hours apart, at most 4 doses a day · 2 doses taken today, the last at 21:49" (F116, F206).
		for _, a := range tv.AsNeeded {
			line := "  As needed: " + a.Name
			if a.For != "" {
				line = "  As needed for " + a.For + ": " + a.Name // "for wheezing" (F360)
			}
			if a.Limits != "" {
				line += " · " + a.Limits
			}
			amount := "" // how much: "2 doses taken today (4 puffs)"
			if a.TodayAmount != "" {
				amount = " (" + a.TodayAmount + ")"
			}
			switch {
			case a.Today == 1:
				line += " · 1 dose taken today" + amount + ", at " + z.Clock(a.Last)
			case a.Today > 1:
				line += fmt.Sprintf(" · %d doses taken today%s, the last at %s", a.Today, amount, z.Clock(a.Last))
			case !a.Last.IsZero():
				line += " · last taken " + z.When(a.Last)
			}
			if a.TooClose != "" {
				line += " · " + a.TooClose // given on two devices too close together (F478)
			}
			if a.Over != "" {
				line += " · " + a.Over // over the record's most (F538)
			}
			textln(w, line)
		}
		for _, st := range tv.Starting { // not to begin today (F342)
			textf(w, "  Starts %s: %s, not before\n", health.DayWords(st.Starts), st.Name)
		}
	}
	return nil
}

type rangeJSON struct {
	Low     *float64 `json:"low,omitempty"`
	High    *float64 `json:"high,omitempty"`
	Typical bool     `json:"typical,omitempty"`
	// Therapeutic: the lab's therapeutic range (a target on a treatment), flagged against as
	// a normal range is (F364).
	Therapeutic bool `json:"therapeutic,omitempty"`
	// From is the day of the reading that gives the range when the newest gives none (F510).
	From string `json:"from,omitempty"`
}

type valueJSON struct {
	At string `json:"at"`
	// Precision is how precisely the record dates the reading (precisionJSON): "2020-03" is
	// "at":"2020-03-01T00:00:00Z" (the start of its month) with "precision":"month".
	Precision string   `json:"precision"`
	Value     float64  `json:"value"`
	Value2    *float64 `json:"value2,omitempty"`
	Flag      string   `json:"flag,omitempty"`
	// Comparator is the record's "<", "<=", ">=" or ">" before the value, if any.
	Comparator string `json:"comparator,omitempty"`
	// Original is the value as the record wrote it, when it was converted into the series'
	// unit (health.Point.Converted).
	Original *originalJSON `json:"original,omitempty"`
	// AfterDeath: the reading is dated after the person's death (F365), as the text says
	// "(dated after the death)" beside the latest.
	AfterDeath bool `json:"afterDeath,omitempty"`
	// NotTakenYet: the reading is dated later than now (a weighing dated 21:00 at 11:00, or a
	// file's '2062'): never the latest, as the text says "1 reading dated later today, 21:00".
	NotTakenYet bool `json:"notTakenYet,omitempty"`
}

type originalJSON struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

type seriesJSON struct {
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	ShortName string     `json:"shortName"`
	Unit      string     `json:"unit"`
	Range     rangeJSON  `json:"range"`
	Range2    *rangeJSON `json:"range2,omitempty"`
	Values    valuesJSON `json:"values"`
	// Text are a result's readings written only as text, in the --profile form (where the
	// list is of series): such an entry has no values and is never charted.
	Text []textValueJSON `json:"text,omitempty"`
	// TimeInRange is, for a glucose sensor's (CGM) series, its readings' time in range over
	// the 14 days to its latest (journey.SensorTimeInRange, F521).
	TimeInRange string `json:"timeInRange,omitempty"`
}

type textValueJSON struct {
	At        string `json:"at"`
	Precision string `json:"precision"`
	Text      string `json:"text"`
	Flag      string `json:"flag,omitempty"`
	// Answer: the value is a coded answer ("Negative"), not text (health.TextResult.Answer).
	Answer bool `json:"answer,omitempty"`
	// AfterDeath: dated after the person's death, as a reading's "afterDeath" (F365).
	AfterDeath bool `json:"afterDeath,omitempty"`
}

// precisionJSON is how precisely a reading is dated, as --json says it beside "at" (the
// start of the period, an RFC 3339 instant): "year", "month", "day" (a date alone, kept as
// midnight UTC) or "time".
func precisionJSON(p fhirjson.Precision, dateOnly bool) string {
	switch p {
	case fhirjson.PrecisionYear:
		return "year"
	case fhirjson.PrecisionMonth:
		return "month"
	case fhirjson.PrecisionDay:
		return "day"
	case fhirjson.PrecisionTime:
		return "time"
	}
	if dateOnly {
		return "day"
	}
	return "time"
}

// textSeriesJSON are results written only as text as entries of the --profile list: one per
// result (code and name), its readings in "text", oldest first, and no values.
func textSeriesJSON(trs []health.TextResult, afterDeath func(time.Time, bool) bool) []seriesJSON {
	var out []seriesJSON
	at := map[[2]string]int{}
	for _, tr := range trs {
		k := [2]string{tr.Code, tr.Name}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, seriesJSON{Code: tr.Code, Name: tr.Name, ShortName: health.ShortName(tr.Code, tr.Name)})
		}
		out[i].Text = append(out[i].Text, textValueJSON{At: tr.T.Format(time.RFC3339), Precision: precisionJSON(tr.Precision, tr.DateOnly),
			Text: tr.Text, Flag: string(tr.Flag), Answer: tr.Answer, AfterDeath: afterDeath(tr.T, tr.DateOnly)})
	}
	return out
}

type personResultsJSON struct {
	Profile    string       `json:"profile"`
	Person     string       `json:"person"`
	Series     []seriesJSON `json:"series"`
	Unreadable int          `json:"unreadable,omitempty"`
	// Text are the results written only as text (not charted).
	Text []textResultJSON `json:"text,omitempty"`
}

type textResultJSON struct {
	Code      string `json:"code,omitempty"`
	Name      string `json:"name"`
	Text      string `json:"text"`
	At        string `json:"at"`
	Precision string `json:"precision"`
	Flag      string `json:"flag,omitempty"`
	Answer    bool   `json:"answer,omitempty"`
	// AfterDeath: dated after the person's death (F365), as a reading's.
	AfterDeath bool `json:"afterDeath,omitempty"`
}

// toSeriesJSON is a series as --json lists it, its values (toValueJSON) written by
// printValuesJSON as they are encoded.
func toSeriesJSON(se *health.Series, st *valuesStream) seriesJSON {
	j := seriesJSON{Code: strings.TrimSuffix(se.Code, "/alone"), Name: se.Name, ShortName: se.ShortName(),
		Unit: health.Unit(se.Unit), Range: rangeJSON{se.Range.Low, se.Range.High, se.Range.Typical, se.Range.Therapeutic, se.RangeFrom}, Values: st.of(se)}
	if se.Pair {
		j.Range2 = &rangeJSON{se.Range2.Low, se.Range2.High, se.Range2.Typical, se.Range2.Therapeutic, ""}
	}
	return j
}

// matchCode reports whether a series is the one --code names ("SYSTEM|CODE" or "CODE").
func matchCode(se *health.Series, code string) bool {
	c := strings.TrimSuffix(se.Code, "/alone")
	if strings.Contains(code, "|") {
		return c == code
	}
	return c[strings.LastIndexByte(c, '|')+1:] == code
}

// matchTextCode reports whether a text result's "system|code" is the one --code names.
func matchTextCode(c, code string) bool {
	if c == "" {
		return false
	}
	if strings.Contains(code, "|") {
		return c == code
	}
	return c[strings.LastIndexByte(c, '|')+1:] == code
}

func runResults(ctx context.Context, c *call) error {
	var profile, code, ref string
	var yes bool
	if err := c.bind(func(fs *flag.FlagSet) {
		fs.StringVar(&profile, "profile", "", "one person (default everyone, each apart)")
		fs.StringVar(&code, "code", "", "only this code (SYSTEM|CODE or CODE)")
		fs.StringVar(&ref, "ref", "", "results delete: the reading (\"Observation/<id>\", as results entered lists it)")
		fs.BoolVar(&yes, "yes", false, "results delete: delete without asking")
	}); err != nil {
		return err
	}
	sub := ""
	if len(c.args) > 0 {
		sub = c.args[0]
		c.args = c.args[1:]
	}
	if err := c.noArgs(); err != nil {
		return err
	}
	switch sub {
	case "":
		if ref != "" || yes {
			return usagef("--ref and --yes are for 'results delete'")
		}
	case "entered":
		return runResultsEntered(ctx, c, profile)
	case "delete":
		return runResultsDelete(ctx, c, profile, ref, yes)
	default:
		return usagef("unknown results command %q: say 'results', 'results entered' or 'results delete'", sub)
	}
	if strings.HasSuffix(code, "|") || strings.TrimSpace(code) != code {
		// "http://loinc.org|" names no code: it matched nothing and said "No results" (F203)
		return usagef("--code %q names no code: give CODE or SYSTEM|CODE, e.g. --code 2345-7", code)
	}
	v, err := c.openProfile(profile)
	if err != nil {
		return err
	}
	defer v.Close()
	if none, err := c.nobodyYet(v, profile); none || err != nil {
		return err
	}
	people, err := journey.Results(ctx, v, profile)
	if err != nil {
		return err
	}
	var out []personResultsJSON
	st, err := newValuesStream()
	if err != nil {
		return err
	}
	tw := newTabs(c.env.Stdout)
	var textOnly []health.TextResult // the --profile form's
	textAfterDeath := func(time.Time, bool) bool { return false }
	who := personWords(v)
	now := time.Now()
	for _, pr := range people {
		pj := personResultsJSON{Profile: pr.Profile, Person: pr.Person, Series: []seriesJSON{}, Unreadable: pr.Unreadable}
		if !c.json {
			textf(tw, "# %s\n", who(pr.Profile, pr.Person))
		}
		shown := 0
		loc := c.zoneFor(v, pr.Profile) // a timed reading on its day where the person is, as records says
		// dated after the death on the person's clock (F465)
		afterDeath := func(t time.Time, dateOnly bool) bool { return pr.Death.In(loc).DatedAfter(t, dateOnly, now) }
		for _, se := range pr.Series {
			if code != "" && !matchCode(se, code) {
				continue
			}
			shown++
			if c.json {
				j := toSeriesJSON(se, st)
				j.Values.now, j.Values.loc = now, loc
				j.TimeInRange = journey.SensorTimeInRange(se, pr.Death.In(loc).Until(now), loc)
				if pr.Death.Deceased {
					j.Values.afterDeath = afterDeath
				}
				pj.Series = append(pj.Series, j)
				continue
			}
			// never a reading dated after today as the latest: a file's typo can date one
			// decades ahead (F175); it is counted and said beside the readings
			// a reading dated by its day alone is taken once its day has begun on the person's
			// clock, not at UTC+14 (a lab's "tomorrow" was the latest in London after 10:00 UTC)
			// a person who died: the last reading of their life, those dated after the death
			// said apart, as the app's Results (F439)
			until := pr.Death.In(loc).Until(now)
			last, ahead := health.LatestAsOfIn(se, until, loc)
			val := se.ReadingWords(last) // as the lab gave it: "6.1 mmol/L (110 mg/dL)"
			flag := last.Flag
			if se.Pair {
				if flag == health.FlagNone {
					flag = last.Flag2
				}
			}
			// A name is cut at 40 columns with "…", as in 'reminders' and 'profile list': one
			// record naming its test by a 180-character sentence made every row that wide (F147).
			readings := health.Count(se.Len(), "reading", "")
			switch {
			case ahead.Len() > 0 && until.Before(now):
				readings += "; " + health.AfterDeathWords(ahead, loc)
			case ahead.Len() > 0:
				readings += "; " + health.AheadWords(ahead, now, loc)
			}
			if w := journey.SensorTimeInRange(se, until, loc); w != "" {
				readings += "; t" + strings.TrimPrefix(w, "T") // a sensor's 14 days, as its clinic reads them (F521)
			}
			// A reading dated after the death given as the latest is said so, as the app's
			// Results says it (F365; F333 the app's).
			date := last.DateIn(loc)
			if afterDeath(last.T, last.DateOnly) {
				date += " (" + pr.Death.In(loc).PlanWords("Observation", last.In(loc), now) + ")"
			}
			textf(tw, "%s\t%s\t%s\t%s\t%s\n", health.Fit(se.ShortName(), health.MaxNameCols), val, string(flag),
				date, readings)
		}
		for _, tr := range pr.Text {
			if code != "" && !matchTextCode(tr.Code, code) {
				continue
			}
			shown++
			if c.json {
				textOnly = append(textOnly, tr)
				textAfterDeath = afterDeath
				pj.Text = append(pj.Text, textResultJSON{Code: tr.Code, Name: tr.Name, Text: tr.Text, At: tr.T.Format(time.RFC3339),
					Precision: precisionJSON(tr.Precision, tr.DateOnly), Flag: string(tr.Flag), Answer: tr.Answer, AfterDeath: afterDeath(tr.T, tr.DateOnly)})
				continue
			}
			// A result written as text dated after the death is said so, as a reading is (F365).
			date := tr.DateIn(loc)
			if afterDeath(tr.T, tr.DateOnly) {
				date += " (" + pr.Death.In(loc).PlanWords("Observation", tr.In(loc), now) + ")"
			}
			// named as the app's Results names it: "Glucose", not "Glucose [Moles/volume] in Blood"
			textf(tw, "%s\t%s\t%s\t%s\t%s\n", health.Fit(health.ShortName(tr.Code, tr.Name), health.MaxNameCols), tr.Text, string(tr.Flag), date, tr.Kind())
		}
		if !c.json && shown == 0 {
			if all := len(pr.Series) + len(pr.Text); code != "" && all > 0 {
				// the person has results, none with that code: say so, not "No results" (F203)
				textf(tw, "No result with the code %s; %s in the records (see 'results' without --code).\n", code, health.Count(all, "other result", ""))
			} else {
				textln(tw, "No results in the records.")
			}
		}
		if !c.json && pr.Unreadable > 0 {
			textf(tw, "(%s could not be read)\n", health.Count(pr.Unreadable, "result", ""))
		}
		out = append(out, pj)
	}
	if c.json {
		if profile != "" {
			return c.printValuesJSON(append(out[0].Series, textSeriesJSON(textOnly, textAfterDeath)...), st)
		}
		if out == nil {
			out = []personResultsJSON{}
		}
		return c.printValuesJSON(out, st)
	}
	return tw.Flush()
}
