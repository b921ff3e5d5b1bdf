package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// F516: Margaret's GP orders donepezil 1 tablet at bedtime (EventTiming HS: CareKeeper's 22:00);
// the hospital's discharge letter repeats it "every 24 hours" (a C-CDA PIVL_TS with no time:
// CareKeeper's 07:30), its words "one tablet at night". Both copies had picked times, so the
// newest, the letter's, reminded: at breakfast, and tonight's 22:00 vanished. The copy naming
// when in the day (the record's bedtime) keeps the reminders; a clock time of the record still
// comes first, and of two bare frequencies the newest still reminds.
func TestCopyNamingTheTimeOfDayKeepsTheReminders(t *testing.T) {
	sydney := mustLoc(t, "Australia/Sydney")
	now := time.Date(2026, 12, 7, 21, 50, 0, 0, sydney)
	const done = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"997223","display":"donepezil hydrochloride 10 MG Oral Tablet"}],"text":"donepezil hydrochloride 10 MG Oral Tablet"}`
	tablet := `"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"TAB"}}]`
	gp := func(repeat string) string {
		return `{"resourceType":"MedicationRequest","id":"m-done","status":"active","intent":"order","authoredOn":"2026-03-02",` + done +
			`,"dosageInstruction":[{"text":"1 tablet at night","timing":{"repeat":{` + repeat + `}},` + tablet + `}]}`
	}
	letter := func(repeat string) string {
		return `{"resourceType":"MedicationRequest","id":"ccda-done","status":"active","intent":"plan","authoredOn":"2026-12-02",` + done +
			`,"dosageInstruction":[{"text":"Donepezil 10 mg: one tablet at night","timing":{"repeat":{"boundsPeriod":{"start":"2026-12-02"},` + repeat + `}},` + tablet + `}]}`
	}
	const hs = `"frequency":1,"period":1,"periodUnit":"d","when":["HS"]`
	const daily = `"frequency":1,"period":1,"periodUnit":"d"`
	const every24h = `"frequency":1,"period":24,"periodUnit":"h"`
	for _, tc := range []struct {
		name, gp, letter string
		want             string // the donepezil's reminders from 21:50 on 7 Dec to 9 Dec, and on which record
	}{
		{"bedtime and every 24 hours", hs, every24h, "22:00 22:00 on MedicationRequest/m-done"},
		{"bedtime and once a day", hs, daily, "22:00 22:00 on MedicationRequest/m-done"},
		{"bedtime and the letter's clock time", hs, daily + `,"timeOfDay":["21:00:00"]`, "21:00 on MedicationRequest/ccda-done"},
		{"two bare frequencies: the newest", daily, every24h, "07:30 on MedicationRequest/ccda-done"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			v := openVault(t)
			pid := addPerson(t, v, "Margaret")
			var recs []storage.Record
			for _, r := range []struct{ src, id, js string }{
				{"https://fhir.balmaingp.example.com.au/r4", "m-done", gp(tc.gp)},
				{"margaret-rpa-discharge.xml", "ccda-done", letter(tc.letter)},
			} {
				rec, err := storage.NewRecord(pid, storage.ID{Source: r.src, Type: "MedicationRequest", ID: r.id}, []byte(r.js))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, rec)
			}
			if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
				t.Fatal(err)
			}
			m, err := Load(ctx, v, LoadOptions{Device: sydney, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			on := ""
			for _, r := range m.Reminders(pid, now, time.Date(2026, 12, 9, 0, 0, 0, 0, sydney), now) {
				if r.Kind == KindDose {
					got = append(got, r.Due.In(sydney).Format("15:04"))
					on = r.Ref
				}
			}
			if g := strings.Join(got, " ") + " on " + on; g != tc.want {
				t.Errorf("donepezil reminded %q, want %q", g, tc.want)
			}
		})
	}
}
