package health

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

func TestCompareIdentity(t *testing.T) {
	mum := Identity{Name: "Mum", BirthDate: "1950-02-02"}
	liz := Identity{Name: "Liz Conn", BirthDate: "1986-05-01"}
	tests := []struct {
		name         string
		file, person Identity
		nameDiff     bool
		birthDiff    bool
	}{
		{"someone else", liz, mum, true, true},
		{"same", liz, Identity{Name: "Liz Conn", BirthDate: "1986-05-01"}, false, false},
		{"test-data digits and case", Identity{Name: "Liz404 Conn967", BirthDate: "1986-05-01"}, Identity{Name: "liz conn"}, false, false},
		{"accents and order", Identity{Name: "José Mejía"}, Identity{Name: "Mejia, Jose"}, false, false},
		{"extra given name", Identity{Name: "Laticia Celsa Gutkowski"}, Identity{Name: "Laticia Gutkowski"}, false, false},
		{"birth date only", Identity{Name: "Liz Conn", BirthDate: "1986-05-01"}, Identity{Name: "Liz Conn", BirthDate: "1986-05-02"}, false, true},
		{"unknown birth date", liz, Identity{Name: "Liz Conn"}, false, false},
		{"shared identifier", Identity{Name: "Elizabeth Conn", Identifiers: []string{"mrn|1"}}, Identity{Name: "Liz", Identifiers: []string{"mrn|1"}}, false, false},
		{"shared identifier, another birth date", Identity{Name: "Liz Conn", BirthDate: "1986-05-02", Identifiers: []string{"mrn|1"}}, Identity{Name: "Liz Conn", BirthDate: "1986-05-01", Identifiers: []string{"mrn|1"}}, false, false},
		// Another name and another birth date: someone else, whatever identifier they share
		// (it was taken as the same person, and the file imported into them without asking).
		{"shared identifier, another name and birth date", Identity{Name: "Isabella Jones", BirthDate: "1950-12-19", Identifiers: []string{"mrn|1"}}, Identity{Name: "Rosa María Quintero", BirthDate: "1957-06-14", Identifiers: []string{"mrn|1"}}, true, true},
		{"nameless file", Identity{BirthDate: "1986-05-01"}, Identity{Name: "Liz Conn", BirthDate: "1986-05-01"}, false, false},
		// F459: Rose's file with her twin Lily's record number (same birth date): the name says.
		{"shared identifier, a twin's first name", Identity{Name: "Rose Lindqvist", BirthDate: "2019-05-03", Identifiers: []string{"mrn|1"}}, Identity{Name: "Lily Lindqvist", BirthDate: "2019-05-03", Identifiers: []string{"mrn|1"}}, true, false},
		{"shared identifier, family name changed", Identity{Name: "Lily Berg", BirthDate: "2019-05-03", Identifiers: []string{"mrn|1"}}, Identity{Name: "Lily Lindqvist", BirthDate: "2019-05-03", Identifiers: []string{"mrn|1"}}, false, false},
		{"shared identifier, an initial", Identity{Name: "L. Lindqvist", Identifiers: []string{"mrn|1"}}, Identity{Name: "Lily Anna Lindqvist", Identifiers: []string{"mrn|1"}}, false, false},
		// F74: a person the import made for records waiting for their Patient has no name to
		// compare (it asked "is for Theo Okafor, not Unnamed person").
		{"unnamed person", Identity{Name: "Theo Okafor", BirthDate: "2026-08-20"}, Identity{Name: "Unnamed person"}, false, false},
		// F274: a birth date given to the year or month that holds the person's is not
		// another one (a portal giving the year alone was refused as 'a different birth date').
		{"birth year only", Identity{Name: "José García", BirthDate: "1960"}, Identity{Name: "José García", BirthDate: "1960-02-03"}, false, false},
		{"birth month only", Identity{Name: "José García", BirthDate: "1960-02"}, Identity{Name: "José García", BirthDate: "1960-02-03"}, false, false},
		{"the person's year only", Identity{Name: "José García", BirthDate: "1960-02-03"}, Identity{Name: "José García", BirthDate: "1960"}, false, false},
		{"another year", Identity{Name: "José García", BirthDate: "1961"}, Identity{Name: "José García", BirthDate: "1960-02-03"}, false, true},
		{"another month", Identity{Name: "José García", BirthDate: "1960-03"}, Identity{Name: "José García", BirthDate: "1960-02-03"}, false, true},
		{"a year that begins another", Identity{Name: "José García", BirthDate: "1960"}, Identity{Name: "José García", BirthDate: "19601"}, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := CompareIdentity(tc.file, tc.person)
			if m.Name != tc.nameDiff || m.Birth != tc.birthDiff || m.Differs() != (tc.nameDiff || tc.birthDiff) {
				t.Errorf("got name %v birth %v", m.Name, m.Birth)
			}
		})
	}
	if got := CompareIdentity(liz, mum).Sentence("liz.json"); got != "liz.json is for Liz Conn (born 1986), not Mum (born 1950)" {
		t.Errorf("Sentence = %q", got)
	}
	id, ok := PatientIdentity([]byte(`{"resourceType":"Patient","name":[{"prefix":["Mrs."],"given":["Liz"],"family":"Conn"}],"birthDate":"1986-05-01","identifier":[{"system":"s","value":"1"}]}`))
	if !ok || id.Name != "Liz Conn" || id.BirthDate != "1986-05-01" || len(id.Identifiers) != 1 {
		t.Errorf("PatientIdentity = %+v %v", id, ok)
	}
}

