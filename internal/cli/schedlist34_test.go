package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// F417's leftover: the INR clinic's warfarin of 30 Nov (another dose) carries the reminders, but
// 'schedule list' listed the 16 Nov order's "3 tablets once a day at 18:00" as if it reminded too.
// It now says that order reminds of nothing and which record does.
func TestScheduleListSaysWhichOrderReminds(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	order := func(id, authored, tablets string) string {
		return `{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","authoredOn":"` + authored + `","subject":{"reference":"urn:uuid:p1"},` +
			`"medicationCodeableConcept":{"text":"Warfarin sodium 1 mg tablet"},"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["18:00:00"]}},` +
			`"doseAndRate":[{"doseQuantity":{"value":` + tablets + `,"unit":"tablet","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}]}`
	}
	r.run(t, "import", bundleFile(t, order("warf-1116", "2026-11-16", "3"), order("warf-1130", "2026-11-30", "4"))).ok(t)
	robin := profileIDs(t, r)["Robin"]
	out := r.run(t, "schedule", "list", "--profile", robin).ok(t).stdout
	var old, cur string
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasSuffix(l, "MedicationRequest/warf-1116"):
			old = l
		case strings.HasSuffix(l, "MedicationRequest/warf-1130"):
			cur = l
		}
	}
	if !strings.Contains(old, "no reminders: MedicationRequest/warf-1130 gives them") || cur == "" || strings.Contains(cur, "no reminders") {
		t.Errorf("schedule list:\n%s\nwant the 16 Nov order said to remind of nothing, the 30 Nov one not", out)
	}
	var meds []struct {
		Ref, RemindersBy string
		Reminders        bool
	}
	if err := json.Unmarshal([]byte(r.run(t, "schedule", "list", "--profile", robin, "--json").ok(t).stdout), &meds); err != nil {
		t.Fatal(err)
	}
	for _, m := range meds {
		if want := m.Ref == "MedicationRequest/warf-1130"; m.Reminders != want || (m.Ref == "MedicationRequest/warf-1116") != (m.RemindersBy == "MedicationRequest/warf-1130") {
			t.Errorf("--json: %+v", m)
		}
	}
}
