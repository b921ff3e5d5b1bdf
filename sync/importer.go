package sync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	ident "carekeeper/internal/identity"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/measure"
	"carekeeper/storage"
)

// LocalSource is the source of records whose fullUrl names no server.
const LocalSource = "local"

// A local identity (a file's own id, which names no server) is scoped by person: the same id
// imported for another person is another record, kept under PersonSource(person), so an
// import never moves a record from one person to another (docs/intake.md, "Identity of
// records from files"). Records stored before this rule keep their (local, type, id) identity
// and are still found for the person holding them.
const personSourcePrefix = LocalSource + "#"

// PersonSource is the source of a local record kept apart for one person (a profile id, or
// storage.SharedProfile for records whose person is not known).
func PersonSource(profile string) string { return personSourcePrefix + profile }

// IsLocal reports whether source is a file's (LocalSource or a PersonSource), not a server's.
func IsLocal(source string) bool {
	return source == LocalSource || strings.HasPrefix(source, personSourcePrefix)
}

// FileError is an import failure of one file. Its message names the file and what is wrong,
// never the file's contents.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// ErrUnknownProfile is returned when --profile names no person in the vault.
var ErrUnknownProfile = errors.New("no such profile")

// Options tune an import.
type Options struct {
	Profile string           // put every patient's records under this person; "" matches or creates
	Now     func() time.Time // clock; nil means time.Now
	// Cards marks the records of a SMART Health Card import with their card's issuer and
	// signature state (storage.Meta.Card). Only intake's card import sets it: what a file
	// says of itself (a meta.tag) never makes a record a verified card.
	Cards map[storage.ID]storage.CardMark
	// NewPeopleRecords asks for Summary.NewPeopleRecords (intake's import sets it, and drops
	// them once it has looked at them: they hold the file's records).
	NewPeopleRecords bool

	// sameServer makes relative references ("Type/id") of resources fetched from a server
	// resolve to that server's records even before they are stored (portal sync: the server
	// is authoritative, and a later page or type brings the target).
	sameServer bool
}

// Summary is what one file import changed (the JSON shape of `import --json`).
type Summary struct {
	File      string         `json:"file"`
	Profile   string         `json:"profile"`
	Added     map[string]int `json:"added"`
	Updated   map[string]int `json:"updated"`
	Unchanged int            `json:"unchanged"`
	// Deleted counts the stored records the file's DELETE entries marked deleted (kept, and
	// shown as deleted at the source), by resource type.
	Deleted map[string]int `json:"deleted,omitempty"`
	// Impossible counts the file's measurements left out for a value no measurement of their
	// kind can have (a glucose of -5 mg/dL, a weight of 0: measure.Possible), as a C-CDA
	// document's and an Apple Health export's are (F195: shown as '-5 … Low').
	Impossible int `json:"impossible_values,omitempty"`
	// ChosenForUnnamed counts the records of a file without a Patient that name one no one here
	// holds ("Patient/pat2": a lab's health card) and went to the person chosen for the file:
	// said, as the file does not say they are that person's (F284: 39 lab results became Eve's
	// without a word).
	ChosenForUnnamed int `json:"chosen_for_unnamed,omitempty"`
	// NoPerson counts the file's records of a person's own kinds (a medicine, a result) that
	// name no person CareKeeper can find (a subject given only by a name, or none): kept with
	// the shared records, shown under no one, and said (F332: "1 added", and no screen showed
	// the medicine).
	NoPerson int `json:"no_person,omitempty"`
	// NotDeleted counts the file's DELETEs of a stored record that were not applied: a file's
	// own id names only its person's record, and the file names no person, or another one.
	NotDeleted int `json:"not_deleted,omitempty"`
	// KeptDeath counts the file's Patients that say nothing of a death, left out where the
	// stored record states one: the death is kept, and said (F295).
	KeptDeath int `json:"kept_death,omitempty"`
	// BirthDatesKept are the file's Patients giving another birth date than the record of
	// that Patient here: the birth date here is kept, and said. Taken without a word, it gave
	// Eve Betterhalf's record 1 May 1975 while People and the PDF kept 1 May 1945 (F397).
	BirthDatesKept []BirthDateKept `json:"birth_dates_kept,omitempty"`
	// MaybeSame are the people this import added who may be someone already here: the same
	// family name and birth date, and given names one of which leaves out some of the other's
	// ("Lily Moreno", "Lily Rose Moreno"). Kept apart (CareKeeper does not join two people by
	// itself), and said with how to put them together: a health card for "Lily Moreno" made a
	// second child beside Lily Rose Moreno without a word (F395).
	MaybeSame []MaybeSame `json:"maybe_same,omitempty"`
	// People are the people whose records the file holds (profile ids, in the file's order;
	// Profile is the first); NewPeople those of them this import added.
	People    []string `json:"people,omitempty"`
	NewPeople []string `json:"new_people,omitempty"`
	// NewPeopleRecords are, with Options.NewPeopleRecords, for each of NewPeople, the records
	// this import wrote for them (of a record given twice, the copy written): every record of
	// theirs in the vault, as reading them back would find them. Nil for a large file read in
	// parts (its records are not all in memory). Not said: for the import's own checks
	// (intake's time zone of a new person, which read every one of them back: ~10 % of the CPU
	// of importing the 13 Synthea bundles).
	NewPeopleRecords map[string][]*storage.Record `json:"-"`
	// Search is what a file that is a server's search answer says of itself: one page of
	// more, the server's messages (F186). Nil for any other file.
	Search *SearchPage `json:"search,omitempty"`
	// AfterToday counts the file's readings (Observations) dated after the day of the import
	// anywhere on Earth, imported as the file gives them and said; AfterTodayLatest is the
	// latest of their dates, as the file gives it (F175: a glucose dated 2062 became the Latest
	// without a word).
	AfterToday       int    `json:"readings_after_today,omitempty"`
	AfterTodayLatest string `json:"latest_after_today,omitempty"`
	// RecordsAfterToday counts, by resource type, the file's records of something done (a
	// vaccination, a procedure, a report) dated after today as AfterToday; RecordsAfterTodayLatest
	// is the latest of their dates (F312: a vaccination "given" in 2030 came in without a word).
	RecordsAfterToday       map[string]int `json:"records_after_today,omitempty"`
	RecordsAfterTodayLatest string         `json:"latest_record_after_today,omitempty"`
}

// BirthDateKept is a Patient whose birth date in the file was not taken (Summary.BirthDatesKept).
type BirthDateKept struct {
	Name string `json:"name"`          // the person's name, as the record here gives it
	File string `json:"fileBirthDate"` // the file's birth date, YYYY-MM-DD
	Kept string `json:"keptBirthDate"` // the birth date here, kept, YYYY-MM-DD
}

// Words say a birth date kept: "the file gives Eve Betterhalf's birth date as 1 May 1975;
// here it is 1 May 1945: kept 1 May 1945 (an import does not change a birth date)".
func (k BirthDateKept) Words() string {
	who := "the person"
	if k.Name != "" {
		who = k.Name
	}
	return fmt.Sprintf("the file gives %s's birth date as %s; here it is %s: kept %s (an import does not change a birth date)",
		who, health.DayWords(k.File), health.DayWords(k.Kept), health.DayWords(k.Kept))
}

// MaybeSame is a person an import added who may be one already here (Summary.MaybeSame).
type MaybeSame struct {
	New       string `json:"new"` // the person added (profile id)
	NewName   string `json:"newName"`
	Here      string `json:"here"` // the person already here
	HereName  string `json:"hereName"`
	BirthDate string `json:"birthDate"` // both's
	// OtherNames: their given names differ (the same family name, birth date and sex:
	// identity.OtherGivenNames); joining them needs it said (hhvault.JoinPeopleOf).
	OtherNames bool `json:"otherNames,omitempty"`
	// Undated: one of them, or both, has no birth date (identity.MayBeOneUndated: a file whose
	// Patient gives none, F520); BirthDate is then the one known, HereBorn/NewBorn say whose.
	Undated  bool   `json:"undated,omitempty"`
	NewBorn  string `json:"newBirthDate,omitempty"`
	HereBorn string `json:"hereBirthDate,omitempty"`
}

// keepFrom are the two a join would keep and move: the one with a birth date stays.
func (m MaybeSame) keepFrom() (keep, from string) {
	if m.Undated && m.HereBorn == "" && m.NewBorn != "" {
		return m.New, m.Here
	}
	return m.Here, m.New
}

// undatedWords: "Margaret O'Brien (new, no birth date in the file) may be Margaret Mary
// O'Brien, born 14 Aug 1942".
func (m MaybeSame) undatedWords() string {
	switch {
	case m.NewBorn == "" && m.HereBorn == "":
		return fmt.Sprintf("%s (new, no birth date in the file) may be %s, whose records give none either", m.NewName, m.HereName)
	case m.NewBorn == "":
		return fmt.Sprintf("%s (new, no birth date in the file) may be %s, born %s", m.NewName, m.HereName, health.DayWords(m.HereBorn))
	}
	return fmt.Sprintf("%s (new, born %s) may be %s, whose records give no birth date", m.NewName, health.DayWords(m.NewBorn), m.HereName)
}

// Words say it, with how to put them together: "Lily Moreno (new, born 14 Apr 2019) may be
// Lily Rose Moreno, born the same day: kept apart, as CareKeeper does not join two people by
// itself; if they are one person: carekeeper profile join --keep H --from N --yes". (It said
// to delete the new person and import the file again, which left anything recorded for them
// since behind; 'profile join' moves it all, F513.)
func (m MaybeSame) Words(file string) string {
	if m.Undated {
		keep, from := m.keepFrom()
		return m.undatedWords() + ": kept apart, as CareKeeper does not join two people by itself; " +
			"if they are one person: carekeeper profile join --keep " + keep + " --from " + from + " --yes; if two: carekeeper profile apart --profile " + keep + " --other " + from
	}
	if m.OtherNames {
		return fmt.Sprintf("%s (new, born %s) has the birth date, sex and family name of %s, with other given names: kept apart, as CareKeeper does not join two people by itself; "+
			"if they are one person by another name: carekeeper profile join --keep %s --from %s --other-names --yes; if two: carekeeper profile apart --profile %s --other %s",
			m.NewName, health.DayWords(m.BirthDate), m.HereName, m.Here, m.New, m.Here, m.New)
	}
	return fmt.Sprintf("%s (new, born %s) may be %s, born the same day: kept apart, as CareKeeper does not join two people by itself; "+
		"if they are one person: carekeeper profile join --keep %s --from %s --yes",
		m.NewName, health.DayWords(m.BirthDate), m.HereName, m.Here, m.New)
}

// AppWords say it as the app does, which offers to join them below the line: "Lily Moreno (new,
// born 14 Apr 2019) may be Lily Rose Moreno, born the same day: kept apart, as CareKeeper does
// not join two people by itself (if they are one person: Join them… below)".
func (m MaybeSame) AppWords() string {
	if m.Undated {
		return m.undatedWords() + ": kept apart, as CareKeeper does not join two people by itself (if they are one person: Join them… below)"
	}
	if m.OtherNames {
		return fmt.Sprintf("%s (new, born %s) has the birth date, sex and family name of %s, with other given names: kept apart, as CareKeeper does not join two people by itself (if they are one person by another name: Join them… below)",
			m.NewName, health.DayWords(m.BirthDate), m.HereName)
	}
	return fmt.Sprintf("%s (new, born %s) may be %s, born the same day: kept apart, as CareKeeper does not join two people by itself (if they are one person: Join them… below)",
		m.NewName, health.DayWords(m.BirthDate), m.HereName)
}

