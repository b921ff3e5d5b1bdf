package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An appointment the record gives as "proposed" (an offer not accepted) or "pending" (not
// every participant has accepted) was said as a booked one by 'today', 'reminders' and the
// calendar export: the person was told they had a physio appointment (F337). It is said as
// not confirmed yet everywhere, with its status in --json and STATUS:TENTATIVE in the .ics;
// a booked one is said as before.
func TestTentativeAppointmentsSaidAsNotConfirmed(t *testing.T) {
	r := in(newVault(t))
	f := filepath.Join(t.TempDir(), "appts.json")
	appt := func(id, status, title, start string) string {
		return `{"resource":{"resourceType":"Appointment","id":"` + id + `","status":"` + status + `","description":"` + title + `","start":"` + start + `",
"participant":[{"actor":{"reference":"Patient/p"},"status":"needs-action"}]}}`
	}
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"p","name":[{"given":["Yuki"],"family":"Nakamura"}],"birthDate":"1970-01-01"}},
`+appt("t5", "proposed", "Physio", "2099-01-06T11:00:00Z")+`,
`+appt("t2", "pending", "Dermatology", "2099-01-06T09:00:00Z")+`,
`+appt("t1", "booked", "Cardiology follow-up", "2099-01-06T14:00:00Z")+`]}`), 0o600)
	r.run(t, "import", f).ok(t)
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people: %v %v", people, err)
	}
	pid := people[0].ID
	r.run(t, "profile", "set", "--profile", pid, "--zone", "UTC").ok(t)

	today := r.run(t, "today", "--profile", pid, "--at", "2099-01-06T07:00:00Z").ok(t).stdout
	for _, want := range []string{"Appointment: Physio (not confirmed yet), ", "Appointment: Dermatology (not confirmed yet), ", "Appointment: Cardiology follow-up, "} {
		if !strings.Contains(today, want) {
			t.Errorf("today: no %q in\n%s", want, today)
		}
	}
	var tj []struct {
		Appointments []struct{ Title, Status string } `json:"appointments"`
	}
	if err := json.Unmarshal([]byte(r.run(t, "today", "--profile", pid, "--at", "2099-01-06T07:00:00Z", "--json").ok(t).stdout), &tj); err != nil || len(tj) != 1 {
		t.Fatalf("today --json: %v %v", tj, err)
	}
	status := map[string]string{}
	for _, a := range tj[0].Appointments {
		status[a.Title] = a.Status
	}
	if status["Physio (not confirmed yet)"] != "proposed" || status["Dermatology (not confirmed yet)"] != "pending" || status["Cardiology follow-up"] != "booked" {
		t.Errorf("today --json statuses: %v", status)
	}

	rem := r.run(t, "reminders", "--profile", pid, "--from", "2099-01-05", "--to", "2099-01-07").ok(t).stdout
	if !strings.Contains(rem, "Physio (not confirmed yet)") || strings.Contains(strings.ReplaceAll(rem, "Physio (not confirmed yet)", ""), "Physio") {
		t.Errorf("reminders say the proposed physio as booked:\n%s", rem)
	}

	ics := filepath.Join(t.TempDir(), "a.ics")
	r.run(t, "appointment", "export", "--profile", pid, "--out", ics).ok(t)
	b, err := os.ReadFile(ics)
	if err != nil {
		t.Fatal(err)
	}
	events := strings.Split(strings.ReplaceAll(string(b), "\r\n ", ""), "BEGIN:VEVENT")[1:]
	if len(events) != 3 {
		t.Fatalf("%d events in the calendar, want 3:\n%s", len(events), b)
	}
	for _, ev := range events {
		tentative := strings.Contains(ev, "STATUS:TENTATIVE")
		if confirmed := strings.Contains(ev, "Cardiology"); tentative == confirmed {
			t.Errorf("event tentative=%v:\n%s", tentative, ev)
		}
		if tentative && !strings.Contains(ev, "(not confirmed yet)") {
			t.Errorf("a tentative event's summary does not say so:\n%s", ev)
		}
	}
}
