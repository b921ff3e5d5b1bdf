package health

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/ssn"
)

// Death is what the records say about a person's death.
type Death struct {
	Deceased bool
	// Date is the date of death (YYYY-MM-DD) when the record gives one ("" for
	// deceasedBoolean true); At is its instant (zero without a date).
	Date string
	At   time.Time
	// Future is a date of death (YYYY-MM-DD) a record gives that is after the day the death
	// was judged at: an error in the record. The person is not treated as dead (Deceased is
	// false unless another record says so); FutureNote says why.
	Future string
	// Loc is the person's clock the death was read on (the location of the now given to
	// PatientDeath or DeathOf; In): a death given as a day alone lasts to the end of that day
	// there (End). nil: UTC.
	Loc *time.Location
	// timed: the record gives a time of day (a death at midnight UTC is not a day alone).
	timed bool
}

// In is the death on the person's clock loc: a death at a time of day is on its day there
// (as PatientDeath reads it on now's clock), a day alone stays its day and ends at the end of
// it there (End). A view whose death was read on another clock (time.Now's) takes it to the
// person's with In before it judges a record's date by it (F465).
func (d Death) In(loc *time.Location) Death {
	if loc == nil {
		return d
	}
	d.Loc = loc
	if d.Deceased && d.Date != "" && !d.At.IsZero() && !d.dayAlone() {
		d.Date = d.At.In(loc).Format("2006-01-02")
	}
	return d
}

// dayAlone reports whether the records give the death's date without a time of day (a day,
// a month or a year): its instant At is that date's midnight UTC.
func (d Death) dayAlone() bool {
	return !d.timed && d.At.Equal(time.Date(d.At.Year(), d.At.Month(), d.At.Day(), 0, 0, 0, 0, time.UTC))
}

// End is the last instant of the person's life the records give, on the person's clock (Loc):
// the death's time when the record gives one; when it gives the day alone the end of that day
// there (of that month, that year, when it gives only those), so a reading at 23:30 in Los
// Angeles on the day of death is before it, not "dated after the death" by the UTC day (F465).
// Zero for a living person or a death without a date. DiedBefore, Until, the Timeline's line
// at the death (the app's and `timeline`'s) go by it.
func (d Death) End() time.Time {
	if !d.Deceased || d.Date == "" || d.At.IsZero() {
		return time.Time{}
	}
	if !d.dayAlone() {
		return d.At
	}
	loc := d.Loc
	if loc == nil {
		loc = time.UTC
	}
	y, m, day := d.At.Date()
	var next time.Time
	switch len(d.Date) {
	case 4: // a year
		next = time.Date(y+1, 1, 1, 0, 0, 0, 0, loc)
	case 7: // a month
		next = time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	default:
		next = time.Date(y, m, day+1, 0, 0, 0, 0, loc)
	}
	return next.Add(-time.Nanosecond)
}

// FutureDate is the record's date of death after today (YYYY-MM-DD) of a person not taken as
// dead, for --json; "" otherwise.
func (d Death) FutureDate() string {
	if d.Deceased {
		return ""
	}
	return d.Future
}

// FutureNote is "The record's date of death (1 May 2027) is in the future: it is not taken
// as a death." when a record dates the death after today, else "".
func (d Death) FutureNote() string {
	if d.Future == "" || d.Deceased {
		return ""
	}
	return "The record's date of death (" + DayWords(d.Future) + ") is in the future: it is not taken as a death."
}

// Words is "Died 27 Apr 2018", "Died" without a date, "" for a living person.
func (d Death) Words() string {
	switch {
	case !d.Deceased:
		return ""
	case d.Date != "":
		return "Died " + DayWords(d.Date)
	}
	return "Died"
}

// Heading is the line at the death among a person's records (the Timeline's), name being
// how the person is named: "21 Jan 1996 · Fletcher Hyatt died", with its time of day on the
// person's clock when the record gives one, "14 Sep 2026, 21:40 · Kenji Nakamura died"
// (Clock; F471); "" for a living person or a death without a date (it has no place among
// dated records).
func (d Death) Heading(name string) string {
	if !d.Deceased || d.Date == "" {
		return ""
	}
	day := DayWords(d.Date)
	if c := d.Clock(); c != "" {
		day += ", " + c
	}
	return day + " · " + name + " died"
}

// Clock is the death's time of day on the person's clock (Loc), "21:40"; "" when the record
// gives the day alone.
func (d Death) Clock() string {
	if !d.Deceased || d.At.IsZero() || d.dayAlone() {
		return ""
	}
	loc := d.Loc
	if loc == nil {
		loc = time.UTC
	}
	return d.At.In(loc).Format("15:04")
}

