package ccda_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
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

// TestCarePlan: a Plan of Treatment section is a CarePlan (C-CDA on FHIR; US Core CarePlan)
// whose activities point at the ServiceRequests and MedicationRequests its entries made (not
// made again: each planned item is one resource, counted once) and whose goals at its Goals.
// Re-importing changes nothing; a later document from the same provider (custodian) updates
// the same CarePlan, another provider's is another; a section whose entries made nothing has
// no CarePlan.
func TestCarePlan(t *testing.T) {
	root := filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents")
	ccd := testutil.ReadFile(t, filepath.Join(root, "CCD", "CCD 1", "CCD.XML"))
	res := convert(t, ccd)
	checkBundle(t, "CCD.XML", res)
	plans := resources(t, res.Bundle, "CarePlan")
	if len(plans) != 1 || res.Made["CarePlan"] != 1 {
		t.Fatalf("%d CarePlans, made %v", len(plans), res.Made)
	}
	plan := plans[0]
	if plan["status"] != "active" || plan["intent"] != "plan" || plan["title"] != "TREATMENT PLAN" || plan["created"] == nil ||
		!strings.Contains(jsonOf(plan["category"]), `"code":"assess-plan"`) || !strings.Contains(jsonOf(plan["text"]), "Colonoscopy") {
		t.Errorf("CarePlan %s", jsonOf(plan))
	}
	byRef := map[string]map[string]any{}
	for _, typ := range []string{"ServiceRequest", "MedicationRequest", "Goal"} {
		for _, r := range resources(t, res.Bundle, typ) {
			byRef[typ+"/"+r["id"].(string)] = r
		}
	}
	acts, _ := plan["activity"].([]any)
	seen := map[string]bool{}
	displays := map[string]bool{}
	for _, a := range acts {
		ref := a.(map[string]any)["reference"].(map[string]any)
		r := ref["reference"].(string)
		target := byRef[r]
		if target == nil || seen[r] {
			t.Errorf("activity %s: not a planned item of the bundle, or twice", r)
			continue
		}
		seen[r] = true
		if target["intent"] != "plan" && target["intent"] != "order" && target["intent"] != "proposal" {
			t.Errorf("activity %s is not planned: %s", r, jsonOf(target))
		}
		d, _ := ref["display"].(string)
		displays[d] = true
	}
	if !displays["Colonoscopy"] || len(acts) != 1 { // the CCD plans one thing (its Heparin is narrative only)
		t.Errorf("activities %s", jsonOf(acts))
	}
	// every ServiceRequest of the CCD is in its plan, and none was made twice
	if n := len(resources(t, res.Bundle, "ServiceRequest")); n != res.Made["ServiceRequest"] || n == 0 {
		t.Errorf("%d ServiceRequests, made %d", n, res.Made["ServiceRequest"])
	}
	for ref := range byRef {
		if strings.HasPrefix(ref, "ServiceRequest/") && !seen[ref] {
			t.Errorf("%s is not in the plan", ref)
		}
	}

	// imported: the person's, its activities linked; again: nothing new
	v := newVault(t)
	ctx := context.Background()
	s, err := cksync.Import(ctx, v, "ccd.xml", res.Bundle, cksync.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := v.Get(storage.ID{Source: cksync.LocalSource, Type: "CarePlan", ID: plan["id"].(string)})
	if err != nil || rec.Profile != s.Profile {
		t.Fatalf("CarePlan stored %+v %v", rec, err)
	}
	linked := 0
	for _, l := range rec.Meta.Links {
		if seen[l.Type+"/"+l.ID] {
			linked++
		}
	}
	if linked != len(seen) {
		t.Errorf("%d of %d activities linked", linked, len(seen))
	}
	if s, err = cksync.Import(ctx, v, "ccd.xml", convert(t, ccd).Bundle, cksync.Options{Now: fixedNow}); err != nil || len(s.Added)+len(s.Updated) != 0 {
		t.Errorf("re-import: %+v %v", s, err)
	}

	// a later document of the same provider: the same CarePlan; another provider: another
	later := bytes.Replace(ccd, []byte(`<effectiveTime value="201308151030-0800" />`), []byte(`<effectiveTime value="201408151030-0800" />`), 1)
	if bytes.Equal(later, ccd) {
		t.Fatal("the CCD's effectiveTime was not found")
	}
	if p := resources(t, convert(t, later).Bundle, "CarePlan"); len(p) != 1 || p[0]["id"] != plan["id"] || p[0]["created"] == plan["created"] {
		t.Errorf("a later document of the same provider: %s", jsonOf(p))
	}
	other := bytes.Replace(ccd, []byte(`<id extension="321CX" root="2.16.840.1.113883.4.6" />`), []byte(`<id extension="999ZZ" root="2.16.840.1.113883.4.6" />`), 1)
	if p := resources(t, convert(t, other).Bundle, "CarePlan"); len(p) != 1 || p[0]["id"] == plan["id"] {
		t.Errorf("another provider's plan: %s", jsonOf(p))
	}

	// a Transfer Summary's plan: four planned services (its fifth ServiceRequest is a referral
	// outside the plan), its planned medicine (a Planned Medication Activity: a
	// MedicationRequest with intent plan; it was text only) and its goal
	transfer := convert(t, testutil.ReadFile(t, filepath.Join(root, "Transfer Summary", "Transfer_Summary.xml")))
	tp := resources(t, transfer.Bundle, "CarePlan")
	if len(tp) != 1 {
		t.Fatalf("Transfer Summary: %d CarePlans", len(tp))
	}
	goals := resources(t, transfer.Bundle, "Goal")
	a, _ := tp[0]["activity"].([]any)
	if len(a) != 5 || len(goals) != 1 || jsonOf(tp[0]["goal"]) != `[{"reference":"Goal/`+goals[0]["id"].(string)+`"}]` ||
		!strings.Contains(jsonOf(a[4]), `"reference":"MedicationRequest/`) {
		t.Errorf("Transfer Summary's plan: %s", jsonOf(tp[0]))
	}
	for _, mr := range resources(t, transfer.Bundle, "MedicationRequest") {
		if strings.Contains(jsonOf(a[4]), mr["id"].(string)) && mr["intent"] != "plan" {
			t.Errorf("the planned medicine: %s", jsonOf(mr))
		}
	}

	// a plan section whose entries made nothing (an instruction only): no CarePlan
	empty := doc(section("18776-5", `<entry><act classCode="ACT" moodCode="INT"><templateId root="2.16.840.1.113883.10.20.22.4.20"/><code code="311401005" codeSystem="2.16.840.1.113883.6.96"/><text>Rest</text></act></entry>`))
	if r := convert(t, empty); r.Made["CarePlan"] != 0 {
		t.Errorf("a plan with nothing planned made %v", r.Made)
	}
}

// Issue 15: a Care Plan document's Interventions section was text only but for one
// ServiceRequest named "Intervention". Its Planned Intervention Act's parts (a planned act,
// procedure and observation) are ServiceRequests, the activities of a CarePlan of the section;
// the intervention done (an Intervention Act holding a Procedure Activity Act) a Procedure; the
// references to goals and the hand-off communications are not parts. Importing it again
// changes nothing.
func TestInterventions(t *testing.T) {
	data := testutil.ReadFile(t, filepath.Join(testutil.FixturesDir(t), "ccda", "hl7-examples", "Documents", "Care Plan", "Care_Plan.xml"))
	res := convert(t, data)
	if res.Made["CarePlan"] != 1 || res.Made["ServiceRequest"] != 3 || res.Made["Procedure"] != 1 {
		t.Fatalf("made %v", res.Made)
	}
	for _, sk := range res.Skipped {
		if sk.Section == "Interventions Section" {
			t.Errorf("an intervention kept as text: %+v", sk)
		}
	}
	plan := resources(t, res.Bundle, "CarePlan")[0]
	var names []string
	acts, _ := plan["activity"].([]any)
	for _, a := range acts {
		ref := a.(map[string]any)["reference"].(map[string]any)
		if !strings.HasPrefix(ref["reference"].(string), "ServiceRequest/") {
			t.Errorf("activity %s", jsonOf(ref))
		}
		names = append(names, ref["display"].(string))
	}
	if got := strings.Join(names, "; "); got != "Elevation of head of bed; Oxygen administration by nasal cannula; Oxygen saturation [Pure mass fraction] in Capillary blood by Oximetry" {
		t.Errorf("activities: %s", got)
	}
	if plan["title"] == "" || plan["intent"] != "plan" {
		t.Errorf("plan %s", jsonOf(plan))
	}
	for _, sr := range resources(t, res.Bundle, "ServiceRequest") {
		if strings.Contains(jsonOf(sr["code"]), `"Intervention"`) {
			t.Errorf("the intervention itself made a ServiceRequest: %s", jsonOf(sr))
		}
	}

	v := newVault(t)
	ctx := context.Background()
	s, err := cksync.Import(ctx, v, "careplan.xml", res.Bundle, cksync.Options{Now: fixedNow})
	if err != nil || s.Added["CarePlan"] != 1 {
		t.Fatalf("import: %+v %v", s, err)
	}
	if s, err = cksync.Import(ctx, v, "careplan.xml", convert(t, data).Bundle, cksync.Options{Now: fixedNow}); err != nil || len(s.Added)+len(s.Updated) != 0 {
		t.Errorf("re-import: %+v %v", s, err)
	}

	// A planned procedure outside any plan (inside an encounter's section, by mood alone) is a
	// ServiceRequest, not text.
	planned := doc(section("46240-8", `<entry><procedure classCode="PROC" moodCode="RQO"><templateId root="2.16.840.1.113883.10.20.22.4.14"/><id root="1.2.3" extension="p1"/><code code="73761001" codeSystem="2.16.840.1.113883.6.96" displayName="Colonoscopy"/><statusCode code="active"/><effectiveTime value="20240301"/></procedure></entry>`))
	if r := convert(t, planned); r.Made["ServiceRequest"] != 1 || r.TextOnly != 0 {
		t.Errorf("a planned procedure: made %v, %d text only", r.Made, r.TextOnly)
	}
}
