package health

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Appointment is a planned visit (an Appointment record) or, for history, a past visit (an
// Encounter).
type Appointment struct {
	Start  time.Time
	End    time.Time
	Title  string
	Place  string // location or organisation
	With   string // practitioners
	Status string
	Notes  string // preparation / comment
	Visit  bool   // from an Encounter (history), not an Appointment
	// Happened: the records say the visit took place (an Encounter not cancelled or only
	// planned; an Appointment fulfilled, arrived or checked in). A past booking never marked
	// attended, a no-show and a cancelled appointment did not (StatusWords says which).
	Happened bool
	// AfterDeath: a visit the records date after the person's death (Synthea's 'Death
	// Certification' the day after): not one of theirs, not Happened (F227).
	AfterDeath bool
	Key        Key
	Origin     string
}

type appointmentJSON struct {
	Status          string    `json:"status"`
	Description     string    `json:"description"`
	Start           string    `json:"start"`
	End             string    `json:"end"`
	Comment         string    `json:"comment"`
	PatientInstruct string    `json:"patientInstruction"`
	ServiceType     []Concept `json:"serviceType"`
	AppointmentType *Concept  `json:"appointmentType"`
	Participant     []struct {
		Actor Ref `json:"actor"`
	} `json:"participant"`
}

type encounterJSON struct {
	Status      string    `json:"status"`
	Type        []Concept `json:"type"`
	Class       Coding    `json:"class"`
	Period      Period    `json:"period"`
	ReasonCode  []Concept `json:"reasonCode"`
	Participant []struct {
		Individual Ref `json:"individual"`
	} `json:"participant"`
	Location []struct {
		Location Ref `json:"location"`
	} `json:"location"`
	ServiceProvider *Ref `json:"serviceProvider"`
}

// encounterClasses names the v3 ActEncounterCode classes.
var encounterClasses = map[string]string{
	"AMB": "Outpatient visit", "EMER": "Emergency visit", "IMP": "Hospital stay", "ACUTE": "Hospital stay",
	"HH": "Home visit", "VR": "Virtual visit", "OBSENC": "Observation stay", "SS": "Day surgery",
	"ambulatory": "Outpatient visit", "emergency": "Emergency visit", "inpatient": "Hospital stay",
	"wellness": "Check-up", "outpatient": "Outpatient visit", "urgentcare": "Urgent care visit",
}

// Appointments returns, as of now, the upcoming appointments (soonest first), the past ones
// including visits from the records (newest first), and the appointments booked for after
// the person's death (newest first): those never took place, whether their date is past or
// to come (Death.DiedBefore), and are neither upcoming nor a past visit. past also holds what
// did not take place (Appointment.Happened false: a booking never marked attended, a no-show,
// a cancelled appointment, whatever its date) with StatusWords saying so; only the others are
// visits.
func Appointments(s *Set, now time.Time) (upcoming, past, afterDeath []Appointment) {
	return AppointmentsOn(s, now, nil)
}

// AppointmentsOn is Appointments with each person's death judged on their clock (loc of their
// profile; nil, or a nil loc: now's): a death given as a day alone ends at the end of that day
// there, so a visit at 23:30 in Los Angeles on the day of death took place (F465).
func AppointmentsOn(s *Set, now time.Time, loc func(profile string) *time.Location) (upcoming, past, afterDeath []Appointment) {
	profiles := map[Key]string{}
	deaths := map[string]Death{} // by person: a household's set holds several
	for _, r := range s.OfType("Patient") {
		if !r.Deleted {
			at := now
			if loc != nil && loc(r.Profile) != nil {
				at = now.In(loc(r.Profile))
			}
			deaths[r.Profile] = deaths[r.Profile].Earliest(PatientDeath(r.JSON, at))
		}
	}
	for _, r := range s.OfType("Appointment", "Encounter") {
		if r.Deleted {
			continue
		}
		var a Appointment
		startDay := false // a.Start is a date alone
		switch r.Type {
		case "Appointment":
			var j appointmentJSON
			if !decode(r, &j) || j.Status == "entered-in-error" {
				continue
			}
			a.Start, _ = ParseTime(j.Start)
			startDay = len(j.Start) <= len("2006-01-02")
			a.End, _ = ParseTime(j.End)
			a.Title = firstNonEmpty(j.Description, j.AppointmentType.Label())
			if a.Title == "" && len(j.ServiceType) > 0 {
				a.Title = j.ServiceType[0].Label()
			}
			a.Status = j.Status
			a.Notes = strings.TrimSpace(strings.Join(nonEmpty(j.PatientInstruct, j.Comment), "\n"))
			var with []string
			for _, p := range j.Participant {
				switch t := s.Resolve(r, p.Actor.Reference, ""); {
				case t != nil && (t.Type == "Location" || t.Type == "Organization" || t.Type == "HealthcareService"):
					a.Place = firstNonEmpty(a.Place, nameOf(t), p.Actor.Display)
				case t != nil && (t.Type == "Practitioner" || t.Type == "PractitionerRole"):
					with = append(with, firstNonEmpty(nameOf(t), p.Actor.Display))
				case strings.HasPrefix(p.Actor.Reference, "Location/"):
					a.Place = firstNonEmpty(a.Place, p.Actor.Display)
				case strings.HasPrefix(p.Actor.Reference, "Practitioner"):
					with = append(with, p.Actor.Display)
				case p.Actor.Reference == "" && strings.TrimSpace(p.Actor.Display) != "":
					// a name alone ("Lagos Eye Centre"): a place or a person, the record does not say
					with = append(with, strings.TrimSpace(p.Actor.Display))
				}
			}
			a.With = strings.Join(uniqueSorted(with), ", ")
		case "Encounter":
			var e encounterJSON
			if !decode(r, &e) || e.Status == "entered-in-error" {
				continue
			}
			a.Visit = true
			a.Start, _ = ParseTime(e.Period.Start)
			startDay = len(e.Period.Start) <= len("2006-01-02")
			a.End, _ = ParseTime(e.Period.End)
			a.Title = VisitTitle(&e)
			a.Status = e.Status
			var with []string
			for _, p := range e.Participant {
				if t := s.Resolve(r, p.Individual.Reference, "Practitioner"); t != nil {
					with = append(with, nameOf(t))
				} else if p.Individual.Display != "" {
					with = append(with, p.Individual.Display)
				}
			}
			a.With = strings.Join(uniqueSorted(with), ", ")
			for _, l := range e.Location {
				if t := s.Resolve(r, l.Location.Reference, "Location"); t != nil {
					a.Place = nameOf(t)
				} else if l.Location.Display != "" {
					a.Place = l.Location.Display
				}
			}
			if a.Place == "" && e.ServiceProvider != nil {
				if t := s.Resolve(r, e.ServiceProvider.Reference, "Organization"); t != nil {
					a.Place = nameOf(t)
				} else {
					a.Place = e.ServiceProvider.Display
				}
			}
			if len(e.ReasonCode) > 0 {
				a.Notes = "Reason: " + e.ReasonCode[0].Label()
			}
		}
		if a.Start.IsZero() {
			if t, ok := ParseTime(r.Date); ok {
				a.Start, startDay = t, len(r.Date) <= len("2006-01-02")
			} else {
				continue
			}
		}
		if a.Title == "" {
			a.Title = "Appointment"
		}
		a.Key, a.Origin = r.Key, r.Origin()
		a.Happened = happened(a.Visit, a.Status)
		died := deaths[r.Profile].DatedAfter(a.Start, startDay, now) // on the person's clock (F465)
		if a.Visit && died {
			a.Happened, a.AfterDeath = false, true
		}
		profiles[a.Key] = r.Profile
		switch {
		case !a.Visit && a.Status != "cancelled" && died:
			afterDeath = append(afterDeath, a)
		case !a.Visit && a.Status != "cancelled" && !a.Start.Before(now):
			upcoming = append(upcoming, a)
		default:
			past = append(past, a)
		}
	}
	sort.SliceStable(upcoming, func(i, j int) bool { return upcoming[i].Start.Before(upcoming[j].Start) })
	sort.SliceStable(past, func(i, j int) bool { return past[i].Start.After(past[j].Start) })
	sort.SliceStable(afterDeath, func(i, j int) bool { return afterDeath[i].Start.After(afterDeath[j].Start) })
	return oneAppointmentOnce(upcoming, profiles), oneAppointmentOnce(past, profiles), oneAppointmentOnce(afterDeath, profiles)
}

// happened reports whether a visit's status says it took place. FHIR R4 Appointment.status:
// "fulfilled" (the patient came and the visit took place), "arrived" and "checked-in" (the
// patient is there); "booked" is only the booking, "noshow" says they did not come.
// Encounter.status: "planned" and "cancelled" did not take place; the others did, or are.
func happened(visit bool, status string) bool {
	if visit {
		return status != "planned" && status != "cancelled"
	}
	switch status {
	case "fulfilled", "arrived", "checked-in":
		return true
	}
	return false
}

// StatusWords says, of an appointment or visit that did not take place or is not known to
// have, what the records say instead: "cancelled", "did not attend (no show)", "booked, not
// marked as attended"; of one the record gives as not confirmed ("proposed", "pending"),
// "not confirmed yet" (to come) or "never confirmed" (past) (F337); "" for one that took
// place or is booked to come (as of now).
func (a Appointment) StatusWords(now time.Time) string {
	switch {
	case a.Status == "cancelled":
		return "cancelled"
	case a.AfterDeath:
		return "after the death"
	case a.Happened:
		return ""
	case a.Status == "proposed" || a.Status == "pending":
		if a.Start.After(now) {
			return "not confirmed yet"
		}
		return "never confirmed"
	case a.Start.After(now):
		return ""
	case a.Status == "noshow":
		return "did not attend (no show)"
	case a.Visit:
		return "planned, not marked as having taken place"
	}
	return "booked, not marked as attended"
}

// LastVisit is the newest of past (Appointments' past, newest first) that took place, or nil.
func LastVisit(past []Appointment) *Appointment {
	for i := range past {
		if past[i].Happened {
			return &past[i]
		}
	}
	return nil
}

// oneAppointmentOnce leaves out an appointment that repeats one before it — the same
// person, kind, start and title: the same appointment from a file and a portal, or from two
// portals, is one line (and one reminder), as the same result from two sources is one reading.
// as are sorted by start.
func oneAppointmentOnce(as []Appointment, profiles map[Key]string) []Appointment {
	type sig struct {
		profile, title string
		start          int64
		visit          bool
	}
	seen := map[sig]bool{}
	out := as[:0]
	for _, a := range as {
		k := sig{profiles[a.Key], strings.ToLower(strings.Join(strings.Fields(a.Title), " ")), a.Start.UnixNano(), a.Visit}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

// VisitTitle names an encounter: its type, else its class in words.
func VisitTitle(e *encounterJSON) string {
	if len(e.Type) > 0 {
		if l := e.Type[0].Label(); l != "" {
			return l
		}
	}
	if n := encounterClasses[e.Class.Code]; n != "" {
		return n
	}
	return "Visit"
}

// nameOf is the display name of a Practitioner, Organization, Location, Patient, ...
func nameOf(r *Resource) string {
	var j struct {
		Name any `json:"name"`
	}
	if !decode(r, &j) {
		return ""
	}
	switch n := j.Name.(type) {
	case string:
		return n
	case []any:
		var names []HumanName
		if decodeAny(n, &names) && len(names) > 0 {
			return names[0].String()
		}
	}
	return ""
}

// Condition is a diagnosis or problem.
type Condition struct {
	Profile string // the person
	Name    string
	Code    string // "system|code"
	Onset   string // YYYY-MM-DD
	// OnsetWords is when it began as the record gives it without a date: "age 7" (onsetAge),
	// "age 7–9" (onsetRange), "in childhood" (onsetString, as written); "" when the record dates
	// the onset (Since says it either way, F229).
	OnsetWords string
	// OnsetYears is the years an onset given as an age in years falls in, from the person's
	// birth date: "1979–1980" for "age 7" of a person born 10 May 1972 (F229); Since says it.
	OnsetYears string
	Abated     string // YYYY-MM-DD, "" while current
	Status     string // clinical status code
	Current    bool
	// Unconfirmed: the record says the diagnosis is not confirmed (provisional, one of several
	// possibilities, unconfirmed); Line says so.
	Unconfirmed bool
	Key         Key
	Origin      string
	Recorder    string
	// Sources are the origins of every record behind it, the newest record's first: a
	// condition a portal and a C-CDA document both hold names both.
	Sources []string
	// class is its codes' class of conditionClasses ("diabetes-type-2"), given is its onset as
	// the record gives it (a day, or words; "" for none, its Onset then being the day it was
	// recorded): one condition coded differently by two sources (F471).
	class, given string
}

// Conditions lists current conditions (newest onset first) and past ones (newest first).
// The same condition from several sources or visits is listed once (the newest record), once
// per person in a household Set: records are the same condition when they share any code (a
// C-CDA problem coded SNOMED with an ICD-10 translation, a portal's coded ICD-10 first), or
// codes known to mean one condition (conditionClasses: SNOMED 44054006 and ICD-10-CM E11.9,
// in one state, their onsets not differing, F471) or, uncoded, the same name. Days are as the records write them (ConditionsIn: on a person's
// clock).
func Conditions(s *Set) (current, past []Condition) { return ConditionsIn(s, nil) }

// ConditionsIn is Conditions with each day on the person's clock loc (DayIn: a condition
// found at 23:30 in Los Angeles began that day, whatever the record's offset; a date alone is
// its own day, F78).
func ConditionsIn(s *Set, loc *time.Location) (current, past []Condition) {
	seen := map[string]int{} // code or name → index+1 in all
	var all []Condition
	births := map[string]string{} // person → birth date, for an onset given as an age (F229)
	for _, r := range s.OfType("Patient") {
		var p struct {
			BirthDate string `json:"birthDate"`
		}
		if !r.Deleted && births[r.Profile] == "" && decode(r, &p) {
			births[r.Profile] = p.BirthDate
		}
	}
	for _, r := range s.OfType("Condition") {
		if r.Deleted {
			continue
		}
		var j struct {
			Code               *Concept  `json:"code"`
			ClinicalStatus     *Concept  `json:"clinicalStatus"`
			VerificationStatus *Concept  `json:"verificationStatus"`
			OnsetDateTime      string    `json:"onsetDateTime"`
			OnsetPeriod        *Period   `json:"onsetPeriod"`
			OnsetAge           *Quantity `json:"onsetAge"`
			OnsetRange         *struct {
				Low  *Quantity `json:"low"`
				High *Quantity `json:"high"`
			} `json:"onsetRange"`
			OnsetString       string  `json:"onsetString"`
			AbatementDateTime string  `json:"abatementDateTime"`
			AbatementPeriod   *Period `json:"abatementPeriod"`
			RecordedDate      string  `json:"recordedDate"`
		}
		if !decode(r, &j) || j.VerificationStatus.Has("entered-in-error") || j.VerificationStatus.Has("refuted") {
			continue
		}
		c := Condition{Name: j.Code.Label(), Key: r.Key, Origin: r.Origin(),
			Unconfirmed: j.VerificationStatus.Has("provisional") || j.VerificationStatus.Has("differential") || j.VerificationStatus.Has("unconfirmed")}
		if c.Name == "" {
			c.Name = "Unnamed condition"
		}
		if j.Code != nil && len(j.Code.Coding) > 0 {
			c.Code = j.Code.Coding[0].System + "|" + j.Code.Coding[0].Code
		}
		onset := firstNonEmpty(j.OnsetDateTime, j.RecordedDate)
		if j.OnsetPeriod != nil {
			onset = firstNonEmpty(j.OnsetPeriod.Start, onset)
		}
		c.Onset = DayIn(onset, loc)
		if onset == "" {
			c.Onset = Day(r.Date) // the index date (sortable UTC; a date alone is midnight UTC)
		}
		if j.OnsetDateTime == "" && (j.OnsetPeriod == nil || j.OnsetPeriod.Start == "") {
			c.OnsetWords = onsetWords(j.OnsetAge, j.OnsetRange, j.OnsetString)
			c.OnsetYears = onsetYears(births[r.Profile], j.OnsetAge, j.OnsetRange)
			c.given = c.OnsetWords
		} else {
			c.given = c.Onset
		}
		c.class = conditionClassOf(j.Code)
		c.Abated = DayIn(j.AbatementDateTime, loc)
		if j.AbatementPeriod != nil {
			c.Abated = DayIn(firstNonEmpty(j.AbatementPeriod.End, j.AbatementPeriod.Start), loc)
		}
		if j.ClinicalStatus != nil && len(j.ClinicalStatus.Coding) > 0 {
			c.Status = j.ClinicalStatus.Coding[0].Code
		}
		switch c.Status {
		case "active", "recurrence", "relapse":
			c.Current = true
		case "":
			c.Current = c.Abated == ""
		}
		var keys []string // never one condition across people
		if j.Code != nil {
			for _, cd := range j.Code.Coding {
				if cd.Code != "" {
					keys = append(keys, r.Profile+"\x00"+cd.System+"|"+cd.Code)
				}
			}
		}
		if len(keys) == 0 {
			keys = append(keys, r.Profile+"\x00"+strings.ToLower(c.Name))
		}
		c.Profile = r.Profile
		i := 0
		for _, k := range keys {
			if i = seen[k]; i > 0 {
				break
			}
		}
		byClass := false
		if i == 0 && c.class != "" {
			i = sameConditionAs(all, c)
			byClass = i > 0
		}
		c.Sources = []string{c.Origin}
		if i > 0 {
			prev := all[i-1]
			if byClass && (prev.given == "") != (c.given == "") {
				// one condition coded two ways: the row is the record giving its onset (a
				// record dated only by when it was written does not say since when, F471)
				if c.given != "" {
					c.Sources = append(c.Sources, prev.Sources...)
					all[i-1] = c
				} else {
					all[i-1].Sources = append(prev.Sources, c.Origin)
				}
			} else if c.Onset > prev.Onset {
				c.Sources = append(c.Sources, prev.Sources...)
				all[i-1] = c
			} else {
				all[i-1].Sources = append(prev.Sources, c.Origin)
			}
			all[i-1].Sources = uniqueInOrder(all[i-1].Sources)
		} else {
			all = append(all, c)
			i = len(all)
		}
		for _, k := range keys {
			if seen[k] == 0 {
				seen[k] = i
			}
		}
	}
	for _, c := range all {
		if c.Current {
			current = append(current, c)
		} else {
			past = append(past, c)
		}
	}
	sort.SliceStable(current, func(i, j int) bool { return current[i].Onset > current[j].Onset })
	sort.SliceStable(past, func(i, j int) bool {
		return firstNonEmpty(past[i].Abated, past[i].Onset) > firstNonEmpty(past[j].Abated, past[j].Onset)
	})
	return current, past
}

// sameConditionAs is the index+1 in all of the condition c is, by its codes' class
// (conditionClasses) and not by a shared code: one person's, of one class, in the same state
// (current or past, confirmed or not, over on the same day when over), their onsets as the
// records give them not differing; 0 for none. A record saying another onset or state is a
// row of its own, so that nothing either says is hidden (F471).
func sameConditionAs(all []Condition, c Condition) int {
	for i, p := range all {
		if p.Profile == c.Profile && p.class == c.class && p.Current == c.Current && p.Unconfirmed == c.Unconfirmed &&
			(p.Abated == c.Abated || p.Abated == "" || c.Abated == "") && onsetsAgree(p.given, c.given) {
			return i + 1
		}
	}
	return 0
}

// uniqueInOrder drops repeats, keeping the first of each.
func uniqueInOrder(ss []string) []string {
	out := ss[:0]
	seen := map[string]bool{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// onsetWords is an onset given as an age, an age range or words: "age 7", "age 7–9", "age 6
// months", the words as written ("in childhood"); "" for none.
func onsetWords(age *Quantity, rng *struct {
	Low  *Quantity `json:"low"`
	High *Quantity `json:"high"`
}, text string) string {
	unit := func(q *Quantity) string {
		switch strings.ToLower(strings.TrimSpace(firstNonEmpty(q.Code, q.Unit))) {
		case "", "a", "yr", "yrs", "year", "years", "y":
			return ""
		case "mo", "month", "months":
			return " months"
		case "wk", "week", "weeks":
			return " weeks"
		case "d", "day", "days":
			return " days"
		}
		return " " + Unit(firstNonEmpty(q.Unit, q.Code))
	}
	switch {
	case age != nil && usable(age.Value):
		return "age " + fmtNum(*age.Value) + unit(age)
	case rng != nil && rng.Low != nil && rng.High != nil && usable(rng.Low.Value) && usable(rng.High.Value):
		return "age " + fmtNum(*rng.Low.Value) + "–" + fmtNum(*rng.High.Value) + unit(rng.High)
	}
	return strings.Join(strings.Fields(text), " ")
}

// onsetYears is the years an onset given as a whole age in years (onsetAge, or an onsetRange)
// falls in, from a birth date: "1979–1980" for age 7 of a person born 10 May 1972, "1979" when
// born on 1 Jan; "" without a birth year or an age in whole years.
func onsetYears(birth string, age *Quantity, rng *struct {
	Low  *Quantity `json:"low"`
	High *Quantity `json:"high"`
}) string {
	if len(birth) < 4 {
		return ""
	}
	y, err := strconv.Atoi(birth[:4])
	if err != nil {
		return ""
	}
	inYears := func(q *Quantity) (int, bool) {
		if q == nil || !usable(q.Value) || *q.Value < 0 || *q.Value > 150 || *q.Value != math.Trunc(*q.Value) {
			return 0, false
		}
		switch strings.ToLower(strings.TrimSpace(firstNonEmpty(q.Code, q.Unit))) {
		case "", "a", "yr", "yrs", "year", "years", "y":
			return int(*q.Value), true
		}
		return 0, false
	}
	lo, ok := inYears(age)
	hi := lo
	if !ok && rng != nil {
		var ok2 bool
		lo, ok = inYears(rng.Low)
		hi, ok2 = inYears(rng.High)
		ok = ok && ok2 && lo <= hi
	}
	if !ok {
		return ""
	}
	first, last := y+lo, y+hi+1 // a birthday in the year: age 7 is from it to the next one
	if len(birth) >= 10 && birth[5:10] == "01-01" {
		last--
	}
	if first == last {
		return strconv.Itoa(first)
	}
	return strconv.Itoa(first) + "–" + strconv.Itoa(last)
}

// Since is when the condition began, in words for a sentence: "since 3 May 2020", "since age
// 7", "in childhood" (words the record gives that say when themselves), "since unknown" when
// the records do not say.
func (c Condition) Since() string {
	w := c.OnsetWords
	if w != "" && c.OnsetYears != "" {
		w += " (about " + c.OnsetYears + ")" // "since age 7 (about 1979–1980)" (F229)
	}
	switch {
	case w == "" && c.Onset == "":
		return "since unknown"
	case w == "":
		return "since " + DayWords(c.Onset)
	}
	l := strings.ToLower(w)
	for _, p := range []string{"in ", "at ", "during ", "after ", "before ", "since ", "from "} {
		if strings.HasPrefix(l, p) {
			return w
		}
	}
	return "since " + w
}
