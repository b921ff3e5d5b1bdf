package health

import (
	"encoding/json"
	"strings"
)

// OwnContactRoles are the kinds of contact a person adds themselves, and the FHIR type each
// is kept as (a person is a Practitioner, a place an Organization).
var OwnContactRoles = []struct{ Role, Type string }{
	{"General practitioner", "Practitioner"},
	{"Pharmacy", "Organization"},
	{"Doctor or specialist", "Practitioner"},
	{"Clinic or hospital", "Organization"},
	{"Other contact", "Practitioner"},
}

// OwnContactType is the FHIR type a contact of role is kept as.
func OwnContactType(role string) string {
	for _, r := range OwnContactRoles {
		if r.Role == role {
			return r.Type
		}
	}
	return "Practitioner"
}

// OwnContactJSON is the FHIR resource of a contact the person adds (the role as the
// Practitioner's qualification or the Organization's type).
func OwnContactJSON(id, role, name, phone, email, address string) []byte {
	typ := OwnContactType(role)
	res := map[string]any{"resourceType": typ, "id": id}
	var telecom []map[string]string
	if phone = strings.TrimSpace(phone); phone != "" {
		telecom = append(telecom, map[string]string{"system": "phone", "value": phone})
	}
	if email = strings.TrimSpace(email); email != "" {
		telecom = append(telecom, map[string]string{"system": "email", "value": email})
	}
	if len(telecom) > 0 {
		res["telecom"] = telecom
	}
	if address = strings.TrimSpace(address); address != "" {
		res["address"] = []map[string]string{{"text": address}}
	}
	role = strings.TrimSpace(role)
	if typ == "Organization" {
		res["name"] = strings.TrimSpace(name)
		if role != "" {
			res["type"] = []map[string]string{{"text": role}}
		}
	} else {
		res["name"] = []map[string]string{{"text": strings.TrimSpace(name)}}
		if role != "" {
			res["qualification"] = []map[string]any{{"code": map[string]string{"text": role}}}
		}
	}
	b, _ := json.Marshal(res)
	return b
}

// OwnContacts are the contacts the person added in CareKeeper (their own records of the
// app's source), GP first, then by name.
func OwnContacts(s *Set) []Contact {
	var out []Contact
	for _, r := range s.OfType("Practitioner", "Organization") {
		if r.Deleted || r.Source != "carekeeper" {
			continue
		}
		c := Contact{Key: r.Key, Kind: r.Type, Name: nameOf(r)}
		var j struct {
			contactJSON
			Type          []Concept `json:"type"`
			Qualification []struct {
				Code Concept `json:"code"`
			} `json:"qualification"`
		}
		if decode(r, &j) {
			for _, tp := range j.Telecom {
				switch tp.System {
				case "phone":
					c.Phone = firstNonEmpty(c.Phone, tp.Value)
				case "email":
					c.Email = firstNonEmpty(c.Email, tp.Value)
				}
			}
			if len(j.Address) > 0 {
				c.Address = j.Address[0].String()
			}
			if len(j.Type) > 0 {
				c.Role = j.Type[0].Label()
			}
			if len(j.Qualification) > 0 {
				c.Role = j.Qualification[0].Code.Label()
			}
		}
		c.GP = c.Role == "General practitioner"
		out = append(out, c)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && ownLess(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func ownLess(a, b Contact) bool {
	if a.GP != b.GP {
		return a.GP
	}
	return strings.ToLower(a.Name) < strings.ToLower(b.Name)
}

// PhoneWords is a phone number as people read it: a 10-digit North American number as
// "(555) 123-4567" (with "+1 " when the country code is given); others as written, with
// runs of spaces collapsed.
func PhoneWords(s string) string {
	d := phoneDigits(s)
	switch {
	case len(d) == 10 && !strings.HasPrefix(d, "+"):
		return "(" + d[:3] + ") " + d[3:6] + "-" + d[6:]
	case len(d) == 12 && strings.HasPrefix(d, "+1"):
		return "+1 (" + d[2:5] + ") " + d[5:8] + "-" + d[8:]
	case len(d) == 11 && strings.HasPrefix(d, "1"):
		return "+1 (" + d[1:4] + ") " + d[4:7] + "-" + d[7:]
	}
	return strings.Join(strings.Fields(s), " ")
}

// PhoneURI is the tel: link of a phone number ("tel:+15551234567"), "" without digits.
func PhoneURI(s string) string {
	d := phoneDigits(s)
	if strings.Trim(d, "+") == "" {
		return ""
	}
	return "tel:" + d
}

// phoneDigits keeps the digits of s, and a leading "+".
func phoneDigits(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