func TestDeath(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) // a fake clock: today is 4 Dec 2026
	tests := []struct {
		json  string
		want  Death
		words string
		value any
	}{
		// A date of death after today is an error in the record, not a death (regression:
		// "Died 1 May 2027" was shown and the reminders stopped).
		{`{"resourceType":"Patient","deceasedDateTime":"2027-05-01"}`, Death{Future: "2027-05-01"}, "", nil},
		{`{"resourceType":"Patient","deceasedDateTime":"2026-12-05T00:30:00+00:00"}`, Death{Future: "2026-12-05"}, "", nil},
		{`{"resourceType":"Patient","deceasedDateTime":"2026-12-04"}`,
			Death{Deceased: true, Date: "2026-12-04", At: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)}, "Died 4 Dec 2026", "2026-12-04"},
		{`{"resourceType":"Patient"}`, Death{}, "", nil},
		{`{"resourceType":"Patient","deceasedBoolean":false}`, Death{}, "", nil},
		{`{"resourceType":"Patient","deceasedBoolean":true}`, Death{Deceased: true}, "Died", true},
		{`{"resourceType":"Patient","deceasedDateTime":"2018-04-27T07:44:08+00:00"}`,
			Death{Deceased: true, Date: "2018-04-27", At: time.Date(2018, 4, 27, 7, 44, 8, 0, time.UTC)}, "Died 27 Apr 2018", "2018-04-27"},
	}
	for _, tc := range tests {
		d := PatientDeath([]byte(tc.json), now)
		if d.Deceased != tc.want.Deceased || d.Date != tc.want.Date || d.Future != tc.want.Future || !d.At.Equal(tc.want.At) || d.Words() != tc.words || d.JSONValue() != tc.value {
			t.Errorf("%s: %+v %q %v", tc.json, d, d.Words(), d.JSONValue())
		}
	}
}

