package journey

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"carekeeper/internal/guides"
	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// Data is everything the rules and the summary read about one person, loaded once and
// indexed by type and code.
type Data struct {
	Profile string
	Person  *storage.Profile
	// Death is what the person's Patient records say about their death: a deceased person
	// gets no dose, refill, appointment, home-measurement, check-in or timing cards.
	Death health.Death
	Now   time.Time
	Loc   *time.Location // the person's zone (their reminder settings), else the device's
	// nameThePerson: LoadOptions.NameThePerson (Data.your)
	nameThePerson bool

	Records []health.Resource // the person's records (deleted ones left out)
	Set     *health.Set       // Records plus the shared records they link to
	// Imported is when each record of Records was last written (same index).
	Imported []time.Time
	// NotChecked are the records that came from a SMART Health Card whose signature was not
	// checked (storage.Meta.Card): the summary says so beside what it lists of them.
	NotChecked map[health.Key]bool

	// Conditions are the person's current conditions; Guides the guides that match them
	// (one each, in the order of Conditions).
	Conditions []health.Condition
	Guides     []*guides.Guide
	guideCond  map[string]health.Condition // slug -> the condition it matched
	// births are the days of the person's recorded births (readBirths), for a guide that
	// ends at the birth (gestational diabetes').
	births []string

	CheckIns  []CheckIn     // oldest first
	Reminders *remind.Model // the person's medicines, appointments and dose log
	Portals   []cksync.Portal
	Questions Questions

	byType map[string][]*health.Resource
	// portal is every record read from a portal and written in the PortalNewDays before Now,
	// in order, with when it was last written (rulePortalNew).
	portal []written
	// obs are the observations without their resources, when loaded for the cards alone.
	obs []health.Resource
	// obsLeft: the observations were not kept (LoadOptions.summary); they would be at
	// Records[obsAt] in the order Load reads.
	obsLeft bool
	obsAt   int
	series  []*health.Series
	// watchedSer are the series of the watched codes only (the result rule's input).
	watchedSer []*health.Series
	keyIdx     map[health.Key]int
	codes      map[health.Key][]string // Observation codes (system|code)
	few        map[string]bool         // fewCodes, once made
	// home are the observations from the records that were measured at home (storage.Meta.Home:
	// by the person, or with a home or personal device), beside those at home by their key.
	home map[health.Key]bool
	// snoozes are the snooze-pattern suggestions (they read the reminder state).
	snoozes []TimingSuggestion
	choices health.Choices
}

// markHome notes an observation of the records measured at home (storage.Meta.Home).
func (d *Data) markHome(k health.Key, home bool) {
	if !home {
		return
	}
	if d.home == nil {
		d.home = map[health.Key]bool{}
	}
	d.home[k] = true
}

// atHome says an observation was taken at home: entered in CareKeeper or from Apple Health
// (health.Key.AtHome), or its record says so (a home monitor's, the person's own: F525 item 12).
func (d *Data) atHome(k health.Key) bool { return k.AtHome() || d.home[k] }

// Taking reports whether a medicine of the reminder model is being taken (its
// health.MedicineState, as the reminders decide it).
func (d *Data) Taking(med *remind.Medicine) bool { return med.Taking }

// LoadOptions tune Load.
type LoadOptions struct {
	// Device is the device's time zone (nil: remind.SystemZone).
	Device *time.Location
	// Portals lists the portals (nil: cksync.Portals).
	Portals func(ctx context.Context, v *storage.Vault) ([]cksync.Portal, error)
	// Types limits the record types read (nil: SummaryTypes). The cards read CardTypes.
	Types []string
	// Devices maps the household's device ids to their names and Self is this device's id
	// (nil: no household), so Today says which other device answered a dose.
	Devices map[string]string
	Self    string
	// NameThePerson: the app's user may be someone else than the person (a carer's vault of
	// several people, a person shared in a household): the cards say the person's name where
	// they said "Your" — "Tobi Okoye's blood sugar was very low", "Condition of Tobi Okoye:
	// …" — not the carer's (F505). Else they speak to the person.
	NameThePerson bool

	// cards: Load for the cards alone (Engine.Cards), whose rules read of the observations
	// only their keys, dates and codes and the series of the watched codes: the observations
	// are read without their resources, and the watched ones streamed once into their series,
	// not held (a person with 40,000 results held ~90 MB of them). Of the other records
	// only those of cardResources are kept, without the shared records they link to. Such a
	// Data has no observations in Records, Set or OfType, so Series and the summary cannot
	// use it.
	cards bool
	// summary: Load for BuildSummary, which streams the observations once into what it shows
	// of them (Data.streamObservations) and reads those its IPS Bundle lists when it is
	// written (ipsobs.go): the observations are read without their resources and not kept (only the shared records they link to are), nor is what only the cards
	// read (Data.portal). Such a Data has no observations in Records, Set or OfType.
	summary bool
}

