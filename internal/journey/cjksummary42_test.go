package journey

import (
	"strings"
	"testing"
	"time"
)

// F564: a summary in a script the printout has no font for (Thai here; Kenichi's Japanese
// prints since TestSummaryPrintsJapaneseAsWritten) said "Name ?? ??", the problems and the
// warfarin in question marks, with the only word why on page 2's last line. The note comes
// first, above the name; a dosage whose words cannot be printed is said as CareKeeper reads
// it ("2 tablets Mon, Tue, Wed, Thu, Fri at 08:00; and 3 tablets Sat, Sun at 08:00"); a
// problem's or medicine's name adds its code's name ("???? (Atrial fibrillation)").
func TestSummaryInAScriptTheFontLacksSaysWhatItCan(t *testing.T) {
	bkk, _ := time.LoadLocation("Asia/Bangkok")
	now := time.Date(2024, 6, 10, 10, 0, 0, 0, bkk)
	const (
		patient = `{"resourceType":"Patient","id":"ks","name":[{"use":"official","text":"สมชาย ใจดี"}],"gender":"male","birthDate":"1948-09-14"}`
		af      = `{"resourceType":"Condition","id":"af","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"49436004","display":"Atrial fibrillation"}],"text":"ภาวะหัวใจเต้นผิดจังหวะ"},"onsetDateTime":"2019-07-01"}`
		war     = `{"resourceType":"MedicationRequest","id":"war","status":"active","intent":"order","authoredOn":"2024-05-24","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"855318","display":"warfarin sodium 1 MG Oral Tablet"}],"text":"วาร์ฟาริน"},
"dosageInstruction":[{"sequence":1,"text":"จันทร์ถึงศุกร์ ครั้งละ 2 เม็ด หลังอาหารเช้า 8:00","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","dayOfWeek":["mon","tue","wed","thu","fri"],"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"เม็ด","system":"http://unitsofmeasure.org","code":"{tbl}"}}]},
{"sequence":1,"text":"เสาร์และอาทิตย์ ครั้งละ 3 เม็ด หลังอาหารเช้า 8:00","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","dayOfWeek":["sat","sun"],"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":3,"unit":"เม็ด","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}]}`
	)
	const sev = `{"resourceType":"MedicationRequest","id":"sev","status":"active","intent":"order","authoredOn":"2024-05-24","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"310285","display":"sevelamer carbonate 800 MG Oral Tablet"}],"text":"เซเวลาเมอร์"},
"dosageInstruction":[{"text":"ครั้งละ 1 เม็ด วันละ 3 ครั้ง พร้อมอาหาร","timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","when":["C"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"เม็ด","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}]}`
	v, p := newPerson(t, "สมชาย ใจดี")
	writeAt(t, v, p, "clinic", now.Add(-time.Hour), patient, af, war, sev)
	txt := summaryWords(t, v, p, now.AddDate(0, -3, 0), now, bkk)
	note := strings.Index(txt, "Some letters in these records are in a script this printout's font does not have")
	if note < 0 || note > strings.Index(txt, "Person Name") || strings.Count(txt, "Some letters") != 1 {
		t.Errorf("the note is not said once, above the name:\n%s", txt)
	}
	if want := "2 tablets Mon, Tue, Wed, Thu, Fri at 08:00; and 3 tablets Sat, Sun at 08:00 (as CareKeeper reads the record; its own words are in a script this printout cannot show)"; !strings.Contains(txt, want) {
		t.Errorf("the warfarin line does not say %q:\n%s", want, txt)
	}
	// the times CareKeeper picked for its reminders are not the record's, nor to change here
	if want := "(Sevelamer carbonate 800 mg tablet) — three times a day with meals (as CareKeeper reads the record;"; !strings.Contains(txt, want) || strings.Contains(txt, "change them") {
		t.Errorf("the sevelamer line does not say %q, or says CareKeeper's times:\n%s", want, txt)
	}
	for _, want := range []string{"? (Atrial fibrillation) — since 1 Jul 2019", "? (Warfarin sodium 1 mg tablet)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the summary does not say %q:\n%s", want, txt)
		}
	}
}

// F564: a dosage said as CareKeeper reads it gives the record's own timing, not the times
// CareKeeper picked for its reminders with a "change them" meant for the app.
func TestStepsOfAPrintoutGiveNoPickedTimes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"three times a day with meals (07:30, 12:30 and 18:30 are CareKeeper's times: change them)", "three times a day with meals"},
		{"once a day at bedtime (22:00 is CareKeeper's time: change it)", "once a day at bedtime"},
		{"every 8 hours from 1 Dec 2026 07:30 (CareKeeper's time: change it)", "every 8 hours"},
		{"2 tablets Mon, Tue, Wed, Thu, Fri at 08:00; and 3 tablets Sat, Sun at 08:00", "2 tablets Mon, Tue, Wed, Thu, Fri at 08:00; and 3 tablets Sat, Sun at 08:00"},
	} {
		if got := recordsOwnSteps(c.in); got != c.want {
			t.Errorf("recordsOwnSteps(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