func TestMedicineState(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	old := time.Date(2008, 5, 1, 0, 0, 0, 0, time.UTC)
	recent := now.AddDate(0, -3, 0)
	died := Death{Deceased: true, Date: "2009-01-01", At: time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC)}
	yes, no := &Choice{Taking: true}, &Choice{Taking: false}
	tests := []struct {
		name  string
		f     MedicineFacts
		death Death
		want  MedState
	}{
		{"recent active", MedicineFacts{Status: "active", Latest: recent}, Death{}, MedTaking},
		{"old active", MedicineFacts{Status: "active", Latest: old}, Death{}, MedToConfirm},
		{"old active, no date", MedicineFacts{Status: "active"}, Death{}, MedToConfirm},
		{"old active confirmed", MedicineFacts{Status: "active", Latest: old, Choice: yes}, Death{}, MedTaking},
		{"recent active stopped by the person", MedicineFacts{Status: "active", Latest: recent, Choice: no}, Death{}, MedStopped},
		{"stopped record", MedicineFacts{Status: "stopped", Latest: recent}, Death{}, MedPast},
		{"completed record, confirmed", MedicineFacts{Status: "completed", Latest: recent, Choice: yes}, Death{}, MedPast},
		{"ended", MedicineFacts{Status: "active", Latest: recent, End: now.AddDate(0, 0, -1)}, Death{}, MedPast},
		{"ends later", MedicineFacts{Status: "active", Latest: recent, End: now.AddDate(0, 1, 0)}, Death{}, MedTaking},
		{"deceased", MedicineFacts{Status: "active", Latest: recent, Choice: yes}, died, MedPast},
		{"own entry", MedicineFacts{Status: "active", Own: true}, Death{}, MedTaking},
		{"just inside 12 months", MedicineFacts{Status: "active", Latest: now.Add(-StaleAfter)}, Death{}, MedTaking},
		{"just outside 12 months", MedicineFacts{Status: "active", Latest: now.Add(-StaleAfter - time.Minute)}, Death{}, MedToConfirm},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := MedicineState(tc.f, tc.death, now); got != tc.want {
				t.Errorf("state %s, want %s", got, tc.want)
			}
			if BeingTaken(tc.f, tc.death, now) != (tc.want == MedTaking) {
				t.Error("BeingTaken disagrees with MedicineState")
			}
		})
	}
	f := RecordFacts([]byte(`{"status":"active","authoredOn":"2008-05-01","dispenseRequest":{"validityPeriod":{"end":"2027-01-31"}}}`))
	if f.Status != "active" || !f.Latest.Equal(old) || !f.End.Equal(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("RecordFacts = %+v", f)
	}
	f.Seen(recent)
	if !f.Latest.Equal(recent) {
		t.Error("Seen did not move Latest")
	}
	if q := Question("2008-05-01"); q != "Still active in the record since 2008 — still taking it?" {
		t.Errorf("Question = %q", q)
	}
}

func medJSON(id, status, authored, code, name, extra string) Resource {
	j := fmt.Sprintf(`{"resourceType":"MedicationRequest","id":%q,"status":%q,"authoredOn":%q,"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":%q,"display":%q}],"text":%q}%s}`,
		id, status, authored, code, name, name, extra)
	return Resource{Key: Key{"https://" + id + ".example/fhir", "MedicationRequest", id}, Profile: "p", JSON: []byte(j)}
}