// Short is "died 2018" (the year only, as a list of people beside the names says it), "died"
// without a date, "" for a living person.
func (d Death) Short() string {
	switch {
	case !d.Deceased:
		return ""
	case len(d.Date) >= 4:
		return "died " + d.Date[:4]
	}
	return "died"
}

// DiedBefore reports whether the person had died by t (an appointment's start, a record's
// instant; a date alone at the start of its day on the person's clock, as Event.Instant and
// InZone give it, else DatedAfter), judged as of now: after the death's time when the record gives one; from the day
// after the day of death on the person's clock (End) when it gives the day alone. Of a death
// without a date only what is still to come at now is known to be after it.
func (d Death) DiedBefore(t, now time.Time) bool {
	switch {
	case !d.Deceased || t.IsZero():
		return false
	case d.Date == "" || d.At.IsZero():
		return !t.Before(now)
	}
	return t.After(d.End())
}

// DatedAfter is DiedBefore of a record's or reading's time t as the vault keeps it: a date
// alone (dateOnly; kept as midnight UTC) is its own day on the person's clock (InZone on Loc),
// so a weighing dated the day after the death is after it west of UTC too, and one at 23:30
// on the day of death in Los Angeles is not (F465).
func (d Death) DatedAfter(t time.Time, dateOnly bool, now time.Time) bool {
	loc := d.Loc
	if loc == nil {
		loc = time.UTC
	}
	if t.IsZero() {
		return false
	}
	return d.DiedBefore(InZone(t, dateOnly, loc), now)
}

// Until is the instant a person's readings are judged at, as of now: their death (End: the
// end of its day on the person's clock when the record gives the day alone) when they died
// before now, else now. A chart
// ends there and its latest reading is the last of their life; readings dated after it are
// said apart (AfterDeathWords): a weighing dated three weeks after the death was the latest,
// with "−1.4 kg since" the last real one, a trend for a man who had died (F439).
func (d Death) Until(now time.Time) time.Time {
	if end := d.End(); !end.IsZero() && end.Before(now) {
		return end
	}
	return now
}

// PlanWords is what a line says of the date of a record of type typ dated t, as of now:
// "booked for after the death" for an appointment the person did not live to (past or to
// come, it never took place); "dated after the death" for anything else dated after the death,
// past or to come (Synthea's visits, orders and claims dated months after it read as the
// person's life on the Timeline, F333); of anything else still to come, "planned"; ""
// otherwise. The Timeline and Appointments say it alike.
func (d Death) PlanWords(typ string, t, now time.Time) string {
	switch {
	case typ == "Appointment" && d.DiedBefore(t, now):
		return "booked for after the death"
	case d.DiedBefore(t, now):
		return "dated after the death"
	case !t.After(now):
		return ""
	case d.Deceased:
		return "dated after the death"
	}
	return "planned"
}

// JSONValue is the death for JSON output: the date (YYYY-MM-DD), true for a death without a
// date, nil for a living person.
func (d Death) JSONValue() any {
	switch {
	case !d.Deceased:
		return nil
	case d.Date != "":
		return d.Date
	}
	return true
}

type patientJSON struct {
	ResourceType      string       `json:"resourceType"`
	Name              []HumanName  `json:"name"`
	BirthDate         string       `json:"birthDate"`
	DeceasedBoolean   *bool        `json:"deceasedBoolean"`
	DeceasedDateTime  string       `json:"deceasedDateTime"`
	Identifier        []identifier `json:"identifier"`
	Telecom           []ContactPoint
	ManagingOrganizat *Ref `json:"managingOrganization"`
}

type identifier struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// PatientDeath reads Patient.deceased[x] from a Patient resource as of now: this and
// DeathOf are the one place that decides whether a person has died. now's location is the
// person's clock: a death at a time of day is on the day of its wall clock there, as their
// readings are (DayIn; a death at 23:30 in New York is on 1 Dec in Dublin, where a reading
// taken at 22:00 in New York is too: the reading is not the day after the death, F101); a
// date alone is its own day. A date of death after now's day is an error in the record, not
// a death: the person is living and Future keeps the date. A zero now does not judge the
// date (nor move the day).
func PatientDeath(patient []byte, now time.Time) Death {
	var p patientJSON
	if json.Unmarshal(patient, &p) != nil {
		return Death{}
	}
	return p.death(now)
}

