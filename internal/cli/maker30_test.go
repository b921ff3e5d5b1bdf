package cli_test

import (
	"strings"
	"testing"
	"time"
)

// F348: Anna's laptop joined with an invitation for Mum only (manage) could never share its own
// people nor join its own Mum with the shared one: 'household same-person' said "this computer
// does not manage the person <its own Mum>", and 'share' "only a device that manages the
// person … can share them". A device manages the people it made, once it shares them.
func TestJoinedWithGrantsManagesItsOwnPeople(t *testing.T) {
	folder := t.TempDir()
	a, b := in(newVault(t)), in(newVault(t))
	a.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad's laptop").ok(t)
	ma := addedProfile(t, a, "--name", "Mum Smith", "--birth-date", "1950-01-01")
	a.run(t, "household", "sync").ok(t)
	mb := addedProfile(t, b, "--name", "Mum Smith", "--birth-date", "1950-01-01")
	tom := addedProfile(t, b, "--name", "Tom Baker", "--birth-date", "1948-02-02")
	b.run(t, "appointment", "add", "--profile", mb, "--start", "2030-03-05T15:00:00Z", "--title", "Dentist").ok(t)
	code := strings.TrimSpace(strings.SplitN(a.run(t, "household", "invite", "--profile", ma, "--role", "manage").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- b.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Anna's laptop", "--wait", "60")
	}()
	for done := false; !done; {
		a.run(t, "household", "sync").ok(t)
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	var aID string
	for _, l := range strings.Split(a.run(t, "household", "devices").ok(t).stdout, "\n") {
		if strings.Contains(l, "(this device)") {
			aID = strings.Fields(l)[0]
		}
	}
	b.run(t, "household", "same-person", "--keep", ma, "--from", mb, "--yes").ok(t)
	b.run(t, "share", "--profile", tom, "--device", aID, "--role", "view").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "household", "sync").ok(t)
	recs := a.run(t, "records", "--profile", ma, "--type", "Appointment").ok(t).stdout
	if !strings.Contains(recs, "5 Mar 2030") {
		t.Errorf("Dad's laptop: Mum's appointments after the join on Anna's laptop: %q", recs)
	}
	if ps := a.run(t, "profile", "list").ok(t).stdout; !strings.Contains(ps, "Tom Baker") || strings.Count(ps, "Mum Smith") != 1 {
		t.Errorf("Dad's laptop's people: %q", ps)
	}
}
