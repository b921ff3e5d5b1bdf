package ccda_test

import (
	"strings"
	"testing"

	"carekeeper/internal/health"
)

// F540 item 3: the visit a consult note is about (its encompassingEncounter, no code) was
// "unknown · Visit" on the Timeline, the null flavour's display. It is named by the document's
// title now.
func TestHeaderVisitWithoutCodeIsNamedByTheDocument(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
<templateId root="2.16.840.1.113883.10.20.22.1.4"/>
<id root="2.16.124.1" extension="d1"/>
<code code="11488-4" codeSystem="2.16.840.1.113883.6.1"/>
<title>CHUM — Résumé de consultation en oncologie</title>
<effectiveTime value="20261204111500-0500"/>
<recordTarget><patientRole><id root="2.16.124.2" extension="p1"/><patient><name><given>Thi Lan</given><family>Nguyen</family></name><administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="19750101"/></patient></patientRole></recordTarget>
<componentOf><encompassingEncounter><id root="2.16.124.3" extension="enc-1"/>
<effectiveTime><low value="20261204103000-0500"/><high value="20261204111500-0500"/></effectiveTime></encompassingEncounter></componentOf>
<component><structuredBody><component><section><title>Notes</title><text>Cycle 3.</text></section></component></structuredBody></component>
</ClinicalDocument>`
	var got []string
	for _, e := range resources(t, convert(t, []byte(doc)).Bundle, "Encounter") {
		got = append(got, health.Describe("Encounter", []byte(toJSON(t, e))))
	}
	if len(got) != 1 || got[0] != "CHUM — Résumé de consultation en oncologie" || strings.Contains(got[0], "unknown") {
		t.Errorf("the visit is titled %q, want the document's title", got)
	}
}
