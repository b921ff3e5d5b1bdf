package journey

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// The per-person views the app and the CLI share: medicines with their states, results,
// Today. Every view is one person's; the household view is a list of them, never a merge.

// MedicineTypes are the record types the medicine view reads.
var MedicineTypes = []string{"Patient", "MedicationRequest", "MedicationStatement", "MedicationDispense", "MedicationAdministration"}

// readSet reads a person's records of the given types (deleted ones left out) and the
// shared records they link to.
func readSet(ctx context.Context, v *storage.Vault, profile string, types []string) (*health.Set, error) {
	var recs []health.Resource
	links := map[storage.ID]bool{}
	for _, typ := range types {
		err := v.Records(ctx, storage.Query{Profile: profile, Type: typ}, func(r *storage.Record) error {
			if !r.Meta.Deleted.IsZero() {
				return nil
			}
			res := health.Resource{Key: key(r.ID), Profile: r.Profile, Date: r.Meta.Date, File: r.Meta.File, JSON: r.Resource}
			for _, l := range r.Meta.Links {
				res.Links = append(res.Links, key(l))
				if linkedShared[l.Type] {
					links[l] = true
				}
			}
			recs = append(recs, res)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading the records: %w", err)
		}
	}
	var shared []health.Resource
	for id := range links {
		r, err := v.Get(id)
		if err != nil || r.Profile != storage.SharedProfile {
			continue
		}
		shared = append(shared, health.Resource{Key: key(r.ID), Profile: r.Profile, Date: r.Meta.Date, JSON: r.Resource})
	}
	return health.NewSet(recs, shared), nil
}

// checkProfile returns the person, or an error wrapping storage.ErrNotFound.
func checkProfile(v *storage.Vault, profile string) (*storage.Profile, error) {
	p, err := v.Profile(profile)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return nil, fmt.Errorf("no such profile: %w", err)
		}
		return nil, err
	}
	return p, nil
}

// PersonDeath is what a person's Patient records say about their death as of now
// (health.DeathOf), its day on the person's clock whatever now's (F573: this computer's clock
// put a Reykjavík death at 03:40 on 17 Aug on 16 Aug in Boston's list for everyone).
func PersonDeath(ctx context.Context, v *storage.Vault, profile string, now time.Time) (health.Death, error) {
	s, err := readSet(ctx, v, profile, []string{"Patient"})
	if err != nil {
		return health.Death{}, err
	}
	if st, err := remind.LoadSettings(v, profile); err == nil {
		loc, _ := st.Location(now.Location(), now)
		now = now.In(loc)
	}
	return health.DeathOf(s, now), nil
}

// MedicineRow is one medicine as the Medicines screen and `carekeeper medicines` show it.
type MedicineRow struct {
	health.Medication
	// Schedule is when it is taken in words (the person's own plan, else the record's
	// timing, health.Medication.Timing); "" when nothing says. How much and how is Dose.
	Schedule string
	// Reminders: dose reminders run for it (being taken, and a plan with times).
	Reminders bool
	// NoReminders says why a medicine being taken gets no dose reminders ("it is taken as
	// needed", "its record gives several dosages without saying which comes first"); "" when
	// it gets them or is not being taken.
	NoReminders string
}

// Medicines is a person's medicines as of now: one row per medicine, with its state
// (taking, to-confirm, stopped, past), sources, schedule and whether reminders run.
func Medicines(ctx context.Context, v *storage.Vault, profile string, now time.Time, opt LoadOptions) ([]MedicineRow, error) {
	if _, err := checkProfile(v, profile); err != nil {
		return nil, err
	}
	s, err := readSet(ctx, v, profile, MedicineTypes)
	if err != nil {
		return nil, err
	}
	choices, err := health.LoadChoices(ctx, v, profile)
	if err != nil {
		return nil, err
	}
	m, err := remind.Load(ctx, v, remind.LoadOptions{Device: opt.Device, Profile: profile, Now: now})
	if err != nil {
		return nil, fmt.Errorf("reading the reminders: %w", err)
	}
	return medicineRows(s, choices, m, profile, now), nil
}

