package schedule

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// TestHL7Examples reads every HL7 R4 example MedicationRequest 0301–0335 and checks the plan:
// Unclear or as-needed where the structured data cannot give times, else the description and
// the first due times in Sydney (the examples are Australian) from authoredOn.
func TestHL7Examples(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	syd := mustLoad(t, "Australia/Sydney")
	const prn = "PRN"
	daily := func(clock string, days ...string) []string {
		var s []string
		for _, d := range days {
			s = append(s, "2015-"+d+"T"+clock)
		}
		return s
	}
	cases := map[string]struct {
		unclear string // prn for as-needed
		desc    string
		keys    []string // first keys from 2015-01-01
		n       int      // occurrences in Jan–Mar 2015
		// careTeam: given into a vein or in hospital, so not reminded (F532); the timing is
		// still read as the record gives it (desc, keys, n of the plan were it reminded)
		careTeam bool
	}{
		"0301": {unclear: prn},
		// seq 1 ("two tablets at once") has no end, so seq 2 cannot start.
		"0302": {unclear: reasonOpenPhase},
		"0303": {desc: "4 TAB once a day (07:30 is CareKeeper's time: change it), 16 Jan 2015 to 20 Jan 2015; then 2 TAB once a day (07:30 is CareKeeper's time: change it), 23 Jan 2015 to 30 Jan 2015; then 1 TAB once a day (07:30 is CareKeeper's time: change it), 31 Jan 2015 to 6 Feb 2015",
			keys: daily("07:30", "01-16", "01-17", "01-18", "01-19", "01-20", "01-23"), n: 5 + 8 + 7},
		"0304": {desc: "four times a day (07:30, 12:30, 18:30 and 22:00 are CareKeeper's times: change them)", keys: []string{"2015-01-15T07:30", "2015-01-15T12:30", "2015-01-15T18:30", "2015-01-15T22:00", "2015-01-16T07:30"}, n: 76 * 4},
		"0305": {unclear: prn},
		"0306": {desc: "once a day (07:30 is CareKeeper's time: change it)", keys: daily("07:30", "01-15", "01-16"), n: 76},
		"0307": {unclear: prn},
		"0308": {unclear: prn},
		// structured as once every 2 days (the text says twice daily): we follow the structure.
		"0309": {desc: "every other day (07:30 is CareKeeper's time: change it), 22 Jan 2016 to 4 Feb 2016", n: 0},
		"0310": {unclear: prn},
		"0311": {desc: "once a day (07:30 is CareKeeper's time: change it)", keys: daily("07:30", "01-15"), n: 76},
		"0312": {desc: "three times a day (07:30, 12:30 and 18:30 are CareKeeper's times: change them)", keys: []string{"2015-01-15T07:30", "2015-01-15T12:30", "2015-01-15T18:30"}, n: 76 * 3},
		"0313": {desc: "once a day (07:30 is CareKeeper's time: change it)", keys: daily("07:30", "01-15"), n: 76},
		"0314": {desc: "once a day (07:30 is CareKeeper's time: change it)", keys: daily("07:30", "01-15"), n: 76},
		"0315": {unclear: prn},
		// every 3 weeks from Thu 15 Jan 2015, 16 doses.
		"0316": {desc: "every 3 weeks on Thu (07:30 is CareKeeper's time: change it), 16 doses", keys: daily("07:30", "01-15", "02-05", "02-26", "03-19"), n: 4, careTeam: true},
		// "3 times per wk on alternate days" without days of the week.
		"0317": {unclear: reasonNoDays, careTeam: true},
		// A day with no time: the first dose at breakfast, 07:30 in Sydney, said as CareKeeper's (F188).
		"0318": {desc: "every 6 hours from 15 Jan 2015 07:30 (CareKeeper's time: change it)", keys: []string{"2015-01-14T20:30:00Z", "2015-01-15T02:30:00Z"}, n: 76*4 - 1, careTeam: true},
		"0319": {desc: "every 6 hours from 15 Jan 2015 07:30 (CareKeeper's time: change it)", keys: []string{"2015-01-14T20:30:00Z"}, n: 76*4 - 1, careTeam: true},
		"0320": {desc: "three times a day (07:30, 12:30 and 18:30 are CareKeeper's times: change them)", n: 76 * 3},
		// seq 1 and 2 are really concurrent (before each meal), but sequence says consecutive
		// and seq 1 has no end.
		"0321": {unclear: reasonOpenPhase},
		// an infusion at 100 ml/h, structured as every hour.
		"0322": {desc: "every hour from 15 Jan 2015 07:30 (CareKeeper's time: change it)", keys: []string{"2015-01-14T20:30:00Z", "2015-01-14T21:30:00Z"}, n: 76*24 - 7, careTeam: true},
		// one event at 22:00 +11:00 with "every 24 h": anchored on the event.
		"0323": {desc: "every 24 hours from 15 Jan 2015 22:00", keys: []string{"2015-01-15T11:00:00Z", "2015-01-16T11:00:00Z"}, n: 76, careTeam: true},
		"0324": {unclear: prn},
		"0325": {desc: "four times a day (07:30, 12:30, 18:30 and 22:00 are CareKeeper's times: change them)", n: 76 * 4},
		"0326": {desc: "twice a day (07:30 and 18:30 are CareKeeper's times: change them)", keys: []string{"2015-01-15T07:30", "2015-01-15T18:30"}, n: 76 * 2},
		"0327": {unclear: reasonNoDays},
		"0328": {desc: "twice a day (07:30 and 18:30 are CareKeeper's times: change them)", n: 76 * 2},
		"0329": {desc: "twice a day (07:30 and 18:30 are CareKeeper's times: change them)", n: 76 * 2},
		"0330": {desc: "twice a day (07:30 and 18:30 are CareKeeper's times: change them)", n: 76 * 2},
		"0331": {desc: "once a day (07:30 is CareKeeper's time: change it)", n: 76},
		// "single dose": count 1 with no time.
		"0332": {unclear: reasonNoTimes},
		"0333": {desc: "once a day in the morning (07:30 is CareKeeper's time: change it)", keys: daily("07:30", "01-15"), n: 76, careTeam: true},
		// four times a day on Mondays: 19 Jan … 30 Mar 2015 = 11 Mondays.
		"0334": {desc: "Mon (07:30, 12:30, 18:30 and 22:00 are CareKeeper's times: change them)", keys: []string{"2015-01-19T07:30", "2015-01-19T12:30", "2015-01-19T18:30", "2015-01-19T22:00", "2015-01-26T07:30"}, n: 11 * 4},
		"0335": {desc: "once a day at 09:00", keys: daily("09:00", "01-15", "01-16"), n: 76},
	}
	r := DefaultRoutine()
	from := time.Date(2015, 1, 1, 0, 0, 0, 0, syd)
	to := time.Date(2015, 4, 1, 0, 0, 0, 0, syd)
	for i := 301; i <= 335; i++ {
		id := fmt.Sprintf("0%d", i)
		c, ok := cases[id]
		if !ok {
			t.Fatalf("no expectation for %s", id)
		}
		t.Run(id, func(t *testing.T) {
			b := testutil.ReadFile(t, filepath.Join(dir, "MedicationRequest-medrx"+id+".json"))
			p, err := PlanFromResource(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Unclear == GivenByCareTeam; got != c.careTeam {
				t.Fatalf("given by the care team %v, want %v", got, c.careTeam)
			}
			if c.careTeam {
				if p.Describe(r) != "given by the care team" || len(p.Occurrences(from, to, syd, r, time.Time{})) != 0 {
					t.Fatalf("given by the care team: %q", p.Describe(r))
				}
				var res map[string]any
				if err := json.Unmarshal(b, &res); err != nil {
					t.Fatal(err)
				}
				delete(res, "category")
				for _, d := range res["dosageInstruction"].([]any) {
					delete(d.(map[string]any), "route")
				}
				b, _ = json.Marshal(res)
				if p, err = PlanFromResource(b); err != nil {
					t.Fatal(err)
				}
			}
			switch {
			case c.unclear == prn:
				if !p.AsNeeded || p.Unclear != "" || !strings.HasPrefix(p.Describe(r), "as needed") { // and its limits: TestAsNeededSaysItsLimits
					t.Fatalf("want as needed, got AsNeeded=%v Unclear=%q", p.AsNeeded, p.Unclear)
				}
				if occ := p.Occurrences(from, to, syd, r, time.Time{}); len(occ) != 0 {
					t.Fatalf("as needed gave %d reminders", len(occ))
				}
				return
			case c.unclear != "":
				if p.Unclear != c.unclear || p.Describe(r) != "set the times yourself" {
					t.Fatalf("Unclear = %q, want %q", p.Unclear, c.unclear)
				}
				if occ := p.Occurrences(from, to, syd, r, time.Time{}); len(occ) != 0 {
					t.Fatalf("unclear plan gave %d reminders", len(occ))
				}
				return
			}
			if p.Unclear != "" || p.AsNeeded {
				t.Fatalf("Unclear = %q AsNeeded = %v", p.Unclear, p.AsNeeded)
			}
			if got := p.Describe(r); got != c.desc {
				t.Errorf("Describe = %q\nwant %q", got, c.desc)
			}
			occ := p.Occurrences(from, to, syd, r, time.Time{})
			keys := keysOf(occ)
			if len(c.keys) > 0 && (len(keys) < len(c.keys) || !slices.Equal(keys[:len(c.keys)], c.keys)) {
				t.Errorf("keys %q, want prefix %q", keys[:min(len(keys), len(c.keys))], c.keys)
			}
			if len(occ) != c.n {
				t.Errorf("%d occurrences, want %d", len(occ), c.n)
			}
		})
	}
}

// TestMedicationStatementExamples: dosage and effective[x] of the HL7 MedicationStatements.
func TestMedicationStatementExamples(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	want := map[string]string{
		"example001": "as needed for restless legs, at most 1 dose a day", // "1-2 tablets once daily at bedtime as needed"
		"example002": reasonNoDosage,
		"example003": reasonNoTiming,
		"example004": "three times a day (07:30, 12:30 and 18:30 are CareKeeper's times: change them)",
		"example006": reasonNoTiming,
	}
	for id, w := range want {
		b := testutil.ReadFile(t, filepath.Join(dir, "MedicationStatement-"+id+".json"))
		p, err := PlanFromResource(b)
		if err != nil {
			t.Fatal(err)
		}
		got := p.Describe(DefaultRoutine())
		if p.Unclear != "" {
			got = p.Unclear
		}
		if got != w {
			t.Errorf("%s: %q, want %q", id, got, w)
		}
	}
	// example004 starts at effectiveDateTime 2014-01-23.
	p, _ := PlanFromResource(testutil.ReadFile(t, filepath.Join(dir, "MedicationStatement-example004.json")))
	start, end := p.Span(time.UTC, DefaultRoutine())
	if !start.Equal(time.Date(2014, 1, 23, 0, 0, 0, 0, time.UTC)) || !end.IsZero() {
		t.Errorf("Span = %v, %v", start, end)
	}
}
