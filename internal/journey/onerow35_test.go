package journey

import (
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F441, F427 (3): OneRowEach makes one row of one weighing keyed twice, never of two
// people's (Everyone's Timeline: a mother and her son weighed at one instant, 84.4 kg each),
// and keeps the vaccination that names its vaccine, with a time of day.
func TestOneRowEachNeverMergesTwoPeople(t *testing.T) {
	w := `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-12-06T07:15:00Z",` +
		`"valueQuantity":{"value":84.4,"unit":"kg"}}`
	card := `{"resourceType":"Immunization","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"94"}]},"occurrenceDateTime":"2025-09-02"}`
	gp := `{"resourceType":"Immunization","status":"completed","vaccineCode":{"coding":[{"system":"http://hl7.org/fhir/sid/cvx","code":"94","display":"MMRV"}]},"occurrenceDateTime":"2025-09-02T10:00:00+01:00"}`
	js := map[health.Key]string{}
	ev := func(profile, src, typ, id, date, res string) health.Event {
		k := health.Key{Source: src + profile, Type: typ, ID: id}
		js[k] = res
		return health.Event{Date: date, Kind: health.KindOf(typ), Key: k, Profile: profile}
	}
	events := []health.Event{
		ev("mum", "a", "Observation", "w1", "2026-12-06T07:15:00Z", w),
		ev("mum", "a", "Observation", "w2", "2026-12-06T07:15:00Z", w),
		ev("son", "a", "Observation", "w1", "2026-12-06T07:15:00Z", w),
		ev("mum", "card", "Immunization", "i1", "2025-09-02", card),
		ev("mum", "gp", "Immunization", "i1", "2025-09-02T09:00:00Z", gp),
	}
	london, _ := time.LoadLocation("Europe/London")
	out, also := OneRowEach(events, func(e *health.Event) []byte { return []byte(js[e.Key]) }, func(string) *time.Location { return london })
	if len(out) != 3 {
		t.Fatalf("%d rows, want 3: %+v", len(out), out)
	}
	if out[0].Key.ID != "w1" || out[0].Profile != "mum" || len(also[out[0].Key]) != 1 || also[out[0].Key][0].Key.ID != "w2" {
		t.Errorf("mum's weighing keyed twice: %+v, also %+v", out[0], also[out[0].Key])
	}
	if out[1].Profile != "son" || len(also[out[1].Key]) != 0 {
		t.Errorf("her son's weighing: %+v, also %+v", out[1], also[out[1].Key])
	}
	if out[2].Key.Source != "gpmum" || len(also[out[2].Key]) != 1 {
		t.Errorf("the vaccination kept: %+v (want the GP's, naming it), also %+v", out[2], also[out[2].Key])
	}
}
