package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F520 (rest): a file whose Patient gives no birth date became a new person beside the one it
// may be, without a word (the "may be one" rule needs one birth date on both). The import's
// line and 'profile list' now say it when the names agree (the same, or one the other's with
// a middle name left out), with how to join them or keep them two; nothing is joined by
// itself, and another given name is not said.
func TestImportWithoutBirthDateSaysWhoItMayBe(t *testing.T) {
	r := in(newVault(t))
	dir := t.TempDir()
	write := func(name, id, family, given, birth string) string {
		p := filepath.Join(dir, name)
		b := ""
		if birth != "" {
			b = `,"birthDate":"` + birth + `"`
		}
		data := `{"resourceType":"Patient","id":"` + id + `","name":[{"family":"` + family + `","given":["` + given + `"]}],"gender":"female"` + b + `}`
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r.run(t, "import", write("gp.json", "m1", "O'Brien", "Margaret Mary", "1942-08-14")).ok(t)
	line := r.run(t, "import", write("pharmacy.json", "x1", "O'Brien", "Margaret", "")).ok(t).stdout
	ids := peopleIDs(t, r)
	if len(ids) != 2 {
		t.Fatalf("people %v, want two (never joined by itself)", ids)
	}
	m, p := ids[0], ids[1]
	if want := "Margaret O'Brien (new, no birth date in the file) may be Margaret Mary O'Brien, born 14 Aug 1942: kept apart, as CareKeeper does not join two people by itself; if they are one person: carekeeper profile join --keep " + m + " --from " + p + " --yes; if two: carekeeper profile apart --profile " + m + " --other " + p; !strings.Contains(line, want) {
		t.Errorf("import: %q\nwant %q", line, want)
	}
	list := r.run(t, "profile", "list").ok(t).stdout
	if want := "Margaret O'Brien may be the same person as Margaret Mary O'Brien (Margaret O'Brien's records give no birth date; Margaret Mary O'Brien was born 14 Aug 1942): if so, join them with `carekeeper profile join --keep " + m + " --from " + p + " --yes`"; !strings.Contains(list, want) {
		t.Errorf("profile list:\n%s\nwant %q", list, want)
	}
	var js []struct {
		ID          string
		MayBeSameAs []string
	}
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &js); err != nil || len(js) != 2 || len(js[1].MayBeSameAs) != 1 || js[1].MayBeSameAs[0] != m {
		t.Errorf("profile list --json: %+v %v", js, err)
	}
	// The same name word for word, no birth date: said too (the import makes another person).
	line = r.run(t, "import", write("clinic.json", "y1", "O'Brien", "Margaret Mary", "")).ok(t).stdout
	if !strings.Contains(line, "Margaret Mary O'Brien (new, no birth date in the file) may be Margaret Mary O'Brien, born 14 Aug 1942") {
		t.Errorf("import of the same name without a birth date: %q", line)
	}
	// Another given name, no birth date: nothing said.
	line = r.run(t, "import", write("rose.json", "z1", "O'Brien", "Rose", "")).ok(t).stdout
	if strings.Contains(line, "may be") {
		t.Errorf("import of another given name: %q", line)
	}
	if n := len(peopleIDs(t, r)); n != 4 {
		t.Fatalf("%d people, want 4", n)
	}
	// Two: said once, not asked again; one: joined when said.
	r.run(t, "profile", "apart", "--profile", m, "--other", p).ok(t)
	if list := r.run(t, "profile", "list").ok(t).stdout; strings.Contains(list, "--keep "+m+" --from "+p) {
		t.Errorf("profile list after apart:\n%s", list)
	}
	r.run(t, "profile", "join", "--keep", m, "--from", p, "--yes").ok(t)
	if n := len(peopleIDs(t, r)); n != 3 {
		t.Errorf("after join: %d people, want 3", n)
	}
}

// F520 (rest): "They are two people" ('profile apart', the People screen's button) was
// remembered only on the computer where it was said: the household's other devices that
// manage the two went on asking. It travels with the household now.
func TestTwoPeopleSaidOnOneDeviceAreTwoOnTheOthers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, id, given string) string {
		p := filepath.Join(dir, name)
		data := `{"resourceType":"Patient","id":"` + id + `","name":[{"family":"O'Brien","given":["` + given + `"]}],"gender":"female","birthDate":"1942-08-14"}`
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	desk, laptop := joinedPair(t, "folder", "UTC", "UTC", func(desk runner) {
		desk.run(t, "import", write("gp.json", "m1", "Margaret Mary"), write("myhealth.json", "p1", "Peggy")).ok(t)
	})
	ids := peopleIDs(t, desk)
	if len(ids) != 2 {
		t.Fatalf("people %v, want two", ids)
	}
	const asked = "have one birth date (14 Aug 1942), sex and family name, and other given names"
	if list := laptop.run(t, "profile", "list").ok(t).stdout; !strings.Contains(list, asked) {
		t.Fatalf("laptop's profile list before:\n%s", list)
	}
	out := desk.run(t, "profile", "apart", "--profile", ids[0], "--other", ids[1]).ok(t).stdout
	if !strings.Contains(out, "are two people: CareKeeper will not ask again, on this computer or on the household's devices that hold them") {
		t.Errorf("profile apart: %q", out)
	}
	desk.run(t, "household", "sync").ok(t)
	laptop.run(t, "household", "sync").ok(t)
	for name, r := range map[string]runner{"desk": desk, "laptop": laptop} {
		if list := r.run(t, "profile", "list").ok(t).stdout; strings.Contains(list, asked) {
			t.Errorf("%s's profile list after 'apart' on the desk:\n%s", name, list)
		}
	}
}
