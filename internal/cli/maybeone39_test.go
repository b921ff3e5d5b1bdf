package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// F513: Lucía from two portals, "Lucía Herrera Martín" (La Paz) and "Lucia Herrera" (Sanitas:
// the second surname left out, no accent), born the same day, became two people, each reminded
// of 8 units of NPH insulin at 22:30, and nothing said they may be one. Now the import's line
// and 'profile list' say it with the command that joins them; CareKeeper still does not join
// them by itself; 'profile join' asks (or needs --yes), moves Lucia Herrera's records to Lucía
// Herrera Martín, and the insulin is then reminded once.
func TestProfileListSaysWhoMayBeOnePersonAndJoinRemindsOnce(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/Madrid")
	r.run(t, "import", filepath.Join("testdata", "lucia-lapaz-nph.json")).ok(t)
	line := r.run(t, "import", filepath.Join("testdata", "lucia-sanitas-nph.json")).ok(t).stdout
	var people []struct {
		ID, Name    string
		MayBeSameAs []string
	}
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil {
		t.Fatal(err)
	}
	if len(people) != 2 || people[0].Name != "Lucía Herrera Martín" || people[1].Name != "Lucia Herrera" {
		t.Fatalf("people %+v, want Lucía twice, kept apart", people)
	}
	keep, from := people[0].ID, people[1].ID
	if len(people[0].MayBeSameAs) != 1 || people[0].MayBeSameAs[0] != from || len(people[1].MayBeSameAs) != 1 || people[1].MayBeSameAs[0] != keep {
		t.Errorf("profile list --json: %+v, want each the other's mayBeSameAs", people)
	}
	join := "carekeeper profile join --keep " + keep + " --from " + from + " --yes"
	if want := "Lucia Herrera (new, born 19 Jul 1992) may be Lucía Herrera Martín, born the same day: kept apart, as CareKeeper does not join two people by itself; if they are one person: " + join; !strings.Contains(line, want) {
		t.Errorf("import: %q, want %q", line, want)
	}
	list := r.run(t, "profile", "list").ok(t).stdout
	if want := "Lucia Herrera may be the same person as Lucía Herrera Martín (both born 19 Jul 1992): if so, join them with `" + join + "` (Lucia Herrera's records move to Lucía Herrera Martín). CareKeeper does not join two people by itself."; !strings.Contains(list, want) {
		t.Errorf("profile list:\n%s\nwant %q", list, want)
	}
	const at = "2026-12-07T20:00:00+01:00"
	if n := strings.Count(r.run(t, "today", "--at", at).ok(t).stdout, "(8 units)"); n != 2 {
		t.Fatalf("today before the join: the insulin %d times, want twice (two people)", n)
	}

	// Not without --yes where nothing can ask; asked on a terminal, "no" joins nothing.
	if res := r.run(t, "profile", "join", "--keep", keep, "--from", from); res.code != 2 || !strings.Contains(res.stderr, "add --yes") {
		t.Errorf("profile join without --yes and no terminal: %+v", res)
	}
	asked := r
	asked.password, asked.stdin = [][]byte{}, "no\n"
	if res := asked.run(t, "profile", "join", "--keep", keep, "--from", from); res.code == 0 || !strings.Contains(res.stderr, "Join Lucia Herrera into Lucía Herrera Martín? Only if they are the same person: two people can have one name and birth date. 2 records of Lucia Herrera move to Lucía Herrera Martín, and Lucia Herrera is deleted. It cannot be undone.") || !strings.Contains(res.stderr, "nothing joined") {
		t.Errorf("profile join answered no: %+v", res)
	}
	if n := len(peopleIDs(t, r)); n != 2 {
		t.Fatalf("after no: %d people, want 2", n)
	}
	out := r.run(t, "profile", "join", "--keep", keep, "--from", from, "--yes").ok(t).stdout
	if want := "Lucía Herrera Martín and Lucia Herrera are one person now: 2 records moved to Lucía Herrera Martín (" + keep + ")."; !strings.HasPrefix(out, want) {
		t.Errorf("profile join: %q, want %q", out, want)
	}
	if ids := peopleIDs(t, r); len(ids) != 1 || ids[0] != keep {
		t.Errorf("after the join: people %v, want %s alone", ids, keep)
	}
	if list := r.run(t, "profile", "list").ok(t).stdout; strings.Contains(list, "may be the same person") {
		t.Errorf("profile list after the join still says it:\n%s", list)
	}
	today := r.run(t, "today", "--at", at).ok(t).stdout
	if n := strings.Count(today, "(8 units)"); n != 1 || !strings.Contains(today, "22:30") {
		t.Errorf("today after the join: the insulin %d times, want once at 22:30:\n%s", n, today)
	}
}

// The rule is strict: twins (one birth date, their own given names), a nickname, another birth
// date, another sex or two numbers of one hospital are not said to be one person, and 'profile
// join' refuses people of other names in words.
func TestProfileListSaysNothingOfTwinsOrNicknames(t *testing.T) {
	r := in(newVault(t))
	rose := addedProfile(t, r, "--name", "Rose Lindqvist", "--birth-date", "2015-06-01")
	lily := addedProfile(t, r, "--name", "Lily Lindqvist", "--birth-date", "2015-06-01")
	addedProfile(t, r, "--name", "Margaret Smith", "--birth-date", "1950-02-02")
	addedProfile(t, r, "--name", "Peggy Smith", "--birth-date", "1950-02-02")
	addedProfile(t, r, "--name", "Ana García", "--birth-date", "1980-05-05")
	addedProfile(t, r, "--name", "Ana García López", "--birth-date", "1980-05-06")
	if list := r.run(t, "profile", "list").ok(t).stdout; strings.Contains(list, "may be") {
		t.Errorf("profile list:\n%s\nsays someone may be one person", list)
	}
	if res := r.run(t, "profile", "join", "--keep", rose, "--from", lily, "--yes"); res.code != 1 || !strings.Contains(res.stderr, "they have different names, so they are two people") {
		t.Errorf("profile join of twins: %+v", res)
	}
	if n := len(peopleIDs(t, r)); n != 6 {
		t.Errorf("%d people, want 6", n)
	}
}

func peopleIDs(t *testing.T, r runner) []string {
	t.Helper()
	var ps []struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}