func medicineRows(s *health.Set, choices health.Choices, m *remind.Model, profile string, now time.Time) []MedicineRow {
	var out []MedicineRow
	opt := health.MedOptions{Now: now, Choices: choices}
	if m != nil {
		if per := m.Person(profile); per != nil {
			opt.Loc = per.Loc       // its days on the person's clock (F78)
			opt.Weight = per.Weight // a dose by weight and an amount are compared at it (F443)
		}
	}
	for _, med := range health.Medicines(s, opt) {
		row := MedicineRow{Medication: med, Schedule: med.Timing}
		if m != nil {
			// The record the reminders run on (remind keeps one per row: the person's plan,
			// else one that can be followed), else the newest.
			var rm *remind.Medicine
			for _, ref := range med.Refs {
				if r := m.Medicine(profile, ref); r != nil && (rm == nil || (r.Taking && !rm.Taking)) {
					rm = r
				}
			}
			if rm != nil {
				if med.State != health.MedPast {
					row.Dose = rm.WithWeight(row.Dose) // "10 mg/kg (170 mg = 1.7 mL at 17 kg on …)" (F436)
				}
				// A past medicine keeps the record's own words: CareKeeper's times would read as
				// reminders still planned (a deceased person's "once a day, 07:30").
				if rm.Describe != "" && med.State != health.MedPast {
					row.Schedule = rm.Describe
					// Not when they are the dose column's words already: the oxygen's "Tlen 2 l/min
					// … 15 godzin na dobę" was said as its dose and again before "2 L/min, 15
					// hours a day; runs over hours" (F551).
					if !rm.Overridden && rm.Plan.Problem() != "" && med.Timing != "" && med.Timing != rm.Describe && med.Timing != row.Dose {
						// No times to follow, but the record says how often: its words stay
						// ("5ml three times daily; set the times yourself"), not "set the
						// times yourself" alone (F412).
						row.Schedule = med.Timing + "; " + rm.Describe
					}
				}
				row.Reminders = med.State == health.MedTaking && !rm.Plan.AsNeeded && rm.Plan.Problem() == ""
			}
			if med.State == health.MedTaking && !row.Reminders {
				row.NoReminders = noRemindersWhy(rm)
			}
		}
		out = append(out, row)
	}
	return out
}

// noRemindersWhy puts why a medicine being taken gets no reminders into words, from the record
// its reminders would run on (nil: none).
func noRemindersWhy(rm *remind.Medicine) string {
	switch {
	case rm == nil:
		return "the records give no times to take it"
	case rm.Plan.AsNeeded:
		return "it is taken as needed"
	}
	switch p := rm.Plan.Problem(); p {
	case "number of times does not match frequency":
		return "its record gives times of day that do not match how many times a day it says"
	case "several dosages without an order":
		return "its record gives several dosages without saying which comes first"
	case "no dosage instructions":
		return "the records give no dosage"
	case schedule.GivenByCareTeam:
		return CareTeamWhy
	case schedule.RunsAtARate:
		return RateWhy
	case "", "no structured timing", "no times or repeat rule":
		return "the records give no times to take it"
	default:
		return "the records' timing cannot be turned into times (" + p + ")"
	}
}

// CareTeamWhy is why a medicine the care team gives (into a vein, or at the clinic: F532) gets
// no reminders here: nothing for the person to set, unless it is given at home.
const CareTeamWhy = "the care team gives it (into a vein, or at the clinic or in hospital): nothing reminds of it here and no dose of it is missed"

// RateWhy is why a medicine that runs at a rate over hours (home oxygen, an infusion: F551)
// gets no reminders: there is no moment of a dose to remind of.
const RateWhy = "it runs over hours at a rate (oxygen or an infusion), not taken as doses: nothing reminds of it here and no dose of it is missed"

// NothingToSet says whether why, a medicine's noRemindersWhy, is not the person's to fix: the
// care team gives it, or it runs at a rate. Such a medicine is no warning on Today.
func NothingToSet(why string) bool { return why == CareTeamWhy || why == RateWhy }

