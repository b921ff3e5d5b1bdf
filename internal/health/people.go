package health

import (
	"encoding/json"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Death is what the records say about a person's death.
type Death struct {
	Deceased bool
	// Date is the date of death (YYYY-MM-DD) when the record gives one ("" for
	// deceasedBoolean true); At is its instant (zero without a date).
	Date string
	At   time.Time
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

// Before reports whether the person had died by t (a death without a date counts as before
// any t).
func (d Death) Before(t time.Time) bool {
	return d.Deceased && (d.At.IsZero() || !d.At.After(t))
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

// PatientDeath reads Patient.deceased[x] from a Patient resource.
func PatientDeath(patient []byte) Death {
	var p patientJSON
	if json.Unmarshal(patient, &p) != nil {
		return Death{}
	}
	return p.death()
}

func (p *patientJSON) death() Death {
	if p.DeceasedDateTime != "" {
		d := Death{Deceased: true, Date: Day(p.DeceasedDateTime)}
		d.At, _ = ParseTime(p.DeceasedDateTime)
		return d
	}
	if p.DeceasedBoolean != nil && *p.DeceasedBoolean {
		return Death{Deceased: true}
	}
	return Death{}
}

// DeathOf is the death the person's Patient records state (any source; the earliest date
// when sources give several). A person no record says has died is living.
func DeathOf(s *Set) Death {
	var out Death
	for _, r := range s.OfType("Patient") {
		if r.Deleted {
			continue
		}
		d := PatientDeath(r.JSON)
		switch {
		case !d.Deceased:
		case !out.Deceased, out.Date == "" && d.Date != "", d.Date != "" && d.Date < out.Date:
			out = d
		}
	}
	return out
}

// Identity is who a Patient resource, or a person in the vault, is: a name and a birth date
// (YYYY-MM-DD or "").
type Identity struct {
	Name        string
	BirthDate   string
	Identifiers []string // "system|value"
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
	if len(p.Name) > 0 {
		n := p.Name[0]
		n.Prefix = nil // "Mr." is not part of who they are
		id.Name = n.String()
	}
	id.BirthDate = Day(p.BirthDate)
	for _, i := range p.Identifier {
		if i.Value != "" {
			id.Identifiers = append(id.Identifiers, i.System+"|"+i.Value)
		}
	}
	return id, true
}

// Mismatch says how a file's Patient differs from the person it is about to be imported into.
type Mismatch struct {
	File, Person Identity
	Name, Birth  bool // the names differ; the birth dates differ
}

// Differs reports whether importing should ask first.
func (m Mismatch) Differs() bool { return m.Name || m.Birth }

// Sentence is "FILE is for Liz Conn (born 1986), not Mum (born 1950)" (FILE as given). Two
// birth dates of the same year are given whole, as the person switcher and the import line
// do: "FILE is for Eve B (born 2 May 1975), not Eve B (born 1 May 1975)".
func (m Mismatch) Sentence(file string) string {
	f, p := m.File.BirthDate, m.Person.BirthDate
	full := len(f) >= 4 && len(p) >= 4 && f[:4] == p[:4] && f != p
	return file + " is for " + m.File.words(full) + ", not " + m.Person.words(full)
}

// CompareIdentity compares a file's Patient with the chosen person. A shared identifier
// means the same person whatever the names say. Otherwise names are compared normalised
// (case, accents, punctuation and the digits test data appends are ignored; word order and
// extra given names do not matter: every word of the shorter name must be in the longer), and
// birth dates only when both are known.
func CompareIdentity(file, person Identity) Mismatch {
	m := Mismatch{File: file, Person: person}
	for _, a := range file.Identifiers {
		for _, b := range person.Identifiers {
			if a == b {
				return m
			}
		}
	}
	fw, pw := nameWords(file.Name), nameWords(person.Name)
	if len(fw) > 0 && len(pw) > 0 {
		small, big := fw, pw
		if len(small) > len(big) {
			small, big = big, small
		}
		for _, w := range small {
			if !contains(big, w) {
				m.Name = true
				break
			}
		}
	}
	if file.BirthDate != "" && person.BirthDate != "" && Day(file.BirthDate) != Day(person.BirthDate) {
		m.Birth = true
	}
	return m
}

// nameWords are a name's words, lower case, without accents, punctuation or digits.
func nameWords(name string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.IsDigit(r):
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
