package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// addedProfile adds a person with 'profile add ARGS --json' and returns their id ('profile
// add' says it in words since F187).
func addedProfile(t *testing.T, r runner, args ...string) string {
	t.Helper()
	var p struct{ ID string }
	out := r.run(t, append(append([]string{"profile", "add"}, args...), "--json")...).ok(t).stdout
	if err := json.Unmarshal([]byte(out), &p); err != nil || p.ID == "" {
		t.Fatalf("profile add %q: %v: %q", args, err, out)
	}
	return p.ID
}

// F308: 'profile add' refuses a blank name as a usage error (exit 2, as an empty one), a
// name longer than the 200 characters a person made from a record is named by, and the same
// name and birth date as a person already here unless --yes is given; the line names neither.
func TestProfileAddRefusesBlankLongAndTwice(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	r.run(t, "profile", "add", "--name", "   ").fails(t, 2, "--name is blank")
	r.run(t, "profile", "add", "--name", strings.Repeat("N", 5000)).fails(t, 2, "--name is 5000 characters long: at most 200")
	r.run(t, "profile", "add", "--name", strings.Repeat("N", 200)).ok(t)
	ann := addedProfile(t, r, "--name", "Ann", "--birth-date", "1950-05-03")
	res := r.run(t, "profile", "add", "--name", " ann ", "--birth-date", "1950-05-03").
		fails(t, 1, "a person of this name and birth date is already here (--profile "+ann+"): nothing was added; add --yes to add another")
	if strings.Contains(res.stderr, "Ann") || strings.Contains(res.stderr, "1950") {
		t.Errorf("the line names the person: %q", res.stderr)
	}
	r.run(t, "profile", "add", "--name", "Ann", "--birth-date", "1951-05-03").ok(t) // another day: another person
	r.run(t, "profile", "add", "--name", "Ann", "--birth-date", "1950-05-03", "--yes").ok(t)
	var people []json.RawMessage
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 4 {
		t.Errorf("%d people, want 4", len(people))
	}
}
