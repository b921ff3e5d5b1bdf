package journey

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// Issue 15: a vaccination known only from a health card whose signature was not checked was
// listed in the visit summary (its PDF and IPS) like any other. It is marked, in plain words;
// one a verified card, or another source, gives too is not.
func TestSummaryMarksUncheckedCardVaccines(t *testing.T) {
	now := utc("2026-03-10T12:00:00Z")
	v, p := newPerson(t, "Carded")
	imm := func(id, cvx, day string) []byte {
		return []byte(`{"resourceType":"Immunization","id":"` + id + `","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"` + cvx + `"}]},"occurrenceDateTime":"` + day + `"}`)
	}
	var recs []storage.Record
	for _, c := range []struct {
		id, cvx, day string
		mark         *storage.CardMark
	}{
		{"unchecked", "207", "2021-01-10", &storage.CardMark{Issuer: "https://spec.smarthealth.cards/examples/issuer"}},
		{"verified", "208", "2021-02-10", &storage.CardMark{Issuer: "https://spec.smarthealth.cards/examples/issuer", Verified: true}},
		{"portal", "140", "2020-10-01", nil},
		// The same dose from the unchecked card and from a portal: confirmed by the portal.
		{"both-card", "141", "2019-10-01", &storage.CardMark{Issuer: "https://spec.smarthealth.cards/examples/issuer"}},
		{"both-portal", "141", "2019-10-01", nil},
	} {
		r, err := storage.NewRecord(p, storage.ID{Source: "local", Type: "Immunization", ID: c.id}, imm(c.id, c.cvx, c.day))
		if err != nil {
			t.Fatal(err)
		}
		r.Meta.Card = c.mark
		recs = append(recs, r)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Now: now, Records: recs}); err != nil {
		t.Fatal(err)
	}
	s, err := BuildSummary(context.Background(), v, p, utc("2025-01-01T00:00:00Z"), now, now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	marked := map[string]bool{}
	for _, im := range s.Immunizations {
		marked[im.Date] = im.Detail == NotCheckedWords
	}
	want := map[string]bool{"2021-01-10": true, "2021-02-10": false, "2020-10-01": false, "2019-10-01": false}
	for day, w := range want {
		if got, ok := marked[day]; !ok || got != w {
			t.Errorf("vaccination of %s: listed %v, marked %v; want marked %v", day, ok, got, w)
		}
	}
	if len(s.Immunizations) != len(want) {
		t.Errorf("%d vaccinations listed, want %d", len(s.Immunizations), len(want))
	}
	bundle, err := s.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(bundle), NotCheckedWords); n != 1 {
		t.Errorf("the IPS says %q %d times, want once", NotCheckedWords, n)
	}
}
