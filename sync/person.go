package sync

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/ssn"
	"carekeeper/storage"
)

// Matching a file's Patient to a person of the vault (when no person is chosen). Merging two
// real people is far worse than keeping one person twice (two people can be joined later;
// records of one person shown as another's mislead, and a household shares them), so a match
// needs strong evidence and anything doubtful makes a new person. See docs/intake.md, "Whose
// records".
//
//  1. A shared identifier (the same system and value, a US SSN without its dashes; a value
//     without a system identifies nobody) is the same person, whatever the names say —
//     unless the birth dates are both known and differ and no name agrees (otherOne): a
//     record number reused or mistyped, or a file of someone else, is not merged into them.
//  2. Otherwise identifiers of one system with no value in common (two record numbers of the
//     same hospital), birth dates that differ or are not both known, or sexes (gender) that
//     are both known and differ: another person.
//  3. Otherwise the same name, word for word, case, accents, punctuation and spacing ignored
//     ("Sam J. Rivera" is "SAM J RIVERA"; a person added by hand with a name and birth date is
//     found this way): the same person. The file's name is its display name (HumanName.text,
//     or a CJK name family first) and each of its names' given and family words. A name's
//     reading (a Japanese name's kana beside its kanji: personName.reading) is not its written
//     name and joins nobody: a home monitor's "サトウ ケンイチ" alone was joined to the clinic's 佐藤
//     健一 by his reading, and 佐藤 賢一 of the same reading would have been; such a file makes a
//     new person whom the import asks about (identity.MayBeOne), as "Kenichi SATO" (F561).
//  4. Otherwise, when both sexes are known (and equal): the same first given name and family
//     name (written names, not readings), case, accents and punctuation ignored, and middle names that do not disagree (one
//     side without any, or each the same name or its initial): "SAM RIVERA" is "Sam J.
//     Rivera", "Sam Alex Rivera" is not "Sam Ben Rivera", and "J. Sam Rivera" is not matched.
//
// A person is compared with their profile's name and with the names of all their Patient
// records. When more than one person matches by name, none is chosen: a new person is made.

// personID is who one Patient resource, or one person of the vault, says they are.
type personID struct {
	names  []personName
	birth  string
	sexes  []string // known genders ("male", "female", "other"); "unknown" is not known
	idents []string // system|value, only those with both
}

// personName is a name as normalised words.
type personName struct {
	given  []string
	family string // its words joined by one space
	// reading: the name as it sounds, not as written — a HumanName whose representation is
	// "SYL" (syllabic: a Japanese name's kana), or one all in kana beside a name that is not
	// (the pharmacy's "サトウ　ケンイチ" after "佐藤　健一", a kiosk's "ｶｽﾞｺ ｻﾄｳ" after "ＫＡＺＵＫＯ
	// ＳＡＴＯ"). A name alone in kana is how that file writes it: not a reading.
	reading bool
}

// patientJSON is the part of a Patient matching reads.
type patientJSON struct {
	Name []struct {
		Use    string   `json:"use"`
		Text   string   `json:"text"`
		Family string   `json:"family"`
		Given  []string `json:"given"`
		// Extension gives the name's representation (ENRepresentation): "SYL" a reading.
		Extension []struct {
			URL       string `json:"url"`
			ValueCode string `json:"valueCode"`
		} `json:"extension"`
	} `json:"name"`
	Gender     string `json:"gender"`
	BirthDate  string `json:"birthDate"`
	Identifier []struct {
		System string `json:"system"`
		Value  string `json:"value"`
	} `json:"identifier"`
}

// patientPerson reads who a Patient resource is.
func patientPerson(resource []byte) personID {
	var p patientJSON
	if json.Unmarshal(resource, &p) != nil {
		return personID{}
	}
	var out personID
	var reps []string // each name's representation ("" not said)
	for _, n := range p.Name {
		if n.Use == "old" || n.Use == "anonymous" {
			continue
		}
		rep := ""
		for _, e := range n.Extension {
			if e.URL == representationURL {
				rep = e.ValueCode
			}
		}
		reps = append(reps, rep)
		var pn personName
		if n.Family != "" || len(n.Given) > 0 {
			for _, g := range n.Given {
				pn.given = append(pn.given, health.NameWords(g)...)
			}
			pn.family = strings.Join(health.NameWords(n.Family), " ")
		} else {
			pn = splitName(n.Text)
		}
		out.names = append(out.names, pn)
	}
	markReadings(out.names, reps)
	out.birth = p.BirthDate
	out.sexes = addSex(nil, p.Gender)
	for _, i := range p.Identifier {
		if i.System != "" && i.Value != "" && !noOnesNumber(i.System, i.Value) {
			out.idents = append(out.idents, i.System+"|"+identValue(i.System, i.Value))
		}
	}
	return out
}

