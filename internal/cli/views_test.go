package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// profileIDs maps each person's name prefix to their id ("profile list --json").
func profileIDs(t *testing.T, r runner) map[string]string {
	t.Helper()
	var ps []struct {
		ID, Name string
		Deceased any
	}
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range ps {
		out[strings.Fields(p.Name)[0]] = p.ID
	}
	return out
}

type medRow struct {
	Profile   string   `json:"profile"`
	Ref       string   `json:"ref"`
	Name      string   `json:"name"`
	Status    string   `json:"status"`
	Since     string   `json:"since"`
	Sources   []string `json:"sources"`
	Schedule  string   `json:"schedule"`
	Reminders *bool    `json:"reminders"`
	Question  string   `json:"question"`
	Ended     string   `json:"ended"`
}

func medicines(t *testing.T, r runner, args ...string) map[string]medRow {
	t.Helper()
	var rows []medRow
	out := r.run(t, append([]string{"medicines", "--json"}, args...)...).ok(t).stdout
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	m := map[string]medRow{}
	for _, row := range rows {
		if row.Profile == "" || row.Ref == "" || row.Status == "" || row.Sources == nil || row.Reminders == nil {
			t.Errorf("row without a contract field: %+v", row)
		}
		m[strings.ToLower(strings.Fields(row.Name)[0])] = row // "lisinopril" of "Lisinopril 10 mg tablet" (the record's "lisinopril 10 MG Oral Tablet")
	}
	return m
}

