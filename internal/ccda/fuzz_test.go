package ccda_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/ccda"
	"carekeeper/internal/fhirjson"
	"carekeeper/internal/testutil"
)

// FuzzConvert: any input converts or fails with an error, within small limits; whatever
// converts is a valid FHIR bundle, and its narrative renders. (Kept light: the machine that
// fuzzes is shared; the importer's own checks run in the table tests.)
func FuzzConvert(f *testing.F) {
	vendor, err := os.ReadFile(filepath.Join("testdata", "vendor-r11.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(vendor)
	f.Add(doc(section("11450-4", "")))
	f.Add([]byte(`<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody/></component></ClinicalDocument>`))
	// The sections mapped beyond the core ones: family history, goals, plan, equipment, payers.
	f.Add(doc(section("10157-6", `<entry><organizer classCode="CLUSTER" moodCode="EVN"><subject><relatedSubject><code code="FTH"/></relatedSubject></subject><component><observation moodCode="EVN"><value xsi:type="CD" code="1"/><entryRelationship typeCode="SUBJ"><observation><code code="445518008"/><value xsi:type="PQ" value="50" unit="a"/></observation></entryRelationship></observation></component></organizer></entry>`)))
	f.Add(doc(section("61146-7", `<entry><observation moodCode="GOL"><code code="1" codeSystem="2.16.840.1.113883.6.1"/><value xsi:type="PQ" value="80" unit="kg"/><effectiveTime><low value="2025"/><high value="2026"/></effectiveTime></observation></entry>`)))
	f.Add(doc(section("18776-5", `<entry><procedure moodCode="RQO"><code code="1" codeSystem="2.16.840.1.113883.6.96"/><effectiveTime value="20260101"/></procedure></entry>`)))
	f.Add(doc(section("46264-8", `<entry><supply moodCode="EVN"><participant typeCode="PRD"><participantRole><id root="1.2" extension="u"/><playingDevice><code code="1" codeSystem="2.16.840.1.113883.6.96"/></playingDevice></participantRole></participant></supply></entry>`)))
	f.Add(doc(section("48768-6", `<entry><act><entryRelationship typeCode="COMP"><act><code code="1"/><performer><assignedEntity><representedOrganization><id root="1.9"/><name>Payer</name></representedOrganization></assignedEntity></performer><participant typeCode="COV"><participantRole><id root="1" extension="M1"/></participantRole></participant></act></entryRelationship></act></entry>`)))
	// Reference ranges given as text only (textRange).
	f.Add(resultDoc(`<value xsi:type="PQ" value="6.1" unit="%"/>`, "4.0 – 5.6 %"))
	f.Add(resultDoc(`<value xsi:type="PQ" value="6.1" unit="%"/>`, "-&lt;=-.5"))
	if dir, err := testutil.FindFixtures(); err == nil {
		// A small header example (the large documents make the fuzzer crawl).
		p := "Header/Direct Address/Patient and Provider Organization Direct Address(C-CDAR2.1).xml"
		if data, err := os.ReadFile(filepath.Join(dir, "ccda", "hl7-examples", p)); err == nil {
			f.Add(data)
		}
	}
	lim := ccda.Limits{MaxBytes: 256 << 10, MaxTokens: 50_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ccda.Convert(context.Background(), bytes.NewReader(data), ccda.Options{Limits: lim, Now: fixedNow})
		if err != nil {
			return
		}
		if _, err := fhirjson.ParseFile(res.Bundle); err != nil {
			t.Fatalf("bundle does not parse: %v", err)
		}
		if res.TextOnly != len(res.Skipped) {
			t.Fatalf("TextOnly %d, skipped %d", res.TextOnly, len(res.Skipped))
		}
		if _, err := ccda.Narrative(data); err != nil {
			t.Fatalf("converted but the narrative fails: %v", err)
		}
	})
}
