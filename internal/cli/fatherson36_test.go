package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// A father and son of one full name, Kenji Nakamura (born 1946, died 14 Sep 2026, and born
// 1974), at one address with record numbers of one clinic (testdata/nakamura-*.json, made by
// vchk36): each one's file makes his own person, a pharmacy file holding both puts each
// dispense with its own Kenji, and that file is never imported into one of them (F455 seen
// with a father and son; guard, passed when written).
func TestFatherAndSonOfOneNameStayApart(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/Los_Angeles")
	if line := r.run(t, "import", filepath.Join("testdata", "nakamura-sr.json")).ok(t).stdout; !strings.Contains(line, "for Kenji Nakamura (new)") {
		t.Errorf("father's file: %q", line)
	}
	if line := r.run(t, "import", filepath.Join("testdata", "nakamura-jr.json")).ok(t).stdout; !strings.Contains(line, "for Kenji Nakamura (born 1974) (new)") {
		t.Errorf("son's file: %q, want a new person told apart by birth year", line)
	}
	var people []struct {
		ID, Name, BirthDate string
		Deceased            any
	}
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil {
		t.Fatal(err)
	}
	id := map[string]string{}
	for _, p := range people {
		if p.Name != "Kenji Nakamura" {
			t.Errorf("person %+v, want Kenji Nakamura", p)
		}
		id[p.BirthDate] = p.ID
		if (p.Deceased != nil) != (p.BirthDate == "1946-02-11") {
			t.Errorf("%s born %s: deceased %v, want only the father", p.Name, p.BirthDate, p.Deceased)
		}
	}
	father, son := id["1946-02-11"], id["1974-06-30"]
	if len(people) != 2 || father == "" || son == "" {
		t.Fatalf("people %+v, want the father and the son apart", people)
	}

	line := r.run(t, "import", filepath.Join("testdata", "nakamura-family-pharmacy.json")).ok(t).stdout
	if !strings.Contains(line, "for Kenji Nakamura (born 1946) and Kenji Nakamura (born 1974)") {
		t.Errorf("family file: %q, want each Kenji named", line)
	}
	for who, want := range map[string]string{father: "d-sr-1", son: "d-jr-1"} {
		var recs []struct{ ID string }
		if err := json.Unmarshal([]byte(r.run(t, "records", "--profile", who, "--type", "MedicationDispense", "--json").ok(t).stdout), &recs); err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].ID != want {
			t.Errorf("dispenses of %s: %+v, want %s alone", who, recs, want)
		}
	}
	// The same file into the son alone is refused (it names his father too), and into the
	// father likewise; nothing of one lands with the other.
	for _, who := range []string{son, father} {
		if res := r.run(t, "import", "--profile", who, filepath.Join("testdata", "nakamura-family-pharmacy.json")); res.code != 1 {
			t.Errorf("family file into %s alone: exit %d, %q %q", who, res.code, res.stdout, res.stderr)
		}
	}

	out := r.run(t, "today", "--at", "2026-12-06T12:00:00-08:00").ok(t).stdout
	if !strings.Contains(out, "Kenji Nakamura (born 1946) — Died 14 Sep 2026") {
		t.Errorf("today: the father's death not said:\n%s", out)
	}
	if strings.Contains(out, "Furosemide") || !strings.Contains(out, "Metformin") {
		t.Errorf("today: want the son's metformin, nothing of the father's furosemide:\n%s", out)
	}
}
