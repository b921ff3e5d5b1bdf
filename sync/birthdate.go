package sync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// BirthDateSet is what SetBirthDate changed.
type BirthDateSet struct {
	Profile string `json:"id"`
	Name    string `json:"name"`
	Was     string `json:"was,omitempty"`       // the birth date before, YYYY-MM-DD ("" for none)
	Date    string `json:"birthDate,omitempty"` // the birth date now ("" for none)
	// Records is how many of the person's Patient records were changed with it (their
	// records from each source, and CareKeeper's own).
	Records int `json:"records"`
}

// Words say the change: "Lily Rose Moreno's birth date is now 14 Apr 2019 (it was 14 Apr
// 2009), on People and in her records".
func (s BirthDateSet) Words() string {
	if s.Was == s.Date && s.Records > 0 { // People had it; their records gave another
		if s.Date == "" {
			return fmt.Sprintf("%s's records no longer give a birth date, as People gives none.", s.Name)
		}
		return fmt.Sprintf("%s's records now give their birth date as %s, as People does.", s.Name, health.DayWords(s.Date))
	}
	if s.Was == s.Date {
		if s.Date == "" {
			return fmt.Sprintf("%s has no birth date here: nothing changed.", s.Name)
		}
		return fmt.Sprintf("%s's birth date is already %s: nothing changed.", s.Name, health.DayWords(s.Date))
	}
	where := "on People"
	if s.Records > 0 {
		where = "on People and in their records"
	}
	if s.Date == "" {
		return fmt.Sprintf("%s's birth date (%s) is removed, %s.", s.Name, health.DayWords(s.Was), where)
	}
	was := ""
	if s.Was != "" {
		was = " (it was " + health.DayWords(s.Was) + ")"
	}
	return fmt.Sprintf("%s's birth date is now %s%s, %s. A file or portal giving another one does not change it: the import says so.",
		s.Name, health.DayWords(s.Date), was, where)
}

// ErrBadBirthDate refuses a birth date that is not a real day (YYYY-MM-DD) or is after today.
var ErrBadBirthDate = errors.New("the birth date must be a real date, YYYY-MM-DD, not after today")

// SetBirthDate changes a person's birth date everywhere it is kept, in one write: their
// profile (People, the PDF, ages) and each of their Patient records (what an export, the IPS
// and a household's other devices read). The Edit person dialog changed only the profile,
// so People and the Patient record then disagreed (F397). An import never changes a birth
// date (keepBirthDates), so a file or portal giving the old one later keeps this one, and its
// line says so. date "" removes the birth date. A person this computer may only view, or no
// longer shares, is refused as every change of theirs (storage.ErrViewOnly, ErrNotShared).
func SetBirthDate(ctx context.Context, v *storage.Vault, profile, date string, now time.Time) (*BirthDateSet, error) {
	if err := health.CheckBirthDate(date, now); err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrBadBirthDate, err)
	}
	p, err := v.Profile(profile)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, ErrUnknownProfile
	} else if err != nil {
		return nil, err
	}
	out := &BirthDateSet{Profile: p.ID, Name: p.Name, Was: p.BirthDate, Date: date}
	b := &storage.Batch{Now: now, Durable: true}
	for _, id := range p.Patients {
		r, err := v.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		if r.Profile != p.ID || !r.Meta.Deleted.IsZero() {
			continue
		}
		rec, changed, err := withBirthDate(r, date)
		if err != nil {
			return nil, err
		}
		if !changed {
			continue
		}
		if b.File == "" {
			b.File = r.Meta.File // as it was (one write keeps one file name)
		}
		b.Records = append(b.Records, rec)
	}
	if p.BirthDate != date {
		np := *p
		np.BirthDate = date
		b.Profiles = []storage.Profile{np}
	}
	out.Records = len(b.Records)
	if len(b.Records) == 0 && len(b.Profiles) == 0 {
		return out, nil
	}
	if _, err := v.Write(ctx, b); err != nil {
		return nil, fmt.Errorf("saving the birth date: %w", err)
	}
	return out, nil
}

// withBirthDate is the Patient record r with birthDate date ("" none), and whether it changed.
func withBirthDate(r *storage.Record, date string) (storage.Record, bool, error) {
	var res map[string]json.RawMessage
	if err := json.Unmarshal(r.Resource, &res); err != nil {
		return storage.Record{}, false, fmt.Errorf("reading a Patient record: %w", err)
	}
	var old string
	_ = json.Unmarshal(res["birthDate"], &old)
	if old == date && (date != "" || res["birthDate"] == nil) {
		return storage.Record{}, false, nil
	}
	if date == "" {
		delete(res, "birthDate")
	} else {
		res["birthDate"], _ = json.Marshal(date)
	}
	body, err := json.Marshal(res)
	if err != nil {
		return storage.Record{}, false, err
	}
	made, err := storage.NewRecord(r.Profile, r.ID, body)
	if err != nil {
		return storage.Record{}, false, err
	}
	rec := *r
	rec.Resource = body
	rec.Meta.Date, rec.Meta.Precision = made.Meta.Date, made.Meta.Precision // a Patient's date is its birth date
	rec.Meta.Card = nil                                                     // no longer what a health card carried
	rec.Meta.Hash = nil
	return rec, true, nil
}