// CardTypes are the record types the insight rules read (the reminder model reads medicines,
// appointments and the dose log itself).
var CardTypes = []string{"Patient", "Condition", "Observation", "QuestionnaireResponse", "Appointment",
	"AllergyIntolerance", "Immunization", "MedicationRequest", "MedicationStatement", "MedicationDispense"}

// cardResources are the record types whose resources the insight rules read (their deaths,
// conditions and check-ins; the observations are read apart): Load for the cards reads the
// other types' metadata only, for rulePortalNew, and keeps none of them.
var cardResources = map[string]bool{"Patient": true, "Condition": true, "QuestionnaireResponse": true}

// SummaryTypes are the record types the summary reads: the cards' and the diet orders (F576).
var SummaryTypes = append(CardTypes[:len(CardTypes):len(CardTypes)], "NutritionOrder")

// linkedShared are the shared record types the views resolve references to.
var linkedShared = map[string]bool{"Medication": true, "Location": true, "Organization": true, "Practitioner": true}

// Load reads a person's data from the vault in one pass.
func Load(ctx context.Context, v *storage.Vault, profile string, now time.Time, opt LoadOptions) (*Data, error) {
	p, err := v.Profile(profile)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return nil, fmt.Errorf("no such profile: %w", err)
		}
		return nil, err
	}
	// A vault imported before readings taken at home were marked (or before the rule read what
	// it reads now) has them unmarked until its files were imported again: marked here, once
	// per rule (cksync.MarkHomeReadings; a no-op when done, or on a read-only vault). Its error
	// leaves the marking to the next load: what is shown is as before (F525 item 12's rest).
	_, _ = cksync.MarkHomeReadings(ctx, v)
	types := opt.Types
	if types == nil {
		types = SummaryTypes
	}
	opt.summary = opt.summary && slices.Contains(types, "Observation")
	d := &Data{Profile: profile, Person: p, Now: now, nameThePerson: opt.NameThePerson, byType: map[string][]*health.Resource{}, keyIdx: map[health.Key]int{}, codes: map[health.Key][]string{},
		obsLeft: opt.summary}
	links := map[storage.ID]bool{}
	var codes codeLists
	var names interned
	since := now.AddDate(0, 0, -PortalNewDays) // rulePortalNew reads only these
	unfollowed := map[string]int{}             // readings of each code no rule follows (cards)
	visit := func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		if opt.summary && r.ID.Type == "Observation" {
			for _, l := range r.Meta.Links {
				if linkedShared[l.Type] {
					links[l] = true
				}
			}
			return nil
		}
		res := health.Resource{Key: key(r.ID), Profile: r.Profile, Date: r.Meta.Date, File: r.Meta.File, JSON: r.Resource}
		if !opt.summary && isPortal(res.Source) && !r.Meta.ImportedAt.Before(since) && !r.Meta.ImportedAt.After(now) {
			d.portal = append(d.portal, written{res.Key, r.Meta.ImportedAt, r.Meta.File})
		}
		if opt.cards && r.ID.Type != "Observation" && !cardResources[r.ID.Type] {
			return nil
		}
		if opt.cards && r.ID.Type == "Observation" {
			// The rules read only the observations of codes they may follow and the home
			// measurements; of their metadata (one allocation for all its strings) only
			// copies are kept: the date, and the codes once per distinct list.
			home := res.Key.AtHome() || r.Meta.Home || meterReading(r.Meta.Codes)
			if !mayFollow(r.Meta.Codes) && (!home || HomeKind(r.Meta.Codes) == "") {
				// A code no rule follows is kept while it has few readings (a drug level: the
				// result rule reads it, F553); past fewReadings it is a stream, let go below.
				c := firstCode(r.Meta.Codes)
				if c == "" || unfollowed[c] > fewReadings {
					return nil
				}
				if unfollowed[c]++; unfollowed[c] > fewReadings {
					return nil
				}
			}
			d.markHome(res.Key, r.Meta.Home)
			d.codes[res.Key] = codes.of(r.Meta.Codes)
			d.obs = append(d.obs, health.Resource{Key: res.Key, Profile: res.Profile, Date: strings.Clone(res.Date)})
			return nil
		}
		// Of the metadata (one allocation for all its strings) only copies are kept, the
		// file names and link sources and types once each: the records of a Data outlive it.
		res.Date, res.File = strings.Clone(res.Date), names.of(res.File)
		for _, l := range r.Meta.Links {
			res.Links = append(res.Links, health.Key{Source: names.of(l.Source), Type: names.of(l.Type), ID: strings.Clone(l.ID)})
			if linkedShared[l.Type] && !opt.cards {
				links[l] = true
			}
		}
		if r.ID.Type == "Observation" {
			d.codes[res.Key] = codes.of(r.Meta.Codes)
			d.markHome(res.Key, r.Meta.Home)
		}
		d.Records = append(d.Records, res)
		d.Imported = append(d.Imported, r.Meta.ImportedAt)
		if r.Meta.Card != nil && !r.Meta.Card.Verified {
			if d.NotChecked == nil {
				d.NotChecked = map[health.Key]bool{}
			}
			d.NotChecked[res.Key] = true
		}
		return nil
	}
	for _, typ := range types {
		if typ == "Observation" {
			d.obsAt = len(d.Records)
		}
		q := storage.Query{Profile: profile, Type: typ, MetaOnly: opt.cards && !cardResources[typ] || opt.summary && typ == "Observation"}
		if err := v.Records(ctx, q, visit); err != nil {
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
	d.Set = health.NewSet(d.Records, shared)
	if d.choices, err = health.LoadChoices(ctx, v, profile); err != nil {
		return nil, err
	}
	for i := range d.Set.Records {
		r := &d.Set.Records[i]
		d.byType[r.Type] = append(d.byType[r.Type], r)
		d.keyIdx[r.Key] = i
	}
	d.Reminders, err = remind.Load(ctx, v, remind.LoadOptions{Device: opt.Device, Profile: profile, Now: now})
	if err != nil {
		return nil, fmt.Errorf("reading the reminders: %w", err)
	}
	d.Loc = time.Local
	if opt.Device != nil {
		d.Loc = opt.Device
	}
	if per := d.Reminders.Person(profile); per != nil && per.Loc != nil {
		d.Loc = per.Loc
	}
	d.Death = health.DeathOf(d.Set, now.In(d.Loc)) // its day on the person's clock (F101)
	list := opt.Portals
	if list == nil {
		list = cksync.Portals
	}
	if d.Portals, err = list(ctx, v); err != nil {
		return nil, fmt.Errorf("reading the portals: %w", err)
	}
	if d.Questions, err = LoadQuestions(v, profile); err != nil {
		return nil, err
	}
	d.matchGuides()
	if d.pregnancyGuide() && slices.Contains(types, "Condition") {
		if err := d.readBirths(ctx, v); err != nil {
			return nil, err
		}
	}
	if opt.cards && len(unfollowed) > 0 {
		// the readings kept of a code that turned out a stream (more than fewReadings) go
		d.obs = slices.DeleteFunc(d.obs, func(r health.Resource) bool {
			return unfollowed[firstCode(d.codes[r.Key])] > fewReadings
		})
	}
	if opt.cards && len(d.obs) > 0 {
		if err := d.readWatched(ctx, v); err != nil {
			return nil, err
		}
	}
	d.CheckIns = checkInsOf(d.byType["QuestionnaireResponse"])
	if d.snoozes, err = SnoozeSuggestions(ctx, v, d); err != nil {
		return nil, err
	}
	return d, nil
}

// followable are the codes the result rule may follow for anyone (watchedObservations): the
// common results, every guide's tracked codes, and blood pressure's.
var followable = sync.OnceValue(func() map[string]bool {
	all, err := guides.All()
	if err != nil {
		return nil
	}
	w := map[string]bool{health.CodeBPPanel: true, "55284-4": true, health.CodeDiastolic: true}
	for c := range meterCodes { // a guide's glucose targets are said beside them (F452)
		w[c] = true
	}
	for _, c := range []string{"2339-0", "15074-8", "2345-7", "14749-6", "1558-6", "14771-0", "105272-9", "99504-3"} { // lows (F454, F521)
		w[c] = health.IsGlucose(c)
	}
	for _, c := range commonResults {
		w[c] = true
	}
	for _, g := range all {
		for _, t := range g.Tracks {
			w[t[strings.LastIndexByte(t, '|')+1:]] = true
		}
	}
	return w
})

// mayFollow reports whether an observation of these codes may be one the result rule follows
// (always, when the guides cannot be read).
func mayFollow(codes []string) bool {
	w := followable()
	if w == nil {
		return true
	}
	for _, c := range codes {
		if c = c[strings.LastIndexByte(c, '|')+1:]; w[c] || w[health.AnalyteCode(c)] {
			return true
		}
	}
	return false
}

// codeLists keeps each distinct list of observation codes once (a person's tens of thousands
// of observations have a few hundred), with strings of its own.
type codeLists struct {
	m   map[string][]string // the codes, each after its length -> the list
	buf []byte
}

func (c *codeLists) of(codes []string) []string {
	if len(codes) == 0 {
		return codes
	}
	c.buf = c.buf[:0]
	for _, s := range codes {
		c.buf = append(binary.AppendUvarint(c.buf, uint64(len(s))), s...)
	}
	if l, ok := c.m[string(c.buf)]; ok {
		return l
	}
	l := make([]string, len(codes))
	for i, s := range codes {
		l[i] = strings.Clone(s)
	}
	if c.m == nil {
		c.m = map[string][]string{}
	}
	c.m[string(c.buf)] = l
	return l
}

// interned keeps each distinct string once, with memory of its own.
type interned map[string]string

func (in *interned) of(s string) string {
	if t, ok := (*in)[s]; ok {
		return t
	}
	if *in == nil {
		*in = map[string]string{}
	}
	t := strings.Clone(s)
	(*in)[t] = t
	return t
}

// written is a record and when it was last written.
type written struct {
	key  health.Key
	at   time.Time
	file string // the file it was imported from ("" for a portal's sync)
}

// readWatched reads the series of the watched codes (watchedSeries) of a Data loaded for the
// cards alone: the watched observations are read again, each decoded once as it streams.
func (d *Data) readWatched(ctx context.Context, v *storage.Vault) error {
	want := map[health.Key]bool{}
	for _, r := range d.watchedObservations() {
		want[r.Key] = true
	}
	if len(want) == 0 {
		return nil
	}
	or := d.observationReader()
	err := v.Records(ctx, storage.Query{Profile: d.Profile, Type: "Observation", Reuse: true}, func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		if k := key(r.ID); want[k] {
			or.Add(&health.Resource{Key: k, Profile: r.Profile, Date: r.Meta.Date, File: r.Meta.File, JSON: r.Resource})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading the records: %w", err)
	}
	d.watchedSer = or.Series()
	return nil
}

// observations are the person's observations (without their resources when loaded for the
// cards alone).
func (d *Data) observations() []*health.Resource {
	if d.obs == nil {
		return d.OfType("Observation")
	}
	out := make([]*health.Resource, len(d.obs))
	for i := range d.obs {
		out[i] = &d.obs[i]
	}
	return out
}

func key(id storage.ID) health.Key { return health.Key{Source: id.Source, Type: id.Type, ID: id.ID} }

func storageID(k health.Key) storage.ID {
	return storage.ID{Source: k.Source, Type: k.Type, ID: k.ID}
}

// OfType returns the person's records of a type.
func (d *Data) OfType(typ string) []*health.Resource { return d.byType[typ] }

// ImportedAt is when a record of the person was last written.
func (d *Data) ImportedAt(k health.Key) time.Time {
	if i, ok := d.keyIdx[k]; ok && i < len(d.Imported) {
		return d.Imported[i]
	}
	return time.Time{}
}

// observationReader is a reader of the person's observations that knows when they were born
// (a child's series get no typical adult range) and, from their Patient records, their sex (a
// range a lab gives in words by age and sex is read for them, F153).
func (d *Data) observationReader() *health.ObservationReader {
	var or health.ObservationReader
	d.tellPerson(&or)
	return &or
}

// tellPerson tells a reader the person's birth date and their Patient records.
func (d *Data) tellPerson(or *health.ObservationReader) {
	if d.Person != nil {
		or.Born(d.Profile, d.Person.BirthDate)
	}
	for _, r := range d.OfType("Patient") {
		or.Add(r)
	}
}

// Series are the person's result series (health.Results), computed once.
func (d *Data) Series() []*health.Series {
	if d.series == nil {
		d.series = health.Results(d.Set)
	}
	return d.series
}

// watchedSeries are the result series of the codes the rules follow (d.watched), computed
// from those observations only: the cards need no other series.
func (d *Data) watchedSeries() []*health.Series {
	if d.watchedSer != nil {
		return d.watchedSer
	}
	or := d.observationReader()
	for _, r := range d.watchedObservations() {
		or.Add(r)
	}
	d.watchedSer = or.Series()
	return d.watchedSer
}

// firstCode is the analyte code (bare) of the first of an observation's codes, "" for none.
func firstCode(codes []string) string {
	if len(codes) == 0 {
		return ""
	}
	c := codes[0]
	return health.AnalyteCode(c[strings.LastIndexByte(c, '|')+1:])
}

// fewReadings: a code no rule follows, of at most this many readings, is a lab's (a drug
// level, a blood count), read by the result-change rule for a result outside its range
// (F553); a watch's heart rate every minute is not.
const fewReadings = 60

// fewCodes are the codes (health.AnalyteCode, bare) of the observations no rule follows of
// which the person has at most fewReadings.
func (d *Data) fewCodes() map[string]bool {
	if d.few != nil {
		return d.few
	}
	w := d.watched()
	n := map[string]int{}
	for _, r := range d.observations() {
		for _, c := range d.codes[r.Key] {
			if a := health.AnalyteCode(c[strings.LastIndexByte(c, '|')+1:]); !w[a] {
				n[a]++
			}
		}
	}
	d.few = map[string]bool{}
	for c, k := range n {
		if k <= fewReadings {
			d.few[c] = true
		}
	}
	return d.few
}

// watchedObservations are the person's observations of the watched codes, and of the codes
// of few readings (fewCodes), in order.
func (d *Data) watchedObservations() []*health.Resource {
	w := d.watched()
	for c := range d.fewCodes() {
		w[c] = true
	}
	for c := range peakFlowCodes { // read against the best (peakFlowCard)
		w[c] = true
	}
	if g, _ := d.targetsGuide(); g != nil {
		for c := range meterCodes {
			w[c] = true
		}
	}
	glucose := func(code string) bool { return health.IsGlucose(code) } // the low-glucose rule's (F454)
	var out []*health.Resource
	for _, r := range d.observations() {
		for _, c := range d.codes[r.Key] {
			code := c[strings.LastIndexByte(c, '|')+1:]
			if w[code] || w[health.AnalyteCode(code)] || glucose(code) || code == health.CodeBPPanel || code == "55284-4" || code == health.CodeDiastolic {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// matchGuides finds the guides of the person's current conditions.
func (d *Data) matchGuides() {
	current, _ := health.Conditions(d.Set)
	d.Conditions = current
	d.guideCond = map[string]health.Condition{}
	for _, c := range current {
		r := d.Set.Get(c.Key)
		if r == nil {
			continue
		}
		g := guides.ForCondition(r.JSON)
		if g == nil {
			continue
		}
		if _, dup := d.guideCond[g.Slug]; dup {
			continue
		}
		d.guideCond[g.Slug] = c
		d.Guides = append(d.Guides, g)
	}
}

// GuideFor returns the person's guide with that slug (nil when none of their current
// conditions matches it).
func (d *Data) GuideFor(slug string) *guides.Guide {
	for _, g := range d.Guides {
		if g.Slug == slug {
			return g
		}
	}
	return nil
}

// day formats a time as "3 May 2026" in the person's zone.
func (d *Data) day(t time.Time) string { return t.In(d.Loc).Format("2 Jan 2006") }

// betweenWords is "between 3 Nov 2026 and 20 Nov 2026": the two readings' dates, as precisely
// as the records date them ("since November" said of 3 and 20 November read as a change that
// went on from some day in November until now).
func (d *Data) betweenWords(a, b health.Point) string {
	from, to := a.DateIn(d.Loc), b.DateIn(d.Loc)
	if from == to {
		return "on " + from
	}
	return "between " + from + " and " + to
}

// isPortal reports whether a record source is a portal (a FHIR base over HTTPS).
func isPortal(source string) bool { return strings.HasPrefix(source, "https://") }

// your is how a card says the person's own: "Your" (lower: "your"), and while the app's user
// may be someone else looking at their page (LoadOptions.NameThePerson) the person's name,
// "Tobi Okoye's" (F505).
func (d *Data) your(lower bool) string {
	if d.nameThePerson && d.Person != nil && d.Person.Name != "" {
		return d.Person.Name + "'s"
	}
	if lower {
		return "your"
	}
	return "Your"
}

// yourCondition heads a card's reason that is the person's condition: "Your condition: …",
// or "Condition of Tobi Okoye: …" (LoadOptions.NameThePerson, F505).
func (d *Data) yourCondition() string {
	if d.nameThePerson && d.Person != nil && d.Person.Name != "" {
		return "Condition of " + d.Person.Name + ": "
	}
	return "Your condition: "
}