func TestMedicinesOneRowPerMedicine(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	brandMed := Resource{Key: Key{"https://b.example/fhir", "Medication", "brand"}, Profile: "_", JSON: []byte(
		`{"resourceType":"Medication","id":"brand","code":{"coding":[{"system":"rx","code":"B1","display":"Glucophage 500 MG Oral Tablet"}]},"ingredient":[{"itemCodeableConcept":{"coding":[{"system":"rx","code":"6809","display":"Metformin"}]}}]}`)}
	genericMed := Resource{Key: Key{"https://c.example/fhir", "Medication", "generic"}, Profile: "_", JSON: []byte(
		`{"resourceType":"Medication","id":"generic","code":{"coding":[{"system":"rx","code":"G1","display":"Metformin 500 MG Oral Tablet"}]},"ingredient":[{"itemCodeableConcept":{"coding":[{"system":"rx","code":"6809","display":"Metformin"}]}}]}`)}
	byRef := func(id, status, authored, medID, src string) Resource {
		return Resource{Key: Key{src, "MedicationRequest", id}, Profile: "p", JSON: []byte(fmt.Sprintf(
			`{"resourceType":"MedicationRequest","id":%q,"status":%q,"authoredOn":%q,"medicationReference":{"reference":"Medication/%s"}}`, id, status, authored, medID))}
	}
	recs := []Resource{
		medJSON("a", "active", "2026-10-01", "314076", "Lisinopril 10 MG Oral Tablet", `,"dosageInstruction":[{"text":"1 a day"}]`),
		medJSON("b", "active", "2008-01-01", "314076", "Lisinopril 10 MG Oral Tablet", `,"dosageInstruction":[{"text":"2 a day"}]`),
		medJSON("c", "active", "2008-03-01", "", "Vitamin D (substance)", ""),
		medJSON("d", "active", "2008-03-01", "999", "vitamin d", ""),
		byRef("e", "active", "2026-11-01", "brand", "https://b.example/fhir"),
		byRef("f", "active", "2026-11-02", "generic", "https://c.example/fhir"),
		medJSON("g", "stopped", "2012-01-01", "1", "Amoxicillin 250 MG", ""),
		// A dispense this year makes an old order current.
		medJSON("h", "active", "2015-01-01", "2", "Simvastatin 20 MG", ""),
		{Key: Key{"https://h.example/fhir", "MedicationDispense", "disp"}, Profile: "p", JSON: []byte(
			`{"resourceType":"MedicationDispense","status":"completed","whenHandedOver":"2026-09-01","authorizingPrescription":[{"reference":"MedicationRequest/h"}]}`)},
	}
	s := NewSet(recs, []Resource{brandMed, genericMed})
	meds := Medicines(s, MedOptions{Now: now})
	got := map[string]Medication{}
	for _, m := range meds {
		got[m.Name] = m
	}
	if len(meds) != 5 {
		for _, m := range meds {
			t.Logf("%s %s %v", m.Name, m.State, m.Refs)
		}
		t.Fatalf("%d rows, want 5 (lisinopril, vitamin D, metformin, amoxicillin, simvastatin)", len(meds))
	}
	lis := got["Lisinopril 10 mg tablet"]
	if lis.State != MedTaking || len(lis.Sources) != 2 || !lis.Differs || lis.Difference != "Sources give different doses" || lis.Ref != "MedicationRequest/a" {
		t.Errorf("lisinopril %+v", lis)
	}
	vit := got["Vitamin D"]
	if vit.State != MedToConfirm || len(vit.Refs) != 2 || vit.Question != "Still active in the record since 2008 — still taking it?" {
		t.Errorf("vitamin D %+v", vit)
	}
	met := got["Metformin 500 mg tablet"]
	if met.State != MedTaking || len(met.Sources) != 2 || met.Difference != "Sources name it differently" {
		t.Errorf("brand and generic: %+v", met)
	}
	if sim := got["Simvastatin 20 mg"]; sim.State != MedTaking {
		t.Errorf("dispensed this year: %+v", sim)
	}
	if meds[len(meds)-1].State != MedPast {
		t.Error("past medicines not last")
	}
	// The person's answers apply to the whole row.
	meds = Medicines(s, MedOptions{Now: now, Choices: Choices{"MedicationRequest/d": {Taking: true, At: now}}})
	for _, m := range meds {
		if m.Name == "Vitamin D" && m.State != MedTaking {
			t.Errorf("confirmed vitamin D: %s", m.State)
		}
	}
	// Medicines end at death.
	died := Death{Deceased: true, Date: "2020-01-01", At: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, m := range Medicines(s, MedOptions{Now: now, Death: &died}) {
		if m.State != MedPast || (m.Active && m.Ended != "2020-01-01") {
			t.Errorf("after death: %s %s ended %q", m.Name, m.State, m.Ended)
		}
	}
}

// Two people with the same LOINC code in one set are two series, never one line.
func TestResultsNeverMergePeople(t *testing.T) {
	obs := func(profile, id string, v float64, when string) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, Profile: profile, JSON: []byte(fmt.Sprintf(
			`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body Weight"}]},"effectiveDateTime":%q,"valueQuantity":{"value":%v,"unit":"kg"}}`, when, v))}
	}
	s := NewSet([]Resource{obs("me", "1", 82.75, "2026-01-01"), obs("mum", "2", 64, "2026-01-02"), obs("me", "3", 83, "2026-02-01")}, nil)
	series := Results(s)
	if len(series) != 2 {
		t.Fatalf("%d series, want 2", len(series))
	}
	for _, se := range series {
		for _, p := range se.Points().All() {
			if s.Get(p.Key).Profile != se.Profile {
				t.Errorf("%s's series holds a reading of %s", se.Profile, s.Get(p.Key).Profile)
			}
		}
	}
	if series[0].Profile != "me" || series[0].Len() != 2 || series[1].Profile != "mum" || series[1].Len() != 1 {
		t.Errorf("series %+v %+v", series[0], series[1])
	}
}

func TestDeceasedFixtures(t *testing.T) {
	for name, date := range map[string]string{"Wendell_Lesch": "2018-04-27", "Fletcher_Hyatt": "1996-01-21"} {
		s := loadBundle(t, testutil.Fixture(t, "synthea/"+name+"_*.json"))
		d := DeathOf(s, time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))
		if !d.Deceased || d.Date != date {
			t.Errorf("%s: %+v", name, d)
		}
		for _, m := range Medicines(s, MedOptions{Now: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}) {
			if m.State != MedPast {
				t.Errorf("%s: %s is %s", name, m.Name, m.State)
			}
		}
	}
}

