package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F554: right after 'profile join --other-names' (the carer's answer: Peggy O'Brien is
// Margaret by another name), 'profile separate' said Margaret "holds records of another
// person, Peggy O'Brien" and offered to move them out again — re-making Peggy with her
// warfarin. A join by other names is remembered with the person kept (and travels with the
// household, as 'profile apart' does): the separate check does not offer those names again.
// Another given name that was not joined is still found.
func TestJoinByOtherNamesIsNotOfferedApartAgain(t *testing.T) {
	r := in(newVault(t))
	dir := t.TempDir()
	write := func(file, id, given string) string {
		p := filepath.Join(dir, file)
		data := fmt.Sprintf(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":%q,"name":[{"family":"O'Brien","given":[%q]}],"gender":"female","birthDate":"1942-08-14"}},`+
			`{"resource":{"resourceType":"MedicationRequest","id":"%s-warf","status":"active","intent":"order","authoredOn":"2026-11-10","subject":{"reference":"Patient/%s"},"medicationCodeableConcept":{"text":"Warfarin 1 mg tablets"}}}]}`, id, given, id, id)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r.run(t, "import", write("gp.json", "m1", "Margaret Mary")).ok(t)
	r.run(t, "import", write("myhealth.json", "p1", "Peggy")).ok(t)
	ids := peopleIDs(t, r)
	if len(ids) != 2 {
		t.Fatalf("people %v, want two", ids)
	}
	m, p := ids[0], ids[1]
	r.run(t, "profile", "join", "--keep", m, "--from", p, "--other-names", "--yes").ok(t)
	out := r.run(t, "profile", "separate").ok(t).stdout
	if strings.Contains(out, "holds records of another person") {
		t.Errorf("profile separate right after the join:\n%s", out)
	}
	var mixed []any
	if err := json.Unmarshal([]byte(r.run(t, "profile", "separate", "--json").ok(t).stdout), &mixed); err != nil || len(mixed) != 0 {
		t.Errorf("profile separate --json: %v (%v), want none", mixed, err)
	}
	// A file of another given name imported into her by hand (--force) is still found.
	r.run(t, "import", "--profile", m, "--force", write("rose.json", "r1", "Rose")).ok(t)
	if out := r.run(t, "profile", "separate").ok(t).stdout; !strings.Contains(out, "holds records of another person, Rose O'Brien") {
		t.Errorf("profile separate after Rose's file:\n%s", out)
	}
}
