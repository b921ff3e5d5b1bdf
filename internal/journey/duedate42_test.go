package journey

import (
	"strings"
	"testing"
	"time"
)

// F557 item 3: Zofia's estimated due date (an exam's Observation 11778-8, valueDateTime
// 2027-03-30, recorded 20 Aug 2026) was on the Timeline only: her visit summary for the
// diabetologist did not say she was pregnant, nor how far. The summary's Person says it, with
// the weeks counted back from the due date on the summary's day; without a current pregnancy in
// the records the date is said as the records give it, never "Pregnant"; a birth recorded
// since ends it.
func TestSummarySaysThePregnancyAndItsDueDate(t *testing.T) {
	waw, _ := time.LoadLocation("Europe/Warsaw")
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, waw)
	const edd = `{"resourceType":"Observation","id":"edd","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"exam"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"11778-8","display":"Delivery date Estimated"}],"text":"Przewidywany termin porodu"},"effectiveDateTime":"2026-08-20T10:00:00+02:00","valueDateTime":"2027-03-30"}`
	pregnancy := condition("preg", "77386006", "Ciąża I, pojedyncza")
	gdm := condition("gdm", "11687002", "Cukrzyca ciążowa")
	caesarean := `{"resourceType":"Procedure","id":"cs","status":"completed","code":{"coding":[{"system":"http://snomed.info/sct","code":"11466000","display":"Cesarean section"}]},"performedDateTime":"2026-12-05T10:00:00+01:00"}`
	for _, tc := range []struct {
		name    string
		records []string
		want    string
		not     []string
	}{
		{"pregnant, gestational diabetes", []string{pregnancy, gdm, edd}, "Pregnancy Pregnant, due 30 Mar 2027 (23 weeks 6 days on 7 Dec 2026, counted from the due date)", nil},
		{"gestational diabetes alone", []string{gdm, edd}, "Pregnant, due 30 Mar 2027 (23 weeks 6 days on 7 Dec 2026", nil},
		{"no pregnancy in the records", []string{edd}, "Estimated due date in the records: 30 Mar 2027 (recorded 20 Aug 2026)", []string{"Pregnant", "weeks"}},
		{"born since", []string{pregnancy, edd, caesarean}, "", []string{"Pregnan", "due date"}},
		{"pregnant, no due date", []string{pregnancy}, "", []string{"due date", "Pregnant,"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Zofia")
			writeAt(t, v, p, "clinic", now.Add(-time.Hour), tc.records...)
			txt := summaryWords(t, v, p, time.Date(2026, 10, 1, 0, 0, 0, 0, waw), now, waw)
			if !strings.Contains(txt, tc.want) {
				t.Errorf("the summary does not say %q:\n%s", tc.want, txt)
			}
			for _, n := range tc.not {
				if strings.Contains(txt, n) {
					t.Errorf("the summary says %q:\n%s", n, txt)
				}
			}
		})
	}
}