// maybeSame finds, for each of the people an import added (added), the people already here
// who may be them (identity.MayBeOne): the same birth date, names one the other's with words
// left out ("Lily Moreno" and "Lily Rose Moreno"; "Lucia Herrera" and "Lucía Herrera Martín",
// the second surname left out, F513), or apart only by a generational suffix ("Kenji Nakamura
// Jr.", F471), and no sex or record number against it. The names the same word for word are
// not (matching would have found them, or something told them apart).
func maybeSame(v *storage.Vault, added []string) ([]MaybeSame, error) {
	if len(added) == 0 {
		return nil, nil
	}
	ps, err := v.Profiles()
	if err != nil {
		return nil, err
	}
	isNew := map[string]bool{}
	for _, id := range added {
		isNew[id] = true
	}
	read := bornWithAnother(ps)
	who := map[string]ident.Person{}
	for _, ip := range identityPeople(v, ps, read) {
		who[ip.ID] = ip
	}
	var out []MaybeSame
	for _, n := range ps {
		if !isNew[n.ID] || !read[n.ID] {
			continue
		}
		for _, h := range ps {
			if isNew[h.ID] || !read[h.ID] {
				continue
			}
			if h.BirthDate != n.BirthDate || n.BirthDate == "" {
				// a file without a birth date, named as someone here (F520): said, never joined
				if ident.MayBeOneUndated(who[n.ID], who[h.ID]) {
					born := n.BirthDate
					if born == "" {
						born = h.BirthDate
					}
					out = append(out, MaybeSame{New: n.ID, NewName: n.Name, Here: h.ID, HereName: h.Name, BirthDate: born, Undated: true, NewBorn: n.BirthDate, HereBorn: h.BirthDate})
				}
				continue
			}
			other := ident.OtherGivenNames(who[n.ID], who[h.ID]) // "Peggy O'Brien", "Margaret Mary O'Brien" (F520)
			if other || ident.MayBeOne(who[n.ID], who[h.ID]) {
				out = append(out, MaybeSame{New: n.ID, NewName: n.Name, Here: h.ID, HereName: h.Name, BirthDate: n.BirthDate, OtherNames: other})
			}
		}
	}
	return out, nil
}

// doneTypes are the record types, besides readings, that say something was done on their
// date, with their words: one dated after today is said on the import line.
var doneTypes = map[string][2]string{
	"Immunization":     {"vaccination", "vaccinations"},
	"Procedure":        {"procedure", "procedures"},
	"DiagnosticReport": {"report", "reports"},
	// written on its date (authoredOn): one written after today is a typo of its date, and
	// Medicines said it "starts 4 Jan 2035" (F557 item 6)
	"MedicationRequest": {"prescription", "prescriptions"},
}

// Describe says what an import changed in words, leaving out what did not happen: "70
// added", "3 added, 2 updated, 4 unchanged", "nothing new: 70 records already there" (the
// file's records were all there as it gives them), "nothing new".
// The CLI and the app's import results both say it.
func (s *Summary) Describe() string { return s.describe(true) }

// DescribeApp is Describe as the app says it: a person who may be someone already here is said
// without the CLI's commands, as the app offers to join them (MaybeSame.AppWords).
func (s *Summary) DescribeApp() string { return s.describe(false) }

func (s *Summary) describe(cli bool) string {
	out := s.describeChanges()
	if s.Impossible > 0 {
		what := "1 measurement"
		if s.Impossible > 1 {
			what = fmt.Sprintf("%d measurements", s.Impossible)
		}
		out += "; " + what + " left out (" + measure.Reason + ")"
	}
	if s.KeptDeath > 0 {
		out += "; the death recorded before is kept: this file does not mention it"
	}
	for _, k := range s.BirthDatesKept {
		out += "; " + k.Words()
	}
	for _, m := range s.MaybeSame {
		if cli {
			out += "; " + m.Words(s.File)
		} else {
			out += "; " + m.AppWords()
		}
	}
	if s.NoPerson == 1 {
		out += "; 1 record names no one CareKeeper can find (no person, or only by a name or an identifier): kept, but shown under no one (import the file into a person to give it to them)"
	} else if s.NoPerson > 1 {
		out += fmt.Sprintf("; %d records name no one CareKeeper can find (no person, or only by a name or an identifier): kept, but shown under no one (import the file into a person to give them to them)", s.NoPerson)
	}
	if s.ChosenForUnnamed > 0 {
		out += "; the file does not say whose its records are (they name a person it does not hold): they went to the person chosen"
	}
	if s.Search != nil {
		out = strings.Join(append([]string{out}, s.Search.words()...), "; ")
	}
	if s.AfterToday == 1 {
		out += "; 1 reading dated after today, " + health.DayWords(s.AfterTodayLatest) + ": kept as the file gives it"
	} else if s.AfterToday > 1 {
		out += fmt.Sprintf("; %d readings dated after today (the latest %s): kept as the file gives them", s.AfterToday, health.DayWords(s.AfterTodayLatest))
	}
	n, word := 0, [2]string{"record", "records"} // of several kinds
	for typ, k := range s.RecordsAfterToday {
		n += k
		if len(s.RecordsAfterToday) == 1 {
			word = doneTypes[typ]
		}
	}
	if n == 1 {
		out += "; 1 " + word[0] + " dated after today, " + health.DayWords(s.RecordsAfterTodayLatest) + ": kept as the file gives it"
	} else if n > 1 {
		out += fmt.Sprintf("; %d %s dated after today (the latest %s): kept as the file gives them", n, word[1], health.DayWords(s.RecordsAfterTodayLatest))
	}
	return out
}

// afterToday keeps count of readings dated after today (see Summary.AfterToday).
type afterToday struct {
	today  string // the latest date on Earth now (UTC+14), YYYY-MM-DD
	n      int
	latest string
	// done and doneLatest: the same of doneTypes' records
	done       map[string]int
	doneLatest string
}

func newAfterToday(now time.Time) *afterToday {
	return &afterToday{today: now.In(time.FixedZone("", 14*3600)).Format("2006-01-02")}
}

// add counts a record of type typ dated date (FHIR's date, dateTime or instant, as written).
func (a *afterToday) add(typ, date string, n int) {
	_, done := doneTypes[typ]
	if (typ != "Observation" && !done) || len(date) < 4 {
		return
	}
	day := date
	if len(day) > 10 {
		day = day[:10]
	}
	if day <= a.today[:min(len(day), 10)] {
		return
	}
	if done {
		if a.done == nil {
			a.done = map[string]int{}
		}
		a.done[typ] += n
		a.doneLatest = max(a.doneLatest, day)
		return
	}
	a.n += n
	if day > a.latest {
		a.latest = day
	}
}

func (s *Summary) describeChanges() string {
	added, updated, deleted := 0, 0, 0
	for _, n := range s.Added {
		added += n
	}
	for _, n := range s.Updated {
		updated += n
	}
	for _, n := range s.Deleted {
		deleted += n
	}
	var parts []string
	if added == 0 && updated == 0 && deleted == 0 {
		parts = append(parts, "nothing new")
		if s.Unchanged == 1 {
			parts[0] = "nothing new: 1 record already there"
		} else if s.Unchanged > 1 {
			parts[0] = fmt.Sprintf("nothing new: %d records already there", s.Unchanged)
		}
		if s.NotDeleted == 0 {
			return parts[0]
		}
		if s.Unchanged == 0 {
			parts = nil // the file asked for a change: not "nothing new"
		}
		return strings.Join(append(parts, s.notDeletedWords()), "; ")
	}
	for _, c := range []struct {
		n    int
		what string
	}{{added, "added"}, {updated, "updated"}, {deleted, "marked deleted"}, {s.Unchanged, "unchanged"}} {
		if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if s.NotDeleted > 0 {
		return strings.Join(parts, ", ") + "; " + s.notDeletedWords()
	}
	return strings.Join(parts, ", ")
}

func (s *Summary) notDeletedWords() string {
	n := "1 deletion"
	if s.NotDeleted > 1 {
		n = fmt.Sprintf("%d deletions", s.NotDeleted)
	}
	return n + " not applied: the file does not name the person whose record it is (import it into that person)"
}

// ImportFile imports one file as one transaction: all of it, or on any error none of it.
func ImportFile(ctx context.Context, v *storage.Vault, path string, opt Options) (*Summary, error) {
	in, err := ReadInput(path)
	if err != nil {
		return nil, err
	}
	return in.Import(ctx, v, opt)
}

// Input is one file read and parsed, with everything checked that can be checked without
// the vault: commands read their inputs before they open the vault, so a bad file never
// takes the vault's lock and leaves the vault untouched.
type Input struct {
	name string
	file *fhirjson.File
	nd   *ndjsonFile // instead of file: a large NDJSON file read line by line
	page *searchPage // a searchset Bundle's page (F186)
}

// ReadInput reads and parses the file at path. It must be a regular file (a FIFO or a
// device is refused before anything is read) of at most fhirjson.MaxFileBytes, gunzipping to
// at most as much, with no resource over fhirjson.MaxResourceBytes; these limits are checked
// in constant memory before the file is read into memory. Errors are *FileError naming path.
func ReadInput(path string) (*Input, error) {
	fail := func(err error) (*Input, error) { return nil, &FileError{File: path, Err: err} }
	f, size, err := inputfile.Open(path, fhirjson.MaxFileBytes)
	if err != nil {
		var tl *inputfile.TooLargeError
		if errors.As(err, &tl) {
			return fail(fmt.Errorf("file is larger than %s", inputfile.Size(tl.Limit)))
		}
		return fail(err)
	}
	defer f.Close()
	checked := false // fhirjson.Check passed
	// checkWhole checks the whole file from its start in constant memory (fhirjson.Check).
	checkWhole := func() error {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("cannot read it: %w", err)
		}
		if err := fhirjson.Check(io.LimitReader(f, fhirjson.MaxFileBytes+1)); err != nil {
			return err
		}
		checked = true
		return nil
	}
	if size >= streamMinBytes {
		var magic [2]byte
		n, _ := io.ReadFull(f, magic[:])
		if !fhirjson.IsGzip(magic[:n]) {
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return fail(fmt.Errorf("cannot read it: %w", err))
			}
			nd, ok, err := readNDJSON(path, f, size)
			if err != nil {
				return fail(err)
			}
			if ok {
				return &Input{name: path, nd: nd}, nil
			}
			// A large Bundle: entry by entry (F99: its re-import held the file parsed whole).
			// A file the whole-file path checks first (over MaxResourceBytes) is checked
			// first here too, in constant memory: a 150 MiB Bundle cut off part way was read
			// entry by entry to its end before it was refused (276 MiB, TestProcessHostileInputs).
			if size > fhirjson.MaxResourceBytes {
				if err := checkWhole(); err != nil {
					return fail(err)
				}
			}
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return fail(fmt.Errorf("cannot read it: %w", err))
			}
			if nd, ok, err = readBundle(path, f, size); err != nil {
				return fail(err)
			}
			if ok {
				return &Input{name: path, nd: nd}, nil
			}
		}
		// Not NDJSON, or refused: read whole, for the same result or error as ever.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fail(fmt.Errorf("cannot read it: %w", err))
		}
	}
	// fhirjson.Check reads the whole file once more before it is parsed, so that a file that
	// would be refused is never held in memory. A plain file of at most MaxResourceBytes is
	// refused by Check only for what ParseFile refuses too (JSON cut off: no resource or file
	// can be too large), and holding it is what parsing does anyway: it is checked only if
	// parsing fails, and Check's error is then returned as before (one pass fewer over every
	// file: ~6 % of an import's CPU).
	var magic [2]byte
	n, _ := io.ReadFull(f, magic[:])
	if !checked && (size > fhirjson.MaxResourceBytes || fhirjson.IsGzip(magic[:n])) {
		if err := checkWhole(); err != nil {
			return fail(err)
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(fmt.Errorf("cannot read it: %w", err))
	}
	data, err := inputfile.ReadAll(f, size, fhirjson.MaxFileBytes)
	if err != nil {
		var tl *inputfile.TooLargeError
		if errors.As(err, &tl) { // it grew since it was checked
			return fail(fmt.Errorf("file is larger than %s", inputfile.Size(tl.Limit)))
		}
		return fail(err)
	}
	if !checked && (len(data) > fhirjson.MaxResourceBytes || fhirjson.IsGzip(data)) {
		// It grew or changed since it was looked at.
		if err := fhirjson.Check(bytes.NewReader(data)); err != nil {
			return fail(err)
		}
		checked = true
	}
	in, err := ParseInput(filepath.Base(path), data)
	if err != nil && !checked {
		if cerr := fhirjson.Check(bytes.NewReader(data)); cerr != nil {
			return fail(cerr)
		}
	}
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File = path
		}
		return nil, err
	}
	in.name = path
	return in, nil
}

