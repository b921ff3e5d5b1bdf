package journey

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F497: the app's Timeline reads its rows with OneRowEach and RowWords, as `carekeeper
// timeline` does: the discharge letter's apixaban of 28 Nov 2026, a course the GP ordered on
// 2 Apr 2024, is "Medicine listed again: … (taken since 2 Apr 2024)", its start-day line too;
// the GP's row still says it started, and one course from the letter and a ward's copy on
// one day stays one row.
func TestOneRowEachMarksACourseListedAgain(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	const apixaban = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1364445","display":"apixaban 5 MG Oral Tablet"}],"text":"apixaban 5 MG Oral Tablet"}`
	dosage := func(start string) string {
		return `"dosageInstruction":[{"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}],"timing":{"repeat":{` + start + `"frequency":2,"period":1,"periodUnit":"d"}}}]`
	}
	gp := `{"resourceType":"MedicationRequest","status":"active","intent":"order",` + apixaban + `,"authoredOn":"2024-04-02",` + dosage("") + `}`
	letter := `{"resourceType":"MedicationRequest","status":"active","intent":"plan",` + apixaban + `,"authoredOn":"2026-11-28",` + dosage(`"boundsPeriod":{"start":"2026-11-28"},`) + `}`
	ward := `{"resourceType":"MedicationStatement","status":"active",` + apixaban + `,"effectivePeriod":{"start":"2026-11-28"},"dosage":[{"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}],"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}]}`
	// a repeat order written on 20 Nov to start on 1 Dec: its start day's line is listed again
	repeat := `{"resourceType":"MedicationRequest","status":"active","intent":"order",` + apixaban + `,"authoredOn":"2026-11-20",` + dosage(`"boundsPeriod":{"start":"2026-12-01"},`) + `}`
	js := map[health.Key]string{}
	ev := func(src, typ, id, date, res string) health.Event {
		k := health.Key{Source: src, Type: typ, ID: id}
		js[k] = res
		return health.Event{Date: date, Kind: health.KindMedicine, Key: k, Profile: "ingrid"}
	}
	events := []health.Event{
		ev("file", "MedicationRequest", "letter", "2026-11-28", letter),
		ev("ward", "MedicationStatement", "ward", "2026-11-28", ward),
		ev("gp", "MedicationRequest", "repeat", "2026-11-20", repeat),
		ev("gp", "MedicationRequest", "apix", "2024-04-02", gp),
	}
	starts := events[2]
	starts.Date, starts.Starts = "2026-12-01", true
	events = append([]health.Event{starts}, events...)
	out, also := OneRowEach(events, func(e *health.Event) []byte { return []byte(js[e.Key]) }, func(string) *time.Location { return berlin })
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, berlin)
	var got []string
	for _, e := range out {
		title, _ := RowWords(e, health.Describe(e.Key.Type, []byte(js[e.Key])), health.Death{}, now, berlin)
		got = append(got, e.Date+" "+title+" +"+string(rune('0'+len(also[RowKey(&e)]))))
	}
	want := []string{
		"2026-12-01 Medicine listed again: Apixaban 5 mg tablet (taken since 2 Apr 2024) +0",
		"2026-11-28 Medicine listed again: Apixaban 5 mg tablet (taken since 2 Apr 2024) +1",
		"2026-11-20 Medicine prescribed, to start 1 Dec 2026: Apixaban 5 mg tablet +0",
		"2024-04-02 Medicine started: Apixaban 5 mg tablet +0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