// NoTimesWhy says why a medicine taken at set times gets no dose reminders because its
// records give no times to remind by, in noRemindersWhy's words; "" when it has times, is
// taken as needed, or has times the person set.
func NoTimesWhy(rm *remind.Medicine) string {
	if rm == nil || rm.Plan.AsNeeded || rm.Overridden || rm.Plan.Problem() == "" {
		return ""
	}
	return noRemindersWhy(rm)
}

// RecordTimesOffer is, for a medicine whose record gives times of day that do not match how
// many times a day it says (so it gets no reminders), the record's own times, to be offered
// where the person sets its times, and the words saying why, with its course's end: "Its
// record gives the times 08:00, 14:00 and 20:00 but also says once a day, so nothing reminds
// of it; its course ends on 11 Dec 2026." A parent read "The record says: set the times
// yourself" of a 7-day antibiotic whose record gives three times (F391). nil and "" for any
// other medicine, and one with times the person set.
func RecordTimesOffer(rm *remind.Medicine) ([]schedule.Clock, string) {
	if rm == nil || rm.Overridden || rm.Plan.AsNeeded || rm.Plan.Problem() != "number of times does not match frequency" {
		return nil, ""
	}
	var times []schedule.Clock
	var t schedule.Timing
	for _, ph := range rm.RecordPlan.Phases {
		if !ph.AsNeeded && len(ph.Timing.TimeOfDay) > 0 {
			if times != nil {
				return nil, "" // several phases: which times when is not one offer
			}
			t, times = ph.Timing, ph.Timing.TimeOfDay
		}
	}
	if len(times) == 0 {
		return nil, ""
	}
	clocks := make([]string, len(times))
	for i, c := range times {
		clocks[i] = c.String()
	}
	words := "Its record gives the times " + andList(clocks)
	if how := howOften(t); how != "" {
		words += " but also says " + how
	} else {
		words += " but another number of times a day"
	}
	words += ", so nothing reminds of it"
	if last, ok := rm.RecordPlan.LastDay(); ok {
		words += "; its course ends on " + last.Format("2 Jan 2006")
	}
	return times, words + "."
}

// howOften says a timing's frequency in a period in words ("once a day", "twice a day", "4
// times a day"); "" for other periods.
func howOften(t schedule.Timing) string {
	if t.Frequency <= 0 || t.Period != 1 || t.PeriodUnit != "d" {
		return ""
	}
	switch t.Frequency {
	case 1:
		return "once a day"
	case 2:
		return "twice a day"
	}
	return fmt.Sprintf("%d times a day", t.Frequency)
}

// andList joins words with commas and a last "and".
func andList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// ErrNoMedicine is returned by SetMedicineChoice for a reference that names none of the
// person's medicines.
var ErrNoMedicine = errors.New("no such medicine")

// SetMedicineChoice records the person's answer about a medicine: still taking it (taking:
// reminders on) or stopped. It applies to the whole medicine row ref belongs to (every
// record of it, from every source), so reminders of any of its records follow.
func SetMedicineChoice(ctx context.Context, v *storage.Vault, profile, ref string, taking bool, now time.Time) error {
	if _, err := checkProfile(v, profile); err != nil {
		return err
	}
	s, err := readSet(ctx, v, profile, MedicineTypes)
	if err != nil {
		return err
	}
	for _, med := range health.Medicines(s, health.MedOptions{}) {
		for _, r := range med.Refs {
			if r != ref {
				continue
			}
			c := health.EncodeChoice(health.Choice{Taking: taking, At: now.UTC()})
			ops := make([]storage.StateOp, 0, len(med.Refs))
			for _, rr := range med.Refs {
				ops = append(ops, storage.StateOp{Key: health.ChoiceKey(profile, rr), Value: c})
			}
			if err := v.UpdateState(ctx, ops...); err != nil {
				return fmt.Errorf("saving the answer: %w", err)
			}
			return nil
		}
	}
	return ErrNoMedicine
}

// ResultTypes are the record types the result view reads.
var ResultTypes = []string{"Observation"}

