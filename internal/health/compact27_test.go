package health

import (
	"testing"

	"carekeeper/internal/fhirjson"
)

// The reader keeps readings compact until their series is made (F157: a watch's 300,000 heart
// rates): each point still comes back with its own time, value, key, range, flag, comparator and
// date precision, whatever the readings around it share, oldest first.
func TestResultsCompactReadingsKeepEachPoint(t *testing.T) {
	hr := func(id, at, v, extra string) Resource {
		return obsQ(id, "8867-4", "Heart rate", at, v, "/min", "/min", extra)
	}
	high := `,"interpretation":[{"coding":[{"code":"H"}]}]`
	rng := `,"referenceRange":[{"low":{"value":50},"high":{"value":90}}]`
	recs := []Resource{
		hr("c", "2026-03-03T08:00:00Z", "120", high),
		hr("a", "2026-03-01T08:00:00Z", "60", ""),
		hr("e", "2026-03-05", "70", ""),
		hr("b", "2026-03-02T08:00:00Z", "95", rng),
		hr("d", "2026-03-04T08:00:00Z", "61", ""),
		hr("f", "2026-03-06T08:00:00+01:00", "62", rng),
	}
	recs[3].Key.Source = "portal"
	se := Results(NewSet(recs, nil))
	if len(se) != 1 {
		t.Fatalf("%d series, want 1", len(se))
	}
	want := []struct {
		id, source string
		v          float64
		flag       Flag
		low        float64 // 0: no range of its own
		dateOnly   bool
		prec       fhirjson.Precision
	}{
		{"a", LocalSource, 60, FlagNone, 0, false, fhirjson.PrecisionTime},
		{"b", "portal", 95, FlagHigh, 50, false, fhirjson.PrecisionTime},
		{"c", LocalSource, 120, FlagHigh, 0, false, fhirjson.PrecisionTime},
		{"d", LocalSource, 61, FlagNone, 0, false, fhirjson.PrecisionTime},
		{"e", LocalSource, 70, FlagNone, 0, true, fhirjson.PrecisionDay},
		{"f", LocalSource, 62, FlagNone, 50, false, fhirjson.PrecisionTime},
	}
	pts := se[0].Points().Clone()
	if len(pts) != len(want) {
		t.Fatalf("%d points, want %d", len(pts), len(want))
	}
	for i, w := range want {
		p := pts[i]
		low := 0.0
		if p.Range.Low != nil {
			low = *p.Range.Low
		}
		if p.Key.ID != w.id || p.Key.Source != w.source || p.Key.Type != "Observation" || p.V != w.v || p.Flag != w.flag ||
			low != w.low || p.DateOnly != w.dateOnly || p.Precision != w.prec {
			t.Errorf("point %d = %+v, want %+v", i, p, w)
		}
		if i > 0 && p.T.Before(pts[i-1].T) {
			t.Errorf("point %d before the one before it", i)
		}
	}
	if f := pts[5]; f.T.Format("15:04 -07:00") != "08:00 +01:00" {
		t.Errorf("point f at %v, want its own offset kept", f.T)
	}
}
