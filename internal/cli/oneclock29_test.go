package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F263: a person shared across devices in different time zones, with no home zone set, had
// her 08:00 read on each device's own clock — one dose given in Kolkata showed on a New York
// laptop as two doses taken. Sharing her gives her the sharing computer's zone (said), the
// zone goes to every device with her, and 'profile set --zone' changes it.
func TestShareGivesThePersonOneClock(t *testing.T) {
	folder := t.TempDir()
	a, b, aID := twoDevices(t, folder)
	a, b = a.with("TZ", "America/New_York"), b.with("TZ", "Asia/Kolkata")
	mum := addedProfile(t, a, "--name", "Mum Smith")
	var ds []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(a.run(t, "household", "devices", "--json").ok(t).stdout), &ds); err != nil {
		t.Fatal(err)
	}
	bID := ""
	for _, d := range ds {
		if d.ID != aID {
			bID = d.ID
		}
	}
	res := a.run(t, "share", "--profile", mum, "--device", bID, "--role", "manage").ok(t)
	if !strings.Contains(res.stdout, "Mum Smith's times are New York time on every device of the household") {
		t.Errorf("share: %q", res.stdout)
	}
	zoneOn := func(r runner) string {
		t.Helper()
		var out []struct {
			Zone string `json:"zone"`
		}
		if err := json.Unmarshal([]byte(r.run(t, "today", "--profile", mum, "--json").ok(t).stdout), &out); err != nil || len(out) != 1 {
			t.Fatalf("today --json: %v", err)
		}
		return out[0].Zone
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	if z := zoneOn(b); z != "America/New_York" {
		t.Errorf("on the Kolkata device her times are on %q, want America/New_York", z)
	}
	res = b.run(t, "profile", "set", "--profile", mum, "--zone", "Europe/Dublin").ok(t)
	if !strings.Contains(res.stdout, "Their times are Dublin time on every device that holds them.") {
		t.Errorf("profile set --zone: %q", res.stdout)
	}
	b.run(t, "household", "sync").ok(t)
	a.run(t, "household", "sync").ok(t)
	if z := zoneOn(a); z != "Europe/Dublin" {
		t.Errorf("after profile set --zone on the other device: %q", z)
	}
	b.run(t, "profile", "set", "--profile", mum, "--zone", "Mars/Olympus").fails(t, 2, "not a time zone this computer knows")
}

// F571: Guðrún's laptop in Reykjavík gave her to her son's new Boston laptop with 'household
// invite --profile … --role manage'. The invitation gave her no clock, as 'share' does: the
// Boston laptop read her 08:00 furosemide as 08:00 Boston time (13:00 in Reykjavík) and called
// it overdue the evening before. The people an invitation gives now get the inviting
// computer's clock when they have none, and the invitation says so.
func TestInviteGivesThePeopleItGivesOneClock(t *testing.T) {
	folder := t.TempDir()
	rvk, bos := in(newVault(t)).with("TZ", "Atlantic/Reykjavik"), in(newVault(t)).with("TZ", "America/New_York")
	f := filepath.Join(t.TempDir(), "thorunn.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Patient","id":"th","name":[{"given":["Þórunn"],"family":"Ólafsdóttir"}],"birthDate":"1938-01-09","deceasedDateTime":"2024-08-17T03:40:00Z"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	rvk.run(t, "import", f).ok(t)
	thorunn := profileIDs(t, rvk)["Þórunn"]
	gudrun := addedProfile(t, rvk, "--name", "Guðrún Jónsdóttir", "--birth-date", "1971-03-02")
	twin := addedProfile(t, rvk, "--name", "Sigríður Sigurðardóttir", "--birth-date", "2004-05-06")
	rvk.run(t, "household", "create", "--name", "Heima", "--folder", folder, "--device-name", "Guðrún's laptop").ok(t)
	rvk.run(t, "household", "sync").ok(t)
	said := joinFrom(t, folder, rvk, bos, "--profile", gudrun, "--role", "manage", "--profile", twin, "--role", "view", "--profile", thorunn, "--role", "view")
	for _, want := range []string{
		// F583 items 9 and 2: how long the code works, on whose clock; no alerts of the dead
		"Type this code on the new device within 10 minutes, until ",
		"The new device will only view Þórunn Ólafsdóttir's records. Their records say they have died: there are no reminders or alerts for them.",
		"Guðrún Jónsdóttir's times are Reykjavik time on every device of the household",
		"Sigríður Sigurðardóttir's times are Reykjavik time on every device of the household",
	} {
		if !strings.Contains(said, want) {
			t.Errorf("household invite said:\n%s\nwant %q", said, want)
		}
	}
	for _, p := range []string{gudrun, twin} {
		var out []struct {
			Zone string `json:"zone"`
		}
		if err := json.Unmarshal([]byte(bos.run(t, "today", "--profile", p, "--json").ok(t).stdout), &out); err != nil || len(out) != 1 {
			t.Fatalf("today --json on the Boston laptop: %v", err)
		}
		if out[0].Zone != "Atlantic/Reykjavik" {
			t.Errorf("on the Boston laptop %s's times are on %q, want Atlantic/Reykjavik", p, out[0].Zone)
		}
	}
	// A second invitation changes no clock already set, and says nothing of it.
	if said := rvk.run(t, "household", "invite", "--profile", gudrun, "--role", "view").ok(t).stdout; strings.Contains(said, "times are") {
		t.Errorf("a second invitation said the clock again:\n%s", said)
	}
}
