package ccda_test

import (
	"strings"
	"testing"
)

// providerDoc is a made-up document with its own id, an author and a custodian.
func providerDoc(docID, author, custodian string) []byte {
	d := string(doc(""))
	d = strings.Replace(d, `extension="test-doc"`, `extension="`+docID+`"`, 1)
	return []byte(strings.Replace(d, "</recordTarget>", "</recordTarget>"+
		`<author><time value="20250102"/><assignedAuthor>`+author+`</assignedAuthor></author>`+
		`<custodian><assignedCustodian><representedCustodianOrganization>`+custodian+
		`</representedCustodianOrganization></assignedCustodian></custodian>`, 1))
}

// TestAuthorWithoutIDIsOnePractitioner: an author without an id, named in two documents from
// one provider, is one Practitioner (a later document updates it), while the same name at
// another provider stays another person.
func TestAuthorWithoutIDIsOnePractitioner(t *testing.T) {
	const person = `<assignedPerson><name><given>Ann</given><family>Example</family></name></assignedPerson>`
	const person2 = `<assignedPerson><name><given>ann</given>  <family>EXAMPLE </family></name></assignedPerson>`
	const orgID = `<representedOrganization><id root="1.2.3.77" extension="clinic"/><name>Clinic</name></representedOrganization>`
	const orgName = `<representedOrganization><name>Example Clinic</name></representedOrganization>`
	const orgOther = `<representedOrganization><name>Other Clinic</name></representedOrganization>`
	const cust = `<id root="1.2.3.88" extension="cust"/><name>Custodian</name>`
	const cust2 = `<id root="1.2.3.88" extension="cust2"/><name>Custodian 2</name>`
	tests := []struct {
		name           string
		a1, c1, a2, c2 string
		same           bool
	}{
		{"organization id", `<id nullFlavor="UNK"/>` + person + orgID, cust, `<id nullFlavor="UNK"/>` + person + orgID, cust2, true},
		{"organization name", person + orgName, cust, person + orgName, cust2, true},
		{"custodian, name spelt differently", person, cust, person2, cust, true},
		{"other organization", person + orgName, cust, person + orgOther, cust, false},
		{"other custodian", person, cust, person, cust2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p1 := resources(t, convert(t, providerDoc("d1", tc.a1, tc.c1)).Bundle, "Practitioner")
			p2 := resources(t, convert(t, providerDoc("d2", tc.a2, tc.c2)).Bundle, "Practitioner")
			if len(p1) != 1 || len(p2) != 1 {
				t.Fatalf("practitioners %d and %d, want 1 each", len(p1), len(p2))
			}
			if same := p1[0]["id"] == p2[0]["id"]; same != tc.same {
				t.Fatalf("ids %v and %v: same %v, want %v", p1[0]["id"], p2[0]["id"], same, tc.same)
			}
		})
	}
}
