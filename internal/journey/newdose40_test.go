package journey

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F525 item 10: Aoife's `timeline` said "Medicine started: Keppra …" on 1 Jun 2026 (the school
// nurse's letter: taking it since then) and again on 20 Nov 2026, the GP's new order by
// weight. The second row is a new prescription of the course under way, at another dose.
func TestNewPrescriptionOfACourseUnderWayIsNoStart(t *testing.T) {
	syd, _ := time.LoadLocation("Australia/Sydney")
	const keppra = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"311289","display":"levetiracetam 100 MG/ML Oral Solution"}],"text":"Keppra (levetiracetam) 100 mg/mL oral solution"}`
	rec := func(start, dose string) string {
		return `{"resourceType":"MedicationRequest","status":"active","intent":"order",` + keppra + `,"authoredOn":"` + start + `",` +
			`"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":` + dose + `}]}]}`
	}
	js := map[health.Key]string{}
	ev := func(src, id, date, res string) health.Event {
		k := health.Key{Source: src, Type: "MedicationRequest", ID: id}
		js[k] = res
		return health.Event{Date: date, Kind: health.KindMedicine, Key: k, Profile: "aoife"}
	}
	events := []health.Event{
		ev("gp", "gp", "2026-11-20", rec("2026-11-20", `{"value":10,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}`)),
		ev("file", "nurse", "2026-06-01", rec("2026-06-01", `{"value":2,"unit":"mL"}`)),
	}
	out, _ := OneRowEach(events, func(e *health.Event) []byte { return []byte(js[e.Key]) }, func(string) *time.Location { return syd })
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, syd)
	var got []string
	for _, e := range out {
		title, _ := RowWords(e, health.Describe(e.Key.Type, []byte(js[e.Key])), health.Death{}, now, syd)
		got = append(got, e.Date+" "+title)
	}
	want := []string{
		"2026-11-20 New prescription: Keppra (levetiracetam) 100 mg/mL oral solution (taken since 1 Jun 2026, at another dose)",
		"2026-06-01 Medicine started: Keppra (levetiracetam) 100 mg/mL oral solution",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
