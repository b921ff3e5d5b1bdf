package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F475: Everyone's Timeline listed a dead father's heart-failure follow-up and echocardiogram,
// booked for after his death, under "Upcoming" between his son's visits; Everyone's
// Appointments opened with them. His own Timeline has them under Past. Now Everyone's lists
// the living's visits to come first, and the father's below: under Past on the Timeline,
// after the upcoming ones on Appointments, counted apart.
func TestEveryone_VisitsBookedForAfterADeathAreNotUpcoming(t *testing.T) {
	now := time.Date(2026, 12, 7, 1, 30, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Kenji Sr", "m1", "Lisinopril 10 mg", twiceDaily}, medFixture{"Kenji Jr", "m2", "Metformin 500 mg", twiceDaily})
	u := rig.u
	dad, son := rig.people["Kenji Sr"], rig.people["Kenji Jr"]
	ctx := context.Background()
	var recs []storage.Record
	for _, r := range []struct{ who, typ, id, js string }{
		{dad, "Patient", "sr", `{"resourceType":"Patient","id":"sr","name":[{"family":"Sr","given":["Kenji"]}],"birthDate":"1950-01-01","deceasedDateTime":"2026-09-14"}`},
		{dad, "Appointment", "a1", `{"resourceType":"Appointment","id":"a1","status":"booked","description":"Heart failure follow-up","start":"2026-12-10T10:30:00-08:00","participant":[{"actor":{"reference":"Patient/sr"},"status":"accepted"}]}`},
		{dad, "Appointment", "a2", `{"resourceType":"Appointment","id":"a2","status":"booked","description":"Echocardiogram","start":"2027-01-14T09:00:00-08:00","participant":[{"actor":{"reference":"Patient/sr"},"status":"accepted"}]}`},
		{son, "Appointment", "b1", `{"resourceType":"Appointment","id":"b1","status":"booked","description":"Diabetes follow-up","start":"2026-12-08T09:00:00-08:00","participant":[{"actor":{"reference":"Patient/jr"},"status":"accepted"}]}`},
		{son, "Appointment", "b2", `{"resourceType":"Appointment","id":"b2","status":"booked","description":"Eye exam","start":"2027-03-14T09:00:00-07:00","participant":[{"actor":{"reference":"Patient/jr"},"status":"accepted"}]}`},
	} {
		rec, err := storage.NewRecord(r.who, storage.ID{Source: "sawtelle", Type: r.typ, ID: r.id}, []byte(r.js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := u.vault.Write(ctx, &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.choose("")
	u.idle()
	s.restale()
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	under := map[string][]string{}
	heading := ""
	for i, l := range timelineTexts(tl) {
		switch {
		case tl.lines[i] == lineUpcoming || tl.lines[i] == linePast:
			heading = l[0]
		case tl.lines[i] >= 0 && tl.events[tl.lines[i]].Key.Type == "Appointment":
			under[heading] = append(under[heading], l[0])
		}
	}
	if got := strings.Join(under["Upcoming"], " / "); strings.Contains(got, "Heart failure") || strings.Contains(got, "Echocardiogram") || !strings.Contains(got, "Eye exam") || !strings.Contains(got, "Diabetes follow-up") {
		t.Errorf("Everyone's Timeline, under Upcoming: %q", got)
	}
	if got := strings.Join(under["Past"], " / "); !strings.Contains(got, "Heart failure") || !strings.Contains(got, "Echocardiogram") {
		t.Errorf("Everyone's Timeline, under Past: %q", got)
	}
	s.show(scAppts)
	u.idle()
	ap := s.pages[scAppts].(*apptsPage)
	var titles []string
	for _, r := range ap.list.rows {
		titles = append(titles, r.Title)
	}
	got := strings.Join(titles, " / ")
	if i, j := strings.Index(got, "Echocardiogram"), strings.Index(got, "Eye exam"); i < 0 || j < 0 || i < j || strings.Index(got, "Heart failure") < strings.Index(got, "Diabetes follow-up") {
		t.Errorf("Everyone's Appointments: %q, want the son's upcoming visits first", got)
	}
	if sub := ap.frame.sub.Text; !strings.HasPrefix(sub, "2 upcoming, 0 past visits, 2 booked for after a death.") {
		t.Errorf("Everyone's Appointments says %q", sub)
	}
}
