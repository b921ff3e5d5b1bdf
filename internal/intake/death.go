package intake

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// A file whose Patient states a death makes the person it is imported into shown as having
// died (health.DeathOf decides): no reminders, "Died …" on Today and People. Importing one
// into a person here who was living says so, and a forced import of such a file into a
// living person of another birth date is asked about first (F145: it made them dead without
// a word). Only the file's own Patients (parsed as it was read) and the Patients of the
// people it may be filed under are read: never every Patient of the vault (7d47ad2 read and
// decoded them all twice for every such file, and the 100,000-resource import was a third
// slower).

// Died is a person here who was living before the import and whom their records now show as
// having died.
type Died struct {
	Profile string `json:"profile"`
	// Date is the day of death on the person's clock (YYYY-MM-DD), "" when the records give none.
	Date   string `json:"date,omitempty"`
	gender string // of the person's records ("female", "male", …) for the sentence
}

// words says it: "this file says Mary Smith died on 1 Dec 2026: she is now shown as having
// died, and her reminders stop".
func (d Died) words(name string) string {
	if name == "" {
		name = "the person"
	}
	when := ""
	if d.Date != "" {
		when = " on " + health.DayWords(d.Date)
	}
	is, their := pronouns(d.gender)
	return fmt.Sprintf("this file says %s died%s: %s now shown as having died, and %s reminders stop", name, when, is, their)
}

// pronouns are "she is"/"her", "he is"/"his", else "they are"/"their".
func pronouns(gender string) (is, their string) {
	switch gender {
	case "female":
		return "she is", "her"
	case "male":
		return "he is", "his"
	}
	return "they are", "their"
}

// patientFacts is what the death check reads of a Patient resource.
type patientFacts struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Gender       string `json:"gender"`
}

// statesDeath reports whether a Patient of patients says the person has died (at any date).
func statesDeath(patients [][]byte) bool {
	for _, p := range patients {
		if health.PatientDeath(p, time.Time{}).Deceased {
			return true
		}
	}
	return false
}

// personDeath is what a person's Patient records say of their death as of now on their clock
// (as the screens judge it), and the gender they give. Only the person's own Patients are read.
func personDeath(v *storage.Vault, profile string, now time.Time) (health.Death, string, error) {
	p, err := v.Profile(profile)
	if err != nil {
		return health.Death{}, "", err
	}
	var d health.Death
	gender := ""
	for _, id := range p.Patients {
		r, err := v.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return health.Death{}, "", err
		}
		if !r.Meta.Deleted.IsZero() || r.Profile != profile {
			continue
		}
		d = d.Earliest(health.PatientDeath(r.Resource, now))
		var f patientFacts
		if gender == "" && json.Unmarshal(r.Resource, &f) == nil {
			gender = f.Gender
		}
	}
	return d, gender, nil
}

// personNow is now on the person's clock (their reminder settings' zone, else the device's).
func personNow(v *storage.Vault, profile string, opt Options) (time.Time, error) {
	now := time.Now()
	if opt.Now != nil {
		now = opt.Now()
	}
	dev := remind.SystemZone(nil)
	if opt.Device != nil {
		dev = opt.Device()
	}
	s, err := remind.LoadSettings(v, profile)
	if err != nil {
		return time.Time{}, err
	}
	loc, _ := s.Location(dev, now)
	return now.In(loc), nil
}

// mayDie are the people here the import of a file stating a death may file it under and who
// are living: the person chosen, else those its Patients could be matched to (a shared
// identifier or resource id, the same birth date, or none known: more than sync matches,
// never fewer). Their Patients alone are read.
func mayDie(v *storage.Vault, patients [][]byte, opt Options) (map[string]bool, error) {
	var people []storage.Profile
	if opt.Profile != "" {
		p, err := v.Profile(opt.Profile)
		if err != nil {
			return nil, err
		}
		people = []storage.Profile{*p}
	} else {
		all, err := v.Profiles()
		if err != nil {
			return nil, err
		}
		var ids []health.Identity
		var rids []string
		for _, raw := range patients {
			if id, ok := health.PatientIdentity(raw); ok {
				ids = append(ids, id)
			}
			var f patientFacts
			if json.Unmarshal(raw, &f) == nil && f.ID != "" {
				rids = append(rids, f.ID)
			}
		}
		for _, p := range all {
			if couldBe(p, ids, rids) {
				people = append(people, p)
			}
		}
	}
	out := map[string]bool{}
	for _, p := range people {
		now, err := personNow(v, p.ID, opt)
		if err != nil {
			return nil, err
		}
		d, _, err := personDeath(v, p.ID, now)
		if err != nil {
			return nil, err
		}
		if !d.Deceased {
			out[p.ID] = true
		}
	}
	return out, nil
}

