package health

import (
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// Vendor records (fasten-sources medhost, eclinicalworks-healow, chbase) said when and how in
// their own shapes: "4 times every 24 hours, on Mon, Tue, Wed, Thu, Fri, Sat and Sun at
// 05:30, …", "1 tablet orally", "1 dose injectable", "As needed, as needed". They read as
// the rest of Medicines does: "4 times a day at …", "1 tablet by mouth", "as needed".
func TestTimingAndRouteWords(t *testing.T) {
	med := func(dosage string) string {
		return `{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order","medicationCodeableConcept":{"text":"X"},"dosageInstruction":[` + dosage + `]}`
	}
	every := `"dayOfWeek":["mon","tue","wed","thu","fri","sat","sun"]`
	for _, tc := range []struct{ name, json, want string }{
		{"twice every 24 hours on every day", med(`{"timing":{"repeat":{"frequency":2,"period":24,"periodUnit":"h",` + every + `,"timeOfDay":["09:00:00","21:00:00"]}},"route":{"text":"BY MOUTH"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}`),
			"1 tablet by mouth, twice a day at 09:00 and 21:00"},
		{"4 times every 24 hours", med(`{"timing":{"repeat":{"frequency":4,"period":24,"periodUnit":"h"}}}`), "4 times a day"},
		{"every day of the week alone", med(`{"timing":{"repeat":{` + every + `}},"route":{"coding":[{"system":"http://snomed.info/sct","code":"255560000","display":"Intravenous"}]}}`), "into a vein, every day"},
		{"two days", med(`{"timing":{"repeat":{"dayOfWeek":["wed","mon"]}}}`), "on Wed and Mon"},
		{"a timing code saying as needed, and as needed", med(`{"timing":{"code":{"text":"As needed"}},"asNeededBoolean":true,"route":{"text":"Oral","coding":[{"system":"http://snomed.info/sct","code":"260548002","display":"Oral (qualifier value)"}]},"doseAndRate":[{"doseQuantity":{"value":1}}]}`),
			"1 dose by mouth, as needed"},
		{"orally", med(`{"route":{"text":"Orally"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}`), "1 tablet by mouth"},
		{"injectable", med(`{"route":{"text":"Injectable"},"doseAndRate":[{"doseQuantity":{"value":1}}]}`), "1 dose by injection"},
		{"intradermal", med(`{"route":{"text":"Intradermal","coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration","code":"IDINJ","display":"Injection, intradermal"}]},"doseAndRate":[{"doseQuantity":{"value":0.1,"unit":"mL"}}]}`), "0.1 mL into the skin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSet([]Resource{{Key: Key{"clinic", "MedicationRequest", "m"}, Profile: "p", JSON: []byte(tc.json)}}, nil)
			m := Medicines(s, MedOptions{})
			if len(m) != 1 {
				t.Fatalf("%d medicines", len(m))
			}
			if got := HowTaken(m[0].Dose, m[0].Timing); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
	// The vendors' own records: no day list for every day, no "every 24 hours", no raw route.
	root := testutil.FixturesDir(t)
	for _, f := range []string{"medhost/012_200_Bundle-searchset-MedicationRequest.json", "eclinicalworks-healow/011_200_Bundle-searchset-MedicationRequest.json", "chbase-sandbox/011_200_Bundle-searchset-MedicationRequest.json"} {
		var rs []Resource
		for _, e := range testutil.Entries(t, testutil.ReadFile(t, filepath.Join(root, "vendor", "fasten-sources", f))) {
			if e.Type == "MedicationRequest" {
				rs = append(rs, Resource{Key: Key{"v", e.Type, e.ID}, Profile: "p", JSON: e.Resource})
			}
		}
		if len(rs) == 0 {
			t.Fatalf("%s: no prescriptions", f)
		}
		for _, m := range Medicines(NewSet(rs, nil), MedOptions{}) {
			w := HowTaken(m.Dose, m.Timing)
			for _, bad := range []string{"Thu, Fri, Sat and Sun", "every 24 hours", "orally", "injectable", "as needed, as needed", "As needed"} {
				if strings.Contains(w, bad) {
					t.Errorf("%s %s: %q says %q", f, m.Name, w, bad)
				}
			}
		}
	}
}
