package remind

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// Person is one profile as the reminders see it.
type Person struct {
	Profile string
	Name    string // Settings.Label, else the profile's name
	// apart is the profile's name told apart from another person's of one name ("María
	// García (born 2 Apr 1950)", health.NamesApart): what notifications call the person when
	// no reminder name (Settings.Label) is set; apartPrivate is the same without a full birth
	// date (health.NamesApartPrivately), for locked and private notifications.
	apart, apartPrivate string
	Settings            Settings
	Loc                 *time.Location // the zone their wall-clock times are in now
	// home and homeUntil: a person who follows this computer's clock since homeUntil (their
	// answer to the travel question) had their doses before it at their home times, in home
	// (F322); nil: Loc applies to every dose.
	home      *time.Location
	homeUntil time.Time
	device    *time.Location // this computer's zone (Model.Device): notifications name Loc where it differs
	// AskTravel: the device is in another zone than home and the person has not said whether
	// to keep home times or follow local time (home times apply until they do).
	AskTravel bool
	// Deceased: the person's record says they died (Patient.deceased[x], see Death). A
	// deceased person gets no reminders of any kind.
	Deceased bool
	Death    health.Death
	// Mode is how this device follows the person in a household (alerts.go): ModeRemind,
	// ModeAlerts or ModeOff.
	Mode string
	// ViewOnly: this device may only view the person (their doses are answered elsewhere).
	ViewOnly bool
	// Weight is the weight one of their medicines' doses by weight is worked out at
	// (Medicine.Weight), read only when one gives its dose so (nil otherwise, or none recorded):
	// another source's amount of it is compared at it (F443).
	Weight *health.Weight
	// Held: the engine holds this person's reminders and caregiver alerts on this device
	// (Options.HoldPeople: the device was removed from its household, whose other devices
	// follow the person). Set by the engine's model only.
	Held bool
}

// Medicine is one medicine a person takes, from a record or entered by the person.
type Medicine struct {
	Profile string
	ID      storage.ID
	Ref     string // "MedicationRequest/<id>"
	Name    string // display name ("Metformin 500 mg"); "" when the record names none
	// Plan is what reminders follow: the person's own override when they set one, else the
	// record's dosage.
	Plan       schedule.Plan
	RecordPlan schedule.Plan
	Overridden bool
	Own        bool // entered by the person (ID.Source is storage.AppSource)
	Describe   string
	// Since is when reminders for it started (first seen by the engine, or when the person set
	// its plan): nothing before it is notified, alerted, missed while away or counted in
	// adherence; Today still shows the day's doses before it (DoseStatus.Early).
	Since  time.Time
	Supply *Supply
	// State is where the medicine stands (health.MedicineState: taking, to-confirm, stopped,
	// past) from Facts. Taking (State is taking, and no other record of the same medicine
	// carries its reminders) is the gate for dose and refill reminders.
	State  health.MedState
	Taking bool
	Facts  health.MedicineFacts
	// SameAs is set when this record is one of several of the same medicine (two sources, a
	// brand and its generic): the reference of the record that carries the reminders.
	SameAs string
	// Weight is the body weight a dose by weight ("10 mg/kg") is worked out at (health.WeightDose,
	// F436): for doses at set times the person's last weight by the day the order was written —
	// what the prescriber worked it out at, reviewed at clinic, not each home weighing (F446) —
	// else (none by then, or taken as needed) the last weight by the time the model was loaded.
	// nil: none recorded, or not needed. NewWeight is a later weight that would give another
	// amount: said beside it, to ask the care team.
	Weight, NewWeight *health.Weight
	written           time.Time // when the record was written (its Facts.Latest before dispenses and doses)
	// factsAtChoice are Facts as they stood when the person last answered (no choice).
	factsAtChoice health.MedicineFacts
	// resource bits used to write dose events
	medCode   json.RawMessage // medicationCodeableConcept
	medRef    json.RawMessage // medicationReference
	subject   json.RawMessage
	lastTaken time.Time
	key       string
	// history is the plans reminders followed before Plan, each until the person changed it
	// (Override.History), oldest first: a day's doses before a change are the plan's then in
	// force, Plan's count from the last change on (F164). Empty: Plan for all times (a plan
	// set before CareKeeper kept the plans before it).
	history []PlanSpan
	// superseded is supersededAt of each span of history, worked out once when the model is
	// loaded (workOutSuperseded): occurrences asked it again on every call.
	superseded []supersededOcc
	seen       time.Time // when the engine first saw it (on this device)
	stored     time.Time // when its record was last written to the vault (storage.Meta.ImportedAt)
	// added is when the medicine came into CareKeeper for the household: when its record was
	// first written (Meta.Added, kept when it is written again, or stored; both travel with
	// the record to every device of a household), or when this device's engine first saw it
	// if that was earlier (a record written again before Meta.Added was kept).
	// Whether a dose came before its medicine was added is judged by it, so every device that
	// holds the person says the same, before and after its reminders first ran (F421: a
	// laptop that joined later said "earlier" of a dose the first computer had reminded of).
	added time.Time
	// planSince is when the person's own plan (or the change back to the record's) took
	// effect (Override.Since), zero without one.
	planSince time.Time
	updated   time.Time // the record's meta.lastUpdated (zero if it says none)
}

// Key is the medicine's key in state keys: "<source>/<Type>/<id>", parts path-escaped.
func (m *Medicine) Key() string {
	if m.key == "" {
		m.key = medKey(m.ID)
	}
	return m.key
}