// representationURL is the extension saying how a HumanName is written: "IDE" ideographic
// (kanji), "SYL" syllabic (kana: the reading), "ABC" alphabetic.
const representationURL = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"

// markReadings marks the names of one Patient that are readings (personName.reading): each
// whose representation (reps, by name) is "SYL", and, of those whose representation is not
// said, each written all in kana when another of the Patient's names is not a reading and not
// in kana.
func markReadings(names []personName, reps []string) {
	kana := func(n personName) bool { return health.KanaWords(strings.Fields(n.joined())) }
	written := false // a name not in kana, not a reading
	for i, n := range names {
		if reps[i] != "SYL" && !kana(n) && len(strings.Fields(n.joined())) > 0 {
			written = true
		}
	}
	for i := range names {
		names[i].reading = reps[i] == "SYL" || reps[i] == "" && written && kana(names[i])
	}
}

// nameIsReading reports whether a display name (a file's or a person's) is one of the names'
// readings and none of their written names, its words in any order: a Patient named first by
// its reading is shown by it, and that name joins nobody either (rule 3).
func nameIsReading(display string, names []personName) bool {
	w := slices.Sorted(slices.Values(health.NameWords(display)))
	reading := false
	for _, n := range names {
		if slices.Equal(w, slices.Sorted(slices.Values(strings.Fields(n.joined())))) {
			if !n.reading {
				return false
			}
			reading = true
		}
	}
	return reading
}

// identValue is an identifier's value as compared: a US social security number without the
// dashes and spaces it is often written with (444-22-2222 is 444222222); others as written.
func identValue(system, value string) string {
	if system != ssn.System {
		return value
	}
	return strings.NewReplacer("-", "", " ", "").Replace(value)
}

// noOnesNumber reports an identifier that names nobody: a US social security number no one
// can have (000-00-0000, ssn.Placeholder). It counted as another number of the same system,
// and a document giving it made Eve Betterhalf, born 1 May 1975, a second person (F488).
func noOnesNumber(system, value string) bool {
	return system == ssn.System && ssn.Placeholder(value)
}