func (p *patientJSON) death(now time.Time) Death {
	if p.DeceasedDateTime != "" {
		d := Death{Deceased: true, Date: Day(p.DeceasedDateTime)}
		if !now.IsZero() {
			d.Date = DayIn(p.DeceasedDateTime, now.Location())
		}
		d.At, _ = ParseTime(p.DeceasedDateTime)
		d.timed = len(p.DeceasedDateTime) > len("2006-01-02")
		if !now.IsZero() {
			d.Loc = now.Location()
		}
		if !now.IsZero() && d.Date > now.Format("2006-01-02") {
			return Death{Future: d.Date}
		}
		return d
	}
	if p.DeceasedBoolean != nil && *p.DeceasedBoolean {
		return Death{Deceased: true}
	}
	return Death{}
}

// DeathOf is the death the person's Patient records state as of now (PatientDeath; any
// source; the earliest date when sources give several). A person no record says has died
// by now is living.
func DeathOf(s *Set, now time.Time) Death {
	var out Death
	for _, r := range s.OfType("Patient") {
		if !r.Deleted {
			out = out.Earliest(PatientDeath(r.JSON, now))
		}
	}
	return out
}

// Earliest combines what two records say about one person's death: a death over none, a
// dated death over an undated one, the earlier date over the later. A future date (Future)
// is kept, the earliest, for the note.
func (d Death) Earliest(o Death) Death {
	out := d
	switch {
	case !o.Deceased:
	case !d.Deceased, d.Date == "" && o.Date != "", o.Date != "" && o.Date < d.Date:
		out = o
	}
	if o.Future != "" && (d.Future == "" || o.Future < d.Future) {
		out.Future = o.Future
	} else {
		out.Future = d.Future
	}
	return out
}

// A birth date a person gives (profile add, the app's Add person) must be a real day, not
// after today.
var (
	ErrNotADate    = errors.New("not a real date YYYY-MM-DD")
	ErrFutureBirth = errors.New("after today")
)

// CheckBirthDate checks a birth date a person types: "" (not given) or a real YYYY-MM-DD
// day (not 1914-02-29) that is not after now's day.
func CheckBirthDate(s string, now time.Time) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return ErrNotADate
	}
	if s > now.Format("2006-01-02") {
		return ErrFutureBirth
	}
	return nil
}

// BirthWords is a birth date as a record gives it, in words: "3 Jul 1915", "July 1915",
// "1915"; "" when there is none. A date that is not a real one (FHIR's YYYY, YYYY-MM or
// YYYY-MM-DD naming a day that exists) is not shown as a date: "not a real date
// (1914-02-29)".
func BirthWords(s string) string {
	if s == "" {
		return ""
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if _, err := time.Parse(layout, s); layout == "" || err != nil {
		return "not a real date (" + s + ")"
	}
	return DayWords(s)
}

// BirthAfter reports whether a birth date as a record gives it (YYYY, YYYY-MM or YYYY-MM-DD)
// is after now's day (an error in the record: nobody is born tomorrow).
func BirthAfter(s string, now time.Time) bool {
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	return s > now.Format("2006-01-02")[:len(s)]
}

// BirthWordsAt is BirthWords at now: a birth date after now's day is not shown as a date
// either, but as the error in the record it is: "in the future in the record (1 Jan 2030)".
func BirthWordsAt(s string, now time.Time) string {
	if w := BirthWords(s); !strings.HasPrefix(w, "not a real date") && BirthAfter(s, now) {
		return "in the future in the record (" + w + ")"
	}
	return BirthWords(s)
}

// BornWords is a birth date for a line about the person, at now: "born 3 Jul 1915", "born
// 1915"; a birth date that cannot be one is said as the record's error: "birth date in the
// record is in the future (1 Jan 2030)", "birth date in the record is not a real date
// (1914-02-29)"; "" without one.
func BornWords(s string, now time.Time) string {
	switch w := BirthWordsAt(s, now); {
	case w == "":
		return ""
	case strings.HasPrefix(w, "in the future in the record ("):
		return "birth date in the record is in the future (" + strings.TrimPrefix(w, "in the future in the record (")
	case strings.HasPrefix(w, "not a real date"):
		return "birth date in the record is " + w
	default:
		return "born " + w
	}
}

// Identity is who a Patient resource, or a person in the vault, is: a name and a birth date
// (YYYY-MM-DD or "").
type Identity struct {
	Name        string
	BirthDate   string
	Identifiers []string // "system|value"
	// Names are their other names: a Patient's after the first (a kana reading), a person's
	// their records give (journey.PersonIdentityOf). CompareIdentity reads them (F561).
	Names []string
}

// Words is "Liz Conn (born 1986)", or the name alone without a birth date.
func (id Identity) Words() string { return id.words(false) }

// words names the identity; fullDate gives the whole birth date ("born 1 May 1975") where the
// year alone would not tell two people apart.
func (id Identity) words(fullDate bool) string {
	name := id.Name
	if name == "" {
		name = "someone without a name"
	}
	if len(id.BirthDate) >= 4 {
		born := id.BirthDate[:4]
		if fullDate {
			born = DayWords(id.BirthDate)
		}
		return name + " (born " + born + ")"
	}
	return name
}

// PatientIdentity reads the identity of a Patient resource (the first name, its birth date
// and identifiers). ok is false when the JSON is not a Patient.
func PatientIdentity(patient []byte) (id Identity, ok bool) {
	var p patientJSON
	if json.Unmarshal(patient, &p) != nil || p.ResourceType != "Patient" {
		return Identity{}, false
	}
	for i, n := range p.Name {
		n.Prefix = nil // "Mr." is not part of who they are
		if i == 0 {
			id.Name = n.String()
		} else if s := n.String(); s != "" {
			id.Names = append(id.Names, s)
		}
	}
	id.BirthDate = Day(p.BirthDate)
	for _, i := range p.Identifier {
		if i.Value != "" && !placeholderNumber(i.System+"|"+i.Value) {
			id.Identifiers = append(id.Identifiers, i.System+"|"+i.Value)
		}
	}
	return id, true
}

// placeholderNumber says an identifier ("system|value") names nobody: a US social security
// number no one can have (000-00-0000, 123-45-6789: ssn.Placeholder), as test data and forms
// write one when the real one is not known. It is no number of the person's, as sync's
// matching reads it (F488): the app's record-number question counted it as one.
func placeholderNumber(ident string) bool {
	sys, val, _ := strings.Cut(ident, "|")
	return sys == ssn.System && ssn.Placeholder(val)
}

// numberKey is an identifier as compared: a US social security number by its digits
// ("111-00-2330" and "111002330" are one number, F488), any other as written.
func numberKey(ident string) string {
	sys, val, _ := strings.Cut(ident, "|")
	if sys == ssn.System {
		return sys + "|" + strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(val))
	}
	return ident
}