// A household Set never merges two people's medicines or conditions, and one person's death
// ends only their medicines.
func TestHouseholdSetKeepsPeopleApart(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	me := medJSON("a", "active", "2026-10-01", "860975", "Metformin 500 MG", "")
	mum := medJSON("b", "active", "2026-10-01", "860975", "Metformin 500 MG", "")
	me.Profile, mum.Profile = "me", "mum"
	cond := func(profile, id string) Resource {
		return Resource{Key: Key{LocalSource, "Condition", id}, Profile: profile, JSON: []byte(`{"resourceType":"Condition","code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006","display":"Diabetes mellitus type 2 (disorder)"}]},"onsetDateTime":"2020-01-01"}`)}
	}
	dead := Resource{Key: Key{LocalSource, "Patient", "pm"}, Profile: "mum", JSON: []byte(`{"resourceType":"Patient","deceasedDateTime":"2026-11-01"}`)}
	s := NewSet([]Resource{me, mum, cond("me", "c1"), cond("mum", "c2"), dead}, nil)
	meds := Medicines(s, MedOptions{Now: now})
	if len(meds) != 2 {
		t.Fatalf("%d medicine rows, want one per person", len(meds))
	}
	for _, m := range meds {
		want := map[string]MedState{"me": MedTaking, "mum": MedPast}[m.Profile]
		if m.State != want || len(m.Sources) != 1 {
			t.Errorf("%s: %s from %v, want %s", m.Profile, m.State, m.Sources, want)
		}
	}
	if cur, _ := Conditions(s); len(cur) != 2 || cur[0].Profile == cur[1].Profile || cur[0].Name != "Diabetes mellitus type 2" {
		t.Errorf("conditions %+v", cur)
	}
}

// Found by the held-out check of issue 11: an RxNorm branded name ("generic [Brand]") is one row
// with its generic; a dose without a unit and an every-N-days timing read as words.
func TestMedicinesHeldOut(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	recs := []Resource{
		medJSON("brand", "active", "2026-10-10", "617320", "atorvastatin 40 MG Oral Tablet [Lipitor]", ""),
		medJSON("generic", "active", "2026-11-20", "617310", "atorvastatin 40 MG Oral Tablet", ""),
		medJSON("cipro", "active", "2026-11-28", "197511", "ciprofloxacin 250 MG Oral Tablet",
			`,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":2,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1}}]}]`),
		medJSON("weekly", "active", "2026-11-28", "1", "Alendronic acid 70 MG",
			`,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk"}},"doseAndRate":[{"doseQuantity":{"value":2}}]}]`),
	}
	got := map[string]Medication{}
	for _, m := range Medicines(NewSet(recs, nil), MedOptions{Now: now}) {
		got[m.Name] = m
	}
	if len(got) != 3 || len(got["Atorvastatin 40 mg tablet"].Refs) != 2 {
		t.Errorf("brand and generic not one row: %+v", got)
	}
	for name, want := range map[string]string{"Ciprofloxacin 250 mg tablet": "1 tablet, once every 2 days", "Alendronic acid 70 mg": "2 doses, once a week"} { // a tablet's bare 1 is 1 tablet (F301)
		if d := got[name].Dosage; d != want {
			t.Errorf("%s: dosage %q, want %q", name, d, want)
		}
	}
}

