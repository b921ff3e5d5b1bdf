package health

import (
	"strings"
	"testing"
	"time"
	"unsafe"
)

// F497: the Timeline said "Medicine started: Apixaban 5 mg tablet" on 28 Nov 2026, the day a
// hospital's discharge letter listed the apixaban the GP ordered on 2 Apr 2024. ListedAgain
// says which records list again a course already under way, and since when: the GP's order
// and the letter's record are as gen.py's Ingrid's import them (the letter's a C-CDA
// substanceAdministration, a MedicationRequest of intent plan from its start). A course
// stopped, finished or ended before, another dose or strength, or a record that restarts a
// stopped medicine, starts a course; one course from two sources on one day is no record
// listed again.
func TestListedAgainSaysACourseAlreadyUnderWay(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	const apixaban = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1364445","display":"apixaban 5 MG Oral Tablet"}],"text":"apixaban 5 MG Oral Tablet"}`
	const apixaban25 = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1364441","display":"apixaban 2.5 MG Oral Tablet"}],"text":"apixaban 2.5 MG Oral Tablet"}`
	// the GP's order (FHIR)
	gp := func(med, status, authored, tablets, more string) string {
		return `{"resourceType":"MedicationRequest","id":"m-apix","status":"` + status + `","intent":"order",` + med + `,"authoredOn":"` + authored + `",` +
			`"dosageInstruction":[{"text":"5 mg twice a day at 08:00 and 20:00","timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]` + more + `}},` +
			`"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006","display":"Oral route"}],"text":"by mouth"},` +
			`"doseAndRate":[{"doseQuantity":{"value":` + tablets + `,"unit":"tablet","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"TAB"}}]}]}`
	}
	// the discharge letter's medicine list (C-CDA), as imported
	letter := func(med, status, start, tablets string) string {
		return `{"resourceType":"MedicationRequest","id":"ccda-5075","status":"` + status + `","intent":"plan",` + med + `,"authoredOn":"` + start + `",` +
			`"dosageInstruction":[{"doseAndRate":[{"doseQuantity":{"code":"{tbl}","system":"http://unitsofmeasure.org","unit":"tablet","value":` + tablets + `}}],` +
			`"route":{"coding":[{"code":"C38288","display":"Oral","system":"http://ncimeta.nci.nih.gov"}],"text":"Oral"},"text":"Apixaban 5 mg tablet, 1 tablet twice daily (08:00 and 20:00)",` +
			`"timing":{"repeat":{"boundsPeriod":{"start":"` + start + `"},"frequency":2,"period":1,"periodUnit":"d"}}}]}`
	}
	for _, c := range []struct {
		name    string
		records []string
		want    []string // ListedAgain's day for each record
	}{
		{"the letter lists the GP's course again", []string{gp(apixaban, "active", "2024-04-02", "1", ""), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", "2024-04-02"}},
		{"newest first, as the Timeline reads them", []string{letter(apixaban, "active", "2026-11-28", "1"), gp(apixaban, "active", "2024-04-02", "1", "")},
			[]string{"2024-04-02", ""}},
		{"a second letter: taken since the first start", []string{gp(apixaban, "active", "2024-04-02", "1", ""), letter(apixaban, "active", "2025-06-10", "1"), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", "2024-04-02", "2024-04-02"}},
		{"one course from two sources on one day", []string{gp(apixaban, "active", "2026-11-28", "1", ""), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", ""}},
		{"the GP's order stopped: started again", []string{gp(apixaban, "stopped", "2024-04-02", "1", ""), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", ""}},
		{"the GP's course finished", []string{gp(apixaban, "completed", "2024-04-02", "1", ""), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", ""}},
		{"the GP's course ended before", []string{gp(apixaban, "active", "2024-04-02", "1", `,"boundsPeriod":{"start":"2024-04-02","end":"2024-10-01"}`), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", ""}},
		{"the GP's course ends after", []string{gp(apixaban, "active", "2024-04-02", "1", `,"boundsPeriod":{"start":"2024-04-02","end":"2027-04-01"}`), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", "2024-04-02"}},
		{"stopped in between: the letter restarts it", []string{gp(apixaban, "active", "2024-04-02", "1", ""), strings.Replace(gp(apixaban, "stopped", "2025-03-01", "1", ""), "m-apix", "m-apix-2", 1), letter(apixaban, "active", "2026-11-28", "1")},
			[]string{"", "", ""}},
		{"another dose", []string{gp(apixaban, "active", "2024-04-02", "1", ""), letter(apixaban, "active", "2026-11-28", "2")},
			[]string{"", ""}},
		{"another strength", []string{gp(apixaban, "active", "2024-04-02", "1", ""), letter(apixaban25, "active", "2026-11-28", "1")},
			[]string{"", ""}},
		{"the letter's record stopped", []string{gp(apixaban, "active", "2024-04-02", "1", ""), letter(apixaban, "stopped", "2026-11-28", "1")},
			[]string{"", ""}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var fs []EventFacts
			for _, r := range c.records {
				f, ok := FactsOf("MedicationRequest", []byte(r), berlin)
				if !ok {
					t.Fatalf("FactsOf: not a record: %s", r)
				}
				fs = append(fs, f)
			}
			got := ListedAgain(fs)
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("ListedAgain = %q, want %q", got, c.want)
			}
		})
	}
}

// The day an Event keeps (SetListedSince) is read back, and takes no more room in an Event:
// 100,000 of them are kept.
func TestEventKeepsTheDayListedSinceInItsOwnRoom(t *testing.T) {
	for _, d := range []string{"2024-04-02", "1970-01-01", "1902-03-04", "1969-12-31", "0001-01-01", "2099-12-31", ""} {
		var e Event
		e.SetListedSince(d)
		if got := e.ListedSince(); got != d {
			t.Errorf("SetListedSince(%q): ListedSince %q", d, got)
		}
	}
	if n := unsafe.Sizeof(Event{}); n > 112 {
		t.Errorf("an Event takes %d bytes, was 112", n)
	}
}