// couldBe reports whether a file's Patients (ids, their resource ids rids) could be filed
// under person p.
func couldBe(p storage.Profile, ids []health.Identity, rids []string) bool {
	if p.BirthDate == "" {
		return true
	}
	for _, id := range ids {
		if id.BirthDate == "" || id.BirthDate == p.BirthDate {
			return true
		}
		for _, x := range id.Identifiers {
			if slices.Contains(p.Identifiers, x) {
				return true
			}
		}
	}
	for _, pid := range p.Patients {
		if slices.Contains(rids, pid.ID) {
			return true
		}
	}
	return false
}

// died are the people of s (not new) who were living (living) and whose records now say they
// died.
func died(v *storage.Vault, s *Summary, living map[string]bool, opt Options) ([]Died, error) {
	var out []Died
	for _, p := range s.People {
		if !living[p] || slices.Contains(s.NewPeople, p) {
			continue
		}
		now, err := personNow(v, p, opt)
		if err != nil {
			return nil, err
		}
		d, gender, err := personDeath(v, p, now)
		if err != nil {
			return nil, err
		}
		if d.Deceased {
			out = append(out, Died{Profile: p, Date: d.Date, gender: gender})
		}
	}
	return out, nil
}

// DeathAsk is a file that should not be imported into a person without asking: its Patient,
// of another birth date than the person's, states a death, and the person is living. Imported
// into them, they would be shown as having died and their reminders would stop.
type DeathAsk struct {
	File   health.Identity // the file's Patient that states the death
	Person health.Identity // the person chosen
	Date   string          // the day of death on the person's clock, "" if none is given
	gender string          // the person's
	// more are the file's other Patients of another birth date stating a death, and several
	// that the file has more than one Patient: the sentence then names whom each death is
	// about (F346).
	more    []health.Identity
	moreOn  []string
	several bool
}

// Sentence says it on a screen, after the sentence saying whom the file is for (the app's
// question), the person named into: "It says that person died on 1 Dec 2026: imported into
// Mary Smith (born 1980), who is living, she would be shown as having died and her reminders
// would stop." A file of several people names whom: "It says Zed Gone died on 20 Nov 2026: …".
func (a *DeathAsk) Sentence(into string) string {
	died := func(who health.Identity, date string) string {
		name := "that person"
		if a.several {
			name = who.Name
			if name == "" {
				name = "someone without a name"
			}
		}
		if date != "" {
			return name + " died on " + health.DayWords(date)
		}
		return name + " died"
	}
	deaths := []string{died(a.File, a.Date)}
	for i, who := range a.more {
		deaths = append(deaths, died(who, a.moreOn[i]))
	}
	all := deaths[0]
	if n := len(deaths); n > 1 {
		all = strings.Join(deaths[:n-1], ", ") + " and " + deaths[n-1]
	}
	is, their := pronouns(a.gender)
	would := map[string]string{"she is": "she would", "he is": "he would", "they are": "they would"}[is]
	return fmt.Sprintf("It says %s: imported into %s, who is living, %s be shown as having died and %s reminders would stop.",
		all, into, would, their)
}

// ErrStatesDeath is the error of a forced import refused because the file's Patient states a
// death and the person chosen, of another birth date, is living (DeathAsk). Like the other
// refusals it names no one and gives no date (an error line).
type ErrStatesDeath struct{ File string }

func (e *ErrStatesDeath) Error() string {
	return e.File + ": not imported: the file says its person has died, and the person chosen, born on another day, is living: " +
		"imported, they would be shown as having died and their reminders would stop; add --yes to import it into them all the same"
}

// AskDeath reports whether importing a file whose Patients are patients (a collection of
// them, as Input.PatientFile and Patients give it; nil for none) into profile should be asked
// about first (DeathAsk), nil if not. Only the file's Patients and the person's are read.
func AskDeath(v *storage.Vault, profile string, patients []byte, opt Options) (*DeathAsk, error) {
	if patients == nil || profile == "" {
		return nil, nil
	}
	file, err := fhirjson.ParseFile(patients)
	if err != nil {
		return nil, nil // the import itself says what is wrong
	}
	var raws [][]byte
	for _, e := range file.Entries {
		if e.Info.Type == "Patient" {
			raws = append(raws, e.Resource)
		}
	}
	if !statesDeath(raws) {
		return nil, nil
	}
	p, err := v.Profile(profile)
	if err != nil {
		return nil, err
	}
	person := health.Identity{Name: p.Name, BirthDate: p.BirthDate, Identifiers: p.Identifiers}
	now, err := personNow(v, profile, opt)
	if err != nil {
		return nil, err
	}
	var ask *DeathAsk
	for _, raw := range raws {
		d := health.PatientDeath(raw, now)
		id, ok := health.PatientIdentity(raw)
		if !d.Deceased || !ok || !health.CompareIdentity(id, person).Birth {
			continue
		}
		if ask != nil {
			ask.more, ask.moreOn = append(ask.more, id), append(ask.moreOn, d.Date)
			continue
		}
		had, gender, err := personDeath(v, profile, now)
		if err != nil {
			return nil, err
		}
		if had.Deceased {
			return nil, nil
		}
		ask = &DeathAsk{File: id, Person: person, Date: d.Date, gender: gender, several: len(raws) > 1}
	}
	return ask, nil
}
