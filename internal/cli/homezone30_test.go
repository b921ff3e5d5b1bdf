package cli_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// A home zone set with 'profile set --zone' is where the person lives, as one chosen on People
// is: Today asked "Is Rosa with this computer, on UTC, or at home on Los Angeles time?" right
// after it was set from the CLI, and not after the same choice on People (F343). A person whose
// zone is this computer's, or who has none, is not asked either.
func TestProfileSetZoneIsNoJourney(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	rosa := addedProfile(t, r, "--name", "Rosa Marquez")
	r.run(t, "profile", "set", "--profile", rosa, "--zone", "America/Los_Angeles").ok(t)
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people: %v %v", people, err)
	}
	v, err := storage.Open(dir, []byte(pass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	m, err := remind.Load(context.Background(), v, remind.LoadOptions{Device: time.UTC, Profile: rosa})
	if err != nil {
		t.Fatal(err)
	}
	p := m.Person(rosa)
	if p == nil {
		t.Fatal("no Rosa in the model")
	}
	if p.AskTravel {
		t.Error("after 'profile set --zone America/Los_Angeles' on a UTC computer, Today asks whether Rosa is with this computer or at home")
	}
	if p.Loc.String() != "America/Los_Angeles" {
		t.Errorf("her times are on %s, want her home's", p.Loc)
	}
}
