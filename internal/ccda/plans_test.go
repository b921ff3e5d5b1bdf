package ccda_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// TestMoreSections: the sections C-CDA on FHIR maps beyond the core ones become resources
// (family history, goals, planned items, functional status, medical equipment, payers), each
// filed under the person through its patient/subject/beneficiary (the household replica shares
// by that), the Device shared only with the person it names.
func TestMoreSections(t *testing.T) {
	doc := testutil.ReadFile(t, filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents", "Transfer Summary", "Transfer_Summary.xml"))
	res := convert(t, doc)
	for _, typ := range []string{"FamilyMemberHistory", "Goal", "ServiceRequest", "Device", "DeviceUseStatement", "Coverage"} {
		if res.Made[typ] == 0 {
			t.Errorf("no %s made (made %v)", typ, res.Made)
		}
	}
	v := newVault(t)
	ctx := context.Background()
	if _, err := cksync.Import(ctx, v, "transfer.xml", res.Bundle, cksync.Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	var person string
	fields := map[string]bool{}
	err := v.Records(ctx, storage.Query{}, func(r *storage.Record) error {
		var m map[string]any
		if err := json.Unmarshal(r.Resource, &m); err != nil {
			return err
		}
		switch r.ID.Type {
		case "Patient":
			person = r.Profile
		case "Device":
			// shared, like an Organization, but naming its patient: the household replica
			// sends it only to that person's stream (hhvault's sharers follow this link)
			toPatient := false
			for _, l := range r.Meta.Links {
				toPatient = toPatient || l.Type == "Patient"
			}
			if r.Profile != storage.SharedProfile || !toPatient {
				t.Errorf("Device filed under %q with links %v", r.Profile, r.Meta.Links)
			}
		}
		for _, f := range []string{"relationship", "condition", "description", "lifecycleStatus", "intent", "payor", "beneficiary", "device", "type"} {
			if m[f] != nil {
				fields[r.ID.Type+"."+f] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"FamilyMemberHistory.relationship", "FamilyMemberHistory.condition", "Goal.description", "Goal.lifecycleStatus",
		"ServiceRequest.intent", "Coverage.payor", "Coverage.beneficiary", "DeviceUseStatement.device", "Device.type"} {
		if !fields[f] {
			t.Errorf("no %s", f)
		}
	}
	err = v.Records(ctx, storage.Query{MetaOnly: true}, func(r *storage.Record) error {
		switch r.ID.Type {
		case "FamilyMemberHistory", "Goal", "ServiceRequest", "DeviceUseStatement", "Coverage", "Observation":
			if r.Profile != person {
				t.Errorf("%s filed under %q, not the person's %q", r.ID.Type, r.Profile, person)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEntryNarrative: an entry's own narrative (text/reference into the section's text) is
// copied into its resource as plain text, escaped: none of the document's markup, links or
// images come along.
func TestEntryNarrative(t *testing.T) {
	d := doc(`<component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/><title>Problems</title>
<text><list><item><content ID="p1">Asthma since <b>childhood</b>, worse in winter &amp; with <linkHtml href="javascript:alert(1)">cats</linkHtml> <renderMultiMedia referencedObject="img1"/> &lt;script&gt;</content></item></list><table><tbody><tr ID="p2"><td>Gout</td><td><content>2019</content></td><td>Active</td></tr></tbody></table></text>
<entry><act classCode="ACT" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.3"/><id root="1.2.3" extension="c1"/><code code="CONC" codeSystem="2.16.840.1.113883.5.6"/><statusCode code="active"/>
<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.4"/><id root="1.2.3" extension="p1"/>
<code code="55607006" codeSystem="2.16.840.1.113883.6.96"/><text><reference value="#p1"/></text><statusCode code="completed"/>
<value xsi:type="CD" code="195967001" codeSystem="2.16.840.1.113883.6.96" displayName="Asthma"/></observation></entryRelationship></act></entry>
<entry><observation classCode="OBS" moodCode="EVN"><templateId root="2.16.840.1.113883.10.20.22.4.4"/><id root="1.2.3" extension="p2"/>
<code code="55607006" codeSystem="2.16.840.1.113883.6.96"/><text><reference value="#p2"/></text><statusCode code="completed"/>
<value xsi:type="CD" code="90560007" codeSystem="2.16.840.1.113883.6.96" displayName="Gout"/></observation></entry>
</section></component>`)
	res := convert(t, d)
	conds := resources(t, res.Bundle, "Condition")
	if len(conds) != 2 {
		t.Fatalf("%d Conditions", len(conds))
	}
	for i, want := range []string{
		`<div xmlns="http://www.w3.org/1999/xhtml">Asthma since childhood, worse in winter &amp; with cats &lt;script&gt;</div>`,
		`<div xmlns="http://www.w3.org/1999/xhtml">Gout | 2019 | Active</div>`, // a table row's cells
	} {
		text, _ := conds[i]["text"].(map[string]any)
		if div, _ := text["div"].(string); div != want || text["status"] != "additional" {
			t.Errorf("text %v\nwant div %s", text, want)
		}
	}
}
