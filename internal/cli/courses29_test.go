package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F177: Ned Hintz's two amoxicillin/clavulanate courses (28 Mar 2017, 26 Oct 2019) were one
// line dated 28 Mar 2017 — the 2019 course not said. Each course is a line with its date, and
// --json lists them with the record each one is.
func TestMedicinesCoursesYearsApart(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	r.run(t, "import", testutil.Fixture(t, "synthea/Ned_Hintz_*.json")).ok(t)
	out := r.run(t, "medicines").ok(t).stdout
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Amoxicillin") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 || !strings.Contains(lines[0], "26 Oct 2019") || !strings.Contains(lines[1], "28 Mar 2017") {
		t.Errorf("amoxicillin lines %q, want one of 26 Oct 2019 then one of 28 Mar 2017", lines)
	}
	var meds []struct {
		Name    string
		Courses []struct{ From, To, Ref string }
	}
	if err := json.Unmarshal([]byte(r.run(t, "medicines", "--json").ok(t).stdout), &meds); err != nil {
		t.Fatal(err)
	}
	for _, m := range meds {
		if !strings.HasPrefix(m.Name, "Amoxicillin") {
			continue
		}
		if len(m.Courses) != 2 || m.Courses[0].From != "2019-10-26" || m.Courses[1].From != "2017-03-28" || m.Courses[0].Ref == m.Courses[1].Ref {
			t.Errorf("courses %+v", m.Courses)
		}
	}
}
