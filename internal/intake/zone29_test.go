package intake

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// TestNewPersonRecordsZoneProposed (F255): Donnette's Synthea records are written on US
// Eastern time (−05:00 in winter, −04:00 in summer). Imported on a computer in Kolkata she got
// its clock without a word: her 17:09 visit read 03:39 the next day. Now the import line says
// her records are on New York time and where to choose it (the zone is proposed, not set); on
// a computer already on that clock nothing is said; records on several clocks are said.
func TestNewPersonRecordsZoneProposed(t *testing.T) {
	donnette := filepath.Join(testutil.FixturesDir(t), "synthea", "synthea_Donnette259_Sporer811_3400bda2-9f20-4e71-a0f8-c09cd2ac3f0f.json")
	mixed := write(t, "mixed.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Roe","given":["Ann"]}]}},
{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-01-10T09:00:00+01:00","valueQuantity":{"value":60,"unit":"kg"}}},
{"fullUrl":"urn:uuid:o2","resource":{"resourceType":"Observation","id":"o2","status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-02-10T09:00:00-07:00","valueQuantity":{"value":61,"unit":"kg"}}}]}`))
	zone := func(name string) *time.Location {
		l, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	for _, tc := range []struct {
		name, file string
		device     *time.Location
		wantZone   string // the zone proposed
		wantWords  string // in the import's line; "" for nothing about zones
	}{
		{"Kolkata computer", donnette, zone("Asia/Kolkata"), "America/New_York", "records are on New York time"},
		{"computer on her clock", donnette, zone("America/New_York"), "", ""},
		{"several clocks", mixed, zone("Asia/Kolkata"), "", "records are written on several clocks"},
		// Peter Chalmers lives in Victoria, Australia; his file's one time is his birth time
		// (−05:00): it is not a record of care, and one time is no clock (F377: "records are on
		// New York time", and a command that would move his reminders by 16 hours).
		{"birth time only", filepath.Join(testutil.FixturesDir(t), "hl7-examples", "Patient-example.json"), zone("Europe/London"), "", ""},
		{"one record", write(t, "one.json", []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Roe","given":["Ann"]}]}},
{"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Weight"},"subject":{"reference":"urn:uuid:p1"},"effectiveDateTime":"2024-01-10T09:00:00-05:00","valueQuantity":{"value":60,"unit":"kg"}}}]}`)), zone("Europe/London"), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newVault(t)
			opt := Options{Options: cksync.Options{Now: clock}, Device: func() *time.Location { return tc.device }}
			s, err := importPath(t, v, tc.file, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.NewPeople) != 1 {
				t.Fatalf("new people %v", s.NewPeople)
			}
			st, err := remind.LoadSettings(v, s.NewPeople[0])
			if err != nil || st.Zone != "" {
				t.Errorf("her zone was set to %q (%v): a proposal only", st.Zone, err)
			}
			if got := ""; len(s.Zones) == 1 && s.Zones[0].Profile == s.NewPeople[0] {
				got = s.Zones[0].Zone
				if got != tc.wantZone {
					t.Errorf("zone proposed %q, want %q", got, tc.wantZone)
				}
			} else if tc.wantWords != "" {
				t.Errorf("zones %+v", s.Zones)
			}
			ps, _ := v.Profiles()
			line := s.DescribeFor(Names(ps))
			t.Log(line)
			if tc.wantWords == "" && strings.Contains(line, "clock") || tc.wantWords != "" && !strings.Contains(line, tc.wantWords) {
				t.Errorf("line %q, want %q", line, tc.wantWords)
			}
			// Importing again (no new person) leaves the zone as it is and says nothing of it.
			if s, err = importPath(t, v, tc.file, opt); err != nil || len(s.Zones) != 0 {
				t.Errorf("again: zones %+v %v", s.Zones, err)
			}
		})
	}
}