// A medicine known only from a dispense (no order in the records) is a row of its own: being
// taken when handed over within StaleAfter, past after; an unlinked dispense of an ordered
// medicine shows that order is current (held-out check of issue 11).
func TestMedicinesDispenseOnly(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	disp := func(id, when, code, name string) Resource {
		return Resource{Key: Key{"https://d.example/fhir", "MedicationDispense", id}, Profile: "p", JSON: []byte(fmt.Sprintf(
			`{"resourceType":"MedicationDispense","id":%q,"status":"completed","whenHandedOver":%q,"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":%q,"display":%q}]},"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}]}`,
			id, when, code, name))}
	}
	recs := []Resource{
		disp("d1", "2026-11-05T10:00:00Z", "197361", "amlodipine 5 MG Oral Tablet"),
		disp("d2", "2026-10-05T10:00:00Z", "197361", "amlodipine 5 MG Oral Tablet"),
		disp("d3", "2015-01-01T10:00:00Z", "5", "Old cream"),
		medJSON("sim", "active", "2015-01-01", "36567", "Simvastatin 20 MG", ""),
		disp("d4", "2026-09-01T10:00:00Z", "36567", "Simvastatin 20 MG"),
	}
	got := map[string]Medication{}
	for _, m := range Medicines(NewSet(recs, nil), MedOptions{Now: now}) {
		got[m.Name] = m
	}
	if len(got) != 3 {
		t.Fatalf("%d rows, want 3: %+v", len(got), got)
	}
	aml := got["Amlodipine 5 mg tablet"]
	if aml.State != MedTaking || len(aml.Refs) != 2 || aml.Ref != "MedicationDispense/d1" || aml.Last != "2026-11-05" || aml.Dosage != "once a day" {
		t.Errorf("dispensed last month: %+v", aml)
	}
	if old := got["Old cream"]; old.State != MedPast || old.Ended != "" {
		t.Errorf("dispensed in 2015: %+v", old)
	}
	if sim := got["Simvastatin 20 mg"]; sim.State != MedTaking || len(sim.Refs) != 1 {
		t.Errorf("2015 order dispensed this year: %+v", sim)
	}
}

// A medicine's end date is the last day it was taken: an end of 2023-01-10 reads "ended
// 2023-01-10", not the exclusive end used for the state (held-out check of issue 15).
func TestMedicineEndedIsTheRecordsLastDay(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	la, _ := time.LoadLocation("America/Los_Angeles")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	for _, tc := range []struct {
		end  string
		loc  *time.Location // the person's clock (F138); nil: as written
		want string
	}{
		{"2023-01-10", nil, "2023-01-10"},
		{"2023-01-10T14:00:00-05:00", nil, "2023-01-10"},
		{"2023-01-10T23:30:00Z", nil, "2023-01-10"},
		// A date is its own day on any clock.
		{"2023-01-10", la, "2023-01-10"},
		{"2023-01-10", tokyo, "2023-01-10"},
		// A time of day is on the person's clock: 07:30 UTC on the 11th is 23:30 on the
		// 10th in Los Angeles; 22:00 in New York on the 10th is the 11th in Tokyo.
		{"2023-01-11T07:30:00Z", la, "2023-01-10"},
		{"2023-01-11T07:30:00Z", nil, "2023-01-11"},
		{"2023-01-10T22:00:00-05:00", tokyo, "2023-01-11"},
		{"2023-01-10T22:00:00-05:00", nil, "2023-01-10"},
	} {
		r := Resource{Key: Key{"local", "MedicationRequest", "m"}, Profile: "p", JSON: []byte(fmt.Sprintf(
			`{"resourceType":"MedicationRequest","id":"m","status":"completed","intent":"order","medicationCodeableConcept":{"text":"amoxicillin"},"dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2023-01-01","end":%q},"frequency":1,"period":8,"periodUnit":"h"}}}]}`, tc.end))}
		meds := Medicines(NewSet([]Resource{r}, nil), MedOptions{Now: now, Loc: tc.loc})
		if len(meds) != 1 || meds[0].State != MedPast || meds[0].Ended != tc.want {
			t.Errorf("end %s on %v: %+v, want past, ended %s", tc.end, tc.loc, meds, tc.want)
		}
	}
}

