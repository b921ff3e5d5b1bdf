package remind

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"carekeeper/internal/health"
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

// NameThePerson gives CareKeeper's own records (a medicine added by hand, a dose answered)
// made before F363's fix, whose subject is only "the person", their person's Patient
// ("Patient/maria"), as such records are now made: in a whole-vault export of several people
// they went to no one on the new computer, a medicine the carer entered lost. profile ""
// does every person. A person no record describes (no Patient) keeps "the person", and a
// person another device keeps (view only) is left to it. Each record is written on its own
// and the change is done again for any record left "the person", so a stop part way (kill
// -9) loses nothing and the next call finishes it. It returns how many it changed.
func NameThePerson(ctx context.Context, v *storage.Vault, profile string) (int, error) {
	ps, err := v.Profiles()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range ps {
		if profile != "" && p.ID != profile || v.ViewOnly(p.ID) {
			continue
		}
		if _, ok := v.NotShared(p.ID); ok {
			continue // a change here would stay here (storage.ErrNotShared)
		}
		// A person no record describes (added by hand) is given their Patient first, with
		// their name and birth date: exported without one, they were only "the person", and
		// the file imported elsewhere put their records under no one (F363, F401).
		made, err := givePatient(ctx, v, &p)
		if err != nil {
			return n, err
		}
		n += made
		// CareKeeper's own records, found in the identity index (an export of 100,000 records
		// walked all of their metadata for a few: ~0.4 s of its CPU), then each read
		ids, err := v.SourceIDs(ctx, storage.AppSource, p.ID)
		if err != nil {
			return n, wrapf(err, "reading the records")
		}
		subject, _ := json.Marshal(personSubject(&p))
		for _, id := range ids {
			r, err := v.Get(id)
			if err != nil {
				return n, wrapf(err, "reading a record")
			}
			if !r.Meta.Deleted.IsZero() {
				continue
			}
			var res map[string]json.RawMessage
			if namesSomeone(r.Resource) || json.Unmarshal(r.Resource, &res) != nil {
				continue
			}
			if id.Type == "Appointment" {
				res["participant"] = withPersonActor(res["participant"], &p)
			} else {
				res["subject"] = subject
			}
			b, err := json.Marshal(res)
			if err != nil {
				return n, err
			}
			rec, err := storage.NewRecord(p.ID, id, b)
			if err != nil {
				return n, err
			}
			// written when it was: the change is only of whom it names
			if _, err := v.Write(ctx, &storage.Batch{File: r.Meta.File, Now: r.Meta.ImportedAt, Records: []storage.Record{rec}, Durable: true}); err != nil {
				return n, wrapf(err, "saving a record")
			}
			n++
		}
	}
	return n, nil
}

// HandPatientID is the Patient record CareKeeper makes for a person added by hand (no record
// describes them): of the app's source, named by their profile (journey's check-in makes the
// same one).
func HandPatientID(profile string) storage.ID {
	return storage.ID{Source: storage.AppSource, Type: "Patient", ID: "person-" + profile}
}

// HandPatient is that Patient: the person's name and birth date as People gives them.
func HandPatient(p *storage.Profile) (storage.Record, error) {
	id := HandPatientID(p.ID)
	res := map[string]any{"resourceType": "Patient", "id": id.ID, "name": []map[string]string{{"text": p.Name}}}
	if p.BirthDate != "" && health.CheckBirthDate(p.BirthDate, time.Now()) == nil {
		res["birthDate"] = p.BirthDate
	}
	b, err := json.Marshal(res)
	if err != nil {
		return storage.Record{}, err
	}
	return storage.NewRecord(p.ID, id, b)
}

