package remind

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"carekeeper/storage"
)

// NewAppointment is an appointment the person enters.
type NewAppointment struct {
	Profile  string
	Start    time.Time
	End      time.Time // optional
	Title    string
	Location string
	Note     string
}

// AddAppointment stores the person's own appointment (an Appointment with CareKeeper as its
// source, status booked) durably and returns its reference "Appointment/<id>".
func AddAppointment(ctx context.Context, v *storage.Vault, a NewAppointment) (string, error) {
	p, err := v.Profile(a.Profile)
	if err != nil {
		return "", err
	}
	if a.Start.IsZero() || strings.TrimSpace(a.Title) == "" {
		return "", errors.New("an appointment needs a start and a title")
	}
	if !a.End.IsZero() && !a.End.After(a.Start) {
		return "", errors.New("the appointment ends before it starts")
	}
	id := newID()
	res := map[string]any{
		"resourceType": "Appointment",
		"id":           id,
		"status":       "booked",
		"description":  strings.TrimSpace(a.Title),
		"start":        a.Start.Format(time.RFC3339),
	}
	if !a.End.IsZero() {
		res["end"] = a.End.Format(time.RFC3339)
	}
	if n := strings.TrimSpace(a.Note); n != "" {
		res["comment"] = n
	}
	part := []map[string]any{{"actor": PersonActor(p), "status": "accepted"}}
	if l := strings.TrimSpace(a.Location); l != "" {
		res["contained"] = []map[string]string{{"resourceType": "Location", "id": "loc", "name": l}}
		part = append(part, map[string]any{"actor": map[string]string{"reference": "#loc", "display": l}, "status": "accepted"})
	}
	res["participant"] = part
	b, err := json.Marshal(res)
	if err != nil {
		return "", err
	}
	rec, err := storage.NewRecord(a.Profile, storage.ID{Source: storage.AppSource, Type: "Appointment", ID: id}, b)
	if err != nil {
		return "", err
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: []storage.Record{rec}, Durable: true}); err != nil {
		return "", wrapf(err, "saving the appointment")
	}
	return "Appointment/" + id, nil
}
