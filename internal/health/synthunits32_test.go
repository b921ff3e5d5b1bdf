package health

import "testing"

// F414: Synthea's HIV module (Byron202) writes a temperature as unit and code "C" and a pulse as
// "beats/minute": results said "Temperature  35.7 C" and "Pulse  75 beats/minute" beside
// "Heart rate  73 beats a minute". They read "35.7°C" and "75 beats a minute", and a "C"
// temperature is one series with one in "Cel".
func TestSyntheaUnitsInPlainWords(t *testing.T) {
	obs := func(id, code, at, value, unit string) Resource {
		return Resource{Key: Key{"clinic", "Observation", id}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}]},"effectiveDateTime":"` + at + `T09:00:00Z","valueQuantity":{"value":` + value + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + unit + `"}}`)}
	}
	for _, tc := range []struct {
		name string
		recs []Resource
		want []string // each series' latest
	}{
		{"C", []Resource{obs("t", "8310-5", "2017-02-17", "35.7", "C")}, []string{"35.7°C"}},
		{"C, Synthea's own code", []Resource{obs("t", "5088AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "2017-02-17", "35.7", "C")}, []string{"35.7°C"}},
		{"C and Cel", []Resource{obs("t1", "8310-5", "2017-02-17", "35.7", "C"), obs("t2", "8310-5", "2017-03-17", "36.6", "Cel")}, []string{"36.6°C"}},
		{"beats/minute", []Resource{obs("h", "8867-4", "2017-02-17", "75", "beats/minute")}, []string{"75 beats a minute"}},
	} {
		ss := Results(NewSet(tc.recs, nil))
		var got []string
		for _, se := range ss {
			got = append(got, se.ReadingWords(se.Latest()))
		}
		if len(got) != len(tc.want) || got[0] != tc.want[0] {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
