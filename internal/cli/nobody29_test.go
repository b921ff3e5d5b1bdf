package cli_test

import "testing"

// F283: in a vault with nobody in it, each reading command says so and how to add someone,
// as 'profile list' does (exit 0), rather than nothing or "no such profile".
func TestReadingCommandsSayNobodyYet(t *testing.T) {
	dir := newVault(t)
	const want = "No people yet: 'carekeeper profile add --name NAME' or import a file.\n"
	for _, args := range [][]string{{"profile", "list"}, {"today"}, {"results"}, {"medicines"}, {"schedule", "list"}} {
		if res := in(dir).run(t, args...).ok(t); res.stdout != want {
			t.Errorf("%v: %q, want %q", args, res.stdout, want)
		}
	}
	// --json keeps each command's empty answer; medicines said "no such profile" (exit 1).
	for _, args := range [][]string{{"--json", "medicines"}, {"--json", "today"}, {"--json", "results"}} {
		if res := in(dir).run(t, args...).ok(t); res.stdout != "[]\n" {
			t.Errorf("%v: %q, want []", args, res.stdout)
		}
	}
	// Someone added: the line is gone.
	in(dir).run(t, "profile", "add", "--name", "Ann").ok(t)
	for _, args := range [][]string{{"today"}, {"medicines"}} {
		if res := in(dir).run(t, args...).ok(t); res.stdout == want {
			t.Errorf("%v with a person: %q", args, res.stdout)
		}
	}
}