// PersonResults are one person's result series.
type PersonResults struct {
	Profile string
	Person  string
	Series  []*health.Series
	// Unreadable counts results left out because their value or date cannot be read; a
	// view says so.
	Unreadable int
	// Text are the results written only as text, shown as written (no chart point).
	Text []health.TextResult
	// Death is what the person's Patient records say of their death: a reading dated after it
	// (Synthea's files carry some) is said "dated after the death" (Death.PlanWords), in the
	// app's Results and in `results` alike (F333, F365).
	Death health.Death
}

// Results are the result series of one person (profile), or of everyone in the vault (""),
// one entry per person: never one series across people.
func Results(ctx context.Context, v *storage.Vault, profile string) ([]PersonResults, error) {
	people, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	if profile != "" {
		p, err := checkProfile(v, profile)
		if err != nil {
			return nil, err
		}
		people = []storage.Profile{*p}
	}
	out := make([]PersonResults, 0, len(people))
	for _, p := range people {
		// Each observation is read into what the views need of it as the records stream
		// (health.ObservationReader), not held whole: a person with 40,000 results held
		// 80 MB of records' JSON and decoded objects.
		var or health.ObservationReader
		or.Born(p.ID, p.BirthDate) // a child's series get no typical adult range
		read := func(r *storage.Record) error {
			if r.Meta.Deleted.IsZero() {
				links := make([]health.Key, 0, len(r.Meta.Links))
				for _, l := range r.Meta.Links {
					links = append(links, key(l))
				}
				or.Add(&health.Resource{Key: key(r.ID), Profile: r.Profile, Date: r.Meta.Date, File: r.Meta.File, JSON: r.Resource, Links: links})
			}
			return nil
		}
		// The person's Patient records first (their sex: a range a lab gives in words by age and
		// sex is read for them, F153), then the reports: a report dates the results it lists
		// that have none of their own (F111).
		err := v.Records(ctx, storage.Query{Profile: p.ID, Type: "Patient", Reuse: true}, read)
		if err == nil {
			err = v.Records(ctx, storage.Query{Profile: p.ID, Type: "DiagnosticReport", Reuse: true}, read)
		}
		if err == nil {
			err = v.Records(ctx, storage.Query{Profile: p.ID, Type: "Observation", Reuse: true}, read)
		}
		if err != nil {
			return nil, fmt.Errorf("reading the records: %w", err)
		}
		death, err := PersonDeath(ctx, v, p.ID, time.Now())
		if err != nil {
			return nil, fmt.Errorf("reading the records: %w", err)
		}
		out = append(out, PersonResults{Profile: p.ID, Person: p.Name, Series: or.Series(), Unreadable: or.Unreadable(), Text: or.Text(), Death: death})
	}
	return out, nil
}

// Dose states on Today (remind's: one truth for the engine, the app and the CLI).
const (
	DoseUpcoming = remind.DoseUpcoming
	DoseDue      = remind.DoseDue
	DoseOverdue  = remind.DoseOverdue
	DoseMissed   = remind.DoseMissed
	DoseTaken    = remind.DoseTaken
	DoseSkipped  = remind.DoseSkipped
	// DoseBeforeAdded is a dose of the day whose time had passed, unanswered, before its
	// medicine came into CareKeeper (remind.DoseStatus.Early): nobody was reminded, so it is not
	// "missed" — the app's Today lists it under "Before it was added" (F344).
	DoseBeforeAdded = "before-added"
)

