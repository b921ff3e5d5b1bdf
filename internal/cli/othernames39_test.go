package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F520: "Peggy O'Brien" from Margaret's second portal (same birth date, sex and family name)
// became a second person reminded of warfarin, and nothing asked whether the two are one. The
// import's line and 'profile list' now ask: one person by another name (profile join
// --other-names) or two (profile apart, not asked again); the strict join still refuses them.
func TestProfileListAsksOfOtherGivenNames(t *testing.T) {
	r := in(newVault(t))
	dir := t.TempDir()
	write := func(name, id, family, given string) string {
		p := filepath.Join(dir, name)
		data := `{"resourceType":"Patient","id":"` + id + `","name":[{"family":"` + family + `","given":["` + given + `"]}],"gender":"female","birthDate":"1942-08-14"}`
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r.run(t, "import", write("gp.json", "m1", "O'Brien", "Margaret Mary")).ok(t)
	line := r.run(t, "import", write("myhealth.json", "p1", "O'Brien", "Peggy")).ok(t).stdout
	ids := peopleIDs(t, r)
	if len(ids) != 2 {
		t.Fatalf("people %v, want two", ids)
	}
	m, p := ids[0], ids[1]
	if want := "Peggy O'Brien (new, born 14 Aug 1942) has the birth date, sex and family name of Margaret Mary O'Brien, with other given names: kept apart, as CareKeeper does not join two people by itself; if they are one person by another name: carekeeper profile join --keep " + m + " --from " + p + " --other-names --yes; if two: carekeeper profile apart --profile " + m + " --other " + p; !strings.Contains(line, want) {
		t.Errorf("import: %q\nwant %q", line, want)
	}
	if list := r.run(t, "profile", "list").ok(t).stdout; !strings.Contains(list, "Peggy O'Brien and Margaret Mary O'Brien have one birth date (14 Aug 1942), sex and family name, and other given names: one person by another name, or two (twins)?") {
		t.Errorf("profile list:\n%s", list)
	}
	if res := r.run(t, "profile", "join", "--keep", m, "--from", p, "--yes"); res.code != 1 || !strings.Contains(res.stderr, "different names") {
		t.Errorf("join without --other-names: %+v", res)
	}
	// Twins: said two once, not asked again.
	out := r.run(t, "profile", "apart", "--profile", m, "--other", p).ok(t).stdout
	if !strings.Contains(out, "Margaret Mary O'Brien and Peggy O'Brien are two people: CareKeeper will not ask again") {
		t.Errorf("profile apart: %q", out)
	}
	if list := r.run(t, "profile", "list").ok(t).stdout; strings.Contains(list, "other given names") {
		t.Errorf("profile list after apart:\n%s", list)
	}
	// One person by another name: joined when said.
	r.run(t, "profile", "join", "--keep", m, "--from", p, "--other-names", "--yes").ok(t)
	if ids := peopleIDs(t, r); len(ids) != 1 || ids[0] != m {
		t.Errorf("after join --other-names: %v", ids)
	}
}
