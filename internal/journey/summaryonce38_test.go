package journey

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F493: Tobi's visit summary said "Glucose — Latest: 10.4 mmol/L on 6 Dec 2026" of his meter's
// series from the clinic, and under Home measurements "Glucose — Latest: 2.8 mmol/L on 7 Dec
// 2026 (low)", the blood sugar entered at home that Results shows in the meter's chart; it
// counted his lows in two halves. And the 22:00 glargine of 6 Dec, answered taken at 22:04
// and at 22:10 (two devices, before they exchanged), read "1 of 1 taken on time". One glucose
// series is said once, as Results says it, its reading entered in CareKeeper marked; the
// double dose is said; and a chart beginning before the period says so.
func TestSummarySaysOneGlucoseSeriesAndADoseGivenTwice(t *testing.T) {
	ctx := context.Background()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	now := at("2026-12-07 08:00")
	meter := func(id string, v float64, when string) string {
		return fmt.Sprintf(`{"resourceType":"Observation","id":%q,"status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"14743-9","display":"Glucose [Moles/volume] in Capillary blood by Glucometer"}],"text":"Glucose"},`+
			`"effectiveDateTime":%q,"valueQuantity":{"value":%v,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}`, id, at(when).Format(time.RFC3339), v)
	}
	v, p := newPerson(t, "Tobi")
	writeAt(t, v, p, "fhir.kinderklinik-lindenhof.example.de", at("2026-12-06 10:00"),
		`{"resourceType":"Condition","id":"c-t1d","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"46635009","display":"Diabetes mellitus type 1"}]},"onsetDateTime":"2019-08-21"}`,
		`{"resourceType":"MedicationRequest","id":"m-glar","status":"active","intent":"order","medicationCodeableConcept":{"text":"Insulin glargine 100 units/mL pen"},"authoredOn":"2026-10-01",`+
			`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["22:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":18,"unit":"units"}}]}]}`,
		meter("g0", 6.1, "2026-03-10 07:30"), meter("g1", 3.1, "2026-11-20 06:50"), meter("g2", 17.8, "2026-12-06 19:40"), meter("g3", 10.4, "2026-12-06 21:30"))
	// 2.8 mmol/L entered at home at 05:50 (Add measurement: the meter's code, F448)
	writeAt(t, v, p, storage.AppSource, at("2026-12-07 05:51"),
		`{"resourceType":"Observation","id":"home-1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],`+
			`"code":{"coding":[{"system":"http://loinc.org","code":"14743-9","display":"Glucose [Moles/volume] in Capillary blood by Glucometer"}]},`+
			`"effectiveDateTime":"`+at("2026-12-07 05:50").Format(time.RFC3339)+`","valueQuantity":{"value":2.8,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}`)
	m, err := remind.Load(ctx, v, remind.LoadOptions{Device: berlin, Profile: p, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(p, "MedicationRequest/m-glar")
	if med == nil {
		t.Fatal("glargine not loaded")
	}
	var dose remind.Reminder
	for _, r := range m.Reminders(p, at("2026-12-06 21:00"), at("2026-12-06 23:00"), now) {
		if r.Kind == remind.KindDose {
			dose = r
		}
	}
	if dose.Occurrence == "" {
		t.Fatal("no 22:00 dose on 6 Dec")
	}
	for _, when := range []string{"2026-12-06 22:04", "2026-12-06 22:10"} { // the laptop's and the tablet's
		if _, err := remind.RecordDose(ctx, v, med, remind.DoseAction{Profile: p, Ref: med.Ref, Occurrence: dose.Occurrence, Scheduled: dose.Due, When: at(when)}); err != nil {
			t.Fatal(err)
		}
	}

	s, err := BuildSummary(ctx, v, p, at("2026-09-01 00:00"), now, now, LoadOptions{Device: berlin})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, s); err != nil {
		t.Fatal(err)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{
		"Latest: 2.8 mmol/L on 7 Dec 2026 (low, entered in CareKeeper)",
		"2 readings under 3.9 mmol/L (low), 1 of them under 3.0 mmol/L (very low) in the period",
		"4 in the period, 1 of them entered in CareKeeper",
		"the reading before the period, not on the chart: 6.1 mmol/L on 10 Mar 2026", // 6 months before a period of 3 (F530)
		"Home measurements Glucose taken at home: under Recent results, with the records' readings of it.",
		"1 of 1 taken on time, 0 late, 0 skipped, 0 not marked (100 % on time); the 22:00 dose of 6 Dec 2026 given twice (22:04 and 22:10)",
	} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF does not say %q:\n%s", want, pdf)
		}
	}
	if n := strings.Count(pdf, "Latest:"); n != 1 {
		t.Errorf("%d series said, want the one glucose:\n%s", n, pdf)
	}
}
