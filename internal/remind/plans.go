package remind

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

func loadOverride(v *storage.Vault, profile string, id storage.ID) (Override, error) {
	var o Override
	b, err := v.GetState(planKey(profile, id))
	if errors.Is(err, storage.ErrNotFound) {
		return o, nil
	}
	if err != nil {
		return o, err
	}
	return o, json.Unmarshal(b, &o)
}

// SetPlan stores the person's own plan for a medicine (nil goes back to the record's plan),
// without editing the record. Reminders for the new plan start at now.
func SetPlan(ctx context.Context, v *storage.Vault, med *Medicine, plan *schedule.Plan, now time.Time) error {
	if med == nil {
		return errNoMedicine
	}
	o, err := loadOverride(v, med.Profile, med.ID)
	if err != nil {
		return wrapf(err, "reading the plan")
	}
	o.Plan, o.Since = plan, now.UTC()
	return saveOverride(ctx, v, med, o)
}

// SetSupply stores how much of a medicine the person has now (counted by them).
func SetSupply(ctx context.Context, v *storage.Vault, med *Medicine, quantity float64, now time.Time) error {
	if med == nil {
		return errNoMedicine
	}
	if quantity < 0 {
		return errors.New("the supply cannot be negative")
	}
	o, err := loadOverride(v, med.Profile, med.ID)
	if err != nil {
		return wrapf(err, "reading the plan")
	}
	o.Supply = &Supply{Quantity: quantity, AsOf: now.UTC(), Entered: true}
	return saveOverride(ctx, v, med, o)
}

func saveOverride(ctx context.Context, v *storage.Vault, med *Medicine, o Override) error {
	if o.Plan == nil && o.Supply == nil {
		return v.UpdateState(ctx, storage.StateOp{Key: planKey(med.Profile, med.ID), Delete: true})
	}
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return v.UpdateState(ctx, storage.StateOp{Key: planKey(med.Profile, med.ID), Value: b})
}

// AddOwnMedicine stores a medicine the person takes that no record lists (a MedicationStatement
// with CareKeeper as its source, status active) and returns its reference.
func AddOwnMedicine(ctx context.Context, v *storage.Vault, profile, name string, now time.Time) (string, error) {
	if _, err := v.Profile(profile); err != nil {
		return "", err
	}
	if name == "" {
		return "", errors.New("the medicine needs a name")
	}
	id := newID()
	b, _ := json.Marshal(map[string]any{
		"resourceType":              "MedicationStatement",
		"id":                        id,
		"status":                    "active",
		"medicationCodeableConcept": map[string]string{"text": name},
		"subject":                   map[string]string{"display": "the person"},
		"dateAsserted":              now.Format(time.RFC3339),
	})
	rec, err := storage.NewRecord(profile, storage.ID{Source: storage.AppSource, Type: "MedicationStatement", ID: id}, b)
	if err != nil {
		return "", err
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}, Durable: true}); err != nil {
		return "", wrapf(err, "saving the medicine")
	}
	return "MedicationStatement/" + id, nil
}

// The person's answers to "still taking it?" (TakingFacts.Answer).
const (
	AnswerTaking  = "taking"  // confirmed: reminders on, however old the record
	AnswerStopped = "stopped" // no longer taken: no reminders
)

// TakingFacts are what decides whether a medicine from the records is being taken.
type TakingFacts struct {
	Active bool      // the record says active (MedicationStatement: active or intended)
	Ended  time.Time // when it ends or ended: its bounds, effectivePeriod.end, or the person's death (zero: open)
	// Latest is the newest sign of use: a dispense, authoredOn / dateAsserted / effective[x],
	// a logged dose, or a plan the person set.
	Latest time.Time
	Answer string // the person's answer: AnswerTaking, AnswerStopped or ""
	Own    bool   // entered by the person in CareKeeper
}

// BeingTaken says whether a medicine is being taken at now: active, not ended, and either
// recent (a sign of use in the last 12 months), entered or confirmed by the person. Only
// medicines being taken get reminders; an old "active" order is a question to the person
// ("still taking it?"), answered with SetAnswer.
func BeingTaken(f TakingFacts, now time.Time) bool {
	if !f.Active || f.Answer == AnswerStopped {
		return false
	}
	if !f.Ended.IsZero() && !f.Ended.After(now) {
		return false
	}
	if f.Own || f.Answer == AnswerTaking {
		return true
	}
	return !f.Latest.IsZero() && f.Latest.After(now.AddDate(-1, 0, 0))
}

// Stale says whether the medicine is active in the record but too old to count as being taken
// without the person's word: the question "still taking it?" is due.
func Stale(f TakingFacts, now time.Time) bool {
	return f.Active && f.Answer == "" && !f.Own && (f.Ended.IsZero() || f.Ended.After(now)) && !BeingTaken(f, now)
}

type answer struct {
	Answer string    `json:"answer"`
	At     time.Time `json:"at"`
}

func answerKey(profile string, id storage.ID) string {
	return "remind/taking/" + profile + "/" + medKey(id)
}

// SetAnswer stores the person's answer to "still taking it?" for a medicine record
// (AnswerTaking, AnswerStopped, or "" to forget it), durably. The record is not changed.
func SetAnswer(ctx context.Context, v *storage.Vault, profile string, id storage.ID, ans string, now time.Time) error {
	switch ans {
	case "":
		return v.UpdateState(ctx, storage.StateOp{Key: answerKey(profile, id), Delete: true})
	case AnswerTaking, AnswerStopped:
	default:
		return errors.New("the answer is taking or stopped")
	}
	b, err := json.Marshal(answer{Answer: ans, At: now.UTC()})
	if err != nil {
		return err
	}
	return wrapf(v.UpdateState(ctx, storage.StateOp{Key: answerKey(profile, id), Value: b}), "saving the answer")
}

// loadAnswers reads every stored answer, by "<profile>/<med key>".
func loadAnswers(ctx context.Context, v *storage.Vault) (map[string]answer, error) {
	out := map[string]answer{}
	err := v.ScanState(ctx, "remind/taking/", func(k string, b []byte) error {
		var a answer
		if json.Unmarshal(b, &a) == nil {
			out[strings.TrimPrefix(k, "remind/taking/")] = a
		}
		return nil
	})
	return out, err
}

// Deceased reads Patient.deceased[x] from a Patient resource: whether the person died, and
// when (zero when the record says only that they died).
func Deceased(patient []byte) (bool, time.Time) {
	var p struct {
		DeceasedBoolean  *bool  `json:"deceasedBoolean"`
		DeceasedDateTime string `json:"deceasedDateTime"`
	}
	if json.Unmarshal(patient, &p) != nil {
		return false, time.Time{}
	}
	if p.DeceasedDateTime != "" {
		t, _ := parseFHIRTime(p.DeceasedDateTime)
		return true, t
	}
	return p.DeceasedBoolean != nil && *p.DeceasedBoolean, time.Time{}
}

// deceased reports whether any Patient record of the profile says the person died.
func deceased(ctx context.Context, v *storage.Vault, profile string) (dead bool, died time.Time, err error) {
	err = v.Records(ctx, storage.Query{Profile: profile, Type: "Patient"}, func(r *storage.Record) error {
		if !r.Meta.Deleted.IsZero() {
			return nil
		}
		if d, t := Deceased(r.Resource); d {
			dead = true
			if !t.IsZero() && (died.IsZero() || t.Before(died)) {
				died = t
			}
		}
		return nil
	})
	return dead, died, err
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
