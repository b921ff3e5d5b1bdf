package sync

import (
	"testing"
)

// FuzzPatientPerson: any Patient JSON is read without panicking, and a Patient with a name and
// a birth date is always the same person as itself, never two people.
func FuzzPatientPerson(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Patient","name":[{"given":["Sam","J."],"family":"Rivera"}],"gender":"male","birthDate":"1970-05-06","identifier":[{"system":"s","value":"1"}]}`))
	f.Add([]byte(`{"resourceType":"Patient","name":[{"text":"JOSÉ  NÚÑEZ-Pérez"}],"birthDate":"1980"}`))
	f.Add([]byte(`{"name":[{"use":"old","family":"X"}],"gender":"unknown"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := patientPerson(data)
		for _, n := range p.names {
			for _, w := range n.given {
				if w == "" {
					t.Fatal("an empty given word")
				}
			}
		}
		if p.birth == "" || len(p.names) == 0 {
			return
		}
		name := ""
		if n := p.names[0]; len(n.given) > 0 || n.family != "" {
			for _, w := range append(append([]string(nil), n.given...), n.family) {
				name += w + " "
			}
		}
		if name == "" {
			return
		}
		if match, _ := matchPerson(p, name, p, name); !match {
			t.Errorf("%s is not the same person as itself", data)
		}
	})
}
