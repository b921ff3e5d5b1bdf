package journey

import (
	"context"
	"strings"

	"carekeeper/internal/fhirjson"
	"carekeeper/internal/health"
	"carekeeper/storage"
)

// StartDays are the start days of the medicines among events prescribed on an earlier day
// ("Medicine prescribed, to start 8 Dec 2026: Amoxicillin …" on 5 Dec): each an event of its
// own (Event.Starts) on the day taking it begins, which the Timeline says "Medicine starts: …"
// under Upcoming while it is to come (F371, F385). Every medicine record is read, however old
// its order: a course prescribed more than a year before its start had no line (only the
// last year's records were read).
func StartDays(ctx context.Context, v *storage.Vault, events []health.Event) []health.Event {
	var out []health.Event
	for _, e := range events {
		if e.Key.Type != "MedicationRequest" && e.Key.Type != "MedicationStatement" {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		r, err := v.Get(storage.ID{Source: e.Key.Source, Type: e.Key.Type, ID: e.Key.ID})
		if err != nil || !strings.HasPrefix(health.Describe(r.ID.Type, r.Resource), "Medicine prescribed, to start ") {
			continue
		}
		start := health.RecordFacts(r.Resource).Start
		date := storage.SortableDate(start)
		if date == "" {
			continue
		}
		s := e
		s.Date, s.Precision, s.Starts = date, fhirjson.DatePrecision(start), true
		out = append(out, s)
	}
	return out
}