// SharesANumber says two people's identifiers ("system|value", Identity.Identifiers) share
// one that names someone: the same system and value (a social security number by its digits),
// never a placeholder number no one can have (ssn.Placeholder). What CompareIdentity reads;
// the app's record-number question should too.
func SharesANumber(a, b []string) bool {
	for _, x := range a {
		if placeholderNumber(x) {
			continue
		}
		for _, y := range b {
			if !placeholderNumber(y) && numberKey(x) == numberKey(y) {
				return true
			}
		}
	}
	return false
}

// Mismatch says how a file's Patient differs from the person it is about to be imported into.
type Mismatch struct {
	File, Person Identity
	Name, Birth  bool // the names differ; the birth dates differ
	// Others are more of the file's Patients that differ from the person (a file of several
	// people): the sentence names them all.
	Others []Identity
	// Also: the file is for the person too (another of its Patients is them), so it is not
	// "for Liz, not Mum" but "for Liz as well as Mum".
	Also bool
}

// Differs reports whether importing should ask first.
func (m Mismatch) Differs() bool { return m.Name || m.Birth }

// Sentence is "FILE is for Liz Conn (born 1986), not Mum (born 1950)" (FILE as given), and
// for a file that is Mum's too "FILE is for Liz Conn (born 1986) as well as Mum (born 1950)".
// Two birth dates of the same year are given whole, as the person switcher and the import
// line do: "FILE is for Eve B (born 2 May 1975), not Eve B (born 1 May 1975)".
func (m Mismatch) Sentence(file string) string {
	all := append([]Identity{m.File}, m.Others...)
	p := m.Person.BirthDate
	full := false
	for _, id := range all {
		f := id.BirthDate
		full = full || len(f) >= 4 && len(p) >= 4 && f[:4] == p[:4] && f != p
	}
	names := make([]string, len(all))
	for i, id := range all {
		names[i] = id.words(full)
	}
	who := names[0]
	if n := len(names); n > 1 {
		who = strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	}
	if m.Also {
		return file + " is for " + who + " as well as " + m.Person.words(full)
	}
	return file + " is for " + who + ", not " + m.Person.words(full)
}

