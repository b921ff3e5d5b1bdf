package ccda_test

import (
	"strings"
	"testing"
)

// HL7's examples name one organization with its OID in one place and its NPI in another (the
// same name and address): that made two Organizations of "Community Health and Hospitals".
// They are one, with both ids, and the document's custodian is it. Where the examples give the
// same name with other addresses, or other ids and no address to compare, they stay apart.
func TestFixtureOrganizationsMerged(t *testing.T) {
	docs := documents(t)
	tests := []struct {
		doc, name string
		orgs      int      // Organizations of that name
		ids       []string // ids the one with the first of them holds
		address   string   // and its address
	}{
		{"Documents/Discharge Summary/Discharge_Summary.xml", "Community Health and Hospitals", 1,
			[]string{"us-npi", "2.16.840.1.113883.19.5.9999.1393"}, "1001 Village Avenue"},
		// Its author's organization (OID ...1393, 1001 Village Avenue), the custodian (NPI,
		// 1002 Healthcare Drive) and an address-less ...19.5: other addresses, other ids.
		{"Documents/History and Physical/History_and_Physical.xml", "Community Health and Hospitals", 3,
			[]string{"2.16.840.1.113883.19.5.9999.1393"}, "1001 Village Avenue"},
		{"Documents/Transfer Summary/Transfer_Summary.xml", "Good Health Clinic", 2,
			[]string{"2.16.840.1.113883.19.5.9999.1394"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.doc, func(t *testing.T) {
			data, ok := docs[tc.doc]
			if !ok {
				t.Fatalf("%s not among the fixtures", tc.doc)
			}
			res := convert(t, data)
			var named []map[string]any
			for _, o := range resources(t, res.Bundle, "Organization") {
				if o["name"] == tc.name {
					named = append(named, o)
				}
			}
			if len(named) != tc.orgs {
				t.Fatalf("%d Organizations named %q, want %d: %s", len(named), tc.name, tc.orgs, jsonOf(named))
			}
			var org map[string]any
			for _, o := range named {
				if strings.Contains(jsonOf(o["identifier"]), tc.ids[0]) {
					org = o
				}
			}
			if org == nil {
				t.Fatalf("none with id %s: %s", tc.ids[0], jsonOf(named))
			}
			for _, id := range tc.ids {
				if !strings.Contains(jsonOf(org["identifier"]), id) {
					t.Errorf("no id %s: %s", id, jsonOf(org))
				}
			}
			if tc.address != "" && !strings.Contains(jsonOf(org["address"]), tc.address) {
				t.Errorf("no address %q: %s", tc.address, jsonOf(org))
			}
			if tc.orgs == 1 {
				refs := jsonOf(resources(t, res.Bundle, "DocumentReference")[0]["custodian"])
				if !strings.Contains(refs, "Organization/"+org["id"].(string)) {
					t.Errorf("the custodian is %s, not the one Organization %s", refs, org["id"])
				}
			}
		})
	}
}