// ParseInput parses the bytes of one file called name (gzip or not). Errors are *FileError.
func ParseInput(name string, data []byte) (*Input, error) {
	fail := func(err error) (*Input, error) { return nil, &FileError{File: name, Err: err} }
	data, err := fhirjson.Decompress(data)
	if err != nil {
		return fail(err)
	}
	file, err := fhirjson.ParseFile(data)
	if err != nil {
		return fail(err)
	}
	var page *searchPage
	if file.Kind == fhirjson.KindBundle && file.BundleType == "searchset" {
		if page = readSearchPage(data); page != nil {
			page.dropOutcomes(data, file)
		}
	}
	if err := unpackBundles(file, 0); err != nil {
		return fail(err)
	}
	if _, err := identities(file); err != nil {
		return fail(err)
	}
	return &Input{name: name, file: file, page: page}, nil
}

// maxBundleNesting is how deep Bundles inside Bundles are unpacked.
const maxBundleNesting = 8

// unpackBundles replaces each entry of file that is itself a Bundle (an NDJSON line holding a
// Bundle, a document Bundle inside a collection) by that Bundle's entries, as a Bundle file's
// are read: it was stored whole as one record of nobody's, its results never shown, and the
// import said "2 added" (F190). Its entries keep the number of the line or entry that held
// them, for the words of an error.
func unpackBundles(file *fhirjson.File, depth int) error {
	n := slices.IndexFunc(file.Entries, func(e fhirjson.Entry) bool { return e.Info.Type == "Bundle" })
	if n < 0 {
		return nil
	}
	where := "entry"
	if file.Kind == fhirjson.KindNDJSON {
		where = "line"
	}
	out := slices.Clone(file.Entries[:n])
	for _, e := range file.Entries[n:] {
		if e.Info.Type != "Bundle" {
			out = append(out, e)
			continue
		}
		if depth >= maxBundleNesting {
			return fmt.Errorf("%s %d holds Bundles inside Bundles more than %d deep", where, e.Index, maxBundleNesting)
		}
		inner, err := fhirjson.ParseFile(e.Resource)
		if err == nil {
			err = unpackBundles(inner, depth+1)
		}
		if err != nil {
			return fmt.Errorf("%s %d is a Bundle whose records cannot be read: %w", where, e.Index, err)
		}
		for _, ie := range inner.Entries {
			ie.Index = e.Index
			out = append(out, ie)
		}
		for _, d := range inner.Deletes {
			d.Index = e.Index
			file.Deletes = append(file.Deletes, d)
		}
		file.Skipped += inner.Skipped
	}
	file.Entries = out
	return nil
}

// notRecordTypes are the FHIR resources that are not anyone's health records: a server's
// message, and the definitions of servers and specifications. A file of these alone was
// imported as "1 added" (a record of nobody's), so a portal's error saved as a file read as
// records imported.
var notRecordTypes = map[string]bool{
	"OperationOutcome": true, "CapabilityStatement": true, "TerminologyCapabilities": true,
	"StructureDefinition": true, "StructureMap": true, "ImplementationGuide": true,
	"SearchParameter": true, "OperationDefinition": true, "CompartmentDefinition": true,
	"GraphDefinition": true, "MessageDefinition": true, "ValueSet": true, "CodeSystem": true,
	"ConceptMap": true, "NamingSystem": true,
}

// NotRecords says in words what a file that holds no health records to import is ("a FHIR
// Bundle with no records in it", "a server's message (an OperationOutcome)"), or "" for a
// file that holds a record or a deletion, and for a search's page (whose words say what the
// server said, F186). A large file read line by line is not looked at.
func (in *Input) NotRecords() string {
	if in.nd != nil || in.file == nil || in.file.BundleType == "searchset" || len(in.file.Deletes) > 0 {
		return ""
	}
	f := in.file
	if len(f.Entries) == 0 {
		switch {
		case f.Kind != fhirjson.KindBundle:
			return ""
		case f.Skipped > 0 && (f.BundleType == "batch" || f.BundleType == "transaction"):
			return "a FHIR " + f.BundleType + " of requests to a server, with no records in it"
		case f.Skipped > 0 && (f.BundleType == "batch-response" || f.BundleType == "transaction-response"):
			return "a server's answer to a FHIR " + strings.TrimSuffix(f.BundleType, "-response") + ", with no records in it"
		}
		return "a FHIR Bundle with no records in it"
	}
	for i := range f.Entries {
		if !notRecordTypes[f.Entries[i].Info.Type] {
			return ""
		}
	}
	typ := f.Entries[0].Info.Type
	if typ == "OperationOutcome" {
		return "a server's message (a FHIR OperationOutcome)"
	}
	return "a FHIR " + typ + ", a definition for servers and software"
}

// Patients returns the Patient resources of the input, for the identity check against a person.
func (in *Input) Patients() [][]byte {
	var out [][]byte
	if in.nd != nil {
		for _, pe := range in.nd.patients {
			out = append(out, pe.e.Resource)
		}
		return out
	}
	for i := range in.file.Entries {
		if e := &in.file.Entries[i]; e.Info.Type == "Patient" {
			out = append(out, e.Resource)
		}
	}
	return out
}

// maxSubjectNames is the most names SubjectNames gives.
const maxSubjectNames = 8

// SubjectNames are the names a file without a Patient gives its person in its records'
// references to a Patient ("subject": {"reference": "Patient/1234", "display": "Doe, John"}),
// each once, in the order found (at most maxSubjectNames): for the identity check against the
// person it is imported into (F235: a lab result of John Doe's, alone in its file, went to
// Frank Miller without a word). Nil for a file that holds a Patient, or for a large file read
// line by line (its resources are not held).
func (in *Input) SubjectNames() []string {
	if in.nd != nil || in.file == nil {
		return nil
	}
	var names []string
	for i := range in.file.Entries {
		e := &in.file.Entries[i]
		if e.Info.Type == "Patient" {
			return nil
		}
		if len(names) >= maxSubjectNames {
			continue
		}
		var r struct {
			Subject, Patient *struct{ Reference, Display string }
		}
		if json.Unmarshal(e.Resource, &r) != nil {
			continue
		}
		for _, ref := range []*struct{ Reference, Display string }{r.Subject, r.Patient} {
			if ref == nil || strings.TrimSpace(ref.Display) == "" {
				continue
			}
			if t := fhirjson.ParseReference(ref.Reference); ref.Reference != "" && t.Type != "Patient" && t.URN == "" {
				continue // a group, a device, a place
			}
			if d := strings.TrimSpace(ref.Display); !slices.Contains(names, d) {
				names = append(names, d)
			}
		}
	}
	return names
}

// Import imports the bytes of one file called name.
func Import(ctx context.Context, v *storage.Vault, name string, data []byte, opt Options) (*Summary, error) {
	in, err := ParseInput(name, data)
	if err != nil {
		return nil, err
	}
	return in.Import(ctx, v, opt)
}

// Import writes the input into the vault as one transaction.
func (in *Input) Import(ctx context.Context, v *storage.Vault, opt Options) (*Summary, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	fail := func(err error) (*Summary, error) { return nil, &FileError{File: in.name, Err: err} }
	if opt.Profile != "" {
		if _, err := v.Profile(opt.Profile); err != nil {
			if errors.Is(err, storage.ErrNotFound) {
				return fail(ErrUnknownProfile)
			}
			return fail(err)
		}
	}
	var b *storage.Batch
	var profile string
	var err error
	var owners, gone []string
	notDeleted, chosenFor, impossible, keptDeath, ownDoses := 0, 0, 0, 0, 0
	var keptBirth []BirthDateKept
	if in.nd != nil {
		var closer io.Closer
		b, owners, profile, closer, err = planLines(ctx, v, in.nd, opt, now())
		if err == nil {
			defer closer.Close()
		}
	} else {
		var pl *planned
		b, pl, err = plan(v, in.file, opt, now())
		if err == nil {
			profile, gone, notDeleted, chosenFor, impossible, keptDeath = pl.main, pl.gone, pl.notDeleted, pl.chosenFor, pl.impossible, pl.keptDeath
			keptBirth = pl.keptBirth
			ownDoses = pl.ownDoses
			owners = make([]string, len(b.Records))
			for i := range b.Records {
				owners[i] = b.Records[i].Profile
			}
		}
	}
	if err != nil {
		return fail(err)
	}
	b.File = filepath.Base(in.name)
	noPerson := 0
	for i := range b.Records {
		r := &b.Records[i]
		if _, in := fhirjson.PatientCompartment(r.ID.Type); in && r.Profile == storage.SharedProfile && r.ID.Type != "Patient" {
			noPerson++
		}
	}
	people, newPeople := batchPeople(v, owners)
	if profile == "" && len(people) > 0 {
		// A file without a Patient whose records are someone's already here.
		profile = people[0]
	}
	res, err := v.Write(ctx, b)
	if err != nil {
		return fail(err)
	}
	for _, w := range gone {
		// Their records are the joined person's now; an empty person left by a failure here
		// is only an empty "Unnamed person".
		if _, err := v.DeleteProfile(ctx, w); err != nil {
			break
		}
	}
	sum := &Summary{File: in.name, Profile: profile, Added: res.Added, Updated: res.Updated, Unchanged: res.Unchanged + ownDoses,
		People: people, NewPeople: newPeople, NotDeleted: notDeleted, ChosenForUnnamed: chosenFor, Impossible: impossible, KeptDeath: keptDeath, NoPerson: noPerson, BirthDatesKept: keptBirth}
	if opt.NewPeopleRecords && len(newPeople) > 0 && b.Lazy == nil {
		sum.NewPeopleRecords = recordsOf(b, newPeople)
	}
	sum.MaybeSame, _ = maybeSame(v, newPeople) // written already: a failure to read the people only leaves it unsaid
	future := newAfterToday(now())
	if in.nd != nil {
		sum.Search = in.nd.page.summary()
		for d, n := range in.nd.obsDays {
			future.add("Observation", d, n)
		}
		for td, n := range in.nd.doneDays {
			future.add(td[0], td[1], n)
		}
	} else {
		sum.Search = in.page.summary()
		for i := range in.file.Entries {
			future.add(in.file.Entries[i].Info.Type, in.file.Entries[i].Info.Date, 1)
		}
	}
	sum.AfterToday, sum.AfterTodayLatest = future.n, future.latest
	sum.RecordsAfterToday, sum.RecordsAfterTodayLatest = future.done, future.doneLatest
	if len(res.Deleted) > 0 {
		sum.Deleted = res.Deleted
	}
	return sum, nil
}