// TodayDose is one dose of the day.
type TodayDose struct {
	Ref   string // "MedicationRequest/<id>"
	Name  string
	At    time.Time
	State string // DoseUpcoming … DoseSkipped
	// Reminder is the reminder behind it (for Take/Skip/Snooze in the app).
	Reminder remind.Reminder
	// AnsweredBy names, in a household, the other device that answered the dose (Answered is
	// when the answer was given, remind.DoseStatus.AnsweredAt); "" when this device answered or
	// outside a household (remind.AnsweredElsewhere).
	AnsweredBy string
	Answered   time.Time
	// Acted is when a dose answered taken or skipped was taken or skipped, as the answer says
	// (remind.DoseStatus.Acted; zero when not answered): "taken at 07:40" of the 07:30 dose
	// (remind.TakenWords, F537).
	Acted time.Time
	// TakenTwice says a dose taken on two devices of the household, each time and where
	// ("taken twice — at 00:30 on Desk and at 00:45 on Phone"); "" when taken once (F221).
	TakenTwice string
	Takes      []remind.Answer
	// SkippedAndGiven says a dose skipped on one device of the household and given on another
	// ("skipped at 07:30 on this computer and given at 07:40 on Dad's tablet: it counts as
	// given"), as 'household sync' says it; "" otherwise (F327).
	SkippedAndGiven string
	// Yesterday: a dose of the day before, still due or overdue (not answered, its next dose
	// not come): listed after midnight until then, said "23:50 yesterday" (remind.Zone.
	// DayClock), as the app's Today keeps it answerable (F376).
	Yesterday bool
}

// TodayAppointment is an appointment of the day or the next days.
type TodayAppointment struct {
	Ref      string
	Title    string // "Physio (not confirmed yet)" when the record gives it as not confirmed (F337)
	Start    time.Time
	Location string
	Status   string // the record's: "booked", "proposed", "pending", "arrived", "checked-in"
	// Skipped says a time of day its record gives that the person's clocks skip, the hour they
	// go forward (remind.Appointment.SkippedWords, F535); "" otherwise.
	Skipped string `json:",omitempty"`
}

// TodayRefill is a medicine whose supply runs out soon.
type TodayRefill struct {
	Ref    string
	Name   string
	RunOut time.Time
	// DoseChanged: remind.Refill.DoseChanged (say it with Zone.RefillWords).
	DoseChanged string
}

// TodayAsNeeded is a medicine being taken as needed, as the app's Today row says it: how many
// doses were logged on the person's day, and the last one logged (zero if none).
type TodayAsNeeded struct {
	Med  *remind.Medicine // the medicine (the app's Log a dose records a dose of it)
	Ref  string
	Name string // with how much a dose is: "Paracetamol 500 mg tablet (2 tablets)" (F206)
	// Limits are the record's, in words: "at least 4 hours apart, at most 4 doses a day" ("":
	// none), as Medicines says them.
	Limits string
	For    string // what it is for, in words ("wheezing"; "" when the record does not say, F360)
	Today  int
	// TodayAmount is how much today's doses gave, added up in the unit of the dose: "6 puffs"
	// of 2 + 2 + 2 (remind.Model.TakenAmountWords); "" when not known. Today says "3 doses taken
	// today (6 puffs)".
	TodayAmount string
	Last        time.Time
	// TooClose says two doses given on two devices of the household closer than the record
	// allows (remind.Model.TooCloseWords, F478); "" when none.
	TooClose string
	// Over says the doses of the last day over the most the record allows, counted as it
	// counts them ("10 puffs in the last 24 hours: this medicine says at most 8 puffs a day",
	// remind.Model.OverMostWords, F538); "" when within it.
	Over string
}

// TodayStarting is a medicine being taken that starts on one of the next days
// (health.Medication.Starts): not to begin before (F342).
type TodayStarting struct {
	Ref    string
	Name   string // with how much a dose is: "Levothyroxine 50 mcg tablet (50 mcg)"
	Starts string // YYYY-MM-DD, on the person's clock
}

// TodayView is one person's Today: doses due now first, then overdue, then the rest of the
// day; appointments of the coming week; refills due.
type TodayView struct {
	Profile string
	Person  string
	Death   health.Death // a deceased person has no doses, appointments or refills
	// Zone is the clock every time of the person is said on (remind.Zone): their day, doses
	// and appointments, with the zone named while it is not this computer's.
	Zone         remind.Zone
	Doses        []TodayDose
	Appointments []TodayAppointment
	Refills      []TodayRefill
	AsNeeded     []TodayAsNeeded // medicines taken as needed (no reminders, no doses listed)
	// Starting are medicines being taken that start within TodayAppointmentDays, first first.
	Starting []TodayStarting
	// NoReminders are medicines being taken that nothing reminds of, their records' times not
	// to be followed (NoTimesWhy): the app's Today says so under the medicine, `today` too (F391).
	NoReminders []TodayNoReminders
}