// The issue-11 views on the command line: deceased people, medicine states with confirm and
// stop, Today per person, results per person (two people with the same code are two series).
func TestDomainViews(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	fletcher := testutil.Fixture(t, "synthea/Fletcher_Hyatt_*.json")
	courtney := testutil.Fixture(t, "synthea/Courtney_Schinner_*.json")
	clemente := testutil.Fixture(t, "synthea/Clemente_Kreiger_*.json")
	buster := testutil.Fixture(t, "synthea/Buster_Hoeger_*.json")
	r.run(t, "import", fletcher, courtney, clemente, buster).ok(t)
	ids := profileIDs(t, r)

	t.Run("profile list deceased", func(t *testing.T) {
		out := r.run(t, "profile", "list", "--json").ok(t).stdout
		var ps []map[string]any
		json.Unmarshal([]byte(out), &ps)
		for _, p := range ps {
			d, has := p["deceased"]
			switch name := p["name"].(string); {
			case strings.HasPrefix(name, "Fletcher"):
				if d != "1996-01-21" {
					t.Errorf("Fletcher deceased = %v", d)
				}
			case has:
				t.Errorf("%s listed as deceased: %v", name, d)
			}
		}
	})

	t.Run("medicine states", func(t *testing.T) {
		meds := medicines(t, r, "--profile", ids["Courtney"], "--at", "2021-06-01")
		hct, col := meds["hydrochlorothiazide"], meds["colchicine"]
		if hct.Status != "to-confirm" || hct.Question != "Still active in the record since 1999 — still taking it?" || *hct.Reminders {
			t.Errorf("old active order: %+v", hct)
		}
		if col.Status != "taking" || col.Since != "2021-03-16" || len(col.Sources) != 1 {
			t.Errorf("recent order: %+v", col)
		}
		if c := meds["camila"]; c.Status != "past" {
			t.Errorf("stopped order: %+v", c)
		}
		r.run(t, "medicines", "confirm", "--profile", ids["Courtney"], "--ref", hct.Ref).ok(t)
		if got := medicines(t, r, "--profile", ids["Courtney"], "--at", "2021-06-01")["hydrochlorothiazide"]; got.Status != "taking" || got.Question != "" {
			t.Errorf("after confirm: %+v", got)
		}
		r.run(t, "medicines", "stop", "--profile", ids["Courtney"], "--ref", hct.Ref).ok(t)
		if got := medicines(t, r, "--profile", ids["Courtney"], "--at", "2021-06-01")["hydrochlorothiazide"]; got.Status != "stopped" || *got.Reminders {
			t.Errorf("after stop: %+v", got)
		}
		r.run(t, "medicines", "stop", "--profile", ids["Courtney"], "--ref", "MedicationRequest/nosuch").fails(t, 1, "no such medicine")
		r.run(t, "medicines", "stop", "--profile", ids["Courtney"]).fails(t, 2, "--ref")
		// Fletcher Hyatt died in 1996: nothing is being taken, whatever the records say.
		for name, m := range medicines(t, r, "--profile", ids["Fletcher"]) {
			if m.Status != "past" || *m.Reminders {
				t.Errorf("deceased person's %s: %+v", name, m)
			}
		}
	})

	t.Run("today per person", func(t *testing.T) {
		out := r.run(t, "today", "--json", "--at", "2021-06-01T09:00:00Z").ok(t).stdout
		var views []struct {
			Profile, Person string
			Deceased        any
			Doses           []struct{ Ref, Name, At, State string }
			Appointments    []any
			Refills         []any
		}
		if err := json.Unmarshal([]byte(out), &views); err != nil {
			t.Fatal(err)
		}
		if len(views) != 4 {
			t.Fatalf("%d people in today, want 4: %s", len(views), out)
		}
		for _, v := range views {
			if v.Doses == nil || v.Appointments == nil || v.Refills == nil {
				t.Errorf("%s: a list is null: %s", v.Profile, out)
			}
			if v.Profile == ids["Fletcher"] && (v.Deceased != "1996-01-21" || len(v.Doses)+len(v.Appointments)+len(v.Refills) > 0) {
				t.Errorf("deceased person's today: %+v", v)
			}
		}
		if res := r.run(t, "today", "--profile", ids["Fletcher"]).ok(t); !strings.Contains(res.stdout, "Died 21 Jan 1996") {
			t.Errorf("text: %q", res.stdout)
		}
		// A confirmed medicine at 08:00 tomorrow: upcoming before, due from its time, then overdue.
		col := medicines(t, r, "--profile", ids["Courtney"])["colchicine"]
		r.run(t, "medicines", "confirm", "--profile", ids["Courtney"], "--ref", col.Ref).ok(t)
		r.run(t, "schedule", "set", "--profile", ids["Courtney"], "--ref", col.Ref, "--times", "08:00").ok(t)
		tomorrow := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
		r.run(t, "appointment", "add", "--profile", ids["Courtney"], "--start", tomorrow+"T15:00", "--title", "Gout review").ok(t)
		for at, want := range map[string]string{"07:00": "upcoming", "08:30": "due", "11:00": "overdue"} {
			out := r.run(t, "today", "--json", "--profile", ids["Courtney"], "--at", tomorrow+"T"+at).ok(t).stdout
			var views []struct {
				Doses        []struct{ Ref, Name, At, State string }
				Appointments []struct{ Ref, Title, Start string }
			}
			json.Unmarshal([]byte(out), &views)
			if len(views) != 1 || len(views[0].Doses) != 1 || views[0].Doses[0].State != want || views[0].Doses[0].Ref != col.Ref {
				t.Errorf("at %s: %s, want one dose %s", at, out, want)
			}
			if len(views) == 1 && (len(views[0].Appointments) != 1 || views[0].Appointments[0].Title != "Gout review") {
				t.Errorf("at %s: appointments %s", at, out)
			}
		}
		// Other people's doses and appointments are not Courtney's: everyone's Today keeps them apart.
		out = r.run(t, "today", "--json", "--at", tomorrow+"T08:30").ok(t).stdout
		var all []struct {
			Profile      string
			Doses        []any
			Appointments []any
		}
		json.Unmarshal([]byte(out), &all)
		for _, v := range all {
			if n := len(v.Doses) + len(v.Appointments); (v.Profile == ids["Courtney"]) != (n == 2) {
				t.Errorf("%s has %d doses and appointments: %s", v.Profile, n, out)
			}
		}
	})

	t.Run("results never merged", func(t *testing.T) {
		out := r.run(t, "results", "--json", "--code", "http://loinc.org|29463-7").ok(t).stdout
		var people []struct {
			Profile string
			Series  []struct {
				Code, Unit string
				Values     []struct {
					At    string
					Value float64
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &people); err != nil {
			t.Fatal(err)
		}
		weights := 0
		for _, p := range people {
			for _, se := range p.Series {
				if se.Code != "http://loinc.org|29463-7" || se.Unit != "kg" {
					t.Errorf("%s: series %s %s", p.Profile, se.Code, se.Unit)
				}
				weights++
			}
		}
		// Four people, each with body weights: four series, one per person, never one.
		if weights != 4 || len(people) != 4 {
			t.Errorf("%d weight series among %d people, want 4 and 4", weights, len(people))
		}
		one := r.run(t, "results", "--json", "--profile", ids["Clemente"], "--code", "29463-7").ok(t).stdout
		var series []struct {
			Values []struct{ Value float64 }
		}
		json.Unmarshal([]byte(one), &series)
		if len(series) != 1 || len(series[0].Values) != 3 {
			t.Errorf("one person's weights: %s", one)
		}
		r.run(t, "results", "--profile", "nosuch").fails(t, 1, "no such profile")
	})
}
