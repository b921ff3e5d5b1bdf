package cli_test

import "testing"

// F155: 'records' of a person with no records says so in one line, not the column headings
// alone; with --type, of that type.
func TestRecordsOfAPersonWithNone(t *testing.T) {
	r := in(newVault(t))
	r.run(t, "profile", "add", "--name", "Ann Lee", "--birth-date", "1960-02-03").ok(t)
	id := profileIDs(t, r)["Ann"]
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"records", "--profile", id}, "No records for Ann Lee yet.\n"},
		{[]string{"records", "--profile", id, "--type", "Observation"}, "No Observation records for Ann Lee yet.\n"},
		{[]string{"records", "--type", "Observation"}, "No Observation records in the vault yet.\n"},
	} {
		if out := r.run(t, c.args...).ok(t).stdout; out != c.want {
			t.Errorf("%v: %q, want %q", c.args, out, c.want)
		}
	}
}