// Issue 15: a file for one Eve B refused for another born the same year said "is for Eve B
// (born 1975), not Eve B (born 1975)". Birth dates of the same year are given whole, as the
// person switcher and the import line do.
func TestMismatchSentenceSameNameSameYear(t *testing.T) {
	for _, c := range []struct {
		file, person Identity
		want         string
	}{
		{Identity{Name: "Eve B", BirthDate: "1975-05-02"}, Identity{Name: "Eve B", BirthDate: "1975-05-01"},
			"f.json is for Eve B (born 2 May 1975), not Eve B (born 1 May 1975)"},
		{Identity{Name: "Eve B", BirthDate: "1975-05-02"}, Identity{Name: "Eve B", BirthDate: "1980-05-01"},
			"f.json is for Eve B (born 1975), not Eve B (born 1980)"},
		{Identity{Name: "Eve B", BirthDate: "1975-05"}, Identity{Name: "Eve B", BirthDate: "1975-06-01"},
			"f.json is for Eve B (born May 1975), not Eve B (born 1 Jun 1975)"},
		{Identity{Name: "Liz Conn", BirthDate: "1986-01-01"}, Identity{Name: "Mum"},
			"f.json is for Liz Conn (born 1986), not Mum"},
	} {
		if got := CompareIdentity(c.file, c.person).Sentence("f.json"); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

// DeathOf over several records: a future date is not a death but is kept for the note; a
// past date or an undated death still counts.
func TestDeathOfFutureDate(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	patient := func(id, deceased string) Resource {
		return Resource{Key: Key{"src" + id, "Patient", id}, Profile: "p", JSON: []byte(`{"resourceType":"Patient"` + deceased + `}`)}
	}
	tests := []struct {
		name     string
		records  []Resource
		deceased bool
		date     string
		note     string
	}{
		{"future only", []Resource{patient("1", `,"deceasedDateTime":"2027-05-01"`)}, false, "",
			"The record's date of death (1 May 2027) is in the future: it is not taken as a death."},
		{"future and past", []Resource{patient("1", `,"deceasedDateTime":"2027-05-01"`), patient("2", `,"deceasedDateTime":"2020-01-02"`)}, true, "2020-01-02", ""},
		{"future and undated", []Resource{patient("1", `,"deceasedDateTime":"2027-05-01"`), patient("2", `,"deceasedBoolean":true`)}, true, "", ""},
		{"living", []Resource{patient("1", "")}, false, "", ""},
	}
	for _, tc := range tests {
		d := DeathOf(NewSet(tc.records, nil), now)
		if d.Deceased != tc.deceased || d.Date != tc.date || d.FutureNote() != tc.note {
			t.Errorf("%s: %+v note %q", tc.name, d, d.FutureNote())
		}
	}
	// A zero clock does not judge the date (Medications without a Now).
	if d := PatientDeath([]byte(`{"resourceType":"Patient","deceasedDateTime":"2027-05-01"}`), time.Time{}); !d.Deceased {
		t.Errorf("zero now: %+v", d)
	}
}

// HumanName.String names a CJK name family first as the importer does, and CompareIdentity
// still takes a person named the old way ("小明 王") for the same name.
func TestCJKNames(t *testing.T) {
	for _, tc := range []struct {
		n    HumanName
		want string
	}{
		{HumanName{Family: "王", Given: []string{"小明"}}, "王小明"},
		{HumanName{Family: "Wang", Given: []string{"Xiaoming"}}, "Xiaoming Wang"},
		{HumanName{Text: "محمد بن عبد الله", Family: "عبد الله", Given: []string{"محمد"}}, "محمد بن عبد الله"},
	} {
		if got := tc.n.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.n, got, tc.want)
		}
	}
	if m := CompareIdentity(Identity{Name: "王小明"}, Identity{Name: "小明 王"}); m.Differs() {
		t.Errorf("王小明 and 小明 王 differ: %+v", m)
	}
	if m := CompareIdentity(Identity{Name: "王小明"}, Identity{Name: "李小明"}); !m.Differs() {
		t.Errorf("王小明 and 李小明 are the same: %+v", m)
	}
}

// Regression: import showed birthDate "1914-02-29" as a date, and `profile add --birth-date
// 2030-01-01` was accepted.
func TestBirthDates(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in    string
		check error
		words string
	}{
		{"", nil, ""},
		{"1915-07-03", nil, "3 Jul 1915"},
		{"2026-12-04", nil, "4 Dec 2026"},
		{"2026-12-05", ErrFutureBirth, "5 Dec 2026"},
		{"2030-01-01", ErrFutureBirth, "1 Jan 2030"},
		{"1914-02-29", ErrNotADate, "not a real date (1914-02-29)"},
		{"1916-02-29", nil, "29 Feb 1916"},
		{"1915-13-01", ErrNotADate, "not a real date (1915-13-01)"},
		{"1915", ErrNotADate, "1915"},
		{"1915-07", ErrNotADate, "July 1915"},
		{"1915-7-3", ErrNotADate, "not a real date (1915-7-3)"},
		{"yesterday", ErrNotADate, "not a real date (yesterday)"},
	} {
		if err := CheckBirthDate(tc.in, now); err != tc.check {
			t.Errorf("CheckBirthDate(%q) = %v, want %v", tc.in, err, tc.check)
		}
		if got := BirthWords(tc.in); got != tc.words {
			t.Errorf("BirthWords(%q) = %q, want %q", tc.in, got, tc.words)
		}
	}
}

