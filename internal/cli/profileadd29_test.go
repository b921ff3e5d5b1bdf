package cli_test

import (
	"encoding/json"
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