// Differences says how the file's people differ from the chosen person without naming anyone
// or giving a birth date, for an error line (errors reach scrollback, scripts' logs and bug
// reports; F28): "the person in this file has a different name and birth date from the
// person chosen"; "this file is for the person chosen and also for someone with a different
// name" when the file is theirs too. Sentence, which names them, is for a screen.
func (m Mismatch) Differences() string {
	what := "a different name and birth date"
	switch {
	case !m.Birth:
		what = "a different name"
	case !m.Name:
		what = "a different birth date"
	}
	switch n := len(m.Others) + 1; {
	case n > 1 && m.Also:
		return fmt.Sprintf("this file is for the person chosen and also for %d people with different names or birth dates", n)
	case n > 1:
		return fmt.Sprintf("%d people in this file have different names or birth dates from the person chosen", n)
	case m.Also:
		return "this file is for the person chosen and also for someone with " + what
	}
	return "the person in this file has " + what + " from the person chosen"
}

// UnnamedPerson is the name the import gives a person no file has named yet (records waiting
// for their Patient, or a Patient without a name: sync); it says nothing of who they are.
const UnnamedPerson = "Unnamed person"

// sameBirth reports whether two birth dates (YYYY, YYYY-MM or YYYY-MM-DD) can be one: the same,
// or one given to the year or month that holds the other ("1960" and "1960-02-03"). A file
// giving the year of birth alone was refused as 'a different birth date' (F274).
func sameBirth(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || (len(a) == 4 || len(a) == 7) && strings.HasPrefix(b, a+"-")
}

// NamedPerson is a person as NamesApart needs them: their id, name and birth date (YYYY-MM-DD,
// or as much of it as is known).
type NamedPerson struct{ ID, Name, BirthDate string }

// NamesApart names people by their name, the one rule for every place a person is named (the
// app's person choices and People screen, 'today', 'results', 'medicines', 'profile list',
// import's lines, notifications). Two people of one name (a mother and daughter, or the same
// person twice) are told apart by their birth year: "Ann Smith (born 1950)" and "Ann Smith
// (born 1980)", or by their birth date when that year is the same: "Ann Smith (born 1 May
// 1975)"; two of one name and one birth date (or none known) by their place among them, in the
// order of people (the order of the person choices): "Mary Smith (1)", "Mary Smith (2)" (F122).
// An id it was not given is "".
func NamesApart(people []NamedPerson) func(id string) string {
	byID := make(map[string]NamedPerson, len(people))
	count, years, same, nth := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, p := range people {
		byID[p.ID] = p
		count[p.Name]++
		if len(p.BirthDate) >= 4 {
			years[p.Name+"\x00"+p.BirthDate[:4]]++
		}
		k := p.Name + "\x00" + p.BirthDate
		same[k]++
		nth[p.ID] = same[k]
	}
	return func(id string) string {
		p, ok := byID[id]
		if !ok {
			return ""
		}
		switch {
		case count[p.Name] < 2 || p.Name == "":
			return p.Name
		case same[p.Name+"\x00"+p.BirthDate] > 1:
			return p.Name + " (" + strconv.Itoa(nth[p.ID]) + ")"
		case len(p.BirthDate) >= 4:
			born := p.BirthDate[:4]
			if t, err := time.Parse("2006-01-02", p.BirthDate); err == nil && years[p.Name+"\x00"+born] > 1 {
				born = t.Format("2 Jan 2006")
			}
			return p.Name + " (born " + born + ")"
		}
		return p.Name
	}
}

// NamesApartPrivately is NamesApart for text that is kept or shown without the vault's
// protection (a locked notification, reminders-locked.json): never a full birth date. Two
// people of one name are told apart by their birth year when the years differ ("Ann Smith
// (born 1950)"), else by their place among those of that name and year ("Ann Smith (1)", "Ann
// Smith (2)": the order of the person choices) — the same number NamesApart gives two of one
// birth date.
func NamesApartPrivately(people []NamedPerson) func(id string) string {
	byID := make(map[string]NamedPerson, len(people))
	count, years, nth := map[string]int{}, map[string]int{}, map[string]int{}
	year := func(p NamedPerson) string {
		if len(p.BirthDate) >= 4 {
			return p.BirthDate[:4]
		}
		return ""
	}
	for _, p := range people {
		byID[p.ID] = p
		count[p.Name]++
		k := p.Name + "\x00" + year(p)
		years[k]++
		nth[p.ID] = years[k]
	}
	return func(id string) string {
		p, ok := byID[id]
		if !ok {
			return ""
		}
		if count[p.Name] < 2 || p.Name == "" {
			return p.Name
		}
		switch y := year(p); {
		case years[p.Name+"\x00"+y] > 1:
		case y == "":
			return p.Name // the others have a birth year: told apart by theirs
		default:
			return p.Name + " (born " + y + ")"
		}
		return p.Name + " (" + strconv.Itoa(nth[p.ID]) + ")"
	}
}
