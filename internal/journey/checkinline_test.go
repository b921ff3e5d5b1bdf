package journey

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// A check-in is on the Timeline (and its record titled) by what was answered, not as
// "QuestionnaireResponse/d541310f…" (F90, vapp26).
func TestCheckInIsDescribedInWords(t *testing.T) {
	ctx := context.Background()
	now := utc("2026-12-04T20:30:00Z")
	v, p := newPerson(t, "Grace")
	ci, err := AddCheckIn(ctx, v, NewCheckIn{Profile: p, Slug: "asthma", At: now, Symptoms: []string{"wheeze"}, Severity: 4, Note: "after football"})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := v.Records(ctx, storage.Query{Profile: p, Type: "QuestionnaireResponse"}, func(r *storage.Record) error {
		if r.ID == ci.ID {
			got = health.Describe(r.ID.Type, r.Resource)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "Asthma check-in: ") || !strings.Contains(strings.ToLower(got), "wheez") || !strings.HasSuffix(got, "; bothered 4 of 10") {
		t.Errorf("the check-in reads %q, want \"Asthma check-in: <the symptom>; bothered 4 of 10\"", got)
	}
	if strings.Contains(got, ci.ID.ID) || strings.Contains(got, "football") {
		t.Errorf("the check-in's line holds its id or its note: %q", got)
	}
}