// TodayNoReminders is a medicine being taken with no reminders, and why in words.
type TodayNoReminders struct {
	Ref, Name, Why string
}

// TodayAppointmentDays is how far ahead Today lists appointments.
const TodayAppointmentDays = 7

// Today is the Today view of one person (profile), or of everyone (""), one entry per
// person, as of at (in each person's zone). Doses and their states are remind's
// (Model.DoseStates): every dose reminder of the day, as `reminders` lists them (a dose before
// its medicine was first seen included), only of medicines being taken, of living people.
func Today(ctx context.Context, v *storage.Vault, profile string, at time.Time, opt LoadOptions) ([]TodayView, error) {
	if profile != "" {
		if _, err := checkProfile(v, profile); err != nil {
			return nil, err
		}
	}
	m, err := remind.Load(ctx, v, remind.LoadOptions{Device: opt.Device, Profile: profile, Now: at})
	if err != nil {
		return nil, fmt.Errorf("reading the reminders: %w", err)
	}
	out := make([]TodayView, 0, len(m.People))
	for _, p := range m.People {
		tv := TodayView{Profile: p.Profile, Person: p.Name, Death: p.Death, Zone: m.Zone(p.Profile)}
		if !p.Death.Deceased {
			fillToday(&tv, m, p, at, opt)
		}
		out = append(out, tv)
	}
	return out, nil
}

