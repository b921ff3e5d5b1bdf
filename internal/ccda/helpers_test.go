package ccda_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// doc wraps sections in a minimal C-CDA header (a made-up person, no real data).
func doc(sections string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<templateId root="2.16.840.1.113883.10.20.22.1.1" extension="2015-08-01"/>
<id root="1.2.3.4" extension="test-doc"/>
<code code="34133-9" codeSystem="2.16.840.1.113883.6.1"/>
<title>Test</title>
<effectiveTime value="20250102103000+0100"/>
<recordTarget><patientRole><id root="1.2.3.4.9" extension="P1"/>
<patient><name><given>Test</given><family>Person</family></name><administrativeGenderCode code="M"/><birthTime value="19800101"/></patient>
</patientRole></recordTarget>
<component><structuredBody>` + sections + `</structuredBody></component>
</ClinicalDocument>`)
}

// section wraps entries in a section with a LOINC code.
func section(loinc, entries string) string {
	return fmt.Sprintf(`<component><section><code code=%q codeSystem="2.16.840.1.113883.6.1"/><title>S</title><text>t</text>%s</section></component>`, loinc, entries)
}

// resources decodes a bundle's resources of one type.
func resources(t testing.TB, bundle []byte, typ string) []map[string]any {
	t.Helper()
	var b struct {
		Entry []struct {
			Resource map[string]any `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, e := range b.Entry {
		if e.Resource["resourceType"] == typ {
			out = append(out, e.Resource)
		}
	}
	return out
}

func jsonOf(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