func medKey(id storage.ID) string {
	return url.PathEscape(id.Source) + "/" + url.PathEscape(id.Type) + "/" + url.PathEscape(id.ID)
}

// Label is the name to show: the medicine's name, or a neutral word when it has none.
func (m *Medicine) Label() string {
	if m.Name != "" {
		return m.Name
	}
	return "medicine"
}

// Appointment is one upcoming (or past) appointment of a person.
type Appointment struct {
	Profile  string
	ID       storage.ID
	Ref      string
	Start    time.Time
	End      time.Time // zero when unknown
	Title    string
	Location string
	Note     string // comment / patientInstruction
	Status   string
	Own      bool
	// Written is its start as the record writes it ("2027-03-14T02:30:00-05:00"): its time of
	// day may be one the person's clocks skip (SkippedWords, F535).
	Written string
}

// Tentative: the record gives the appointment as not confirmed yet — "proposed" (an offer not
// accepted) or "pending" (not every participant has accepted). It is reminded, as the person
// may need to answer it, but never said as a booked one (F337).
func (a *Appointment) Tentative() bool { return a.Status == "proposed" || a.Status == "pending" }

// Label is the appointment's title as it is shown and reminded: "Physio (not confirmed yet)"
// for a tentative one, the title alone otherwise.
func (a *Appointment) Label() string {
	if a.Tentative() {
		return a.Title + " (not confirmed yet)"
	}
	return a.Title
}

// notifyName is what notifications call the person: their reminder name if they set one,
// else their name told apart from another person's of one name — for a private text (a
// locked notification, reminders-locked.json) without a full birth date.
// A name past 40 columns is cut with "…" as the CLI's listings cut it, with room for what
// tells two people of one name apart (a 300,000-character name from a file was put whole
// into every notification).
func (p *Person) notifyName(private bool) string {
	name := p.Name
	switch {
	case p.Settings.Label != "":
	case private && p.apartPrivate != "":
		name = p.apartPrivate
	case !private && p.apart != "":
		name = p.apart
	}
	return health.Fit(name, health.MaxNameCols+20)
}

// Key is the appointment's key in state keys.
func (a *Appointment) Key() string { return medKey(a.ID) }

// Dose is one dose event of the log (a MedicationAdministration written by CareKeeper).
type Dose struct {
	Profile    string
	ID         storage.ID
	MedKey     string // Medicine.Key of the medicine
	Occurrence string // the occurrence key, "" for an as-needed dose
	Scheduled  time.Time
	When       time.Time // effectiveDateTime
	Taken      bool      // completed; false: skipped (not-done)
	Device     string    // in a household: the id of the device that answered
	// Answered is, in a household, when the answer was given (the household's stamp of its
	// writing), which may be long after When, the time it says the dose was taken; zero when
	// not known.
	Answered time.Time
	Amount   string // what was given, as recorded with the answer ("1 tablet"); "" if not said
}

// Model is everything the reminders need from the vault, read in one pass.
type Model struct {
	People []*Person
	Meds   []*Medicine
	Appts  []*Appointment
	Doses  map[string][]Dose // by Medicine.Key, in time order
	Device *time.Location
	person map[string]*Person
	occ    map[string]occState // remind/occ/... as loaded (the engine keeps its own, live)
}

// Person returns a person by profile id, or nil.
func (m *Model) Person(profile string) *Person { return m.person[profile] }

// Medicine finds a person's medicine by reference "Type/id" (any source; the person's own
// entries last), or by its full key.
func (m *Model) Medicine(profile, ref string) *Medicine {
	var found *Medicine
	for _, med := range m.Meds {
		if (profile == "" || med.Profile == profile) && (med.Ref == ref || med.Key() == ref) {
			if found == nil || found.Own {
				found = med
			}
		}
	}
	return found
}

// Holders returns the people (profile ids, each once, in the model's order) holding a medicine
// of reference ref ("Type/id", or a full key). A server's ids repeat across servers, so one
// "MedicationRequest/1" may be a medicine of two people here (F476).
func (m *Model) Holders(ref string) []string {
	var out []string
	for _, med := range m.Meds {
		if (med.Ref == ref || med.Key() == ref) && !slices.Contains(out, med.Profile) {
			out = append(out, med.Profile)
		}
	}
	return out
}

// Override is what a person set for a medicine, kept in state instead of editing the record.
type Override struct {
	Plan  *schedule.Plan `json:"plan,omitempty"` // nil: the record's plan
	Since time.Time      `json:"since"`
	// History is the plans reminders followed before Since, oldest first, each until the
	// next change (the last until Since): a day's doses before a change are the plan's then
	// in force (F164). Spans older than historyDays are dropped.
	History []PlanSpan `json:"history,omitempty"`
	// Before is the plan in force until Since, as written by 5e2d8f5 (read only: History
	// replaces it).
	Before *schedule.Plan `json:"before,omitempty"`
	Supply *Supply        `json:"supply,omitempty"`
}

// PlanSpan is a plan a medicine followed until a change (Override.History).
type PlanSpan struct {
	Plan  schedule.Plan `json:"plan"`
	Until time.Time     `json:"until"`
}

// historyDays is how long the plans before a change are kept (Override.History).
const historyDays = 35

// history returns the plans before Since, oldest first (Before read as one span).
func (o Override) history() []PlanSpan {
	if len(o.History) == 0 && o.Before != nil && !o.Since.IsZero() {
		return []PlanSpan{{Plan: *o.Before, Until: o.Since}}
	}
	return o.History
}