// Person is the person an import of the input with opt files it under (a profile id; "" when
// the file names no person), and whether that person is new (not in the vault yet). Nothing is
// written: for a check before the import that must look at that person's records only.
func (in *Input) Person(v *storage.Vault, opt Options) (profile string, isNew bool, err error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	if in.nd != nil {
		p := newPlanner(v, nil, in.nd, opt, now())
		if err = p.start(); err == nil {
			profile = p.main()
		}
	} else {
		var pl *planned
		if _, pl, err = plan(v, in.file, opt, now()); err == nil {
			profile = pl.main
		}
	}
	if err != nil || profile == "" {
		return profile, false, err
	}
	if _, err := v.Profile(profile); errors.Is(err, storage.ErrNotFound) {
		return profile, true, nil
	} else if err != nil {
		return "", false, err
	}
	return profile, false, nil
}

// Identities are the vault identities the file's resources would have.
func (in *Input) Identities() ([]storage.ID, error) {
	if in.nd != nil {
		if in.nd.fileIDs != nil {
			return append([]storage.ID(nil), in.nd.fileIDs...), nil
		}
		return append([]storage.ID(nil), in.nd.ids...), nil
	}
	return identities(in.file)
}

// batchPeople are the people a batch's records go to (owners: each record's person; not the
// shared records), in order, and those of them not yet in the vault.
func batchPeople(v *storage.Vault, owners []string) (people, newPeople []string) {
	seen := map[string]bool{}
	for _, o := range owners {
		if o == storage.SharedProfile || o == "" || seen[o] {
			continue
		}
		seen[o] = true
		people = append(people, o)
		if _, err := v.Profile(o); errors.Is(err, storage.ErrNotFound) {
			newPeople = append(newPeople, o)
		}
	}
	return people, newPeople
}

// recordsOf returns the records of batch b that belong to each of people, as the vault keeps
// them once b is written: of two records with one identity, the later (Vault.Write's rule).
func recordsOf(b *storage.Batch, people []string) map[string][]*storage.Record {
	want := make(map[string]bool, len(people))
	for _, p := range people {
		want[p] = true
	}
	last := map[storage.ID]int{}
	for i := range b.Records {
		last[b.Records[i].ID] = i
	}
	out := make(map[string][]*storage.Record, len(people))
	for i := range b.Records {
		r := &b.Records[i]
		if want[r.Profile] && last[r.ID] == i {
			out[r.Profile] = append(out[r.Profile], r)
		}
	}
	return out
}

// planner turns a parsed file into a storage batch: identities, references, people.
type planner struct {
	v    *storage.Vault
	opt  Options
	now  time.Time
	file *fhirjson.File // the file, or
	nd   *ndjsonFile    // a large NDJSON file read line by line

	patients []patientEntry // the file's Patients

	ids       []storage.ID                // identity of each entry
	byURL     map[string]int              // fullUrl -> entry
	byID      *idIndex                    // identity -> first entry
	byIdent   map[string]int              // type 0 system|value -> entry
	patientOf map[storage.ID]string       // Patient identity -> profile
	profiles  map[string]*storage.Profile // profiles touched, by id
	changed   map[string]bool             // profiles to write
	order     []string                    // profiles in the order first touched
	existing  []storage.Profile           // profiles already in the vault

	knownCache map[storage.ID]bool   // vault lookups, once per import
	condCache  map[string]condResult // conditional references, once per import
	byTypeID   map[string]int        // "Type/id" -> the file's one entry of it, -1 for several (inFile)
	urnCache   map[string]condResult // urn: references not in the file, looked up in the vault

	vaultPeople map[string]personID   // names and sexes of a profile's stored Patients
	filePeople  map[string][]personID // the file's Patients given to a profile

	scope string // the one person the file's records go to, if there is one

	waitingFor map[storage.ID]string // Patients the vault does not hold -> the person their records wait in
	deleted    []storage.ID          // the records the file's DELETE entries name (deletes)
	joins      []join                // waiting people whose Patient is another person (profileFor)
	chosenFor  int                   // records naming a Patient no one holds, given to the person chosen
}

type condResult struct {
	id storage.ID
	ok bool
}

func newPlanner(v *storage.Vault, file *fhirjson.File, nd *ndjsonFile, opt Options, now time.Time) *planner {
	return &planner{
		v: v, opt: opt, now: now, file: file, nd: nd,
		byURL:      map[string]int{},
		byIdent:    map[string]int{},
		patientOf:  map[storage.ID]string{},
		profiles:   map[string]*storage.Profile{},
		changed:    map[string]bool{},
		knownCache: map[storage.ID]bool{},
		condCache:  map[string]condResult{},
		urnCache:   map[string]condResult{},
	}
}

// start finds every entry's identity and every Patient's person.
func (p *planner) start() error {
	var err error
	if p.existing, err = p.v.Profiles(); err != nil {
		return err
	}
	if err := p.identify(); err != nil {
		return err
	}
	if err := p.people(); err != nil {
		return err
	}
	switch {
	case p.opt.Profile != "":
		p.scope = p.opt.Profile
	case len(p.order) == 1:
		p.scope = p.order[0]
	case len(p.order) == 0 && len(p.patients) == 0 && p.file != nil:
		p.scope = p.onePerson()
	}
	return nil
}

// onePerson is, for a file that holds no Patient, the one person its records name (a Patient
// stored here, or one the vault does not hold yet: the person its records wait in), or "" when
// they name none or several. The file's records that name no one — a lab's panels, whose report
// names the person — go with them: they went to the shared records, out of the person's
// Results, and the results the panels list were left unread (F251: the spec's lab card
// imported without --profile, '39 results could not be read').
func (p *planner) onePerson() string {
	var profile string
	var absent storage.ID
	for i := range p.file.Entries {
		e := &p.file.Entries[i]
		elements, in := fhirjson.PatientCompartment(e.Info.Type)
		if !in {
			continue
		}
		for _, ref := range e.Info.Refs {
			if !slices.Contains(elements, ref.Element) {
				continue
			}
			if target, ok := p.resolve(i, ref.Reference); ok {
				prof, ok := p.patientProfile(target)
				if !ok {
					continue
				}
				if profile != "" && prof != profile || absent != (storage.ID{}) {
					return ""
				}
				profile = prof
			} else if pid, ok := p.absentPatient(i, ref.Reference); ok {
				if absent != (storage.ID{}) && pid != absent || profile != "" {
					return ""
				}
				absent = pid
			}
		}
	}
	if absent != (storage.ID{}) {
		return p.waiting(absent)
	}
	return profile
}

// main is the person the import is for: the one chosen, else the file's first.
func (p *planner) main() string {
	if p.opt.Profile == "" && len(p.order) > 0 {
		return p.order[0]
	}
	return p.opt.Profile
}

// changedProfiles are the profiles the import writes.
func (p *planner) changedProfiles() []storage.Profile {
	var out []storage.Profile
	for _, id := range p.order {
		if p.changed[id] {
			out = append(out, *p.profiles[id])
		}
	}
	return out
}

// planned is what planning a file found besides its batch.
type planned struct {
	main       string          // the person the import is for
	gone       []string        // waiting people whose records the batch gives to another (joinRecords), to remove once it is written
	notDeleted int             // the file's DELETEs not applied (deletes)
	chosenFor  int             // records naming a Patient no one holds, given to the person chosen (planner.chosenFor)
	impossible int             // measurements left out for a value none of their kind can have (impossibleValue)
	keptDeath  int             // stored Patients stating a death kept over the file's silent ones (keepDeaths)
	keptBirth  []BirthDateKept // stored birth dates kept over the file's others (keepBirthDates)
	ownDoses   int             // CareKeeper's own records this vault recorded, back in its own export (ownDose)
}

