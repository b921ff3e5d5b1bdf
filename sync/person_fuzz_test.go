package sync

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzPatientPerson: any Patient JSON is read without panicking, and a Patient with a name and
// a birth date is always the same person as itself, never two people.
func FuzzPatientPerson(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Patient","name":[{"given":["Sam","J."],"family":"Rivera"}],"gender":"male","birthDate":"1970-05-06","identifier":[{"system":"s","value":"1"}]}`))
	f.Add([]byte(`{"resourceType":"Patient","name":[{"text":"JOSÉ  NÚÑEZ-Pérez"}],"birthDate":"1980"}`))
	f.Add([]byte(`{"name":[{"use":"old","family":"X"}],"gender":"unknown"}`))
	f.Add([]byte(`{"name":[{"use":"maiden","family":"Bello","given":["Ada"]},{"use":"official","family":"Okafor","period":{"end":"2030"}}]}`))
	f.Add([]byte(`{"name":[{"period":{"end":"2"}},{"text":"x","period":{"end":"99999999999"}}]}`))
	f.Add([]byte(`{"name":[{"family":"佐藤","given":["健一"],"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"IDE"}]},{"family":"サトウ","given":["ケンイチ"],"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"SYL"}]}],"birthDate":"1948-09-14"}`))
	f.Add([]byte(`{"name":[{"text":"ＫＡＺＵＫＯ ＳＡＴＯ"},{"text":"ｶｽﾞｺ ｻﾄｳ"}],"birthDate":"1951-04-02"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The name in use (F192) is read without panicking, and is one of the Patient's names.
		if n := NameInUse(data, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)); n != "" && !utf8.ValidString(n) {
			t.Errorf("name in use %q is not text", n)
		}
		p := patientPerson(data)
		for _, n := range p.names {
			for _, w := range n.given {
				if w == "" {
					t.Fatal("an empty given word")
				}
			}
		}
		if p.birth == "" || len(p.names) == 0 || p.names[0].reading {
			return // a name's reading joins nobody, not even its own Patient (rule 3)
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