// Supply is how much of a medicine the person has: Quantity units at AsOf (a dispense, a
// prescription's dispenseRequest, or what they counted), or Days of supply from AsOf.
type Supply struct {
	Quantity float64   `json:"quantity,omitempty"`
	Days     float64   `json:"days,omitempty"`
	AsOf     time.Time `json:"asOf"`
	Refills  int       `json:"refills,omitempty"` // repeats still allowed on the prescription
	Entered  bool      `json:"entered,omitempty"` // counted by the person
	// Source is where a supply not entered by the person comes from: SupplyDispensed (a
	// MedicationDispense) or SupplyPrescribed (the prescription's dispenseRequest).
	Source string `json:"-"`
	// Unit is the quantity's unit as the record writes it ("mL", "TAB"; "" when it gives none
	// or the person counted it).
	Unit string `json:"-"`
}

// fitSupply is the supply as doses can be counted from it (F398): one of no unit for several
// days is a pack, counted by its days; a quantity in an amount
// ("10 mL" of eye drops, "30 mL" of nasal spray) that the doses do not share ("1 drop", "1
// spray") cannot be counted dose by dose — 10 mL was counted as 10 drops, and a 30-day bottle
// "ran out" in 5 days — so the supply is its days alone (none when it gives no days); a
// quantity in the doses' own amount ("150 mL" of "5 mL" doses) is counted in doses. Any other
// is as given. nil stays nil; s is not changed (a dispense may be shared).
func fitSupply(s *Supply, plan schedule.Plan, name string) *Supply {
	if s != nil && !s.Entered && s.Unit == "" && s.Quantity == 1 && s.Days >= 2 {
		// one of no unit given for days is a pack (a tube, a box of 3 pessaries), not one
		// dose: "they last 0 days" (HL7's medrx0339, Vagistat-3)
		c := *s
		c.Quantity = 0
		return &c
	}
	if s == nil || s.Entered || s.Quantity <= 0 || !amountUnit(s.Unit) {
		return s
	}
	f := strings.Fields(plan.OnlyDose())
	c := *s
	// mL of a medicine of so many units a mL, dosed in units (insulin glargine 100 units/mL,
	// 18 units at bedtime): the mL are so many units — 15 mL handed over were never counted,
	// and a number typed in the box read as units was said as nothing (F432).
	if len(f) == 2 && isUnits(f[1]) && sameUnit(s.Unit, "mL") {
		if per := unitsPerML(name); per > 0 {
			c.Quantity, c.Unit = s.Quantity*per, ""
			return &c
		}
	}
	if len(f) == 2 && sameUnit(f[1], s.Unit) {
		if n, err := strconv.ParseFloat(f[0], 64); err == nil && n > 0 {
			c.Quantity, c.Unit = s.Quantity/n, ""
			return &c
		}
	}
	c.Quantity, c.Unit = 0, ""
	if c.Days <= 0 {
		return nil
	}
	return &c
}

// isUnits reports whether a dose's unit is units (of insulin, heparin): "units", "unit", "IU".
func isUnits(u string) bool {
	switch strings.ToLower(strings.Trim(u, "[].{}")) {
	case "unit", "units", "iu", "u":
		return true
	}
	return false
}

// unitsPerMLRE finds a strength in units a mL in a medicine's name: "100 units/mL".
var unitsPerMLRE = regexp.MustCompile(`(?i)\b([0-9]+(?:\.[0-9]+)?)\s*(?:units?|iu|\[iu\])\s*/\s*ml\b`)

// unitsPerML is the strength in units a mL its name gives, 0 when it gives none.
func unitsPerML(name string) float64 {
	m := unitsPerMLRE.FindStringSubmatch(name)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil || v <= 0 {
		return 0
	}
	return v
}

// SupplyUnit is what a medicine's supply is counted in, as the box asks for it: "tablets",
// "units" (insulin dosed in units), "doses" for a dose in mass or volume ("500 mg").
func (med *Medicine) SupplyUnit() string {
	f := strings.Fields(planDose(med.Plan))
	switch {
	case len(f) < 2 || amountUnit(f[1]) || health.DoseBySize(planDose(med.Plan)) != "":
		// a dose by body size ("10 mg/kg") is counted in doses too: the box asked "how many
		// mg/kgs you have" of Tobi's levetiracetam
		return "doses"
	case isUnits(f[1]):
		return "units"
	}
	u := strings.ToLower(strings.Trim(f[1], "[]{}."))
	switch {
	case strings.HasSuffix(u, "s"):
		return u
	case strings.HasSuffix(u, "ch") || strings.HasSuffix(u, "sh") || strings.HasSuffix(u, "x"):
		return u + "es"
	}
	return u + "s"
}

// SupplyCount is a count of a medicine's supply with its unit, as a box or the pharmacy label
// says it: "60 tablets", "1 tablet", "1500 units"; the number alone when the plan's dose names
// no unit it is counted in (500 mg, 1 dose) — F442: "the 60 handed over" left what 60 of unsaid.
func (med *Medicine) SupplyCount(q float64) string {
	n := health.FormatNumber(q)
	unit := med.SupplyUnit()
	switch {
	case unit == "doses":
		return n
	case q == 1:
		for _, end := range []string{"ches", "shes", "xes"} {
			if strings.HasSuffix(unit, end) {
				return n + " " + strings.TrimSuffix(unit, "es")
			}
		}
		return n + " " + strings.TrimSuffix(unit, "s")
	}
	return n + " " + unit
}