// ownDose reports whether e is one of CareKeeper's own records that this vault recorded
// itself, back in a file (the person's export imported into the vault that wrote it): the
// record here is that one, and the file's copy is left out as already here. Kept beside it,
// the copy was counted as added and made the next export hold each dose twice (F334); an
// appointment or a measurement entered here, and the Patient made for a person added by hand
// (F363), were kept twice the same way. CareKeeper's ids are its random ones (a person's
// Patient is named by their profile), and its export gives its records no fullUrl, so the
// same id without a fullUrl is the same record; one undone here since (marked deleted) stays
// undone, and one changed here since stays as it is here.
func ownDose(v *storage.Vault, e *fhirjson.Entry) (bool, error) {
	if e.Info.ID == "" || e.FullURL != "" {
		return false, nil
	}
	_, err := v.Get(storage.ID{Source: storage.AppSource, Type: e.Info.Type, ID: e.Info.ID})
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// keepDeaths leaves out of records the file's Patients that say nothing of a death (no
// deceased[x]) where the stored record of that Patient states one, and counts them: FHIR's
// deceased[x] is optional, and a file without it (an older download, another system's copy) is
// silent, not a statement that the person is alive. An older file of Mum imported after the one
// recording her death brought her back to life without a word, her reminders with her (F295;
// F252 for C-CDA). A Patient that says she is living (deceasedBoolean false) is written.
func keepDeaths(v *storage.Vault, records []storage.Record) ([]storage.Record, int) {
	kept := 0
	records = slices.DeleteFunc(records, func(r storage.Record) bool {
		if r.ID.Type != "Patient" || mentionsDeath(r.Resource) {
			return false
		}
		old, err := v.Get(r.ID)
		if err != nil || old == nil || !old.Meta.Deleted.IsZero() || !health.PatientDeath(old.Resource, time.Time{}).Deceased {
			return false
		}
		kept++
		return true
	})
	return records, kept
}

// keepBirthDates gives the file's Patients whose birth date differs from the stored record
// of that Patient the stored birth date, and says which: a second document of Eve Betterhalf
// (same record, same name) born 1975, not 1945, changed her record's birth date without a
// word, while People, the PDF and her reminders' ages kept 1945 and the IPS said 1975 (F397).
// An import never changes a birth date; the rest of the record is her update (F382: a file
// of another name AND birth date with her id is refused).
func keepBirthDates(v *storage.Vault, records []storage.Record) ([]BirthDateKept, error) {
	var kept []BirthDateKept
	for i := range records {
		r := &records[i]
		if r.ID.Type != "Patient" {
			continue
		}
		file, ok := health.PatientIdentity(r.Resource)
		if !ok || file.BirthDate == "" {
			continue
		}
		old, err := v.Get(r.ID)
		if err != nil || old == nil || !old.Meta.Deleted.IsZero() {
			continue
		}
		here, ok := health.PatientIdentity(old.Resource)
		if !ok || here.BirthDate == "" || here.BirthDate == file.BirthDate {
			continue
		}
		var res map[string]json.RawMessage
		var stored struct {
			BirthDate json.RawMessage `json:"birthDate"`
		}
		if json.Unmarshal(r.Resource, &res) != nil || json.Unmarshal(old.Resource, &stored) != nil || stored.BirthDate == nil {
			continue
		}
		res["birthDate"] = stored.BirthDate
		b, err := json.Marshal(res)
		if err != nil {
			return nil, err
		}
		rec, err := storage.NewRecord(r.Profile, r.ID, b)
		if err != nil {
			return nil, err
		}
		if sameJSON(b, old.Resource) {
			b = old.Resource // only the birth date differed: unchanged, as the file gives the rest
		}
		r.Resource = b
		r.Meta.Date, r.Meta.Precision = rec.Meta.Date, rec.Meta.Precision // a Patient's date is its birth date
		kept = append(kept, BirthDateKept{Name: here.Name, File: file.BirthDate, Kept: here.BirthDate})
	}
	return kept, nil
}

// sameJSON reports whether two JSON texts hold the same values.
func sameJSON(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

// mentionsDeath reports whether a Patient resource has deceased[x] at all (true, false or a date).
func mentionsDeath(resource []byte) bool {
	var p struct {
		Boolean  json.RawMessage `json:"deceasedBoolean"`
		DateTime json.RawMessage `json:"deceasedDateTime"`
	}
	return json.Unmarshal(resource, &p) == nil && (p.Boolean != nil || p.DateTime != nil)
}

// plan plans a file's import.
func plan(v *storage.Vault, file *fhirjson.File, opt Options, now time.Time) (*storage.Batch, *planned, error) {
	p := newPlanner(v, file, nil, opt, now)
	if err := p.start(); err != nil {
		return nil, nil, err
	}
	b := &storage.Batch{Now: now, Records: make([]storage.Record, 0, len(file.Entries))}
	impossible, here := 0, 0
	for i := range file.Entries {
		if impossibleValue(&file.Entries[i]) {
			impossible++ // left out, and said (F195)
			continue
		}
		own, err := ownDose(v, &file.Entries[i])
		if err != nil {
			return nil, nil, err
		}
		if own {
			here++
			continue
		}
		b.Records = append(b.Records, p.record(i, &file.Entries[i]))
	}
	ids := make([]storage.ID, len(b.Records))
	owners := make([]string, len(b.Records))
	for i := range b.Records {
		ids[i], owners[i] = b.Records[i].ID, b.Records[i].Profile
	}
	sc, err := p.scopeLocal(ids, owners)
	if err != nil {
		return nil, nil, err
	}
	for i, id := range sc.scoped {
		b.Records[i].ID = id
	}
	moved := sc.moved
	// The lookup goes with the batch, so that Write does not look up again the identities it
	// found held by no one.
	b.Looked, b.LookedAt = sc.looked, sc.lookedAt
	for i := range b.Records {
		moveLinks(b.Records[i].Meta.Links, moved)
	}
	b.Profiles = p.changedProfiles()
	res := &planned{main: p.main(), impossible: impossible, ownDoses: here}
	b.Records, res.keptDeath = keepDeaths(v, b.Records)
	if res.keptBirth, err = keepBirthDates(v, b.Records); err != nil {
		return nil, nil, err
	}
	b.Deleted, res.notDeleted = p.deletes()
	res.chosenFor = p.chosenFor
	if res.gone, err = p.joinRecords(b); err != nil {
		return nil, nil, err
	}
	return b, res, nil
}

// deletes are the stored records a file's DELETE entries name (a history Bundle's deletion of
// a record, a transaction's DELETE): storage's Write marks them deleted (kept, never dropped),
// unless the file also gives the record — a version newer than the DELETE in a history
// Bundle (versions older than it are not imported, newestVersions), or a transaction's PUT,
// which FHIR processes after its DELETEs. A record known by a server's address is that
// record wherever it is filed; a file's own id names the record of the file's person only (their
// own, or the plain identity they hold; with no one person, a shared record), never another
// person's.
func (p *planner) deletes() (out []storage.ID, notApplied int) {
	for _, id := range p.deleted {
		if id.Source == LocalSource {
			owner := p.scope
			if owner == "" {
				owner = storage.SharedProfile
			}
			if sc := (storage.ID{Source: PersonSource(owner), Type: id.Type, ID: id.ID}); owner != storage.SharedProfile && p.known(sc) {
				id = sc
			} else if holder, ok := p.v.ProfileOf(id); !ok {
				continue // not here: nothing to delete
			} else if holder != owner {
				if rec, err := p.v.Get(id); err == nil && rec.Meta.Deleted.IsZero() {
					notApplied++ // another person's record (or one the file does not say whose)
				}
				continue
			}
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, notApplied
}

// moveLinks points links to the file's records at the identities they are stored under.
func moveLinks(links []storage.ID, moved map[storage.ID]storage.ID) {
	for l, target := range links {
		if to, ok := moved[target]; ok {
			links[l] = to
		}
	}
}

// identify assigns every entry its identity and indexes the file's fullUrls and identifiers.
func (p *planner) identify() error {
	if p.nd != nil {
		// Indexed as the file was read (readNDJSON, readBundle); NDJSON has no fullUrls.
		p.byID, p.byIdent, p.patients = p.nd.byID, p.nd.byIdent, p.nd.patients
		if p.nd.byURL != nil {
			p.byURL = p.nd.byURL
		}
		p.ids = p.byID.ids
		return p.patientsOnce()
	}
	ids, err := identities(p.file)
	if err != nil {
		return err
	}
	p.byID = newIDIndex()
	for _, id := range ids {
		p.byID.add(id)
	}
	server := "" // the one server the file's records come from, if there is one
	for _, id := range ids {
		if id.Source != LocalSource && !strings.HasPrefix(id.Source, personSourcePrefix) {
			if server != "" && server != id.Source {
				server = ""
				break
			}
			server = id.Source
		}
	}
	for i := range p.file.Deletes {
		d := &p.file.Deletes[i]
		id, ok := deletedID(d)
		if !ok {
			continue
		}
		if id.Source == LocalSource && d.FullURL == "" && server != "" {
			// "Observation/o2" in a file whose records come from one server names that
			// server's record, as a relative reference of its entries does: it was looked for
			// among the file's own ids, found nothing, and the DELETE was dropped without a
			// word (F209).
			if sv := (storage.ID{Source: server, Type: id.Type, ID: id.ID}); p.known(sv) {
				id = sv
			}
		}
		if id.Source == LocalSource && d.FullURL == "" && p.file.BundleType == "history" {
			// A history Bundle is of one server: a DELETE without a fullUrl names its record
			// by type and id, as the file's versions of it are known (newestVersions).
			for _, have := range ids {
				if have.Type == id.Type && have.ID == id.ID {
					id = have
					break
				}
			}
		}
		p.deleted = append(p.deleted, id)
	}
	if !p.byID.unique() || len(p.file.Deletes) > 0 {
		// A record given more than once (a history Bundle's versions): its newest only.
		var err error
		if ids, err = newestVersions(p.file, ids); err != nil {
			return err
		}
		p.byID = newIDIndex()
		for _, id := range ids {
			p.byID.add(id)
		}
	}
	p.ids = p.byID.ids
	for i := range ids {
		e := &p.file.Entries[i]
		if e.Info.Type == "Patient" {
			p.patients = append(p.patients, patientEntry{i: i, e: e})
		}
		if e.FullURL != "" {
			p.byURL[e.FullURL] = i
		}
		for _, ident := range e.Info.Identifiers {
			k := e.Info.Type + "\x00" + ident.System + "|" + ident.Value
			if _, dup := p.byIdent[k]; !dup {
				p.byIdent[k] = i
			}
		}
	}
	return p.patientsOnce()
}

// patientsOnce refuses a file holding one Patient (one identity) twice with different
// contents, as two people given one record number would be: the person would be matched and
// named by one of them and stored as the other (F18). A history Bundle lists a record's
// versions, so it may, and so may any Bundle whose two entries carry different
// meta.versionId (FHIR's bdl-7). The same Patient repeated unchanged is one Patient.
func (p *planner) patientsOnce() error {
	if p.file != nil && p.file.BundleType == "history" {
		return nil
	}
	seen := make(map[storage.ID]*fhirjson.Entry, len(p.patients))
	for _, pe := range p.patients {
		id := p.ids[pe.i]
		if first, ok := seen[id]; ok {
			if !bytes.Equal(first.Resource, pe.e.Resource) && versionID(first.Resource) == versionID(pe.e.Resource) {
				return entryError(pe.e, fmt.Sprintf("a second Patient with the id of entry %d, with other contents (a file must give each person's record once)", first.Index))
			}
			continue
		}
		seen[id] = pe.e
	}
	return nil
}

// identities gives every entry of a file its identity: (server of its fullUrl, type, id), or
// (local, type, id), an id from a urn fullUrl, or one from the resource's hash. It needs no
// vault, so a file with an id that cannot be a key is refused before the vault is opened.
func identities(file *fhirjson.File) ([]storage.ID, error) {
	ids := make([]storage.ID, len(file.Entries))
	for i := range file.Entries {
		id, err := checkedIdentity(&file.Entries[i])
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// checkedIdentity is identity, for an entry of a file being read: a Patient that dies before
// it is born is refused (diedBeforeBirth).
func checkedIdentity(e *fhirjson.Entry) (storage.ID, error) {
	id, err := identity(e)
	if err == nil {
		err = diedBeforeBirth(e)
	}
	return id, err
}

// diedBeforeBirth refuses a Patient whose deceasedDateTime is before its birthDate (the day of
// each, to the precision both give): one of the two is wrong, and imported the person would be
// shown as having died — no reminders — on a date that cannot be (a hostile or damaged file
// said nothing of it).
func diedBeforeBirth(e *fhirjson.Entry) error {
	if e.Info.Type != "Patient" || !bytes.Contains(e.Resource, []byte(`"deceasedDateTime"`)) {
		return nil
	}
	var p struct {
		BirthDate string `json:"birthDate"`
		Deceased  string `json:"deceasedDateTime"`
	}
	if json.Unmarshal(e.Resource, &p) != nil || p.BirthDate == "" || p.Deceased == "" {
		return nil
	}
	died, born := p.Deceased, p.BirthDate
	if len(died) > len("2006-01-02") {
		died = died[:len("2006-01-02")]
	}
	n := min(len(died), len(born))
	if died[:n] >= born[:n] {
		return nil
	}
	return entryError(e, fmt.Sprintf("the Patient's date of death (deceasedDateTime %s) is before their birth date (%s): one of the two is wrong, so nothing of the file is imported (a person shown as having died is no longer reminded)",
		health.DayWords(died), health.DayWords(born)))
}

// identity is the identity of one entry (see identities).
func identity(e *fhirjson.Entry) (storage.ID, error) {
	id := storage.ID{Source: LocalSource, Type: e.Info.Type, ID: e.Info.ID}
	if base, typ, fid, ok := fhirjson.SplitFullURL(e.FullURL); ok && typ == e.Info.Type && (id.ID == "" || id.ID == fid) {
		id.Source, id.ID = strings.TrimRight(base, "/"), fid
	}
	if id.ID == "" {
		if ref := fhirjson.ParseReference(e.FullURL); ref.URN != "" {
			id.ID = urnID(ref.URN)
		}
	}
	if id.ID == "" {
		sum := sha256.Sum256(e.Resource)
		id.ID = "h-" + hex.EncodeToString(sum[:12])
	}
	if strings.ContainsFunc(id.Source, isControl) {
		return storage.ID{}, entryError(e, "fullUrl is not a valid URL")
	}
	if strings.ContainsFunc(id.ID, isControl) || len(id.ID) > 256 {
		return storage.ID{}, entryError(e, "resource id is not a valid FHIR id")
	}
	return id, nil
}

// isControl reports control characters, which key parts (ids, sources) must not contain.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func entryError(e *fhirjson.Entry, msg string) error {
	if e.Index > 0 {
		return fmt.Errorf("entry %d: %s", e.Index, msg)
	}
	return errors.New(msg)
}

func urnID(urn string) string {
	for _, pfx := range []string{"urn:uuid:", "urn:oid:"} {
		if len(urn) > len(pfx) && strings.EqualFold(urn[:len(pfx)], pfx) {
			return urn[len(pfx):]
		}
	}
	return ""
}

// people assigns every Patient in the file to a profile: the one given, the one already holding
// it, one whose identifiers or name and birth date match, or a new one.
func (p *planner) people() error {
	for _, pe := range p.patients {
		e := pe.e
		id := p.ids[pe.i]
		if _, done := p.patientOf[id]; done {
			continue
		}
		if err := p.sameIDAnotherPerson(id, e.Resource); err != nil {
			return err
		}
		person := patientPerson(e.Resource)
		prof, err := p.profileFor(id, &e.Info, person, e.Resource)
		if err != nil {
			return err
		}
		if p.opt.Profile != "" {
			if err := p.patientOfAnother(id); err != nil {
				return err
			}
		} else { // found by a record number, or holding the Patient it keys (a C-CDA's)
			if held := p.personOf(prof); sharesIdentifier(held, person) {
				if givenNamesDisagree(held, prof.Name, person, e.Info.Name) {
					return ErrRecordNumberAnotherName
				}
				if birthsDiffer(held.birth, person.birth) && p.anotherOfNameAndBirth(prof.ID, e.Info.Name, person.birth) {
					return ErrRecordNumberAnotherBirth
				}
			}
		}
		p.patientOf[id] = prof.ID
		p.link(prof, id, &e.Info)
		if name, _ := PersonName(firstNonEmpty(NameInUse(e.Resource, p.now), e.Info.Name)); prof.Name == unnamedPerson && name != "" {
			// A person made for records waiting for this Patient, or from a Patient without a name.
			prof.Name = name
			p.changed[prof.ID] = true
		}
		if p.filePeople == nil {
			p.filePeople = map[string][]personID{}
		}
		p.filePeople[prof.ID] = append(p.filePeople[prof.ID], person)
	}
	return nil
}

// ErrSameIDAnotherPerson refuses a file whose Patient has, from the same server, the id of a
// person's Patient here but another name and birth date: importing it put the other woman's
// methotrexate on Maria's Today and replaced Maria's Patient record with hers (F382). A server
// id is one record wherever it is, so the two cannot be kept apart; a file without fullUrls
// (local ids) is kept apart as another person, as before.
var ErrSameIDAnotherPerson = errors.New("not imported: the person in this file has the same record id, from the same source, as a person here, " +
	"but a different name and birth date: importing it would put their records with that person's and replace that person's own record. " +
	"Nothing was imported; the source gives two people one id")

// ErrRecordNumberAnotherName refuses a file whose Patient shares a record number with a
// person here but whose given names are none of theirs: a C-CDA for Rose Lindqvist carrying
// her twin Lily's record number (a mix-up at the clinic) went into Lily without a word, and
// Lily's charts held Rose's weight and peak flows beside her own (F459). A shared record
// number still joins a person whose family name changed (marriage) or who has a middle name
// or initial more or less; only the given names decide here. The line names nobody.
var ErrRecordNumberAnotherName = errors.New("not imported: the person in this file has the same record number as a person here, " +
	"but another first name (twins, or a mix-up at the clinic?): their records were not put with that person. " +
	"Choose whose records these are: import it with --profile ID (in the app, from that person's page)")

// ErrRecordNumberAnotherBirth refuses a file whose Patient shares a record number with a
// person here but gives another birth date, while another person here has the file's very name
// and that birth date: a clinic summary of Kenji Nakamura, born 1974, carrying his late
// father's record number (one clinic, a filing slip) went into the father — who died in
// September — with its December HbA1c and medicines (F466). A birth date corrected under one
// record number still joins when no one else here is of that name and birth date. The line
// names nobody.
var ErrRecordNumberAnotherBirth = errors.New("not imported: the person in this file has the same record number as a person here, " +
	"but another birth date, and someone else here has this file's name and birth date (a parent and child of one name, or a mix-up at the clinic?): " +
	"their records were not put with either. Choose whose records these are: import it with --profile ID (in the app, from that person's page)")

// anotherOfNameAndBirth reports whether a person here other than except has the file's name
// (the same person by NamesOfOnePerson) and its birth date.
func (p *planner) anotherOfNameAndBirth(except, name, birth string) bool {
	if birth == "" || name == "" {
		return false
	}
	for i := range p.existing {
		q := &p.existing[i]
		if q.ID != except && q.BirthDate == birth && q.Name != unnamedPerson && NamesOfOnePerson(q.Name, name) {
			return true
		}
	}
	return false
}

// ErrPatientOfAnotherPerson refuses a file imported into a chosen person when one of its
// Patients is another person's here: a clinic file of twins imported into Rose moved Lily's
// own Patient record to Rose ("1 updated") and put Lily's peak flows in Rose's charts (F455).
// Whatever the file's names say, one person's record is never moved to another by an import;
// without --profile each person's records go to their own.
var ErrPatientOfAnotherPerson = errors.New("not imported: a person in this file is already here as someone other than the person chosen: " +
	"importing it into the person chosen would move that person's own record and put their records with the chosen person's. " +
	"Import it without --profile: each person's records go to their own")

// patientOfAnother is ErrPatientOfAnotherPerson for a Patient of the file (id, a server's:
// one record wherever it is) that the vault holds, live, for a person other than the one
// chosen. A file without fullUrls is kept apart per person (a copy for the chosen one).
func (p *planner) patientOfAnother(id storage.ID) error {
	if IsLocal(id.Source) {
		return nil // a file's own ids: kept apart per person, the other keeps theirs
	}
	rec, err := p.v.Get(id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if rec.Profile == storage.SharedProfile || rec.Profile == p.opt.Profile || !rec.Meta.Deleted.IsZero() {
		return nil
	}
	return ErrPatientOfAnotherPerson
}

// sameIDAnotherPerson is ErrSameIDAnotherPerson for a Patient of the file (id, resource) whose
// server record is held here by someone whose name and birth date both differ.
func (p *planner) sameIDAnotherPerson(id storage.ID, resource []byte) error {
	if IsLocal(id.Source) {
		return nil
	}
	rec, err := p.v.Get(id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if rec.Profile == storage.SharedProfile || !rec.Meta.Deleted.IsZero() {
		return nil
	}
	stored, ok1 := health.PatientIdentity(rec.Resource)
	file, ok2 := health.PatientIdentity(resource)
	if m := health.CompareIdentity(file, stored); ok1 && ok2 && m.Name && m.Birth {
		return ErrSameIDAnotherPerson
	}
	return nil
}

func (p *planner) touch(prof *storage.Profile) *storage.Profile {
	if have, ok := p.profiles[prof.ID]; ok {
		return have
	}
	cp := *prof
	p.profiles[prof.ID] = &cp
	p.order = append(p.order, prof.ID)
	return &cp
}

// profileFor is the person a file's Patient (id, info, who it says it is) belongs to: the
// one chosen, the one already holding it, the one it matches (matchPerson), or a new one.
func (p *planner) profileFor(id storage.ID, info *fhirjson.Info, file personID, resource []byte) (*storage.Profile, error) {
	if p.opt.Profile != "" {
		return p.existingProfile(p.opt.Profile)
	}
	if prof, ok := p.holder(id, file, info.Name); ok {
		return p.existingProfile(prof)
	}
	waiter := p.waiter(id)
	// The people this import touched (with what it added to them) first, then the others.
	all := make([]*storage.Profile, 0, len(p.order)+len(p.existing))
	for _, pid := range p.order {
		all = append(all, p.profiles[pid])
	}
	for i := range p.existing {
		if _, touched := p.profiles[p.existing[i].ID]; !touched && p.existing[i].ID != waiter {
			all = append(all, &p.existing[i])
		}
	}
	var byName []string
	found := ""
	for _, prof := range all {
		match, byIdentifier := p.match(prof, file, info.Name)
		if byIdentifier {
			found = prof.ID
			break
		}
		if match {
			byName = append(byName, prof.ID)
		}
	}
	if found == "" && len(byName) == 1 { // more than one: it is not known which, so none
		found = byName[0]
	}
	switch {
	case found != "" && waiter != "" && p.nd == nil:
		// The Patient a person's records wait for is someone already here: those records
		// join them, and the waiting person goes (F80: the order of two files split a
		// person in two). A large NDJSON file's write cannot carry them: they stay waiting.
		p.joins = append(p.joins, join{from: waiter, to: found})
		return p.existingProfile(found)
	case waiter != "":
		return p.existingProfile(waiter)
	case found != "":
		return p.existingProfile(found)
	}
	name, _ := PersonName(firstNonEmpty(NameInUse(resource, p.now), info.Name))
	if name == "" {
		name = unnamedPerson
	}
	prof := p.touch(&storage.Profile{ID: storage.NewProfileID(), Name: name, BirthDate: info.BirthDate, Created: p.now.UTC()})
	p.changed[prof.ID] = true
	return prof, nil
}

// holder is the person already holding a file's Patient: the one holding its identity, or a
// person holding it under their own (scoped) local identity. A file's own Patient id names
// nobody by itself: a stored Patient of that id that the file's contradicts (another birth
// date, sex, or record number of the same system) is another person's. When the same local
// id is held by more than one person, the one it matches (matchPerson) holds it, if any.
func (p *planner) holder(id storage.ID, file personID, fileName string) (string, bool) {
	var held []string
	local := id.Source == LocalSource
	if rec, err := p.v.Get(id); err == nil && rec != nil && rec.Profile != storage.SharedProfile {
		if !local || !contradicts(patientPerson(rec.Resource), file) {
			held = append(held, rec.Profile)
		}
	}
	if local {
		// The Patient CareKeeper made for a person added by hand, back in their export (no
		// fullUrl): theirs, whatever they were renamed since (ownDose leaves the copy out).
		if rec, err := p.v.Get(storage.ID{Source: storage.AppSource, Type: id.Type, ID: id.ID}); err == nil && rec.Profile != storage.SharedProfile && rec.Meta.Deleted.IsZero() {
			held = append(held, rec.Profile)
		}
		for i := range p.existing {
			prof := &p.existing[i]
			sc := storage.ID{Source: PersonSource(prof.ID), Type: id.Type, ID: id.ID}
			if !slices.Contains(prof.Patients, sc) || slices.Contains(held, prof.ID) {
				continue
			}
			if rec, err := p.v.Get(sc); err == nil && rec != nil && rec.Profile == prof.ID && !contradicts(patientPerson(rec.Resource), file) {
				held = append(held, prof.ID)
			}
		}
	}
	if len(held) == 1 {
		return held[0], true
	}
	for _, pid := range held {
		for i := range p.existing {
			if prof := &p.existing[i]; prof.ID == pid {
				if match, byIdent := p.match(prof, file, fileName); match || byIdent {
					return pid, true
				}
			}
		}
	}
	return "", false
}

func (p *planner) existingProfile(id string) (*storage.Profile, error) {
	if have, ok := p.profiles[id]; ok {
		return have, nil
	}
	for i := range p.existing {
		if p.existing[i].ID == id {
			return p.touch(&p.existing[i]), nil
		}
	}
	return nil, ErrUnknownProfile
}

// link records a Patient resource and its identifiers on its profile.
func (p *planner) link(prof *storage.Profile, id storage.ID, info *fhirjson.Info) {
	found := false
	for _, have := range prof.Patients {
		found = found || have == id
	}
	if !found {
		prof.Patients = append(prof.Patients, id)
		p.changed[prof.ID] = true
	}
	for _, ident := range info.Identifiers {
		if ident.Value == "" || noOnesNumber(ident.System, ident.Value) {
			continue
		}
		s := ident.System + "|" + ident.Value
		dup := false
		for _, have := range prof.Identifiers {
			dup = dup || have == s
		}
		if !dup {
			prof.Identifiers = append(prof.Identifiers, s)
			p.changed[prof.ID] = true
		}
	}
	if prof.BirthDate == "" && info.BirthDate != "" {
		prof.BirthDate = info.BirthDate
		p.changed[prof.ID] = true
	}
}

// resolve finds what a reference from entry i points to, in the file first, then the vault.
func (p *planner) resolve(i int, ref string) (storage.ID, bool) {
	r := fhirjson.ParseReference(ref)
	switch {
	case r.Contained:
		return storage.ID{}, false
	case r.URN != "":
		if j, ok := p.byURL[ref]; ok {
			return p.ids[j], true
		}
		if id, ok := p.lookupURN(ref); ok {
			return id, true
		}
		// A Bundle flattened to NDJSON keeps its "urn:uuid:a1" references but loses the
		// fullUrls they named: the file's Patient of that id is the one named (F332: the two
		// medicines of such a file went to no one, the line saying they were imported).
		if pid := (storage.ID{Source: LocalSource, Type: "Patient", ID: urnID(ref)}); pid.ID != "" {
			if j, ok := p.byID.get(pid); ok {
				return p.ids[j], true
			}
		}
		return storage.ID{}, false
	case r.Conditional:
		return p.resolveConditional(r)
	case r.Type == "" || r.ID == "":
		return storage.ID{}, false
	}
	if r.Base != "" {
		id := storage.ID{Source: strings.TrimRight(r.Base, "/"), Type: r.Type, ID: r.ID}
		return id, p.known(id)
	}
	// Relative: against the entry's own server first, then local: in the file, then this
	// person's own (scoped) record, then one stored before identities were scoped.
	for _, src := range []string{p.ids[i].Source, LocalSource} {
		id := storage.ID{Source: src, Type: r.Type, ID: r.ID}
		if _, inFile := p.byID.get(id); !inFile && src == LocalSource && p.scope != "" {
			if sc := (storage.ID{Source: PersonSource(p.scope), Type: r.Type, ID: r.ID}); p.known(sc) {
				return sc, true
			}
		}
		if p.known(id) {
			return id, true
		}
	}
	if p.opt.sameServer && p.ids[i].Source != LocalSource {
		return storage.ID{Source: p.ids[i].Source, Type: r.Type, ID: r.ID}, true
	}
	if j, ok := p.inFile(i, r.Type, r.ID); ok {
		return p.ids[j], true
	}
	return storage.ID{}, false
}

// inFile finds the entry a relative reference "Type/id" of entry i names when entry i has no
// fullUrl of its own to resolve it against: the file's one entry of that type and id, whatever
// its server. CareKeeper's own records in an export (a dose answered, a medicine the person
// added) have no fullUrl, while the portal's records beside them keep theirs
// ("http://example.org/fhir/Patient/maria"): their "Patient/maria" named no one, and on a new
// computer the doses went to a new "Unnamed person" (F363). Two entries of that type and id
// (from two servers) name nothing.
func (p *planner) inFile(i int, typ, id string) (int, bool) {
	if p.file == nil || i >= len(p.file.Entries) || p.file.Entries[i].FullURL != "" {
		return 0, false
	}
	if p.byTypeID == nil {
		p.byTypeID = make(map[string]int, len(p.ids))
		for j, e := range p.ids {
			k := e.Type + "/" + e.ID
			if _, dup := p.byTypeID[k]; dup {
				p.byTypeID[k] = -1
			} else {
				p.byTypeID[k] = j
			}
		}
	}
	j, ok := p.byTypeID[typ+"/"+id]
	return j, ok && j >= 0 && j != i
}

// urnCacheMax bounds urnCache: a large file whose every record names another urn: outside
// the file would otherwise keep them all.
const urnCacheMax = 1 << 14

// lookupURN finds the record a urn: reference outside the file names in the vault, looking
// each one up once: the records of a bulk export name the same few (a Patient, its
// encounters) again and again.
func (p *planner) lookupURN(ref string) (storage.ID, bool) {
	if c, ok := p.urnCache[ref]; ok {
		return c.id, c.ok
	}
	id, ok := p.v.LookupFullURL(ref)
	if len(p.urnCache) >= urnCacheMax {
		clear(p.urnCache)
	}
	p.urnCache[ref] = condResult{id, ok}
	return id, ok
}

func (p *planner) known(id storage.ID) bool {
	if _, ok := p.byID.get(id); ok {
		return true
	}
	known, cached := p.knownCache[id]
	if !cached {
		_, known = p.v.ProfileOf(id)
		p.knownCache[id] = known
	}
	return known
}

func (p *planner) resolveConditional(r fhirjson.Reference) (storage.ID, bool) {
	k := r.Type + "?" + r.Query
	if c, ok := p.condCache[k]; ok {
		return c.id, c.ok
	}
	id, ok := p.lookupConditional(r)
	p.condCache[k] = condResult{id, ok}
	return id, ok
}

func (p *planner) lookupConditional(r fhirjson.Reference) (storage.ID, bool) {
	for _, part := range strings.Split(r.Query, "&") {
		val, ok := strings.CutPrefix(part, "identifier=")
		if !ok || !strings.Contains(val, "|") {
			continue
		}
		if j, ok := p.byIdent[r.Type+"\x00"+val]; ok {
			return p.ids[j], true
		}
		if found, err := p.v.LookupIdentifier(r.Type, val); err == nil && len(found) > 0 {
			return found[0].ID, true
		}
	}
	return storage.ID{}, false
}

// patientProfile returns the profile of a resolved Patient reference.
func (p *planner) patientProfile(id storage.ID) (string, bool) {
	if id.Type != "Patient" {
		return "", false
	}
	if prof, ok := p.patientOf[id]; ok {
		return prof, true
	}
	prof, ok := p.v.ProfileOf(id)
	return prof, ok && prof != storage.SharedProfile
}

func (p *planner) record(i int, e *fhirjson.Entry) storage.Record {
	id := p.ids[i]
	rec := storage.Record{ID: id, Resource: e.Resource}
	rec.Meta.FullURL = e.FullURL
	if m, ok := p.opt.Cards[id]; ok {
		rec.Meta.Card = &m
	}
	rec.Meta.Date, rec.Meta.Precision = storage.SortableDate(e.Info.Date), fhirjson.DatePrecision(e.Info.Date)
	rec.Meta.Home = e.Info.Type == "Observation" && health.MeasuredAtHome(e.Resource) // F525 item 12
	for _, c := range e.Info.Codes {
		if c.Code != "" {
			rec.Meta.Codes = appendUnique(rec.Meta.Codes, c.System+"|"+c.Code)
		}
	}
	for _, ident := range e.Info.Identifiers {
		if ident.Value != "" {
			rec.Meta.Identifiers = appendUnique(rec.Meta.Identifiers, ident.System+"|"+ident.Value)
		}
	}
	elements, inCompartment := fhirjson.PatientCompartment(e.Info.Type)
	owner := ""
	rank := len(elements)
	var seen map[storage.ID]bool // the links, once there are many (a few are compared in turn)
	var waitFor storage.ID       // a Patient the record names that neither the file nor the vault holds
	waitRank := len(elements)
	for _, ref := range e.Info.Refs {
		target, ok := p.resolve(i, ref.Reference)
		if !ok && inCompartment {
			if pid, ok := p.absentPatient(i, ref.Reference); ok {
				if r := slices.Index(elements[:waitRank], ref.Element); r >= 0 {
					waitFor, waitRank = pid, r
				}
			}
		}
		if !ok || target == id {
			continue
		}
		if seen == nil && len(rec.Meta.Links) >= 16 {
			seen = make(map[storage.ID]bool, 2*len(rec.Meta.Links))
			for _, l := range rec.Meta.Links {
				seen[l] = true
			}
		}
		if seen != nil && !seen[target] || seen == nil && !slices.Contains(rec.Meta.Links, target) {
			if seen != nil {
				seen[target] = true
			}
			rec.Meta.Links = append(rec.Meta.Links, target)
		}
		if !inCompartment {
			continue
		}
		for r, el := range elements[:rank] {
			if el == ref.Element {
				if prof, ok := p.patientProfile(target); ok {
					owner, rank = prof, r
				}
				break
			}
		}
	}
	switch {
	case e.Info.Type == "Patient":
		owner = p.patientOf[id]
	case !inCompartment && (sharedKinds[e.Info.Type] || p.scope == ""):
		owner = storage.SharedProfile
	case !inCompartment:
		// What a person's file brings beside their records — a server's message
		// (OperationOutcome), a Bundle or Binary kept whole, a Group — is theirs: kept
		// shared, a message naming the person and their clinic reached every device of the
		// household, shared with the person or not, and outlived the person (F213).
		owner = p.scope
	case owner != "":
	case waitFor != storage.ID{} && len(p.patients) > 0:
		// The record names a Patient the file does not hold, beside the Patients it does: it
		// is not theirs (nor the person chosen for them), it waits for its own (F174: a
		// glucose of "Patient/nobody" was shown on the file's one person's Results).
		owner = p.waiting(waitFor)
	case p.scope != "": // the person chosen, or the file's one person
		owner = p.scope
		if waitFor != (storage.ID{}) && p.opt.Profile != "" {
			p.chosenFor++ // said: the file does not say they are the chosen person's (F284)
		}
	case waitFor != storage.ID{}:
		owner = p.waiting(waitFor)
	default:
		owner = storage.SharedProfile
	}
	rec.Profile = owner
	return rec
}

// impossibleValue reports whether an entry is an Observation of a measurement checked
// (measure.Checked) whose value, or a component's, none of its kind can have.
func impossibleValue(e *fhirjson.Entry) bool {
	if e.Info.Type != "Observation" || !slices.ContainsFunc(e.Info.Codes, func(c fhirjson.Coding) bool {
		return c.System == health.LOINC && measure.Checked(c.Code)
	}) {
		return false
	}
	type quantity struct {
		Value *float64 `json:"value"`
		Unit  string   `json:"unit"`
		Code  string   `json:"code"`
	}
	type coded struct {
		Coding []fhirjson.Coding `json:"coding"`
	}
	var o struct {
		Code          coded     `json:"code"`
		ValueQuantity *quantity `json:"valueQuantity"`
		Component     []struct {
			Code          coded     `json:"code"`
			ValueQuantity *quantity `json:"valueQuantity"`
		} `json:"component"`
	}
	if json.Unmarshal(e.Resource, &o) != nil {
		return false
	}
	bad := func(c coded, q *quantity) bool {
		if q == nil || q.Value == nil {
			return false
		}
		unit := q.Code
		if unit == "" {
			unit = q.Unit
		}
		for _, cd := range c.Coding {
			if cd.System == health.LOINC && !measure.Possible(cd.Code, unit, *q.Value) {
				return true
			}
		}
		return false
	}
	if bad(o.Code, o.ValueQuantity) {
		return true
	}
	for _, c := range o.Component {
		if bad(c.Code, c.ValueQuantity) {
			return true
		}
	}
	return false
}

// sharedKinds are the kinds of record outside a person's compartment that are the
// household's, whoever's file brings them: who and where care is given (a clinic, a doctor),
// what a medicine is, and the definitions of codes and forms. Any other kind outside the
// compartment goes with the file's person, when it has one (record).
var sharedKinds = map[string]bool{
	"Organization": true, "OrganizationAffiliation": true, "Practitioner": true, "PractitionerRole": true,
	"Location": true, "HealthcareService": true, "Endpoint": true, "InsurancePlan": true,
	"Medication": true, "MedicationKnowledge": true, "Substance": true, "Device": true,
	"Questionnaire": true, "ValueSet": true, "CodeSystem": true, "ConceptMap": true, "NamingSystem": true,
	"StructureDefinition": true, "CapabilityStatement": true, "OperationDefinition": true, "SearchParameter": true,
	"ImplementationGuide": true, "Library": true, "Measure": true, "PlanDefinition": true, "ActivityDefinition": true,
	"ObservationDefinition": true, "SpecimenDefinition": true, "ChargeItemDefinition": true,
}

// waiter is the person whose records wait for a Patient (id) that is not stored (waiting),
// or "".
func (p *planner) waiter(id storage.ID) string {
	if _, err := p.v.Get(id); !errors.Is(err, storage.ErrNotFound) {
		return ""
	}
	for i := range p.existing {
		if slices.Contains(p.existing[i].Patients, id) {
			return p.existing[i].ID
		}
	}
	return ""
}

// join is a waiting person (from) whose Patient turned out to be a person already here (to).
type join struct{ from, to string }

// joinRecords adds to b the records of each waiting person joined to another, as that
// person's (a record the file gives too is the file's), and returns the people to remove
// once b is written.
func (p *planner) joinRecords(b *storage.Batch) ([]string, error) {
	if len(p.joins) == 0 {
		return nil, nil
	}
	inBatch := make(map[storage.ID]bool, len(b.Records))
	for i := range b.Records {
		inBatch[b.Records[i].ID] = true
	}
	var gone []string
	for _, j := range p.joins {
		if slices.Contains(gone, j.from) {
			continue
		}
		err := p.v.Records(context.Background(), storage.Query{Profile: j.from}, func(r *storage.Record) error {
			if inBatch[r.ID] {
				return nil
			}
			rec := *r
			rec.Profile = j.to
			rec.Meta.Hash = nil
			b.Records = append(b.Records, rec)
			if b.LookedAt != nil {
				b.LookedAt = append(b.LookedAt, -1)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		gone = append(gone, j.from)
	}
	return gone, nil
}

// unnamedPerson is the name of a person made from a Patient without a name, or for the
// records of a Patient the vault does not hold yet (waiting); such a person is named by their
// Patient when it comes.
const unnamedPerson = health.UnnamedPerson

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// absentPatient is the identity of the Patient a reference from entry i names ("Patient/id",
// relative to the entry's source, or absolute), for a reference that resolved to nothing.
func (p *planner) absentPatient(i int, ref string) (storage.ID, bool) {
	r := fhirjson.ParseReference(ref)
	if r.Type != "Patient" || r.ID == "" || r.Contained || r.Conditional || r.URN != "" ||
		len(r.ID) > 256 || strings.ContainsFunc(r.ID, isControl) || strings.ContainsFunc(r.Base, isControl) {
		return storage.ID{}, false
	}
	src := p.ids[i].Source
	if r.Base != "" {
		src = strings.TrimRight(r.Base, "/")
	}
	return storage.ID{Source: src, Type: "Patient", ID: r.ID}, true
}

// waiting is the person who holds the records naming a Patient (pid) that is not in the
// vault yet: the person already waiting for it, else a new one ("Unnamed person") whose
// Patients name it. The Patient, when a later file brings it, goes to that person (holder)
// and names them; the records wait with their reference kept. Before, such records went to
// the shared records, which a household sends to every device, and a later file with the
// Patient made a second copy of each under its person (F41).
func (p *planner) waiting(pid storage.ID) string {
	if prof, ok := p.waitingFor[pid]; ok {
		return prof
	}
	if p.waitingFor == nil {
		p.waitingFor = map[storage.ID]string{}
	}
	for i := range p.existing {
		if slices.Contains(p.existing[i].Patients, pid) {
			prof := p.touch(&p.existing[i])
			p.waitingFor[pid] = prof.ID
			return prof.ID
		}
	}
	prof := p.touch(&storage.Profile{ID: storage.NewProfileID(), Name: unnamedPerson, Created: p.now.UTC(), Patients: []storage.ID{pid}})
	p.changed[prof.ID] = true
	p.waitingFor[pid] = prof.ID
	return prof.ID
}

// scopeLocal gives every local record (its identity a file's own id, ids[i], its person
// owners[i]) the identity it is stored under for its person: the one this person already has
// (scoped, or stored before identities were scoped), else the plain local identity when no
// one else holds it, else a record of this person's own (PersonSource). A record held by
// another person is never overwritten or moved. It returns the records given another identity
// and the file identities moved, for links to the file's own records to follow them
// (moveLinks); the Patients of the people touched name the identities stored.
func (p *planner) scopeLocal(ids []storage.ID, owners []string) (*scoping, error) {
	// A person this import adds holds nothing yet: their scoped identities are not looked up.
	added := map[string]bool{}
	for id := range p.profiles {
		added[id] = true
	}
	for i := range p.existing {
		delete(added, p.existing[i].ID)
	}
	// Counted first: grown by appends, the lists of a 100,000-resource file allocated twice
	// their size (part of a re-import's peak, F61).
	nLocal, nLook := 0, 0
	for i, id := range ids {
		if id.Source == LocalSource {
			nLocal++
			nLook++
			if !added[owners[i]] {
				nLook++
			}
		}
	}
	look := make([]storage.ID, 0, nLook) // plain identity of each local record, then its scoped one if it may be held
	type local struct{ rec, plain, scoped int }
	at := make([]local, 0, nLocal)
	sources := map[string]string{} // owner -> PersonSource(owner), one string each
	for i, id := range ids {
		if id.Source == LocalSource {
			l := local{rec: i, plain: len(look), scoped: -1}
			look = append(look, id)
			if !added[owners[i]] {
				src, ok := sources[owners[i]]
				if !ok {
					src = PersonSource(owners[i])
					sources[owners[i]] = src
				}
				l.scoped = len(look)
				look = append(look, storage.ID{Source: src, Type: id.Type, ID: id.ID})
			}
			at = append(at, l)
		}
	}
	if len(at) == 0 {
		return &scoping{}, nil
	}
	looked, err := p.v.Lookup(look)
	if err != nil {
		return nil, err
	}
	holders := looked.Profiles
	lookedAt := make([]int32, len(ids))
	for i := range lookedAt {
		lookedAt[i] = -1
	}
	scoped := map[int]storage.ID{}
	moved := map[storage.ID]storage.ID{} // file identity -> stored one, where they differ
	sc := &scoping{scoped: scoped, moved: moved, looked: looked, lookedAt: lookedAt}
	// A file that gives one of its own ids to two people's records (an export of a vault
	// where each has an Observation "x"; newestVersions keeps both): the first person's
	// record takes the plain identity, as if stored before the others.
	var claimed map[storage.ID]string
	if !p.byID.unique() {
		claimed = map[storage.ID]string{}
	}
	for _, l := range at {
		lookedAt[l.rec] = int32(l.plain)
		i := l.rec
		plain := look[l.plain]
		own := storage.ID{Source: PersonSource(owners[i]), Type: plain.Type, ID: plain.ID}
		heldPlain, heldScoped := holders[l.plain], ""
		if l.scoped >= 0 {
			heldScoped = holders[l.scoped]
		}
		if c, ok := claimed[plain]; ok && heldPlain == "" && c != owners[i] {
			heldPlain = c
		}
		if heldScoped == "" && (heldPlain == "" || heldPlain == owners[i]) {
			if _, ok := claimed[plain]; !ok && claimed != nil {
				claimed[plain] = owners[i]
			}
			continue
		}
		if heldScoped != "" && heldScoped != owners[i] {
			continue // cannot happen: a scoped identity names its person
		}
		scoped[i] = own
		lookedAt[i] = int32(l.scoped) // -1 when not looked up (a person this import adds)
		if j, ok := p.byID.get(plain); ok && j == i {
			moved[plain] = own
		}
	}
	if len(moved) == 0 {
		return sc, nil
	}
	for _, prof := range p.profiles {
		list := prof.Patients[:0:0]
		for _, id := range prof.Patients {
			if to, ok := moved[id]; ok && p.patientOf[id] == prof.ID {
				id = to
			}
			if !slices.Contains(list, id) {
				list = append(list, id)
			}
		}
		if !slices.Equal(list, prof.Patients) {
			prof.Patients = list
			p.changed[prof.ID] = true
		}
	}
	return sc, nil
}

// scoping is what scopeLocal decided.
type scoping struct {
	scoped   map[int]storage.ID        // records stored under another identity than the file's
	moved    map[storage.ID]storage.ID // file identity -> the one stored, where they differ
	looked   *storage.Lookup           // the lookup it made (storage.Batch.Looked)
	lookedAt []int32                   // each record's identity in looked (storage.Batch.LookedAt)
}

func appendUnique(list []string, s string) []string {
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
}

// versionID is a resource's meta.versionId, "" if it has none.
func versionID(res []byte) string {
	var r struct {
		Meta struct {
			VersionID string `json:"versionId"`
		} `json:"meta"`
	}
	if json.Unmarshal(res, &r) != nil {
		return ""
	}
	return r.Meta.VersionID
}
