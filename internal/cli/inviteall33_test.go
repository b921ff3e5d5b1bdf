package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// F392 (second part): Dad desk manages everyone; Carer laptop, joined for Grace, made Tom Baker
// and shared him with Dad desk to manage. An invitation for everyone from Dad desk said "Tom
// Baker will not be shared with the new device", though Dad desk may share him: the new
// device got everyone but Tom. It now gives him, and says so; a person only viewed on Dad desk
// is said as not its to give.
func TestInviteForEveryoneGivesThePeopleThisComputerManages(t *testing.T) {
	folder := t.TempDir()
	desk, laptop := in(newVault(t)), in(newVault(t))
	var grace struct{ ID string }
	json.Unmarshal([]byte(desk.run(t, "profile", "add", "--name", "Grace Okafor", "--birth-date", "1948-02-02", "--json").ok(t).stdout), &grace)
	desk.run(t, "household", "create", "--name", "Home", "--folder", folder, "--device-name", "Dad desk").ok(t)
	desk.run(t, "household", "sync").ok(t)
	code := strings.TrimSpace(strings.SplitN(desk.run(t, "household", "invite", "--profile", grace.ID, "--role", "manage").ok(t).stdout, "\n", 2)[0])
	joined := make(chan result, 1)
	go func() {
		joined <- laptop.run(t, "household", "join", "--code", code, "--folder", folder, "--device-name", "Carer laptop", "--wait", "60")
	}()
	for done := false; !done; {
		desk.run(t, "household", "sync").ok(t)
		select {
		case res := <-joined:
			res.ok(t)
			done = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	var ds []struct {
		ID   string `json:"id"`
		Self bool   `json:"self"`
	}
	json.Unmarshal([]byte(desk.run(t, "household", "devices", "--json").ok(t).stdout), &ds)
	deskID := ""
	for _, d := range ds {
		if d.Self {
			deskID = d.ID
		}
	}
	var tom, ann struct{ ID string }
	json.Unmarshal([]byte(laptop.run(t, "profile", "add", "--name", "Tom Baker", "--birth-date", "1950-03-03", "--json").ok(t).stdout), &tom)
	json.Unmarshal([]byte(laptop.run(t, "profile", "add", "--name", "Ann Baker", "--birth-date", "1952-05-05", "--json").ok(t).stdout), &ann)
	laptop.run(t, "share", "--profile", tom.ID, "--device", deskID, "--role", "manage").ok(t)
	laptop.run(t, "share", "--profile", ann.ID, "--device", deskID, "--role", "view").ok(t)
	for range 2 {
		laptop.run(t, "household", "sync").ok(t)
		desk.run(t, "household", "sync").ok(t)
	}
	out := desk.run(t, "household", "invite").ok(t).stdout
	for _, want := range []string{
		"The new device will manage each person it is given: record their doses and change their reminders.",
		"Tom Baker will be shared with the new device and Carer laptop only. The new device will manage Tom Baker: record their doses and change their reminders.",
		"Ann Baker will not be shared with the new device (shared with Carer laptop only): this computer may only view Ann Baker, and only a device that manages a person can share them.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("household invite on Dad desk:\n%s\nwant %q", out, want)
		}
	}
	if strings.Contains(out, "Grace Okafor") {
		t.Errorf("household invite on Dad desk names Grace, whom the grant on everyone gives:\n%s", out)
	}
}
