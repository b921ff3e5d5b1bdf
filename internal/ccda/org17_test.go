package ccda_test

import (
	"strings"
	"testing"
)

// Issue 15: one document made two Organizations of one name: the author's, without an id, and
// the custodian's. They are one when the name and address agree (case, spacing and the
// address's use ignored) and one of them has no id; otherwise two.
func TestAuthorOrganizationIsTheCustodian(t *testing.T) {
	const person = `<assignedPerson><name><given>Ann</given><family>Example</family></name></assignedPerson>`
	const addr = `<addr use="WP"><streetAddressLine>1 Main St</streetAddressLine><city>Springfield</city><state>OR</state></addr>`
	const cust = `<id root="1.2.3.88" extension="cust"/><name>Example Clinic</name>` + addr
	tests := []struct {
		name string
		org  string // the author's representedOrganization
		orgs int    // Organizations made
	}{
		{"no id, same name and address", `<name>Example Clinic</name>` + addr, 1},
		{"no id, name spelt differently, address without use", `<name>example  CLINIC</name><addr><streetAddressLine>1 Main  St</streetAddressLine><city>Springfield</city><state>OR</state></addr>`, 1},
		{"no id, another address", `<name>Example Clinic</name><addr><streetAddressLine>9 Elm St</streetAddressLine><city>Springfield</city><state>OR</state></addr>`, 2},
		// Issue 15 leftovers: these were two Organizations of one name.
		{"no id, no address", `<name>Example Clinic</name>`, 1},
		{"the same id, no address", `<id root="1.2.3.88" extension="cust"/><name>Example Clinic</name>`, 1},
		{"another id of another system, same address", `<id root="1.2.3.99" extension="x"/><name>Example Clinic</name>` + addr, 1},
		{"the same id and another, no address", `<id root="1.2.3.99" extension="x"/><id root="1.2.3.88" extension="cust"/><name>Example Clinic</name>`, 1},
		{"no id, another name", `<name>Other Clinic</name>` + addr, 2},
		{"another id, no address", `<id root="1.2.3.99" extension="x"/><name>Example Clinic</name>`, 2},
		{"another id, another address", `<id root="1.2.3.99" extension="x"/><name>Example Clinic</name><addr><streetAddressLine>9 Elm St</streetAddressLine><city>Springfield</city><state>OR</state></addr>`, 2},
		{"another value of the custodian's id system, same address", `<id root="1.2.3.88" extension="other"/><name>Example Clinic</name>` + addr, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := convert(t, providerDoc("d1", person+`<representedOrganization>`+tc.org+`</representedOrganization>`, cust))
			orgs := resources(t, res.Bundle, "Organization")
			if len(orgs) != tc.orgs || res.Made["Organization"] != tc.orgs {
				t.Fatalf("%d Organizations (made %d), want %d: %s", len(orgs), res.Made["Organization"], tc.orgs, jsonOf(orgs))
			}
			if tc.orgs == 1 && !strings.Contains(jsonOf(orgs[0]["identifier"]), "1.2.3.88") {
				t.Errorf("the one Organization lost the custodian's id: %s", jsonOf(orgs[0]))
			}
			if tc.orgs == 1 && !strings.Contains(jsonOf(orgs[0]["address"]), "1 Main St") {
				t.Errorf("the one Organization lost the custodian's address: %s", jsonOf(orgs[0]))
			}
			if tc.orgs == 1 && strings.Contains(tc.org, "1.2.3.99") && !strings.Contains(jsonOf(orgs[0]["identifier"]), "1.2.3.99") {
				t.Errorf("the one Organization lost the author's id: %s", jsonOf(orgs[0]))
			}
		})
	}
}

// Two OIDs given alone (no extension) are two values of one kind of id: the same name and
// address do not make them one Organization.
func TestOrganizationsWithTwoOIDsStayTwo(t *testing.T) {
	const person = `<assignedPerson><name><given>Ann</given><family>Example</family></name></assignedPerson>`
	const addr = `<addr><streetAddressLine>1 Main St</streetAddressLine><city>Springfield</city><state>OR</state></addr>`
	res := convert(t, providerDoc("d1", person+`<representedOrganization><id root="1.2.3.77"/><name>Example Clinic</name>`+addr+`</representedOrganization>`,
		`<id root="1.2.3.66"/><name>Example Clinic</name>`+addr))
	if orgs := resources(t, res.Bundle, "Organization"); len(orgs) != 2 {
		t.Errorf("%d Organizations, want 2: %s", len(orgs), jsonOf(orgs))
	}
}