// givePatient makes the Patient of a person added by hand who has none (HandPatient), with
// their profile naming it, in one write; and one made before is brought up to People's name
// and birth date (a person renamed since: the export says who they are now). It updates p
// and returns how many records it wrote (0 or 1).
func givePatient(ctx context.Context, v *storage.Vault, p *storage.Profile) (int, error) {
	own := HandPatientID(p.ID)
	if len(p.Patients) > 0 && !slices.Contains(p.Patients, own) {
		return 0, nil // their records describe them
	}
	rec, err := HandPatient(p)
	if err != nil {
		return 0, err
	}
	b := &storage.Batch{Records: []storage.Record{rec}, Durable: true}
	if len(p.Patients) == 0 {
		cp := *p
		cp.Patients = []storage.ID{own}
		b.Profiles = []storage.Profile{cp}
	} else if old, err := v.Get(own); err == nil && bytes.Equal(old.Resource, rec.Resource) {
		return 0, nil
	} else if err == nil && !old.Meta.Deleted.IsZero() {
		return 0, nil
	}
	if _, err := v.Write(ctx, b); err != nil {
		return 0, wrapf(err, "saving the person's record")
	}
	if b.Profiles != nil {
		*p = b.Profiles[0]
	}
	return 1, nil
}

// namesSomeone reports whether a resource's subject (or patient) gives a reference: what an
// export needs to give it to its person. An appointment names them as a participant's actor
// (F401: the person only by name); a measurement with no subject at all (Add measurement
// wrote none, F401) names no one; any other record without a subject is not ours to change.
func namesSomeone(resource []byte) bool {
	var r struct {
		ResourceType     string
		Subject, Patient *struct {
			Reference string `json:"reference"`
		}
		Participant []struct {
			Actor *struct {
				Reference string `json:"reference"`
			} `json:"actor"`
		} `json:"participant"`
	}
	if err := json.Unmarshal(resource, &r); err != nil {
		return true // not ours to change
	}
	switch r.ResourceType {
	case "Appointment":
		for _, pa := range r.Participant {
			if pa.Actor != nil && strings.HasPrefix(pa.Actor.Reference, "Patient/") {
				return true
			}
		}
		return false
	case "Observation":
		return r.Subject != nil && r.Subject.Reference != ""
	}
	return r.Subject != nil && r.Subject.Reference != "" || r.Patient != nil && r.Patient.Reference != "" || r.Subject == nil && r.Patient == nil
}

// PersonActor is the person as an actor of an appointment CareKeeper makes for them: their
// name and, as personSubject, their Patient, so that an export of several people gives the
// appointment to them on another computer (F401: by name only, it went to no one).
func PersonActor(p *storage.Profile) map[string]string {
	a := map[string]string{"display": p.Name}
	if len(p.Patients) > 0 {
		a["reference"] = "Patient/" + p.Patients[0].ID
	}
	return a
}

// withPersonActor gives an appointment's participants (JSON) the person's Patient: the
// participant naming them without a reference, else a new first participant.
func withPersonActor(participants json.RawMessage, p *storage.Profile) json.RawMessage {
	var part []map[string]json.RawMessage
	_ = json.Unmarshal(participants, &part)
	actor, _ := json.Marshal(PersonActor(p))
	done := false
	for _, pa := range part {
		var a struct {
			Reference, Display string
		}
		if json.Unmarshal(pa["actor"], &a) == nil && a.Reference == "" && a.Display == p.Name {
			pa["actor"], done = actor, true
			break
		}
	}
	if !done {
		part = append([]map[string]json.RawMessage{{"actor": actor, "status": json.RawMessage(`"accepted"`)}}, part...)
	}
	b, _ := json.Marshal(part)
	return b
}

// OwnRecord is the record of a resource CareKeeper makes for profile (a measurement added by
// hand): without a subject, it is given the person's (personSubject), so that it names them
// when written (F401: Add measurement wrote none, and a whole-vault export put it under no one).
func OwnRecord(v *storage.Vault, profile string, id storage.ID, resource []byte) (storage.Record, error) {
	p, err := v.Profile(profile)
	if err != nil {
		return storage.Record{}, err
	}
	var res map[string]json.RawMessage
	if err := json.Unmarshal(resource, &res); err != nil {
		return storage.Record{}, err
	}
	if _, ok := res["subject"]; !ok {
		res["subject"], _ = json.Marshal(personSubject(p))
		if resource, err = json.Marshal(res); err != nil {
			return storage.Record{}, err
		}
	}
	return storage.NewRecord(profile, id, resource)
}