// profileIdents are a person's identifiers (system|value, as their records write them) as
// compared (identValue): Henry L Levin's "111-00-2330" was not the "111002330" of Juan
// Damore's consult, so the consult that had his Patient's key went into him without its other
// first name being looked at (F459's check needs a shared number).
func profileIdents(prof *storage.Profile) []string {
	out := make([]string, 0, len(prof.Identifiers))
	for _, s := range prof.Identifiers {
		if sys, val, ok := strings.Cut(s, "|"); ok {
			if noOnesNumber(sys, val) {
				continue // kept on the person by an older CareKeeper
			}
			s = sys + "|" + identValue(sys, val)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func addSex(list []string, gender string) []string {
	if gender == "" || gender == "unknown" {
		return list
	}
	for _, have := range list {
		if have == gender {
			return list
		}
	}
	return append(list, gender)
}

// splitName reads a name written as one string ("Sam J. Rivera"): the last word is the family
// name, the others given names (health.SplitName).
func splitName(s string) personName {
	given, family := health.SplitName(s)
	return personName{given: given, family: family}
}

// NamesOfOnePerson reports whether a and b may name one person recorded twice
// (health.NamesOfOnePerson, the one rule: the household's join and separate call it here).
func NamesOfOnePerson(a, b string) bool { return health.NamesOfOnePerson(a, b) }

// matchRecordNumbers is the part of matchPerson that needs only identifiers and birth dates:
// decided is false when names and sexes must say.
func matchRecordNumbers(person, file personID) (decided, match, byIdentifier bool) {
	systems := map[string][]string{} // system → the person's values
	for _, have := range person.idents {
		for _, ident := range file.idents {
			if have == ident {
				if person.birth != "" && file.birth != "" && person.birth != file.birth {
					return false, false, false // names must say (otherOne)
				}
				return true, true, true
			}
		}
		sys, val, _ := strings.Cut(have, "|")
		systems[sys] = append(systems[sys], val)
	}
	for _, ident := range file.idents {
		if sys, _, _ := strings.Cut(ident, "|"); len(systems[sys]) > 0 {
			return true, false, false // a system both have values of, none in common (that returned above)
		}
	}
	if file.birth == "" || person.birth == "" || file.birth != person.birth {
		return true, false, false
	}
	return false, false, false
}

// sharesIdentifier reports whether two Patients have an identifier in common (rule 1).
func sharesIdentifier(a, b personID) bool {
	for _, have := range a.idents {
		if slices.Contains(b.idents, have) {
			return true
		}
	}
	return false
}

// match is matchPerson for a person of the vault or of this import: their stored Patients'
// names and sexes are read (personOf) only when identifiers and birth dates leave it open.
func (p *planner) match(prof *storage.Profile, file personID, fileName string) (match, byIdentifier bool) {
	if decided, match, byIdentifier := matchRecordNumbers(personID{birth: prof.BirthDate, idents: profileIdents(prof)}, file); decided {
		return match, byIdentifier
	}
	return matchPerson(p.personOf(prof), prof.Name, file, fileName)
}

// matchPerson applies rules 1–4: whether the file's Patient (file, its display name) is the
// person (with their profile's name), and whether by a shared identifier.
func matchPerson(person personID, profileName string, file personID, fileName string) (match, byIdentifier bool) {
	if decided, match, byIdentifier := matchRecordNumbers(person, file); decided {
		return match, byIdentifier
	}
	if sharesIdentifier(person, file) { // with another birth date: the same unless the names differ too
		if otherOne(person, []string{profileName}, file, []string{fileName}) {
			return false, false
		}
		return true, true
	}
	for _, s := range file.sexes {
		for _, t := range person.sexes {
			if s != t {
				return false, false
			}
		}
	}
	// The file's display name (its text, or a CJK name family first) and its names' parts
	// given then family, as display names were once built: a person made from either is found.
	// Written names only, not readings, on both sides.
	fileNames := writtenNames(fileName, file.names)
	personNames := writtenNames(profileName, person.names)
	for _, fn := range fileNames {
		for _, pn := range personNames {
			if health.SameNameWords(fn, pn) {
				return true, false
			}
		}
	}
	if len(file.sexes) != 1 || len(person.sexes) != 1 {
		return false, false // rule 4 needs the sex known on both sides
	}
	var candidates []personName
	if !nameIsReading(profileName, person.names) {
		candidates = append(candidates, splitName(profileName))
	}
	for _, c := range person.names {
		if !c.reading {
			candidates = append(candidates, c)
		}
	}
	for _, f := range file.names {
		for _, c := range candidates {
			if !f.reading && sameName(f, c) {
				return true, false
			}
		}
	}
	return false, false
}

// writtenNames are a display name and the names' words given then family, leaving out
// readings (personName.reading, nameIsReading).
func writtenNames(display string, names []personName) []string {
	var out []string
	if !nameIsReading(display, names) {
		out = append(out, display)
	}
	for _, n := range names {
		if !n.reading {
			out = append(out, n.joined())
		}
	}
	return out
}

// contradicts reports whether two Patients cannot be one person: identifiers of one system
// with no value in common, birth dates both known and different, or sexes both known and
// different (rule 2's evidence, names aside: a name is corrected more often than a birth date).
func contradicts(a, b personID) bool {
	systems := map[string]bool{}
	for _, have := range a.idents {
		if slices.Contains(b.idents, have) {
			return otherOne(a, nil, b, nil)
		}
		sys, _, _ := strings.Cut(have, "|")
		systems[sys] = true
	}
	for _, ident := range b.idents {
		if sys, _, _ := strings.Cut(ident, "|"); systems[sys] {
			return true
		}
	}
	if a.birth != "" && b.birth != "" && a.birth != b.birth {
		return true
	}
	for _, s := range a.sexes {
		for _, t := range b.sexes {
			if s != t {
				return true
			}
		}
	}
	return false
}

// otherOne reports whether two Patients that share an identifier are still two people: birth
// dates both known and different, and names on both sides none of which agrees (word for
// word, or by rule 4's comparison). Either alone is a correction (a name changed at marriage, a
// birth date mistyped); both at once is someone else.
func otherOne(a personID, aNames []string, b personID, bNames []string) bool {
	if a.birth == "" || b.birth == "" || a.birth == b.birth {
		return false
	}
	na, nb := slices.Clone(a.names), slices.Clone(b.names)
	for _, s := range aNames {
		if n := splitName(s); n.family != "" {
			na = append(na, n)
		}
	}
	for _, s := range bNames {
		if n := splitName(s); n.family != "" {
			nb = append(nb, n)
		}
	}
	if len(na) == 0 || len(nb) == 0 {
		return false
	}
	for _, x := range na {
		for _, y := range nb {
			if x.joined() == y.joined() || sameName(x, y) {
				return false
			}
		}
	}
	return true
}

// givenNamesDisagree reports whether a file's Patient that shares a record number with a
// person has given names none of which is one of the person's (a word, an initial of one, or
// its beginning): Rose is not Lily, whatever record number the clinic gave them both (F459).
// "Mary" and "Mary Jane", "J." and "James", "Sam" and "Samuel", or a family name changed at
// marriage agree; a side with no given names says nothing.
func givenNamesDisagree(person personID, profileName string, file personID, fileName string) bool {
	givens := func(names []personName, display string) []string {
		var out []string
		for _, n := range names {
			out = append(out, n.given...)
		}
		if n := splitName(display); len(n.given) > 0 && display != unnamedPerson {
			out = append(out, n.given...)
		}
		return out
	}
	pg, fg := givens(person.names, profileName), givens(file.names, fileName)
	return len(pg) > 0 && len(fg) > 0 && !health.GivenNamesAgree(pg, fg)
}

// joined is the name's words, given names then family.
func (n personName) joined() string {
	return strings.Join(append(append([]string(nil), n.given...), n.family), " ")
}

// sameName is rule 4's name comparison.
func sameName(a, b personName) bool {
	if a.family == "" || a.family != b.family || len(a.given) == 0 || len(b.given) == 0 || a.given[0] != b.given[0] {
		return false
	}
	ma, mb := a.given[1:], b.given[1:]
	for i := 0; i < len(ma) && i < len(mb); i++ {
		x, y := ma[i], mb[i]
		if x == y {
			continue
		}
		if len([]rune(x)) == 1 && strings.HasPrefix(y, x) || len([]rune(y)) == 1 && strings.HasPrefix(x, y) {
			continue
		}
		return false
	}
	return true
}

// personOf is who a profile is: their birth date and identifiers, and the names and sexes of
// their Patient records (in the vault, and those this import gives them).
func (p *planner) personOf(prof *storage.Profile) personID {
	out := personID{birth: prof.BirthDate, idents: profileIdents(prof)}
	if p.vaultPeople == nil {
		p.vaultPeople = map[string]personID{}
	}
	stored, ok := p.vaultPeople[prof.ID]
	if !ok {
		for _, id := range prof.Patients {
			rec, err := p.v.Get(id)
			if err != nil || rec == nil || rec.Profile != prof.ID {
				continue
			}
			pp := patientPerson(rec.Resource)
			stored.names = append(stored.names, pp.names...)
			for _, s := range pp.sexes {
				stored.sexes = addSex(stored.sexes, s)
			}
		}
		p.vaultPeople[prof.ID] = stored
	}
	out.names = append(out.names, stored.names...)
	out.sexes = append(out.sexes, stored.sexes...)
	for _, pp := range p.filePeople[prof.ID] {
		out.names = append(out.names, pp.names...)
		for _, s := range pp.sexes {
			out.sexes = addSex(out.sexes, s)
		}
	}
	return out
}

// NameInUse is the display name of a Patient resource's name in use (F192): of its names that
// are not old, maiden or anonymous and whose period has not ended by now, the official one,
// else the usual one, else the first; "" when the Patient has none of those but its first
// name (Info.Name then names it, as before). A person made from a Patient whose first name
// entry was her maiden name ("Adaeze Bello") is named by the name she uses ("Adaeze Chioma
// Okafor"), one whose name changed at marriage by the later one.
func NameInUse(resource []byte, now time.Time) string {
	var p struct {
		Name []json.RawMessage `json:"name"`
	}
	if json.Unmarshal(resource, &p) != nil || len(p.Name) < 2 {
		return ""
	}
	today := now.UTC().Format("2006-01-02")
	best, bestRank := -1, 0
	for i, raw := range p.Name {
		var n struct {
			Use    string   `json:"use"`
			Text   string   `json:"text"`
			Family string   `json:"family"`
			Given  []string `json:"given"`
			Period struct {
				End string `json:"end"`
			} `json:"period"`
		}
		if json.Unmarshal(raw, &n) != nil || strings.TrimSpace(n.Text+n.Family+strings.Join(n.Given, "")) == "" {
			continue
		}
		if end := n.Period.End[:min(len(n.Period.End), len(today))]; end != "" && end < today[:len(end)] {
			continue // ended
		}
		rank := 2
		switch n.Use {
		case "old", "maiden", "anonymous":
			continue
		case "official":
			rank = 0
		case "usual":
			rank = 1
		case "temp":
			rank = 3
		case "nickname":
			rank = 4
		}
		if best < 0 || rank < bestRank {
			best, bestRank = i, rank
		}
	}
	if best <= 0 {
		return ""
	}
	info, err := fhirjson.Summarize([]byte(`{"resourceType":"Patient","name":[` + string(p.Name[best]) + `]}`))
	if err != nil {
		return ""
	}
	return info.Name
}

// TwoPeople reports whether two Patient resources that one person of the vault holds are the
// records of two people: given names none of which agrees (twins, Rose and Lily Lindqvist), or
// birth dates both known and different with no record number in common (a father and son of
// one name). A person made one of two before an import kept them apart, or joined with another
// by hand, holds both (F455, F464): hhvault.FindMixed finds them. A Patient without a name, or
// a birth date corrected under the same record number, says nothing against one person.
//
// Names written in other ways are one person's (F561): the hospital's "Kenichi SATO" and the
// clinic's 佐藤 健一 read サトウ ケンイチ, or "佐藤健一" and "佐藤 健一". 'profile separate' offered to
// move the hospital's records out of him again after 'profile join' had put them together.
func TwoPeople(a, b []byte) bool {
	pa, pb := patientPerson(a), patientPerson(b)
	if givenNamesDisagree(pa, "", pb, "") && !writtenOtherWays(pa, pb) {
		return true
	}
	if !birthsDiffer(pa.birth, pb.birth) {
		return false
	}
	for _, i := range pa.idents {
		if slices.Contains(pb.idents, i) {
			return false
		}
	}
	return true
}

// writtenOtherWays reports whether a name of a and one of b are one name written in other
// ways: the same Chinese, Japanese or Korean characters with or without a space, or a kana
// reading and its romaji (health.SameCharacters, health.ReadingAgrees).
func writtenOtherWays(a, b personID) bool {
	for _, x := range a.names {
		for _, y := range b.names {
			wx, wy := strings.Fields(x.joined()), strings.Fields(y.joined())
			if health.SameCharacters(wx, wy) || health.ReadingAgrees(wx, wy) {
				return true
			}
		}
	}
	return false
}

// PatientOfPerson reports whether a Patient resource may be the person's own record: given
// names that agree with the person's name (or none on either side) and a birth date that
// agrees with theirs (or is not known on either side).
func PatientOfPerson(prof *storage.Profile, patient []byte) bool {
	pp := patientPerson(patient)
	return !givenNamesDisagree(personID{}, prof.Name, pp, "") && !birthsDiffer(prof.BirthDate, pp.birth)
}

// birthsDiffer: two birth dates both known and different ("2019" and "2019-05-03" agree).
func birthsDiffer(a, b string) bool {
	return a != "" && b != "" && !strings.HasPrefix(a, b) && !strings.HasPrefix(b, a)
}

// IsPersonSource reports whether source is a PersonSource (a local record kept apart for one
// person), and whose.
func IsPersonSource(source string) (profile string, ok bool) {
	return strings.CutPrefix(source, personSourcePrefix)
}