// SupplyHint is the words in a medicine's empty "Supply on hand" box: "how many tablets you
// have, e.g. 28"; for insulin of a known strength "how many units you have, e.g. 300 for one
// 3 mL pen of 100 units/mL" (F432: "how many doses" of insulin counted units).
func (med *Medicine) SupplyHint() string {
	unit := med.SupplyUnit()
	if per := unitsPerML(med.Label()); unit == "units" && per > 0 {
		return "how many units you have, e.g. " + health.FormatNumber(3*per) + " for one 3 mL pen of " + health.FormatNumber(per) + " units/mL"
	}
	return "how many " + unit + " you have, e.g. 28"
}

// sameUnit reports whether two units as records write them are one ("mL" and "ml").
func sameUnit(a, b string) bool {
	return strings.EqualFold(strings.Trim(a, "[]."), strings.Trim(b, "[]."))
}

// Where a supply comes from (Supply.Source).
const (
	SupplyDispensed  = "dispensed"
	SupplyPrescribed = "prescribed"
)

func planKey(profile string, id storage.ID) string {
	return "remind/plan/" + profile + "/" + medKey(id)
}
func seenKey(profile string, id storage.ID) string {
	return "remind/seen/" + profile + "/" + medKey(id)
}

// LoadOptions tune Load.
type LoadOptions struct {
	Device *time.Location // the device's zone (nil: SystemZone)
	// Profile limits the model to one person ("" for everyone).
	Profile string
	// Now is the time travel is judged at (zero: the current time).
	Now time.Time
}