// The CLI's refusal names no one and gives no birth date (an error line; F28): it says what
// differs.
func TestMismatchDifferencesNamesNoOne(t *testing.T) {
	liz := Identity{Name: "Liz Conn", BirthDate: "1986-03-04"}
	for _, c := range []struct {
		m    Mismatch
		want string
	}{
		{Mismatch{File: liz, Name: true, Birth: true}, "the person in this file has a different name and birth date from the person chosen"},
		{Mismatch{File: liz, Name: true}, "the person in this file has a different name from the person chosen"},
		{Mismatch{File: liz, Birth: true}, "the person in this file has a different birth date from the person chosen"},
		{Mismatch{File: liz, Name: true, Others: []Identity{{Name: "Tom Conn"}}}, "2 people in this file have different names or birth dates from the person chosen"},
		// a family's file that is the chosen person's too: not "the person in this file"
		{Mismatch{File: liz, Name: true, Also: true}, "this file is for the person chosen and also for someone with a different name"},
		{Mismatch{File: liz, Name: true, Others: []Identity{{Name: "Tom Conn"}}, Also: true}, "this file is for the person chosen and also for 2 people with different names or birth dates"},
	} {
		got := c.m.Differences()
		if got != c.want || strings.Contains(got, "Liz") || strings.Contains(got, "1986") {
			t.Errorf("%+v: %q, want %q", c.m, got, c.want)
		}
	}
}

// An appointment is after a death by the death's time when the record gives one, from the next
// day when it gives the day alone, and, without a date, only when it is still to come.
func TestDiedBefore(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	at := func(s string) time.Time { x, _ := time.Parse(time.RFC3339, s); return x }
	day := Death{Deceased: true, Date: "2019-02-14", At: time.Date(2019, 2, 14, 0, 0, 0, 0, time.UTC)}
	timed := Death{Deceased: true, Date: "2019-02-14", At: time.Date(2019, 2, 14, 15, 30, 0, 0, time.UTC)}
	undated := Death{Deceased: true}
	for _, c := range []struct {
		d    Death
		t    string
		want bool
		plan string
	}{
		{Death{}, "2026-03-09T10:00:00Z", false, "planned"},
		{Death{}, "2019-03-05T10:00:00Z", false, ""},
		{day, "2019-02-14T23:00:00Z", false, ""},
		{day, "2019-02-15T00:00:00Z", true, "booked for after the death"},
		{day, "2019-03-05T10:00:00Z", true, "booked for after the death"},
		{timed, "2019-02-14T15:00:00Z", false, ""},
		{timed, "2019-02-14T16:00:00Z", true, "booked for after the death"},
		{undated, "2019-03-05T10:00:00Z", false, ""},
		{undated, "2026-03-09T10:00:00Z", true, "booked for after the death"},
	} {
		if got := c.d.DiedBefore(at(c.t), now); got != c.want {
			t.Errorf("%+v died before %s: %v", c.d, c.t, got)
		}
		if got := c.d.PlanWords("Appointment", at(c.t), now); got != c.plan {
			t.Errorf("%+v, appointment %s: %q, want %q", c.d, c.t, got, c.plan)
		}
	}
	if got := day.PlanWords("ServiceRequest", at("2026-03-09T10:00:00Z"), now); got != "dated after the death" {
		t.Errorf("a planned test after the death: %q", got)
	}
	// F333: a past record dated after the death (Synthea's claims and orders months after it).
	for _, c := range []struct {
		d    Death
		t    string
		plan string
	}{
		{day, "2019-03-05T10:00:00Z", "dated after the death"},
		{day, "2019-02-14T23:00:00Z", ""},
		{timed, "2019-02-14T16:00:00Z", "dated after the death"},
		{timed, "2019-02-14T15:00:00Z", ""},
		{undated, "2019-03-05T10:00:00Z", ""},
		{Death{}, "2019-03-05T10:00:00Z", ""},
	} {
		if got := c.d.PlanWords("Claim", at(c.t), now); got != c.plan {
			t.Errorf("%+v, a claim of %s: %q, want %q", c.d, c.t, got, c.plan)
		}
	}
}
