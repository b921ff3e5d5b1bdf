package cli_test

import (
	"strings"
	"testing"
)

// Found by the held-out check of issue 15: `records` dated a reading by its day in UTC (an
// evening blood pressure in New York was listed on the next day, while `results` gave its own
// day). A timed record is dated in the person's zone; a date-only one keeps its own day.
func TestRecordsDateInPersonsZone(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "America/New_York")
	pat := map[string]any{"resourceType": "Patient", "id": "p-ed", "name": []any{map[string]any{"family": "Zonecheck", "given": []any{"Ed"}}}, "birthDate": "1970-01-01"}
	obs := func(id, when string) map[string]any {
		return map[string]any{"resourceType": "Observation", "id": id, "status": "final",
			"code":              map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "8867-4"}}},
			"subject":           map[string]any{"reference": "urn:uuid:p-ed"},
			"effectiveDateTime": when, "valueQuantity": map[string]any{"value": 70, "unit": "/min"}}
	}
	r.run(t, "import", heldOutBundle(t, "ed.json", pat, obs("evening", "2024-03-04T21:00:00-05:00"), obs("dateonly", "2024-03-04"))).ok(t)
	out := r.run(t, "records", "--type", "Observation").ok(t).stdout
	for _, id := range []string{"evening", "dateonly"} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, " "+id+" ") {
				found = true
				if !strings.Contains(line, "4 Mar 2024") {
					t.Errorf("record %s not dated 4 Mar 2024: %q", id, line)
				}
			}
		}
		if !found {
			t.Errorf("record %s not listed:\n%s", id, out)
		}
	}
}

// Issue 15: a vaccine the record dates "1999-11" was listed as "1 Nov 1999" and one dated
// "1999" as "1 Jan 1999"; a reading taken at exactly midnight UTC was listed on that UTC day
// west of UTC (its time was read as "a date alone"). records says the date as precisely as
// the record wrote it.
func TestRecordsPartialDates(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "America/New_York")
	pat := map[string]any{"resourceType": "Patient", "id": "p-pd", "name": []any{map[string]any{"family": "Partial", "given": []any{"Pat"}}}, "birthDate": "1970-01-01"}
	imm := func(id, when string) map[string]any {
		return map[string]any{"resourceType": "Immunization", "id": id, "status": "completed",
			"vaccineCode": map[string]any{"text": "Hepatitis B"}, "patient": map[string]any{"reference": "urn:uuid:p-pd"},
			"occurrenceDateTime": when}
	}
	r.run(t, "import", heldOutBundle(t, "pd.json", pat, imm("month", "1999-11"), imm("year", "1999"),
		imm("day", "1999-11-04"), imm("midnight", "2024-03-05T00:00:00Z"))).ok(t)
	out := r.run(t, "records", "--type", "Immunization").ok(t).stdout
	for id, want := range map[string]string{"month": "November 1999", "year": "1999", "day": "4 Nov 1999", "midnight": "4 Mar 2024"} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 2 && f[1] == id {
				found = true
				if !strings.Contains(line, "  "+want+"  ") {
					t.Errorf("record %s not dated %q: %q", id, want, line)
				}
			}
		}
		if !found {
			t.Errorf("record %s not listed:\n%s", id, out)
		}
	}
}

// Found by verify17: a reading taken at exactly midnight UTC was dated by `records` on its day
// in New York (4 Mar) but by `results` on the UTC day (5 Mar). results dates a timed reading
// in the person's zone too; a month's reading stays "March 2020" in every zone.
func TestResultsDateInPersonsZone(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "America/New_York")
	pat := map[string]any{"resourceType": "Patient", "id": "p-rz", "name": []any{map[string]any{"family": "Zonecheck", "given": []any{"Rae"}}}, "birthDate": "1970-01-01"}
	obs := func(id, code, when string) map[string]any {
		return map[string]any{"resourceType": "Observation", "id": id, "status": "final",
			"code":              map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": code}}},
			"subject":           map[string]any{"reference": "urn:uuid:p-rz"},
			"effectiveDateTime": when, "valueQuantity": map[string]any{"value": 70, "unit": "/min"}}
	}
	r.run(t, "import", heldOutBundle(t, "rz.json", pat, obs("midnight", "8867-4", "2024-03-05T00:00:00Z"), obs("month", "9279-1", "2020-03"))).ok(t)
	for _, args := range [][]string{{"results"}, {"records", "--type", "Observation"}} {
		out := r.run(t, args...).ok(t).stdout
		for _, want := range []string{"  4 Mar 2024  ", "  March 2020  "} {
			if !strings.Contains(out, want) {
				t.Errorf("%s does not say %q:\n%s", args[0], strings.TrimSpace(want), out)
			}
		}
		if strings.Contains(out, "5 Mar 2024") {
			t.Errorf("%s dates the midnight-UTC reading on the UTC day:\n%s", args[0], out)
		}
	}
}