// Load reads the people, their medicines, appointments and dose log from the vault.
func Load(ctx context.Context, v *storage.Vault, opt LoadOptions) (*Model, error) {
	m := &Model{Device: opt.Device, Doses: map[string][]Dose{}, person: map[string]*Person{}}
	if m.Device == nil {
		m.Device = SystemZone(nil)
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	profiles, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	overrides := map[string]Override{}
	if err := v.ScanState(ctx, "remind/plan/", func(k string, b []byte) error {
		var o Override
		if json.Unmarshal(b, &o) == nil {
			overrides[strings.TrimPrefix(k, "remind/plan/")] = o
		}
		return nil
	}); err != nil {
		return nil, err
	}
	m.occ = map[string]occState{}
	occPrefix := "remind/occ/"
	if opt.Profile != "" {
		occPrefix += opt.Profile + "/"
	}
	if err := v.ScanState(ctx, occPrefix, func(k string, b []byte) error {
		var s occState
		if json.Unmarshal(b, &s) == nil {
			m.occ[k] = s
		}
		return nil
	}); err != nil {
		return nil, err
	}
	seen := map[string]time.Time{}
	if err := v.ScanState(ctx, "remind/seen/", func(k string, b []byte) error {
		if t, err := time.Parse(time.RFC3339Nano, string(b)); err == nil {
			seen[strings.TrimPrefix(k, "remind/seen/")] = t
		}
		return nil
	}); err != nil {
		return nil, err
	}
	// Two people of one name are told apart in notifications as on screen (Person.apart).
	named := make([]health.NamedPerson, len(profiles))
	for i, p := range profiles {
		named[i] = health.NamedPerson{ID: p.ID, Name: p.Name, BirthDate: p.BirthDate}
	}
	nameOf, privateNameOf := health.NamesApart(named), health.NamesApartPrivately(named)
	for _, p := range profiles {
		if opt.Profile != "" && p.ID != opt.Profile {
			continue
		}
		s, err := LoadSettings(v, p.ID)
		if err != nil {
			return nil, err
		}
		per := &Person{Profile: p.ID, Name: p.Name, Settings: s, apart: nameOf(p.ID), apartPrivate: privateNameOf(p.ID)}
		if s.Label != "" {
			per.Name = s.Label
		}
		per.Loc, per.AskTravel = s.Location(m.Device, opt.Now)
		if per.Loc == m.Device {
			per.home, per.homeUntil = s.homeUntil(m.Device)
		}
		per.device = m.Device
		if per.Mode, err = LoadMode(v, p.ID); err != nil {
			return nil, err
		}
		per.ViewOnly = v.ViewOnly(p.ID)
		if per.Death, err = deceased(ctx, v, p.ID, opt.Now.In(per.Loc)); err != nil { // its day on their clock (F573)
			return nil, err
		}
		per.Deceased = per.Death.Deceased
		choices, err := health.LoadChoices(ctx, v, p.ID)
		if err != nil {
			return nil, err
		}
		m.People = append(m.People, per)
		m.person[p.ID] = per
		if err := m.loadDoses(ctx, v, p.ID); err != nil {
			return nil, err
		}
		dispenses, unexplained, err := latestDispenses(ctx, v, p.ID)
		if err != nil {
			return nil, err
		}
		var recs []health.Resource // every medicine record, for one reminder per medicine
		first := len(m.Meds)
		for _, typ := range []string{"MedicationRequest", "MedicationStatement"} {
			err := v.Records(ctx, storage.Query{Profile: p.ID, Type: typ}, func(r *storage.Record) error {
				if r.Meta.Deleted.IsZero() {
					hr := health.Resource{Key: healthKey(r.ID), Profile: r.Profile, Date: r.Meta.Date, File: r.Meta.File, JSON: r.Resource}
					for _, l := range r.Meta.Links {
						hr.Links = append(hr.Links, healthKey(l))
					}
					recs = append(recs, hr)
				}
				med, ok := readMedicine(v, r)
				if !ok {
					return nil
				}
				k := p.ID + "/" + med.Key()
				med.Since, med.seen = seen[k], seen[k]
				med.stored = r.Meta.ImportedAt
				med.added = med.seen
				// The record came in when its first version did (Meta.Added, kept when it is
				// written again, and travelling with it): a rewrite after both devices saw it
				// made each fall back to its own first sight (F421).
				if in := cmp.Or(r.Meta.Added, med.stored); !in.IsZero() && in.Before(opt.Now) && (med.added.IsZero() || in.Before(med.added)) {
					med.added = in // (a record's time not before now — a clock set back — says nothing)
				}
				if o, ok := overrides[k]; ok {
					// "Only as needed" saved before F477 lost the record's spacing: it is read
					// with it (keepRecordLimit), and as the record's plan when it is that.
					if p := keepRecordLimit(o.Plan, med.RecordPlan); p != nil {
						med.Plan, med.Overridden = *p, true
					}
					if med.history = o.history(); o.Plan != nil || len(med.history) > 0 {
						// Reminders for the plan start at its change (also back to the record's).
						med.planSince = o.Since
						if o.Since.After(med.Since) {
							med.Since = o.Since
						}
					}
					if o.Supply != nil {
						med.Supply = o.Supply
					}
				}
				if o := unexplained.of(med); o != nil && r.ID.Type == "MedicationRequest" {
					// a dispense no order explains counts for the order of the same medicine, as
					// the Medicines row counts it (F468)
					if d, ok := dispenses[r.ID.Type+"/"+r.ID.ID]; !ok || o.AsOf.After(d.AsOf) {
						dispenses[r.ID.Type+"/"+r.ID.ID] = o
					}
				}
				if d, ok := dispenses[r.ID.Type+"/"+r.ID.ID]; ok && (med.Supply == nil || !med.Supply.Entered || d.AsOf.After(med.Supply.AsOf)) {
					med.Supply = d
				}
				med.Supply = fitSupply(med.Supply, med.Plan, med.Label())
				med.Describe = med.Plan.DescribeDoses(s.Routine, health.DoseWords)
				if _, gone := v.NotShared(med.Profile); gone || v.ViewOnly(med.Profile) {
					// this device cannot change the times: "(07:30 is CareKeeper's time)", not
					// "…: change it" beside a command that is refused here (F525 item 1)
					med.Describe = schedule.CannotChange(med.Describe)
				}
				for _, d := range m.Doses[med.Key()] {
					if d.Taken && d.When.After(med.lastTaken) {
						med.lastTaken = d.When
					}
				}
				// The same facts as the medicines view (health.MedicineState): the record's dates
				// and end, dispenses, logged doses and the person's choice.
				med.Facts = health.RecordFacts(r.Resource)
				med.written = med.Facts.Latest // before a dispense or a dose moves it
				med.Facts.Own = med.Own
				med.Facts.Choice = choices.For(med.Ref)
				if d, ok := dispenses[r.ID.Type+"/"+r.ID.ID]; ok {
					med.Facts.Seen(d.AsOf)
				}
				if ds := m.Doses[med.Key()]; len(ds) > 0 {
					med.Facts.Seen(ds[len(ds)-1].When)
				}
				if c := med.Facts.Choice; c != nil {
					// What the records showed when the person answered (adherence counts a stale
					// medicine from its confirmation).
					f := health.RecordFacts(r.Resource)
					f.Own = med.Own
					if d, ok := dispenses[r.ID.Type+"/"+r.ID.ID]; ok && !d.AsOf.After(c.At) {
						f.Seen(d.AsOf)
					}
					for _, d := range m.Doses[med.Key()] {
						if !d.When.After(c.At) {
							f.Seen(d.When)
						}
					}
					med.factsAtChoice = f
				}
				med.State = health.MedicineState(med.Facts, per.Death, opt.Now)
				med.Taking = med.State == health.MedTaking
				if c := med.Facts.Choice; c != nil && c.Taking && med.Facts.WrittenAfter(opt.Now) {
					// taken, as the person answered: its doses from that day, not from the
					// order's date of writing after today (F557 item 6)
					med.Plan = startingOn(med.Plan, med.Facts.Written, c.At.In(per.Loc))
					med.RecordPlan = startingOn(med.RecordPlan, med.Facts.Written, c.At.In(per.Loc))
				}
				m.Meds = append(m.Meds, med)
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		if slices.ContainsFunc(m.Meds[first:], func(med *Medicine) bool { return byWeight(med.Plan) }) {
			se, err := weightSeries(ctx, v, p.ID)
			if err != nil {
				return nil, err
			}
			for _, med := range m.Meds[first:] {
				if byWeight(med.Plan) {
					med.Weight, med.NewWeight = weightsFor(med, se, opt.Now, per.Loc)
					if per.Weight == nil {
						per.Weight = med.Weight
					}
				}
			}
		}
		oneReminderPerMedicine(v, m.Meds[first:], recs, choices, per.Death, opt.Now, per.Weight)
		err = v.Records(ctx, storage.Query{Profile: p.ID, Type: "Appointment"}, func(r *storage.Record) error {
			if a, ok := readAppointment(v, r); ok {
				m.Appts = append(m.Appts, a)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(m.Appts, func(i, j int) bool { return m.Appts[i].Start.Before(m.Appts[j].Start) })
	m.Appts = oneAppointmentOnce(m.Appts)
	for _, med := range m.Meds {
		m.workOutSuperseded(med)
	}
	return m, nil
}

// oneAppointmentOnce leaves out an appointment that repeats one before it (the same person,
// start and title): the same appointment from a file and a portal gets one reminder.
// as are sorted by start.
func oneAppointmentOnce(as []*Appointment) []*Appointment {
	type sig struct {
		profile, title string
		start          int64
	}
	seen := map[sig]bool{}
	out := as[:0]
	for _, a := range as {
		k := sig{a.Profile, strings.ToLower(strings.Join(strings.Fields(a.Title), " ")), a.Start.UnixNano()}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

// Medicines lists a person's medicines (every person's for profile "").
func (m *Model) Medicines(profile string) []*Medicine {
	var out []*Medicine
	for _, med := range m.Meds {
		if profile == "" || med.Profile == profile {
			out = append(out, med)
		}
	}
	return out
}

// fhir shapes read here (only what reminders need).
type codeable struct {
	Text   string `json:"text"`
	Coding []struct {
		System  string `json:"system"`
		Code    string `json:"code"`
		Display string `json:"display"`
	} `json:"coding"`
}

func (c *codeable) name() string {
	if c == nil {
		return ""
	}
	if t := strings.TrimSpace(c.Text); t != "" {
		return t
	}
	for _, cd := range c.Coding {
		if t := strings.TrimSpace(cd.Display); t != "" {
			return t
		}
	}
	return ""
}

type reference struct {
	Reference string `json:"reference"`
	Display   string `json:"display"`
}

type quantity struct {
	Value *float64 `json:"value"`
	Unit  string   `json:"unit"`
	Code  string   `json:"code"`
}

type medResource struct {
	ResourceType              string          `json:"resourceType"`
	Status                    string          `json:"status"`
	MedicationCodeableConcept json.RawMessage `json:"medicationCodeableConcept"`
	MedicationReference       json.RawMessage `json:"medicationReference"`
	Subject                   json.RawMessage `json:"subject"`
	AuthoredOn                string          `json:"authoredOn"`
	Meta                      *struct {
		LastUpdated string `json:"lastUpdated"`
	} `json:"meta"`
	DispenseRequest *struct {
		ValidityPeriod *struct {
			Start string `json:"start"`
		} `json:"validityPeriod"`
		NumberOfRepeatsAllowed int       `json:"numberOfRepeatsAllowed"`
		Quantity               *quantity `json:"quantity"`
		ExpectedSupplyDuration *quantity `json:"expectedSupplyDuration"`
	} `json:"dispenseRequest"`
}

func readMedicine(v *storage.Vault, r *storage.Record) (*Medicine, bool) {
	if !r.Meta.Deleted.IsZero() {
		return nil, false
	}
	var res medResource
	if json.Unmarshal(r.Resource, &res) != nil {
		return nil, false
	}
	switch {
	case res.ResourceType == "MedicationRequest" && res.Status == "active":
	case res.ResourceType == "MedicationStatement" && (res.Status == "active" || res.Status == "intended"):
	default:
		return nil, false
	}
	med := &Medicine{Profile: r.Profile, ID: r.ID, Ref: r.ID.Type + "/" + r.ID.ID, Own: r.ID.Source == storage.AppSource,
		medCode: res.MedicationCodeableConcept, medRef: res.MedicationReference, subject: res.Subject}
	var cc codeable
	if len(res.MedicationCodeableConcept) > 0 && json.Unmarshal(res.MedicationCodeableConcept, &cc) == nil {
		med.Name = cc.name()
	}
	if med.Name == "" && len(res.MedicationReference) > 0 {
		var ref reference
		_ = json.Unmarshal(res.MedicationReference, &ref)
		med.Name = strings.TrimSpace(ref.Display)
		if c := health.Contained(r.Resource, ref.Reference); med.Name == "" && c != nil {
			var x struct {
				Code codeable `json:"code"`
			}
			if json.Unmarshal(c, &x) == nil {
				med.Name = x.Code.name()
			}
		}
		if med.Name == "" {
			med.Name = linkedName(v, r, "Medication", "code")
		}
	}
	med.Name = health.MedicineName(med.Name) // "Lisinopril 10 mg tablet", not "10 MG Oral Tablet"
	plan, err := schedule.PlanFromResource(r.Resource)
	if err != nil {
		plan = schedule.Plan{Unclear: "the dosage could not be read"}
	}
	plan = countBareDoses(plan, med.Name)
	med.Plan, med.RecordPlan = plan, plan
	if res.Meta != nil {
		med.updated, _ = parseFHIRTime(res.Meta.LastUpdated)
	}
	if dr := res.DispenseRequest; dr != nil && (dr.Quantity != nil && dr.Quantity.Value != nil || dr.ExpectedSupplyDuration != nil && dr.ExpectedSupplyDuration.Value != nil) {
		s := &Supply{Refills: dr.NumberOfRepeatsAllowed, Source: SupplyPrescribed}
		if dr.Quantity != nil && dr.Quantity.Value != nil {
			s.Quantity, s.Unit = *dr.Quantity.Value, firstNonEmpty(dr.Quantity.Code, dr.Quantity.Unit)
		}
		if d := dr.ExpectedSupplyDuration; d != nil && d.Value != nil {
			s.Days = durationDays(*d.Value, firstNonEmpty(d.Code, d.Unit))
		}
		start := res.AuthoredOn
		if dr.ValidityPeriod != nil && dr.ValidityPeriod.Start != "" {
			start = dr.ValidityPeriod.Start
		}
		if t, ok := parseFHIRTime(start); ok {
			s.AsOf = t
			med.Supply = s
		}
	}
	return med, true
}

func durationDays(v float64, unit string) float64 {
	switch strings.ToLower(unit) {
	case "h", "hour", "hours":
		return v / 24
	case "wk", "week", "weeks":
		return v * 7
	case "mo", "month", "months":
		return v * 30
	case "a", "year", "years":
		return v * 365
	}
	return v
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// linkedName returns the name of the first linked record of type typ (a Medication or a
// Location, usually in the shared profile): its codeable field or its "name".
func linkedName(v *storage.Vault, r *storage.Record, typ, field string) string {
	for _, l := range r.Meta.Links {
		if l.Type != typ {
			continue
		}
		lr, err := v.Get(l)
		if err != nil {
			continue
		}
		var x map[string]json.RawMessage
		if json.Unmarshal(lr.Resource, &x) != nil {
			continue
		}
		if field == "code" {
			var cc codeable
			if json.Unmarshal(x["code"], &cc) == nil && cc.name() != "" {
				return cc.name()
			}
		}
		var name string
		if json.Unmarshal(x["name"], &name) == nil && name != "" {
			return name
		}
	}
	return ""
}

// parseFHIRTime reads a FHIR date, dateTime or instant (a date alone is its local midnight in UTC).
func parseFHIRTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// latestDispenses returns, per "MedicationRequest/<id>", the supply of its latest completed
// dispense; and the dispenses no order explains (no authorizingPrescription, no link), by
// medicine: they count for the order of the same medicine (dispensesByMedicine.of).
func latestDispenses(ctx context.Context, v *storage.Vault, profile string) (map[string]*Supply, dispensesByMedicine, error) {
	out := map[string]*Supply{}
	var unexplained dispensesByMedicine
	err := v.Records(ctx, storage.Query{Profile: profile, Type: "MedicationDispense"}, func(r *storage.Record) error {
		var d struct {
			Status                  string          `json:"status"`
			Quantity                *quantity       `json:"quantity"`
			DaysSupply              *quantity       `json:"daysSupply"`
			WhenHandedOver          string          `json:"whenHandedOver"`
			AuthorizingPrescription []reference     `json:"authorizingPrescription"`
			Medication              json.RawMessage `json:"medicationCodeableConcept"`
		}
		if json.Unmarshal(r.Resource, &d) != nil || (d.Status != "" && d.Status != "completed") || !r.Meta.Deleted.IsZero() {
			return nil
		}
		at, ok := parseFHIRTime(d.WhenHandedOver)
		if !ok {
			return nil
		}
		s := &Supply{AsOf: at, Source: SupplyDispensed}
		if d.Quantity != nil && d.Quantity.Value != nil {
			s.Quantity, s.Unit = *d.Quantity.Value, firstNonEmpty(d.Quantity.Code, d.Quantity.Unit)
		}
		if d.DaysSupply != nil && d.DaysSupply.Value != nil {
			s.Days = durationDays(*d.DaysSupply.Value, firstNonEmpty(d.DaysSupply.Code, d.DaysSupply.Unit))
		}
		if len(d.AuthorizingPrescription) == 0 {
			if l := linkFor(r, "MedicationRequest"); l != "" {
				if old, ok := out[l]; !ok || at.After(old.AsOf) {
					out[l] = s
				}
			} else if codes, name := medicineOf(d.Medication); len(codes) > 0 || name != "" {
				unexplained = append(unexplained, unexplainedDispense{supply: s, codes: codes, name: name})
			}
		}
		for _, ref := range d.AuthorizingPrescription {
			k := ref.Reference
			if i := strings.LastIndex(k, "MedicationRequest/"); i >= 0 {
				k = k[i:]
			} else if l := linkFor(r, "MedicationRequest"); l != "" {
				k = l
			}
			if old, ok := out[k]; !ok || at.After(old.AsOf) {
				out[k] = s
			}
		}
		return nil
	})
	return out, unexplained, err
}

// unexplainedDispense is a dispense no order explains, with its medicine's codes (system|code)
// and name (health.MedicineName, lower case).
type unexplainedDispense struct {
	supply *Supply
	codes  []string
	name   string
}

type dispensesByMedicine []unexplainedDispense

// of is the supply of the latest of the dispenses of med's medicine: one of its codes, else
// its name; nil when none is.
func (ds dispensesByMedicine) of(med *Medicine) *Supply {
	if len(ds) == 0 {
		return nil
	}
	codes, name := medicineOf(med.medCode)
	if name == "" {
		name = strings.ToLower(med.Name)
	}
	var out *Supply
	for _, d := range ds {
		same := d.name != "" && d.name == name
		for _, c := range d.codes {
			same = same || slices.Contains(codes, c)
		}
		if same && (out == nil || d.supply.AsOf.After(out.AsOf)) {
			out = d.supply
		}
	}
	return out
}

// medicineOf reads a medicationCodeableConcept: its codes (system|code) and its name as a
// medicine is named (health.MedicineName), lower case.
func medicineOf(concept json.RawMessage) (codes []string, name string) {
	var cc codeable
	if len(concept) == 0 || json.Unmarshal(concept, &cc) != nil {
		return nil, ""
	}
	for _, c := range cc.Coding {
		if c.Code != "" {
			codes = append(codes, strings.TrimSuffix(c.System, "/")+"|"+c.Code)
		}
	}
	if n := cc.name(); n != "" {
		name = strings.ToLower(health.MedicineName(n))
	}
	return codes, name
}

func linkFor(r *storage.Record, typ string) string {
	for _, l := range r.Meta.Links {
		if l.Type == typ {
			return l.Type + "/" + l.ID
		}
	}
	return ""
}

func readAppointment(v *storage.Vault, r *storage.Record) (*Appointment, bool) {
	if !r.Meta.Deleted.IsZero() {
		return nil, false
	}
	var res struct {
		Status             string     `json:"status"`
		Description        string     `json:"description"`
		Start              string     `json:"start"`
		End                string     `json:"end"`
		MinutesDuration    int        `json:"minutesDuration"`
		Comment            string     `json:"comment"`
		PatientInstruction string     `json:"patientInstruction"`
		ServiceType        []codeable `json:"serviceType"`
		AppointmentType    *codeable  `json:"appointmentType"`
		Participant        []struct {
			Actor *reference `json:"actor"`
		} `json:"participant"`
	}
	if json.Unmarshal(r.Resource, &res) != nil {
		return nil, false
	}
	switch res.Status {
	case "booked", "pending", "proposed", "arrived", "checked-in":
	default:
		return nil, false
	}
	start, err := time.Parse(time.RFC3339Nano, res.Start)
	if err != nil {
		return nil, false
	}
	a := &Appointment{Profile: r.Profile, ID: r.ID, Ref: r.ID.Type + "/" + r.ID.ID, Start: start, Status: res.Status,
		Own: r.ID.Source == storage.AppSource, Title: strings.TrimSpace(res.Description), Written: res.Start}
	if t, err := time.Parse(time.RFC3339Nano, res.End); err == nil {
		a.End = t
	} else if res.MinutesDuration > 0 {
		a.End = start.Add(time.Duration(res.MinutesDuration) * time.Minute)
	}
	if a.Title == "" {
		for _, st := range res.ServiceType {
			if n := st.name(); n != "" {
				a.Title = n
				break
			}
		}
	}
	if a.Title == "" {
		a.Title = res.AppointmentType.name()
	}
	if a.Title == "" {
		a.Title = "Appointment"
	}
	notes := []string{}
	for _, n := range []string{res.PatientInstruction, res.Comment} {
		if n = strings.TrimSpace(n); n != "" {
			notes = append(notes, n)
		}
	}
	a.Note = strings.Join(notes, " — ")
	for _, p := range res.Participant {
		if p.Actor == nil {
			continue
		}
		if strings.Contains(p.Actor.Reference, "Location/") || strings.HasPrefix(p.Actor.Reference, "#") {
			if p.Actor.Display != "" {
				a.Location = p.Actor.Display
			} else if n := linkedName(v, r, "Location", "name"); n != "" {
				a.Location = n
			}
		}
	}
	if a.Location == "" {
		a.Location = linkedName(v, r, "Location", "name")
	}
	return a, true
}

var errNoMedicine = errors.New("no such active medicine")

func wrapf(err error, format string, a ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(a, err)...)
}

// countBareDoses gives a bare dose of a plan ("2", "1–2": a C-CDA's doseQuantity without a
// unit) the count of the medicine's form, by its name (health.CountWord): "2 puff" of an
// inhaler, as Medicines says "2 puffs" — Today said "(2 doses)" of it (F512), and a dose taken
// was recorded "2"; else by its instruction's words. Neither saying a form leaves it bare.
func countBareDoses(p schedule.Plan, name string) schedule.Plan {
	var out []schedule.Phase
	for i, ph := range p.Phases {
		if !bareNumber(ph.Dose) {
			continue
		}
		w := health.CountWordIn(name, ph.Text) // else its instruction's ("2 comprimés …", F540)
		if w == "" {
			continue
		}
		if out == nil {
			out = slices.Clone(p.Phases)
		}
		out[i].Dose = ph.Dose + " " + w
	}
	if out != nil {
		p.Phases = out
	}
	return p
}

// bareNumber says a dose is a number or a range of numbers with no unit ("2", "0.5", "1–2").
func bareNumber(dose string) bool {
	if dose == "" {
		return false
	}
	lo, hi, _ := strings.Cut(dose, "–")
	for _, n := range []string{lo, hi} {
		if n == "" && hi == "" {
			continue
		}
		if _, err := strconv.ParseFloat(n, 64); err != nil {
			return false
		}
	}
	return true
}

// startingOn moves the phases of p that start on the day written (an order's authoredOn,
// "2035-01-04") to the day of at: a record dated after today that the person said they take
// reminds from their answer, not from a date years ahead (F557 item 6).
func startingOn(p schedule.Plan, written string, at time.Time) schedule.Plan {
	day := health.Day(written)
	var phases []schedule.Phase
	for i, ph := range p.Phases {
		if ph.Timing.BoundsStart.IsZero() || ph.Timing.BoundsStart.Format("2006-01-02") != day {
			continue
		}
		if phases == nil {
			phases = slices.Clone(p.Phases)
		}
		phases[i].Timing.BoundsStart = time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, schedule.Floating)
	}
	if phases != nil {
		p.Phases = phases
	}
	return p
}
