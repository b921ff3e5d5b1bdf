package ccda_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/testutil"
)

// setOf is a converted bundle as the screens read it: the person's records, and the
// practitioners, organisations and places shared by everyone.
func setOf(t *testing.T, bundle []byte) *health.Set {
	t.Helper()
	var recs, shared []health.Resource
	for _, typ := range []string{"Patient", "Encounter", "MedicationRequest", "Practitioner", "Organization", "Location"} {
		for _, r := range resources(t, bundle, typ) {
			b, _ := json.Marshal(r)
			res := health.Resource{Key: health.Key{Source: "local", Type: typ, ID: r["id"].(string)}, Profile: "p", JSON: b}
			if typ == "Practitioner" || typ == "Organization" || typ == "Location" {
				res.Profile = "_"
				shared = append(shared, res)
			} else {
				recs = append(recs, res)
			}
		}
	}
	return health.NewSet(recs, shared)
}

// TestPrimaryCareAndVisitPlace (F267): HL7's CCD 1 names the person's primary care physician
// (documentationOf/serviceEvent/performer, function PCP) with her practice, and the place of
// the 27 Sep 2012 visit (a Service Delivery Location, its setting AMB as a translation of the
// CPT code). Care team said 'No care team yet' and the visit 'Setting unknown' with no place.
func TestPrimaryCareAndVisitPlace(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents", "CCD", "CCD 1", "CCD.XML"))
	if err != nil {
		t.Fatal(err)
	}
	s := setOf(t, convert(t, data).Bundle)

	team := health.CareTeam(s, time.UTC)
	var gp, practice *health.Contact
	for i := range team {
		switch c := &team[i]; {
		case c.Kind == "Practitioner" && strings.Contains(c.Name, "Primary"):
			gp = c
		case c.Kind == "Organization" && c.Name == "The DoctorsTogether Physician Group":
			practice = c
		}
	}
	if gp == nil || !gp.GP || !strings.Contains(gp.Phone, "555-1004") || !strings.Contains(gp.Address, "1004 Healthcare Drive") {
		t.Errorf("Care team %+v: want Patricia Primary as the primary care doctor, with her phone and address", team)
	}
	if practice == nil || !practice.GP {
		t.Errorf("Care team %+v: want her practice, The DoctorsTogether Physician Group", team)
	}

	_, past, _ := health.Appointments(s, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))
	found := false
	for _, v := range past {
		if !v.Start.Equal(time.Date(2012, 9, 27, 18, 0, 0, 0, time.UTC)) {
			continue
		}
		found = true
		if v.Place != "Good Health Urgent Care" {
			t.Errorf("the 27 Sep 2012 visit's place %q, want Good Health Urgent Care", v.Place)
		}
	}
	if !found {
		t.Fatalf("no visit on 27 Sep 2012 among %+v", past)
	}
	for _, e := range resources(t, convert(t, data).Bundle, "Encounter") {
		if cl, _ := e["class"].(map[string]any); cl["code"] != "AMB" {
			t.Errorf("visit setting %v, want AMB (the code's translation)", cl)
		}
	}
}