// StartingSoon lists the medicines of profile being taken that start on one of the next
// TodayAppointmentDays days on loc's clock, first first: not to begin before (F342). The
// app's Today and `today` list the same.
func StartingSoon(m *remind.Model, profile string, at time.Time, loc *time.Location) []TodayStarting {
	if loc == nil {
		loc = time.Local
	}
	local := at.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	today, last := dayStart.Format("2006-01-02"), dayStart.AddDate(0, 0, TodayAppointmentDays).Format("2006-01-02")
	var out []TodayStarting
	for _, med := range m.Medicines(profile) {
		if d := med.Facts.StartDay(loc); med.Taking && !med.Overridden && d > today && d <= last {
			out = append(out, TodayStarting{Ref: med.Ref, Name: med.DoseLabel(), Starts: d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Starts < out[j].Starts })
	return out
}

func fillToday(tv *TodayView, m *remind.Model, p *remind.Person, at time.Time, opt LoadOptions) {
	loc := p.Loc
	if loc == nil {
		loc = time.Local
	}
	local := at.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	// The doses of the day before still due or overdue at `at` (a bedtime dose a few minutes
	// late at midnight) stay listed until they are missed, as the app's Today keeps them: one
	// rule for both (F376). A dose before its medicine was added, of another day, is not,
	// whether or not reminders have run since (Early once they have, UnseenBefore until then:
	// F393, 'today' listed it until the app or the daemon first ran, then never again).
	var states []remind.DoseStatus
	if from := at.Add(-remind.MaxOverdue); from.Before(dayStart) {
		for _, ds := range m.DoseStates(p.Profile, from, dayStart, at) {
			if (ds.State == DoseDue || ds.State == DoseOverdue) && !ds.Early && !ds.Med.UnseenBefore(ds.Due) {
				states = append(states, ds)
			}
		}
	}
	yesterday := len(states)
	states = append(states, m.DoseStates(p.Profile, dayStart, dayStart.AddDate(0, 0, 1), at)...)
	for i, ds := range states {
		if ds.PickedBeforeImport() {
			continue // as once reminders have run (F421)
		}
		d := TodayDose{Ref: ds.Ref, Name: ds.Title, At: ds.Due, State: ds.State, Reminder: ds.Reminder, Yesterday: i < yesterday}
		if ds.State == DoseMissed && (ds.Early || ds.Med.UnseenBefore(ds.Due)) {
			d.State = DoseBeforeAdded // as the app's Today says it (F344)
		}
		if ds.State == DoseTaken || ds.State == DoseSkipped {
			d.Acted = ds.Acted
		}
		if who := remind.AnsweredElsewhere(ds, opt.Devices, opt.Self); who != "" {
			d.AnsweredBy, d.Answered = who, ds.AnsweredAt()
		}
		d.TakenTwice, d.Takes = remind.TakenTwiceWords(ds, opt.Devices, opt.Self, loc), ds.Takes
		d.SkippedAndGiven = remind.SkippedAndGivenWords(ds, opt.Devices, opt.Self, loc)
		tv.Doses = append(tv.Doses, d)
	}
	rank := map[string]int{DoseDue: 0, DoseOverdue: 1}
	order := func(s string) int {
		if r, ok := rank[s]; ok {
			return r
		}
		return 2
	}
	sort.SliceStable(tv.Doses, func(i, j int) bool { return order(tv.Doses[i].State) < order(tv.Doses[j].State) })
	for _, a := range m.Upcoming(p.Profile, at) {
		if a.Start.After(at.AddDate(0, 0, TodayAppointmentDays)) {
			continue
		}
		tv.Appointments = append(tv.Appointments, TodayAppointment{Ref: a.Ref, Title: a.Label(), Start: a.Start, Location: a.Location, Status: a.Status,
			Skipped: a.SkippedWords(m.Zone(p.Profile).Loc)})
	}
	for _, rf := range m.Refills(p.Profile, at) {
		if rf.Med == nil || !rf.Med.Taking || rf.RemindAt.After(at) {
			continue
		}
		tv.Refills = append(tv.Refills, TodayRefill{Ref: rf.Med.Ref, Name: rf.Med.Label(), RunOut: rf.RunOut, DoseChanged: rf.DoseChanged})
	}
	tv.Starting = StartingSoon(m, p.Profile, at, loc)
	for _, med := range m.Medicines(p.Profile) {
		if why := NoTimesWhy(med); why != "" && med.Taking {
			tv.NoReminders = append(tv.NoReminders, TodayNoReminders{Ref: med.Ref, Name: med.DoseLabel(), Why: why})
		}
	}
	tv.AsNeeded = AsNeededToday(m, p.Profile, at, loc, opt.Devices, opt.Self)
}

// AsNeededToday are the as-needed medicines of profile being taken, with the doses logged
// (F116): how many on the person's day of at (loc's clock) and the last, "2 taken today, the
// last at 21:49"; a dose logged after at is not yet. `today` and the app's Today rows are
// both made of it (the app counted its own, a dose logged after now too). devices and self
// name the household's devices for TooClose (LoadOptions.Devices, Self).
func AsNeededToday(m *remind.Model, profile string, at time.Time, loc *time.Location, devices map[string]string, self string) []TodayAsNeeded {
	if loc == nil {
		loc = time.Local
	}
	local := at.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	dayEnd := dayStart.AddDate(0, 0, 1)
	var out []TodayAsNeeded
	for _, med := range m.Medicines(profile) {
		if !med.Plan.AsNeeded || !med.Taking {
			continue
		}
		a := TodayAsNeeded{Med: med, Ref: med.Ref, Name: med.DoseLabel(), Limits: med.Plan.Limit().Words(), For: med.Plan.AsNeededFor(),
			TooClose: m.TooCloseWords(med, at, devices, self), Over: m.OverMostWords(med, at)}
		for _, d := range m.Doses[med.Key()] {
			if d.Occurrence != "" || !d.Taken || d.When.After(at) {
				continue
			}
			if d.When.After(a.Last) {
				a.Last = d.When
			}
			if !d.When.Before(dayStart) && d.When.Before(dayEnd) {
				a.Today++
			}
		}
		if a.Today > 0 {
			to := at // up to now, within the day
			if !to.Before(dayEnd) {
				to = dayEnd.Add(-time.Nanosecond)
			}
			a.TodayAmount = m.TakenAmountWords(med, dayStart, to)
		}
		out = append(out, a)
	}
	return out
}
