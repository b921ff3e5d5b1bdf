package health

import (
	"testing"
)

// F518: Margaret, on warfarin, has INRs from her anticoagulation clinic's lab (LOINC 6301-6)
// giving two ranges — the normal 0.9–1.2 "(not on anticoagulants)" and her treatment range
// 2.0–3.0 — and fingerprick INRs (34714-6) giving only the treatment range; her discharge letter
// gives two more INRs in the unit "{INR}". Results marked the lab's 2.4 and 2.6 "High" (against
// the normal range, listed first) although the same records say her target is 2–3, and showed
// three INR charts: "INR", "INR (platelet poor plasma, no unit)" and "INR (platelet poor plasma,
// INR)". A treatment range given beside the normal one, for no named group, is the person's
// target: it flags (the record's own interpretation still decides first). One test by other
// methods, and in "{INR}" or "INR", is one chart.
func TestTreatmentRangeBesideTheNormalOneIsTheTarget(t *testing.T) {
	const normal = `{"low":{"value":0.9,"unit":"{INR}"},"high":{"value":1.2,"unit":"{INR}"},"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/referencerange-meaning","code":"normal"}]},"text":"0.9-1.2 (not on anticoagulants)"}`
	const treatment = `{"low":{"value":2.0,"unit":"{INR}","system":"http://unitsofmeasure.org","code":"{INR}"},"high":{"value":3.0,"unit":"{INR}","system":"http://unitsofmeasure.org","code":"{INR}"},"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/referencerange-meaning","code":"treatment"}]},"text":"Target INR 2.0-3.0 (anticoagulation clinic)"}`
	inr := func(id, code, at, v, unit, interp string, ranges ...string) Resource {
		rr := ""
		for i, r := range ranges {
			if i > 0 {
				rr += ","
			}
			rr += r
		}
		in := ""
		if interp != "" {
			in = `,"interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"` + interp + `"}]}]`
		}
		return Resource{Key: Key{"clinic", "Observation", id}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `"}]},"effectiveDateTime":"` + at + `T09:40:00+11:00","valueQuantity":{"value":` + v + `,` + unit + `},"referenceRange":[` + rr + `]` + in + `}`)}
	}
	const fhirUnit = `"unit":"INR","system":"http://unitsofmeasure.org","code":"{INR}"`
	const ccdaUnit = `"unit":"{INR}","system":"http://unitsofmeasure.org","code":"{INR}"`
	type want struct {
		v    float64
		flag Flag
		ther bool
	}
	for _, tc := range []struct {
		name string
		recs []Resource
		want []want // oldest first, all in one series
	}{
		{"lab with both ranges, fingerprick with the target, letter in {INR}", []Resource{
			inr("lab1", "6301-6", "2026-10-27", "2.4", fhirUnit, "", normal, treatment),
			inr("poc1", "34714-6", "2026-11-10", "1.7", fhirUnit, "", treatment),
			inr("poc2", "34714-6", "2026-11-17", "2.2", fhirUnit, "", treatment),
			inr("lab2", "6301-6", "2026-11-24", "2.6", fhirUnit, "", normal, treatment),
			inr("ltr1", "6301-6", "2026-11-28", "3.4", ccdaUnit, "", `{"low":{"value":0.9,"unit":"{INR}","code":"{INR}"},"high":{"value":1.2,"unit":"{INR}","code":"{INR}"}}`),
			inr("poc3", "34714-6", "2026-12-01", "3.6", fhirUnit, "", treatment),
			inr("ltr2", "6301-6", "2026-12-02", "2.3", ccdaUnit, "H", `{"low":{"value":0.9,"unit":"{INR}","code":"{INR}"},"high":{"value":1.2,"unit":"{INR}","code":"{INR}"}}`),
			inr("cap1", "46418-0", "2026-12-04", "2.8", fhirUnit, "", treatment),
		}, []want{{2.4, FlagNone, true}, {1.7, FlagLow, true}, {2.2, FlagNone, true}, {2.6, FlagNone, true}, {3.4, FlagHigh, true}, {3.6, FlagHigh, true}, {2.3, FlagNone, true}, {2.8, FlagNone, true}}},
		// Her letter's 2.3 gives only the normal range (its flag H is that range's): her target,
		// given by readings around it, judges it too. Warfarin stopped: a 1.0 with the normal
		// range only is not "Low" against the old target; a reading far from any target is
		// judged by its own range.
		{"warfarin stopped, and a reading long before", []Resource{
			inr("old", "6301-6", "2024-01-10", "2.5", fhirUnit, "", normal),
			inr("lab1", "6301-6", "2026-10-27", "2.4", fhirUnit, "", treatment),
			inr("lab2", "6301-6", "2026-12-27", "1.0", fhirUnit, "", normal),
		}, []want{{2.5, FlagHigh, false}, {2.4, FlagNone, true}, {1.0, FlagNone, false}}},
		{"a lab's reading between the two ranges, and one under both", []Resource{
			inr("lab1", "6301-6", "2026-10-27", "1.6", fhirUnit, "", normal, treatment),
			inr("lab2", "6301-6", "2026-11-27", "0.8", fhirUnit, "", normal, treatment),
			inr("lab3", "6301-6", "2026-12-01", "3.9", fhirUnit, "", normal, treatment),
		}, []want{{1.6, FlagNone, false}, {0.8, FlagLow, false}, {3.9, FlagHigh, true}}},
		{"the record's interpretation decides first", []Resource{
			inr("lab1", "6301-6", "2026-10-27", "2.4", fhirUnit, "H", normal, treatment),
		}, []want{{2.4, FlagHigh, true}}},
		{"the normal range alone still flags", []Resource{
			inr("lab1", "6301-6", "2026-10-27", "2.4", fhirUnit, "", normal),
		}, []want{{2.4, FlagHigh, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Results(NewSet(tc.recs, nil))
			if len(ss) != 1 {
				for _, se := range ss {
					t.Logf("series %q (%s) %q, %d readings", se.Name, se.Specimen, se.Unit, se.Len())
				}
				t.Fatalf("%d series, want one INR chart", len(ss))
			}
			se := ss[0]
			if se.Len() != len(tc.want) {
				t.Fatalf("%d readings, want %d", se.Len(), len(tc.want))
			}
			for i, w := range tc.want {
				p := se.At(i)
				if p.V != w.v || p.Flag != w.flag || p.Range.Therapeutic != w.ther {
					t.Errorf("reading %d: %v %q therapeutic %v (range %v–%v); want %v %q %v", i, p.V, p.Flag, p.Range.Therapeutic, deref(p.Range.Low), deref(p.Range.High), w.v, w.flag, w.ther)
				}
			}
			if p := se.At(0); p.V == 1.6 && p.Range.Text != "0.9–1.2 (normal range); 2–3 (therapeutic range)" {
				t.Errorf("1.6: range in words %q", p.Range.Text)
			}
			if got := PlainName(se.Code, se.Name); got != "INR" {
				t.Errorf("name %q, want INR", got)
			}
		})
	}
}
