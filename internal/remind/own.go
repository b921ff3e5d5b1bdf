package remind

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"carekeeper/storage"
)

// OwnMedicine is a medicine the person enters themselves: its name, strength ("1000 IU"),
// form ("tablet") and instructions ("with food"); only the name is required. AsNeeded: taken
// only when needed (no times): no reminders, Today offers to log a dose (F127).
type OwnMedicine struct {
	Name, Strength, Form, Instructions string
	AsNeeded                           bool
}

// AddOwnMedicineDetails records a medicine the person takes that no record lists, as a
// MedicationStatement of the app's own source: the name with its strength as the medicine,
// the form and instructions as the dosage text. It returns its reference.
func AddOwnMedicineDetails(ctx context.Context, v *storage.Vault, profile string, m OwnMedicine, now time.Time) (string, error) {
	person, err := v.Profile(profile)
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(strings.TrimSpace(m.Name) + " " + strings.TrimSpace(m.Strength))
	if strings.TrimSpace(m.Name) == "" {
		return "", errors.New("the medicine needs a name")
	}
	id := newID()
	res := map[string]any{
		"resourceType":              "MedicationStatement",
		"id":                        id,
		"status":                    "active",
		"medicationCodeableConcept": map[string]string{"text": name},
		"subject":                   personSubject(person),
		"dateAsserted":              now.Format(time.RFC3339),
	}
	var dose []string
	for _, s := range []string{m.Form, m.Instructions} {
		if s = strings.TrimSpace(s); s != "" {
			dose = append(dose, s)
		}
	}
	if len(dose) > 0 || m.AsNeeded {
		d := map[string]any{}
		if len(dose) > 0 {
			d["text"] = strings.Join(dose, ", ")
		}
		if m.AsNeeded {
			d["asNeededBoolean"] = true
		}
		res["dosage"] = []map[string]any{d}
	}
	b, _ := json.Marshal(res)
	rec, err := storage.NewRecord(profile, storage.ID{Source: storage.AppSource, Type: "MedicationStatement", ID: id}, b)
	if err != nil {
		return "", err
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}, Durable: true}); err != nil {
		return "", wrapf(err, "saving the medicine")
	}
	return "MedicationStatement/" + id, nil
}

// personSubject is the subject of a record CareKeeper makes for the person: their Patient, as
// the file it came in names it ("Patient/maria"), so that an export of several people gives
// the record to its person on another computer — a medicine added by hand named only "the
// person" and went to no one there (F363); "the person" for someone no record describes.
func personSubject(p *storage.Profile) map[string]string {
	if len(p.Patients) > 0 {
		return map[string]string{"reference": "Patient/" + p.Patients[0].ID}
	}
	return map[string]string{"display": "the person"}
}
