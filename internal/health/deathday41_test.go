package health

import (
	"testing"
	"time"
)

// F560: Fletcher Hyatt died at 19:20 UTC on 21 Jan 1996 — his day on his clock (UTC) — and
// Medicines, asked on a computer whose clock is Chatham's (22 Jan there), said "5 Oct 1993 –
// 22 Jan 1996 · Until death, 22 Jan 1996": the medicine's start on his clock, the death on the
// computer's. The death's day is the person's (MedOptions.Loc), as Today and the summary say it.
func TestMedicineEndsOnTheDayOfDeathOnThePersonsClock(t *testing.T) {
	chatham, err := time.LoadLocation("Pacific/Chatham")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, chatham)
	set := NewSet([]Resource{
		{Key: Key{"gp", "Patient", "p"}, Profile: "p", JSON: []byte(`{"resourceType":"Patient","id":"p","birthDate":"1930-01-01","deceasedDateTime":"1996-01-21T19:20:00Z"}`)},
		{Key: Key{"gp", "MedicationRequest", "m"}, Profile: "p", JSON: []byte(`{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","authoredOn":"1993-10-05T19:20:00Z","medicationCodeableConcept":{"text":"Cisplatin 50 mg"}}`)},
	}, nil)
	for _, c := range []struct {
		name string
		loc  *time.Location
		want string
	}{
		{"his clock, UTC", time.UTC, "1996-01-21"},
		{"his clock, Chatham's", chatham, "1996-01-22"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ms := Medicines(set, MedOptions{Now: now, Loc: c.loc})
			if len(ms) != 1 {
				t.Fatalf("%d rows", len(ms))
			}
			if ms[0].UntilDeath != c.want && ms[0].Ended != c.want {
				t.Errorf("until death %q, ended %q, want %q", ms[0].UntilDeath, ms[0].Ended, c.want)
			}
		})
	}
}
